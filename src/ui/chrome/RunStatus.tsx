/**
 * The run's state in the top bar, so the bar never says "Ready to train" while a run is on: preparing,
 * training with its progress, paused, finished; marked when the graph has changed since. A button:
 * it opens the training panel.
 */
import { kairoStore, useKairo } from '../../store/index';
import { selectResultIsStale } from '../../store/runStatus';
import { useT } from '../useT';

export function RunStatus() {
  const t = useT();
  const status = useKairo((state) => state.run.status);
  const word = useKairo((state) => (state.run.status === 'done' ? state.run.result : state.run.status));
  const percent = useKairo((state) =>
    state.run.status === 'training' || state.run.status === 'paused' ? Math.floor(state.run.progress.fraction * 100) : null,
  );
  const stale = useKairo(selectResultIsStale) && status !== 'idle' && status !== 'loading';
  if (status === 'idle') return null;
  const text = `${t(`training.status.${word}`)}${percent !== null && status === 'training' ? ` ${percent}%` : ''}`;
  return (
    <button
      type="button"
      className={`run-status run-status--${status}${stale ? ' is-stale' : ''}`}
      onClick={() => kairoStore.getState().setTrainingPanelOpen(true)}
      title={t('training.show')}
      data-testid="topbar-run"
      data-status={status}
      data-stale={stale}
    >
      <span className="run-status-dot" aria-hidden="true" />
      {text}
      {stale ? <span className="run-status-stale"> · {t('editor.stale.status')}</span> : null}
    </button>
  );
}
