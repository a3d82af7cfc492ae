/**
 * The command-line contract scripts and CI rely on: `kairo train … --save-model DIR` writes the
 * trained TF.js model, and `kairo export GRAPH --to keras|pytorch|notebook [--weights DIR] [-o OUT]`
 * writes code, refusing weights that do not belong to the graph.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExportArguments, runExportCommand } from '../../src/cli/export';
import { parseTrainArguments, runTrainCommand } from '../../src/cli/train';

const presets = path.join(import.meta.dirname, '../../presets');
const work = mkdtempSync(path.join(tmpdir(), 'kairo-export-cli-'));
const modelDir = path.join(work, 'perceptron-model');

afterAll(() => rmSync(work, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

describe('kairo train --save-model', () => {
  it('reads the folder from the command line', () => {
    expect(parseTrainArguments(['g.json', '--save-model', 'out/model'])).toMatchObject({ file: 'g.json', saveModel: 'out/model' });
    expect(parseTrainArguments(['g.json', '--save-model'])).toMatch(/--save-model needs a folder/);
  });

  it('writes model.json and weights.bin of the trained model', async () => {
    const { out, output } = capture();
    const status = await runTrainCommand(
      [path.join(presets, 'mnist-perceptron.json'), '--limit', '100', '--epochs', '1', '--save-model', modelDir, '--json'],
      output,
    );
    expect(status).toBe(0);
    const records = out.map((line) => JSON.parse(line) as { type: string } & Record<string, unknown>);
    expect(records.map((record) => record.type)).toEqual(['start', 'epoch', 'test', 'saved']);
    expect(records[3]).toMatchObject({ dir: modelDir, files: ['model.json', 'weights.bin'] });
    const json = JSON.parse(readFileSync(path.join(modelDir, 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].weights.map((weight: { name: string }) => weight.name)).toEqual(['dense_unit/kernel', 'dense_unit/bias']);
    expect(readFileSync(path.join(modelDir, 'weights.bin')).length).toBe((784 + 1) * 4);
  }, 120_000);
});

describe('kairo export', () => {
  it('reads its options and refuses a wrong command line with status 2', async () => {
    expect(parseExportArguments(['g.json', '--to', 'pytorch', '--weights', 'm', '-o', 'model.py'])).toEqual({
      file: 'g.json',
      to: 'pytorch',
      weights: 'm',
      out: 'model.py',
      language: 'en',
    });
    expect(parseExportArguments(['g.json'])).toMatch(/missing --to/);
    expect(parseExportArguments(['g.json', '--to', 'matlab'])).toMatch(/--to must be keras, pytorch or notebook/);
    const { err, output } = capture();
    expect(await runExportCommand(['g.json', '--to', 'onnx'], output)).toBe(2);
    expect(err.join('\n')).toMatch(/usage: kairo export/);
  });

  it('writes a PyTorch script whose default --weights is the checked model folder', async () => {
    const out = path.join(work, 'model.py');
    const { output } = capture();
    const status = await runExportCommand([path.join(presets, 'mnist-perceptron.json'), '--to', 'pytorch', '--weights', modelDir, '-o', out], output);
    expect(status).toBe(0);
    const script = readFileSync(out, 'utf8');
    expect(script.startsWith('#!/usr/bin/env python3')).toBe(true);
    expect(script).toContain(`parser.add_argument("--weights", default=${JSON.stringify(modelDir)}`);
    expect(script).toContain('DistributedDataParallel');
  });

  it('prints a Keras script or a notebook to standard output without -o', async () => {
    const keras = capture();
    expect(await runExportCommand([path.join(presets, 'mnist-cnn.json'), '--to', 'keras'], keras.output)).toBe(0);
    expect(keras.out.join('\n')).toContain('keras.layers.Conv2D(32, (3, 3)');
    const notebook = capture();
    expect(await runExportCommand([path.join(presets, 'mnist-cnn.json'), '--to', 'notebook'], notebook.output)).toBe(0);
    expect(JSON.parse(notebook.out.join('\n'))).toMatchObject({ nbformat: 4 });
  });

  it('carries a built-in table inside the script, so it runs without --data', async () => {
    const { out, output } = capture();
    expect(await runExportCommand([path.join(presets, 'iris-mlp.json'), '--to', 'pytorch'], output)).toBe(0);
    const script = out.join('\n');
    expect(script).toContain('BUILTIN_TABLE = {');
    // The 150 flowers, one row per line.
    expect(script.match(/^ {8}\["[\d.]+", "[\d.]+", "[\d.]+", "[\d.]+", "(setosa|versicolor|virginica)"\],$/gm)).toHaveLength(150);
  });

  it('refuses weights of another graph (exit 1, nothing written) and says which weight does not fit', async () => {
    const out = path.join(work, 'mlp.py');
    for (const language of ['en', 'ja'] as const) {
      const { err, output } = capture();
      const status = await runExportCommand([path.join(presets, 'mnist-mlp.json'), '--to', 'pytorch', '--weights', modelDir, '-o', out, '--lang', language], output);
      expect(status).toBe(1);
      expect(err.join('\n')).toContain('dense_dense1/kernel');
      if (language === 'ja') expect(err.join('\n')).toMatch(/重み/);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a graph that cannot be trained, naming its problems', async () => {
    const broken = path.join(work, 'broken.json');
    const graph = JSON.parse(readFileSync(path.join(presets, 'mnist-logreg.json'), 'utf8'));
    graph.edges = graph.edges.filter((edge: { id: string }) => edge.id !== 'e2');
    writeFileSync(broken, JSON.stringify(graph));
    const { err, output } = capture();
    expect(await runExportCommand([broken, '--to', 'keras'], output)).toBe(1);
    expect(err.join('\n')).toMatch(/MISSING_INPUT/);
  });
});
