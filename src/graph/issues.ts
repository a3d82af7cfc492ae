/**
 * Every problem Kairo reports about a graph or a graph file has a code from this one table, so the
 * canvas can put it on the right node and tests can assert codes rather than wording.
 */
export const ISSUE_CODES = {
  // Loading a file (parseGraphFile)
  FILE_TOO_LARGE: 'error',
  NOT_JSON: 'error',
  WRONG_FORMAT: 'error',
  INVALID_VERSION: 'error',
  VERSION_TOO_NEW: 'error',
  MIGRATION_FAILED: 'error',
  INVALID_FILE: 'error',
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
  // Checking a graph (validateGraph / inferShapes)
  PORT_KIND_MISMATCH: 'error',
  MISSING_INPUT: 'error',
  WRONG_RANK: 'error',
  INVALID_SHAPE: 'error',
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
  // Compiling a checked graph to tfjs (compileGraph): tfjs refused it, or disagreed with shape inference.
  COMPILE_FAILED: 'error',
  LOSS_ACTIVATION_MISMATCH: 'warning',
  // A `__proto__`, `constructor` or `prototype` key in a file: dropped, never applied.
  IGNORED_KEY: 'warning',
} as const;

export type IssueCode = keyof typeof ISSUE_CODES;
export type Severity = 'error' | 'warning';

/** One problem: where it is (node, port, param) and what is wrong, in words a user can act on. */
export interface Issue {
  code: IssueCode;
  severity: Severity;
  message: string;
  nodeId?: string;
  edgeId?: string;
  port?: string;
  param?: string;
}

export function makeIssue(
  code: IssueCode,
  message: string,
  where: Omit<Issue, 'code' | 'severity' | 'message'> = {},
): Issue {
  return { code, severity: ISSUE_CODES[code], message, ...where };
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}
