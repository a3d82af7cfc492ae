/** What went wrong while loading or preparing a data set; tests and the UI branch on this, not on wording. */
export type DatasetErrorCode =
  /** A file is not where it should be (not installed, not served). */
  | 'missing'
  /** The download failed: network error, HTTP error status, or a web page instead of the file. */
  | 'download'
  /** The downloaded bytes are not a complete gzip stream. */
  | 'decompress'
  /** The file does not start with the IDX magic number expected for its kind. */
  | 'bad-magic'
  /** The header's dimensions are impossible or not the ones this data set needs. */
  | 'bad-header'
  /** The file is shorter than its header says. */
  | 'truncated'
  /** The file is longer than its header says. */
  | 'too-long'
  /** A label is outside the allowed range. */
  | 'bad-label'
  /** Image and label files disagree (different counts). */
  | 'mismatch'
  /** The dataset node's settings cannot be applied (duplicate classes, a split of 0, ...). */
  | 'settings';

/**
 * The one error type of the data layer. Every message names the file (when there is one), what was
 * expected and what was found, so it can be shown to the user as it is.
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  readonly code: DatasetErrorCode;
  /** The file the problem is about (e.g. `train-images-idx3-ubyte`), if any. */
  readonly file: string | undefined;

  constructor(code: DatasetErrorCode, message: string, file?: string) {
    super(message);
    this.code = code;
    this.file = file;
  }
}
