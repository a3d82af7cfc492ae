/**
 * Kairo's SIMD kernels (kernels.wat) instantiated on the WASM backend's own memory, so that they
 * read and write tensors where they lie. Where they cannot be had (a browser without WASM SIMD, a
 * backend whose memory is not reachable, or a compile refused), callers keep their JavaScript
 * loops: `simdKernels` returns undefined and says nothing more.
 */
import { PLAIN_MEMORY_KERNELS, SHARED_MEMORY_KERNELS } from './binary';

export interface SimdKernels {
  /** See kernels.wat: pointers are byte addresses in the backend's memory. */
  maxPool2x2Grad(
    x: number,
    dy: number,
    dx: number,
    batch: number,
    inHeight: number,
    inWidth: number,
    channels: number,
    outHeight: number,
    outWidth: number,
  ): void;
  wideColumns(
    src: number,
    srcEnd: number,
    dst: number,
    first: number,
    images: number,
    batch: number,
    height: number,
    width: number,
    channels: number,
    outHeight: number,
    outWidth: number,
    kh: number,
    kw: number,
  ): void;
  adadelta(
    x: number,
    gradient: number,
    squaredGradients: number,
    squaredUpdates: number,
    outX: number,
    outSquaredGradients: number,
    outSquaredUpdates: number,
    size: number,
    learningRate: number,
    rho: number,
    epsilon: number,
  ): void;
  columnSums(values: number, rows: number, columns: number, totals: number): void;
  transposeMatrix(from: number, to: number, rows: number, rowStride: number, cols: number, colStride: number, tile: number): void;
  dropoutMask(out: number, count: number, threshold: number, scale: number, state: number): void;
}

/** The emscripten module behind tfjs-backend-wasm: its memory under one of two names. */
interface EmscriptenModule {
  wasmMemory?: unknown;
  asm?: { memory?: unknown };
}

const instances = new WeakMap<WebAssembly.Memory, SimdKernels | null>();
let enabled = true;

/** Turns the SIMD kernels off (their callers then run their JavaScript loops) or back on: for benches and tests. */
export function setSimdKernelsEnabled(on: boolean): void {
  enabled = on;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The backend's WebAssembly memory: the threaded build keeps it on the module, the other exports it. */
export function backendMemory(backend: unknown): WebAssembly.Memory | undefined {
  const module = (backend as { wasm?: EmscriptenModule } | undefined)?.wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : undefined;
}

/** The kernels on `backend`'s memory (instantiated once per memory), or undefined where they cannot run. */
export function simdKernels(backend: unknown): SimdKernels | undefined {
  if (!enabled) return undefined;
  const memory = backendMemory(backend);
  if (memory === undefined) return undefined;
  const known = instances.get(memory);
  if (known !== undefined) return known ?? undefined;
  let kernels: SimdKernels | null = null;
  try {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    // Under 2 KB: small enough to compile synchronously on any thread.
    const module = new WebAssembly.Module(decode(shared ? SHARED_MEMORY_KERNELS : PLAIN_MEMORY_KERNELS));
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    kernels = instance.exports as unknown as SimdKernels;
  } catch {
    kernels = null; // no WASM SIMD here, or a memory the module cannot import
  }
  instances.set(memory, kernels);
  return kernels ?? undefined;
}
