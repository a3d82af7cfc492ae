/**
 * Kairo's categorical cross-entropy (src/engine/losses.ts, with the one-pass WASM kernels of
 * src/engine/wasm/crossEntropy.ts) gives the value and the gradient of tfjs's own on the CPU
 * backend — clipped entries, soft labels, rows that do not sum to 1, rank 3 — trains a model to
 * the same weights, stops on NaN the same way, and leaks nothing; its accuracy counts what
 * tfjs's categoricalAccuracy counts, ties and NaN included.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoricalCrossentropy, correctPerSample } from '../../src/engine/losses';
import { initWasmBackend, registerWasmKernels } from '../../src/engine/wasm/setup';

beforeAll(async () => {
  const result = await initWasmBackend(tf, { fallbackToCpu: false });
  expect(result.backend).toBe('wasm');
});

afterAll(async () => {
  registerWasmKernels();
  await tf.setBackend('cpu');
});

/** Positive values from a fixed seed. */
function seededPositive(count: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = 0.01 + state / 2 ** 32;
  }
  return values;
}

interface Case {
  name: string;
  shape: number[];
  predictions: Float32Array;
  labels: Float32Array;
}

/** One-hot labels on class (row mod classes). */
function oneHot(rows: number, classes: number): Float32Array {
  const labels = new Float32Array(rows * classes);
  for (let row = 0; row < rows; row++) labels[row * classes + (row % classes)] = 1;
  return labels;
}

function cases(): Case[] {
  const softmaxRows = (rows: number, classes: number, seed: number) => {
    const raw = seededPositive(rows * classes, seed);
    for (let row = 0; row < rows; row++) {
      let total = 0;
      for (let k = 0; k < classes; k++) total += raw[row * classes + k] as number;
      for (let k = 0; k < classes; k++) raw[row * classes + k] = (raw[row * classes + k] as number) / total;
    }
    return raw;
  };
  const clipped = softmaxRows(4, 5, 3);
  clipped.set([1e-9, 0.25, 0.25, 0.25, 0.25 - 1e-9], 0); // the true class held by the lower clip
  clipped.set([1e-12, 1 - 4e-12, 1e-12, 1e-12, 1e-12], 5); // one class held by the upper clip
  clipped.set([1e-9, 0.5, 0.5 - 1e-9, 0, 0], 10); // clipped wrong classes, exact zeros
  const soft = new Float32Array(3 * 4);
  soft.set([0.7, 0.3, 0, 0, 0.25, 0.25, 0.25, 0.25, 0, 0, 0, 1]);
  return [
    { name: 'softmax rows, one-hot labels', shape: [7, 10], predictions: softmaxRows(7, 10, 1), labels: oneHot(7, 10) },
    { name: 'rows that do not sum to 1', shape: [5, 3], predictions: seededPositive(15, 2), labels: oneHot(5, 3) },
    { name: 'entries held by the clip', shape: [4, 5], predictions: clipped, labels: oneHot(4, 5) },
    { name: 'soft labels', shape: [3, 4], predictions: softmaxRows(3, 4, 4), labels: soft },
    { name: 'rank 3 (a class axis per position)', shape: [2, 3, 4], predictions: seededPositive(24, 5), labels: oneHot(6, 4) },
  ];
}

/** Per-row loss and d(Σ loss·w)/dp with a given loss, on a given backend. */
async function lossAndGradient(backend: string, c: Case, loss: (labels: tf.Tensor, predictions: tf.Tensor) => tf.Tensor) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const labels = tf.tensor(c.labels, c.shape);
    const predictions = tf.tensor(c.predictions, c.shape);
    const weights = tf.tensor(seededPositive(c.predictions.length / (c.shape.at(-1) as number), 9), c.shape.slice(0, -1));
    const value = loss(labels, predictions);
    const gradient = tf.grad((p: tf.Tensor) => tf.sum(tf.mul(loss(labels, p), weights)))(predictions);
    return { shape: value.shape, value: Array.from(value.dataSync()), gradient: Array.from(gradient.dataSync()) };
  });
}

const tfjsOwn = (labels: tf.Tensor, predictions: tf.Tensor) => tf.metrics.categoricalCrossentropy(labels, predictions);
const kairos = (labels: tf.Tensor, predictions: tf.Tensor) => categoricalCrossentropy(tf, labels, predictions);

function expectClose(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => {
    const reference = expected[i] as number;
    expect(Math.abs(value - reference)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(reference)));
  });
}

describe('categorical cross-entropy', () => {
  it.each(cases())('gives the value and gradient of tfjs\'s own: $name', async (c) => {
    const reference = await lossAndGradient('cpu', c, tfjsOwn);
    for (const backend of ['wasm', 'cpu']) {
      const ours = await lossAndGradient(backend, c, kairos);
      expect(ours.shape).toEqual(reference.shape);
      expectClose(ours.value, reference.value);
      expectClose(ours.gradient, reference.gradient);
    }
  });

  it('passes no gradient through a true class that the clip holds, as tfjs does', async () => {
    const c = cases()[2] as Case;
    const ours = await lossAndGradient('wasm', c, kairos);
    expect(ours.gradient.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(ours.value[0]).toBeCloseTo(-Math.log(1e-7), 4);
  });

  it('runs as one kernel each way on WASM, and as tfjs ops when the kernels are taken away', async () => {
    await tf.setBackend('wasm');
    const c = cases()[0] as Case;
    const kernelsOfOneStep = async () => {
      const profile = await tf.profile(() => {
        tf.tidy(() => {
          const labels = tf.tensor(c.labels, c.shape);
          tf.grad((p: tf.Tensor) => tf.sum(kairos(labels, p)))(tf.tensor(c.predictions, c.shape));
        });
      });
      return profile.kernels.map((kernel) => kernel.name);
    };
    const fused = await kernelsOfOneStep();
    expect(fused).toContain('KairoCategoricalCrossentropy');
    expect(fused).toContain('KairoCategoricalCrossentropyGrad');
    expect(fused).not.toContain('Log');
    try {
      registerWasmKernels({ fusedCrossEntropy: false });
      const plain = await kernelsOfOneStep();
      expect(plain).not.toContain('KairoCategoricalCrossentropy');
      expect(plain).toContain('Log');
      expect(plain.length).toBeGreaterThan(fused.length);
      const fallback = await lossAndGradient('wasm', c, kairos);
      const reference = await lossAndGradient('cpu', c, tfjsOwn);
      expectClose(fallback.gradient, reference.gradient);
    } finally {
      registerWasmKernels();
    }
  });

  it('makes a NaN prediction a NaN loss, on WASM and in the fallback', async () => {
    const predictions = new Float32Array([0.2, Number.NaN, 0.8, 0.5, 0.25, 0.25]);
    const c: Case = { name: 'nan', shape: [2, 3], predictions, labels: oneHot(2, 3) };
    for (const backend of ['wasm', 'cpu']) {
      const ours = await lossAndGradient(backend, c, kairos);
      expect(Number.isNaN(ours.value[0])).toBe(true);
      expect(Number.isFinite(ours.value[1])).toBe(true);
    }
  });

  it('trains a softmax layer to the weights tfjs\'s own loss gives, and leaks no tensors', async () => {
    await tf.setBackend('wasm');
    const train = (loss: typeof kairos) => {
      const x = tf.tensor2d(seededPositive(32 * 6, 11), [32, 6]);
      const labels = tf.tensor2d(oneHot(32, 4), [32, 4]);
      const weights = tf.variable(tf.tensor2d(seededPositive(24, 12).map((v) => v - 0.5), [6, 4]));
      const optimizer = tf.train.sgd(0.5);
      for (let step = 0; step < 20; step++) {
        optimizer.minimize(() => tf.mean(loss(labels, tf.softmax(tf.matMul(x, weights)))) as tf.Scalar);
      }
      const result = Array.from(weights.dataSync());
      tf.dispose([x, labels, weights]);
      optimizer.dispose();
      return result;
    };
    // tfjs's SGD optimizer itself leaves a tensor behind: ours must leave nothing more.
    const tensorsLeftBy = (loss: typeof kairos) => {
      const before = tf.memory().numTensors;
      const weights = train(loss);
      return { weights, left: tf.memory().numTensors - before };
    };
    const { weights: reference, left: referenceLeft } = tensorsLeftBy(tfjsOwn);
    const { weights: ours, left } = tensorsLeftBy(kairos);
    expect(left).toBe(referenceLeft);
    expectClose(ours, reference);
    // The weights moved: the comparison is not between two untouched initialisations.
    expect(Math.max(...ours.map((v, i) => Math.abs(v - ((seededPositive(24, 12)[i] as number) - 0.5))))).toBeGreaterThan(0.05);
  });

  it('names both shapes when labels and predictions disagree', async () => {
    await tf.setBackend('wasm');
    expect(() =>
      tf.tidy(() => tf.engine().runKernel('KairoCategoricalCrossentropy', { labels: tf.zeros([2, 3]), predictions: tf.ones([2, 4]) }, { epsilon: 1e-7 })),
    ).toThrow(/\[2,3\].*\[2,4\]/);
  });
});

describe('categorical accuracy', () => {
  const format = { numClasses: 4, encoding: 'onehot' as const, lossName: 'categoricalCrossentropy' as const };
  const predictions = new Float32Array([
    0.1, 0.6, 0.2, 0.1, // right
    0.4, 0.4, 0.1, 0.1, // tie: the first largest (class 0) counts, and the label is class 1
    Number.NaN, 0.1, 0.8, 0.1, // NaN first: tfjs's ArgMax stays on it
    0.3, Number.NaN, 0.5, 0.2, // NaN elsewhere is never the largest
    0.25, 0.25, 0.25, 0.25, // all equal: class 0
    0.1, 0.1, 0.1, 0.7, // wrong
  ]);
  const labels = new Float32Array([0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0]);

  async function accuracy(backend: string, shape: number[], useTfjs: boolean): Promise<{ shape: number[]; values: number[] }> {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const y = tf.tensor(labels, shape);
      const p = tf.tensor(predictions, shape);
      const result = useTfjs ? tf.metrics.categoricalAccuracy(y, p) : correctPerSample(tf, y, p, format);
      return { shape: result.shape, values: Array.from(result.dataSync()) };
    });
  }

  it.each([[[6, 4]], [[2, 3, 4]]])('counts what tfjs counts, shape %j', async (shape) => {
    const reference = await accuracy('cpu', shape, true);
    expect(reference.values).toEqual([1, 0, 1, 1, 1, 0]);
    for (const backend of ['wasm', 'cpu']) expect(await accuracy(backend, shape, false)).toEqual(reference);
  });

  it('is one kernel on WASM', async () => {
    await tf.setBackend('wasm');
    const profile = await tf.profile(() => {
      tf.tidy(() => correctPerSample(tf, tf.tensor(labels, [6, 4]), tf.tensor(predictions, [6, 4]), format));
    });
    const names = profile.kernels.map((kernel) => kernel.name);
    expect(names).toContain('KairoCategoricalAccuracy');
    expect(names).not.toContain('ArgMax');
  });
});
