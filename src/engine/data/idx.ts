import { DatasetError } from './datasetError';

/**
 * IDX is the file format MNIST ships in: a big-endian header (magic number, then one 32-bit size
 * per dimension) followed by the raw unsigned bytes. The parsers below check every header field
 * and the exact byte length, and throw a `DatasetError` naming the file otherwise.
 */

/** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
export const IDX_IMAGES_MAGIC = 2051;
/** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
export const IDX_LABELS_MAGIC = 2049;

const IMAGES_HEADER_BYTES = 16;
const LABELS_HEADER_BYTES = 8;

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes, row-major; a view into the given buffer (no copy). */
  pixels: Uint8Array;
}

export interface IdxLabels {
  count: number;
  /** A view into the given buffer (no copy). */
  labels: Uint8Array;
}

/** Bytes in the IDX format, as read from a file or a download. */
export type IdxBytes = ArrayBuffer | Uint8Array;

function asBytes(buffer: IdxBytes): Uint8Array {
  return buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
}

function readHeader(bytes: Uint8Array, file: string, headerBytes: number, magic: number): DataView {
  // A gzip file that was not decompressed is the most likely wrong input; it has its own code.
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new DatasetError('IDX_GZIPPED', { file });
  }
  if (bytes.length < headerBytes) {
    throw new DatasetError('IDX_HEADER_TRUNCATED', { file, expected: headerBytes, found: bytes.length });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0, false);
  if (found !== magic) throw new DatasetError('IDX_BAD_MAGIC', { file, expected: magic, found });
  return view;
}

function checkLength(bytes: Uint8Array, file: string, expected: number): void {
  if (bytes.length < expected) throw new DatasetError('IDX_TRUNCATED', { file, expected, found: bytes.length });
  if (bytes.length > expected) throw new DatasetError('IDX_TOO_LONG', { file, expected, found: bytes.length });
}

/** Parses an IDX image file (magic 2051); throws `DatasetError` when the header or length is wrong. */
export function parseIdxImages(buffer: IdxBytes, name: string): IdxImages {
  const bytes = asBytes(buffer);
  const view = readHeader(bytes, name, IMAGES_HEADER_BYTES, IDX_IMAGES_MAGIC);
  const count = view.getUint32(4, false);
  const rows = view.getUint32(8, false);
  const cols = view.getUint32(12, false);
  if (rows === 0 || cols === 0) throw new DatasetError('IDX_BAD_DIMENSIONS', { file: name, rows, cols });
  const expected = IMAGES_HEADER_BYTES + count * rows * cols;
  checkLength(bytes, name, expected);
  return { count, rows, cols, pixels: bytes.subarray(IMAGES_HEADER_BYTES, expected) };
}

/**
 * Parses an IDX label file (magic 2049); every label must be at most `maxLabel` (9 for digits).
 * Throws `DatasetError` when the header, length or a label is wrong.
 */
export function parseIdxLabels(buffer: IdxBytes, name: string, maxLabel = 9): IdxLabels {
  const bytes = asBytes(buffer);
  const view = readHeader(bytes, name, LABELS_HEADER_BYTES, IDX_LABELS_MAGIC);
  const count = view.getUint32(4, false);
  const expected = LABELS_HEADER_BYTES + count;
  checkLength(bytes, name, expected);
  const labels = bytes.subarray(LABELS_HEADER_BYTES, expected);
  for (let i = 0; i < count; i++) {
    const label = labels[i] as number;
    if (label > maxLabel) throw new DatasetError('IDX_BAD_LABEL', { file: name, max: maxLabel, label, index: i });
  }
  return { count, labels };
}

/** Writes images (count × rows × cols bytes) as an IDX image file; for fixtures and exports. */
export function encodeIdxImages(pixels: Uint8Array, count: number, rows: number, cols: number): Uint8Array<ArrayBuffer> {
  if (pixels.length !== count * rows * cols) {
    // A caller's mistake (fixtures, exports), not a user's file: a plain error is enough.
    throw new RangeError(`encodeIdxImages: expected ${count}×${rows}×${cols} = ${count * rows * cols} pixels, found ${pixels.length}`);
  }
  const bytes = new Uint8Array(IMAGES_HEADER_BYTES + pixels.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, IDX_IMAGES_MAGIC, false);
  view.setUint32(4, count, false);
  view.setUint32(8, rows, false);
  view.setUint32(12, cols, false);
  bytes.set(pixels, IMAGES_HEADER_BYTES);
  return bytes;
}

/** Writes labels as an IDX label file; for fixtures and exports. */
export function encodeIdxLabels(labels: Uint8Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(LABELS_HEADER_BYTES + labels.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, IDX_LABELS_MAGIC, false);
  view.setUint32(4, labels.length, false);
  bytes.set(labels, LABELS_HEADER_BYTES);
  return bytes;
}
