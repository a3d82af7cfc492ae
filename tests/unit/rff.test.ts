import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getNodeDefinition } from '../../nodes/index';
import { MNIST_RBF_GAMMA_SCALE } from '../../nodes/randomFourierFeatures';
import { defaultParams, type ParamSpecs, type ParamValues } from '../../nodes/types';
import { compileGraph } from '../../src/engine/compile';
import { createCustomLayers, RANDOM_FOURIER_FEATURES_CLASS } from '../../src/engine/customLayers';
import type { Graph, GraphNode } from '../../src/graph/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rffNode = (() => {
  const definition = getNodeDefinition('randomFourierFeatures');
  if (!definition) throw new Error('randomFourierFeatures is not registered');
  return definition;
})();

function rffParams(overrides: Record<string, unknown> = {}): ParamValues<ParamSpecs> {
  return { ...defaultParams(rffNode.params), ...overrides } as ParamValues<ParamSpecs>;
}

/** A built RFF layer on `inputDim` inputs. */
function rffLayer(inputDim: number, features: number, gamma: number, seed: number): tf.layers.Layer {
  const layer = createCustomLayers(tf).randomFourierFeatures({ name: `rff_${seed}_${features}`, features, gamma, seed });
  layer.apply(tf.input({ shape: [inputDim] }));
  return layer;
}

/** Points of dimension `dim` in [0,1), from a seed. */
function points(count: number, dim: number, seed: number): tf.Tensor2D {
  return tf.randomUniform([count, dim], 0, 1, 'float32', seed) as tf.Tensor2D;
}

describe('random Fourier features approximate the RBF kernel', () => {
  it('z(x)·z(y) is close to exp(−γ‖x − y‖²) for D = 8000, over near and far pairs', () => {
    const dim = 20;
    const gamma = 0.3;
    const layer = rffLayer(dim, 8000, gamma, 11);
    const { approx, exact } = tf.tidy(() => {
      // Pairs at many distances: y = x + t·(noise), t from 0 to 2.5 gives kernel values from 1 down to ~0.
      const x = points(40, dim, 1);
      const steps = tf.linspace(0, 2.5, 40).reshape([40, 1]);
      const y = tf.add(x, tf.mul(tf.sub(points(40, dim, 2), 0.5), steps));
      const zx = layer.apply(x) as tf.Tensor2D;
      const zy = layer.apply(y) as tf.Tensor2D;
      const approxKernel = tf.sum(tf.mul(zx, zy), 1);
      const exactKernel = tf.exp(tf.mul(tf.sum(tf.square(tf.sub(x, y)), 1), -gamma));
      return { approx: Array.from(approxKernel.dataSync()), exact: Array.from(exactKernel.dataSync()) };
    });
    const errors = approx.map((value, index) => Math.abs(value - (exact[index] as number)));
    // Std of the estimate is about 1/sqrt(D) ≈ 0.011; the pairs span the kernel's range.
    expect(Math.max(...exact)).toBeGreaterThan(0.95);
    expect(Math.min(...exact)).toBeLessThan(0.2);
    expect(Math.max(...errors)).toBeLessThan(0.05);
    expect(errors.reduce((sum, error) => sum + error, 0) / errors.length).toBeLessThan(0.02);
    layer.dispose();
  });

  it('the approximation is of the kernel with its own γ, not another one', () => {
    const dim = 20;
    const layer = rffLayer(dim, 4000, 0.3, 5);
    const [approx, otherGammaKernel] = tf.tidy(() => {
      const x = points(1, dim, 3);
      const y = points(1, dim, 4);
      const value = tf.sum(tf.mul(layer.apply(x) as tf.Tensor, layer.apply(y) as tf.Tensor)).dataSync()[0] as number;
      const distanceSquared = tf.sum(tf.square(tf.sub(x, y))).dataSync()[0] as number;
      return [value, Math.exp(-0.03 * distanceSquared)];
    });
    expect(Math.abs(approx - otherGammaKernel)).toBeGreaterThan(0.2);
    layer.dispose();
  });

  it('draws W with standard deviation sqrt(2γ) and the phases in [0, 2π)', () => {
    const gamma = MNIST_RBF_GAMMA_SCALE;
    const layer = rffLayer(784, 500, gamma, 9);
    const [projection, phase] = layer.getWeights();
    if (!projection || !phase) throw new Error('the layer has no weights');
    const { mean, variance } = tf.tidy(() => {
      const moments = tf.moments(projection);
      return { mean: moments.mean.dataSync()[0] as number, variance: moments.variance.dataSync()[0] as number };
    });
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(Math.sqrt(variance)).toBeCloseTo(Math.sqrt(2 * gamma), 2);
    const phases = Array.from(phase.dataSync());
    expect(Math.min(...phases)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...phases)).toBeLessThan(2 * Math.PI);
    expect(Math.max(...phases) - Math.min(...phases)).toBeGreaterThan(6); // spread over the whole circle
    layer.dispose();
  });
});

describe('random Fourier features are fixed', () => {
  it('has no trainable weights, and training the model leaves W and b unchanged', () => {
    const layer = createCustomLayers(tf).randomFourierFeatures({ name: 'rff_fixed', features: 64, gamma: 0.1, seed: 2 });
    const input = tf.input({ shape: [8] });
    const dense = tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) });
    const model = tf.model({ inputs: input, outputs: dense.apply(layer.apply(input)) as tf.SymbolicTensor });
    expect(layer.trainableWeights).toHaveLength(0);
    expect(layer.nonTrainableWeights).toHaveLength(2);
    expect(model.trainableWeights.map((weight) => weight.shape)).toEqual([
      [64, 3],
      [3],
    ]);

    const before = layer.getWeights().map((weight) => Array.from(weight.dataSync()));
    const denseBefore = Array.from((dense.getWeights()[0] as tf.Tensor).dataSync());
    const optimizer = tf.train.sgd(0.5);
    tf.tidy(() => {
      const xs = points(16, 8, 7);
      const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 'int32'), 3);
      for (let step = 0; step < 3; step++) {
        optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor) as tf.Scalar);
      }
    });
    const after = layer.getWeights().map((weight) => Array.from(weight.dataSync()));
    expect(after).toEqual(before);
    expect(Array.from((dense.getWeights()[0] as tf.Tensor).dataSync())).not.toEqual(denseBefore);
    optimizer.dispose();
    model.dispose();
  });

  it('the same seed gives the same features; another seed gives others', () => {
    const outputsOf = (seed: number) => {
      const layer = rffLayer(10, 32, 0.5, seed);
      const values = tf.tidy(() => Array.from((layer.apply(points(4, 10, 1)) as tf.Tensor).dataSync()));
      layer.dispose();
      return values;
    };
    expect(outputsOf(21)).toEqual(outputsOf(21));
    expect(outputsOf(22)).not.toEqual(outputsOf(21));
  });
});

describe('the randomFourierFeatures node', () => {
  it('infers the shape and counts the params that tfjs builds (fixed ones included, like Keras)', () => {
    const params = rffParams({ features: 300, gamma: 0.02, seed: 4 });
    const inputs = { in: [null, 784] };
    const inferred = rffNode.inferShape(inputs, params);
    if (!inferred.ok) throw new Error(JSON.stringify(inferred.problem));
    expect(inferred.outputs.out).toEqual([null, 300]);
    const context = { name: 'rff_count', seed: 1, custom: createCustomLayers(tf), inputShapes: inputs, outputShapes: inferred.outputs };
    const layer = rffNode.build?.(tf, params, context);
    if (!layer) throw new Error('no layer');
    const output = layer.apply(tf.input({ shape: [784] })) as tf.SymbolicTensor;
    expect(output.shape).toEqual([null, 300]);
    expect(rffNode.paramCount(inputs, params)).toBe(784 * 300 + 300);
    expect(layer.countParams()).toBe(784 * 300 + 300);
    expect(rffNode.summary?.(params)).toContain('fixed');
    layer.dispose();
  });

  it('refuses an image tensor with WRONG_RANK, the variant that asks for a flat tensor', () => {
    const result = rffNode.inferShape({ in: [null, 28, 28, 1] }, rffParams());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe('WRONG_RANK');
    expect(result.problem.variant).toBe('flat');
  });

  it('compiles in a graph (flatten → RFF → dense), round-trips through saving, and predicts the same', async () => {
    const node = (id: string, type: string, params: Record<string, unknown> = {}): GraphNode => ({
      id,
      type,
      version: 1,
      params,
      position: { x: 0, y: 0 },
    });
    const graph: Graph = {
      meta: { title: { en: '', ja: '' }, description: { en: '', ja: '' } },
      nodes: [
        node('data', 'dataset'),
        node('flat', 'flatten'),
        node('rff', 'randomFourierFeatures', { features: 200, gamma: 0.0134, seed: 3 }),
        node('svm', 'dense', { units: 10 }),
        node('loss', 'loss', { function: 'categoricalHinge' }),
        node('opt', 'optimizer'),
      ],
      edges: [
        { id: 'e1', source: 'data', sourcePort: 'images', target: 'flat', targetPort: 'in' },
        { id: 'e2', source: 'flat', sourcePort: 'out', target: 'rff', targetPort: 'in' },
        { id: 'e3', source: 'rff', sourcePort: 'out', target: 'svm', targetPort: 'in' },
        { id: 'e4', source: 'svm', sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
        { id: 'e5', source: 'data', sourcePort: 'labels', target: 'loss', targetPort: 'labels' },
        { id: 'e6', source: 'loss', sourcePort: 'loss', target: 'opt', targetPort: 'loss' },
      ],
    };
    const result = compileGraph(tf, graph);
    if (!result.ok) throw new Error(result.issues.map((issue) => issue.code).join('\n'));
    expect(result.model.countParams()).toBe(784 * 200 + 200 + 200 * 10 + 10);
    expect(result.model.trainableWeights).toHaveLength(2);

    let saved: tf.io.ModelArtifacts | undefined;
    await result.model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    if (!saved) throw new Error('nothing saved');
    expect(JSON.stringify(saved.modelTopology)).toContain(RANDOM_FOURIER_FEATURES_CLASS);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
    const [original, reloaded] = tf.tidy(() => {
      const images = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 5);
      return [result.model, loaded].map((model) => Array.from((model.predict(images) as tf.Tensor).dataSync()));
    });
    expect(reloaded).toEqual(original);
    loaded.dispose();
    result.dispose();
  });
});
