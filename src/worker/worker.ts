/**
 * The training worker's entry: exposes KairoWorkerApi with Comlink. Training never runs on the
 * main thread; this file only wires the engine (TrainingRuntime) to the browser: backend choice,
 * the data sources, Comlink transfers.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { type BackendChoice, type BackendPreference, selectBackend, watchWebGLContextLoss } from '../engine/backend';
import { browserBackendEnvironment, chooseBackendForModelInBrowser } from '../engine/browserBackend';
import { datasetFailureOf } from '../engine/data/datasetError';
import { mnistBrowserSource } from '../engine/data/mnistBrowser';
import { MNIST_ASSET_DIR } from '../engine/data/mnistFiles';
import type { DataSource } from '../engine/data/source';
import { TrainingRuntime } from '../engine/runtime';
import type { TrainingEvent } from '../engine/trainingEvents';
import type { Graph } from '../graph/types';
import type { DatasetProgress, KairoWorkerApi, LoadDatasetResult, TrainOptions } from './api';
import { WORKER_PROTOCOL_VERSION } from './api';
import { backpropStepInWorker, inspectNodeInWorker } from './inspect';

const runtime = new TrainingRuntime(tf);
let backendChoice: BackendChoice | undefined;
let stopWatchingContext: () => void = () => {};
let dataLoading: Promise<LoadDatasetResult> | undefined;
let cancelLoading: AbortController | undefined;

/** The data source the worker loads; image folders and tables will be chosen here by the dataset node's source. */
function dataSource(): DataSource {
  return mnistBrowserSource(new URL(`${import.meta.env.BASE_URL}${MNIST_ASSET_DIR}`, self.location.origin));
}

async function chooseBackend(preference: BackendPreference = 'auto'): Promise<BackendChoice> {
  await runtime.stopAndWait();
  stopWatchingContext();
  const choice = await selectBackend(tf, preference, browserBackendEnvironment());
  runtime.clearBackendFailure();
  stopWatchingContext = watchWebGLContextLoss(tf, () => {
    runtime.reportBackendFailure({ code: 'WEBGL_CONTEXT_LOST', vars: {} });
  });
  backendChoice = choice;
  return choice;
}

async function ensureBackend(): Promise<void> {
  if (!backendChoice) await chooseBackend('auto');
}

const api: KairoWorkerApi = {
  hello() {
    return { protocol: WORKER_PROTOCOL_VERSION, backend: backendChoice?.backend };
  },

  selectBackend(preference) {
    return chooseBackend(preference ?? 'auto');
  },

  loadDataset(onProgress?: (progress: DatasetProgress) => void) {
    // One download at a time; a second call (or a later one) shares the first's result.
    if (dataLoading) return dataLoading;
    const started = performance.now();
    const abort = new AbortController();
    cancelLoading = abort;
    dataLoading = dataSource()
      .load({
        signal: abort.signal,
        onProgress: (progress) => {
          // The callback is a Comlink proxy: a failed post must not break the download.
          Promise.resolve(onProgress?.(progress)).catch(() => {});
        },
      })
      .then(
        (data): LoadDatasetResult => {
          runtime.setData(data);
          return { ok: true, info: { ...data.description, seconds: (performance.now() - started) / 1000 } };
        },
        (error: unknown): LoadDatasetResult => {
          dataLoading = undefined;
          return { ok: false, failure: datasetFailureOf(error) };
        },
      )
      .finally(() => {
        if (cancelLoading === abort) cancelLoading = undefined;
      });
    return dataLoading;
  },

  cancelDatasetLoad() {
    cancelLoading?.abort();
  },

  async compile(graph: Graph) {
    await ensureBackend();
    if (backendChoice) backendChoice = await chooseBackendForModelInBrowser(tf, backendChoice, graph);
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
};

Comlink.expose(api);
