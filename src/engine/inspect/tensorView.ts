/**
 * Tensors as plain data for the inside views: the shape, the value range and the values themselves
 * when there are few enough to draw, else a picture reduced to a small grid by averaging blocks.
 * Pure (no tfjs): the worker reads a tensor's values and hands them here.
 */

/** At most this many values cross the worker boundary for one tensor (1 MiB of floats). */
export const FULL_VALUES_LIMIT = 262_144;
/** A reduced picture of a large matrix has at most this many rows and columns. */
export const REDUCED_SIDE = 96;

/** A 2-D picture of a large tensor: block means, row-major. */
export interface ReducedPicture {
  rows: number;
  cols: number;
  /** How many of the tensor's rows and columns one cell of the picture averages. */
  rowsPerCell: number;
  colsPerCell: number;
  values: Float32Array;
}

export interface TensorView {
  /** Without the batch axis. */
  shape: number[];
  min: number;
  max: number;
  /** Root of the sum of squares: the size of the whole tensor in one number. */
  norm: number;
  /** All values, row-major, when there are at most FULL_VALUES_LIMIT of them. */
  values?: Float32Array;
  /** For a larger tensor: its last axis against all others, averaged down to at most REDUCED_SIDE² cells. */
  reduced?: ReducedPicture;
}

export function valueRange(values: ArrayLike<number>): { min: number; max: number; norm: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let squares = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    if (value < min) min = value;
    if (value > max) max = value;
    squares += value * value;
  }
  if (values.length === 0) return { min: 0, max: 0, norm: 0 };
  return { min, max, norm: Math.sqrt(squares) };
}

/** Averages a rows × cols matrix (row-major) down to at most `side` × `side` cells. */
export function reduceMatrix(values: Float32Array, rows: number, cols: number, side = REDUCED_SIDE): ReducedPicture {
  const rowsPerCell = Math.max(1, Math.ceil(rows / side));
  const colsPerCell = Math.max(1, Math.ceil(cols / side));
  const outRows = Math.ceil(rows / rowsPerCell);
  const outCols = Math.ceil(cols / colsPerCell);
  const sums = new Float64Array(outRows * outCols);
  const counts = new Uint32Array(outRows * outCols);
  for (let row = 0; row < rows; row++) {
    const cellRow = Math.floor(row / rowsPerCell) * outCols;
    for (let col = 0; col < cols; col++) {
      const index = row * cols + col;
      if (index >= values.length) break; // a vector folded into rows ends part-way through its last row
      const cell = cellRow + Math.floor(col / colsPerCell);
      sums[cell] = (sums[cell] as number) + (values[index] as number);
      counts[cell] = (counts[cell] as number) + 1;
    }
  }
  const averaged = new Float32Array(outRows * outCols);
  for (let cell = 0; cell < averaged.length; cell++) averaged[cell] = (sums[cell] as number) / Math.max(1, counts[cell] as number);
  return { rows: outRows, cols: outCols, rowsPerCell, colsPerCell, values: averaged };
}

/** The view of `values` (one sample's or one weight's, row-major) of `shape`. */
export function tensorView(values: Float32Array, shape: readonly number[], limit = FULL_VALUES_LIMIT): TensorView {
  const range = valueRange(values);
  const view: TensorView = { shape: [...shape], ...range };
  if (values.length <= limit) {
    view.values = values;
  } else {
    const cols = shape.length > 1 ? (shape[shape.length - 1] as number) : Math.ceil(Math.sqrt(values.length));
    view.reduced = reduceMatrix(values, Math.ceil(values.length / cols), cols);
  }
  return view;
}

/** Counts of values in `bins` equal bins over [min, max] (a constant tensor fills the middle bin). */
export interface Histogram {
  min: number;
  max: number;
  counts: number[];
}

export function histogram(values: ArrayLike<number>, bins = 40): Histogram {
  const { min, max } = valueRange(values);
  const counts = new Array<number>(bins).fill(0);
  const width = max - min;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    const bin = width > 0 ? Math.min(bins - 1, Math.floor(((value - min) / width) * bins)) : Math.floor(bins / 2);
    counts[bin] = (counts[bin] as number) + 1;
  }
  return { min, max, counts };
}
