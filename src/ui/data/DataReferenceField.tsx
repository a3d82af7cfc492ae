/**
 * The inspector's view of the dataset node's `data` param: the data it names (name, classes with
 * their counts, a short fingerprint), whether this browser has it, and the way to choose data. A
 * reference is never typed by hand: it comes from an import, a stored data set or a built-in table.
 */
import type { DataReference } from '../../graph/dataReference';
import { isPlaceholder, referenceCounts } from '../../graph/dataReference';
import { formatCount } from '../../i18n/index';
import { kairoStore, useKairo } from '../../store/index';
import { useT } from '../useT';
import { useNodeDataStatus } from './useDataStatus';

function shortFingerprint(reference: DataReference): string {
  return reference.fingerprint.replace(/^sha256:/, '').slice(0, 12);
}

export function DataReferenceField({ nodeId, label }: { nodeId: string; label: string }) {
  const t = useT();
  const language = useKairo((state) => state.language);
  const status = useNodeDataStatus(nodeId);
  const reference = 'reference' in status ? status.reference : undefined;
  const counts = reference ? referenceCounts(reference) : undefined;
  return (
    <div className="field data-ref" data-testid="data-reference" data-state={status.state}>
      <span className="field-label">
        <span>{label}</span>
      </span>
      {reference && counts && !isPlaceholder(reference) ? (
        <div className="data-ref-card">
          <strong data-testid="data-reference-name">{reference.name}</strong>
          <span className="muted small">
            {t(reference.kind === 'images' ? 'data.kind.images' : 'data.kind.table')} ·{' '}
            {t('data.ref.counts', { train: formatCount(counts.train, language), test: counts.test > 0 ? formatCount(counts.test, language) : '—' })}
          </span>
          <span className="data-ref-classes" title={reference.classNames.join(', ')}>
            {reference.classNames
              .map((name, index) => `${name} (${formatCount(reference.trainCounts[index] ?? 0, language)})`)
              .join(', ')}
          </span>
          {reference.fingerprint.startsWith('sha256:') ? (
            <code className="data-ref-fingerprint" title={reference.fingerprint}>
              {shortFingerprint(reference)}
            </code>
          ) : null}
        </div>
      ) : (
        <p className="muted small">{t('data.ref.none')}</p>
      )}
      {status.state === 'missing' ? (
        <p className="field-error" data-code="DATA_NOT_STORED">
          {status.other
            ? t('data.ref.otherSize', { name: status.reference.name })
            : t('engine.DATA_NOT_STORED', { name: status.reference.name })}
        </p>
      ) : null}
      <button type="button" className="btn" onClick={() => kairoStore.getState().openDataView(nodeId)} data-testid="data-reference-choose">
        {t(status.state === 'ready' || status.state === 'builtin' ? 'data.ref.view' : 'data.ref.choose')}
      </button>
    </div>
  );
}
