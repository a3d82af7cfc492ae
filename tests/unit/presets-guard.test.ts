/**
 * A fast guard for every course preset: a brief run of the preset itself (its model, loss and
 * optimizer) on a subset of MNIST must beat a floor well above chance. A change that breaks
 * learning for one exercise (a node, the compiler, the loop, a preset edit) fails here in CI,
 * without the hours the full runs of `npm run reproduce` take.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstSamples } from '../../src/engine/data/samples';
import type { LoadedDataset } from '../../src/engine/data/source';
import { evaluateModel } from '../../src/engine/evaluate';
import { TrainingRuntime } from '../../src/engine/runtime';
import { initWasmBackend } from '../../src/engine/wasm/setup';
import { parseGraphFile } from '../../src/graph/format';
import type { Graph } from '../../src/graph/types';
import { mnistWithTestSubset } from './runtime-fixtures';

interface Guard {
  preset: string;
  /** Training images (the dataset node's trainSubset). */
  trainImages: number;
  /** Extra params for the dataset node (e.g. a smaller batch so a tiny subset still makes enough steps). */
  dataset?: Record<string, unknown>;
  /** Extra params for other nodes, by node id (e.g. fewer random features). */
  nodes?: Record<string, Record<string, unknown>>;
  /** Test images the accuracy is measured on (of the preset's classes, from the start of the test set). */
  testImages: number;
  floor: number;
  /** Chance level, for the message: a floor must sit well above it. */
  chance: number;
}

// Floors sit well below what these runs reach (measured values in the comments) and far above chance.
const GUARDS: Guard[] = [
  // 0 vs 1 with the preset's batch of 1: 300 perceptron steps; reaches ~0.99.
  { preset: 'mnist-perceptron', trainImages: 300, testImages: 1000, floor: 0.95, chance: 0.5 },
  // One epoch on 30,000 images: ~0.89.
  { preset: 'mnist-logreg', trainImages: 30_000, testImages: 2000, floor: 0.85, chance: 0.1 },
  // 500 random features instead of 2,000 (a quarter of the time), one epoch on 15,000 images: ~0.86.
  { preset: 'mnist-svm', trainImages: 15_000, nodes: { rff: { features: 500 } }, testImages: 2000, floor: 0.8, chance: 0.1 },
  // One epoch on 10,000 images: ~0.9 (dropout masks are not seeded, so it varies by about ±0.01).
  { preset: 'mnist-mlp', trainImages: 10_000, testImages: 2000, floor: 0.8, chance: 0.1 },
  // The full CNN with its own Adadelta (lr 1.0, Keras semantics), one epoch on 1,280 images in
  // batches of 32: 40 steps. tfjs's stock Adadelta collapsed this network to one class (~0.11).
  {
    preset: 'mnist-cnn',
    trainImages: 1280,
    dataset: { batchSize: 32 },
    testImages: 500,
    floor: 0.5,
    chance: 0.1,
  },
  // Two features (mean ink of each half), 0 vs 1, one epoch on 12,000 images: ~0.92.
  { preset: 'tiny-2-3-2', trainImages: 12_000, testImages: 1000, floor: 0.85, chance: 0.5 },
  // One epoch on 10,000 images: ~0.89.
  { preset: 'mnist-deep-relu', trainImages: 10_000, testImages: 2000, floor: 0.75, chance: 0.1 },
];

/**
 * Presets that are not meant to beat a floor, and the test that guards what they are meant to show
 * instead: the deep sigmoid MLP stays near chance (its gradients vanish) — that is its lesson.
 */
const GUARDED_ELSEWHERE: Readonly<Record<string, string>> = {
  'mnist-deep-sigmoid': 'tests/unit/layer-statistics.test.ts',
};

let data: LoadedDataset;

beforeAll(async () => {
  await initWasmBackend(tf);
  // The evaluation cuts its own test subset per preset; enough images for the largest one.
  data = await mnistWithTestSubset(10_000);
}, 60_000);

function presetGraph(
  name: string,
  datasetParams: Record<string, unknown>,
  nodeParams: Record<string, Record<string, unknown>> = {},
): Graph {
  const text = readFileSync(path.join(import.meta.dirname, '../../presets', `${name}.json`), 'utf8');
  const parsed = parseGraphFile(text);
  if (!parsed.ok) throw new Error(`${name} does not load: ${parsed.issues.map((issue) => issue.code).join('; ')}`);
  return {
    ...parsed.graph,
    nodes: parsed.graph.nodes.map((node) => {
      const extra = node.type === 'dataset' ? datasetParams : nodeParams[node.id];
      return extra ? { ...node, params: { ...node.params, ...extra } } : node;
    }),
  };
}

describe('every course preset learns (brief run on a subset, WASM backend)', () => {
  it('guards every MNIST preset in presets/ (the image and table presets: data-presets.test.ts)', async () => {
    // By what the preset trains on, not its name: tiny-2-3-2 reads MNIST too.
    const presets = readdirSync(path.join(import.meta.dirname, '../../presets'))
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.replace(/\.json$/, ''))
      .filter((name) => presetGraph(name, {}).nodes.some((node) => node.type === 'dataset' && node.params.source === 'mnist'));
    expect([...GUARDS.map((guard) => guard.preset), ...Object.keys(GUARDED_ELSEWHERE)].sort()).toEqual(presets.sort());
  });

  it.each(GUARDS.map((guard) => [guard.preset, guard] as const))(
    '%s beats its floor after one epoch on a subset',
    async (_name, guard) => {
      expect(tf.getBackend()).toBe('wasm');
      const graph = presetGraph(
        guard.preset,
        { trainSubset: guard.trainImages, validation: 'none', ...guard.dataset },
        guard.nodes,
      );
      const runtime = new TrainingRuntime(tf);
      runtime.setData(data);
      const compiled = await runtime.compile(graph);
      if (!compiled.ok) throw new Error(compiled.failure?.code ?? compiled.issues.map((issue) => issue.code).join('; '));
      expect(compiled.plan.trainCount).toBe(guard.trainImages);

      const outcome = await runtime.train(() => {}, { epochs: 1 });
      expect(outcome.status, outcome.failure?.code).toBe('completed');

      const model = runtime.compiledGraph;
      const prepared = runtime.preparedData;
      const format = runtime.labelFormat;
      if (!model || !prepared || !format) throw new Error('the runtime lost its model');
      const count = Math.min(guard.testImages, prepared.test.count);
      const evaluation = await evaluateModel(tf, model.model, format, firstSamples(prepared.test, count));
      expect(evaluation.count).toBe(count);
      expect(
        evaluation.accuracy,
        `${guard.preset}: ${evaluation.accuracy.toFixed(4)} on ${count} test images (floor ${guard.floor}, chance ${guard.chance})`,
      ).toBeGreaterThanOrEqual(guard.floor);
      await runtime.dispose();
    },
    180_000,
  );
});
