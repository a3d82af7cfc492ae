import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdadelta } from '../../src/engine/adadelta';
import { buildOptimizer } from '../../src/engine/compile';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Adadelta (Keras semantics)', () => {
  it('takes a small first step at learning rate 1.0, as Keras does, not a full gradient step', () => {
    const x = tf.variable(tf.scalar(1));
    const optimizer = createAdadelta(tf, 1.0, 0.95, 1e-7);
    optimizer.minimize(() => tf.square(x) as tf.Scalar);
    // gradient 2; E[g²] = 0.05·4 = 0.2; step = sqrt(1e-7) / sqrt(0.2 + 1e-7) · 2 ≈ 1.414e-3
    const expected = 1 - (Math.sqrt(1e-7) / Math.sqrt(0.2 + 1e-7)) * 2;
    expect(x.dataSync()[0]).toBeCloseTo(expected, 6);
    optimizer.dispose();
    x.dispose();
  });

  it('follows the Keras recurrence over several steps', () => {
    const x = tf.variable(tf.scalar(3));
    const optimizer = createAdadelta(tf, 0.5, 0.9, 1e-6);
    let value = 3;
    let meanSquaredGradient = 0;
    let meanSquaredUpdate = 0;
    for (let step = 0; step < 5; step++) {
      optimizer.minimize(() => tf.square(x) as tf.Scalar);
      const gradient = 2 * value;
      meanSquaredGradient = 0.9 * meanSquaredGradient + 0.1 * gradient ** 2;
      const update = (Math.sqrt(meanSquaredUpdate + 1e-6) / Math.sqrt(meanSquaredGradient + 1e-6)) * gradient;
      meanSquaredUpdate = 0.9 * meanSquaredUpdate + 0.1 * update ** 2;
      value -= 0.5 * update;
      expect(x.dataSync()[0]).toBeCloseTo(value, 5);
    }
    optimizer.dispose();
    x.dispose();
  });

  it('is what the optimizer node builds, and keeps the tensor count flat between steps', () => {
    const x = tf.variable(tf.randomNormal([4, 4]));
    const optimizer = buildOptimizer(tf, {
      algorithm: 'adadelta',
      learningRate: 1,
      momentum: 0,
      nesterov: false,
      rho: 0.95,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      initialAccumulatorValue: 0.1,
    });
    optimizer.minimize(() => tf.sum(tf.square(x)) as tf.Scalar);
    const afterFirst = tf.memory().numTensors;
    for (let step = 0; step < 3; step++) optimizer.minimize(() => tf.sum(tf.square(x)) as tf.Scalar);
    expect(tf.memory().numTensors).toBe(afterFirst);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(afterFirst - 2);
    x.dispose();
  });
});
