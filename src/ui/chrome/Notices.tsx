/** The load-error panel (what was wrong with a file or link) and the transient status line. */
import { useEffect } from 'react';
import { kairoStore, useKairo } from '../../store/index';
import { ProblemList } from '../ProblemList';
import { useT } from '../useT';

const TOAST_MS = 4500;

export function LoadErrorPanel() {
  const t = useT();
  const error = useKairo((state) => state.loadError);
  if (!error) return null;
  const source =
    error.source === 'file' ? t('files.errorFile') : error.source === 'link' ? t('files.errorLink') : t('files.errorSaved');
  return (
    <div className="load-error" role="alert" data-testid="load-error">
      <div className="load-error-head">
        <strong>
          {t('files.errorTitle', { source })}
          {error.name ? ` — ${error.name}` : ''}
        </strong>
        <button
          type="button"
          className="icon-close"
          onClick={() => kairoStore.getState().showLoadError(null)}
          aria-label={t('files.dismiss')}
          data-testid="load-error-dismiss"
        >
          ×
        </button>
      </div>
      <ProblemList issues={error.issues} testId="load-error-issues" showNode />
      <p className="small muted">{t('files.errorKept')}</p>
    </div>
  );
}

export function Toast() {
  const toast = useKairo((state) => state.toast);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => kairoStore.getState().dismissToast(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast ? (
        <div className={`toast toast--${toast.tone}`} data-testid="toast" data-kind={toast.kind}>
          {toast.text}
        </div>
      ) : null}
    </div>
  );
}
