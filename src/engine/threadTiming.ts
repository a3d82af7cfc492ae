/**
 * How many threads the WASM backend trains a given model on. All of them pays off for a model
 * whose kernels are big enough to share; for a small one (logistic regression: one 128×784·784×10
 * product per step) handing each of a step's few dozen kernels to the thread pool costs more than
 * the arithmetic it saves, and one thread trains it faster. So, once a model is compiled, rounds
 * of its training batches are timed on all threads and on one and the faster is kept
 * (backendChoice.ts decides; this file measures), remembered per device and model size like the
 * backend trial in backendTiming.ts.
 */
import type { Graph } from '../graph/types';
import type { BackendChoice } from './backend';
import { wasmLabel } from './backend';
import { backendTimingKey, chooseThreadCount, type ThreadTiming } from './backendChoice';
import type { BackendTimingCache } from './backendTiming';
import { type CompiledGraph, compileGraph } from './compile';
import { firstSamples, type LabelledSamples } from './data/samples';
import { TrainingControl } from './trainingControl';
import { type TrainingJob, trainModel } from './trainingLoop';
import { type WasmThreadSwitch, wasmThreadSwitch } from './wasm/threadedBackend';
import type { WasmThreadsCode } from './wasm/threads';

type Tf = typeof import('@tensorflow/tfjs');

/**
 * A batch that takes longer than this on all threads has kernels big enough to share: one thread
 * is not tried (it would only cost the user the wait). The pool's overhead is a few tens of
 * microseconds per kernel, a few milliseconds per step at most.
 */
export const LARGE_STEP_MS = 50;
/** Each timed round lasts about this long (at least 2 batches, at most 40). */
const ROUND_MS = 10;
const MIN_ROUND_BATCHES = 2;
const MAX_ROUND_BATCHES = 40;
/**
 * Timed rounds per thread count, alternating which count goes first: as many as fit in about
 * TIMED_MS in all, at least MIN_ROUNDS and at most MAX_ROUNDS.
 */
const MIN_ROUNDS = 8;
const MAX_ROUNDS = 40;
const TIMED_MS = 800;
/** Warm-up before the timed rounds: this long on all threads (a cap on its rounds only guards against a clock that stands still). */
const WARMUP_MS = 500;
const MAX_WARMUP_ROUNDS = 100;
/** Batches this long even while the code is cold belong to a model too big to try on one thread. */
const COLD_LARGE_STEP_MS = 3 * LARGE_STEP_MS;

/** Milliseconds per batch of `batches` training batches on `threads` threads; null when training failed. */
export type BatchTimer = (threads: number, batches: number) => Promise<number | null>;

/**
 * Times each thread count (the most first in `counts`) on rounds of real training batches: warm-up
 * rounds on all threads for WARMUP_MS (in a fresh worker the first batches of a small model take
 * several times longer than the rest), then rounds of ≈ ROUND_MS per count (8–40 each, about
 * TIMED_MS in all), alternating which
 * goes first so that a machine getting busier hurts both alike; each count's median round
 * counts. Not its quickest: on a shared machine a small model's rounds scatter by ±40 % on either
 * count, and the two-thread rounds have a fast tail, so the quickest rounds of the two sit close
 * together even where the medians are 1.3–1.5× apart. A model whose warmed-up batches take over
 * LARGE_STEP_MS on all threads is not tried on fewer.
 */
export async function trialThreadCounts(counts: readonly number[], timeBatches: BatchTimer): Promise<ThreadTiming[]> {
  const most = counts[0];
  if (most === undefined) return [];
  const failed = () => counts.map((threads) => ({ threads, msPerStep: null }));
  const roundSize = (msPerBatch: number) => Math.min(MAX_ROUND_BATCHES, Math.max(MIN_ROUND_BATCHES, Math.ceil(ROUND_MS / Math.max(msPerBatch, 0.01))));
  // Warm-up on all threads: in a fresh worker the engine's code is optimised over the first
  // fraction of a second, and until then a small model's batches take several times longer.
  let last = await timeBatches(most, 2);
  if (last === null) return failed();
  let spent = 2 * last;
  // (The first two batches also create every operator: they say nothing about the model's size.)
  for (let round = 0; round < MAX_WARMUP_ROUNDS && spent < WARMUP_MS && (round === 0 || last <= COLD_LARGE_STEP_MS); round++) {
    const batches = roundSize(last);
    const ms: number | null = await timeBatches(most, batches);
    if (ms === null) return failed();
    last = ms;
    spent += batches * ms;
  }
  if (last > LARGE_STEP_MS) return [{ threads: most, msPerStep: last }];
  const batches = roundSize(last);
  const roundsPerCount = Math.min(MAX_ROUNDS, Math.max(MIN_ROUNDS, Math.floor(TIMED_MS / (counts.length * batches * last))));
  const rounds = new Map<number, number[]>(counts.map((threads) => [threads, []]));
  for (let round = 0; round < roundsPerCount; round++) {
    for (const threads of round % 2 === 0 ? counts : [...counts].reverse()) {
      const ms = await timeBatches(threads, batches);
      if (ms !== null) rounds.get(threads)?.push(ms);
    }
  }
  return counts.map((threads) => {
    const times = rounds.get(threads) ?? [];
    return { threads, msPerStep: median(times) };
  });
}

/** The middle value (the mean of the middle two for an even count); null for none. */
function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * A BatchTimer for a compiled copy of the model (the user's model is not touched): Kairo's own
 * training loop (trainModel: batches gathered in shuffled order, the step, the statistics read
 * back) on random samples of the model's input shape and classes, on the threads in use.
 */
function trainingLoopTimer(tf: Tf, compiled: CompiledGraph): BatchTimer {
  const batchSize = Math.max(1, Math.floor(compiled.dataset.batchSize));
  const sampleShape = compiled.inputShape;
  const sampleSize = sampleShape.reduce((size, dim) => size * dim, 1);
  let pool: LabelledSamples | undefined;
  const samples = (count: number): LabelledSamples => {
    if (pool === undefined || pool.count < count) {
      const features = new Float32Array(count * sampleSize);
      for (let i = 0; i < features.length; i++) features[i] = Math.random();
      const labels = new Uint8Array(count);
      for (let i = 0; i < count; i++) labels[i] = Math.floor(Math.random() * compiled.numClasses);
      pool = { count, sampleShape, features, labels };
    }
    return pool.count === count ? pool : firstSamples(pool, count);
  };
  return async (_threads, batches) => {
    const job: TrainingJob = {
      model: compiled.model,
      optimizer: compiled.optimizer,
      lossName: compiled.lossName,
      numClasses: compiled.numClasses,
      labelEncoding: compiled.dataset.labels === 'binary' ? 'binary' : 'onehot',
      train: samples(batches * batchSize),
      settings: { epochs: 1, batchSize, shuffle: true, shuffleSeed: 1 },
    };
    const start = performance.now();
    const outcome = await trainModel(tf, job, new TrainingControl(), () => {});
    // A run that stopped early (a loss gone to infinity on random labels, say) timed fewer batches.
    return outcome.status === 'completed' ? (performance.now() - start) / batches : null;
  };
}

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
  /** Times batches on a thread count (default: Kairo's training loop on the graph; tests pass fake timings). */
  timeBatches?: BatchTimer;
}

/**
 * Where a thread trial is filed: the core count, the model's size (backendTimingKey) and what
 * decides its work per parameter — the input's shape and the layers' kinds (a small conv net has
 * as few parameters as logistic regression and far more arithmetic).
 */
function threadTimingKey(compiled: CompiledGraph, available: number): string {
  const size = { parameters: compiled.model.countParams(), batchSize: compiled.dataset.batchSize };
  const layers = compiled.model.layers.map((layer) => layer.getClassName()).join(',');
  return `${backendTimingKey({ gpu: 'wasm thread pool', threads: available }, size)}|input ${compiled.inputShape.join('x')}|${layers}`;
}

/**
 * Puts the active WASM backend on the best thread count for `graph`: remembered for its size on
 * this device, or else timed now (trialThreadCounts). undefined (nothing changed) where the
 * backend cannot switch threads (not WASM, single-threaded, no switch) or the graph does not compile.
 */
export async function chooseWasmThreadsForModel(
  tf: Tf,
  graph: Pick<Graph, 'nodes' | 'edges'>,
  options: ThreadChoiceOptions = {},
): Promise<ThreadChoice | undefined> {
  const threadSwitch = options.threadSwitch ?? (tf.getBackend() === 'wasm' ? wasmThreadSwitch(tf.backend()) : undefined);
  if (threadSwitch === undefined || threadSwitch.counts.length < 2) return undefined;
  const available = threadSwitch.counts[0] as number;
  const compiled = compileGraph(tf, graph);
  if (!compiled.ok) return undefined;
  try {
    const key = threadTimingKey(compiled, available);
    const remembered = await options.cache?.get(key).catch(() => undefined);
    if (remembered?.threads !== undefined && threadSwitch.counts.includes(remembered.threads)) {
      threadSwitch.use(remembered.threads);
      return { threads: remembered.threads, available, code: 'model-remembered', timings: remembered.threadTimings ?? [] };
    }
    const time = options.timeBatches ?? trainingLoopTimer(tf, compiled);
    let timings: ThreadTiming[];
    try {
      timings = await trialThreadCounts(threadSwitch.counts, (threads, batches) => {
        threadSwitch.use(threads);
        return time(threads, batches);
      });
    } finally {
      threadSwitch.use(available);
    }
    // Nothing measured (the model would not train here): no choice to show or remember.
    if (timings.every((timing) => timing.msPerStep === null)) return undefined;
    const decided = chooseThreadCount(timings);
    threadSwitch.use(decided.threads);
    await options.cache
      ?.set({ key, backend: 'wasm', timings: [], threads: decided.threads, threadTimings: decided.timings, measuredAt: (options.now ?? Date.now)() })
      .catch(() => {});
    return { threads: decided.threads, available, code: 'model-timed', timings: decided.timings };
  } finally {
    compiled.dispose();
  }
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

/** The reason's "why" part, without its label and without an earlier model's thread choice. */
function reasonWithoutThreads(reason: string): string {
  const why = reason.includes(' — ') ? reason.slice(reason.indexOf(' — ') + 3) : reason;
  return why.replace(/; on \d+ of \d+ threads.*$/, '');
}

/**
 * The backend choice with a thread choice applied: threads, code, figures, and the English
 * sentence. A model too big to try on one thread (LARGE_STEP_MS) keeps the plain "all cores" line.
 */
export function withThreadChoice(choice: BackendChoice, thread: ThreadChoice | undefined): BackendChoice {
  if (thread === undefined || choice.backend !== 'wasm') return choice;
  const { threadsAvailable: _available, threadTimings: _timings, ...rest } = choice;
  const base = `${wasmLabel(choice.simd, thread.threads)} — ${reasonWithoutThreads(choice.reason)}`;
  if (!threadChoiceWasTrial(thread)) return { ...rest, threads: thread.threads, threadsCode: 'threads', reason: base };
  const how =
    thread.code === 'model-remembered'
      ? 'the fastest for a model of this size on this device when measured earlier'
      : 'the fastest for this model in a short trial of its training';
  return {
    ...rest,
    threads: thread.threads,
    threadsCode: thread.code,
    threadsAvailable: thread.available,
    threadTimings: thread.timings,
    reason: `${base}; on ${thread.threads} of ${thread.available} threads, ${how} (${threadFiguresText(thread.timings)})`,
  };
}
