/**
 * The inspector's "Inside" section for the selected node, once a model has been trained (and while
 * it trains): for one chosen input, the node's output (feature maps, unit values) with its shape
 * and range, u beside z on the activation's curve, the weights as filters / templates / heat map
 * with a histogram per tensor, and the gradient chart of a trainable node. The worker computes it
 * all; this only draws. data-state (loading / ready / failed) says where the view stands.
 */
import { getNodeDefinition } from '../../../nodes/index';
import { kairoStore, useKairo } from '../../store/index';
import type { InspectNodeOutcome } from '../../worker/inspect';
import { nodeIndex } from '../selectors';
import { describeEngineMessage } from '../training/trainingText';
import { trainingSession } from '../training/useTrainingSession';
import { useT } from '../useT';
import { ActivationPlot, curveName } from './ActivationPlot';
import { GradientChart } from './GradientChart';
import { InputPicker } from './InputPicker';
import { inputForWorker, inputKey, useModelVersion, useWorkerAnswer } from './insideInput';
import { describeInsideFailure } from './insideText';
import { TensorPicture } from './TensorPicture';
import { WeightsView } from './WeightsView';
import './inside.css';

function GradientPanel({ nodeId }: { nodeId: string }) {
  const t = useT();
  const colouring = useKairo((state) => state.edgeGradients);
  return (
    <div className="inside-block" data-testid="inside-gradient">
      <h5 className="inside-block-title">{t('inside.gradientTitle')}</h5>
      <p className="muted small">{t('inside.gradientHint')}</p>
      <GradientChart series={trainingSession.layers} node={nodeId} label={t('inside.gradientLabel', { node: nodeId })} />
      <label className="inside-toggle">
        <input
          type="checkbox"
          checked={colouring}
          onChange={(event) => kairoStore.getState().setEdgeGradients(event.target.checked)}
          data-testid="inside-edge-toggle"
        />
        {t('inside.edgeToggle')}
      </label>
    </div>
  );
}

function epochWords(t: ReturnType<typeof useT>, status: string, epochsDone: number): string {
  if (status === 'training' || status === 'paused') return t('inside.duringEpoch', { epoch: epochsDone + 1 });
  return t('inside.afterEpochs', { epochs: epochsDone });
}

function InsideContent({ nodeId }: { nodeId: string }) {
  const t = useT();
  const input = useKairo((state) => state.insideInput);
  const version = useModelVersion();
  const node = useKairo((state) => nodeIndex(state.graph.nodes).get(nodeId));
  const classNames = useKairo((state) => state.model?.plan.classNames);
  const trainable = useKairo((state) => (state.model?.summary.layers.find((layer) => layer.nodeId === nodeId)?.params ?? 0) > 0);
  const status = useKairo((state) => state.run.status);
  const epochsDone = useKairo((state) =>
    state.run.status === 'done' ? state.run.history.length : state.run.status === 'training' || state.run.status === 'paused' ? state.run.progress.epoch - 1 : 0,
  );
  const key = `${nodeId}|${inputKey(input)}|${version}`;
  const { answer, pending } = useWorkerAnswer(key, () => trainingSession.ask<InspectNodeOutcome>((api) => api.inspectNode(nodeId, inputForWorker(input))));

  const state = answer === null ? 'loading' : answer.ok ? 'ready' : 'failed';
  const inside = answer?.ok ? answer.inside : null;
  const activation =
    node?.type === 'activation'
      ? { fn: String(node.params.function ?? inside?.activation ?? 'linear'), alpha: Number(node.params.alpha ?? 0.2) }
      : inside?.activation
        ? curveName(inside.activation)
        : undefined;
  const units = inside?.weights.find((weight) => weight.name === 'kernel')?.view.shape[1];
  const unitNames = classNames && units === classNames.length ? classNames : [];
  return (
    <div
      className="inside-content"
      data-testid="inside-content"
      data-state={pending && state === 'ready' ? 'refreshing' : state}
      data-input={answer?.ok && answer.input.index !== undefined ? String(answer.input.index) : input.kind}
    >
      {answer && !answer.ok ? (
        <p className="tp-note tp-note--error" data-code={answer.failure.code}>
          {describeInsideFailure(answer.failure, t, describeEngineMessage)}
        </p>
      ) : null}
      {!inside ? (
        answer === null ? <p className="muted small">{t('inside.loading')}</p> : null
      ) : (
        <>
          {activation && inside.u ? <ActivationPlot fn={activation.fn} alpha={activation.alpha} u={inside.u} z={inside.output} /> : null}
          {inside.u && inside.u.shape.length === 1 && inside.u.values && inside.u.values.length <= 64 ? (
            <TensorPicture view={inside.u} label={t('inside.u')} testId="inside-u" />
          ) : null}
          <TensorPicture view={inside.output} label={t('inside.output')} testId="inside-output" />
          <WeightsView
            weights={inside.weights}
            templateShape={inside.templateShape}
            unitNames={unitNames}
            epochLabel={epochWords(t, status, epochsDone)}
          />
        </>
      )}
      {trainable ? <GradientPanel nodeId={nodeId} /> : null}
    </div>
  );
}

export function InsideSection({ nodeId }: { nodeId: string }) {
  const t = useT();
  const ready = useKairo((state) => state.modelReady);
  const inModel = useKairo((state) => state.model?.summary.layers.some((layer) => layer.nodeId === nodeId) ?? false);
  const type = useKairo((state) => nodeIndex(state.graph.nodes).get(nodeId)?.type);
  const role = type === undefined ? undefined : getNodeDefinition(type)?.role;
  if (role === 'loss' || role === 'optimizer') return null;
  return (
    <section className="inspector-section inside" aria-label={t('inside.title')} data-testid="inside" data-node={nodeId}>
      <h4>{t('inside.title')}</h4>
      {!ready ? (
        <p className="muted small" data-testid="inside-unavailable">
          {t('inside.needsModel')}
        </p>
      ) : !inModel ? (
        <p className="muted small" data-testid="inside-unavailable">
          {t('inside.notInModel')}
        </p>
      ) : (
        <>
          <InputPicker />
          <InsideContent nodeId={nodeId} />
        </>
      )}
    </section>
  );
}
