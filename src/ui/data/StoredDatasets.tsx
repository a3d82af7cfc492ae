/**
 * The data sets this browser holds, with their size, when they were stored and what they were
 * decoded at; "Use" puts one on the graph, "Delete" removes it (the graphs that name it keep their
 * reference and simply ask for the data again). Storage failures (quota, private mode) are shown.
 */
import { formatCount } from '../../i18n/index';
import type { StoredDatasetMeta } from '../../storage/datasets';
import { useKairo } from '../../store/index';
import { useT } from '../useT';
import { chooseStoredData, deleteDataset } from './dataActions';

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 2 : 1);
}

function StoredRow({ meta, inUse }: { meta: StoredDatasetMeta; inUse: boolean }) {
  const t = useT();
  const language = useKairo((state) => state.language);
  const { reference, image } = meta;
  const count = reference.trainCounts.reduce((sum, each) => sum + each, 0) + reference.testCounts.reduce((sum, each) => sum + each, 0);
  const shape = image ? `${image.size}×${image.size} ${t(image.channels === 1 ? 'data.import.grey' : 'data.import.rgb')} · ${t(`data.import.fit.${image.fit}`)}` : (meta.files?.train ?? '');
  return (
    <tr data-testid="stored-dataset" data-key={meta.key} data-name={reference.name} data-in-use={inUse}>
      <th scope="row">
        {reference.name}
        {inUse ? <span className="data-in-use">{t('data.stored.inUse')}</span> : null}
      </th>
      <td>{t(reference.kind === 'images' ? 'data.kind.images' : 'data.kind.table')}</td>
      <td>{t('data.stored.classes', { classes: reference.classNames.length, count: formatCount(count, language) })}</td>
      <td>{shape}</td>
      <td data-testid="stored-size">{t('data.stored.size', { megabytes: megabytes(meta.bytes) })}</td>
      <td>{new Date(meta.storedAt).toLocaleString(language === 'ja' ? 'ja-JP' : 'en-GB')}</td>
      <td className="data-actions">
        <button type="button" className="btn" disabled={inUse} onClick={() => chooseStoredData(meta)} data-testid="stored-use">
          {t('data.stored.use')}
        </button>
        <button type="button" className="btn btn--danger" onClick={() => void deleteDataset(meta.key)} data-testid="stored-delete">
          {t('data.stored.delete')}
        </button>
      </td>
    </tr>
  );
}

export function StoredDatasets({ inUseKey }: { inUseKey: string | undefined }) {
  const t = useT();
  const stored = useKairo((state) => state.storedDatasets);
  const error = useKairo((state) => state.storageError);
  const total = (stored ?? []).reduce((sum, meta) => sum + meta.bytes, 0);
  return (
    <section className="data-section" data-testid="stored-datasets" data-count={stored?.length ?? -1}>
      <h3>
        {t('data.stored.title')} <span className="muted small">{stored ? t('data.stored.total', { megabytes: megabytes(total) }) : ''}</span>
      </h3>
      {error ? (
        <p className="tp-note tp-note--error" role="alert" data-testid="storage-error" data-code={error.code} title={error.detail}>
          {t(`data.storage.${error.code}`)}
        </p>
      ) : null}
      {stored && stored.length === 0 ? <p className="muted">{t('data.stored.none')}</p> : null}
      {stored && stored.length > 0 ? (
        <table className="data-table">
          <tbody>
            {stored.map((meta) => (
              <StoredRow key={meta.key} meta={meta} inUse={meta.key === inUseKey} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
