import { type KernelConfig, type KernelFunc, Sum, type SumAttrs, type TensorInfo, util } from '@tensorflow/tfjs';
import { allocateWithViews, heapBackend } from './heap';
import { simdKernels } from './simd/kernels';

/** Whether `axis` names every axis of a rank-`rank` tensor but the last (a column sum). */
function isColumnSum(axis: number | number[], rank: number): boolean {
  const axes = util.parseAxisParam(axis, [...new Array(rank).keys()].map(() => 1));
  if (rank < 2 || axes.length !== rank - 1) return false;
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.every((value, index) => value === index);
}

/**
 * Sum for the WASM backend that adds a tensor up over all axes but the last in one pass over the
 * heap. That is the gradient of every bias (conv: over batch, rows and columns; dense: over the
 * batch); the shipped kernel first transposes the whole tensor so that the summed axes come last,
 * which on the course CNN moved 4.7 million numbers per step for a result of 64. Sums are kept in
 * double precision and rounded once. Any other sum goes to the shipped kernel.
 */
export function sumColumnsOrShipped(args: Parameters<KernelFunc>[0], shipped: KernelConfig): TensorInfo | TensorInfo[] {
  const x = args.inputs.x;
  const attrs = args.attrs as unknown as SumAttrs;
  if (x === undefined || x.dtype !== 'float32' || !isColumnSum(attrs.axis, x.shape.length)) return shipped.kernelFunc(args);
  const columns = x.shape[x.shape.length - 1] as number;
  const rows = util.sizeFromShape(x.shape) / Math.max(columns, 1);
  if (columns === 0 || rows === 0) return shipped.kernelFunc(args);
  const backend = heapBackend(args.backend, Sum);
  const outShape = attrs.keepDims ? [...x.shape.slice(0, -1).map(() => 1), columns] : [columns];
  const simd = simdKernels(backend);
  // The SIMD kernel keeps its double-precision totals on the heap: two floats per total.
  const doubles = simd === undefined ? undefined : backend.makeOutput([2 * columns], 'float32');
  const {
    output,
    out,
    views: [values, scratch],
  } = allocateWithViews(backend, outShape, doubles === undefined ? [x] : [x, doubles]);
  if (values === undefined) throw new Error('Sum: input could not be read.');
  let totals: Float64Array;
  if (simd !== undefined && scratch !== undefined) {
    // The heap's allocations are 8-byte aligned, as doubles need. The same sums (kernels.wat).
    totals = new Float64Array(scratch.buffer, scratch.byteOffset, columns).fill(0);
    simd.columnSums(values.byteOffset, rows, columns, totals.byteOffset);
  } else {
    totals = sumColumnsInJavaScript(values, rows, columns);
  }
  out.set(totals);
  if (doubles !== undefined) backend.disposeData(doubles.dataId);
  return output;
}

/** Column sums of a rows × columns matrix in double precision, four rows per pass over the totals. */
function sumColumnsInJavaScript(values: Float32Array, rows: number, columns: number): Float64Array {
  const totals = new Float64Array(columns);
  // Four rows per pass over the totals: a quarter of the loads and stores of the running sums.
  let row = 0;
  let offset = 0;
  for (; row + 4 <= rows; row += 4, offset += 4 * columns) {
    const second = offset + columns;
    const third = second + columns;
    const fourth = third + columns;
    for (let column = 0; column < columns; column++) {
      totals[column] =
        (totals[column] as number) +
        ((values[offset + column] as number) + (values[second + column] as number)) +
        ((values[third + column] as number) + (values[fourth + column] as number));
    }
  }
  for (; row < rows; row++, offset += columns) {
    for (let column = 0; column < columns; column++) totals[column] = (totals[column] as number) + (values[offset + column] as number);
  }
  return totals;
}

/** Kernel config wrapping the shipped Sum (taken from the registry before ours replaces it). */
export function columnSumConfig(shipped: KernelConfig): KernelConfig {
  return {
    kernelName: Sum,
    backendName: shipped.backendName,
    setupFunc: shipped.setupFunc,
    disposeFunc: shipped.disposeFunc,
    kernelFunc: (args) => sumColumnsOrShipped(args, shipped),
  };
}
