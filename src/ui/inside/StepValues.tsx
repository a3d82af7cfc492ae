/**
 * One tensor of the step mode: its numbers when there are few (a 2-3-2 network's every weight, u,
 * z and δ), a heat map when there are many. The numbers also sit on the element in full precision
 * (`data-values`), so a test can check them against its own arithmetic.
 */
import type { TensorView } from '../../engine/inspect/tensorView';
import { colourFor, cssColour } from './colourScale';
import { formatValue, shapeText } from './numberText';
import { TensorPicture } from './TensorPicture';

/** Up to this many values are written out as numbers. */
export const NUMBERS_LIMIT = 64;

interface StepValuesProps {
  view: TensorView;
  /** The symbol shown before the values ("u", "δ", "∂E/∂w"). */
  symbol: string;
  label: string;
  testId: string;
}

export function StepValues({ view, symbol, label, testId }: StepValuesProps) {
  const values = view.values;
  if (!values || values.length > NUMBERS_LIMIT) {
    return (
      <div className="step-values step-values--picture">
        <span className="step-symbol">{symbol}</span>
        <TensorPicture view={view} label={label} testId={testId} mapSize={26} />
      </div>
    );
  }
  const colour = colourFor(Math.min(0, view.min), Math.max(0, view.max));
  const matrix = view.shape.length === 2;
  const rows = matrix ? (view.shape[0] ?? 1) : 1;
  const cols = matrix ? (view.shape[1] ?? 1) : values.length;
  return (
    <div className="step-values">
      <span className="step-symbol" title={label}>
        {symbol}
      </span>
      <table className="step-table" aria-label={`${label} (${shapeText(view.shape)})`} data-testid={testId} data-values={JSON.stringify(Array.from(values))}>
        <tbody>
          {Array.from({ length: rows }, (_, row) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows of a matrix are positions.
            <tr key={row}>
              {Array.from({ length: cols }, (_, col) => {
                const value = values[row * cols + col] as number;
                const [r, g, b] = colour(value);
                // Light cells keep dark text; the darkest get white.
                const dark = r * 0.299 + g * 0.587 + b * 0.114 < 140;
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions.
                  <td key={col} style={{ background: cssColour([r, g, b]), color: dark ? '#fff' : undefined }}>
                    {formatValue(value)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
