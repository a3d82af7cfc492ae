/** The top bar's Recent button: opens the list of kept graphs. */
import { kairoStore } from '../../store/index';
import { ToolbarButton } from '../chrome/ToolbarIcon';
import { useT } from '../useT';

export function RecentButton() {
  const t = useT();
  return (
    <ToolbarButton
      icon="recent"
      label={t('reliability.recent.button')}
      title={t('reliability.recent.buttonTitle')}
      onClick={() => kairoStore.getState().openRecent(true)}
      testId="action-recent"
    />
  );
}
