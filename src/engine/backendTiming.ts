/**
 * Times a few training steps of the actual model on each backend that could train it and keeps
 * the fastest (backendChoice.ts decides; this file measures). Where several backends work on a
 * real GPU which one wins depends on the GPU, the driver and the model: WebGPU usually on big
 * convolutions, WebGL on older drivers, WASM on a small model where a GPU's per-step overhead
 * dominates. The winner is remembered per device and model size, so the trial runs once.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { Graph } from '../graph/types';
import { type BackendChoice, type BackendEnvironment, type BackendName, backendLabel, switchBackend } from './backend';
import { type BackendTiming, backendTimingKey, chooseTimedBackend, type ThreadTiming } from './backendChoice';
import { compileGraph } from './compile';
import { labelWidth, lossFunctionFor } from './losses';

type Tf = typeof import('@tensorflow/tfjs');

/** What is remembered about one device and model size. */
export interface StoredBackendTiming {
  key: string;
  backend: BackendName;
  timings: BackendTiming[];
  /** When it was measured (ms since 1970), for a later cleanup. */
  measuredAt: number;
  /** For a trial of the WASM backend's thread counts (threadTiming.ts): the count that won, and the figures. */
  threads?: number;
  threadTimings?: ThreadTiming[];
}

/** Where timed choices are kept (IndexedDB in the browser; a Map in tests). Failures are the cache's to swallow. */
export interface BackendTimingCache {
  get(key: string): Promise<StoredBackendTiming | undefined>;
  set(entry: StoredBackendTiming): Promise<void>;
}

export interface ModelTimingOptions {
  /** Untimed steps first: shader compilation, first allocations. Default 2. */
  warmupSteps?: number;
  /** Timed steps; their median counts. Default 3. */
  timedSteps?: number;
  /** A backend whose first step takes longer than this is not given more steps. Default 10 s. */
  slowStepMs?: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Median milliseconds of one training step of `graph` on the active backend (random inputs of the
 * model's shape, the graph's loss, optimizer and batch size; every step waits for its loss value,
 * so a GPU's queued work is counted). null when the model cannot be built or trained here.
 */
export async function timeTrainingSteps(tf: Tf, graph: Pick<Graph, 'nodes' | 'edges'>, options: ModelTimingOptions = {}): Promise<number | null> {
  const compiled = compileGraph(tf, graph);
  if (!compiled.ok) return null;
  const batchSize = compiled.dataset.batchSize;
  const width = labelWidth({ numClasses: compiled.numClasses, encoding: compiled.dataset.labels === 'binary' ? 'binary' : 'onehot' });
  const lossFn = lossFunctionFor(tf, compiled.lossName);
  const variables = compiled.model.trainableWeights.map((weight) => weight.read() as tfTypes.Variable);
  const xs = tf.randomUniform([batchSize, ...compiled.inputShape]);
  const ys = tf.tidy(() => {
    if (width === 1) return tf.cast(tf.greater(tf.randomUniform([batchSize, 1]), 0.5), 'float32');
    return tf.oneHot(tf.randomUniform([batchSize], 0, width, 'int32') as tfTypes.Tensor1D, width).toFloat();
  });
  const step = async (): Promise<number> => {
    const start = performance.now();
    const loss = tf.tidy(
      () =>
        compiled.optimizer.minimize(
          () => tf.mean(lossFn(ys, compiled.model.apply(xs, { training: true }) as tfTypes.Tensor)) as tfTypes.Scalar,
          true,
          variables,
        ) as tfTypes.Scalar,
    );
    await loss.data();
    loss.dispose();
    return performance.now() - start;
  };
  try {
    const slowStepMs = options.slowStepMs ?? 10_000;
    const warmupSteps = options.warmupSteps ?? 2;
    const timedSteps = options.timedSteps ?? 3;
    let first = Number.POSITIVE_INFINITY;
    for (let index = 0; index < warmupSteps; index++) {
      const ms = await step();
      if (index === 0) first = ms;
      if (ms > slowStepMs) return ms; // hopeless: do not keep the user waiting for the rest
    }
    const times: number[] = [];
    for (let index = 0; index < timedSteps; index++) times.push(await step());
    return times.length > 0 ? median(times) : first;
  } catch {
    return null;
  } finally {
    tf.dispose([xs, ys]);
    compiled.dispose();
  }
}

function figuresText(timings: readonly BackendTiming[]): string {
  return timings.map((timing) => `${timing.backend} ${timing.msPerStep === null ? 'failed' : `${timing.msPerStep.toFixed(1)} ms/step`}`).join(', ');
}

/** The size the remembered choice is filed under: parameters and batch size of the compiled graph. */
function modelSize(tf: Tf, graph: Pick<Graph, 'nodes' | 'edges'>): { parameters: number; batchSize: number } | undefined {
  const compiled = compileGraph(tf, graph);
  if (!compiled.ok) return undefined;
  const size = { parameters: compiled.model.countParams(), batchSize: compiled.dataset.batchSize };
  compiled.dispose();
  return size;
}

export interface ChooseForModelOptions extends ModelTimingOptions {
  cache?: BackendTimingCache;
  /** Names the device in the cache key (GPU names; the CPU threads are added). */
  deviceName: string;
  now?: () => number;
  /** Measures the active backend (default timeTrainingSteps; tests pass fake timings). */
  timeSteps?: (tf: Tf, graph: Pick<Graph, 'nodes' | 'edges'>) => Promise<number | null>;
}

/**
 * For an automatic choice with several candidates (`choice.timingCandidates`): the remembered
 * winner for this device and model size, or else the fastest of timed steps, activated and
 * explained ('remembered' / 'timed', with the figures). Any other choice comes back unchanged.
 */
export async function chooseBackendForModel(
  tf: Tf,
  choice: BackendChoice,
  graph: Pick<Graph, 'nodes' | 'edges'>,
  env: BackendEnvironment,
  options: ChooseForModelOptions,
): Promise<BackendChoice> {
  const candidates = choice.timingCandidates;
  if (choice.preference !== 'auto' || candidates === undefined || candidates.length < 2) return choice;
  const size = modelSize(tf, graph);
  if (size === undefined) return choice; // the compiler will report the graph's problems
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  const key = backendTimingKey({ gpu: options.deviceName, threads: cores }, size);

  const remembered = await options.cache?.get(key).catch(() => undefined);
  if (remembered !== undefined && candidates.includes(remembered.backend)) {
    const active = await switchBackend(tf, remembered.backend, env);
    if (active !== undefined) {
      const reason = `${backendLabel(active)} — the fastest for a model of this size on this device when measured earlier (${figuresText(remembered.timings)})`;
      return { ...choice, ...active, reasonCode: 'remembered', timings: remembered.timings, reason };
    }
  }

  const timeSteps = options.timeSteps ?? ((tfjs: Tf, timed: Pick<Graph, 'nodes' | 'edges'>) => timeTrainingSteps(tfjs, timed, options));
  const timings: BackendTiming[] = [];
  for (const candidate of candidates) {
    const active = await switchBackend(tf, candidate, env);
    timings.push({ backend: candidate, msPerStep: active === undefined ? null : await timeSteps(tf, graph) });
  }
  const decided = chooseTimedBackend(timings);
  const active = await switchBackend(tf, decided.backend, env);
  if (active === undefined) return { ...choice, timings: decided.timings }; // nothing better could start
  await options.cache
    ?.set({ key, backend: decided.backend, timings: decided.timings, measuredAt: (options.now ?? Date.now)() })
    .catch(() => {});
  return {
    ...choice,
    ...active,
    reasonCode: 'timed',
    timings: decided.timings,
    reason: `${backendLabel(active)} — the fastest for this model in a trial of a few training steps (${figuresText(decided.timings)})`,
  };
}
