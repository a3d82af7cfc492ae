/**
 * The top bar's Export button: opens the export dialog. It also starts the app's model keeper
 * when the editor mounts (trained models kept after runs, restored for their graph).
 */
import { useEffect, useState } from 'react';
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
      <button type="button" className="tb" onClick={() => setOpen(true)} title={t('export.buttonTitle')} data-testid="action-export">
        {t('export.button')}
      </button>
      {open ? <ExportDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
