import { type KernelConfig, type KernelFunc, type TensorInfo, Transpose, type TransposeAttrs, util } from '@tensorflow/tfjs';
import { heapBackend } from './heap';
import { type SimdKernels, simdKernels } from './simd/kernels';

/** Side of the square tiles a transposition moves at a time (32 × 32 four-byte numbers: 4 KiB each way). */
const TILE = 32;

/**
 * The same transposition on fewer axes: axes of size 1 dropped, and axes that stay next to each
 * other in the same order merged into one. [N, H, W, C] → [C, N, H, W] becomes a plain
 * [N·H·W, C] → [C, N·H·W], for instance.
 */
export function simplifyTransposition(shape: readonly number[], perm: readonly number[]): { shape: number[]; perm: number[] } {
  const renumbered = new Map<number, number>();
  const kept: number[] = [];
  shape.forEach((size, axis) => {
    if (size !== 1) {
      renumbered.set(axis, kept.length);
      kept.push(size);
    }
  });
  const keptPerm = perm.filter((axis) => shape[axis] !== 1).map((axis) => renumbered.get(axis) as number);
  // Runs of input axes that stay adjacent and in order, in output order.
  const groups: number[][] = [];
  for (const axis of keptPerm) {
    const last = groups[groups.length - 1];
    if (last !== undefined && (last[last.length - 1] as number) + 1 === axis) last.push(axis);
    else groups.push([axis]);
  }
  const inInputOrder = [...groups].sort((a, b) => (a[0] as number) - (b[0] as number));
  return {
    shape: inInputOrder.map((group) => group.reduce((product, axis) => product * (kept[axis] as number), 1)),
    perm: groups.map((group) => inInputOrder.indexOf(group)),
  };
}

/** Row-major strides of a shape, in elements. */
function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let axis = shape.length - 2; axis >= 0; axis--) strides[axis] = (strides[axis + 1] as number) * (shape[axis + 1] as number);
  return strides;
}

/**
 * Calls `visit(from, to)` for every index of the given axes (an odometer), with the input and output
 * offsets those indices make; the axes not named are left to the caller.
 */
function forEachOuterIndex(sizes: readonly number[], inStrides: readonly number[], outStrides: readonly number[], visit: (from: number, to: number) => void): void {
  const count = sizes.length;
  if (sizes.some((size) => size === 0)) return;
  const index = new Array<number>(count).fill(0);
  let from = 0;
  let to = 0;
  for (;;) {
    visit(from, to);
    let axis = count - 1;
    for (; axis >= 0; axis--) {
      const next = (index[axis] as number) + 1;
      if (next < (sizes[axis] as number)) {
        index[axis] = next;
        from += inStrides[axis] as number;
        to += outStrides[axis] as number;
        break;
      }
      index[axis] = 0;
      from -= (next - 1) * (inStrides[axis] as number);
      to -= (next - 1) * (outStrides[axis] as number);
    }
    if (axis < 0) return;
  }
}

/**
 * Moves a row-major tensor of `shape` at heap index `from` to its transposition by `perm` at `to`
 * (both in four-byte units of `heap`, so the bits move unchanged whatever the dtype).
 *
 * Where the input's last axis stays last, whole runs along it are copied. Otherwise the two axes that
 * decide the memory traffic — the input's last (contiguous when read) and the output's last
 * (contiguous when written) — are walked in square tiles, so that a tile's reads and writes both
 * stay in the cache; every other axis is an outer loop.
 */
export function transposeOnHeap(
  heap: Int32Array,
  from: number,
  to: number,
  shape: readonly number[],
  perm: readonly number[],
  simd?: SimdKernels,
): void {
  const rank = shape.length;
  const total = shape.reduce((product, size) => product * size, 1);
  if (total === 0) return;
  if (rank <= 1 || perm.every((axis, position) => axis === position)) {
    heap.copyWithin(to, from, from + total);
    return;
  }
  const inStrides = stridesOf(shape);
  const outShape = perm.map((axis) => shape[axis] as number);
  const outStrides = stridesOf(outShape);
  const lastIn = rank - 1;
  const lastOut = rank - 1;
  // The input stride of each output axis.
  const inStrideOfOut = perm.map((axis) => inStrides[axis] as number);

  if (perm[lastOut] === lastIn) {
    const run = shape[lastIn] as number;
    forEachOuterIndex(outShape.slice(0, -1), inStrideOfOut.slice(0, -1), outStrides.slice(0, -1), (inAt, outAt) => {
      const source = from + inAt;
      const target = to + outAt;
      if (run >= 16) heap.copyWithin(target, source, source + run);
      else for (let k = 0; k < run; k++) heap[target + k] = heap[source + k] as number;
    });
    return;
  }

  const rowsOut = outShape[lastOut] as number; // output's last axis: contiguous writes
  const rowStride = inStrideOfOut[lastOut] as number; // …which the input reads with this stride
  const position = perm.indexOf(lastIn); // where the input's last axis went in the output
  const cols = shape[lastIn] as number;
  const colStride = outStrides[position] as number;
  const outer = [...outShape.keys()].filter((axis) => axis !== lastOut && axis !== position);
  forEachOuterIndex(
    outer.map((axis) => outShape[axis] as number),
    outer.map((axis) => inStrideOfOut[axis] as number),
    outer.map((axis) => outStrides[axis] as number),
    simd === undefined
      ? (inAt, outAt) => transposeMatrix(heap, from + inAt, to + outAt, rowsOut, rowStride, cols, colStride)
      : // The same moves in four-by-four blocks (kernels.wat); `heap` starts at byte 0 of the memory.
        (inAt, outAt) => simd.transposeMatrix(4 * (from + inAt), 4 * (to + outAt), rowsOut, 4 * rowStride, cols, 4 * colStride, TILE),
  );
}

/**
 * One matrix of a transposition: the number at `from + row·rowStride + col` goes to
 * `to + col·colStride + row`, for `rows` × `cols` numbers. Walks strips of TILE columns, four rows
 * at a time: each pass reads four runs along the input's rows and writes four adjacent numbers of
 * the output, and a strip's reads and writes stay in the cache. A top-level function with plain
 * locals: the earlier loop inside the odometer's callback moved numbers about half as fast.
 */
function transposeMatrix(heap: Int32Array, from: number, to: number, rows: number, rowStride: number, cols: number, colStride: number): void {
  for (let col0 = 0; col0 < cols; col0 += TILE) {
    const colEnd = Math.min(cols, col0 + TILE);
    let row = 0;
    for (; row + 4 <= rows; row += 4) {
      const source0 = from + row * rowStride;
      const source1 = source0 + rowStride;
      const source2 = source1 + rowStride;
      const source3 = source2 + rowStride;
      for (let col = col0; col < colEnd; col++) {
        const target = to + col * colStride + row;
        heap[target] = heap[source0 + col] as number;
        heap[target + 1] = heap[source1 + col] as number;
        heap[target + 2] = heap[source2 + col] as number;
        heap[target + 3] = heap[source3 + col] as number;
      }
    }
    for (; row < rows; row++) {
      const source = from + row * rowStride;
      for (let col = col0; col < colEnd; col++) heap[to + col * colStride + row] = heap[source + col] as number;
    }
  }
}

/**
 * Transpose for the WASM backend, in JavaScript on the heap. The shipped kernel walks the output in
 * order and reads the input at the transposed position, a cache miss per number once the input's
 * rows are long: a [73,728, 64] → [64, 73,728] transposition (a conv filter gradient's operand) took
 * 100–170 ms, [128, 26, 26, 32] → [32, 26, 26, 128] 50 ms. Tiled, both take a few milliseconds.
 * Four-byte dtypes only (float32, int32); others go to the shipped kernel.
 */
export function transposeOrShipped(args: Parameters<KernelFunc>[0], shipped: KernelConfig): TensorInfo | TensorInfo[] {
  const x = args.inputs.x;
  const { perm } = args.attrs as unknown as TransposeAttrs;
  if (x === undefined || (x.dtype !== 'float32' && x.dtype !== 'int32') || !Array.isArray(perm) || perm.length !== x.shape.length) {
    return shipped.kernelFunc(args);
  }
  const backend = heapBackend(args.backend, Transpose);
  const outShape = perm.map((axis) => x.shape[axis] as number);
  const output = backend.makeOutput(outShape, x.dtype as 'float32');
  if (util.sizeFromShape(outShape) === 0) return output;
  // Views after the allocation, which may have grown the heap.
  const input = backend.typedArrayFromHeap(x);
  const out = backend.typedArrayFromHeap(output);
  const heap = new Int32Array(input.buffer);
  const simple = simplifyTransposition(x.shape, perm);
  transposeOnHeap(heap, input.byteOffset / 4, out.byteOffset / 4, simple.shape, simple.perm, simdKernels(backend));
  return output;
}

/** Kernel config wrapping the shipped Transpose (taken from the registry before ours replaces it). */
export function transposeConfig(shipped: KernelConfig): KernelConfig {
  return {
    kernelName: Transpose,
    backendName: shipped.backendName,
    setupFunc: shipped.setupFunc,
    disposeFunc: shipped.disposeFunc,
    kernelFunc: (args) => transposeOrShipped(args, shipped),
  };
}
