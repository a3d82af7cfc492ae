/** The activation node's function drawn as a small curve, so the choice is seen, not only named. */
import { memo } from 'react';

const X_MIN = -3;
const X_MAX = 3;
const SAMPLES = 61;
const WIDTH = 96;
const HEIGHT = 40;

/** f(x) of an activation function by its name (the card's curve; the inside view's plot of u against z). */
export function valueAt(fn: string, x: number, alpha: number): number {
  switch (fn) {
    case 'sigmoid':
      return 1 / (1 + Math.exp(-x));
    case 'relu':
      return Math.max(0, x);
    case 'tanh':
      return Math.tanh(x);
    // Softmax acts on a vector; shown as one entry's share against a second input held at 0.
    case 'softmax':
      return Math.exp(x) / (Math.exp(x) + 1);
    case 'leakyRelu':
      return x >= 0 ? x : alpha * x;
    case 'elu':
      return x >= 0 ? x : Math.exp(x) - 1;
    case 'selu':
      return 1.0507 * (x >= 0 ? x : 1.67326 * (Math.exp(x) - 1));
    case 'softplus':
      return Math.log1p(Math.exp(x));
    case 'sign':
      return Math.sign(x);
    default:
      return x;
  }
}

interface CurveProps {
  fn: string;
  alpha: number;
}

function CurveImpl({ fn, alpha }: CurveProps) {
  const points: [number, number][] = [];
  for (let index = 0; index < SAMPLES; index++) {
    const x = X_MIN + ((X_MAX - X_MIN) * index) / (SAMPLES - 1);
    points.push([x, valueAt(fn, x, alpha)]);
  }
  const ys = points.map(([, y]) => y);
  const low = Math.min(-1, ...ys);
  const high = Math.max(1, ...ys);
  const pad = 3;
  const sx = (x: number) => pad + ((x - X_MIN) / (X_MAX - X_MIN)) * (WIDTH - 2 * pad);
  const sy = (y: number) => HEIGHT - pad - ((y - low) / (high - low)) * (HEIGHT - 2 * pad);
  // sign jumps at 0: draw it as two flat pieces, not a slanted line.
  const path =
    fn === 'sign'
      ? `M${sx(X_MIN)},${sy(-1)} L${sx(0)},${sy(-1)} M${sx(0)},${sy(1)} L${sx(X_MAX)},${sy(1)}`
      : points.map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
  return (
    <svg
      className="kn-curve"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={fn}
      data-testid="activation-curve"
    >
      <line className="kn-curve-axis" x1={pad} x2={WIDTH - pad} y1={sy(0)} y2={sy(0)} />
      <line className="kn-curve-axis" x1={sx(0)} x2={sx(0)} y1={pad} y2={HEIGHT - pad} />
      <path className="kn-curve-line" d={path} />
    </svg>
  );
}

export const ActivationCurve = memo(CurveImpl);
