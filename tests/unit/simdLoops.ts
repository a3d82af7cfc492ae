/**
 * For tests of Kairo's WASM SIMD kernels against the JavaScript loops they replace: run something
 * with the loops, and find where two results differ bit for bit.
 */
import { registerWasmKernels } from '../../src/engine/wasm/setup';

/** `run`'s result with Kairo's kernels on their JavaScript loops; the SIMD loops are back afterwards. */
export async function withJavaScriptLoops<T>(run: () => T | Promise<T>): Promise<T> {
  registerWasmKernels({ simdKernels: false });
  try {
    return await run();
  } finally {
    registerWasmKernels();
  }
}

/** The first index where `a` and `b` differ bit for bit (Object.is: NaN equals NaN, −0 is not 0); −1 when none. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}
