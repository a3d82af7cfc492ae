/**
 * Fitting decoded RGBA pixels into the square the model takes, for where no canvas exists (the CLI,
 * unit tests): the rectangles of imageFit.ts, resampled by area averaging (each target pixel is the
 * coverage-weighted mean of the source pixels under it), which is what a browser's high-quality
 * downscale approximates. Upscaling (a source smaller than the square) degenerates to a blend of
 * the one or two nearest pixels. Transparent pixels count as black. Pure; no tfjs.
 */
import { type FitMode, fitRectangles, greyOf } from './imageFit';

/** Weights of the source samples under each target sample along one axis: [first source index, weights…] per target. */
function axisWeights(sourceStart: number, sourceLength: number, targetLength: number, sourceLimit: number): { first: number; weights: number[] }[] {
  const scale = sourceLength / targetLength;
  const rows: { first: number; weights: number[] }[] = [];
  for (let t = 0; t < targetLength; t++) {
    let from = sourceStart + t * scale;
    let to = from + scale;
    if (to - from < 1) {
      // Upscaling: a one-pixel window centred on the sample point.
      const centre = (from + to) / 2;
      from = centre - 0.5;
      to = centre + 0.5;
    }
    from = Math.max(0, from);
    to = Math.min(sourceLimit, to);
    const first = Math.floor(from);
    const weights: number[] = [];
    let total = 0;
    for (let s = first; s < to; s++) {
      const weight = Math.min(s + 1, to) - Math.max(s, from);
      weights.push(weight);
      total += weight;
    }
    rows.push({ first, weights: weights.map((weight) => weight / (total || 1)) });
  }
  return rows;
}

/**
 * `rgba` (width × height, 4 bytes a pixel) fitted into a size × size square with `channels`
 * bytes a pixel (3: RGB, 1: grey), written into `out` at `offset`.
 */
export function fitPixels(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  size: number,
  mode: FitMode,
  channels: 1 | 3,
  out: Uint8Array,
  offset = 0,
): void {
  const { source, target } = fitRectangles(width, height, size, mode);
  const left = Math.round(target.x);
  const top = Math.round(target.y);
  const targetWidth = Math.max(1, Math.round(target.width));
  const targetHeight = Math.max(1, Math.round(target.height));
  const columns = axisWeights(source.x, source.width, targetWidth, width);
  const rows = axisWeights(source.y, source.height, targetHeight, height);

  // Horizontal pass over the source rows the vertical pass needs: RGB premultiplied by alpha (over black).
  const firstRow = rows[0]?.first ?? 0;
  const lastRow = rows.reduce((last, row) => Math.max(last, row.first + row.weights.length), firstRow);
  const band = new Float32Array((lastRow - firstRow) * targetWidth * 3);
  for (let y = firstRow; y < lastRow; y++) {
    for (let x = 0; x < targetWidth; x++) {
      const column = columns[x] as { first: number; weights: number[] };
      let red = 0;
      let green = 0;
      let blue = 0;
      for (let k = 0; k < column.weights.length; k++) {
        const at = (y * width + column.first + k) * 4;
        const weight = (column.weights[k] as number) * ((rgba[at + 3] as number) / 255);
        red += (rgba[at] as number) * weight;
        green += (rgba[at + 1] as number) * weight;
        blue += (rgba[at + 2] as number) * weight;
      }
      const at = ((y - firstRow) * targetWidth + x) * 3;
      band[at] = red;
      band[at + 1] = green;
      band[at + 2] = blue;
    }
  }

  out.fill(0, offset, offset + size * size * channels);
  for (let y = 0; y < targetHeight; y++) {
    const row = rows[y] as { first: number; weights: number[] };
    for (let x = 0; x < targetWidth; x++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      for (let k = 0; k < row.weights.length; k++) {
        const at = ((row.first + k - firstRow) * targetWidth + x) * 3;
        const weight = row.weights[k] as number;
        red += (band[at] as number) * weight;
        green += (band[at + 1] as number) * weight;
        blue += (band[at + 2] as number) * weight;
      }
      const outX = left + x;
      const outY = top + y;
      if (outX < 0 || outY < 0 || outX >= size || outY >= size) continue;
      const pixel = outY * size + outX;
      if (channels === 1) {
        out[offset + pixel] = greyOf(red, green, blue);
      } else {
        out[offset + pixel * 3] = Math.round(red);
        out[offset + pixel * 3 + 1] = Math.round(green);
        out[offset + pixel * 3 + 2] = Math.round(blue);
      }
    }
  }
}
