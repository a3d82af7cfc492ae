/** The run's progress: preparation steps (with the data set's download), then epoch, batch, ETA and speed. */
import type { TrainingRun } from '../../store/index';
import { useKairo } from '../../store/index';
import { ownDataName } from '../data/dataStatus';
import { useLanguage, useT } from '../useT';
import { formatDuration, formatMegabytes, formatRate, type Translate } from './trainingText';

interface ProgressView {
  /** 0..1, or null for an indeterminate bar. */
  fraction: number | null;
  text: string;
  tone: 'active' | 'paused' | 'done' | 'failed' | 'idle';
}

function preparationText(run: Extract<TrainingRun, { status: 'loading' }>, t: Translate, ownData: string | undefined): ProgressView {
  if (run.step !== 'dataset') return { fraction: null, text: t(`training.step.${run.step}`), tone: 'active' };
  // The MNIST steps (download, cache, parse) are not what happens to a user's images or table.
  if (ownData !== undefined) return { fraction: null, text: t('data.loading', { name: ownData }), tone: 'active' };
  const progress = run.dataset;
  if (!progress) return { fraction: null, text: t('training.step.dataset'), tone: 'active' };
  if (progress.phase !== 'download') return { fraction: 1, text: t('training.step.datasetParse'), tone: 'active' };
  if (progress.fromCache) return { fraction: null, text: t('training.step.datasetCached'), tone: 'active' };
  const total = progress.total !== null && progress.total > 0 ? progress.total : null;
  if (progress.unit !== 'bytes') {
    return { fraction: total === null ? null : Math.min(1, progress.loaded / total), text: t('training.step.dataset'), tone: 'active' };
  }
  if (total === null) {
    return { fraction: null, text: t('training.step.datasetSome', { loaded: formatMegabytes(progress.loaded) }), tone: 'active' };
  }
  return {
    fraction: Math.min(1, progress.loaded / total),
    text: t('training.step.datasetBytes', { loaded: formatMegabytes(progress.loaded), total: formatMegabytes(total) }),
    tone: 'active',
  };
}

function progressView(run: TrainingRun, t: Translate, rate: (value: number) => string, ownData: string | undefined): ProgressView {
  switch (run.status) {
    case 'idle':
      return { fraction: 0, text: '', tone: 'idle' };
    case 'loading':
      return preparationText(run, t, ownData);
    case 'training':
    case 'paused': {
      const p = run.progress;
      const parts = [
        t('training.epochOf', { epoch: p.epoch, epochs: p.epochs }),
        t('training.batchOf', { batch: p.batch, batches: p.batchesPerEpoch }),
      ];
      if (p.batch > 0 || p.epoch > 1) {
        parts.push(t('training.eta', { time: formatDuration(p.etaSeconds) }));
        parts.push(t('training.speed', { rate: rate(p.samplesPerSecond) }));
      }
      return { fraction: p.fraction, text: parts.join(' · '), tone: run.status === 'paused' ? 'paused' : 'active' };
    }
    case 'done': {
      const p = run.progress;
      if (run.result === 'completed') {
        return {
          fraction: 1,
          text: t('training.finished', { time: formatDuration(p?.elapsedSeconds ?? Number.NaN) }),
          tone: 'done',
        };
      }
      return {
        fraction: p?.fraction ?? 0,
        text: p ? t('training.stoppedAt', { epoch: p.epoch, batch: p.batch }) : t('training.status.stopped'),
        tone: 'done',
      };
    }
    case 'failed':
      return { fraction: run.progress?.fraction ?? 1, text: t('training.status.failed'), tone: 'failed' };
  }
}

export function ProgressBar() {
  const t = useT();
  const language = useLanguage();
  const run = useKairo((state) => state.run);
  const evaluating = useKairo((state) => state.evaluation.status === 'running');
  const ownData = useKairo((state) => ownDataName(state.graph));
  // After a run the test set is evaluated (seconds for a CNN): a visible wait, not a silent one.
  const view: ProgressView =
    evaluating && (run.status === 'done' || run.status === 'idle')
      ? { fraction: null, text: t('training.eval.running'), tone: 'active' }
      : progressView(run, t, (value) => formatRate(value, language), ownData);
  const position = run.status === 'idle' || run.status === 'loading' ? null : run.progress;
  if (view.tone === 'idle') return null;
  const percent = view.fraction === null ? undefined : Math.round(view.fraction * 100);
  return (
    <>
      {/* A thin bar along the panel's top edge; the words sit in the head. */}
      <div
        className={`tp-progress-track tp-progress--${view.tone}${view.fraction === null ? ' is-indeterminate' : ''}`}
        role="progressbar"
        aria-label={t('training.progress')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        {/* A transform, not a width: the bar moves on the compositor without a layout pass. */}
        <div className="tp-progress-fill" style={view.fraction === null ? undefined : { transform: `scaleX(${view.fraction})` }} />
      </div>
      {/* The run's status and the last position the worker reported, from one store read, so a
          browser test sees them together (data-batch of a 'paused' run is where it paused). */}
      <div
        className={`tp-progress tp-progress--${view.tone}`}
        data-testid="training-progress"
        data-status={run.status}
        data-evaluating={evaluating}
        data-epoch={position?.epoch}
        data-batch={position?.batch}
        data-batches-per-epoch={position?.batchesPerEpoch}
      >
        <span className="tp-progress-text" data-testid="training-progress-text" title={view.text}>
          {view.text}
        </span>
      </div>
    </>
  );
}
