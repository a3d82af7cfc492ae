/**
 * After Stop, while the worker is still busy with a batch (or a preparation step) past the grace
 * period: says so, and offers to end the worker, saying beforehand what that loses.
 */
import { useKairo } from '../../store/index';
import '../documents/documents.css';
import { useT } from '../useT';
import { trainingSession } from './useTrainingSession';

export function ForceStopOffer() {
  const t = useT();
  const request = useKairo((state) => state.stopRequest.status);
  const busy = useKairo((state) => state.run.status === 'loading' || state.run.status === 'training' || state.run.status === 'paused');
  if (!busy || request === 'none') return null;
  if (request === 'waiting') {
    return (
      <span className="tp-stopping" title={t('reliability.stop.waiting')} data-testid="training-stopping">
        {t('reliability.stop.waiting')}
      </span>
    );
  }
  return (
    <>
      <span className="tp-stopping" role="alert" title={t('reliability.stop.overdue')} data-testid="training-stop-overdue">
        {t('reliability.stop.overdue')}
      </span>
      <button type="button" className="btn btn--danger" onClick={() => trainingSession.forceStop()} title={t('reliability.stop.forceTitle')} data-testid="training-force-stop">
        {t('reliability.stop.force')}
      </button>
    </>
  );
}
