/**
 * Decoding images in the worker: `createImageBitmap` (JPEG, PNG, WebP, GIF's first frame, BMP —
 * whatever the browser decodes) with resize options, so a huge photo is scaled down while it is
 * decoded rather than held at full size, then drawn into the square on an OffscreenCanvas by the
 * rectangles of imageFit.ts. TIFF goes through utif2 and the pure resampler (no browser decodes it).
 * Never on the main thread.
 */
import { fitRectangles, rgbaToChannels } from './imageFit';
import type { ImageDecoder, ImageSettings } from './imageImport';
import { imageFormatOf } from './imageFormat';
import type { SkipReason } from './imageLayout';
import { fitPixels } from './resample';
import { decodeTiff, TiffTooLargeError } from './tiffDecode';

/** Files larger than this are not decoded (a browser would hold the whole decoded picture). */
export const MAX_IMAGE_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The bitmap to draw from: for 'squash' already the square; otherwise scaled to about twice the
 * square on its shorter side, keeping the aspect ratio (the canvas then does the last step).
 */
async function decodeScaled(blob: Blob, settings: ImageSettings): Promise<ImageBitmap> {
  const { size, fit } = settings;
  if (fit === 'squash') return createImageBitmap(blob, { resizeWidth: size, resizeHeight: size, resizeQuality: 'high' });
  const first = await createImageBitmap(blob, { resizeWidth: size * 2, resizeQuality: 'high' });
  const needed = fit === 'crop' ? Math.min(first.width, first.height) : Math.max(first.width, first.height);
  if (needed >= size) return first;
  // A very wide picture: width 2·size left its height too small to crop from; scale by height instead.
  first.close();
  return createImageBitmap(blob, { resizeHeight: size * 2, resizeQuality: 'high' });
}

/** A decoder for `ImageImport` that writes size × size × channels bytes per image. */
export function browserImageDecoder(settings: ImageSettings): ImageDecoder {
  const { size, channels, fit } = settings;
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('OffscreenCanvas 2D is not available');
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';

  return async (bytes, out, offset): Promise<SkipReason | undefined> => {
    if (bytes.length === 0) return 'empty';
    if (bytes.length > MAX_IMAGE_FILE_BYTES) return 'tooLarge';
    const format = imageFormatOf(bytes);
    if (format === undefined) return 'notImage';
    if (format === 'tiff') {
      try {
        const image = decodeTiff(bytes);
        fitPixels(image.rgba, image.width, image.height, size, fit, channels, out, offset);
        return undefined;
      } catch (error) {
        return error instanceof TiffTooLargeError ? 'tooLarge' : 'damaged';
      }
    }
    let bitmap: ImageBitmap;
    try {
      bitmap = await decodeScaled(new Blob([bytes as Uint8Array<ArrayBuffer>]), settings);
    } catch {
      return 'damaged';
    }
    try {
      // Synchronous from here: concurrent decodes cannot draw over one another.
      const { source, target } = fitRectangles(bitmap.width, bitmap.height, size, fit);
      context.clearRect(0, 0, size, size);
      context.drawImage(bitmap, source.x, source.y, source.width, source.height, target.x, target.y, target.width, target.height);
      rgbaToChannels(context.getImageData(0, 0, size, size).data, channels, out, offset);
      return undefined;
    } finally {
      bitmap.close();
    }
  };
}
