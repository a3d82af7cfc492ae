/**
 * The PyTorch export, run end to end for every course preset and the built-in tables' presets (the
 * table travels inside the script): Kairo trains the preset briefly and
 * saves its model (model.json + weights.bin); the exported script loads those weights and runs the
 * preset's test images; its predicted classes must agree with Kairo's on ≥ 99.9 % and its logits
 * (the scores before the last activation) lie within 1e-4 of Kairo's. Then the script trains on its
 * own under `torchrun --nproc_per_node=2` (DistributedDataParallel, gloo on CPU) for one short
 * epoch: it must learn (test accuracy well above chance) and write its checkpoint exactly once.
 * Needs Debian's python3-torch (.ci/run installs it).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTrainedModel } from '../../src/cli/modelFolder';
import { builtinTable } from '../../src/engine/data/builtinTables';
import { mnistDataDir } from '../../src/engine/data/mnistNode';
import { datasetSettingsOf } from '../../src/engine/data/request';
import type { LoadedDataset } from '../../src/engine/data/source';
import { tableToDataset } from '../../src/engine/data/tableEncode';
import type { RawTable } from '../../src/engine/data/tableParse';
import { TrainingRuntime } from '../../src/engine/runtime';
import { initWasmBackend } from '../../src/engine/wasm/setup';
import { describeForExport } from '../../src/export/exportModel';
import { exportPytorch } from '../../src/export/pytorch';
import type { BuiltinTable } from '../../src/graph/dataReference';
import { parseGraphFile } from '../../src/graph/format';
import type { Graph } from '../../src/graph/types';
import { kairoOutputs, PYTHON, PYTHON_TESTS, run, TORCHRUN, writeNpy } from './pythonHarness';
import { mnistWithTestSubset } from './runtime-fixtures';

interface PresetCase {
  preset: string;
  /** MNIST, or the built-in table the preset trains on (it travels inside the script). */
  data: 'mnist' | BuiltinTable;
  /** Kairo's short run: training samples and batch (any trained weights will do for the comparison). */
  kairo: { trainSubset?: number; batchSize?: number };
  /** The torchrun run: training samples, epochs, the global batch, and the accuracy it must beat. */
  torchrun: { limit?: number; epochs?: number; batchSize?: number; floor: number; chance: number } | 'not-run';
}

// Floors sit well below what these runs reach and far above chance.
const CASES: PresetCase[] = [
  { preset: 'mnist-perceptron', data: 'mnist', kairo: { trainSubset: 200 }, torchrun: { limit: 400, floor: 0.9, chance: 0.5 } },
  { preset: 'mnist-logreg', data: 'mnist', kairo: { trainSubset: 512 }, torchrun: { limit: 4000, floor: 0.7, chance: 0.1 } },
  { preset: 'mnist-svm', data: 'mnist', kairo: { trainSubset: 512 }, torchrun: { limit: 4000, floor: 0.7, chance: 0.1 } },
  { preset: 'mnist-mlp', data: 'mnist', kairo: { trainSubset: 512 }, torchrun: { limit: 4000, floor: 0.7, chance: 0.1 } },
  { preset: 'mnist-cnn', data: 'mnist', kairo: { trainSubset: 64, batchSize: 32 }, torchrun: { limit: 1280, batchSize: 32, floor: 0.4, chance: 0.1 } },
  // The inside-view examples: two digits through a 2-3-2 network; deep stacks of relu and sigmoid.
  // A 2-3-2 toy with SGD at learning rate 5: one short epoch of 2,000 samples under torchrun stayed
  // at chance (0.46), so only its agreement with Kairo's weights is checked.
  { preset: 'tiny-2-3-2', data: 'mnist', kairo: { trainSubset: 200 }, torchrun: 'not-run' },
  { preset: 'mnist-deep-relu', data: 'mnist', kairo: { trainSubset: 512 }, torchrun: { limit: 8000, floor: 0.5, chance: 0.1 } },
  // Its point is that seven sigmoid layers barely learn with SGD: one short epoch shows no progress
  // to test, so only the agreement with Kairo's weights is checked.
  { preset: 'mnist-deep-sigmoid', data: 'mnist', kairo: { trainSubset: 512 }, torchrun: 'not-run' },
  // A table is small: its whole training part, for more epochs.
  { preset: 'iris-mlp', data: 'iris', kairo: {}, torchrun: { epochs: 30, floor: 0.7, chance: 1 / 3 } },
  { preset: 'penguins-mlp', data: 'penguins', kairo: {}, torchrun: { epochs: 20, floor: 0.7, chance: 1 / 3 } },
];
/** Presets the end-to-end run leaves to other tests, and why. */
const NOT_RUN: Record<string, string> = {
  'images-small-cnn': 'a template without data: tests/unit/python-image-data.test.ts trains it on image folders and runs its script',
  'table-mlp': 'a template without data: tests/unit/python-table-data.test.ts runs its loader on CSV files',
};

const work = mkdtempSync(path.join(tmpdir(), 'kairo-pytorch-'));
let data: LoadedDataset;

beforeAll(async () => {
  const torch = await run(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)']);
  if (torch.code !== 0) throw new Error(`${PYTHON} cannot import torch and numpy (install Debian's python3-torch; .ci/run does): ${torch.stderr}`);
  await initWasmBackend(tf);
  data = await mnistWithTestSubset(10_000);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A built-in table as Kairo's worker loads it for the graph's dataset node. */
function tableData(graph: Graph, table: RawTable): LoadedDataset {
  const settings = datasetSettingsOf(graph);
  const reference = settings?.data;
  if (!settings || reference?.kind !== 'table') throw new Error('not a table graph');
  return tableToDataset(table, reference, { missing: settings.missing, testSplit: settings.testSplit, seed: settings.shuffleSeed });
}

function presetGraph(name: string, dataset: Record<string, unknown>): Graph {
  const parsed = parseGraphFile(readFileSync(path.join(import.meta.dirname, '../../presets', `${name}.json`), 'utf8'));
  if (!parsed.ok) throw new Error(`${name} does not load`);
  return {
    ...parsed.graph,
    nodes: parsed.graph.nodes.map((node) => (node.type === 'dataset' ? { ...node, params: { ...node.params, ...dataset } } : node)),
  };
}

describe('PyTorch export, run with Python', () => {
  it('covers every preset in presets/', () => {
    const presets = readdirSync(path.join(import.meta.dirname, '../../presets')).filter((file) => file.endsWith('.json'));
    expect([...CASES.map((each) => each.preset), ...Object.keys(NOT_RUN)].map((name) => `${name}.json`).sort()).toEqual(presets.sort());
  });

  it.each(CASES.map((each) => [each.preset, each] as const))(
    '%s: the script with Kairo\'s weights predicts what Kairo predicts; under torchrun it trains',
    async (name, testCase) => {
      const dir = path.join(work, name);
      mkdirSync(dir, { recursive: true });
      const graph = presetGraph(name, { ...testCase.kairo, validation: 'none' });
      const table = testCase.data === 'mnist' ? undefined : await builtinTable(testCase.data);
      const runtime = new TrainingRuntime(tf);
      runtime.setData(table ? tableData(graph, table) : data);
      const compiled = await runtime.compile(graph);
      if (!compiled.ok) throw new Error(compiled.issues.map((issue) => issue.code).join('; '));
      expect((await runtime.train(() => {}, { epochs: 1 })).status).toBe('completed');

      const description = describeForExport(graph);
      const model = runtime.compiledGraph;
      const test = runtime.preparedData?.test;
      if (!description.ok || !model || !test) throw new Error('no model to compare');
      const threshold = description.model.loss === 'hinge' ? 0 : 0.5;
      const kairo = await kairoOutputs(model, description.model, test, threshold);
      writeNpy(path.join(dir, 'outputs.npy'), kairo.outputs, [test.count, kairo.width]);
      writeNpy(path.join(dir, 'logits.npy'), kairo.logits, [test.count, kairo.width]);
      writeNpy(path.join(dir, 'classes.npy'), kairo.classes, [test.count]);
      expect((await writeTrainedModel(tf, runtime, graph, path.join(dir, 'model'))).ok).toBe(true);
      await runtime.dispose();

      const script = exportPytorch(graph, table ? { builtinTable: table } : {});
      if (!script.ok) throw new Error('no script');
      writeFileSync(path.join(dir, 'model.py'), script.text);

      const dataArguments = table ? [] : ['--data', mnistDataDir()];
      const evaluated = await run(PYTHON, [
        path.join(dir, 'model.py'),
        ...dataArguments,
        '--weights',
        path.join(dir, 'model'),
        '--eval-only',
        '--save-outputs',
        path.join(dir, 'torch.npz'),
      ]);
      expect(evaluated.code, evaluated.stderr).toBe(0);
      expect(evaluated.stdout).toMatch(/^test accuracy [01]\.\d{4}/m);
      const compared = await run(PYTHON, [path.join(PYTHON_TESTS, 'compare_outputs.py'), dir, path.join(dir, 'torch.npz'), String(threshold)]);
      expect(compared.code, compared.stderr).toBe(0);
      const agreement = JSON.parse(compared.stdout) as { count: number; agreement: number; maxLogitDiff: number; maxOutputDiff: number };
      expect(agreement.count).toBe(test.count);
      expect(agreement.agreement, JSON.stringify(agreement)).toBeGreaterThanOrEqual(0.999);
      expect(agreement.maxLogitDiff, JSON.stringify(agreement)).toBeLessThanOrEqual(1e-4);

      // One short distributed epoch from the script's own initial weights.
      if (testCase.torchrun === 'not-run') return;
      const checkpoint = path.join(dir, 'checkpoint.pt');
      const { limit, epochs, batchSize, floor, chance } = testCase.torchrun;
      const distributed = await run(
        TORCHRUN,
        [
          '--nproc_per_node=2',
          '--standalone',
          // Debian 12's torchrun (PyTorch 1.13 on Python 3.11) cannot parse its default "0" for these
          // two; any explicit stream works, and stderr keeps stdout's lines free of prefixes.
          '--redirects=2',
          '--tee=2',
          path.join(dir, 'model.py'),
          ...dataArguments,
          '--epochs',
          String(epochs ?? 1),
          ...(limit ? ['--limit', String(limit)] : []),
          ...(batchSize ? ['--batch-size', String(batchSize)] : []),
          '--checkpoint',
          checkpoint,
        ],
        // Seconds on an idle machine; many minutes when five test suites share two cores.
        { env: { OMP_NUM_THREADS: '1' }, timeoutMs: 900_000 },
      );
      expect(distributed.code, distributed.stderr).toBe(0);
      expect(distributed.stdout).toMatch(/\(2 processes\)/);
      // The penguins are easy: 1.0000 happens.
      const accuracy = Number(/^test accuracy ([01]\.\d{4})/m.exec(distributed.stdout)?.[1]);
      expect(accuracy, `${name}: ${accuracy} after one distributed epoch (floor ${floor}, chance ${chance})`).toBeGreaterThanOrEqual(floor);
      expect(distributed.stdout.match(/^checkpoint written to /gm)).toHaveLength(1);
      expect(existsSync(checkpoint)).toBe(true);
      // torch.save writes a zip archive.
      expect(readFileSync(checkpoint).subarray(0, 2).toString('latin1')).toBe('PK');
    },
    // The CNN's case took over ten minutes on the shared two-core machine (well under one alone).
    1_500_000,
  );
});
