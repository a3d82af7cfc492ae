/**
 * How an image of any size becomes a square of `size` pixels, the same in the browser (a canvas
 * draws the rectangles) and in the CLI (nodeImageDecode.ts resamples them):
 *
 * - 'squash': the whole image is stretched to the square (the aspect ratio is lost);
 * - 'crop': the largest centred square of the image is scaled to the square (the longer side's ends
 *   are cut off);
 * - 'pad': the whole image is scaled so its longer side fills the square, centred, and the rest is
 *   black (0), as `tf.image.resize_with_pad` does.
 *
 * Rectangles are in source pixels (`source`) and target pixels (`target`); fractional edges are
 * kept so both implementations agree on where the picture lands.
 */

export type FitMode = 'squash' | 'crop' | 'pad';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FitPlan {
  source: Rect;
  target: Rect;
}

export function fitRectangles(width: number, height: number, size: number, mode: FitMode): FitPlan {
  const whole: Rect = { x: 0, y: 0, width, height };
  const square: Rect = { x: 0, y: 0, width: size, height: size };
  if (mode === 'squash' || width === height) return { source: whole, target: square };
  if (mode === 'crop') {
    const side = Math.min(width, height);
    return { source: { x: (width - side) / 2, y: (height - side) / 2, width: side, height: side }, target: square };
  }
  const scale = size / Math.max(width, height);
  const targetWidth = width * scale;
  const targetHeight = height * scale;
  return {
    source: whole,
    target: { x: (size - targetWidth) / 2, y: (size - targetHeight) / 2, width: targetWidth, height: targetHeight },
  };
}

/** Luma of an sRGB pixel (ITU-R BT.601, as PIL's convert('L') and most teaching code use). */
export function greyOf(red: number, green: number, blue: number): number {
  return Math.round(0.299 * red + 0.587 * green + 0.114 * blue);
}

/**
 * RGBA bytes (alpha composited over black, as a canvas reads back a transparent pixel) into
 * `channels` bytes per pixel: 3 (RGB) or 1 (grey).
 */
export function rgbaToChannels(rgba: Uint8Array | Uint8ClampedArray, channels: 1 | 3, out: Uint8Array, offset = 0): void {
  const pixels = rgba.length / 4;
  for (let pixel = 0; pixel < pixels; pixel++) {
    const alpha = (rgba[pixel * 4 + 3] as number) / 255;
    const red = (rgba[pixel * 4] as number) * alpha;
    const green = (rgba[pixel * 4 + 1] as number) * alpha;
    const blue = (rgba[pixel * 4 + 2] as number) * alpha;
    if (channels === 1) {
      out[offset + pixel] = greyOf(red, green, blue);
    } else {
      const at = offset + pixel * 3;
      out[at] = Math.round(red);
      out[at + 1] = Math.round(green);
      out[at + 2] = Math.round(blue);
    }
  }
}
