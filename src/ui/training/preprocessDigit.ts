/**
 * Turns a hand-drawn digit into an MNIST-like square image of the model's input size, the way the
 * MNIST digits themselves were made: crop to the ink's bounding box, scale (anti-aliased) so the
 * longer side fills 20/28 of the field keeping the aspect ratio (20 px of 28 for MNIST), then place
 * it so that its centre of mass sits at the centre. A network trained on MNIST only recognises
 * digits prepared like that; a raw downscale of the whole pad (digit small, off-centre) is
 * classified far worse. Pure: no DOM, so it is unit-tested in Node.
 */

/** MNIST fits every digit into a 20×20 box inside its 28×28 field: the share of the field a digit fills. */
export const DIGIT_BOX_FRACTION = 20 / 28;
/** Ink below this (0..1) counts as paper when finding the bounding box (anti-aliasing fringes). */
const INK_THRESHOLD = 0.02;

/** A grey image of ink amounts in [0, 1] (0 = paper), row-major. */
export interface InkImage {
  width: number;
  height: number;
  ink: ArrayLike<number>;
}

export interface DigitBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type PreprocessedDigit =
  | {
      ok: true;
      /** fieldSize × fieldSize values in [0, 1], row-major, the darkest stroke at 1. */
      pixels: Float32Array;
      /** The ink's bounding box in the source image. */
      box: DigitBox;
    }
  | { ok: false; reason: 'blank' | 'bad-size' };

/** Ink amounts from RGBA bytes (a canvas's ImageData): the alpha channel, scaled to [0, 1]. */
export function inkFromRgba(rgba: ArrayLike<number>, width: number, height: number): InkImage {
  const ink = new Float32Array(Math.max(0, width * height));
  for (let index = 0; index < ink.length; index++) ink[index] = (rgba[index * 4 + 3] ?? 0) / 255;
  return { width, height, ink };
}

function inkBoundingBox(image: InkImage): DigitBox | undefined {
  let minX = image.width;
  let minY = image.height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < image.height; y++) {
    const row = y * image.width;
    for (let x = 0; x < image.width; x++) {
      if ((image.ink[row + x] as number) > INK_THRESHOLD) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (maxX < 0) return undefined;
  return { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

/**
 * Area-averaging resample of the box to width×height: each target pixel is the mean of the source
 * area it covers (fractional overlaps weighted), which anti-aliases when shrinking and simply
 * repeats pixels when enlarging.
 */
function resampleBox(image: InkImage, box: DigitBox, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  const scaleX = box.width / width;
  const scaleY = box.height / height;
  for (let ty = 0; ty < height; ty++) {
    const y0 = ty * scaleY;
    const y1 = y0 + scaleY;
    for (let tx = 0; tx < width; tx++) {
      const x0 = tx * scaleX;
      const x1 = x0 + scaleX;
      let sum = 0;
      for (let sy = Math.floor(y0); sy < Math.min(box.height, Math.ceil(y1)); sy++) {
        const overlapY = Math.min(y1, sy + 1) - Math.max(y0, sy);
        if (overlapY <= 0) continue;
        const row = (box.y + sy) * image.width + box.x;
        for (let sx = Math.floor(x0); sx < Math.min(box.width, Math.ceil(x1)); sx++) {
          const overlapX = Math.min(x1, sx + 1) - Math.max(x0, sx);
          if (overlapX <= 0) continue;
          sum += (image.ink[row + sx] as number) * overlapX * overlapY;
        }
      }
      out[ty * width + tx] = sum / (scaleX * scaleY);
    }
  }
  return out;
}

/**
 * MNIST-style image of the drawn digit in a `fieldSize` × `fieldSize` field (the model's input
 * size); `blank` when there is no ink. Never throws.
 */
export function preprocessDigit(image: InkImage, fieldSize: number): PreprocessedDigit {
  const { width, height } = image;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || image.ink.length !== width * height) {
    return { ok: false, reason: 'bad-size' };
  }
  if (!(Number.isInteger(fieldSize) && fieldSize > 0)) return { ok: false, reason: 'bad-size' };
  const box = inkBoundingBox(image);
  if (!box) return { ok: false, reason: 'blank' };

  const boxSize = Math.max(1, Math.round(fieldSize * DIGIT_BOX_FRACTION));
  const longer = Math.max(box.width, box.height);
  const scaledWidth = Math.max(1, Math.round((box.width * boxSize) / longer));
  const scaledHeight = Math.max(1, Math.round((box.height * boxSize) / longer));
  const scaled = resampleBox(image, box, scaledWidth, scaledHeight);

  let mass = 0;
  let massX = 0;
  let massY = 0;
  let darkest = 0;
  for (let y = 0; y < scaledHeight; y++) {
    for (let x = 0; x < scaledWidth; x++) {
      const value = Math.min(1, Math.max(0, scaled[y * scaledWidth + x] as number));
      mass += value;
      massX += value * (x + 0.5);
      massY += value * (y + 0.5);
      if (value > darkest) darkest = value;
    }
  }
  if (mass <= 0 || darkest <= 0) return { ok: false, reason: 'blank' };

  // Whole-pixel shift that brings the centre of mass nearest to the field's centre.
  const centre = fieldSize / 2;
  const offsetX = Math.round(centre - massX / mass);
  const offsetY = Math.round(centre - massY / mass);
  const pixels = new Float32Array(fieldSize * fieldSize);
  for (let y = 0; y < scaledHeight; y++) {
    const fieldY = y + offsetY;
    if (fieldY < 0 || fieldY >= fieldSize) continue;
    for (let x = 0; x < scaledWidth; x++) {
      const fieldX = x + offsetX;
      if (fieldX < 0 || fieldX >= fieldSize) continue;
      const value = Math.min(1, Math.max(0, scaled[y * scaledWidth + x] as number));
      // Thin pen strokes turn grey when shrunk; MNIST's strokes reach full black, so stretch to 1.
      pixels[fieldY * fieldSize + fieldX] = value / darkest;
    }
  }
  return { ok: true, pixels, box };
}
