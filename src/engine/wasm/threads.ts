/**
 * How many threads the WASM backend may use here, and why: a pure decision, tested with fake
 * surroundings (tests/unit/wasm-threads.test.ts).
 */

/**
 * The threaded build starts this many workers with the module and hands them out as threads; a
 * thread beyond them would be started on demand, which only completes once the starting thread
 * returns to its event loop (it would wait for the new thread first: a deadlock).
 */
export const MAX_WASM_THREADS = 8;

/**
 * Why the WASM backend runs on the threads it runs on:
 * 'threads' (all the cores it was offered), 'chosen' (a count asked for, e.g. `--threads`),
 * 'not-isolated' (the page is not cross-origin isolated, so no memory can be shared between
 * threads), 'no-shared-memory' (the browser lacks SharedArrayBuffer or WASM threads),
 * 'one-core' (one core: nothing to share), 'threads-failed' (the threaded build did not start;
 * single-threaded instead); after a model is compiled, 'model-timed' (its training steps were
 * timed on all threads and on one, the faster kept) or 'model-remembered' (that trial's winner for a
 * model of its size on this device, remembered).
 */
export type WasmThreadsCode =
  | 'threads'
  | 'chosen'
  | 'not-isolated'
  | 'no-shared-memory'
  | 'one-core'
  | 'threads-failed'
  | 'model-timed'
  | 'model-remembered';

export interface WasmThreadEnvironment {
  /** Logical cores (navigator.hardwareConcurrency, os.availableParallelism()). */
  logicalCores: number;
  /** self.crossOriginIsolated in a browser; true in Node, which has no such rule. */
  crossOriginIsolated: boolean;
  /** SharedArrayBuffer exists and WebAssembly validates a module with shared memory and atomics. */
  sharedMemory: boolean;
}

export interface WasmThreadPlan {
  /** 1 means the single-threaded SIMD build. */
  threads: number;
  code: WasmThreadsCode;
}

function clampThreads(count: number): number {
  return Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(count)));
}

/**
 * The thread count for the WASM backend. `requested` (a positive integer) overrides the core count
 * but not what the browser allows; without it every logical core is used, up to MAX_WASM_THREADS.
 */
export function planWasmThreads(environment: WasmThreadEnvironment, requested?: number): WasmThreadPlan {
  const wanted = requested !== undefined && Number.isFinite(requested) && requested >= 1 ? clampThreads(requested) : undefined;
  if (wanted === 1) return { threads: 1, code: 'chosen' };
  if (!environment.crossOriginIsolated) return { threads: 1, code: 'not-isolated' };
  if (!environment.sharedMemory) return { threads: 1, code: 'no-shared-memory' };
  if (wanted !== undefined) return { threads: wanted, code: 'chosen' };
  const cores = Number.isFinite(environment.logicalCores) ? clampThreads(environment.logicalCores) : 1;
  if (cores <= 1) return { threads: 1, code: 'one-core' };
  return { threads: cores, code: 'threads' };
}

/** A WebAssembly module with a shared memory and one atomic load: validates only where WASM threads work. */
const SHARED_MEMORY_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type section: () -> i32
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x05, 0x04, 0x01, 0x03, 0x01, 0x01, // memory section: shared, min 1, max 1 page
  0x0a, 0x0a, 0x01, 0x08, 0x00, 0x41, 0x00, 0xfe, 0x10, 0x02, 0x00, 0x0b, // i32.const 0; i32.atomic.load
]);

/** What the current JS environment offers for threads (browser worker or Node). */
export function detectWasmThreadEnvironment(nodeCores?: number): WasmThreadEnvironment {
  const scope = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  let sharedMemory = false;
  try {
    sharedMemory = typeof SharedArrayBuffer === 'function' && WebAssembly.validate(SHARED_MEMORY_PROBE);
  } catch {
    sharedMemory = false;
  }
  return {
    logicalCores: nodeCores ?? scope.navigator?.hardwareConcurrency ?? 1,
    crossOriginIsolated: isNode || scope.crossOriginIsolated === true,
    sharedMemory,
  };
}
