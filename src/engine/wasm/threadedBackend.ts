/**
 * Starts tfjs-backend-wasm's threaded SIMD build ourselves instead of through the package's init().
 *
 * Why not the package's own start-up: each thread of the threaded build is a Web Worker that must
 * load the Emscripten script too, and the package hands it that script as a Blob made from
 * `factory.toString()` — the text of a function that, once bundled, is no longer self-contained.
 * The shipped source guards its one outside reference with `typeof _scriptDir !== "undefined"`;
 * a minifier may rename `_scriptDir` (to `e`, say) and, since it sees the variable declared right
 * there, rewrite the guard as `e !== void 0`, which throws a ReferenceError in the thread's worker,
 * where the function stands alone. That worker never reports back as loaded, Emscripten waits for
 * all of its threads before it resolves the module, and `tf.setBackend('wasm')` never settles:
 * the hang an earlier attempt saw in the production build. Here the threads load the script file
 * exactly as shipped (emitted unminified as an asset), and a thread that fails to load rejects at
 * once instead of waiting forever.
 *
 * The package also caps the threads at half of navigator.hardwareConcurrency (it assumes two
 * hardware threads per core), which leaves a two-core machine on one thread; the core count the
 * module reads is set from our thread plan instead.
 */
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BackendWasmModule } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm';
import * as threadedFactoryModule from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import type { WasmFactoryConfig } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';

/** Where the threaded build's three files are, and how to compile its binary here. */
export interface ThreadedWasmSources {
  /** The Emscripten script as shipped; every thread's worker loads it (URL, or a path in Node). */
  script: string;
  /** The thread workers' entry script (URL, or a path in Node). */
  workerScript: string;
  /** Fetches (browser) or reads (Node) tfjs-backend-wasm-threaded-simd.wasm and compiles it. */
  compileBinary(): Promise<WebAssembly.Module>;
}

/**
 * The package's worker source, made loadable: it is kept in a template literal, so escapes such as
 * "\n" inside its string literals arrive as raw line breaks, which would end those strings.
 */
export function loadableWorkerSource(contents: string): string {
  return contents.replace(/\n/g, '\\n');
}

type ThreadedFactory = (config: WasmFactoryConfig & Record<string, unknown>) => Promise<BackendWasmModule>;

/** The factory, whichever way the bundler or Node wrapped the CommonJS module. */
function threadedFactory(): ThreadedFactory {
  const namespace = threadedFactoryModule as unknown as { default?: unknown };
  const candidate = typeof namespace.default === 'function' ? namespace.default : (namespace as unknown);
  if (typeof candidate !== 'function') throw new Error('the threaded WASM build did not load as a function');
  return candidate as ThreadedFactory;
}

/** The parts of Emscripten's runtime used here (its typings leave them out). */
interface EmscriptenThreadedRuntime {
  cwrap(name: string, returnType: string | null, argumentTypes: string[]): (...args: number[]) => number;
  HEAPU32?: Uint32Array;
  PThread?: {
    unusedWorkers?: WorkerLike[];
    runningWorkers?: WorkerLike[];
    terminateAllThreads?: () => void;
  };
}

/** A browser Worker or a Node worker_threads Worker. */
interface WorkerLike {
  addEventListener?: (type: 'error', listener: (event: { message?: string }) => void) => void;
  on?: (type: 'error', listener: (error: Error) => void) => void;
  /** Node only: lets the process exit while the worker lives. */
  unref?: () => void;
  terminate?: () => void;
}

function describeWorkerError(error: { message?: string } | Error | undefined): string {
  return error?.message || 'a thread of the threaded WASM build failed to load';
}

/**
 * The threaded WASM backend with `threads` threads (the calling thread included). Rejects when the
 * binary cannot be compiled or a thread's worker fails to load. With `switchable`, it can also
 * drop to one thread per model (wasmThreadSwitch); a thread count set by hand is left alone.
 */
export async function createThreadedWasmBackend(threads: number, sources: ThreadedWasmSources, switchable = true): Promise<BackendWasm> {
  const factory = threadedFactory();
  const binary = await sources.compileBinary();
  let rejectLoad: (error: Error) => void = () => {};
  const threadFailed = new Promise<never>((_, reject) => {
    rejectLoad = reject;
  });
  const config: WasmFactoryConfig & Record<string, unknown> = {
    mainScriptUrlOrBlob: sources.script,
    locateFile: (path: string) => (path.endsWith('.worker.js') ? sources.workerScript : path),
    instantiateWasm(
      imports: { env: Record<string, unknown> },
      receiveInstance: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) {
      // The module sizes its thread pool from the logical core count halved; report twice the
      // threads wanted so that the pool gets exactly that many.
      imports.env.emscripten_num_logical_cores = () => threads * 2;
      WebAssembly.instantiate(binary, imports as WebAssembly.Imports).then(
        (instance) => receiveInstance(instance, binary),
        (error: unknown) => rejectLoad(error instanceof Error ? error : new Error(String(error))),
      );
      return {};
    },
    onAbort: (message: string) => rejectLoad(new Error(`the threaded WASM build aborted: ${message}`)),
  };
  const ready = factory(config);
  const runtime = config as unknown as EmscriptenThreadedRuntime;
  // Emscripten starts its thread workers inside the factory call: watch them from now on.
  for (const worker of runtime.PThread?.unusedWorkers ?? []) {
    const fail = (error: { message?: string } | Error | undefined) =>
      rejectLoad(new Error(`a WASM thread failed to load: ${describeWorkerError(error)}`));
    if (typeof worker.addEventListener === 'function') worker.addEventListener('error', fail);
    else worker.on?.('error', fail);
  }
  let module: BackendWasmModule;
  try {
    module = await Promise.race([ready, threadFailed]);
  } catch (error) {
    runtime.PThread?.terminateAllThreads?.();
    throw error;
  }
  const emscripten = module as unknown as EmscriptenThreadedRuntime;
  module.tfjs = {
    init: emscripten.cwrap('init', null, []),
    initWithThreadsCount: emscripten.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: emscripten.cwrap('get_threads_count', 'number', []),
    registerTensor: emscripten.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: emscripten.cwrap('dispose_data', null, ['number']),
    dispose: emscripten.cwrap('dispose', null, []),
  };
  setThreadsCount(threads);
  const backend = new BackendWasm(module); // starts the thread pool
  // Emscripten keeps a Node process alive while a thread runs, as a C program would; the pool's
  // threads run for good, and a CLI run or a test must still end when its work is done.
  for (const worker of emscripten.PThread?.runningWorkers ?? []) worker.unref?.();
  // Before the spare workers go: finding the pool switch may need one to start the pool again.
  const threadSwitch = switchable ? prepareThreadSwitch(module, threads) : undefined;
  if (threadSwitch !== undefined) threadSwitches.set(backend, threadSwitch);
  // The build starts eight workers whatever the thread count; the pool has taken what it needs
  // and nothing else starts threads, so the rest would only hold memory (a WASM instance each).
  const idle = emscripten.PThread?.unusedWorkers ?? [];
  for (const worker of idle.splice(0, idle.length)) worker.terminate?.();
  return backend;
}

/** Threads of a started WASM backend (1 for the single-threaded builds). */
export function wasmBackendThreads(backend: unknown): number {
  const tfjs = (backend as { wasm?: { tfjs?: { getThreadsCount?: () => number } } } | undefined)?.wasm?.tfjs;
  const count = tfjs?.getThreadsCount?.();
  return typeof count === 'number' && count >= 1 ? count : 1;
}

/**
 * Switches a threaded WASM backend between its full thread pool and one thread, for models whose
 * steps are too small to share: logistic regression trains faster on one thread than on two (the
 * cost of handing each small kernel to the pool outweighs the arithmetic saved).
 */
export interface WasmThreadSwitch {
  /** The thread counts it can compute on, the most first: [all threads, 1]. */
  readonly counts: readonly number[];
  /** Computes on `threads` (one of `counts`) from the next kernel on. */
  use(threads: number): void;
}

const threadSwitches = new WeakMap<object, WasmThreadSwitch>();

/** The thread switch of a started threaded WASM backend; undefined for any other backend. */
export function wasmThreadSwitch(backend: unknown): WasmThreadSwitch | undefined {
  return typeof backend === 'object' && backend !== null ? threadSwitches.get(backend) : undefined;
}

/** Where the module's statics (the thread pool's pointer among them) are looked for: its first 4 MiB. */
const STATIC_SCAN_WORDS = 1 << 20;
/** The thread pool is allocated aligned to a cache line: its address is a multiple of this. */
const POOL_ALIGNMENT = 64;

/**
 * tfjs keeps the backend's thread pool in one global pointer, which `init_with_threads_count`
 * overwrites with a new pool (leaving the old one, idle, in place). Starting a one-thread pool
 * needs no new thread; starting a bigger one again would need a worker to load, which cannot
 * happen while a kernel waits for it. So both pools are kept and the pointer is swapped: it is
 * found as the one word of the module's statics that changed from one pool's address to the
 * other's and, written back, makes the module report the full thread count again. If it cannot be
 * found unambiguously, the full pool is started again (with a spare worker, which is why this runs
 * before they are let go) and no switch is offered.
 */
function prepareThreadSwitch(module: BackendWasmModule, threads: number): WasmThreadSwitch | undefined {
  const runtime = module as unknown as EmscriptenThreadedRuntime;
  const heap = () => runtime.HEAPU32;
  const { tfjs } = module;
  const words = Math.min(heap()?.length ?? 0, STATIC_SCAN_WORDS);
  if (threads <= 1 || words === 0 || tfjs.getThreadsCount() !== threads) return undefined;
  // Starting the full pool again (should the pointer not be found) takes threads − 1 spare workers:
  // without them it would wait for workers that cannot load while it waits. Then no switch.
  if ((runtime.PThread?.unusedWorkers?.length ?? 0) < threads - 1) return undefined;
  const before = (heap() as Uint32Array).slice(0, words);
  tfjs.initWithThreadsCount(1);
  const after = heap() as Uint32Array;
  const found: number[] = [];
  if (tfjs.getThreadsCount() === 1) {
    for (let index = 0; index < words; index++) {
      const full = before[index] as number;
      const single = after[index] as number;
      if (full === single || full === 0 || single === 0 || full % POOL_ALIGNMENT !== 0 || single % POOL_ALIGNMENT !== 0) continue;
      after[index] = full;
      const count = tfjs.getThreadsCount();
      after[index] = single;
      if (count === threads) found.push(index);
    }
  }
  const index = found[0];
  if (found.length !== 1 || index === undefined) {
    tfjs.initWithThreadsCount(threads);
    return undefined;
  }
  const pools = new Map<number, number>([
    [threads, before[index] as number],
    [1, after[index] as number],
  ]);
  const threadSwitch: WasmThreadSwitch = {
    counts: [threads, 1],
    use(count: number) {
      const pool = pools.get(count);
      if (pool === undefined) throw new Error(`The WASM backend can compute on ${[...pools.keys()].join(' or ')} threads, not ${count}.`);
      (heap() as Uint32Array)[index] = pool;
    },
  };
  threadSwitch.use(threads);
  return tfjs.getThreadsCount() === threads ? threadSwitch : undefined;
}
