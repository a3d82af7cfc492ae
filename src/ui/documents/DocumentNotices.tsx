/**
 * The notices about where the work is kept, above the canvas until dealt with: storage refuses to
 * save (persistent: it stays until a write succeeds), a saved graph could not be read (with its raw
 * text to download), and another tab on the same document.
 */
import { renderIssue } from '../../i18n/renderIssue';
import { kairoStore, useKairo } from '../../store/index';
import { saveGraphFile } from '../fileActions';
import { useT } from '../useT';
import { appDocumentSession } from './appSession';
import { downloadText } from '../download';
import { rawTextFileName } from './download';

export async function downloadRawText(documentId: string | null): Promise<void> {
  const text = await appDocumentSession().rawText(documentId);
  if (text !== undefined) downloadText(rawTextFileName(), text);
}

function StorageNotice() {
  const t = useT();
  const problem = useKairo((state) => state.storageProblem);
  if (!problem) return null;
  return (
    <div className="doc-notice doc-notice--error" role="alert" data-testid="storage-notice" data-code={problem.code}>
      <p title={problem.detail}>
        <strong>{t(`reliability.storage.${problem.code}`)}</strong> {t('reliability.storage.advice')}
      </p>
      <div className="doc-notice-actions">
        <button type="button" className="btn btn--primary" onClick={() => void saveGraphFile()} data-testid="storage-save">
          {t('reliability.storage.saveFile')}
        </button>
        {problem.code === 'STORAGE_QUOTA' ? (
          <button type="button" className="btn" onClick={() => kairoStore.getState().openRecent(true)} data-testid="storage-free-space">
            {t('reliability.storage.freeSpace')}
          </button>
        ) : null}
        <button type="button" className="btn" onClick={() => appDocumentSession().retry()} data-testid="storage-retry">
          {t('reliability.storage.retry')}
        </button>
      </div>
    </div>
  );
}

function UnreadableNotice() {
  const t = useT();
  const unreadable = useKairo((state) => state.unreadable);
  const language = useKairo((state) => state.language);
  if (!unreadable) return null;
  return (
    <div className="doc-notice doc-notice--warning" role="alert" data-testid="unreadable-notice">
      <p>
        <strong>{t('reliability.unreadable.title')}</strong> {t('reliability.unreadable.explain')}
      </p>
      {unreadable.issues.length > 0 ? (
        <ul className="doc-notice-issues" data-testid="unreadable-issues">
          {unreadable.issues.slice(0, 3).map((issue, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of problems, never reordered.
            <li key={index} data-code={issue.code}>
              <code>{issue.code}</code> {renderIssue(issue, language)}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="doc-notice-actions">
        <button type="button" className="btn btn--primary" onClick={() => void downloadRawText(unreadable.documentId)} data-testid="unreadable-download">
          {t('reliability.download')}
        </button>
        <button type="button" className="btn" onClick={() => kairoStore.getState().setUnreadable(null)} data-testid="unreadable-dismiss">
          {t('reliability.dismiss')}
        </button>
      </div>
    </div>
  );
}

function OtherTabNotice() {
  const t = useT();
  const otherTab = useKairo((state) => state.otherTab);
  if (!otherTab) return null;
  return (
    <div className="doc-notice" role="status" data-testid="other-tab-notice" data-kind={otherTab}>
      <p>{t(`reliability.otherTab.${otherTab}`)}</p>
      <div className="doc-notice-actions">
        <button type="button" className="btn" onClick={() => kairoStore.getState().setOtherTab(null)} data-testid="other-tab-dismiss">
          {t('reliability.dismiss')}
        </button>
      </div>
    </div>
  );
}

export function DocumentNotices() {
  return (
    <div className="doc-notices">
      <StorageNotice />
      <UnreadableNotice />
      <OtherTabNotice />
    </div>
  );
}
