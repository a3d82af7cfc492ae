import { describe, expect, it } from 'vitest';
import { type InkImage, inkFromRgba, preprocessDigit } from '../../src/ui/training/preprocessDigit';

/** MNIST's field: the course's models take 28×28 digits. */
const DIGIT_FIELD_SIZE = 28;

/** A pad of `size`×`size` with the given rectangles inked fully. */
function pad(size: number, rects: { x: number; y: number; w: number; h: number }[]): InkImage {
  const ink = new Float32Array(size * size);
  for (const rect of rects) {
    for (let y = rect.y; y < rect.y + rect.h; y++) for (let x = rect.x; x < rect.x + rect.w; x++) ink[y * size + x] = 1;
  }
  return { width: size, height: size, ink };
}

function pixelsOf(image: InkImage, fieldSize = DIGIT_FIELD_SIZE): Float32Array {
  const result = preprocessDigit(image, fieldSize);
  if (!result.ok) throw new Error(`expected a digit, got ${result.reason}`);
  return result.pixels;
}

/** Bounding box of the non-zero pixels of a 28×28 result. */
function extent(pixels: Float32Array) {
  let minX = 99;
  let minY = 99;
  let maxX = -1;
  let maxY = -1;
  pixels.forEach((value, index) => {
    if (value <= 0) return;
    const x = index % DIGIT_FIELD_SIZE;
    const y = Math.floor(index / DIGIT_FIELD_SIZE);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  });
  return { width: maxX - minX + 1, height: maxY - minY + 1, minX, minY };
}

function centreOfMass(pixels: Float32Array) {
  let mass = 0;
  let x = 0;
  let y = 0;
  pixels.forEach((value, index) => {
    mass += value;
    x += value * ((index % DIGIT_FIELD_SIZE) + 0.5);
    y += value * (Math.floor(index / DIGIT_FIELD_SIZE) + 0.5);
  });
  return { x: x / mass, y: y / mass };
}

describe('preprocessDigit (the drawing pad, prepared like MNIST)', () => {
  it('gives 28×28 values in [0,1], the darkest at 1', () => {
    const pixels = pixelsOf(pad(200, [{ x: 60, y: 30, w: 40, h: 120 }]));
    expect(pixels).toHaveLength(784);
    expect(Math.min(...pixels)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...pixels)).toBe(1);
  });

  it('scales the longer side to 20 px and keeps the aspect ratio', () => {
    // A tall stroke 40×120 (a "1"): 20 px high, about 7 px wide.
    const tall = extent(pixelsOf(pad(200, [{ x: 60, y: 30, w: 40, h: 120 }])));
    expect(tall.height).toBe(20);
    expect(tall.width).toBe(7);
    // A wide bar 150×30: 20 px wide, 4 px high.
    const wide = extent(pixelsOf(pad(200, [{ x: 20, y: 100, w: 150, h: 30 }])));
    expect(wide.width).toBe(20);
    expect(wide.height).toBe(4);
  });

  it('enlarges a tiny drawing to the same 20 px box', () => {
    const tiny = extent(pixelsOf(pad(200, [{ x: 5, y: 5, w: 5, h: 10 }])));
    expect(tiny.height).toBe(20);
    expect(tiny.width).toBe(10);
  });

  it('puts the centre of mass at the centre of the field, not the box centre', () => {
    // An "L": a heavy foot pulls the centre of mass down and right of the box centre.
    const pixels = pixelsOf(
      pad(200, [
        { x: 40, y: 20, w: 20, h: 140 },
        { x: 40, y: 130, w: 120, h: 30 },
      ]),
    );
    const centre = centreOfMass(pixels);
    expect(Math.abs(centre.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(centre.y - 14)).toBeLessThanOrEqual(0.5);
    // So the 17×20 box is not centred (that would put it at x 5–6, y 4): the heavy foot at the
    // bottom-left moves it up and to the right.
    const box = extent(pixels);
    expect(box).toMatchObject({ width: 17, height: 20 });
    expect(box.minY).toBeLessThan(4);
    expect(box.minX).toBeGreaterThan(6);
  });

  it('gives the same image wherever and however large the digit is drawn', () => {
    const small = pixelsOf(
      pad(200, [
        { x: 10, y: 10, w: 10, h: 60 },
        { x: 10, y: 60, w: 40, h: 10 },
      ]),
    );
    const large = pixelsOf(
      pad(200, [
        { x: 70, y: 50, w: 20, h: 120 },
        { x: 70, y: 150, w: 80, h: 20 },
      ]),
    );
    let largestDifference = 0;
    for (let index = 0; index < 784; index++) {
      largestDifference = Math.max(largestDifference, Math.abs((small[index] as number) - (large[index] as number)));
    }
    expect(largestDifference).toBeLessThan(1e-5);
  });

  it('anti-aliases: a stroke thinner than one output pixel becomes grey, not lost', () => {
    // 1 px wide vertical line next to a tall block: shrinking ×6 leaves the line at ~1/6 ink before stretching.
    const pixels = pixelsOf(
      pad(200, [
        { x: 30, y: 30, w: 60, h: 120 },
        { x: 120, y: 30, w: 1, h: 120 },
      ]),
    );
    const greys = [...pixels].filter((value) => value > 0 && value < 1);
    expect(greys.length).toBeGreaterThan(0);
  });

  it('fills a field of the model\'s own size: the digit takes 20/28 of it, centred', () => {
    const pixels = pixelsOf(pad(200, [{ x: 60, y: 30, w: 40, h: 120 }]), 14);
    expect(pixels).toHaveLength(14 * 14);
    let minY = 99;
    let maxY = -1;
    pixels.forEach((value, index) => {
      if (value <= 0) return;
      minY = Math.min(minY, Math.floor(index / 14));
      maxY = Math.max(maxY, Math.floor(index / 14));
    });
    expect(maxY - minY + 1).toBe(10);
  });

  it('says blank for an empty pad and bad-size for inconsistent input, without throwing', () => {
    expect(preprocessDigit(pad(50, []), DIGIT_FIELD_SIZE)).toEqual({ ok: false, reason: 'blank' });
    expect(preprocessDigit({ width: 10, height: 10, ink: new Float32Array(50) }, DIGIT_FIELD_SIZE)).toEqual({ ok: false, reason: 'bad-size' });
    expect(preprocessDigit({ width: 0, height: 0, ink: new Float32Array(0) }, DIGIT_FIELD_SIZE)).toEqual({ ok: false, reason: 'bad-size' });
    expect(preprocessDigit(pad(50, [{ x: 1, y: 1, w: 5, h: 5 }]), 0)).toEqual({ ok: false, reason: 'bad-size' });
  });

  it('reads ink from a canvas’s RGBA bytes through the alpha channel', () => {
    const rgba = new Uint8ClampedArray(2 * 1 * 4);
    rgba.set([20, 30, 40, 255], 0); // dark ink, opaque
    rgba.set([20, 30, 40, 0], 4); // untouched (transparent)
    const image = inkFromRgba(rgba, 2, 1);
    expect(Array.from(image.ink)).toEqual([1, 0]);
  });
});
