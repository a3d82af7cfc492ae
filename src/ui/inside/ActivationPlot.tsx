/**
 * z = f(u) for the units of one layer and one input: the activation's curve, and each unit as a
 * point (u, z) on it, so a student sees where on the curve the values sit (ReLU's flat half, the
 * sigmoid's saturated ends). Softmax is no curve of one variable: its points are drawn alone.
 */
import { valueAt } from '../ActivationCurve';
import type { TensorView } from '../../engine/inspect/tensorView';
import { useT } from '../useT';
import { formatValue } from './numberText';

const WIDTH = 240;
const HEIGHT = 120;
const PAD = 8;
/** At most this many points are drawn (a conv layer has tens of thousands). */
const MAX_POINTS = 600;

/** The engine's name of a layer's own activation, as the curve knows it. */
export function curveName(name: string): { fn: string; alpha: number } {
  if (name === 'kairoLeakyRelu') return { fn: 'leakyRelu', alpha: 0.2 };
  return { fn: name, alpha: 0.2 };
}

interface ActivationPlotProps {
  fn: string;
  alpha: number;
  u: TensorView;
  z: TensorView;
}

export function ActivationPlot({ fn, alpha, u, z }: ActivationPlotProps) {
  const t = useT();
  const us = u.values;
  const zs = z.values;
  if (!us || !zs || us.length !== zs.length) return null;
  const curve = fn !== 'softmax';
  const xLow = Math.min(-3, u.min);
  const xHigh = Math.max(3, u.max);
  const samples = Array.from({ length: 81 }, (_, index) => {
    const x = xLow + ((xHigh - xLow) * index) / 80;
    return [x, valueAt(fn, x, alpha)] as const;
  });
  const yValues = [...(curve ? samples.map(([, y]) => y) : []), z.min, z.max, 0];
  const yLow = Math.min(...yValues.filter(Number.isFinite));
  const yHigh = Math.max(...yValues.filter(Number.isFinite), yLow + 1e-6);
  const sx = (x: number) => PAD + ((x - xLow) / (xHigh - xLow)) * (WIDTH - 2 * PAD);
  const sy = (y: number) => HEIGHT - PAD - ((y - yLow) / (yHigh - yLow)) * (HEIGHT - 2 * PAD);
  const stride = Math.max(1, Math.ceil(us.length / MAX_POINTS));
  const points: [number, number][] = [];
  for (let index = 0; index < us.length; index += stride) points.push([us[index] as number, zs[index] as number]);
  const path = samples.map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
  return (
    <figure className="inside-activation" data-testid="inside-activation" data-points={points.length} data-fn={fn}>
      <figcaption className="inside-caption">
        <span className="inside-caption-label">{t('inside.activationTitle', { fn })}</span>
        <span className="muted small">
          {t('inside.activationRange', { u: `${formatValue(u.min)} … ${formatValue(u.max)}`, z: `${formatValue(z.min)} … ${formatValue(z.max)}` })}
        </span>
      </figcaption>
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('inside.activationLabel', { fn, count: us.length })}>
        <line className="inside-axis" x1={PAD} x2={WIDTH - PAD} y1={sy(0)} y2={sy(0)} />
        <line className="inside-axis" x1={sx(0)} x2={sx(0)} y1={PAD} y2={HEIGHT - PAD} />
        {curve ? <path className="inside-curve" d={path} /> : null}
        {points.map(([x, y], index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: points are drawn in unit order.
          <circle key={index} className="inside-point" cx={sx(x)} cy={sy(y)} r={points.length > 100 ? 1.6 : 3} />
        ))}
        <text className="inside-axis-label" x={WIDTH - PAD} y={sy(0) - 3} textAnchor="end">u</text>
        <text className="inside-axis-label" x={sx(0) + 4} y={PAD + 8}>z</text>
      </svg>
      {!curve ? <p className="muted small">{t('inside.softmaxNote')}</p> : null}
    </figure>
  );
}
