/** The editor's dialogs: example gallery, share link, keyboard shortcuts. One open at a time. */
import { useState } from 'react';
import { kairoStore, useKairo } from '../../store/index';
import { useT } from '../useT';
import { Modal } from './Modal';
import { PresetGallery } from './PresetGallery';

const close = () => kairoStore.getState().openDialog(null);

function ShareDialog() {
  const t = useT();
  const link = useKairo((state) => state.shareLink) ?? '';
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <Modal title={t('share.title')} onClose={close} closeLabel={t('share.close')} testId="share-dialog">
      <p className="muted">{t('share.explain')}</p>
      <div className="share-row">
        <input
          type="text"
          readOnly
          value={link}
          onFocus={(event) => event.target.select()}
          aria-label={t('share.title')}
          data-testid="share-link"
        />
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => {
            navigator.clipboard.writeText(link).then(
              () => setCopyState('copied'),
              () => setCopyState('failed'),
            );
          }}
          data-testid="share-copy"
        >
          {t('share.copy')}
        </button>
      </div>
      <p className="small muted" role="status">
        {copyState === 'copied'
          ? t('share.copied')
          : copyState === 'failed'
            ? t('share.copyFailed')
            : t('share.length', { count: link.length })}
      </p>
    </Modal>
  );
}

const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

function HelpOverlay() {
  const t = useT();
  const rows: [string[], string][] = [
    [[MOD, 'Z'], t('help.undo')],
    [[MOD, 'Shift', 'Z'], t('help.redo')],
    [[MOD, 'Y'], t('help.redo')],
    [['Delete'], t('help.delete')],
    [['Backspace'], t('help.delete')],
    [[MOD, 'D'], t('help.duplicate')],
    [[MOD, 'C'], t('help.copy')],
    [[MOD, 'V'], t('help.paste')],
    [[MOD, 'A'], t('help.selectAll')],
    [['Shift', t('help.click')], t('help.multiSelect')],
    [['Shift', t('help.drag')], t('help.boxSelect')],
    [['F'], t('help.fitView')],
    [['?'], t('help.help')],
    [['Esc'], t('help.escape')],
  ];
  return (
    <Modal title={t('help.title')} onClose={close} closeLabel={t('help.close')} testId="help-overlay">
      <table className="shortcuts">
        <tbody>
          {rows.map(([keys, action]) => (
            <tr key={`${keys.join('+')}:${action}`}>
              <td>
                {keys.map((key, index) => (
                  <span key={key}>
                    {index > 0 ? ' + ' : ''}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </td>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">{t('help.tips')}</p>
    </Modal>
  );
}

export function Dialogs() {
  const dialog = useKairo((state) => state.dialog);
  if (dialog === 'presets') return <PresetGallery />;
  if (dialog === 'share') return <ShareDialog />;
  if (dialog === 'help') return <HelpOverlay />;
  return null;
}
