import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomLayers, signStraightThrough } from '../../src/engine/customLayers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const inputs = [-2, -1, -0.5, 0, 0.5, 1, 2];

describe('sign with an identity straight-through gradient', () => {
  it('forward is sign(x): −1, 0 or +1', () => {
    const sign = signStraightThrough(tf);
    const values = tf.tidy(() => Array.from(sign(tf.tensor1d(inputs)).dataSync()));
    expect(values).toEqual([-1, -1, -1, 0, 1, 1, 1]);
  });

  it('backward passes the gradient straight through, unchanged, for every x', () => {
    const sign = signStraightThrough(tf);
    const gradient = tf.tidy(() => {
      // d/dx Σ w·sign(x): the upstream gradient w must come through unchanged, far from 0 too
      // (a perceptron must still correct an example it gets confidently wrong).
      const upstream = tf.tensor1d([3, -2, 1, 5, -1, 2, 4]);
      const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(sign(x), upstream)));
      return Array.from(grad(tf.tensor1d(inputs)).dataSync());
    });
    expect(gradient).toEqual([3, -2, 1, 5, -1, 2, 4]);
  });

  it('the sign layer does the same inside a model, and trains its inputs', () => {
    const custom = createCustomLayers(tf);
    expect(createCustomLayers(tf)).toBe(custom); // registered once per tfjs namespace
    const input = tf.input({ shape: [3] });
    const dense = tf.layers.dense({ units: 3, kernelInitializer: 'identity', useBias: false });
    const signLayer = custom.sign({ name: 'sgn' });
    const model = tf.model({ inputs: input, outputs: signLayer.apply(dense.apply(input)) as tf.SymbolicTensor });
    const [forward, kernelGradient] = tf.tidy(() => {
      const x = tf.tensor2d([[-0.3, 0.7, 4]]);
      const predicted = Array.from((model.predict(x) as tf.Tensor).dataSync());
      const { grads } = tf.variableGrads(() => tf.sum(model.apply(x) as tf.Tensor) as tf.Scalar);
      const gradient = Object.values(grads)[0];
      return [predicted, gradient ? Array.from(gradient.dataSync()) : []];
    });
    expect(forward).toEqual([-1, 1, 1]);
    // Kernel entry (i, j) gets x_i for every unit j, unit 2 (input 4, far beyond ±1) included.
    expect(kernelGradient.map((value) => Math.round(value * 100) / 100)).toEqual([
      -0.3, -0.3, -0.3, 0.7, 0.7, 0.7, 4, 4, 4,
    ]);
    expect(signLayer.getClassName()).toBe('KairoSign');
    model.dispose();
  });
});
