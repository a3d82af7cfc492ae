/**
 * The training panel's Step tab: one sample, one update, slowly. For the chosen input and target
 * class the worker computes one step of backpropagation with TensorFlow.js; this shows it stage
 * by stage — forward (u and z of every layer), backward (δ from the loss back, formula B), update
 * (∂E/∂w = δ z, formula A, and Δw = −ε δ z) — with the formula of each stage beside it, numbers
 * for small layers and heat maps for big ones. "Apply" changes the model's weights by Δw and shows
 * the loss of the sample before and after.
 */
import { useEffect, useState } from 'react';
import { getNodeDefinition } from '../../../nodes/index';
import type { BackpropStep, StepLayer } from '../../engine/inspect/backpropStep';
import { localized } from '../../i18n/index';
import { useKairo } from '../../store/index';
import type { BackpropStepOutcome } from '../../worker/inspect';
import { describeEngineMessage } from '../training/trainingText';
import { trainingSession } from '../training/useTrainingSession';
import { useLanguage, useT } from '../useT';
import { inputForWorker, inputKey } from './insideInput';
import { describeInsideFailure } from './insideText';
import { InputPicker } from './InputPicker';
import { formatValue } from './numberText';
import { StepValues } from './StepValues';
import './inside.css';

type Stage = 'forward' | 'backward' | 'update';
const STAGES: readonly Stage[] = ['forward', 'backward', 'update'];

function LayerCard({ layer, stage }: { layer: StepLayer; stage: Stage }) {
  const t = useT();
  const language = useLanguage();
  const title = localized(getNodeDefinition(layer.type)?.title, language) || layer.type;
  const id = (quantity: string) => `step-${layer.nodeId}-${quantity}`;
  const parts: React.ReactNode[] = [];
  if (stage === 'forward') {
    parts.push(<StepValues key="input" view={layer.input} symbol={t('inside.step.symbol.input')} label={t('inside.step.label.input')} testId={id('input')} />);
    if (layer.u) parts.push(<StepValues key="u" view={layer.u} symbol="u" label={t('inside.step.label.u')} testId={id('u')} />);
    parts.push(<StepValues key="z" view={layer.z} symbol="z" label={t('inside.step.label.z')} testId={id('z')} />);
    for (const weight of layer.weights) {
      parts.push(<StepValues key={weight.name} view={weight.value} symbol={weight.name === 'bias' ? 'b' : 'w'} label={t('inside.step.label.weight', { name: weight.name })} testId={id(`${weight.name}-value`)} />);
    }
  } else if (stage === 'backward') {
    parts.push(<StepValues key="gradZ" view={layer.gradZ} symbol="∂E/∂z" label={t('inside.step.label.gradZ')} testId={id('gradZ')} />);
    if (layer.delta) parts.push(<StepValues key="delta" view={layer.delta} symbol="δ" label={t('inside.step.label.delta')} testId={id('delta')} />);
  } else {
    for (const weight of layer.weights) {
      const symbol = weight.name === 'bias' ? 'b' : 'w';
      parts.push(
        <StepValues key={`${weight.name}-g`} view={weight.gradient} symbol={`∂E/∂${symbol}`} label={t('inside.step.label.gradient', { name: weight.name })} testId={id(`${weight.name}-gradient`)} />,
        <StepValues key={`${weight.name}-d`} view={weight.update} symbol={`Δ${symbol}`} label={t('inside.step.label.update', { name: weight.name })} testId={id(`${weight.name}-update`)} />,
      );
    }
  }
  return (
    <article className="step-card" data-testid={`step-layer-${layer.nodeId}`} aria-label={layer.nodeId}>
      <header className="step-card-head">
        <b>{layer.nodeId}</b>
        <span className="muted small">
          {title}
          {layer.activation ? ` · f = ${layer.activation}` : ''}
        </span>
      </header>
      {parts}
    </article>
  );
}

function Formulas({ stage, step }: { stage: Stage; step: BackpropStep }) {
  const t = useT();
  const lines =
    stage === 'forward'
      ? [t('inside.step.formula.weightedSum'), t('inside.step.formula.activation'), t('inside.step.formula.loss')]
      : stage === 'backward'
        ? [t('inside.step.formula.outputDelta'), t('inside.step.formula.B'), t('inside.step.formula.gradZ')]
        : [t('inside.step.formula.A'), t('inside.step.formula.update', { rate: formatValue(step.learningRate) })];
  return (
    <div className="step-formulas" data-testid="step-formulas" data-stage={stage}>
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}

/** One empty list for every render without a model: a fresh [] from a selector re-renders forever (React #185). */
const NO_CLASSES: readonly string[] = [];

export function StepPanel() {
  const t = useT();
  const ready = useKairo((state) => state.modelReady);
  const training = useKairo((state) => state.run.status === 'training' || state.run.status === 'paused' || state.run.status === 'loading');
  const input = useKairo((state) => state.insideInput);
  const classNames = useKairo((state) => state.model?.plan.classNames ?? NO_CLASSES);
  const model = useKairo((state) => state.model);
  const [stage, setStage] = useState<Stage>('forward');
  const [target, setTarget] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<BackpropStepOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const key = inputKey(input);

  // A new input or model: the shown step no longer belongs to it, and its target is its own label.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` and `model` mark a new input or model.
  useEffect(() => {
    setOutcome(null);
    setTarget(null);
  }, [key, model]);

  const run = async (apply: boolean) => {
    setBusy(true);
    const call = { input: inputForWorker(input), apply, ...(target === null ? {} : { label: target }) };
    const result = await trainingSession.ask<BackpropStepOutcome>((api) => api.backpropStep(call));
    setBusy(false);
    setOutcome(result);
  };

  if (!ready) {
    return (
      <div className="step-panel">
        <p className="tp-note" data-testid="step-unavailable">
          {t('inside.step.needsModel')}
        </p>
      </div>
    );
  }

  const step = outcome?.ok ? outcome.step : null;
  // Backward runs from the loss back; the update concerns only the layers that have weights.
  const layers = !step
    ? []
    : stage === 'backward'
      ? [...step.layers].reverse()
      : stage === 'update'
        ? step.layers.filter((layer) => layer.weights.length > 0)
        : step.layers;
  return (
    <div className="step-panel" data-testid="step-panel" data-state={busy ? 'computing' : step ? 'ready' : outcome ? 'failed' : 'empty'}>
      <div className="step-controls">
        <InputPicker testId="step-input" />
        <label className="step-target">
          {t('inside.step.target')}
          <select
            value={target ?? ''}
            onChange={(event) => setTarget(event.target.value === '' ? null : Number(event.target.value))}
            data-testid="step-target"
          >
            <option value="">{t('inside.step.targetOwn')}</option>
            {classNames.map((name, index) => (
              <option key={name} value={index}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void run(false)} data-testid="step-compute">
          {t('inside.step.compute')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy || training || !step}
          onClick={() => void run(true)}
          title={training ? t('inside.step.applyWhileTraining') : t('inside.step.applyTitle')}
          data-testid="step-apply"
        >
          {t('inside.step.apply')}
        </button>
        {step ? (
          <span className="step-loss" data-testid="step-loss" data-value={step.loss} data-after={step.lossAfter ?? ''}>
            {step.lossAfter === undefined
              ? t('inside.step.loss', { loss: formatValue(step.loss) })
              : t('inside.step.lossAfter', { loss: formatValue(step.loss), after: formatValue(step.lossAfter) })}
          </span>
        ) : null}
      </div>
      {outcome && !outcome.ok ? (
        <p className="tp-note tp-note--error" data-code={outcome.failure.code}>
          {describeInsideFailure(outcome.failure, t, describeEngineMessage)}
        </p>
      ) : null}
      {!step ? (
        <p className="tp-note">{t('inside.step.empty')}</p>
      ) : (
        <>
          <div className="step-stages" role="tablist" aria-label={t('inside.step.stages')}>
            {STAGES.map((name, index) => (
              <button
                type="button"
                role="tab"
                key={name}
                aria-selected={stage === name}
                className={`tp-tab${stage === name ? ' is-active' : ''}`}
                onClick={() => setStage(name)}
                data-testid={`step-stage-${name}`}
              >
                {index + 1}. {t(`inside.step.stage.${name}`)}
              </button>
            ))}
          </div>
          <Formulas stage={stage} step={step} />
          {step.algorithm !== 'sgd' ? <p className="muted small">{t('inside.step.otherOptimizer', { algorithm: step.algorithm })}</p> : null}
          <div className="step-layers" role="tabpanel">
            {stage !== 'backward' ? null : (
              <article className="step-card step-card--output" data-testid="step-output">
                <header className="step-card-head">
                  <b>{t('inside.step.outputTitle')}</b>
                </header>
                <StepValues view={step.prediction} symbol="y" label={t('inside.step.label.prediction')} testId="step-prediction" />
                <StepValues view={step.target} symbol="t" label={t('inside.step.label.target')} testId="step-target-row" />
              </article>
            )}
            {layers.map((layer) => (
              <LayerCard key={layer.nodeId} layer={layer} stage={stage} />
            ))}
          </div>
          <p className="muted small">{t('inside.step.inference')}</p>
        </>
      )}
    </div>
  );
}
