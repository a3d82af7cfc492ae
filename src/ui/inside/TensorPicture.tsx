/**
 * One tensor of the inside views as a picture: feature maps as a grid of small images (one per
 * channel), a vector as a strip of cells (with the numbers when there are few), a matrix or a
 * large tensor as a heat map. One colour scale for the whole tensor, so maps compare with each
 * other. Any shape: [h, w, c] images of any channel count, [n] vectors, reduced pictures.
 */
import type { TensorView } from '../../engine/inspect/tensorView';
import { useT } from '../useT';
import { colourFor, cssColour } from './colourScale';
import { formatValue, rangeText, shapeText } from './numberText';
import { PixelCanvas } from './PixelCanvas';

/** At most this many feature maps are drawn. */
const MAX_MAPS = 64;
/** A vector up to this long shows its numbers under the cells. */
const NUMBERS_UP_TO = 16;
/** A longer vector is folded into a square heat map instead of a strip of cells. */
const STRIP_UP_TO = 256;

interface TensorPictureProps {
  view: TensorView;
  /** What the tensor is, for the label ("output z", "u"). */
  label: string;
  testId: string;
  /** Displayed size of one feature map (CSS pixels). */
  mapSize?: number;
}

function FeatureMaps({ view, label, testId, mapSize }: Required<TensorPictureProps>) {
  const t = useT();
  const values = view.values;
  const [height = 1, width = 1, channels = 1] = view.shape;
  if (!values) return null;
  const colour = colourFor(view.min, view.max);
  const shown = Math.min(channels, MAX_MAPS);
  return (
    <div className="inside-maps-wrap">
      <div className="inside-maps" data-testid={testId} data-maps={shown} data-shape={view.shape.join('x')}>
        {Array.from({ length: shown }, (_, channel) => (
          <PixelCanvas
            // biome-ignore lint/suspicious/noArrayIndexKey: channels are positions, not items that move.
            key={channel}
            height={height}
            width={width}
            colourAt={(row, col) => colour(values[(row * width + col) * channels + channel] as number)}
            version={values}
            size={mapSize}
            label={t('inside.mapLabel', { label, channel: channel + 1 })}
            className="inside-map"
          />
        ))}
      </div>
      {shown < channels ? <p className="muted small">{t('inside.mapsShown', { shown, count: channels })}</p> : null}
    </div>
  );
}

function Strip({ view, testId }: Pick<TensorPictureProps, 'view' | 'testId'>) {
  const values = view.values ?? new Float32Array();
  const colour = colourFor(view.min, view.max);
  const withNumbers = values.length <= NUMBERS_UP_TO;
  return (
    <ol
      className={`inside-strip${withNumbers ? ' has-numbers' : ''}`}
      data-testid={testId}
      data-cells={values.length}
      // The numbers a short strip writes out, in full precision, for a test to compare with its own.
      data-values={withNumbers ? JSON.stringify(Array.from(values)) : undefined}
    >
      {Array.from(values, (value, index) => {
        const rgb = colour(value);
        // The darkest cells carry white numbers, the rest dark ones.
        const dark = rgb[0] * 0.299 + rgb[1] * 0.587 + rgb[2] * 0.114 < 140;
        return (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: unit k stays unit k.
            key={index}
            className="inside-cell"
            style={{ background: cssColour(rgb), color: dark ? '#fff' : undefined }}
            title={`${index}: ${formatValue(value)}`}
          >
            {withNumbers ? formatValue(value) : null}
          </li>
        );
      })}
    </ol>
  );
}

function HeatMap({ view, label, testId }: Pick<TensorPictureProps, 'view' | 'label' | 'testId'>) {
  const reduced = view.reduced;
  const values = reduced ? reduced.values : (view.values ?? new Float32Array());
  // A long vector folds into rows of √n; a matrix keeps its rows; a larger tensor its first axis.
  const folded = !reduced && view.shape.length <= 1;
  const cols = reduced ? reduced.cols : folded ? Math.ceil(Math.sqrt(values.length)) : Math.max(1, values.length / (view.shape[0] ?? 1));
  const rows = reduced ? reduced.rows : Math.ceil(values.length / Math.max(1, cols));
  const colour = colourFor(view.min, view.max);
  return (
    <PixelCanvas
      height={rows}
      width={cols}
      colourAt={(row, col) => colour(values[row * cols + col] ?? Number.NaN)}
      version={values}
      size={220}
      label={label}
      className="inside-heat"
      testId={testId}
    />
  );
}

export function TensorPicture({ view, label, testId, mapSize = 34 }: TensorPictureProps) {
  const t = useT();
  const rank = view.shape.length;
  let picture: React.ReactNode;
  if (view.values && rank === 3) picture = <FeatureMaps view={view} label={label} testId={testId} mapSize={mapSize} />;
  else if (view.values && rank <= 1 && view.values.length <= STRIP_UP_TO) picture = <Strip view={view} testId={testId} />;
  else picture = <HeatMap view={view} label={label} testId={testId} />;
  return (
    <figure className="inside-figure">
      <figcaption className="inside-caption">
        <span className="inside-caption-label">{label}</span>
        <span className="muted small" data-testid={`${testId}-facts`}>
          {t('inside.shapeRange', { shape: shapeText(view.shape), range: rangeText(view) })}
        </span>
      </figcaption>
      {picture}
      {view.reduced ? (
        <p className="muted small">{t('inside.reduced', { rows: view.reduced.rowsPerCell, cols: view.reduced.colsPerCell })}</p>
      ) : null}
    </figure>
  );
}
