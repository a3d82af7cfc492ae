/**
 * The exported scripts make the dataset node's choices as Kairo makes them: the same classes in the
 * same label order, the same seeded training subset, the same held-out validation samples, and the
 * same per-epoch order (Kairo's mulberry32 shuffle, ported to Python). Run with Debian's python3
 * on the real MNIST labels.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnistFromNodeModules, mnistDataDir } from '../../src/engine/data/mnistNode';
import { epochOrder, prepareDataset, type SplitSettings } from '../../src/engine/data/prepare';
import type { LoadedDataset } from '../../src/engine/data/source';
import { exportPytorch } from '../../src/export/pytorch';
import { parseGraphFile } from '../../src/graph/format';
import { PYTHON, PYTHON_TESTS, run } from './pythonHarness';

const work = mkdtempSync(path.join(tmpdir(), 'kairo-choices-'));
const script = path.join(work, 'model.py');
let data: LoadedDataset;

beforeAll(async () => {
  data = await loadMnistFromNodeModules();
  const parsed = parseGraphFile(readFileSync(path.join(import.meta.dirname, '../../presets/mnist-logreg.json'), 'utf8'));
  if (!parsed.ok) throw new Error('preset does not load');
  const exported = exportPytorch(parsed.graph);
  if (!exported.ok) throw new Error('no script');
  writeFileSync(script, exported.text);
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const CASES: { name: string; settings: SplitSettings }[] = [
  { name: 'a seeded subset of all ten digits', settings: { classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], trainSubset: 1000, validation: 'test', validationSplit: 0.1, shuffleSeed: 42 } },
  { name: 'two classes in reversed order, 15 % held out', settings: { classes: [7, 3], trainSubset: 0, validation: 'split', validationSplit: 0.15, shuffleSeed: 5 } },
  { name: 'a subset with a held-out part', settings: { classes: [0, 1, 2], trainSubset: 2000, validation: 'split', validationSplit: 0.1, shuffleSeed: 123 } },
];

describe('the Python exports choose the training data as Kairo does', () => {
  it.each(CASES.map((each) => [each.name, each.settings] as const))('%s', async (_name, settings) => {
    const prepared = prepareDataset(data, settings);
    const pythonSettings = {
      classes: settings.classes,
      train_subset: settings.trainSubset,
      validation: settings.validation,
      validation_split: settings.validationSplit,
      shuffle_seed: settings.shuffleSeed,
    };
    const result = await run(PYTHON, [path.join(PYTHON_TESTS, 'data_choices.py'), script, mnistDataDir(), JSON.stringify(pythonSettings)]);
    expect(result.code, result.stderr).toBe(0);
    const python = JSON.parse(result.stdout) as { train: number[]; validation: number[]; epoch0: number[]; epoch1: number[] };
    expect(python.train).toEqual(Array.from(prepared.train.sourceIndices));
    const heldOut = settings.validation === 'split' ? Array.from(prepared.validation?.sourceIndices ?? []) : [];
    expect(python.validation).toEqual(heldOut);
    expect(python.epoch0).toEqual(Array.from(epochOrder(prepared.train.count, settings.shuffleSeed, 0).subarray(0, 64)));
    expect(python.epoch1).toEqual(Array.from(epochOrder(prepared.train.count, settings.shuffleSeed, 1).subarray(0, 64)));
  }, 120_000);
});
