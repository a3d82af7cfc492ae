/**
 * TF's "same" padding worked out ahead of time from the analysed sizes: the output is
 * ceil(size / stride), and when the total padding is odd the extra row or column goes at the
 * bottom / right (PyTorch's own padding is symmetric, so the exports pad explicitly). Pure.
 */
import type { Dim } from '../graph/types';

/** [before, after] padding along one axis; undefined when the size is not known ahead of time. */
export function samePadding(size: Dim, window: number, stride: number): [number, number] | undefined {
  if (size === null) return undefined;
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + window - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** (left, right, top, bottom), F.pad's order for an NCHW image; undefined when a size is unknown. */
export function samePadding2d(
  height: Dim,
  width: Dim,
  window: readonly number[],
  strides: readonly number[],
): [number, number, number, number] | undefined {
  const vertical = samePadding(height, window[0] ?? 1, strides[0] ?? 1);
  const horizontal = samePadding(width, window[1] ?? 1, strides[1] ?? 1);
  if (!vertical || !horizontal) return undefined;
  return [horizontal[0], horizontal[1], vertical[0], vertical[1]];
}
