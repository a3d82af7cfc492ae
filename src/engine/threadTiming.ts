/**
 * How many threads the WASM backend trains a given model on. All of them pays off for a model
 * whose kernels are big enough to share; for a small one (logistic regression: one 128×784·784×10
 * product per step) handing each of a step's few dozen kernels to the thread pool costs more than
 * the arithmetic it saves, and one thread trains it about twice as fast. So, once a model is
 * compiled, a few of its training steps are timed on all threads and on one and the faster is
 * kept (backendChoice.ts decides; this file measures), remembered per device and model size like
 * the backend trial in backendTiming.ts.
 */
import type { Graph } from '../graph/types';
import type { BackendChoice } from './backend';
import { wasmLabel } from './backend';
import { backendTimingKey, chooseThreadCount, type ThreadTiming } from './backendChoice';
import { type BackendTimingCache, type ModelTimingOptions, modelSize, timeTrainingSteps } from './backendTiming';
import { type WasmThreadSwitch, wasmThreadSwitch } from './wasm/threadedBackend';
import type { WasmThreadsCode } from './wasm/threads';

type Tf = typeof import('@tensorflow/tfjs');

/**
 * A step that takes longer than this on all threads has kernels big enough to share: one thread
 * is not tried (it would only cost the user the wait). The pool's overhead is a few tens of
 * microseconds per kernel, a few milliseconds per step at most.
 */
export const LARGE_STEP_MS = 50;

/** The thread trial's steps: enough of them to outlast timer ticks on a millisecond-long step. */
const THREAD_TRIAL: ModelTimingOptions = { warmupSteps: 2, timedSteps: 3, minTimedMs: 150 };

export interface ThreadChoice {
  threads: number;
  /** Of how many the backend has. */
  available: number;
  code: Extract<WasmThreadsCode, 'model-timed' | 'model-remembered'>;
  /** The figures behind it, the most threads first. */
  timings: ThreadTiming[];
}

export interface ThreadChoiceOptions {
  cache?: BackendTimingCache;
  now?: () => number;
  /** The backend's thread switch (default: the active WASM backend's). */
  threadSwitch?: WasmThreadSwitch;
  /** Measures the model on the threads in use (default timeTrainingSteps; tests pass fake timings). */
  timeSteps?: (tf: Tf, graph: Pick<Graph, 'nodes' | 'edges'>) => Promise<number | null>;
}

/** Where a thread trial is filed: the core count and the model's size (backendTimingKey). */
function threadTimingKey(available: number, size: { parameters: number; batchSize: number }): string {
  return backendTimingKey({ gpu: 'wasm thread pool', threads: available }, size);
}

/**
 * Puts the active WASM backend on the best thread count for `graph`: remembered for its size on
 * this device, or else timed now. undefined (nothing changed) where the backend cannot switch
 * threads (not WASM, single-threaded, no switch) or the graph does not compile.
 */
export async function chooseWasmThreadsForModel(
  tf: Tf,
  graph: Pick<Graph, 'nodes' | 'edges'>,
  options: ThreadChoiceOptions = {},
): Promise<ThreadChoice | undefined> {
  const threadSwitch = options.threadSwitch ?? (tf.getBackend() === 'wasm' ? wasmThreadSwitch(tf.backend()) : undefined);
  if (threadSwitch === undefined || threadSwitch.counts.length < 2) return undefined;
  const available = threadSwitch.counts[0] as number;
  const size = modelSize(tf, graph);
  if (size === undefined) return undefined;
  const key = threadTimingKey(available, size);

  const remembered = await options.cache?.get(key).catch(() => undefined);
  if (remembered?.threads !== undefined && threadSwitch.counts.includes(remembered.threads)) {
    threadSwitch.use(remembered.threads);
    return { threads: remembered.threads, available, code: 'model-remembered', timings: remembered.threadTimings ?? [] };
  }

  const timeSteps = options.timeSteps ?? ((tfjs: Tf, timed: Pick<Graph, 'nodes' | 'edges'>) => timeTrainingSteps(tfjs, timed, THREAD_TRIAL));
  const timings: ThreadTiming[] = [];
  try {
    for (const threads of threadSwitch.counts) {
      threadSwitch.use(threads);
      const msPerStep = await timeSteps(tf, graph);
      timings.push({ threads, msPerStep });
      if (threads === available && msPerStep !== null && msPerStep > LARGE_STEP_MS) break;
    }
  } finally {
    threadSwitch.use(available);
  }
  const decided = chooseThreadCount(timings);
  threadSwitch.use(decided.threads);
  await options.cache
    ?.set({ key, backend: 'wasm', timings: [], threads: decided.threads, threadTimings: decided.timings, measuredAt: (options.now ?? Date.now)() })
    .catch(() => {});
  return { threads: decided.threads, available, code: 'model-timed', timings: decided.timings };
}

/** "2 threads 1.6 ms/step, 1 thread 0.9 ms/step", in English (the UI words it itself). */
export function threadFiguresText(timings: readonly ThreadTiming[]): string {
  return timings
    .map((timing) => {
      const threads = timing.threads === 1 ? '1 thread' : `${timing.threads} threads`;
      return `${threads} ${timing.msPerStep === null ? 'failed' : `${timing.msPerStep.toFixed(1)} ms/step`}`;
    })
    .join(', ');
}

/** Whether a thread choice says more than "all threads": one thread was tried too. */
export function threadChoiceWasTrial(thread: ThreadChoice): boolean {
  return thread.timings.length > 1 || thread.threads !== thread.available;
}

/**
 * The backend choice with a thread choice applied: threads, code, figures, and the English
 * sentence. A model too big to try on one thread (LARGE_STEP_MS) keeps the plain "all cores" line.
 */
export function withThreadChoice(choice: BackendChoice, thread: ThreadChoice | undefined): BackendChoice {
  if (thread === undefined || choice.backend !== 'wasm') return choice;
  if (!threadChoiceWasTrial(thread)) {
    const { threadsAvailable: _available, threadTimings: _timings, ...rest } = choice;
    return { ...rest, threads: thread.threads, threadsCode: 'threads', reason: choice.reason.replace(/^WASM \([^)]*\)|^WASM/, wasmLabel(choice.simd, thread.threads)).replace(/; on \d+ of \d+ threads.*$/, '') };
  }
  const why = choice.reason.includes(' — ') ? choice.reason.slice(choice.reason.indexOf(' — ') + 3).replace(/; on \d+ of \d+ threads.*$/, '') : choice.reason;
  const how = thread.code === 'model-remembered' ? 'the fastest for a model of this size when measured earlier' : 'the fastest for this model in a trial of a few training steps';
  return {
    ...choice,
    threads: thread.threads,
    threadsCode: thread.code,
    threadsAvailable: thread.available,
    threadTimings: thread.timings,
    reason: `${wasmLabel(choice.simd, thread.threads)} — ${why}; on ${thread.threads} of ${thread.available} threads, ${how} (${threadFiguresText(thread.timings)})`,
  };
}
