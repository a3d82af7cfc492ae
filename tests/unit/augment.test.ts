/**
 * The Augment node: the identity at inference; while training, per image, exactly the changes
 * nodes/augment.ts documents (flips mirror or keep, a warp keeps symmetric content, brightness adds
 * one offset per image and clips), seeded, shape-preserving, and it trains inside a graph on WASM.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmentNode } from '../../nodes/augment';
import { defaultParams } from '../../nodes/types';
import { createCustomLayers } from '../../src/engine/customLayers';
import { TrainingRuntime } from '../../src/engine/runtime';
import { initWasmBackend } from '../../src/engine/wasm/setup';
import { importImagesFromDisk } from '../../src/engine/data/nodeFiles';
import { imagesToDataset } from '../../src/engine/data/imageSamples';
import { parseGraphFile } from '../../src/graph/format';
import { graphWithData } from '../../src/graph/withData';
import { imageSetFiles, writeFiles } from '../data/imageSets';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

beforeAll(async () => {
  await initWasmBackend(tf);
});

type Settings = ReturnType<typeof defaultParams<typeof augmentNode.params>>;

function layer(settings: Partial<Settings>) {
  const params = { ...defaultParams(augmentNode.params), ...settings };
  return createCustomLayers(tf).augment({ name: `augment_${Math.random().toString(36).slice(2)}`, ...params });
}

/** A batch of 4 different 8×8×1 images with values in [0.2, 0.8]. */
function batch(): tf.Tensor4D {
  return tf.tidy(() => tf.add(tf.mul(tf.randomUniform([4, 8, 8, 1], 0, 1, 'float32', 3), 0.6), 0.2) as tf.Tensor4D);
}

function run(augment: ReturnType<typeof layer>, input: tf.Tensor4D, training: boolean): Float32Array {
  const output = augment.apply(input, { training }) as tf.Tensor;
  const values = output.dataSync() as Float32Array;
  expect(output.shape).toEqual(input.shape);
  output.dispose();
  return values;
}

describe('the Augment node', () => {
  it('passes images through unchanged at inference', () => {
    const input = batch();
    expect(run(layer({}), input, false)).toEqual(input.dataSync());
    input.dispose();
  });

  it('changes them while training; the same seed repeats, another does not', () => {
    const input = batch();
    const first = run(layer({ seed: 11 }), input, true);
    expect(first).not.toEqual(input.dataSync());
    expect(run(layer({ seed: 11 }), input, true)).toEqual(first);
    expect(run(layer({ seed: 12 }), input, true)).not.toEqual(first);
    // A second training call of the same layer draws new numbers.
    const augment = layer({ seed: 11 });
    expect(run(augment, input, true)).toEqual(first);
    expect(run(augment, input, true)).not.toEqual(first);
    input.dispose();
  });

  it('a flip alone gives each image mirrored or as it was', () => {
    const input = batch();
    const values = run(layer({ flip: 'horizontal', rotation: 0, shift: 0, zoom: 0, brightness: 0 }), input, true);
    const original = input.arraySync();
    const mirrored = tf.reverse(input, 2).arraySync();
    const output = tf.tensor4d(values, input.shape).arraySync();
    let flipped = 0;
    output.forEach((image, index) => {
      const same = JSON.stringify(image) === JSON.stringify(original[index]);
      const mirror = JSON.stringify(image) === JSON.stringify(mirrored[index]);
      expect(same || mirror).toBe(true);
      if (mirror) flipped++;
    });
    expect(flipped).toBeGreaterThan(0);
    input.dispose();
  });

  it('brightness alone adds one offset per image within ± brightness, clipped to [0, 1]', () => {
    const input = batch();
    const values = run(layer({ flip: 'none', rotation: 0, shift: 0, zoom: 0, brightness: 0.15 }), input, true);
    const original = input.dataSync();
    for (let image = 0; image < 4; image++) {
      const offsets = Array.from({ length: 64 }, (_, pixel) => (values[image * 64 + pixel] as number) - (original[image * 64 + pixel] as number));
      const first = offsets[0] as number;
      expect(Math.abs(first)).toBeLessThanOrEqual(0.15 + 1e-6);
      for (const offset of offsets) expect(offset).toBeCloseTo(first, 5);
    }
    input.dispose();
  });

  it('a rotation and zoom keep a constant image constant (edges reflect), and leak no tensors', () => {
    const constant = tf.fill([2, 9, 9, 3], 0.4) as tf.Tensor4D;
    const augment = layer({ flip: 'both', rotation: 45, shift: 0.2, zoom: 0.3, brightness: 0 });
    run(augment, constant, true);
    const before = tf.memory().numTensors;
    const values = run(augment, constant, true);
    expect(tf.memory().numTensors).toBe(before);
    for (const value of values) expect(value).toBeCloseTo(0.4, 5);
    constant.dispose();
  });

  it('refuses a flat input: it needs images', () => {
    const result = augmentNode.inferShape({ in: [null, 10] }, defaultParams(augmentNode.params));
    expect(result.ok ? 'ok' : result.problem.code).toBe('WRONG_RANK');
  });

  it('trains inside the small-CNN template on the WASM backend', async () => {
    const folder = writeFiles(path.join(mkdtempSync(path.join(tmpdir(), 'kairo-augment-')), 'shapes'), imageSetFiles({ shapes: ['disc', 'stripes'], perClass: 16, seed: 4 }));
    const collection = await importImagesFromDisk(folder, undefined, { size: 32, channels: 3, fit: 'squash' });
    const parsed = parseGraphFile(readFileSync(path.join(import.meta.dirname, '../../presets/images-small-cnn.json'), 'utf8'));
    if (!parsed.ok) throw new Error('template');
    const template = graphWithData(parsed.graph, collection.reference);
    // dataset → augment → conv1 instead of dataset → conv1.
    const graph = {
      ...template,
      nodes: [...template.nodes, { id: 'augment', type: 'augment', version: 1, params: defaultParams(augmentNode.params), position: { x: 0, y: 0 } }],
      edges: template.edges.flatMap((edge) =>
        edge.source === 'dataset' && edge.target === 'conv1'
          ? [
              { ...edge, target: 'augment' },
              { id: 'augment-out', source: 'augment', sourcePort: 'out', target: 'conv1', targetPort: 'in' },
            ]
          : [edge],
      ),
    };
    const runtime = new TrainingRuntime(tf);
    runtime.setData(imagesToDataset(collection, { testSplit: 0.25, seed: 1 }));
    const compiled = await runtime.compile(graph);
    if (!compiled.ok) throw new Error(compiled.failure?.code ?? compiled.issues.map((issue) => issue.code).join());
    expect(compiled.summary.totalParams).toBe(79_010);
    const outcome = await runtime.train(() => {}, { epochs: 2 });
    expect(outcome.status, outcome.failure?.code).toBe('completed');
    expect(Number.isFinite(outcome.history.at(-1)?.loss)).toBe(true);
    await runtime.dispose();
  }, 120_000);
});
