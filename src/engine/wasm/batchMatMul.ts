import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { KernelScope } from './kernelScope';

/** Cost, in elements moved, of each way to turn a transposed product into an untransposed one. */
function preferTransposedOutput(rows: number, inner: number, cols: number): boolean {
  // a·bᵀ either as a·(bᵀ) — move b (cols×inner) — or as (b·aᵀ)ᵀ — move a (rows×inner) and the
  // result (rows×cols). Packing the right-hand operand costs about one more move of it.
  const transposeB = 2 * cols * inner;
  const transposeOutput = 2 * rows * inner + rows * cols;
  return transposeOutput < transposeB;
}

/**
 * BatchMatMul for the WASM backend that keeps every product on the shipped kernel's fast path.
 *
 * The shipped kernel hands an untransposed single matrix product to its optimised GEMM, but runs
 * any product with transposeA (and, slower than it could be, transposeB) through a plain loop.
 * Training a dense layer needs exactly those: dW = xᵀ·dy and dx = dy·Wᵀ. On the course CNN's
 * 9216 → 128 layer (batch 32) they took 240 and 140 ms against 25 and 20 ms done this way. Here a transposed operand is
 * transposed explicitly (or the product is taken the other way round and the result transposed,
 * whichever moves fewer numbers), then the shipped kernel multiplies. Batched products (batch > 1)
 * and other dtypes go to the shipped kernel unchanged.
 */
export function batchMatMulUntransposed(
  args: Parameters<KernelFunc>[0],
  shipped: KernelConfig,
  backendName: string,
): TensorInfo | TensorInfo[] {
  const a = args.inputs.a;
  const b = args.inputs.b;
  const attrs = args.attrs as unknown as BatchMatMulAttrs;
  const transposeA = attrs.transposeA === true;
  const transposeB = attrs.transposeB === true;
  if (a === undefined || b === undefined || (!transposeA && !transposeB)) return shipped.kernelFunc(args);
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) {
    return shipped.kernelFunc(args);
  }
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  if (outerA.some((size) => size !== 1) || outerB.some((size) => size !== 1)) return shipped.kernelFunc(args);

  const [a0, a1] = a.shape.slice(-2) as [number, number];
  const [b0, b1] = b.shape.slice(-2) as [number, number];
  const rows = transposeA ? a1 : a0;
  const inner = transposeA ? a0 : a1;
  const innerB = transposeB ? b1 : b0;
  const cols = transposeB ? b0 : b1;
  if (inner !== innerB) return shipped.kernelFunc(args); // its message names the mismatch

  const backend = args.backend as KernelBackend;
  const scope = new KernelScope(backend, backendName);
  const multiply = (left: TensorInfo, right: TensorInfo): TensorInfo =>
    scope.runKernel(shipped, { a: left, b: right }, { transposeA: false, transposeB: false });
  const transpose = (matrix: TensorInfo): TensorInfo => scope.run('Transpose', { x: matrix }, { perm: [1, 0] });
  try {
    const a2 = scope.view(a, [a0, a1]);
    const b2 = scope.view(b, [b0, b1]);
    let product: TensorInfo;
    if (transposeA && transposeB) {
      product = transpose(multiply(b2, a2)); // aᵀ·bᵀ = (b·a)ᵀ
    } else if (transposeA) {
      product = multiply(transpose(a2), b2);
    } else if (preferTransposedOutput(rows, inner, cols)) {
      product = transpose(multiply(b2, transpose(a2))); // a·bᵀ = (b·aᵀ)ᵀ
    } else {
      product = multiply(a2, transpose(b2));
    }
    scope.release(product);
    const outer = outerA.length >= outerB.length ? outerA : outerB;
    return scope.view(product, [...outer, rows, cols]);
  } catch (error) {
    scope.release();
    throw error;
  }
}

/**
 * Kernel config wrapping the shipped BatchMatMul (which must be passed in, taken from the
 * registry before ours replaces it). Its setup runs the shipped setup, which binds the WASM
 * function that both kernels end up calling.
 */
export function batchMatMulConfig(shipped: KernelConfig): KernelConfig {
  const { backendName } = shipped;
  return {
    kernelName: BatchMatMul,
    backendName,
    setupFunc: shipped.setupFunc,
    disposeFunc: shipped.disposeFunc,
    kernelFunc: (args) => batchMatMulUntransposed(args, shipped, backendName),
  };
}
