import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { heapBackend } from './heap';
import { simdKernels } from './simd/kernels';

/** A kernel of Kairo's own: one Adadelta step for one variable (see src/engine/adadelta.ts). */
export const ADADELTA_UPDATE = 'KairoAdadeltaUpdate';

export interface AdadeltaUpdateAttrs {
  learningRate: number;
  rho: number;
  epsilon: number;
}

/**
 * One Adadelta step (Keras semantics) in one pass over the WASM heap: from the variable, its
 * gradient and the two running means, the new variable and the new running means (three outputs,
 * which the optimizer assigns). As tfjs ops the same step is eleven kernels, each a full pass
 * over the variable's size, all on one thread whatever the thread count. Its loop runs as Kairo's
 * SIMD kernel where that loads (kernels.wat: the same numbers, two at a time), else in JavaScript.
 * bench/kernels.ts, the course CNN's 1.2 M weights: with SIMD 1.3× faster than the eleven kernels
 * on the threaded build and 1.5× on the single-threaded one; the JavaScript loop alone loses to
 * the single-threaded build's elementwise kernels (0.7×), so without SIMD it is registered for the
 * threaded build only.
 */
export function adadeltaUpdateOnHeap(args: Parameters<KernelFunc>[0]): TensorInfo[] {
  const backend = heapBackend(args.backend, ADADELTA_UPDATE);
  const { value, gradient, squaredGradients, squaredUpdates } = args.inputs as Record<string, TensorInfo | undefined>;
  if (value === undefined || gradient === undefined || squaredGradients === undefined || squaredUpdates === undefined) {
    throw new Error(`${ADADELTA_UPDATE}: inputs value, gradient, squaredGradients and squaredUpdates are required.`);
  }
  const size = value.shape.reduce((product, dimension) => product * dimension, 1);
  for (const input of [gradient, squaredGradients, squaredUpdates]) {
    const inputSize = input.shape.reduce((product, dimension) => product * dimension, 1);
    if (inputSize !== size || input.dtype !== 'float32') {
      throw new Error(`${ADADELTA_UPDATE}: every input must be float32 of the variable's size ${size}.`);
    }
  }
  const { learningRate, rho, epsilon } = args.attrs as unknown as AdadeltaUpdateAttrs;
  const outputs = [0, 1, 2].map(() => backend.makeOutput([...value.shape], 'float32'));
  // Views after the allocations: an allocation may grow the heap and detach earlier views.
  const [nextValue, nextGradients, nextUpdates] = outputs.map((output) => backend.typedArrayFromHeap(output)) as [Float32Array, Float32Array, Float32Array];
  const x = backend.typedArrayFromHeap(value);
  const g = backend.typedArrayFromHeap(gradient);
  const accumulatedGradients = backend.typedArrayFromHeap(squaredGradients);
  const accumulatedUpdates = backend.typedArrayFromHeap(squaredUpdates);
  const simd = simdKernels(backend);
  if (simd !== undefined) {
    // The same arithmetic, two numbers at a time (kernels.wat).
    simd.adadelta(x.byteOffset, g.byteOffset, accumulatedGradients.byteOffset, accumulatedUpdates.byteOffset, nextValue.byteOffset, nextGradients.byteOffset, nextUpdates.byteOffset, size, learningRate, rho, epsilon);
    return outputs;
  }
  const keep = 1 - rho;
  for (let i = 0; i < size; i++) {
    const grad = g[i] as number;
    const meanSquaredGradient = rho * (accumulatedGradients[i] as number) + keep * grad * grad;
    const previousUpdates = accumulatedUpdates[i] as number;
    const update = (Math.sqrt(previousUpdates + epsilon) / Math.sqrt(meanSquaredGradient + epsilon)) * grad;
    nextGradients[i] = meanSquaredGradient;
    nextUpdates[i] = rho * previousUpdates + keep * update * update;
    nextValue[i] = (x[i] as number) - learningRate * update;
  }
  return outputs;
}

/** Kernel config of the fused Adadelta step for the WASM backend. */
export function adadeltaUpdateConfig(backendName: string): KernelConfig {
  return { kernelName: ADADELTA_UPDATE, backendName, kernelFunc: adadeltaUpdateOnHeap };
}
