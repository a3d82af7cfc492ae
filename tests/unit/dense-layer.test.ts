/**
 * Kairo's dense layer (src/engine/customLayers.ts) is tfjs's Dense that, while training, leaves out
 * the gradient of its input where nothing needs it. It must train to the same weights, predict the
 * same, save and load as tfjs's Dense, and still give the input's gradient when that is asked for.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denseTakingOnlyNeededGradients } from '../../src/engine/customLayers';
import { initWasmBackend } from '../../src/engine/wasm/setup';

beforeAll(async () => {
  const result = await initWasmBackend(tf, { fallbackToCpu: false });
  expect(result.backend).toBe('wasm');
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

function seeded(count: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  });
}

/** input → dense(6, tanh) → dense(3, softmax), either with tfjs's layers or Kairo's. */
function model(kairo: boolean): tf.LayersModel {
  const make = (config: Parameters<typeof tf.layers.dense>[0]) => (kairo ? denseTakingOnlyNeededGradients(tf, config) : tf.layers.dense(config));
  const input = tf.input({ shape: [5] });
  const hidden = make({ units: 6, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }).apply(input) as tf.SymbolicTensor;
  const output = make({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }).apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

const x = () => tf.tensor2d(seeded(16 * 5, 1), [16, 5]);
const labels = () => tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 3), 'int32'), 3).toFloat();

function train(m: tf.LayersModel, steps: number): number[] {
  const optimizer = tf.train.sgd(0.3);
  const [inputs, targets] = [x(), labels()];
  for (let step = 0; step < steps; step++) {
    optimizer.minimize(() => tf.mean(tf.metrics.categoricalCrossentropy(targets, m.apply(inputs, { training: true }) as tf.Tensor)) as tf.Scalar);
  }
  tf.dispose([inputs, targets]);
  optimizer.dispose();
  return m.getWeights().flatMap((weight) => Array.from(weight.dataSync()));
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expect(Math.abs((actual[i] as number) - (expected[i] as number))).toBeLessThanOrEqual(tolerance);
}

describe("Kairo's dense layer", () => {
  it("trains to the weights tfjs's Dense trains to", () => {
    const initial = model(false).getWeights().flatMap((weight) => Array.from(weight.dataSync()));
    const reference = train(model(false), 15);
    const ours = train(model(true), 15);
    expectClose(ours, reference);
    expect(Math.max(...ours.map((value, i) => Math.abs(value - (initial[i] as number))))).toBeGreaterThan(0.01);
  });

  it('multiplies no gradient for the input of the first layer while training', async () => {
    const m = model(true);
    const [inputs, targets] = [x(), labels()];
    const optimizer = tf.train.sgd(0.1);
    const profile = await tf.profile(() => {
      optimizer.minimize(() => tf.mean(tf.metrics.categoricalCrossentropy(targets, m.apply(inputs, { training: true }) as tf.Tensor)) as tf.Scalar);
    });
    const products = profile.kernels.filter((kernel) => kernel.name === 'BatchMatMul' || kernel.name === '_FusedMatMul').map((kernel) => kernel.outputShapes[0]?.slice(-2));
    // Forward 16×6 and 16×3; backward the two weight gradients 5×6 and 6×3, and the hidden layer's input gradient 16×6 — never the model input's 16×5.
    expect(products).not.toContainEqual([16, 5]);
    expect(products).toContainEqual([5, 6]);
    expect(products).toContainEqual([16, 6]);
    tf.dispose([inputs, targets]);
    optimizer.dispose();
  });

  it('still gives the gradient of its input when that is asked for', () => {
    const ours = model(true);
    const theirs = model(false);
    const inputs = x();
    const gradientOf = (m: tf.LayersModel) => tf.grad((input: tf.Tensor) => tf.sum(tf.mul(m.apply(input) as tf.Tensor, tf.tensor1d([1, -2, 3]))))(inputs);
    expectClose(gradientOf(ours).dataSync(), gradientOf(theirs).dataSync());
    expect(Math.max(...Array.from(gradientOf(ours).dataSync()).map(Math.abs))).toBeGreaterThan(0);
    inputs.dispose();
  });

  it("predicts, saves and loads back as tfjs's Dense", async () => {
    const ours = model(true);
    train(ours, 3);
    const inputs = x();
    const predicted = (ours.predict(inputs) as tf.Tensor).dataSync();
    let saved: tf.io.ModelArtifacts | undefined;
    await ours.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    expect(JSON.stringify(saved?.modelTopology)).toContain('"class_name":"Dense"');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    expectClose((loaded.predict(inputs) as tf.Tensor).dataSync(), predicted);
    inputs.dispose();
  });
});
