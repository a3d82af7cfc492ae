/**
 * Recent: every graph kept in this browser — opened, edited or received by link — most recently
 * saved first, each with its last versions. Opening one keeps the current graph in the list; a
 * version opens as a new document; one Kairo cannot read offers its raw text for download.
 */
import { useEffect, useState } from 'react';
import { formatCount, type Language, localized } from '../../i18n/index';
import type { DocumentSummary, StoredVersion } from '../../storage/documents';
import { listDocuments, listVersions } from '../../storage/documents';
import { kairoStore, useKairo } from '../../store/index';
import { Modal } from '../chrome/Modal';
import { useT } from '../useT';
import { appDocumentSession } from './appSession';
import { downloadRawText } from './DocumentNotices';
import './documents.css';

const close = () => kairoStore.getState().openRecent(false);

function formatTime(time: number, language: Language): string {
  return new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(time);
}

type ListState = { status: 'loading' } | { status: 'failed'; reason: string } | { status: 'ready'; documents: DocumentSummary[] };

function Versions({ documentId }: { documentId: string }) {
  const t = useT();
  const language = useKairo((state) => state.language);
  const revision = useKairo((state) => state.documentsRevision);
  const [versions, setVersions] = useState<StoredVersion[] | null>(null);
  useEffect(() => {
    let live = true;
    void revision;
    void listVersions(documentId).then((result) => {
      if (live) setVersions(result.ok ? result.value : []);
    });
    return () => {
      live = false;
    };
  }, [documentId, revision]);
  if (!versions) return <p className="muted small">{t('reliability.recent.loading')}</p>;
  return (
    <ul className="recent-versions" data-testid="recent-versions">
      {versions.map((version) => (
        <li key={version.id} data-testid="recent-version" data-version-id={version.id}>
          <span>{formatTime(version.savedAt, language)}</span>
          <span className="muted">{t('reliability.recent.nodes', { count: formatCount(version.nodeCount, language) })}</span>
          <button
            type="button"
            className="btn btn--small"
            onClick={() => {
              if (version.id === undefined) return;
              void appDocumentSession().openVersion(version.id).then((opened) => opened && close());
            }}
            data-testid="recent-version-open"
          >
            {t('reliability.recent.openVersion')}
          </button>
        </li>
      ))}
    </ul>
  );
}

function DocumentRow({ document, current }: { document: DocumentSummary; current: boolean }) {
  const t = useT();
  const language = useKairo((state) => state.language);
  const [showVersions, setShowVersions] = useState(false);
  const title = localized(document.title, language) || t('reliability.recent.untitled');
  return (
    <li
      className={`recent-item${current ? ' is-current' : ''}${document.readable ? '' : ' is-unreadable'}`}
      data-testid="recent-item"
      data-document-id={document.id}
      data-current={current}
      data-readable={document.readable}
    >
      <div className="recent-item-head">
        <span className="recent-title" data-testid="recent-title">
          {title}
        </span>
        <span className="recent-origin">{t(`reliability.origin.${document.origin}`)}</span>
      </div>
      <div className="recent-item-facts muted small">
        {t('reliability.recent.saved', { time: formatTime(document.updatedAt, language) })}
        {document.readable ? ` · ${t('reliability.recent.nodes', { count: formatCount(document.nodeCount, language) })}` : ''}
      </div>
      {document.readable ? (
        <div className="recent-item-actions">
          {current ? (
            <span className="recent-here">{t('reliability.recent.here')}</span>
          ) : (
            <button
              type="button"
              className="btn btn--small btn--primary"
              onClick={() => void appDocumentSession().openStored(document.id).then((opened) => opened && close())}
              data-testid="recent-open"
            >
              {t('reliability.recent.open')}
            </button>
          )}
          <button type="button" className="btn btn--small" onClick={() => setShowVersions(!showVersions)} aria-expanded={showVersions} data-testid="recent-versions-toggle">
            {showVersions ? t('reliability.recent.hideVersions') : t('reliability.recent.versions')}
          </button>
        </div>
      ) : (
        <div className="recent-item-actions">
          <span className="small">{t('reliability.recent.unreadable', { codes: (document.problems ?? []).join(', ') })}</span>
          <button type="button" className="btn btn--small btn--primary" onClick={() => void downloadRawText(document.id)} data-testid="recent-download">
            {t('reliability.download')}
          </button>
        </div>
      )}
      {showVersions ? <Versions documentId={document.id} /> : null}
    </li>
  );
}

export function RecentDialog() {
  const t = useT();
  const open = useKairo((state) => state.recentOpen);
  const revision = useKairo((state) => state.documentsRevision);
  const currentId = useKairo((state) => state.documentId);
  const [list, setList] = useState<ListState>({ status: 'loading' });
  useEffect(() => {
    if (!open) return;
    let live = true;
    void revision;
    void listDocuments().then((result) => {
      if (!live) return;
      setList(result.ok ? { status: 'ready', documents: result.value } : { status: 'failed', reason: t(`reliability.storage.${result.error.code}`) });
    });
    return () => {
      live = false;
    };
  }, [open, revision, t]);
  if (!open) return null;
  return (
    <Modal title={t('reliability.recent.title')} onClose={close} closeLabel={t('reliability.recent.close')} wide testId="recent-dialog">
      <p className="muted">{t('reliability.recent.explain')}</p>
      {list.status === 'loading' ? <p className="muted">{t('reliability.recent.loading')}</p> : null}
      {list.status === 'failed' ? <p role="alert">{t('reliability.recent.failed', { reason: list.reason })}</p> : null}
      {list.status === 'ready' && list.documents.length === 0 ? <p>{t('reliability.recent.empty')}</p> : null}
      {list.status === 'ready' ? (
        <ul className="recent-list" data-testid="recent-list">
          {list.documents.map((document) => (
            <DocumentRow key={document.id} document={document} current={document.id === currentId} />
          ))}
        </ul>
      ) : null}
    </Modal>
  );
}
