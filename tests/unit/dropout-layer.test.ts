/**
 * Kairo's dropout layer: what a user of dropout relies on — the share of values dropped, the
 * scaling of the rest, the identity at inference, a gradient that follows the mask, masks that
 * change from batch to batch — and that a saved model still reads as ordinary dropout.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomLayers } from '../../src/engine/customLayers';
import { fillDropoutMultipliers } from '../../src/engine/dropoutLayer';
import { initWasmBackend } from '../../src/engine/wasm/setup';
import { simdKernels } from '../../src/engine/wasm/simd/kernels';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('dropout multipliers', () => {
  it('keep each value with probability 1 − rate, scaled by 1/(1 − rate), independently of its neighbours', () => {
    const state = Uint32Array.from([1, 2, 3, 4]);
    for (const rate of [0.1, 0.25, 0.5, 0.9]) {
      const keep = 1 - rate;
      const out = new Float32Array(200_000);
      fillDropoutMultipliers(out, keep, 1 / keep, state);
      const kept = out.filter((value) => value !== 0);
      expect(new Set(kept).size).toBe(1);
      expect(kept[0]).toBeCloseTo(1 / keep, 5);
      // Binomial standard deviation sqrt(n·p·(1−p)) ≤ 224 here: 5 of them is a generous bound.
      expect(Math.abs(kept.length - keep * out.length)).toBeLessThan(5 * Math.sqrt(out.length * keep * rate));
      // Adjacent pairs both kept as often as independence says (a generator with a short period or
      // correlated neighbours would drop whole rows or stripes).
      let both = 0;
      for (let i = 0; i + 1 < out.length; i += 2) if (out[i] !== 0 && out[i + 1] !== 0) both++;
      const pairs = out.length / 2;
      expect(Math.abs(both - keep * keep * pairs)).toBeLessThan(5 * Math.sqrt(pairs * keep * keep * (1 - keep * keep)));
    }
  });

  it('draws anew each time from the advancing state', () => {
    const state = Uint32Array.from([9, 8, 7, 6]);
    const first = new Float32Array(1000);
    const second = new Float32Array(1000);
    fillDropoutMultipliers(first, 0.5, 2, state);
    fillDropoutMultipliers(second, 0.5, 2, state);
    expect(Array.from(first)).not.toEqual(Array.from(second));
  });
});

describe('the dropout layer', () => {
  const custom = () => createCustomLayers(tf);

  it('drops about `rate` of the values while training and keeps the mean; passes the input through at inference', () => {
    const layer = custom().dropout({ name: 'drop', rate: 0.25 });
    const x = tf.ones([100, 500]);
    const trained = layer.apply(x, { training: true }) as tf.Tensor;
    const values = trained.dataSync();
    const zeros = values.filter((value) => value === 0).length / values.length;
    expect(zeros).toBeGreaterThan(0.23);
    expect(zeros).toBeLessThan(0.27);
    expect(tf.mean(trained).dataSync()[0]).toBeCloseTo(1, 1);
    const again = layer.apply(x, { training: true }) as tf.Tensor;
    expect(Array.from(again.dataSync())).not.toEqual(Array.from(values));
    const inferred = layer.apply(x) as tf.Tensor;
    expect(Array.from(inferred.dataSync())).toEqual(Array.from(x.dataSync()));
    tf.dispose([x, trained, again, inferred]);
  });

  it('passes the gradient through the kept values only, with the same scale', () => {
    const layer = custom().dropout({ name: 'drop', rate: 0.5 });
    const x = tf.randomNormal([40, 30]);
    const gradient = tf.grad((input: tf.Tensor) => tf.sum(layer.apply(input, { training: true }) as tf.Tensor))(x);
    const values = Array.from(gradient.dataSync());
    expect(new Set(values)).toEqual(new Set([0, 2]));
    tf.dispose([x, gradient]);
  });

  it('is saved as tfjs dropout, and such a model loads and predicts as before', async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4], units: 3 }), custom().dropout({ name: 'drop', rate: 0.3 })],
    });
    const x = tf.tensor2d([[1, 2, 3, 4]]);
    const before = (model.predict(x) as tf.Tensor).dataSync();
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    if (saved === undefined) throw new Error('the model was not saved');
    const layers = (saved.modelTopology as { config: { layers: { class_name: string; config: { rate?: number } }[] } }).config.layers;
    expect(layers[1]).toMatchObject({ class_name: 'Dropout', config: { rate: 0.3 } });
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
    expect(loaded.layers[1]?.getClassName()).toBe('Dropout');
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from(before));
  });

  it('on WASM (where one mask buffer serves every batch) an earlier output keeps its values after the next batch', async () => {
    const wasm = await initWasmBackend(tf, { fallbackToCpu: false, threads: 1 });
    expect(wasm.backend).toBe('wasm');
    try {
      const layer = custom().dropout({ name: 'drop', rate: 0.5 });
      const x = tf.ones([64, 50]);
      const first = layer.apply(x, { training: true }) as tf.Tensor;
      const firstValues = Array.from(first.dataSync());
      const second = layer.apply(x, { training: true }) as tf.Tensor;
      expect(Array.from(second.dataSync())).not.toEqual(firstValues);
      expect(Array.from(first.dataSync())).toEqual(firstValues);
      expect(new Set(firstValues)).toEqual(new Set([0, 2]));
      tf.dispose([x, first, second]);
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('on WASM draws its mask on the heap (SIMD) with the same statistics, a gradient through it, and no leak', async () => {
    const wasm = await initWasmBackend(tf, { fallbackToCpu: false });
    expect(wasm.backend).toBe('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    expect(simdKernels(backend)).toBeDefined(); // the mask is the SIMD kernel's here
    try {
      const layer = custom().dropout({ name: 'drop', rate: 0.25 });
      // An odd size: the last numbers come from a partly used draw of the four generators.
      const x = tf.ones([301, 667]);
      const trained = layer.apply(x, { training: true }) as tf.Tensor;
      const values = trained.dataSync();
      expect(new Set(values)).toEqual(new Set([0, Math.fround(1 / 0.75)]));
      const kept = values.filter((value) => value !== 0).length;
      expect(Math.abs(kept - 0.75 * values.length)).toBeLessThan(5 * Math.sqrt(values.length * 0.75 * 0.25));
      // Neighbours (drawn by different generators) and numbers four apart (the same one) independent.
      for (const gap of [1, 4]) {
        let both = 0;
        let pairs = 0;
        for (let i = 0; i + gap < values.length; i += 2 * gap) {
          pairs++;
          if (values[i] !== 0 && values[i + gap] !== 0) both++;
        }
        expect(Math.abs(both - 0.5625 * pairs)).toBeLessThan(5 * Math.sqrt(pairs * 0.5625 * 0.4375));
      }
      const again = layer.apply(x, { training: true }) as tf.Tensor;
      expect(Array.from(again.dataSync())).not.toEqual(Array.from(values));
      const gradient = tf.grad((input: tf.Tensor) => tf.sum(layer.apply(input, { training: true }) as tf.Tensor))(x);
      expect(new Set(gradient.dataSync())).toEqual(new Set([0, Math.fround(1 / 0.75)]));
      tf.dispose([trained, again, gradient]);
      const data = backend.numDataIds();
      const tensors = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) (layer.apply(x, { training: true }) as tf.Tensor).dispose();
      expect(backend.numDataIds()).toBe(data);
      expect(tf.memory().numTensors).toBe(tensors);
      x.dispose();
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('refuses a rate outside [0, 1)', () => {
    expect(() => custom().dropout({ name: 'drop', rate: 1 })).toThrow(/rate/);
  });
});
