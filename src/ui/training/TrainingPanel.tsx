/**
 * PLACEHOLDER — the training dashboard (train/pause/stop, progress, charts, confusion matrix,
 * misclassified gallery, drawing pad) replaces this file. The layout gives it the dock under the
 * canvas; it owns everything inside, reads `run` from the store and drives it from the worker.
 * The dock's open/closed state is `trainingPanelOpen` in the store.
 */
import { kairoStore, useKairo } from '../../store/index';
import { useT } from '../useT';

export function TrainingPanel() {
  const t = useT();
  const open = useKairo((state) => state.trainingPanelOpen);
  const status = useKairo((state) => state.run.status);
  return (
    <section className={`training-panel${open ? ' is-open' : ''}`} aria-label={t('training.title')} data-testid="training-panel">
      <div className="training-head">
        <button
          type="button"
          className="training-toggle"
          aria-expanded={open}
          onClick={() => kairoStore.getState().setTrainingPanelOpen(!open)}
          title={open ? t('training.hide') : t('training.show')}
        >
          <span className={`chevron${open ? ' is-open' : ''}`} aria-hidden="true" />
          {t('training.title')}
        </button>
        <span className="muted small">{status}</span>
      </div>
      {open ? (
        <div className="training-body">
          <p className="muted">{t('training.placeholder')}</p>
        </div>
      ) : null}
    </section>
  );
}
