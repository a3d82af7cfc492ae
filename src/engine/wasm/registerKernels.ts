import { Conv2DBackpropFilter, engine, getKernel, type KernelBackend, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs';
import { adadeltaUpdateConfig } from './adadeltaUpdate';
import { batchMatMulConfig } from './batchMatMul';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter';
import { crossEntropyConfigs } from './crossEntropy';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput';
import { identityConfig } from './identity';
import { columnSumConfig } from './columnSum';
import { maxPoolGradConfig } from './maxPoolGrad';
import { setSimdKernelsEnabled } from './simd/kernels';
import { transposeConfig } from './transpose';

const WASM = 'wasm';

export interface WasmKernelOptions {
  /**
   * Our filter gradient (the backend ships none) as matrix products over chunks of pixels. Default
   * true; false takes it as one Conv2D instead (the earlier kernel, 3–4× slower on the course CNN).
   */
  fastFilterGradient?: boolean;
  /**
   * Replace the shipped Conv2DBackpropInput (a plain loop, several times slower than Conv2D on the
   * course CNN) with ours, built on Conv2D. Default true; false puts the shipped kernel back.
   */
  fastInputGradient?: boolean;
  /**
   * Wrap the shipped BatchMatMul so that transposed products (a dense layer's gradients) take its
   * fast path too. Default true; false puts the shipped kernel back.
   */
  fastMatMul?: boolean;
  /** Replace the shipped MaxPoolGrad with ours (one pass over the windows, on the heap). Default true. */
  fastPoolGradient?: boolean;
  /** Wrap the shipped Sum so that sums over all axes but the last (bias gradients) skip its transpose. Default true. */
  fastColumnSum?: boolean;
  /**
   * Register Kairo's fused Adadelta step (src/engine/adadelta.ts uses it where registered). Default:
   * leave it as it is (initWasmBackend turns it on for the threaded build, and for the
   * single-threaded one where the SIMD kernels load: see adadeltaUpdate.ts for the figures).
   */
  fusedAdadelta?: boolean;
  /** Replace the shipped Identity (a full copy) with one that shares the input's memory. Default true. */
  zeroCopyIdentity?: boolean;
  /** Wrap the shipped Transpose with ours (tiled, on the heap) for four-byte dtypes. Default true. */
  fastTranspose?: boolean;
  /**
   * Register Kairo's one-pass categorical cross-entropy, its gradient and the categorical accuracy
   * (src/engine/losses.ts uses them where registered; without them they are tfjs ops). Default true.
   */
  fusedCrossEntropy?: boolean;
  /**
   * Let our kernels run their inner loops as Kairo's WASM SIMD kernels (src/engine/wasm/simd)
   * where the browser has WASM SIMD. Default true; false keeps their JavaScript loops.
   */
  simdKernels?: boolean;
}

const filterGradKernels = { chunks: conv2dBackpropFilterConfig(WASM, true), conv2d: conv2dBackpropFilterConfig(WASM, false) };
/** Kairo's own kernel (no shipped one to replace): src/engine/adadelta.ts uses it where registered. */
const adadeltaKernel = adadeltaUpdateConfig(WASM);
/** Kairo's own as well: the cross-entropy, its gradient and the accuracy, one pass each. */
const crossEntropyKernels = crossEntropyConfigs(WASM);

/** A shipped kernel that ours may replace, and the shipped one, kept so that it can be put back. */
interface Replacement {
  kernelName: string;
  make(shipped: KernelConfig | undefined): KernelConfig | undefined;
  ours?: KernelConfig;
  shipped?: KernelConfig;
}

const inputGradReplacement: Replacement = {
  kernelName: 'Conv2DBackpropInput',
  make: () => conv2dBackpropInputConfig(WASM),
};
const matMulReplacement: Replacement = {
  kernelName: 'BatchMatMul',
  // Ours delegates to the shipped kernel, so without one there is nothing to wrap.
  make: (shipped) => (shipped === undefined ? undefined : batchMatMulConfig(shipped)),
};

const poolGradReplacement: Replacement = {
  kernelName: 'MaxPoolGrad',
  make: () => maxPoolGradConfig(WASM),
};

const sumReplacement: Replacement = {
  kernelName: 'Sum',
  make: (shipped) => (shipped === undefined ? undefined : columnSumConfig(shipped)),
};

const identityReplacement: Replacement = {
  kernelName: 'Identity',
  make: (shipped) => (shipped === undefined ? undefined : identityConfig(shipped)),
};

const transposeReplacement: Replacement = {
  kernelName: 'Transpose',
  make: (shipped) => (shipped === undefined ? undefined : transposeConfig(shipped)),
};

function isRegistered(config: KernelConfig | undefined): boolean {
  return config !== undefined && getKernel(config.kernelName, WASM)?.kernelFunc === config.kernelFunc;
}

/** The WASM backend instance if it has started; unlike tf.findBackend this never starts it. */
export function startedWasmBackend(): KernelBackend | undefined {
  return engine().registry[WASM];
}

/** Registers a kernel; one registered after the backend started must be set up by hand. */
function registerAndSetUp(config: KernelConfig): void {
  registerKernel(config);
  const started = startedWasmBackend();
  if (started !== undefined) config.setupFunc?.(started);
}

function applyReplacement(replacement: Replacement, wanted: boolean): void {
  const oursActive = isRegistered(replacement.ours);
  if (wanted && !oursActive) {
    const current = getKernel(replacement.kernelName, WASM);
    replacement.shipped = current ?? replacement.shipped;
    replacement.ours ??= replacement.make(replacement.shipped);
    if (replacement.ours === undefined) return;
    if (current !== undefined) unregisterKernel(replacement.kernelName, WASM);
    registerAndSetUp(replacement.ours);
  } else if (!wanted && oursActive) {
    unregisterKernel(replacement.kernelName, WASM);
    if (replacement.shipped !== undefined) registerAndSetUp(replacement.shipped);
  }
}

/** Registers or removes Kairo's fused Adadelta step for the WASM backend. */
export function setFusedAdadelta(enabled: boolean): void {
  const registered = getKernel(adadeltaKernel.kernelName, WASM) !== undefined;
  if (enabled && !registered) registerAndSetUp(adadeltaKernel);
  if (!enabled && registered) unregisterKernel(adadeltaKernel.kernelName, WASM);
}

/** Registers or removes Kairo's one-pass cross-entropy and accuracy kernels for the WASM backend. */
function setFusedCrossEntropy(enabled: boolean): void {
  for (const config of crossEntropyKernels) {
    const registered = getKernel(config.kernelName, WASM) !== undefined;
    if (enabled && !registered) registerAndSetUp(config);
    if (!enabled && registered) unregisterKernel(config.kernelName, WASM);
  }
}

/**
 * Registers our kernels for the WASM backend: Conv2DBackpropFilter (missing from
 * @tensorflow/tfjs-backend-wasm 4.22, so conv nets cannot train without it) and, unless told
 * otherwise, a faster Conv2DBackpropInput, BatchMatMul, MaxPoolGrad, Sum, Identity and Transpose in place of the shipped ones,
 * Kairo's one-pass cross-entropy, its gradient and the accuracy, and (where asked) Kairo's fused Adadelta step. Safe to
 * call any number of times, before or after the backend starts. Returns the names of the kernels
 * of ours now registered.
 */
export function registerWasmKernels(options: WasmKernelOptions = {}): string[] {
  // A later release may ship its own filter gradient: ours only fills the gap.
  const filterGrad = getKernel(Conv2DBackpropFilter, WASM);
  const filterGradWanted = (options.fastFilterGradient ?? true) ? filterGradKernels.chunks : filterGradKernels.conv2d;
  const filterGradOurs = filterGrad === undefined || Object.values(filterGradKernels).some((ours) => ours.kernelFunc === filterGrad.kernelFunc);
  if (filterGradOurs && filterGrad?.kernelFunc !== filterGradWanted.kernelFunc) {
    if (filterGrad !== undefined) unregisterKernel(Conv2DBackpropFilter, WASM);
    registerAndSetUp(filterGradWanted);
  }
  if (options.fusedAdadelta !== undefined) setFusedAdadelta(options.fusedAdadelta);
  setSimdKernelsEnabled(options.simdKernels ?? true);
  setFusedCrossEntropy(options.fusedCrossEntropy ?? true);
  applyReplacement(inputGradReplacement, options.fastInputGradient ?? true);
  applyReplacement(matMulReplacement, options.fastMatMul ?? true);
  applyReplacement(poolGradReplacement, options.fastPoolGradient ?? true);
  applyReplacement(sumReplacement, options.fastColumnSum ?? true);
  applyReplacement(identityReplacement, options.zeroCopyIdentity ?? true);
  applyReplacement(transposeReplacement, options.fastTranspose ?? true);
  return [...Object.values(filterGradKernels), adadeltaKernel, ...crossEntropyKernels, inputGradReplacement.ours, matMulReplacement.ours, poolGradReplacement.ours, sumReplacement.ours, identityReplacement.ours, transposeReplacement.ours]
    .filter(isRegistered)
    .map((config) => (config as KernelConfig).kernelName);
}
