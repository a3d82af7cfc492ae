/**
 * Every problem Kairo reports about a graph or a graph file has a code from this one table, so the
 * canvas can put it on the right node and tests can assert codes rather than wording. A problem is
 * data — code, variables, place — and its text is rendered from the language dictionaries
 * (`renderIssue` in src/i18n), in the reader's language, only when it is shown.
 */
export const ISSUE_CODES = {
  // Reading a file (parseGraphFile): the document itself.
  FILE_TOO_LARGE: 'error',
  NOT_JSON: 'error',
  WRONG_FORMAT: 'error',
  INVALID_VERSION: 'error',
  VERSION_TOO_NEW: 'error',
  MIGRATION_FAILED: 'error',
  INVALID_FILE: 'error',
  LINK_DAMAGED: 'error',
  // A link that would inflate beyond any graph (a decompression bomb): refused while inflating.
  LINK_TOO_LARGE: 'error',
  // A `__proto__`, `constructor` or `prototype` key in a file: dropped, never applied.
  IGNORED_KEY: 'warning',
  // Nodes and wiring (analyzeGraph; a file with one of these is refused, see REFUSED_ON_LOAD).
  UNKNOWN_NODE_TYPE: 'error',
  NODE_VERSION_TOO_NEW: 'error',
  UNKNOWN_PARAM: 'error',
  INVALID_PARAM: 'error',
  DUPLICATE_NODE_ID: 'error',
  DUPLICATE_EDGE_ID: 'error',
  DANGLING_EDGE: 'error',
  UNKNOWN_PORT: 'error',
  PORT_USED_TWICE: 'error',
  CYCLE: 'error',
  // What the graph means (analyzeGraph).
  PORT_KIND_MISMATCH: 'error',
  MISSING_INPUT: 'error',
  DUPLICATE_CLASS: 'error',
  BINARY_NEEDS_TWO_CLASSES: 'error',
  // The dataset node reads images or a table but names none (variant: the source), or names data of the other kind.
  DATA_NOT_CHOSEN: 'error',
  DATA_KIND_MISMATCH: 'error',
  INVALID_TARGET_SHAPE: 'error',
  AXIS_OUT_OF_RANGE: 'error',
  WRONG_RANK: 'error',
  INVALID_SHAPE: 'error',
  WINDOW_TOO_LARGE: 'error',
  INCOMPATIBLE_SHAPES: 'error',
  LOSS_SHAPE_MISMATCH: 'error',
  MISSING_DATASET: 'error',
  MULTIPLE_DATASETS: 'error',
  MISSING_LOSS: 'error',
  MULTIPLE_LOSSES: 'error',
  MISSING_OPTIMIZER: 'error',
  MULTIPLE_OPTIMIZERS: 'error',
  DENSE_ON_IMAGE: 'warning',
  UNUSED_NODE: 'warning',
  LOSS_ACTIVATION_MISMATCH: 'warning',
  // The limits of src/graph/limits.ts: a graph that would not fit in memory is refused before training.
  TOO_MANY_PARAMS: 'error',
  OVER_MEMORY_BUDGET: 'error',
  // Building an analysed graph with tfjs (compile): tfjs refused it, or disagreed with the analysis.
  COMPILE_FAILED: 'error',
} as const;

export type IssueCode = keyof typeof ISSUE_CODES;
export type Severity = 'error' | 'warning';

/**
 * Errors that make a file unloadable: nothing the editor can draw produces them (it refuses such
 * params and wires as they are made), so a file that has one was damaged or written by hand.
 * Everything else loads, and the editor shows it on the canvas for the user to fix.
 */
export const REFUSED_ON_LOAD: ReadonlySet<IssueCode> = new Set<IssueCode>([
  'UNKNOWN_NODE_TYPE',
  'NODE_VERSION_TOO_NEW',
  'MIGRATION_FAILED',
  'UNKNOWN_PARAM',
  'INVALID_PARAM',
  'DUPLICATE_NODE_ID',
  'DUPLICATE_EDGE_ID',
  'DANGLING_EDGE',
  'UNKNOWN_PORT',
  'PORT_USED_TWICE',
  'CYCLE',
]);

/**
 * A value inside a problem that is itself words, kept as a reference and rendered in the reader's
 * language: a node type's title, a port's label, a port kind, a shape, a reason an inspector field
 * also shows, or a fixed phrase of the issue dictionary.
 */
export type IssueRef =
  | { ref: 'nodeType'; type: string }
  | { ref: 'port'; type: string; port: string }
  | { ref: 'kind'; kind: string }
  | { ref: 'shape'; shape: readonly (number | null)[] }
  | { ref: 'paramReason'; reason: string }
  | { ref: 'phrase'; phrase: string }
  | { ref: 'list'; items: readonly (string | number)[] };

export type IssueVar = string | number | IssueRef;
export type IssueVars = Readonly<Record<string, IssueVar>>;

/** What a problem says: its code, the sentence variant for that code, and the values filled in. */
export interface IssueText {
  code: IssueCode;
  /** Picks one of the code's sentences (e.g. NOT_JSON 'empty' vs 'at'); absent: the code's main one. */
  variant?: string;
  vars: IssueVars;
}

/** Where a problem is. */
export interface IssuePlace {
  nodeId?: string;
  edgeId?: string;
  port?: string;
  param?: string;
}

/** One problem: what is wrong (as data) and where. Plain JSON: it crosses the worker boundary as it is. */
export interface Issue extends IssueText, IssuePlace {
  severity: Severity;
}

export type IssueDetails = IssuePlace & { variant?: string; vars?: IssueVars };

export function makeIssue(code: IssueCode, details: IssueDetails = {}): Issue {
  const { vars = {}, variant, ...place } = details;
  const issue: Issue = { code, severity: ISSUE_CODES[code], vars };
  if (variant !== undefined) issue.variant = variant;
  for (const key of ['nodeId', 'edgeId', 'port', 'param'] as const) {
    const value = place[key];
    if (value !== undefined) issue[key] = value;
  }
  return issue;
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

// Small constructors for the references above, so producers read as sentences.
export const nodeTypeRef = (type: string): IssueRef => ({ ref: 'nodeType', type });
export const portRef = (type: string, port: string): IssueRef => ({ ref: 'port', type, port });
export const kindRef = (kind: string): IssueRef => ({ ref: 'kind', kind });
export const shapeRef = (shape: readonly (number | null)[]): IssueRef => ({ ref: 'shape', shape: [...shape] });
export const phraseRef = (phrase: string): IssueRef => ({ ref: 'phrase', phrase });
export const listRef = (items: readonly (string | number)[]): IssueRef => ({ ref: 'list', items: [...items] });

/** A value from a file as it appears inside a problem: JSON, cut short so a huge array cannot flood the screen. */
export function shownValue(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? '—' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
