/**
 * Starting the WASM backend: our kernels, the binaries' locations, and how many threads. Runs in
 * the browser worker (pass the app's own asset URLs) and in Node (the files in node_modules).
 */
import { findBackendFactory, registerBackend, removeBackend } from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { nodeWasmAssets } from './nodeAssets';
import { registerWasmKernels, startedWasmBackend, setFusedAdadelta, type WasmKernelOptions } from './registerKernels';
import { simdKernels } from './simd/kernels';
import { createThreadedWasmBackend, type ThreadedWasmSources, wasmBackendThreads, wasmThreadSwitch } from './threadedBackend';
import { detectWasmThreadEnvironment, planWasmThreads, type WasmThreadPlan, type WasmThreadsCode } from './threads';

export { registerWasmKernels, type WasmKernelOptions } from './registerKernels';

/** The tfjs namespace (passed in, so callers decide which import they use). */
export type TfNamespace = typeof import('@tensorflow/tfjs');

const WASM = 'wasm';
/** The priority tfjs-backend-wasm registers itself with. */
const WASM_PRIORITY = 2;

/** The three binaries the WASM backend may ask for; setWasmPaths with a map needs all three. */
export type WasmBinaryName =
  | 'tfjs-backend-wasm.wasm'
  | 'tfjs-backend-wasm-simd.wasm'
  | 'tfjs-backend-wasm-threaded-simd.wasm';

/** A folder prefix ending in '/' (or a URL prefix), or one URL per binary. */
export type WasmPaths = string | Record<WasmBinaryName, string>;

export interface WasmInitOptions extends WasmKernelOptions {
  /** Where the single-threaded .wasm files are. Default in Node: the package's dist folder in node_modules. */
  wasmPaths?: WasmPaths;
  /** Where the threaded build's files are. Default in Node: node_modules; without them, one thread. */
  threaded?: ThreadedWasmSources;
  /**
   * Threads to use (the calling thread included); 1 means the single-threaded build. Default:
   * every logical core, where the page is cross-origin isolated (see planWasmThreads).
   */
  threads?: number;
  /** When WASM cannot start, switch to the CPU backend instead of staying where we were. Default true. */
  fallbackToCpu?: boolean;
}

export interface WasmInitResult {
  /** The backend active after the call: 'wasm', or 'cpu' after a fallback. */
  backend: string;
  /** Whether the WASM backend runs its SIMD binary (false when the backend is not wasm). */
  simd: boolean;
  /** Threads the WASM backend computes on (1 when single-threaded or not wasm). */
  threads: number;
  /** Why that many threads. */
  threadsCode: WasmThreadsCode;
  /** Why the threaded build did not start, when it failed ('threads-failed'). */
  threadsError?: string;
  /** Why WASM is not the active backend; absent when it is. */
  error?: string;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}

/** Where the .wasm files are looked for, set by the last prepareWasmBackend; for error messages. */
let configuredPaths: WasmPaths | undefined;

function describePaths(paths: WasmPaths | undefined): string {
  if (paths === undefined) return "next to the backend's script";
  if (typeof paths === 'string') return paths;
  return paths['tfjs-backend-wasm-simd.wasm'];
}

/** The thread plan of the WASM backend being (or last) set up, and how it turned out. */
interface ThreadState {
  plan: WasmThreadPlan;
  sources?: ThreadedWasmSources;
  /** The caller's fusedAdadelta option; undefined: on for the threaded build, and for the other where the SIMD kernels load. */
  fusedAdadelta?: boolean;
  /** Set when the threaded build failed and the backend fell back to one thread. */
  failure?: string;
}

let threadState: ThreadState = { plan: { threads: 1, code: 'chosen' } };
/** tfjs-backend-wasm's own factory (single-threaded here), kept when ours replaces it. */
let shippedFactory: ReturnType<typeof findBackendFactory> | undefined;
/** Ours, once installed (so that a second prepare does not wrap it again). */
let ourFactory: NonNullable<ReturnType<typeof findBackendFactory>> | undefined;

/**
 * Our factory for the 'wasm' backend: the threaded build when the plan says so and it starts,
 * the package's own single-threaded start-up otherwise.
 */
async function createWasmBackend(tf: TfNamespace): Promise<unknown> {
  const { plan, sources } = threadState;
  if (plan.threads > 1 && sources !== undefined) {
    try {
      // Per-model thread counts only where Kairo chose all cores, not where a count was set.
      const backend = await createThreadedWasmBackend(plan.threads, sources, plan.code === 'threads');
      setFusedAdadelta(threadState.fusedAdadelta ?? true);
      return backend;
    } catch (error) {
      threadState = { ...threadState, failure: errorText(error) };
    }
  }
  // The package picks its threaded binary whenever this flag is on; ours handles threads.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (shippedFactory === undefined || shippedFactory === null) throw new Error('tfjs-backend-wasm is not registered');
  const backend = await shippedFactory();
  // On one thread the fused step wins only with its SIMD loop (its JavaScript loop loses to the
  // shipped elementwise kernels there).
  setFusedAdadelta(threadState.fusedAdadelta ?? simdKernels(backend) !== undefined);
  return backend;
}

function installWasmFactory(tf: TfNamespace): void {
  const current = findBackendFactory(WASM);
  if (current === null) throw new Error('tfjs-backend-wasm is not registered');
  if (current === ourFactory) return;
  shippedFactory = current;
  ourFactory = () => createWasmBackend(tf) as ReturnType<NonNullable<typeof shippedFactory>>;
  removeBackend(WASM);
  registerBackend(WASM, ourFactory, WASM_PRIORITY);
}

async function nodeCoreCount(): Promise<number | undefined> {
  if (typeof process === 'undefined' || typeof process.versions?.node !== 'string') return undefined;
  const specifier = 'node:os';
  const os = (await import(/* @vite-ignore */ specifier)) as typeof import('node:os');
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Everything that must happen before the WASM backend starts: our kernels, where the .wasm files
 * are, and how many threads it will use. Does not switch backends, so a caller can time several.
 * Returns an error message, or undefined when ready.
 */
export async function prepareWasmBackend(tf: TfNamespace, options: WasmInitOptions = {}): Promise<string | undefined> {
  try {
    registerWasmKernels(options);
    if (startedWasmBackend() !== undefined) return undefined; // already started: files and threads are fixed
    const node = await nodeWasmAssets();
    const paths = options.wasmPaths ?? node?.folder;
    if (paths !== undefined) setWasmPaths(paths);
    configuredPaths = paths;
    const environment = detectWasmThreadEnvironment(await nodeCoreCount());
    const sources = options.threaded ?? node?.threaded;
    const plan = planWasmThreads(environment, sources === undefined ? 1 : options.threads);
    threadState = {
      plan,
      ...(sources ? { sources } : {}),
      ...(options.fusedAdadelta !== undefined ? { fusedAdadelta: options.fusedAdadelta } : {}),
    };
    installWasmFactory(tf);
    return undefined;
  } catch (error) {
    return `Could not prepare the WASM backend: ${errorText(error)}`;
  }
}

/** Threads of the active WASM backend and why, after it started. */
export function wasmThreadsInUse(tf: TfNamespace): Pick<WasmInitResult, 'threads' | 'threadsCode' | 'threadsError'> {
  if (tf.getBackend() !== WASM) return { threads: 1, threadsCode: threadState.plan.code };
  const threads = wasmBackendThreads(tf.backend());
  if (threadState.failure !== undefined) return { threads, threadsCode: 'threads-failed', threadsError: threadState.failure };
  return { threads, threadsCode: threadState.plan.code };
}

/**
 * Prepares and switches to the WASM backend (Node: CLI and tests; browser: pass wasmPaths and
 * threaded from browserPaths.ts). Never throws: when WASM cannot start it reports why and, by
 * default, switches to the CPU backend.
 */
export async function initWasmBackend(tf: TfNamespace, options: WasmInitOptions = {}): Promise<WasmInitResult> {
  let error = await prepareWasmBackend(tf, options);
  if (error === undefined) {
    try {
      if (await tf.setBackend(WASM)) {
        await tf.ready();
        // A model may have left it on fewer threads (threadTiming.ts): a fresh start uses them all.
        const threadSwitch = wasmThreadSwitch(tf.backend());
        threadSwitch?.use(threadSwitch.counts[0] as number);
        const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
        return { backend: WASM, simd, ...wasmThreadsInUse(tf) };
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
  return { backend: tf.getBackend() ?? 'none', simd: false, threads: 1, threadsCode: threadState.plan.code, error };
}
