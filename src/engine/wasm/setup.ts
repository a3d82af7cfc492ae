import {
  engine,
  getKernel,
  type KernelBackend,
  type KernelConfig,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { batchMatMulConfig } from './batchMatMul';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput';

/** The tfjs namespace (passed in, so callers decide which import they use). */
export type TfNamespace = typeof import('@tensorflow/tfjs');

const WASM = 'wasm';

/** The three binaries the WASM backend may ask for; setWasmPaths with a map needs all three. */
export type WasmBinaryName =
  | 'tfjs-backend-wasm.wasm'
  | 'tfjs-backend-wasm-simd.wasm'
  | 'tfjs-backend-wasm-threaded-simd.wasm';

/** A folder prefix ending in '/' (or a URL prefix), or one URL per binary. */
export type WasmPaths = string | Record<WasmBinaryName, string>;

export interface WasmKernelOptions {
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
}

export interface WasmInitOptions extends WasmKernelOptions {
  /** Where the .wasm files are. Default in Node: the package's dist folder in node_modules. */
  wasmPaths?: WasmPaths;
  /** When WASM cannot start, switch to the CPU backend instead of staying where we were. Default true. */
  fallbackToCpu?: boolean;
}

export interface WasmInitResult {
  /** The backend active after the call: 'wasm', or 'cpu' after a fallback. */
  backend: string;
  /** Whether the WASM backend runs its SIMD binary (false when the backend is not wasm). */
  simd: boolean;
  /** Why WASM is not the active backend; absent when it is. */
  error?: string;
}

const filterGradKernel = conv2dBackpropFilterConfig(WASM);

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

function isRegistered(config: KernelConfig | undefined): boolean {
  return config !== undefined && getKernel(config.kernelName, WASM)?.kernelFunc === config.kernelFunc;
}

/** The WASM backend instance if it has started; unlike tf.findBackend this never starts it. */
function startedWasmBackend(): KernelBackend | undefined {
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

/**
 * Registers our kernels for the WASM backend: Conv2DBackpropFilter (missing from
 * @tensorflow/tfjs-backend-wasm 4.22, so conv nets cannot train without it) and, unless told
 * otherwise, a faster Conv2DBackpropInput and BatchMatMul in place of the shipped ones. Safe to
 * call any number of times, before or after the backend starts. Returns the names of the kernels
 * of ours now registered.
 */
export function registerWasmKernels(options: WasmKernelOptions = {}): string[] {
  // A later release may ship its own filter gradient: ours only fills the gap.
  if (getKernel(filterGradKernel.kernelName, WASM) === undefined) registerAndSetUp(filterGradKernel);
  applyReplacement(inputGradReplacement, options.fastInputGradient ?? true);
  applyReplacement(matMulReplacement, options.fastMatMul ?? true);
  return [filterGradKernel, inputGradReplacement.ours, matMulReplacement.ours]
    .filter(isRegistered)
    .map((config) => (config as KernelConfig).kernelName);
}

/** The dist folder of @tensorflow/tfjs-backend-wasm when running in Node; undefined elsewhere. */
async function nodeWasmFolder(): Promise<string | undefined> {
  if (typeof process === 'undefined' || typeof process.versions?.node !== 'string') return undefined;
  // Specifiers in variables: bundlers for the browser must not try to pull Node builtins in.
  const moduleSpecifier = 'node:module';
  const pathSpecifier = 'node:path';
  const { createRequire } = (await import(/* @vite-ignore */ moduleSpecifier)) as typeof import('node:module');
  const path = (await import(/* @vite-ignore */ pathSpecifier)) as typeof import('node:path');
  const packageMain = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  return path.dirname(packageMain) + path.sep;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}

/** Where the .wasm files are looked for, set by the last prepareWasmBackend; for error messages. */
let configuredPaths: WasmPaths | undefined;

function describePaths(paths: WasmPaths | undefined): string {
  if (paths === undefined) return 'next to the backend\'s script';
  if (typeof paths === 'string') return paths;
  return paths['tfjs-backend-wasm-simd.wasm'];
}

/**
 * Everything that must happen before the WASM backend starts: our kernels, threads off (threaded
 * WASM needs COOP/COEP, hangs in a minified build and gains nothing on two cores), and where the
 * .wasm files are. Does not switch backends, so a caller can time several. Returns an error
 * message, or undefined when ready.
 */
export async function prepareWasmBackend(tf: TfNamespace, options: WasmInitOptions = {}): Promise<string | undefined> {
  try {
    registerWasmKernels(options);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (startedWasmBackend() !== undefined) return undefined; // already started: its paths are fixed
    const paths = options.wasmPaths ?? (await nodeWasmFolder());
    if (paths !== undefined) setWasmPaths(paths);
    configuredPaths = paths;
    return undefined;
  } catch (error) {
    return `Could not prepare the WASM backend: ${errorText(error)}`;
  }
}

/**
 * Prepares and switches to the WASM backend (Node: CLI and tests; browser: pass wasmPaths from
 * wasmPathsForBrowser()). Never throws: when WASM cannot start it reports why and, by default,
 * switches to the CPU backend.
 */
export async function initWasmBackend(tf: TfNamespace, options: WasmInitOptions = {}): Promise<WasmInitResult> {
  let error = await prepareWasmBackend(tf, options);
  if (error === undefined) {
    try {
      if (await tf.setBackend(WASM)) {
        await tf.ready();
        const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
        return { backend: WASM, simd };
      }
      error = `The WASM backend failed to start: its .wasm file could not be loaded or compiled (looked in ${describePaths(configuredPaths)}).`;
    } catch (cause) {
      error = `The WASM backend failed to start: ${errorText(cause)}`;
    }
  }
  if (options.fallbackToCpu ?? true) {
    try {
      await tf.setBackend('cpu');
      await tf.ready();
    } catch (cause) {
      error += ` The CPU fallback failed too: ${errorText(cause)}`;
    }
  }
  return { backend: tf.getBackend() ?? 'none', simd: false, error };
}
