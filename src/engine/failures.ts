/**
 * What the engine tells the user, as data: a code and the values its sentence needs. The sentences
 * live in src/i18n/engine.en.ts and engine.ja.ts (key `engine.<CODE>`); the UI renders them in the
 * current language, the CLI in English. A technical detail (a tfjs or network error as the browser
 * worded it) travels as the var `detail`, for a "details" tooltip, never as the sentence itself.
 */
import { formatBytes, largestLayer, type MemoryEstimate } from '../graph/limits';

export const ENGINE_MESSAGE_CODES = [
  // Training runs
  'NON_FINITE_LOSS',
  'WEBGL_CONTEXT_LOST',
  'TRAINING_FAILED',
  'OUT_OF_MEMORY',
  'EMPTY_TRAINING_SET',
  'RUN_IN_PROGRESS',
  'BAD_EPOCHS',
  // Runtime calls (evaluate, predict, test samples)
  'NO_MODEL',
  'NO_DATA',
  'BUSY_TRAINING',
  'EVALUATION_FAILED',
  'PREDICTION_FAILED',
  'SAMPLE_SIZE_MISMATCH',
  'SAMPLE_NOT_DRAWABLE',
  'TEST_SAMPLE_MISSING',
  // The graph against the loaded data
  'DATA_SHAPE_MISMATCH',
  'CLASS_NOT_IN_DATA',
  'CLASS_COUNT_MISMATCH',
  'NO_TRAINING_SAMPLES',
  'TOO_FEW_TO_SPLIT',
  'TRAIN_SUBSET_CLAMPED',
  // Loading a data set
  'DATA_PACKAGE_MISSING',
  'DATA_FILE_MISSING',
  'DATA_NOT_FOUND',
  'DATA_HTTP_ERROR',
  'DATA_UNREACHABLE',
  'DATA_DOWNLOAD_BROKE_OFF',
  'DATA_DOWNLOAD_TRUNCATED',
  'DATA_WEB_PAGE',
  'DATA_NOT_GZIP',
  'DATA_LOAD_CANCELLED',
  'DATA_LOAD_FAILED',
  'DATA_WRONG_DIMENSIONS',
  'DATA_COUNT_MISMATCH',
  'IDX_GZIPPED',
  'IDX_HEADER_TRUNCATED',
  'IDX_BAD_MAGIC',
  'IDX_TRUNCATED',
  'IDX_TOO_LONG',
  'IDX_BAD_DIMENSIONS',
  'IDX_BAD_LABEL',
  // Your own data: image folders and zips, tables (sentences in src/i18n/data.*.ts)
  'DATA_TOO_FEW_CLASSES',
  'DATA_EMPTY_CLASS',
  'DATA_TEST_CLASS_UNKNOWN',
  'DATA_TOO_LARGE',
  'DATA_NOT_STORED',
  'DATA_STORE_QUOTA',
  'DATA_STORE_FAILED',
  'DATA_IMAGE_UNREADABLE',
  'DATA_ZIP_BROKEN',
  'DATA_ZIP_TOO_LARGE',
  'DATA_ZIP_TOO_MANY_FILES',
  'DATA_TABLE_UNREADABLE',
  'DATA_TABLE_EMPTY',
  'DATA_TABLE_BAD_HEADER',
  'DATA_TABLE_DUPLICATE_COLUMN',
  'DATA_TABLE_RAGGED',
  'DATA_TABLE_NO_COLUMN',
  'DATA_TABLE_ONE_CLASS',
  'DATA_TABLE_TOO_MANY_CLASSES',
  'DATA_TABLE_NO_NUMERIC',
  'DATA_TABLE_UNLABELLED',
  'DATA_TABLE_ROWS_DROPPED',
  'DATA_TABLE_ROWS_FILLED',
  // The training worker
  'WORKER_LOAD_FAILED',
  'WORKER_START_FAILED',
  'WORKER_STARTUP_TIMEOUT',
  'WORKER_CRASHED',
  'WORKER_MESSAGE_ERROR',
  'WORKER_STOPPED',
  'WORKER_FORCE_STOPPED',
  'WORKER_PROTOCOL_MISMATCH',
  'WORKER_CALL_FAILED',
] as const;

export type EngineMessageCode = (typeof ENGINE_MESSAGE_CODES)[number];

export type MessageVars = Readonly<Record<string, string | number>>;

/** One thing the engine says: its code and the values the sentence is filled with. */
export interface EngineMessage<Code extends EngineMessageCode = EngineMessageCode> {
  code: Code;
  vars: MessageVars;
}

/** The dictionary key of a code's sentence. */
export type EngineMessageKey = `engine.${EngineMessageCode}`;

export function engineMessageKey(code: EngineMessageCode): EngineMessageKey {
  return `engine.${code}`;
}

export function engineMessage<Code extends EngineMessageCode>(code: Code, vars: MessageVars = {}): EngineMessage<Code> {
  return { code, vars };
}

/** A caught error as a short technical string (kept as the var `detail`, not shown as the sentence). */
export function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** "32×32×3", "4": a sample shape as the messages write it. */
export function formatShape(shape: readonly number[]): string {
  return shape.map((dim) => (dim < 0 ? '?' : String(dim))).join('×');
}

/**
 * How each backend says it ran out of memory: WebAssembly aborts ("Aborted(). Build with
 * -sASSERTIONS…", "Cannot enlarge memory"), WebGL reports GL_OUT_OF_MEMORY or cannot make a texture,
 * and plain JavaScript cannot allocate an ArrayBuffer.
 */
const OUT_OF_MEMORY_WORDING = [
  /\bAborted\(/,
  /\bout of memory\b/i,
  /\bOOM\b/,
  /Cannot enlarge memory/i,
  /Array buffer allocation failed/i,
  /Invalid typed array length/i,
  /GL_OUT_OF_MEMORY/,
  /Failed to (?:allocate|create)[\w ]*(?:texture|buffer|memory)/i,
];

/** Whether an error from tfjs (any backend) means the engine ran out of memory. */
export function isOutOfMemory(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return OUT_OF_MEMORY_WORDING.some((pattern) => pattern.test(text));
}

/**
 * OUT_OF_MEMORY in plain words: how much the graph needs per batch, which node needs most, and
 * (in the sentence) what to try. The backend's own words stay as `detail`.
 */
export function outOfMemoryMessage(memory: MemoryEstimate | undefined, error: unknown): EngineMessage<'OUT_OF_MEMORY'> {
  const largest = memory && largestLayer(memory);
  return engineMessage('OUT_OF_MEMORY', {
    estimate: memory ? formatBytes(memory.totalBytes) : '?',
    batch: memory?.batchSize ?? '?',
    node: largest?.nodeId ?? '?',
    nodeEstimate: largest ? formatBytes(largest.weightBytes + largest.activationBytes) : '?',
    detail: errorDetail(error),
  });
}
