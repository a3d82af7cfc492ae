/**
 * Decoding image files where there is no createImageBitmap (the CLI, unit tests): JPEG with
 * jpeg-js, PNG with pngjs, TIFF with utif2 — pure JavaScript, pinned. WebP, GIF and BMP are not
 * decoded here (the browser decodes them): such files are skipped with the reason 'notDecodable',
 * so a folder that trains in the browser may have fewer images in the CLI, and the CLI says which.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { FitMode } from './imageFit';
import { imageFormatOf } from './imageFormat';
import type { SkipReason } from './imageLayout';
import { fitPixels } from './resample';
import { decodeTiff, type RgbaImage, TiffTooLargeError } from './tiffDecode';

/** Formats this module decodes. */
export const NODE_DECODABLE = ['jpeg', 'png', 'tiff'] as const;

/** Larger images are refused rather than decoded (jpeg-js would need gigabytes for them). */
const MAX_MEGAPIXELS = 100;

function decodeRgba(bytes: Uint8Array): RgbaImage | SkipReason {
  const format = imageFormatOf(bytes);
  if (format === undefined) return 'notImage';
  try {
    switch (format) {
      case 'jpeg': {
        const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 2048 });
        return { width: image.width, height: image.height, rgba: image.data };
      }
      case 'png': {
        const image = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        return { width: image.width, height: image.height, rgba: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength) };
      }
      case 'tiff':
        return decodeTiff(bytes);
      default:
        return 'notDecodable';
    }
  } catch (error) {
    if (error instanceof TiffTooLargeError) return 'tooLarge';
    return error instanceof Error && /maxResolutionInMP|maxMemoryUsageInMB/.test(error.message) ? 'tooLarge' : 'damaged';
  }
}

/**
 * One image file fitted into size × size × channels bytes at `offset` of `out`; the reason it was
 * skipped when it could not be.
 */
export function decodeImageInto(
  bytes: Uint8Array,
  size: number,
  mode: FitMode,
  channels: 1 | 3,
  out: Uint8Array,
  offset: number,
): SkipReason | undefined {
  if (bytes.length === 0) return 'empty';
  const image = decodeRgba(bytes);
  if (typeof image === 'string') return image;
  if (image.width * image.height > MAX_MEGAPIXELS * 1_000_000) return 'tooLarge';
  fitPixels(image.rgba, image.width, image.height, size, mode, channels, out, offset);
  return undefined;
}
