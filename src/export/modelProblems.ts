/**
 * Why a model file, a weights file or a bundle was refused, or an export could not be made: a code
 * and the values its sentence names. The sentences are in src/i18n/export.en.ts / export.ja.ts
 * (`export.problem.<CODE>`); tests assert the codes.
 */
export const MODEL_PROBLEM_CODES = [
  // model.json itself
  'MODEL_FILE_TOO_LARGE',
  'MODEL_NOT_JSON',
  'MODEL_NOT_LAYERS_MODEL',
  'MODEL_MANIFEST_INVALID',
  'MODEL_WEIGHTS_TOO_LARGE',
  'MODEL_WEIGHT_DTYPE',
  // the weight files the manifest names
  'MODEL_WEIGHTS_FILE_MISSING',
  'MODEL_WEIGHTS_TRUNCATED',
  'MODEL_WEIGHTS_TOO_LONG',
  // the weights against the graph they are for
  'MODEL_WEIGHT_MISSING',
  'MODEL_WEIGHT_SHAPE',
  'MODEL_WEIGHT_UNEXPECTED',
  'MODEL_WEIGHT_NOT_FINITE',
  // building a graph from a TF.js topology
  'MODEL_TOPOLOGY_INVALID',
  'MODEL_UNKNOWN_LAYERS',
  'MODEL_LAYER_SETTING',
  'MODEL_INPUT_UNSUPPORTED',
  'MODEL_NOT_A_CLASSIFIER',
  // bundles
  'BUNDLE_NOT_ZIP',
  'BUNDLE_TOO_LARGE',
  'BUNDLE_ENTRY_MISSING',
  'BUNDLE_WRONG_FORMAT',
  'BUNDLE_TOO_NEW',
  'BUNDLE_GRAPH_INVALID',
  'BUNDLE_HISTORY_INVALID',
  // a trained model and the graph on the canvas
  'MODEL_OUT_OF_DATE',
  'MODEL_NOT_TRAINED',
  'MODEL_LOAD_FAILED',
] as const;

export type ModelProblemCode = (typeof MODEL_PROBLEM_CODES)[number];

export interface ModelProblem {
  code: ModelProblemCode;
  vars: Readonly<Record<string, string | number>>;
}

export function modelProblem(code: ModelProblemCode, vars: Record<string, string | number> = {}): ModelProblem {
  return { code, vars };
}

/** A result that is a value or the one problem that stopped it. */
export type ModelResult<T> = ({ ok: true } & T) | { ok: false; problem: ModelProblem };

export function refused(code: ModelProblemCode, vars: Record<string, string | number> = {}): { ok: false; problem: ModelProblem } {
  return { ok: false, problem: modelProblem(code, vars) };
}

/** Byte counts as people read them: 1.5 MB, 1,024 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
