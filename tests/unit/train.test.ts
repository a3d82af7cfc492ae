import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedDataset } from '../../src/engine/data/source';
import { TrainingRuntime } from '../../src/engine/runtime';
import { initWasmBackend } from '../../src/engine/wasm/setup';
import type { Graph } from '../../src/graph/types';
import { eventLog, loadPreset, mnistWithTestSubset, withParams } from './runtime-fixtures';

let data: LoadedDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  data = await mnistWithTestSubset(1000);
});

async function compiledRuntime(graph: ReturnType<typeof loadPreset>): Promise<TrainingRuntime> {
  const runtime = new TrainingRuntime(tf);
  runtime.setData(data);
  const result = await runtime.compile(graph);
  if (!result.ok) throw new Error(result.failure?.code ?? result.issues.map((issue) => issue.code).join('; '));
  return runtime;
}

describe('training the logistic regression preset', () => {
  it('reaches well above chance (≥ 0.8, chance is 0.1) on 10,000 training images after one epoch', async () => {
    const graph = withParams(loadPreset('mnist-logreg'), 'dataset', { trainSubset: 10000 });
    const runtime = await compiledRuntime(graph);
    const log = eventLog();
    const outcome = await runtime.train(log.listener, { epochs: 1 });
    expect(outcome.status).toBe('completed');
    const evaluation = await runtime.evaluate();
    if (!evaluation.ok) throw new Error(evaluation.failure.code);
    expect(evaluation.count).toBe(1000);
    expect(evaluation.accuracy).toBeGreaterThanOrEqual(0.8);
    // The run reported what a chart needs.
    const [epoch] = log.ofType('epoch');
    expect(epoch?.valAccuracy).toBeCloseTo(evaluation.accuracy, 5);
    expect(epoch?.samplesPerSecond).toBeGreaterThan(0);
    expect(log.ofType('start')[0]?.batchesPerEpoch).toBe(Math.ceil(10000 / 128));
    expect(log.events.at(-1)?.type).toBe('done');
    // Confusion matrix rows add up to the test images of each class.
    const total = evaluation.confusionMatrix.flat().reduce((sum, count) => sum + count, 0);
    expect(total).toBe(1000);
    expect(evaluation.misclassifiedCount).toBe(Math.round((1 - evaluation.accuracy) * 1000));
    await runtime.dispose();
  });

  it('repeats the same losses from the same seeds', async () => {
    const graph = withParams(loadPreset('mnist-logreg'), 'dataset', { trainSubset: 512, validation: 'none' });
    const losses: number[][] = [];
    for (let run = 0; run < 2; run++) {
      const runtime = await compiledRuntime(graph);
      const outcome = await runtime.train(() => {}, { epochs: 2 });
      losses.push(outcome.history.map((epoch) => epoch.loss));
      await runtime.dispose();
    }
    expect(losses[0]).toHaveLength(2);
    expect(losses[1]).toEqual(losses[0]);
  });
});

describe('the training loop', () => {
  it('leaks no tensors: the count after every epoch equals the count after the first', async () => {
    const before = tf.memory().numTensors;
    const graph = withParams(loadPreset('mnist-mlp'), 'dataset', { trainSubset: 256, batchSize: 64 });
    const smallerMlp = {
      ...graph,
      nodes: graph.nodes.map((node) => (node.type === 'dense' && node.params.units === 512 ? { ...node, params: { ...node.params, units: 16 } } : node)),
    };
    const runtime = await compiledRuntime(withParams(smallerMlp, 'dataset', {}));
    const log = eventLog();
    const outcome = await runtime.train(log.listener, { epochs: 3 });
    expect(outcome.status).toBe('completed');
    const counts = log.ofType('epoch').map((epoch) => epoch.numTensors);
    expect(counts).toHaveLength(3);
    expect(new Set(counts).size).toBe(1);
    await runtime.evaluate();
    await runtime.predict(new Float32Array(784));
    await runtime.dispose();
    // Model, optimizer state and every intermediate are gone once the runtime lets go of the model.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops within one batch of the request', async () => {
    const graph = withParams(loadPreset('mnist-logreg'), 'dataset', { trainSubset: 2048, batchSize: 32 });
    const runtime = await compiledRuntime(graph);
    const log = eventLog();
    let stoppedAtBatch = 0;
    const outcome = await runtime.train(
      (event) => {
        log.listener(event);
        if (event.type === 'batch' && event.batch === 3) {
          stoppedAtBatch = event.batch;
          runtime.stop();
        }
      },
      { epochs: 5, eventIntervalMs: 0 },
    );
    expect(outcome.status).toBe('stopped');
    expect(outcome.epochsCompleted).toBe(0);
    const lastBatch = log.ofType('batch').at(-1)?.batch ?? 0;
    expect(stoppedAtBatch).toBe(3);
    expect(lastBatch - stoppedAtBatch).toBeLessThanOrEqual(1);
    expect(log.events.at(-1)).toMatchObject({ type: 'done', status: 'stopped' });
    await runtime.dispose();
  });

  it('pauses between batches and goes on where it stopped after resume', async () => {
    const graph = withParams(loadPreset('mnist-logreg'), 'dataset', { trainSubset: 640, batchSize: 64, validation: 'none' });
    const runtime = await compiledRuntime(graph);
    const log = eventLog();
    let batchesWhilePaused = -1;
    const run = runtime.train(
      (event) => {
        log.listener(event);
        if (event.type === 'batch' && event.batch === 2 && event.epoch === 1) runtime.pause();
      },
      { epochs: 1, eventIntervalMs: 0 },
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    await expect.poll(() => log.ofType('paused').length).toBe(1);
    const batchesAtPause = log.ofType('batch').length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    batchesWhilePaused = log.ofType('batch').length - batchesAtPause;
    runtime.resume();
    const outcome = await run;
    expect(batchesWhilePaused).toBe(0);
    expect(outcome.status).toBe('completed');
    expect(log.ofType('resumed')).toHaveLength(1);
    // Every one of the 10 batches ran exactly once.
    expect(log.ofType('batch').map((event) => event.batch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Paused time is not training time.
    expect(outcome.elapsedSeconds).toBeLessThan(
      (log.ofType('batch').at(-1)?.elapsedSeconds ?? 0) + 0.2,
    );
    await runtime.dispose();
  });

  it('stops on a NaN loss with a failure naming epoch and batch and the learning rate', async () => {
    const graph = withParams(
      withParams(loadPreset('mnist-logreg'), 'dataset', { trainSubset: 1024, batchSize: 64 }),
      'optimizer',
      { learningRate: 1e38 },
    );
    const runtime = await compiledRuntime(graph);
    const log = eventLog();
    const outcome = await runtime.train(log.listener, { epochs: 2 });
    expect(outcome.status).toBe('failed');
    expect(outcome.failure?.code).toBe('NON_FINITE_LOSS');
    expect(outcome.failure?.vars).toMatchObject({ epoch: 1, rate: 1e38 });
    expect(outcome.failure?.vars.batch).toBeGreaterThanOrEqual(1);
    expect(log.ofType('error')).toHaveLength(1);
    expect(log.ofType('epoch')).toHaveLength(0);
    await runtime.dispose();
  });

  it('throttles batch events but always delivers epoch ends and the final event', async () => {
    const graph = withParams(loadPreset('mnist-logreg'), 'dataset', { trainSubset: 1024, batchSize: 16, validation: 'none' });
    const runtime = await compiledRuntime(graph);
    const log = eventLog();
    const outcome = await runtime.train(log.listener, { epochs: 2, eventIntervalMs: 60_000 });
    expect(outcome.status).toBe('completed');
    // 128 batches, but one interval of a minute: only the very first batch gets through.
    expect(log.ofType('batch')).toHaveLength(1);
    expect(log.ofType('epoch')).toHaveLength(2);
    expect(log.events.at(-1)?.type).toBe('done');
    await runtime.dispose();
  });
});

/** A small CNN: conv 8×3×3 (stride 2, same) → conv 16×3×3 → max pool → dense softmax. */
function smallCnn(): Graph {
  const preset = loadPreset('mnist-cnn');
  const keep = (id: string) => preset.nodes.find((node) => node.id === id);
  const node = (id: string, type: string, params: Record<string, unknown>, x: number) => ({
    id,
    type,
    version: 1,
    params,
    position: { x, y: 0 },
  });
  const dataset = keep('dataset');
  const loss = keep('loss');
  const optimizer = keep('optimizer');
  if (!dataset || !loss || !optimizer) throw new Error('the CNN preset changed');
  const conv = { kernelSize: [3, 3], activation: 'relu', useBias: true, kernelInitializer: 'heNormal' };
  return {
    meta: preset.meta,
    nodes: [
      { ...dataset, params: { ...dataset.params, trainSubset: 1024, batchSize: 32, validation: 'none' } },
      node('c1', 'conv2d', { ...conv, filters: 8, strides: [2, 2], padding: 'same' }, 100),
      node('c2', 'conv2d', { ...conv, filters: 16, strides: [1, 1], padding: 'valid' }, 200),
      node('p', 'maxpool2d', { poolSize: [2, 2], strides: [2, 2], padding: 'valid' }, 300),
      node('f', 'flatten', {}, 400),
      node('d', 'dense', { units: 10, activation: 'softmax', useBias: true, kernelInitializer: 'glorotUniform' }, 500),
      loss,
      { ...optimizer, params: { ...optimizer.params, algorithm: 'adam', learningRate: 0.005 } },
    ],
    edges: [
      ['dataset', 'images', 'c1', 'in'],
      ['c1', 'out', 'c2', 'in'],
      ['c2', 'out', 'p', 'in'],
      ['p', 'out', 'f', 'in'],
      ['f', 'out', 'd', 'in'],
      ['d', 'out', 'loss', 'prediction'],
      ['dataset', 'labels', 'loss', 'labels'],
      ['loss', 'loss', 'optimizer', 'loss'],
    ].map(([source, sourcePort, target, targetPort], index) => ({
      id: `e${index}`,
      source: source as string,
      sourcePort: sourcePort as string,
      target: target as string,
      targetPort: targetPort as string,
    })),
  };
}

describe('a small CNN on the WASM backend (with Kairo\'s conv-gradient kernels)', () => {
  it('trains: the loss falls and the test accuracy is far above chance', async () => {
    const wasm = await initWasmBackend(tf);
    expect(wasm.error).toBeUndefined();
    expect(tf.getBackend()).toBe('wasm');
    try {
      const runtime = await compiledRuntime(smallCnn());
      const log = eventLog();
      const outcome = await runtime.train(log.listener, { epochs: 2, eventIntervalMs: 0 });
      expect(outcome.status, outcome.failure?.code).toBe('completed');
      expect(log.ofType('start')[0]?.backend).toBe('wasm');
      const [first, second] = outcome.history;
      expect(second?.loss).toBeLessThan(first?.loss ?? 0);
      const counts = log.ofType('epoch').map((epoch) => epoch.numTensors);
      expect(counts[1]).toBe(counts[0]);
      const evaluation = await runtime.evaluate();
      if (!evaluation.ok) throw new Error(evaluation.failure.code);
      expect(evaluation.accuracy).toBeGreaterThan(0.6);
      await runtime.dispose();
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
