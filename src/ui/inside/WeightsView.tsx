/**
 * A node's weights as pictures: a conv layer's filters as a grid of small images, the weights into
 * a dense layer that reads an image as one template per unit (the logistic regression's ten 28×28
 * digits), any other kernel as a heat map, and a histogram of every weight tensor. One colour scale
 * per tensor (blue negative, red positive), so templates and filters compare with each other.
 */
import type { Histogram, TensorView } from '../../engine/inspect/tensorView';
import type { WeightInside } from '../../engine/inspect/nodeInside';
import { useT } from '../useT';
import { divergingColour, type Rgb } from './colourScale';
import { formatValue, rangeText, shapeText } from './numberText';
import { PixelCanvas } from './PixelCanvas';
import { NUMBERS_LIMIT, StepValues } from './StepValues';
import { TensorPicture } from './TensorPicture';

/** At most this many filters or templates are drawn, and this many input channels per filter. */
const MAX_PICTURES = 64;
const MAX_FILTER_CHANNELS = 8;

/** An RGB picture of values scaled to 0..255 by their own range (the picture of a 3-channel template or filter). */
function rgbPicture(valueAt: (pixel: number, channel: number) => number, pixels: number): (pixel: number) => Rgb {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let pixel = 0; pixel < pixels; pixel++) {
    for (let channel = 0; channel < 3; channel++) {
      const value = valueAt(pixel, channel);
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  const scale = max > min ? 255 / (max - min) : 0;
  return (pixel) => [0, 1, 2].map((channel) => (valueAt(pixel, channel) - min) * scale) as unknown as Rgb;
}

function limitOf(view: TensorView): number {
  return Math.max(Math.abs(view.min), Math.abs(view.max));
}

/**
 * Unit k's weights folded into the image the layer reads ([h, w, c]): kernel[p, k] for pixel p.
 * Kernel [inputs, units], row-major.
 */
function Templates({ kernel, shape, unitNames }: { kernel: TensorView; shape: readonly number[]; unitNames: readonly string[] }) {
  const t = useT();
  const values = kernel.values;
  const [height = 1, width = 1, channels = 1] = shape;
  const units = kernel.shape[1] ?? 0;
  if (!values) return null;
  const limit = limitOf(kernel);
  const shown = Math.min(units, MAX_PICTURES);
  return (
    <div className="inside-block">
      <h5 className="inside-block-title">{t('inside.templates')}</h5>
      <p className="muted small">{t('inside.templatesHint', { shape: shapeText(shape) })}</p>
      <ul className="inside-templates" data-testid="inside-templates" data-templates={shown}>
        {Array.from({ length: shown }, (_, unit) => {
          const at = (pixel: number, channel: number) => values[(pixel * channels + channel) * units + unit] as number;
          const rgb = channels === 3 ? rgbPicture(at, height * width) : undefined;
          const name = unitNames[unit] ?? String(unit);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: unit k stays unit k.
            <li key={unit} className="inside-template">
              <PixelCanvas
                height={height}
                width={width}
                colourAt={(row, col) => (rgb ? rgb(row * width + col) : divergingColour(at(row * width + col, 0), limit))}
                version={values}
                size={48}
                label={t('inside.templateLabel', { name })}
                testId="inside-template"
                data={{ unit: String(unit), name }}
              />
              <span className="inside-template-name">{name}</span>
            </li>
          );
        })}
      </ul>
      {shown < units ? <p className="muted small">{t('inside.mapsShown', { shown, count: units })}</p> : null}
    </div>
  );
}

/** Conv filters [kh, kw, cin, cout]: one small image per filter (per input channel when there are several grey ones). */
function Filters({ kernel }: { kernel: TensorView }) {
  const t = useT();
  const values = kernel.values;
  const [kh = 1, kw = 1, inChannels = 1, filters = 1] = kernel.shape;
  if (!values) return null;
  const limit = limitOf(kernel);
  const shownFilters = Math.min(filters, inChannels === 1 || inChannels === 3 ? MAX_PICTURES : MAX_PICTURES / MAX_FILTER_CHANNELS);
  const channelsShown = inChannels === 3 ? 1 : Math.min(inChannels, MAX_FILTER_CHANNELS);
  const at = (filter: number, channel: number) => (pixel: number) => values[(pixel * inChannels + channel) * filters + filter] as number;
  return (
    <div className="inside-block">
      <h5 className="inside-block-title">{t('inside.filters')}</h5>
      <p className="muted small">
        {inChannels === 1 || inChannels === 3
          ? t('inside.filtersHint', { shape: shapeText([kh, kw]) })
          : t('inside.filtersChannels', { shape: shapeText([kh, kw]), shown: channelsShown, count: inChannels })}
      </p>
      <div
        className={`inside-filters${channelsShown > 1 ? ' is-rows' : ''}`}
        data-testid="inside-filters"
        data-filters={shownFilters}
        style={channelsShown > 1 ? { gridTemplateColumns: `repeat(${channelsShown}, auto)` } : undefined}
      >
        {Array.from({ length: shownFilters }).flatMap((_, filter) =>
          Array.from({ length: channelsShown }, (_, channel) => {
            const rgb = inChannels === 3 ? rgbPicture((pixel, c) => at(filter, c)(pixel), kh * kw) : undefined;
            const value = at(filter, channel);
            return (
              <PixelCanvas
                // biome-ignore lint/suspicious/noArrayIndexKey: filter f, channel c is a position in the kernel, not an item that moves.
                key={`${filter}:${channel}`}
                height={kh}
                width={kw}
                colourAt={(row, col) => (rgb ? rgb(row * kw + col) : divergingColour(value(row * kw + col), limit))}
                version={values}
                size={30}
                label={t('inside.filterLabel', { filter: filter + 1, channel: channel + 1 })}
                className="inside-filter"
              />
            );
          }),
        )}
      </div>
      {shownFilters < filters ? <p className="muted small">{t('inside.mapsShown', { shown: shownFilters, count: filters })}</p> : null}
    </div>
  );
}

function HistogramChart({ histogram, label, testId }: { histogram: Histogram; label: string; testId: string }) {
  const width = 240;
  const height = 56;
  const peak = Math.max(1, ...histogram.counts);
  const barWidth = width / Math.max(1, histogram.counts.length);
  const zero = histogram.max > histogram.min ? ((0 - histogram.min) / (histogram.max - histogram.min)) * width : -1;
  return (
    <figure className="inside-histogram" data-testid={testId} data-total={histogram.counts.reduce((sum, count) => sum + count, 0)}>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
        {histogram.counts.map((count, bin) => {
          const barHeight = (count / peak) * (height - 2);
          // biome-ignore lint/suspicious/noArrayIndexKey: bins are positions.
          return <rect key={bin} x={bin * barWidth + 0.5} y={height - barHeight} width={Math.max(1, barWidth - 1)} height={barHeight} />;
        })}
        {zero >= 0 && zero <= width ? <line className="inside-histogram-zero" x1={zero} x2={zero} y1={0} y2={height} /> : null}
      </svg>
      <figcaption className="inside-histogram-axis muted small">
        <span>{formatValue(histogram.min)}</span>
        <span>{formatValue(histogram.max)}</span>
      </figcaption>
    </figure>
  );
}

/** "weights W", "bias b"; other weights (batch normalization's) by their own names. */
function weightLabel(name: string, t: ReturnType<typeof useT>): string {
  if (name === 'kernel') return t('inside.weight.kernel');
  if (name === 'bias') return t('inside.weight.bias');
  return name;
}

interface WeightsViewProps {
  weights: readonly WeightInside[];
  templateShape: readonly number[] | undefined;
  /** Names of the units when they are the classes (the output layer). */
  unitNames: readonly string[];
  /** The epoch the weights are from (the histogram updates per epoch). */
  epochLabel: string;
}

export function WeightsView({ weights, templateShape, unitNames, epochLabel }: WeightsViewProps) {
  const t = useT();
  if (weights.length === 0) return null;
  const kernel = weights.find((weight) => weight.name === 'kernel');
  return (
    <div className="inside-weights" data-testid="inside-weights">
      {kernel?.view.shape.length === 4 && kernel.view.values ? <Filters kernel={kernel.view} /> : null}
      {kernel?.view.shape.length === 2 && templateShape ? <Templates kernel={kernel.view} shape={templateShape} unitNames={unitNames} /> : null}
      {kernel?.view.shape.length === 2 && !templateShape ? (
        kernel.view.values && kernel.view.values.length <= NUMBERS_LIMIT ? (
          <div className="inside-block">
            <h5 className="inside-block-title">{t('inside.kernelMatrix')}</h5>
            <StepValues view={kernel.view} symbol="w" label={t('inside.kernelMatrix')} testId="inside-kernel" />
          </div>
        ) : (
          <TensorPicture view={kernel.view} label={t('inside.kernelMatrix')} testId="inside-kernel" />
        )
      ) : null}
      <div className="inside-block">
        <h5 className="inside-block-title">
          {t('inside.histograms')} <span className="muted small">{epochLabel}</span>
        </h5>
        {weights.map((weight) => (
          <div key={weight.name} className="inside-histogram-row">
            <span className="inside-weight-name">
              {weightLabel(weight.name, t)} <span className="muted small">{shapeText(weight.view.shape)} · {rangeText(weight.view)}</span>
            </span>
            <HistogramChart
              histogram={weight.histogram}
              label={t('inside.histogramLabel', { name: weightLabel(weight.name, t) })}
              testId={`inside-histogram-${weight.name}`}
            />
          </div>
        ))}
      </div>
    </div>
  );
}
