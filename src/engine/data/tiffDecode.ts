/**
 * TIFF, common in microscopy, decoded with UTIF (utif2, MIT, the decoder Photopea uses): no browser
 * decodes TIFF with createImageBitmap, so the worker and the CLI both come here. The first page
 * only; 16-bit samples are reduced to 8 bits as UTIF does (the high byte), without a contrast
 * stretch, so a dim 12-bit camera image stays dim.
 */
import * as UTIF from 'utif2';

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes. */
  rgba: Uint8Array;
}

/** Throws when the bytes are not a TIFF UTIF can decode. */
export function decodeTiff(bytes: Uint8Array): RgbaImage {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const pages = UTIF.decode(buffer);
  const first = pages[0];
  if (!first) throw new Error('the TIFF has no image');
  UTIF.decodeImage(buffer, first);
  if (!(first.width > 0 && first.height > 0)) throw new Error('the TIFF image has no size');
  return { width: first.width, height: first.height, rgba: UTIF.toRGBA8(first) };
}
