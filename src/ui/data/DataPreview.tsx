/**
 * What the graph's data looks like before training: for images a row of thumbnails per class with
 * its count (and a warning when the classes are badly unbalanced); for a table its columns with
 * their type, range or categories, and missing values.
 */
import type { DataReference } from '../../graph/dataReference';
import type { ColumnSummary } from '../../engine/data/tableParse';
import { formatCount } from '../../i18n/index';
import type { StoredDatasetMeta } from '../../storage/datasets';
import { useKairo } from '../../store/index';
import { SampleImage } from '../training/SampleImage';
import { formatNumber } from '../training/trainingText';
import { useT } from '../useT';

/** The largest class at least this many times the smallest counts as badly unbalanced. */
export const IMBALANCE_RATIO = 3;

export function imbalance(counts: readonly number[]): { largest: number; smallest: number } | undefined {
  if (counts.length < 2) return undefined;
  const largest = counts.indexOf(Math.max(...counts));
  const smallest = counts.indexOf(Math.min(...counts));
  const big = counts[largest] ?? 0;
  const small = counts[smallest] ?? 0;
  return big >= IMBALANCE_RATIO * Math.max(1, small) ? { largest, smallest } : undefined;
}

function ImbalanceWarning({ reference }: { reference: DataReference }) {
  const t = useT();
  const language = useKairo((state) => state.language);
  const found = imbalance(reference.trainCounts);
  if (!found) return null;
  const name = (index: number) => reference.classNames[index] ?? String(index);
  const count = (index: number) => formatCount(reference.trainCounts[index] ?? 0, language);
  return (
    <p className="tp-note data-warning" role="note" data-testid="class-imbalance">
      {t('data.preview.imbalance', { small: name(found.smallest), smallCount: count(found.smallest), large: name(found.largest), largeCount: count(found.largest) })}
    </p>
  );
}

export function ClassGrid({ meta }: { meta: StoredDatasetMeta }) {
  const t = useT();
  const language = useKairo((state) => state.language);
  const image = meta.image;
  if (!image || !meta.preview) return null;
  const shape = [image.size, image.size, image.channels];
  const sampleSize = image.size * image.size * image.channels;
  return (
    <div className="data-classes" data-testid="class-grid">
      <ImbalanceWarning reference={meta.reference} />
      {meta.preview.map((row) => {
        const name = meta.reference.classNames[row.label] ?? String(row.label);
        const shown = row.pixels.length / sampleSize;
        return (
          <section key={name} className="data-class" data-testid="class-row" data-class={name} data-count={row.count}>
            <h4>
              {name} <span className="muted small">{t('data.preview.count', { count: formatCount(row.count, language) })}</span>
            </h4>
            <div className="data-thumbs">
              {Array.from({ length: shown }, (_, index) => (
                <SampleImage
                  // biome-ignore lint/suspicious/noArrayIndexKey: thumbnails of one stored data set never move.
                  key={index}
                  shape={shape}
                  pixels={row.pixels.subarray(index * sampleSize, (index + 1) * sampleSize)}
                  ink={false}
                  label={name}
                  className="data-thumb"
                />
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}

function ColumnRow({ column, role }: { column: ColumnSummary; role: 'label' | 'feature' | 'unused' }) {
  const t = useT();
  const language = useKairo((state) => state.language);
  // A built-in table's columns come from its reference alone: names and categories, no statistics.
  const counted = (value: string, count: number) => (Number.isNaN(count) ? value : `${value} (${formatCount(count, language)})`);
  const detail =
    column.kind === 'numeric'
      ? Number.isNaN(column.mean)
        ? '—'
        : t('data.columns.range', { min: formatNumber(column.min, 3), max: formatNumber(column.max, 3), mean: formatNumber(column.mean, 3) })
      : `${column.categories.slice(0, 6).map((category) => counted(category.value, category.count)).join(', ')}${column.categories.length > 6 ? ', …' : ''}`;
  return (
    <tr data-testid="table-column" data-column={column.name} data-kind={column.kind} data-role={role}>
      <th scope="row">{column.name}</th>
      <td>{t(`data.columns.kind.${column.kind}`)}</td>
      <td>{t(`data.columns.role.${role}`)}</td>
      <td>{detail}</td>
      <td>{column.missing > 0 ? formatCount(column.missing, language) : '—'}</td>
    </tr>
  );
}

/** The columns of a table: from the stored summary, or (a built-in table) from the reference alone. */
export function TableColumns({ reference, columns }: { reference: DataReference; columns?: readonly ColumnSummary[] }) {
  const t = useT();
  if (reference.kind !== 'table') return null;
  const features = new Set(reference.columns.map((column) => column.name));
  const rows: ColumnSummary[] =
    columns?.slice() ??
    reference.columns.map((column) =>
      column.kind === 'numeric'
        ? { name: column.name, kind: 'numeric', missing: 0, min: Number.NaN, max: Number.NaN, mean: Number.NaN }
        : { name: column.name, kind: 'categorical', missing: 0, categories: column.categories.map((value) => ({ value, count: Number.NaN })) },
    );
  return (
    <div className="data-columns">
      <ImbalanceWarning reference={reference} />
      <table className="data-table" data-testid="table-columns">
        <thead>
          <tr>
            <th scope="col">{t('data.columns.name')}</th>
            <th scope="col">{t('data.columns.type')}</th>
            <th scope="col">{t('data.columns.use')}</th>
            <th scope="col">{t('data.columns.values')}</th>
            <th scope="col">{t('data.columns.missing')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((column) => (
            <ColumnRow
              key={column.name}
              column={column}
              role={column.name === reference.labelColumn ? 'label' : features.has(column.name) ? 'feature' : 'unused'}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
