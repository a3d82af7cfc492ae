/**
 * The training worker's entry: exposes KairoWorkerApi with Comlink. Training never runs on the
 * main thread; this file only wires the engine (TrainingRuntime) to the browser: backend choice,
 * the data sources, Comlink transfers.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { type BackendChoice, type BackendPreference, selectBackend, watchWebGLContextLoss } from '../engine/backend';
import { browserBackendEnvironment, chooseBackendForModelInBrowser } from '../engine/browserBackend';
import { TrainingRuntime } from '../engine/runtime';
import type { TrainingEvent } from '../engine/trainingEvents';
import type { Graph } from '../graph/types';
import type { KairoWorkerApi, TrainOptions } from './api';
import { restoreModel, saveTrainedModel } from './modelIo';
import { WORKER_PROTOCOL_VERSION } from './api';
import { builtinTableReference, createDataLoader, importImageFolder, importTableFile, inspectTableFile, predictImage } from './data';
import { backpropStepInWorker, inspectNodeInWorker } from './inspect';

const runtime = new TrainingRuntime(tf);
let backendChoice: BackendChoice | undefined;
let stopWatchingContext: () => void = () => {};
const dataLoader = createDataLoader(runtime);
let cancelImport: AbortController | undefined;

/** The backend choices asked for, one after another (see chooseBackend). */
let choosing: Promise<unknown> = Promise.resolve();

/**
 * Chooses the backend for `preference` once every earlier choice has finished: two choices at once
 * (the panel's first choice still starting WASM when the user picks another backend) would both
 * start and stop tfjs backends, and one would find the other's backend active and report a failure
 * that never happened.
 */
function chooseBackend(preference: BackendPreference = 'auto'): Promise<BackendChoice> {
  const next = choosing.then(
    () => chooseBackendNow(preference),
    () => chooseBackendNow(preference),
  );
  choosing = next.catch(() => {});
  return next;
}

async function chooseBackendNow(preference: BackendPreference): Promise<BackendChoice> {
  await runtime.stopAndWait();
  stopWatchingContext();
  const choice = await selectBackend(tf, preference, browserBackendEnvironment());
  runtime.clearBackendFailure();
  watchContext();
  backendChoice = choice;
  return choice;
}

/**
 * The backend (and, with `threads`, the WASM thread count) for this graph, timed or remembered. In
 * the same queue as backend choices: a choice made while the model is being timed would otherwise
 * switch tfjs's backend under the trial, and the trial's result would then overwrite it.
 */
function chooseForModel(graph: Graph, threads: boolean): Promise<void> {
  const next = choosing.then(async () => {
    if (!backendChoice) return;
    const before = backendChoice.backend;
    backendChoice = await chooseBackendForModelInBrowser(tf, backendChoice, graph, { threads });
    // Timing the model may have moved training to another backend: watch the one now active.
    if (backendChoice.backend !== before) watchContext();
  });
  choosing = next.catch(() => {});
  return next;
}

/** Watches the active backend's WebGL context (if it is WebGL) for a loss, in place of any earlier watch. */
function watchContext(): void {
  stopWatchingContext();
  stopWatchingContext = watchWebGLContextLoss(tf, () => {
    runtime.reportBackendFailure({ code: 'WEBGL_CONTEXT_LOST', vars: {} });
  });
}

async function ensureBackend(): Promise<void> {
  await choosing;
  if (!backendChoice) await chooseBackend('auto');
}

const api: KairoWorkerApi = {
  hello() {
    return { protocol: WORKER_PROTOCOL_VERSION, backend: backendChoice?.backend };
  },

  selectBackend(preference) {
    return chooseBackend(preference ?? 'auto');
  },

  loadDataset(request, onProgress) {
    return dataLoader.load(request, onProgress);
  },

  cancelDatasetLoad() {
    dataLoader.cancel();
  },

  importImages(request, onProgress) {
    cancelImport?.abort();
    const abort = new AbortController();
    cancelImport = abort;
    return importImageFolder(request, onProgress, abort.signal);
  },

  cancelImport() {
    cancelImport?.abort();
  },

  inspectTable: (file) => inspectTableFile(file),
  importTable: (request) => importTableFile(request),
  builtinTable: (name) => builtinTableReference(name),
  predictImage: (image) => predictImage(runtime, image),

  async compile(graph: Graph) {
    await ensureBackend();
    await chooseForModel(graph, true);
    return { ...(await runtime.compile(graph)), backend: backendChoice };
  },

  async train(onEvent: (event: TrainingEvent) => void, options: TrainOptions = {}) {
    await ensureBackend();
    return runtime.train((event) => {
      // Fire and forget: awaiting each post would add a round trip to the main thread per event.
      Promise.resolve(onEvent(event)).catch(() => {});
    }, options);
  },

  pause() {
    runtime.pause();
  },

  resume() {
    runtime.resume();
  },

  stop() {
    runtime.stop();
  },

  evaluate() {
    return runtime.evaluate();
  },

  predict(sample: Float32Array) {
    return runtime.predict(sample);
  },

  async getTestSamples(indices: number[]) {
    const result = runtime.getTestSamples(indices);
    if (!result.ok) return result;
    return Comlink.transfer(
      result,
      result.samples.map((sample) => (sample.kind === 'features' ? sample.values.buffer : sample.pixels.buffer) as ArrayBuffer),
    );
  },

  inspectNode: (nodeId, input) => inspectNodeInWorker(tf, runtime, nodeId, input),
  backpropStep: (call) => backpropStepInWorker(tf, runtime, call),

  async dispose() {
    await runtime.dispose();
  },

  async saveModel() {
    const result = await saveTrainedModel(tf, runtime);
    return result.ok ? Comlink.transfer(result, [result.saved.weights.data]) : result;
  },

  async restoreModel(graph, weights) {
    await ensureBackend();
    // The backend a training of this graph would use, so a restored model lives where a trained one
    // would (the thread count is left to the next compile: restoring trains nothing).
    await chooseForModel(graph, false);
    return restoreModel(tf, runtime, graph, weights);
  },
};

Comlink.expose(api);
