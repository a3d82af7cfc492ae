/**
 * The mark on every result whose graph has changed since it was trained: the evaluation, the model
 * summary, the drawing pad. The numbers stay readable (they may still be worth comparing) but say
 * whose they are; Train brings them up to date, and Undo back to the trained graph makes them
 * current again.
 */
import { useKairo } from '../../store/index';
import { selectResultIsStale } from '../../store/runStatus';
import { useT } from '../useT';

export function useResultIsStale(): boolean {
  return useKairo(selectResultIsStale);
}

export function StaleNote({ testId = 'stale-note' }: { testId?: string }) {
  const t = useT();
  const stale = useResultIsStale();
  if (!stale) return null;
  return (
    <p className="tp-stale" role="note" data-testid={testId}>
      <span className="tp-stale-mark" aria-hidden="true">
        !
      </span>
      {t('editor.stale.results')}
    </p>
  );
}
