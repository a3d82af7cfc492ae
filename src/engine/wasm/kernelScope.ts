import {
  type DataType,
  getKernel,
  type KernelBackend,
  type KernelConfig,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs';

/**
 * Runs other kernels of one backend from inside a kernel of ours and frees what they made.
 *
 * A kernelFunc runs outside tf.tidy and must hand back exactly one new tensor: every intermediate
 * it creates through other kernels is ours to free, or the backend leaks memory on every training
 * step. Calling kernels directly (not tf ops) keeps the engine's tensor count and the gradient tape
 * out of it.
 */
export class KernelScope {
  private readonly owned: TensorInfo[] = [];

  constructor(
    private readonly backend: KernelBackend,
    private readonly backendName: string,
  ) {}

  /** Runs a registered kernel of this backend; its output is freed by `release` unless kept. */
  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = getKernel(kernelName, this.backendName);
    if (kernel === undefined) {
      throw new Error(`Kernel '${kernelName}' is not registered for backend '${this.backendName}'.`);
    }
    return this.runKernel(kernel, inputs, attrs);
  }

  /** Runs the given kernel (e.g. a shipped one that ours replaced in the registry). */
  runKernel(kernel: KernelConfig, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const kernelName = kernel.kernelName;
    const result = kernel.kernelFunc({ inputs, attrs, backend: this.backend });
    if (Array.isArray(result)) {
      // Only single-output kernels are used here; free all but the first if one ever returns more.
      for (const extra of result.slice(1)) this.backend.disposeData(extra.dataId);
      const first = result[0];
      if (first === undefined) throw new Error(`Kernel '${kernelName}' returned no output.`);
      this.owned.push(first);
      return first;
    }
    this.owned.push(result);
    return result;
  }

  /** A new float32 tensor of the backend's, its contents unset; freed by `release` unless kept. */
  make(shape: number[]): TensorInfo {
    const backend = this.backend as KernelBackend & { makeOutput(shape: number[], dtype: 'float32'): TensorInfo };
    const made = backend.makeOutput(shape, 'float32');
    this.owned.push(made);
    return made;
  }

  /** The same data under another shape of equal size: no copy, nothing to free. */
  view(tensor: TensorInfo, shape: number[]): TensorInfo {
    return { dataId: tensor.dataId, shape, dtype: tensor.dtype as DataType };
  }

  /** Frees one intermediate now (one that is large, or that caches work on its id). */
  free(tensor: TensorInfo): void {
    const index = this.owned.indexOf(tensor);
    if (index >= 0) this.owned.splice(index, 1);
    this.backend.disposeData(tensor.dataId);
  }

  /** Frees every intermediate except `keep` (the kernel's result). */
  release(keep?: TensorInfo): void {
    for (const info of this.owned) {
      if (info !== keep) this.backend.disposeData(info.dataId);
    }
    this.owned.length = 0;
  }
}
