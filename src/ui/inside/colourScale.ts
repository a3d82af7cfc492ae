/**
 * How the inside views turn numbers into colours. Signed values (weights, gradients, u) use a
 * diverging scale centred on 0 — blue below, red above, white at 0 — so a template's "ink here
 * speaks for this digit" and "ink here speaks against it" read at a glance; values that are never
 * negative (images, ReLU outputs, probabilities) use one hue from white to dark.
 */

export type Rgb = readonly [number, number, number];

const NEGATIVE: Rgb = [37, 99, 235];
const POSITIVE: Rgb = [220, 38, 38];
const SEQUENTIAL: Rgb = [23, 37, 84];

function mix(from: Rgb, to: Rgb, amount: number): Rgb {
  const t = Math.max(0, Math.min(1, amount));
  return [from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t, from[2] + (to[2] - from[2]) * t];
}

const WHITE: Rgb = [255, 255, 255];

/** Blue (−limit) … white (0) … red (+limit). */
export function divergingColour(value: number, limit: number): Rgb {
  if (!(limit > 0) || !Number.isFinite(value)) return WHITE;
  const amount = Math.min(1, Math.abs(value) / limit);
  return mix(WHITE, value < 0 ? NEGATIVE : POSITIVE, amount);
}

/** White (min) … dark blue (max). */
export function sequentialColour(value: number, min: number, max: number): Rgb {
  if (!(max > min) || !Number.isFinite(value)) return WHITE;
  return mix(WHITE, SEQUENTIAL, (value - min) / (max - min));
}

/** The scale a value range calls for: diverging when it has negative values, else sequential. */
export function colourFor(min: number, max: number): (value: number) => Rgb {
  if (min < 0) {
    const limit = Math.max(Math.abs(min), Math.abs(max));
    return (value) => divergingColour(value, limit);
  }
  return (value) => sequentialColour(value, Math.min(0, min), max);
}

/** A CSS colour. */
export function cssColour([r, g, b]: Rgb): string {
  return `rgb(${Math.round(r)} ${Math.round(g)} ${Math.round(b)})`;
}
