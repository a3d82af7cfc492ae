/** Numbers of the inside views: short enough for a small cell, exact enough to follow a calculation. */
import type { TensorView } from '../../engine/inspect/tensorView';

/** 0.123, −4.56, 1.23e−4: three significant digits, an exponent only for very small or large values. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const text = magnitude < 1e-3 || magnitude >= 1e5 ? value.toExponential(2) : value.toPrecision(3);
  // Trailing zeros say nothing here; a real minus sign reads better than a hyphen.
  return text
    .replace(/(\.\d*?)0+(e|$)/, '$1$2')
    .replace(/\.(e|$)/, '$1')
    .replace('-', '−');
}

/** "26×26×32": a shape as the editor writes it. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 0 ? '1' : shape.join('×');
}

/** "−0.12 … 3.4". */
export function rangeText(view: Pick<TensorView, 'min' | 'max'>): string {
  return `${formatValue(view.min)} … ${formatValue(view.max)}`;
}
