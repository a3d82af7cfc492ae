/**
 * A parsed table as classes and feature vectors. At import (`tableReference`): which column is the
 * label, which columns are features and how each is encoded — what the graph file records. At
 * training (`tableToDataset`), exactly, for anyone who must reproduce it elsewhere:
 *
 * 1. Rows whose label cell is missing are left out (counted in a notice).
 * 2. The test rows are the separate test file's, or a seeded stratified fraction (holdOut.ts).
 * 3. Rows with a missing feature cell: 'drop' leaves them out (train and test); 'fill' puts in the
 *    mean of the training rows' values (numeric) or their most frequent category (the first in
 *    category order on a tie).
 * 4. Numeric columns are standardised, (x − mean) / std with the mean and the population standard
 *    deviation of the training rows used (std 0 counts as 1); categorical columns become one 0/1
 *    number per category, in the reference's order (a category it does not list gives all zeros).
 */
import type { TableColumn, TableDataReference } from '../../graph/dataReference';
import { MAX_CATEGORIES, MAX_CLASSES } from '../../graph/dataReference';
import type { EngineMessage } from '../failures';
import { DatasetError } from './datasetError';
import { holdOutTest } from './holdOut';
import type { LabelledSamples } from './samples';
import type { LoadedDataset } from './source';
import { cellNumber, isMissingCell, type RawTable, sortCategoryValues, summarizeColumn } from './tableParse';

export interface TableChoice {
  name: string;
  fingerprint: string;
  labelColumn: string;
  /** Feature columns to use (default: every other column, see defaultFeatureColumns). */
  featureColumns?: readonly string[];
  builtin?: TableDataReference['builtin'];
}

/** Categorical columns with more distinct values than this are left out by default (an id, free text). */
export const MAX_DEFAULT_CATEGORIES = 50;

/** Every column but the label, except categorical ones with very many values. */
export function defaultFeatureColumns(table: RawTable, labelColumn: string): string[] {
  return table.headers.filter((name, column) => {
    if (name === labelColumn) return false;
    const summary = summarizeColumn(table, column);
    return summary.kind === 'numeric' || summary.categories.length <= MAX_DEFAULT_CATEGORIES;
  });
}

/** The label column's default: the last column whose values are not all numbers, else the last. */
export function defaultLabelColumn(table: RawTable): string {
  for (let column = table.headers.length - 1; column >= 0; column--) {
    if (summarizeColumn(table, column).kind === 'categorical') return table.headers[column] as string;
  }
  return table.headers[table.headers.length - 1] as string;
}

function columnIndex(table: RawTable, name: string): number {
  return table.headers.indexOf(name);
}

/** Where each column of `reference` sits in `table`; throws when the table lacks one. */
function columnsIn(table: RawTable, names: readonly string[], file: string): number[] {
  const missing = names.filter((name) => columnIndex(table, name) < 0);
  if (missing.length > 0) throw new DatasetError('DATA_TABLE_NO_COLUMN', { file, columns: missing.join(', ') });
  return names.map((name) => columnIndex(table, name));
}

/**
 * What the graph records about a table: classes, counts and the feature encoding. Throws
 * `DatasetError`: no such label column, one class, too many, no numeric feature column, test
 * classes the training file lacks.
 */
export function tableReference(table: RawTable, choice: TableChoice, test?: RawTable): TableDataReference {
  const file = choice.name;
  const [labelAt] = columnsIn(table, [choice.labelColumn], file) as [number];
  const featureNames = choice.featureColumns ?? defaultFeatureColumns(table, choice.labelColumn);
  const featureAt = columnsIn(table, featureNames, file);
  if (test) columnsIn(test, [choice.labelColumn, ...featureNames], `${file} (test)`);
  const both: RawTable = test ? { headers: table.headers, rows: [...table.rows, ...test.rows.map((row) => reorder(row, test, table))] } : table;

  const labels = new Set<string>();
  for (const row of table.rows) if (!isMissingCell(row[labelAt] ?? '')) labels.add(row[labelAt] as string);
  const classNames = sortCategoryValues([...labels]);
  if (classNames.length < 2) {
    throw new DatasetError('DATA_TABLE_ONE_CLASS', { file, column: choice.labelColumn, classes: classNames.join(', ') || '—' });
  }
  if (classNames.length > MAX_CLASSES) {
    throw new DatasetError('DATA_TABLE_TOO_MANY_CLASSES', { file, column: choice.labelColumn, count: classNames.length, limit: MAX_CLASSES });
  }
  if (test) {
    const unknown = new Set<string>();
    const testLabelAt = columnIndex(test, choice.labelColumn);
    for (const row of test.rows) {
      const cell = row[testLabelAt] ?? '';
      if (!isMissingCell(cell) && !labels.has(cell)) unknown.add(cell);
    }
    if (unknown.size > 0) throw new DatasetError('DATA_TEST_CLASS_UNKNOWN', { classes: [...unknown].join(', '), known: classNames.join(', ') });
  }

  const columns: TableColumn[] = featureAt.map((column) => {
    const summary = summarizeColumn(both, column);
    if (summary.kind === 'numeric') return { name: summary.name, kind: 'numeric' };
    return { name: summary.name, kind: 'categorical', categories: summary.categories.slice(0, MAX_CATEGORIES).map((category) => category.value) };
  });
  const numericColumns = columns.filter((column) => column.kind === 'numeric').length;
  if (numericColumns === 0) throw new DatasetError('DATA_TABLE_NO_NUMERIC', { file, columns: featureNames.join(', ') || '—' });

  const counts = (rows: readonly string[][], at: number) => {
    const perClass = classNames.map(() => 0);
    for (const row of rows) {
      const index = classNames.indexOf(row[at] ?? '');
      if (index >= 0) perClass[index] = (perClass[index] ?? 0) + 1;
    }
    return perClass;
  };
  let incompleteRows = 0;
  for (const row of both.rows) {
    if (isMissingCell(row[labelAt] ?? '')) continue;
    if (featureAt.some((column) => isMissingCell(row[column] ?? ''))) incompleteRows++;
  }
  return {
    kind: 'table',
    name: choice.name,
    fingerprint: choice.fingerprint,
    ...(choice.builtin ? { builtin: choice.builtin } : {}),
    classNames,
    trainCounts: counts(table.rows, labelAt),
    testCounts: test ? counts(test.rows, columnIndex(test, choice.labelColumn)) : [],
    labelColumn: choice.labelColumn,
    columns,
    incompleteRows,
  };
}

/** A test row's cells in the training table's column order. */
function reorder(row: readonly string[], from: RawTable, to: RawTable): string[] {
  return to.headers.map((name) => row[from.headers.indexOf(name)] ?? '');
}

export interface TableSettings {
  missing: 'drop' | 'fill';
  testSplit: number;
  seed: number;
}

interface LabelledRows {
  rows: string[][];
  labels: Uint8Array;
}

function labelledRows(table: RawTable, reference: TableDataReference): { labelled: LabelledRows; unlabelled: number } {
  const labelAt = columnIndex(table, reference.labelColumn);
  const rows: string[][] = [];
  const labels: number[] = [];
  let unlabelled = 0;
  for (const row of table.rows) {
    const label = reference.classNames.indexOf(row[labelAt] ?? '');
    if (label < 0) {
      unlabelled++;
      continue;
    }
    rows.push(reorder(row, table, { headers: reference.columns.map((column) => column.name), rows: [] }));
    labels.push(label);
  }
  return { labelled: { rows, labels: Uint8Array.from(labels) }, unlabelled };
}

function pick(from: LabelledRows, indices: Uint32Array): LabelledRows {
  return { rows: Array.from(indices, (index) => from.rows[index] as string[]), labels: Uint8Array.from(indices, (index) => from.labels[index] as number) };
}

function complete(split: LabelledRows): LabelledRows {
  const keep = split.rows.map((row) => !row.some(isMissingCell));
  return { rows: split.rows.filter((_, index) => keep[index]), labels: split.labels.filter((_, index) => keep[index]) };
}

interface ColumnStats {
  mean: number;
  std: number;
  /** The category filled in for a missing cell. */
  mode: string;
}

function statsOf(column: TableColumn, cells: readonly string[]): ColumnStats {
  const present = cells.filter((cell) => !isMissingCell(cell));
  if (column.kind === 'categorical') {
    const counts = new Map<string, number>();
    for (const cell of present) counts.set(cell, (counts.get(cell) ?? 0) + 1);
    const mode = column.categories.reduce((best, category) => ((counts.get(category) ?? 0) > (counts.get(best) ?? 0) ? category : best), column.categories[0] ?? '');
    return { mean: 0, std: 1, mode };
  }
  const values = present.map((cell) => cellNumber(cell) ?? 0);
  const mean = values.length > 0 ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
  const variance = values.length > 0 ? values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length : 0;
  const std = Math.sqrt(variance);
  return { mean, std: std > 0 && Number.isFinite(std) ? std : 1, mode: '' };
}

function encode(split: LabelledRows, columns: readonly TableColumn[], stats: readonly ColumnStats[], width: number): LabelledSamples {
  const features = new Float32Array(split.rows.length * width);
  split.rows.forEach((row, index) => {
    let at = index * width;
    columns.forEach((column, c) => {
      const stat = stats[c] as ColumnStats;
      const cell = isMissingCell(row[c] ?? '') ? undefined : (row[c] as string);
      if (column.kind === 'numeric') {
        const value = cell === undefined ? stat.mean : (cellNumber(cell) ?? stat.mean);
        features[at++] = (value - stat.mean) / stat.std;
      } else {
        const category = column.categories.indexOf(cell ?? stat.mode);
        if (category >= 0) features[at + category] = 1;
        at += column.categories.length;
      }
    });
  });
  return { count: split.rows.length, sampleShape: [width], features, labels: split.labels };
}

/** The table as training and test samples, encoded as the reference says (see the file comment). */
export function tableToDataset(table: RawTable, reference: TableDataReference, settings: TableSettings, test?: RawTable): LoadedDataset {
  columnsIn(table, [reference.labelColumn, ...reference.columns.map((column) => column.name)], reference.name);
  const notices: EngineMessage[] = [];
  const { labelled, unlabelled } = labelledRows(table, reference);
  let trainRows: LabelledRows;
  let testRows: LabelledRows;
  let unlabelledTotal = unlabelled;
  if (test) {
    trainRows = labelled;
    const testLabelled = labelledRows(test, reference);
    testRows = testLabelled.labelled;
    unlabelledTotal += testLabelled.unlabelled;
  } else {
    const split = holdOutTest(labelled.labels, reference.classNames.length, settings.testSplit, settings.seed);
    trainRows = pick(labelled, split.train);
    testRows = pick(labelled, split.test);
  }
  if (unlabelledTotal > 0) notices.push({ code: 'DATA_TABLE_UNLABELLED', vars: { count: unlabelledTotal, column: reference.labelColumn } });

  const incomplete = [...trainRows.rows, ...testRows.rows].filter((row) => row.some(isMissingCell)).length;
  if (settings.missing === 'drop') {
    trainRows = complete(trainRows);
    testRows = complete(testRows);
    if (incomplete > 0) notices.push({ code: 'DATA_TABLE_ROWS_DROPPED', vars: { count: incomplete } });
  } else if (incomplete > 0) {
    notices.push({ code: 'DATA_TABLE_ROWS_FILLED', vars: { count: incomplete } });
  }

  const stats = reference.columns.map((column, c) => statsOf(column, trainRows.rows.map((row) => row[c] ?? '')));
  const width = reference.columns.reduce((sum, column) => sum + (column.kind === 'numeric' ? 1 : column.categories.length), 0);
  const train = encode(trainRows, reference.columns, stats, width);
  const testSamples = encode(testRows, reference.columns, stats, width);
  return {
    description: {
      source: 'table',
      name: reference.name,
      sampleShape: [width],
      sampleKind: 'features',
      classNames: [...reference.classNames],
      trainCount: train.count,
      testCount: testSamples.count,
    },
    train,
    test: testSamples,
    notices,
  };
}
