/**
 * The TF.js round trip: a trained model saved to model.json + weights.bin (as the worker and
 * `kairo train --save-model` write them), read back through the same checks an import uses, and
 * loaded into a freshly compiled model predicts exactly what the trained one predicted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFolder, writeTrainedModel } from '../../src/cli/modelFolder';
import { firstSamples } from '../../src/engine/data/samples';
import type { LoadedDataset } from '../../src/engine/data/source';
import { TrainingRuntime } from '../../src/engine/runtime';
import { describeForExport } from '../../src/export/exportModel';
import { checkWeights } from '../../src/export/trainedModel';
import type { Graph } from '../../src/graph/types';
import { restoreModel } from '../../src/worker/modelIo';
import { loadPreset, mnistWithTestSubset, withParams } from './runtime-fixtures';

let data: LoadedDataset;
const dir = mkdtempSync(path.join(tmpdir(), 'kairo-model-io-'));

beforeAll(async () => {
  await tf.setBackend('cpu');
  data = await mnistWithTestSubset(300);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function predictions(runtime: TrainingRuntime): Promise<Float32Array> {
  const compiled = runtime.compiledGraph;
  if (!compiled) throw new Error('no model');
  const test = firstSamples(data.test, 300);
  const output = tf.tidy(() => compiled.model.predict(tf.tensor(test.features, [test.count, 28, 28, 1])) as tf.Tensor);
  const values = (await output.data()) as Float32Array;
  output.dispose();
  return values;
}

async function trained(graph: Graph): Promise<TrainingRuntime> {
  const runtime = new TrainingRuntime(tf);
  runtime.setData(data);
  const compiled = await runtime.compile(graph);
  if (!compiled.ok) throw new Error(compiled.issues.map((issue) => issue.code).join('; '));
  const outcome = await runtime.train(() => {}, { epochs: 1 });
  expect(outcome.status).toBe('completed');
  return runtime;
}

describe('TF.js layers model: save → load', () => {
  it('a saved and reloaded MLP predicts exactly what the trained one did', async () => {
    // Batch norm (moving statistics are weights too) and dropout (inactive when predicting) included.
    const graph = withParams(loadPreset('mnist-mlp'), 'dataset', { trainSubset: 256, validation: 'none', batchSize: 64 });
    const withNorm: Graph = {
      ...graph,
      nodes: [...graph.nodes, { id: 'norm', type: 'batchnorm', version: 1, params: {}, position: { x: 0, y: 0 } }],
      edges: graph.edges
        .filter((edge) => edge.id !== 'e5')
        .concat([
          { id: 'n1', source: 'dense2', sourcePort: 'out', target: 'norm', targetPort: 'in' },
          { id: 'n2', source: 'norm', sourcePort: 'out', target: 'dropout2', targetPort: 'in' },
        ]),
    };
    const runtime = await trained(withNorm);
    const before = await predictions(runtime);

    const saved = await writeTrainedModel(tf, runtime, withNorm, dir);
    expect(saved).toEqual({ ok: true, files: ['model.json', 'weights.bin'] });
    await runtime.dispose();

    const read = await readModelFolder(dir);
    if (!read.ok) throw new Error(read.problem.code);
    const description = describeForExport(withNorm);
    if (!description.ok) throw new Error('graph does not describe');
    // The file's weights are exactly those the graph's model has, by name and shape.
    expect(checkWeights(read.weights, description.model.weights)).toBeUndefined();
    expect(read.model.userDefinedMetadata).toEqual({ kairo: { fingerprint: description.model.fingerprint } });

    const fresh = new TrainingRuntime(tf);
    fresh.setData(data);
    const restored = await restoreModel(tf, fresh, withNorm, read.weights);
    expect(restored.ok).toBe(true);
    const after = await predictions(fresh);
    expect(after).toEqual(before);
    await fresh.dispose();
  }, 120_000);

  it('refuses weights whose shapes do not fit the graph, and keeps no half-loaded model', async () => {
    const read = await readModelFolder(dir);
    if (!read.ok) throw new Error(read.problem.code);
    const mlp = loadPreset('mnist-mlp');
    const other = { ...mlp, nodes: mlp.nodes.map((node) => (node.id === 'dense1' ? { ...node, params: { ...node.params, units: 256 } } : node)) };
    const runtime = new TrainingRuntime(tf);
    const restored = await restoreModel(tf, runtime, other, read.weights);
    expect(restored.ok).toBe(false);
    expect(!restored.ok && 'problem' in restored ? restored.problem.code : undefined).toBe('MODEL_WEIGHT_SHAPE');
    expect(runtime.hasModel).toBe(false);
  });

  it('model.json names every weight of the CNN with its tfjs shape', async () => {
    const runtime = new TrainingRuntime(tf);
    const graph = loadPreset('mnist-cnn');
    expect((await runtime.compile(graph)).ok).toBe(true);
    const cnnDir = path.join(dir, 'cnn');
    expect((await writeTrainedModel(tf, runtime, graph, cnnDir)).ok).toBe(true);
    const json = JSON.parse(readFileSync(path.join(cnnDir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0].weights.map((weight: { name: string }) => weight.name)).toEqual([
      'conv2d_conv1/kernel',
      'conv2d_conv1/bias',
      'conv2d_conv2/kernel',
      'conv2d_conv2/bias',
      'dense_dense1/kernel',
      'dense_dense1/bias',
      'dense_dense2/kernel',
      'dense_dense2/bias',
    ]);
    expect(readFileSync(path.join(cnnDir, 'weights.bin')).length).toBe(1_199_882 * 4);
    await runtime.dispose();
  });
});
