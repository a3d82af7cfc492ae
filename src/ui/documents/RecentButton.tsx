/** The top bar's Recent button: opens the list of kept graphs. */
import { kairoStore } from '../../store/index';
import { useT } from '../useT';

export function RecentButton() {
  const t = useT();
  return (
    <button
      type="button"
      className="tb"
      onClick={() => kairoStore.getState().openRecent(true)}
      title={t('reliability.recent.buttonTitle')}
      data-testid="action-recent"
    >
      {t('reliability.recent.button')}
    </button>
  );
}
