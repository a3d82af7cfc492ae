/**
 * The top bar's Export button: opens the export dialog. It also starts the app's model keeper
 * when the editor mounts (trained models kept after runs, restored for their graph).
 */
import { useEffect, useState } from 'react';
import { ToolbarButton } from '../chrome/ToolbarIcon';
import { useT } from '../useT';
import { modelKeeper } from './exportActions';
import { ExportDialog } from './ExportDialog';

export function ExportButton() {
  const t = useT();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    modelKeeper.start();
    return () => modelKeeper.stop();
  }, []);
  return (
    <>
      <ToolbarButton icon="export" label={t('export.button')} title={t('export.buttonTitle')} onClick={() => setOpen(true)} testId="action-export" />
      {open ? <ExportDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
