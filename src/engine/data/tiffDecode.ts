/**
 * TIFF, common in microscopy, decoded with UTIF (utif2, MIT, the decoder Photopea uses): no browser
 * decodes TIFF with createImageBitmap, so the worker and the CLI both come here. The first page
 * only; 16-bit samples are reduced to 8 bits as UTIF does (the high byte), without a contrast
 * stretch, so a dim 12-bit camera image stays dim.
 */
// The default import: utif2 is CommonJS that sets module.exports inside a closure, which Node's ESM
// loader (the CLI runs under tsx) cannot see through, so a namespace import there has no `decode`.
import UTIF from 'utif2';

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes. */
  rgba: Uint8Array;
}

/**
 * Larger TIFFs are skipped as too large before their pixels are decoded: unlike a JPEG, which the
 * browser scales while decoding, a TIFF is decoded whole (4 bytes a pixel, plus UTIF's own copy), and
 * a tiled whole-slide scan would take gigabytes. 50 megapixels is a 7,000 × 7,000 image.
 */
export const MAX_TIFF_MEGAPIXELS = 50;

/** The TIFF's first page is larger than MAX_TIFF_MEGAPIXELS. */
export class TiffTooLargeError extends Error {
  override name = 'TiffTooLargeError';
}

function tagNumber(value: unknown): number {
  return Array.isArray(value) && typeof value[0] === 'number' ? value[0] : 0;
}

/** Throws when the bytes are not a TIFF UTIF can decode; TiffTooLargeError when it is too large. */
export function decodeTiff(bytes: Uint8Array): RgbaImage {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const pages = UTIF.decode(buffer);
  const first = pages[0];
  if (!first) throw new Error('the TIFF has no image');
  // Tags 256 and 257: ImageWidth and ImageLength, read without decoding the pixels.
  if (tagNumber(first.t256) * tagNumber(first.t257) > MAX_TIFF_MEGAPIXELS * 1_000_000) throw new TiffTooLargeError('the TIFF is too large');
  UTIF.decodeImage(buffer, first);
  if (!(first.width > 0 && first.height > 0)) throw new Error('the TIFF image has no size');
  return { width: first.width, height: first.height, rgba: UTIF.toRGBA8(first) };
}
