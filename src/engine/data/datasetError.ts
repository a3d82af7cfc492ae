import { type EngineMessage, type EngineMessageCode, errorDetail, type MessageVars } from '../failures';

/** The codes a data source fails with (see failures.ts; sentences in src/i18n/engine.*.ts). */
export type DatasetErrorCode = Extract<
  EngineMessageCode,
  | `DATA_${string}`
  | `IDX_${string}`
  | 'CLASS_NOT_IN_DATA'
  | 'NO_TRAINING_SAMPLES'
  | 'TOO_FEW_TO_SPLIT'
>;

/**
 * The one error type of the data layer: a code and the values that say what was expected and what
 * was found (the file, its size, the URL). The UI and the CLI turn it into a sentence; tests and
 * callers branch on the code. `message` is only for logs and stack traces.
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  readonly code: DatasetErrorCode;
  readonly vars: MessageVars;

  constructor(code: DatasetErrorCode, vars: MessageVars = {}) {
    super(`${code} ${JSON.stringify(vars)}`);
    this.code = code;
    this.vars = vars;
  }

  /** The file the problem is about (e.g. `train-images-idx3-ubyte`), if any. */
  get file(): string | undefined {
    const file = this.vars.file;
    return typeof file === 'string' ? file : undefined;
  }

  toMessage(): EngineMessage<DatasetErrorCode> {
    return { code: this.code, vars: this.vars };
  }
}

/** Any error of a data load as a message: a DatasetError as it is, anything else as DATA_LOAD_FAILED. */
export function datasetFailureOf(error: unknown): EngineMessage<DatasetErrorCode> {
  if (error instanceof DatasetError) return error.toMessage();
  if (error instanceof DOMException && error.name === 'AbortError') return { code: 'DATA_LOAD_CANCELLED', vars: {} };
  return { code: 'DATA_LOAD_FAILED', vars: { detail: errorDetail(error) } };
}
