import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { isSoftwareRenderer } from '../../src/engine/backend';
import type { Graph } from '../../src/graph/types';
import { type BackendReasonCode, type DatasetProgress, type TrainingEvent, WORKER_PROTOCOL_VERSION } from '../../src/worker/api';
import { AUTO_BACKEND_FOR_REASON } from './training-helpers';

/**
 * The real app's training worker in Chromium: backend choice, MNIST from the app's own assets,
 * compile, a few batches of training, evaluation, prediction. Driven through the `?kairo-test`
 * window hook (src/worker/devHook.ts), not through the UI.
 */

function presetGraph(name: string, datasetParams: Record<string, unknown>): Graph {
  const graph = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../presets', `${name}.json`), 'utf8')) as Graph;
  for (const node of graph.nodes) if (node.type === 'dataset') node.params = { ...node.params, ...datasetParams };
  return graph;
}

/** A small CNN (conv 8 stride 2 → conv 16 → max pool → dense softmax) with the CNN preset's dataset, loss and optimizer. */
function smallCnn(datasetParams: Record<string, unknown>): Graph {
  const preset = presetGraph('mnist-cnn', datasetParams);
  const kept = preset.nodes.filter((node) => ['dataset', 'loss', 'optimizer'].includes(node.type));
  const conv = { kernelSize: [3, 3], activation: 'relu', useBias: true, kernelInitializer: 'heNormal' };
  const layer = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, version: 1, params, position: { x: 0, y: 0 } });
  const wires = [
    ['dataset', 'images', 'c1', 'in'],
    ['c1', 'out', 'c2', 'in'],
    ['c2', 'out', 'p', 'in'],
    ['p', 'out', 'f', 'in'],
    ['f', 'out', 'd', 'in'],
    ['d', 'out', 'loss', 'prediction'],
    ['dataset', 'labels', 'loss', 'labels'],
    ['loss', 'loss', 'optimizer', 'loss'],
  ];
  return {
    meta: preset.meta,
    nodes: [
      ...kept,
      layer('c1', 'conv2d', { ...conv, filters: 8, strides: [2, 2], padding: 'same' }),
      layer('c2', 'conv2d', { ...conv, filters: 16, strides: [1, 1], padding: 'valid' }),
      layer('p', 'maxpool2d', { poolSize: [2, 2], strides: [2, 2], padding: 'valid' }),
      layer('f', 'flatten', {}),
      layer('d', 'dense', { units: 10, activation: 'softmax', useBias: true, kernelInitializer: 'glorotUniform' }),
    ],
    edges: wires.map(([source = '', sourcePort = '', target = '', targetPort = ''], index) => ({
      id: `e${index}`,
      source,
      sourcePort,
      target,
      targetPort,
    })),
  };
}

test('the worker picks a backend, loads MNIST, and trains a few batches', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto('/?kairo-test');
  await page.waitForFunction(() => window.__kairoWorkerTest !== undefined);

  // A small CNN (WASM needs Kairo's conv-gradient kernel) on 256 images, batch 32, validated on a
  // held-out tenth: eight batches.
  const graph = smallCnn({ trainSubset: 256, batchSize: 32, validation: 'split', validationSplit: 0.1 });
  const result = await page.evaluate(async (graph) => {
    const hook = window.__kairoWorkerTest;
    if (!hook) throw new Error('the ?kairo-test hook is not installed');
    const worker = hook.startKairoWorker();
    const hello = await worker.ready;
    const backend = await worker.api.selectBackend('auto');
    const progress: number[] = [];
    const loaded = await worker.api.loadDataset({ source: 'mnist' }, hook.proxy((event: DatasetProgress) => progress.push(event.loaded)));
    if (!loaded.ok) throw new Error(`loading MNIST failed: ${loaded.failure.code}`);
    const compiled = await worker.api.compile(graph);
    if (!compiled.ok) throw new Error(`compiling failed: ${compiled.failure?.code ?? compiled.issues.map((issue) => issue.code).join('; ')}`);
    const events: { type: string; batch?: number; backend?: string; loss?: number }[] = [];
    const outcome = await worker.api.train(
      hook.proxy((event: TrainingEvent) => {
        events.push({
          type: event.type,
          ...(event.type === 'batch' ? { batch: event.batch, loss: event.loss } : {}),
          ...(event.type === 'start' ? { backend: event.backend } : {}),
        });
      }),
      { epochs: 1, eventIntervalMs: 0 },
    );
    const evaluation = await worker.api.evaluate();
    const shown = await worker.api.getTestSamples([0, 1]);
    const first = shown.ok && shown.samples[0]?.kind === 'ink' ? shown.samples[0] : undefined;
    const prediction = first ? await worker.api.predict(Float32Array.from(first.pixels, (value) => value / 255)) : undefined;
    worker.terminate();
    return {
      hello,
      backend,
      progressEvents: progress.length,
      trainCount: loaded.info.trainCount,
      testCount: loaded.info.testCount,
      plan: compiled.plan,
      events,
      outcome: { status: outcome.status, epochsCompleted: outcome.epochsCompleted, history: outcome.history },
      evaluation: evaluation.ok ? { count: evaluation.count, accuracy: evaluation.accuracy, matrixRows: evaluation.confusionMatrix.length } : evaluation.failure.code,
      firstImage: first
        ? { className: first.className, shape: first.shape, length: first.pixels.length, isBytes: first.pixels instanceof Uint8Array }
        : undefined,
      prediction: prediction?.ok ? { sum: prediction.probabilities.reduce((a, b) => a + b, 0), length: prediction.probabilities.length } : prediction,
    };
  }, graph);

  // What the renderer is depends on the machine; the reason code must follow from it, and the
  // backend from the reason.
  const renderer = result.backend.renderer;
  const expectedReasons: BackendReasonCode[] =
    renderer === undefined ? ['no-webgl'] : isSoftwareRenderer(renderer) ? ['no-gpu'] : ['gpu', 'webgl-failed'];
  expect(expectedReasons).toContain(result.backend.reasonCode);
  expect(result.backend.backend).toBe(AUTO_BACKEND_FOR_REASON[result.backend.reasonCode]);
  expect(result.hello.protocol).toBe(WORKER_PROTOCOL_VERSION);

  expect(result.trainCount).toBe(60000);
  expect(result.testCount).toBe(10000);
  expect(result.progressEvents).toBeGreaterThan(0);
  expect(result.plan).toMatchObject({ trainCount: 230, validationCount: 26, backend: result.backend.backend });

  const types = result.events.map((event) => event.type);
  expect(types[0]).toBe('start');
  expect(result.events[0]?.backend).toBe(result.backend.backend);
  expect(result.events.filter((event) => event.type === 'batch').map((event) => event.batch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(result.events.every((event) => event.loss === undefined || Number.isFinite(event.loss))).toBe(true);
  expect(types.slice(-2)).toEqual(['epoch', 'done']);
  expect(result.outcome).toMatchObject({ status: 'completed', epochsCompleted: 1 });
  expect(result.outcome.history[0]?.valAccuracy).toBeGreaterThanOrEqual(0);

  expect(result.evaluation).toMatchObject({ count: 10000, matrixRows: 10 });
  expect(result.firstImage).toEqual({ className: '7', shape: [28, 28, 1], length: 784, isBytes: true });
  expect(result.prediction).toMatchObject({ length: 10 });
  expect((result.prediction as { sum: number }).sum).toBeCloseTo(1, 4);
  expect(pageErrors).toEqual([]);
});

test('a worker can be stopped mid-run and a fresh one started', async ({ page }) => {
  await page.goto('/?kairo-test');
  await page.waitForFunction(() => window.__kairoWorkerTest !== undefined);
  const graph = presetGraph('mnist-logreg', { trainSubset: 20000, batchSize: 32, validation: 'none' });
  const result = await page.evaluate(async (graph) => {
    const hook = window.__kairoWorkerTest;
    if (!hook) throw new Error('the ?kairo-test hook is not installed');
    const first = hook.startKairoWorker();
    await first.ready;
    await first.api.selectBackend('cpu');
    const loaded = await first.api.loadDataset({ source: 'mnist' });
    if (!loaded.ok) throw new Error(loaded.failure.code);
    await first.api.compile(graph);
    // 50 epochs of 625 batches: still running when it is stopped, however fast the machine.
    let batches = 0;
    let paused = false;
    const seen: string[] = [];
    const waitFor = async (done: () => boolean) => {
      while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    const run = first.api.train(
      hook.proxy((event: TrainingEvent) => {
        if (event.type === 'batch') batches++;
        if (event.type === 'paused') paused = true;
        if (event.type !== 'batch' && event.type !== 'epoch') seen.push(event.type);
      }),
      { epochs: 50 },
    );
    await waitFor(() => batches >= 2);
    await first.api.pause();
    await waitFor(() => paused);
    await first.api.resume();
    await first.api.stop();
    const stopped = await run;
    // The worker dies (here: terminated); calls fail fast instead of hanging.
    first.terminate();
    const afterDeath = await first.api.hello().then(
      () => 'answered',
      (error: Error) => error.name,
    );
    const second = hook.startKairoWorker();
    const hello = await second.ready;
    const choice = await second.api.selectBackend('cpu');
    second.terminate();
    return { stoppedStatus: stopped.status, seen, afterDeath, secondProtocol: hello.protocol, secondBackend: choice.backend };
  }, graph);
  expect(result).toEqual({
    stoppedStatus: 'stopped',
    seen: ['start', 'paused', 'resumed', 'done'],
    afterDeath: 'WorkerFailedError',
    secondProtocol: WORKER_PROTOCOL_VERSION,
    secondBackend: 'cpu',
  });
});
