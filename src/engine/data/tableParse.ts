/**
 * A CSV or TSV file as a table of text cells, parsed by Papa Parse (quotes, embedded delimiters and
 * line breaks, BOMs, the delimiter guessed), then checked: a header row and at least one data row,
 * every row as long as the header (a ragged file names its first uneven rows), column names unique.
 * Also what the data view shows about each column: numbers or categories, range, gaps.
 */
import Papa from 'papaparse';
import { MAX_NAME_CHARS } from '../../graph/dataReference';
import { DatasetError } from './datasetError';
import { compareCodePoints } from './imageLayout';

export interface RawTable {
  /** Column names, in file order. */
  headers: string[];
  /** Data rows, each with one trimmed cell per column. */
  rows: string[][];
}

/** Cells that mean "no value" (compared case-insensitively): the usual spellings of R, pandas, SAS and spreadsheets. */
const MISSING_CELLS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '.']);

export function isMissingCell(cell: string): boolean {
  return MISSING_CELLS.has(cell.trim().toLowerCase());
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The number a cell holds, or undefined (a missing cell, or text). */
export function cellNumber(cell: string): number | undefined {
  const text = cell.trim();
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** How many uneven rows a refusal names. */
const RAGGED_SHOWN = 5;

/** Parses CSV/TSV text (delimiter guessed; `.tsv` files use tabs). Throws `DatasetError`. */
export function parseTable(text: string, fileName: string): RawTable {
  const result = Papa.parse<string[]>(text, {
    delimiter: /\.tsv$/i.test(fileName) ? '\t' : '',
    skipEmptyLines: 'greedy',
  });
  const quoteError = result.errors.find((error) => error.type === 'Quotes');
  if (quoteError) {
    throw new DatasetError('DATA_TABLE_UNREADABLE', { file: fileName, row: (quoteError.row ?? 0) + 1, detail: quoteError.message });
  }
  const [header, ...rows] = result.data;
  if (!header || rows.length === 0) throw new DatasetError('DATA_TABLE_EMPTY', { file: fileName, rows: rows.length });
  const headers = header.map((cell, index) => cell.trim() || `column ${index + 1}`);
  const long = headers.find((name) => name.length > MAX_NAME_CHARS);
  if (long !== undefined) throw new DatasetError('DATA_TABLE_BAD_HEADER', { file: fileName, column: `${long.slice(0, 40)}…` });
  const seen = new Set<string>();
  for (const name of headers) {
    if (seen.has(name)) throw new DatasetError('DATA_TABLE_DUPLICATE_COLUMN', { file: fileName, column: name });
    seen.add(name);
  }
  const ragged: number[] = [];
  let found = 0;
  rows.forEach((row, index) => {
    if (row.length === headers.length) return;
    if (ragged.length === 0) found = row.length;
    // Line numbers as a spreadsheet shows them: the header is line 1.
    ragged.push(index + 2);
  });
  if (ragged.length > 0) {
    const shown = ragged.slice(0, RAGGED_SHOWN).join(', ') + (ragged.length > RAGGED_SHOWN ? ', …' : '');
    throw new DatasetError('DATA_TABLE_RAGGED', { file: fileName, rows: shown, count: ragged.length, expected: headers.length, found });
  }
  return { headers, rows: rows.map((row) => row.map((cell) => cell.trim())) };
}

export type ColumnSummary =
  | { name: string; kind: 'numeric'; missing: number; min: number; max: number; mean: number }
  | { name: string; kind: 'categorical'; missing: number; categories: { value: string; count: number }[] };

/** A column is numeric when every cell that is not missing holds a number (and at least one does). */
export function summarizeColumn(table: RawTable, column: number): ColumnSummary {
  const name = table.headers[column] as string;
  let missing = 0;
  let numeric = true;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let numbers = 0;
  const counts = new Map<string, number>();
  for (const row of table.rows) {
    const cell = row[column] ?? '';
    if (isMissingCell(cell)) {
      missing++;
      continue;
    }
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
    const value = numeric ? cellNumber(cell) : undefined;
    if (value === undefined) {
      numeric = false;
      continue;
    }
    min = Math.min(min, value);
    max = Math.max(max, value);
    sum += value;
    numbers++;
  }
  if (numeric && numbers > 0) return { name, kind: 'numeric', missing, min, max, mean: sum / numbers };
  return { name, kind: 'categorical', missing, categories: sortedCategories(counts) };
}

/** Category values sorted as class names are: by number when all are numbers, else by code point. */
export function sortCategoryValues(values: readonly string[]): string[] {
  const allNumbers = values.every((value) => cellNumber(value) !== undefined);
  return [...values].sort(allNumbers ? (a, b) => (cellNumber(a) as number) - (cellNumber(b) as number) || compareCodePoints(a, b) : compareCodePoints);
}

function sortedCategories(counts: ReadonlyMap<string, number>): { value: string; count: number }[] {
  return sortCategoryValues([...counts.keys()]).map((value) => ({ value, count: counts.get(value) ?? 0 }));
}

export function summarizeTable(table: RawTable): ColumnSummary[] {
  return table.headers.map((_, column) => summarizeColumn(table, column));
}
