import { z } from './zod';

/**
 * How a graph file names the data it trains on without holding it: the dataset node's `data` param.
 * Pure and synchronous like the rest of src/graph: the analysis reads the class count and (for a
 * table) the encoded feature count from here, never from the data itself. Whether this browser (or
 * a CLI `--data` path) actually has the data is a separate question, asked where the data is.
 *
 * The layout is a contract with everything that reads graph files (the editor, the CLI, exports):
 *
 * - `kind` 'images': one folder per class; the class names are the folder names sorted by code
 *   point; the image size, colour and fit are the dataset node's own params (imageSize, color, fit).
 * - `kind` 'table': a CSV/TSV file (or a built-in table); `labelColumn` holds the class, `columns`
 *   are the feature columns in order, each encoded as one standardised number ('numeric') or as
 *   one 0/1 column per category in the listed order ('categorical').
 * - `classNames[k]` is label k; `trainCounts[k]` / `testCounts[k]` count the samples of class k in
 *   the training data and in a separate test set (an empty `testCounts`: there is none, and the
 *   dataset node's `testSplit` holds out a seeded fraction of the training data instead).
 * - `fingerprint` is 'sha256:<64 hex digits>' of the data as imported (see src/engine/data/
 *   fingerprint.ts), 'builtin:<name>' for a table that ships with Kairo, or '' in a template whose
 *   data the user has not chosen yet.
 */

/** Tables that ship with Kairo (from npm packages, offline). */
export const BUILTIN_TABLES = ['iris', 'penguins'] as const;
export type BuiltinTable = (typeof BUILTIN_TABLES)[number];

/** Labels are stored as bytes. */
export const MAX_CLASSES = 256;
export const MAX_NAME_CHARS = 200;
export const MAX_TABLE_COLUMNS = 2_000;
export const MAX_CATEGORIES = 1_000;
/** Encoded features of one table row, far above a lab's spreadsheet. */
export const MAX_TABLE_FEATURES = 20_000;

export const FINGERPRINT_PATTERN = /^(sha256:[0-9a-f]{64}|builtin:[a-z0-9-]{1,40}|)$/;

export type TableColumn = { name: string; kind: 'numeric' } | { name: string; kind: 'categorical'; categories: string[] };

interface DataReferenceBase {
  /** What people call the data: the folder, zip or file name. */
  name: string;
  fingerprint: string;
  classNames: string[];
  trainCounts: number[];
  testCounts: number[];
}

export interface ImageDataReference extends DataReferenceBase {
  kind: 'images';
}

export interface TableDataReference extends DataReferenceBase {
  kind: 'table';
  /** Set for a table that ships with Kairo; absent for the user's own file. */
  builtin?: BuiltinTable;
  labelColumn: string;
  columns: TableColumn[];
  /** Rows (training and test) with a label but a missing feature value: dropped or filled as the node says. */
  incompleteRows: number;
}

export type DataReference = ImageDataReference | TableDataReference;
export type DataKind = DataReference['kind'];

const nameSchema = z.string().min(1).max(MAX_NAME_CHARS);
const countSchema = z.number().int().min(0).max(100_000_000);

const baseShape = {
  name: z.string().max(MAX_NAME_CHARS),
  fingerprint: z.string().regex(FINGERPRINT_PATTERN),
  classNames: z.array(nameSchema).min(2).max(MAX_CLASSES),
  trainCounts: z.array(countSchema).max(MAX_CLASSES),
  testCounts: z.array(countSchema).max(MAX_CLASSES),
};

const columnSchema = z.discriminatedUnion('kind', [
  z.strictObject({ name: nameSchema, kind: z.literal('numeric') }),
  z.strictObject({ name: nameSchema, kind: z.literal('categorical'), categories: z.array(z.string().max(MAX_NAME_CHARS)).min(1).max(MAX_CATEGORIES) }),
]);

const dataReferenceSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('images'), ...baseShape }),
    z.strictObject({
      kind: z.literal('table'),
      ...baseShape,
      builtin: z.enum(BUILTIN_TABLES).optional(),
      labelColumn: nameSchema,
      columns: z.array(columnSchema).min(1).max(MAX_TABLE_COLUMNS),
      incompleteRows: countSchema,
    }),
  ])
  .refine((ref) => new Set(ref.classNames).size === ref.classNames.length)
  .refine((ref) => ref.trainCounts.length === ref.classNames.length)
  .refine((ref) => ref.testCounts.length === 0 || ref.testCounts.length === ref.classNames.length)
  .refine((ref) => ref.kind !== 'table' || tableFeatureCount(ref) <= MAX_TABLE_FEATURES);

/** Whether `value` is a well-formed data reference (strict: no unknown fields). */
export function isDataReference(value: unknown): value is DataReference {
  return dataReferenceSchema.safeParse(value).success;
}

/** Numbers per table row after encoding: one per numeric column, one per category of a categorical one. */
export function tableFeatureCount(ref: Pick<TableDataReference, 'columns'>): number {
  return ref.columns.reduce((sum, column) => sum + (column.kind === 'numeric' ? 1 : column.categories.length), 0);
}

/** A template's placeholder: the data has not been chosen yet (its shape and classes are only an example). */
export function isPlaceholder(ref: DataReference): boolean {
  return ref.fingerprint === '';
}

/** Samples in the training data and in a separate test set. */
export function referenceCounts(ref: DataReference): { train: number; test: number } {
  const sum = (counts: readonly number[]) => counts.reduce((total, count) => total + count, 0);
  return { train: sum(ref.trainCounts), test: sum(ref.testCounts) };
}

/**
 * The identity of referenced data: the same key names the same samples encoded the same way (for
 * a table the label column and the feature columns are part of it). A placeholder has none.
 */
export function dataIdentity(ref: DataReference): string | undefined {
  if (isPlaceholder(ref)) return undefined;
  if (ref.kind === 'images') return `images:${ref.fingerprint}`;
  return `table:${ref.fingerprint}:${JSON.stringify([ref.labelColumn, ref.columns])}`;
}
