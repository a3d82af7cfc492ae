/**
 * The training worker's entry: exposes KairoWorkerApi with Comlink. Training never runs on the
 * main thread; this file only wires the engine (TrainingRuntime) to the browser: backend choice,
 * MNIST from the app's own assets, Comlink transfers.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { type BackendChoice, type BackendPreference, selectBackend, watchWebGLContextLoss } from '../engine/backend';
import { browserBackendEnvironment, chooseBackendForModelInBrowser } from '../engine/browserBackend';
import { loadMnistInBrowser } from '../engine/data/browserSource';
import { MNIST_ASSET_DIR } from '../engine/data/mnistFiles';
import { datasetFailure, TrainingRuntime } from '../engine/runtime';
import type { TrainingEvent } from '../engine/train';
import type { Graph } from '../graph/types';
import type { DatasetProgress, KairoWorkerApi, LoadDatasetResult, TrainOptions } from './api';
import { WORKER_PROTOCOL_VERSION } from './api';

const runtime = new TrainingRuntime(tf);
let backendChoice: BackendChoice | undefined;
let stopWatchingContext: () => void = () => {};
let dataLoading: Promise<LoadDatasetResult> | undefined;

async function chooseBackend(preference: BackendPreference = 'auto'): Promise<BackendChoice> {
  await runtime.stopAndWait();
  stopWatchingContext();
  const choice = await selectBackend(tf, preference, browserBackendEnvironment());
  runtime.clearBackendFailure();
  stopWatchingContext = watchWebGLContextLoss(tf, () => {
    runtime.reportBackendFailure({
      code: 'WEBGL_CONTEXT_LOST',
      message: 'The WebGL context was lost (the GPU was reset or ran out of memory). Choose the WASM backend, or reload the page.',
    });
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
    const baseUrl = new URL(`${import.meta.env.BASE_URL}${MNIST_ASSET_DIR}`, self.location.origin);
    dataLoading = loadMnistInBrowser(baseUrl, (progress) => {
      // The callback is a Comlink proxy: a failed post must not break the download.
      Promise.resolve(onProgress?.(progress)).catch(() => {});
    }).then(
      (data): LoadDatasetResult => {
        runtime.setData(data);
        return { ok: true, info: { trainCount: data.train.count, testCount: data.test.count, seconds: (performance.now() - started) / 1000 } };
      },
      (error: unknown): LoadDatasetResult => {
        dataLoading = undefined;
        return datasetFailure(error);
      },
    );
    return dataLoading;
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

  predict(pixels: Float32Array) {
    return runtime.predict(pixels);
  },

  async getTestImages(indices: number[]) {
    const result = runtime.getTestImages(indices);
    if (!result.ok) return result;
    return Comlink.transfer(
      result,
      result.images.map((image) => image.pixels.buffer as ArrayBuffer),
    );
  },

  async dispose() {
    await runtime.dispose();
  },
};

Comlink.expose(api);
