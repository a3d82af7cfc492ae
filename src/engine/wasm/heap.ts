import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs';

/**
 * Kernels of ours that read and write the WASM backend's memory in place: for work that is bound
 * by memory traffic rather than arithmetic (pooling gradients, column sums, optimizer updates), a
 * plain loop over the heap beats the shipped kernels, some of which first transpose their whole
 * input. The loops run in Kairo's SIMD kernels (simd/kernels.wat) where those load, else in JavaScript.
 */
export interface WasmHeapBackend extends KernelBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/** The WASM backend with its heap methods; throws for any other backend. */
export function heapBackend(backend: unknown, kernelName: string): WasmHeapBackend {
  const candidate = backend as Partial<WasmHeapBackend>;
  if (typeof candidate.makeOutput !== 'function' || typeof candidate.typedArrayFromHeap !== 'function') {
    throw new Error(`${kernelName}: this kernel runs on the WASM backend only.`);
  }
  return candidate as WasmHeapBackend;
}

/**
 * A fresh float32 output and views of the inputs. The views are taken after the output is
 * allocated: an allocation may grow the heap, which detaches views taken before it.
 */
export function allocateWithViews(
  backend: WasmHeapBackend,
  outputShape: number[],
  inputs: readonly TensorInfo[],
): { output: TensorInfo; out: Float32Array; views: Float32Array[] } {
  const output = backend.makeOutput(outputShape, 'float32');
  return {
    output,
    out: backend.typedArrayFromHeap(output),
    views: inputs.map((input) => backend.typedArrayFromHeap(input)),
  };
}

/** The whole heap as float32 numbers (take it after the last allocation: growing detaches it). */
export function heapFloats(backend: WasmHeapBackend, any: TensorInfo): Float32Array {
  return new Float32Array(backend.typedArrayFromHeap(any).buffer);
}

/** Where a float32 tensor starts in heapFloats's numbering. */
export function floatIndex(backend: WasmHeapBackend, info: TensorInfo): number {
  return backend.typedArrayFromHeap(info).byteOffset / Float32Array.BYTES_PER_ELEMENT;
}
