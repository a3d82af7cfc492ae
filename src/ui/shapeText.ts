import type { Shape } from '../graph/types';

/**
 * A shape as the canvas writes it: per sample, the batch dimension left out everywhere
 * ([null, 28, 28, 1] → "28×28×1"); an unknown size is "?"; a per-sample scalar is "" (caller decides).
 */
export function shapeLabel(shape: Shape | undefined): string | undefined {
  if (!shape) return undefined;
  return shape
    .slice(1)
    .map((dim) => (dim === null ? '?' : String(dim)))
    .join('×');
}
