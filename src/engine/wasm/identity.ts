import { Identity, type KernelBackend, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';

/**
 * Identity for the WASM backend without a copy: the output shares the input's memory, as on
 * tfjs's CPU and WebGL backends (and as the WASM backend's own Reshape does). The shipped kernel
 * copies the whole tensor; tfjs calls Identity for clones and kept tensors, six times per
 * course-CNN step on activations of up to 4.7 million numbers. Nothing in tfjs writes into a
 * kernel's input, so sharing is safe; strings go to the shipped kernel.
 */
export function identityOrShipped(args: Parameters<KernelFunc>[0], shipped: KernelConfig): TensorInfo | TensorInfo[] {
  const x = args.inputs.x;
  if (x === undefined || x.dtype === 'string') return shipped.kernelFunc(args);
  (args.backend as KernelBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** Kernel config wrapping the shipped Identity (taken from the registry before ours replaces it). */
export function identityConfig(shipped: KernelConfig): KernelConfig {
  return {
    kernelName: Identity,
    backendName: shipped.backendName,
    setupFunc: shipped.setupFunc,
    disposeFunc: shipped.disposeFunc,
    kernelFunc: (args) => identityOrShipped(args, shipped),
  };
}
