import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOverrides, parseTrainArguments, runTrainCommand } from '../../src/cli/train';

const presets = path.join(import.meta.dirname, '../../presets');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

describe('kairo train: the command line', () => {
  it('reads the options', () => {
    expect(parseTrainArguments(['g.json', '--epochs', '2', '--limit=500', '--backend', 'cpu', '--seed', '7', '--json'])).toEqual({
      file: 'g.json',
      epochs: 2,
      limit: 500,
      backend: 'cpu',
      seed: 7,
      json: true,
      language: 'en',
    });
    expect(parseTrainArguments(['g.json', '--lang', 'ja'])).toEqual({ file: 'g.json', backend: 'wasm', json: false, language: 'ja' });
  });

  it.each([
    [[], /missing FILE/],
    [['g.json', '--epochs', '0'], /--epochs needs a whole number ≥ 1, got "0"/],
    [['g.json', '--limit'], /--limit needs a whole number/],
    [['g.json', '--backend', 'gpu'], /--backend must be wasm or cpu, got "gpu"/],
    [['g.json', '--fast'], /unknown option --fast/],
    [['a.json', 'b.json'], /only one FILE/],
  ])('refuses %j', async (args, message) => {
    expect(parseTrainArguments(args)).toMatch(message);
    const { err, output } = capture();
    expect(await runTrainCommand(args, output)).toBe(2);
    expect(err.join('\n')).toMatch(/usage: kairo train FILE/);
  });

  it('prints the issues of an invalid graph file with their codes and exits 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kairo-train-'));
    const file = path.join(dir, 'broken.json');
    const graph = JSON.parse(readFileSync(path.join(presets, 'mnist-logreg.json'), 'utf8'));
    graph.nodes[2].params.unitz = 10;
    writeFileSync(file, JSON.stringify(graph));
    const { err, output } = capture();
    expect(await runTrainCommand([file, '--backend', 'cpu'], output)).toBe(1);
    expect(err.join('\n')).toMatch(/not a valid Kairo graph file/);
    expect(err.join('\n')).toMatch(/UNKNOWN_PARAM/);
  });

  it('exits 1 for a file that does not exist', async () => {
    const { err, output } = capture();
    expect(await runTrainCommand(['no/such/graph.json', '--backend', 'cpu'], output)).toBe(1);
    expect(err.join('\n')).toMatch(/cannot read no\/such\/graph\.json/);
  });

  it('trains the logreg preset on 2,000 images and prints machine-readable lines with --json', async () => {
    const { out, output } = capture();
    const status = await runTrainCommand(
      [path.join(presets, 'mnist-logreg.json'), '--limit', '2000', '--epochs', '1', '--json'],
      output,
    );
    expect(status).toBe(0);
    const records = out.map((line) => JSON.parse(line) as { type: string } & Record<string, unknown>);
    expect(records.map((record) => record.type)).toEqual(['start', 'epoch', 'test']);
    expect(records[0]).toMatchObject({ backend: 'wasm', trainCount: 2000, epochs: 1, testCount: 10000 });
    expect(records[1]).toMatchObject({ epoch: 1, epochs: 1 });
    expect(records[2]?.accuracy).toBeGreaterThan(0.7);
  });
});

describe('kairo train: overrides', () => {
  it('writes --limit, --epochs and --seed into the nodes of the dataset and optimizer roles', () => {
    const graph = JSON.parse(readFileSync(path.join(presets, 'mnist-logreg.json'), 'utf8'));
    const overridden = applyOverrides(graph, { limit: 500, epochs: 2, seed: 9 });
    const byRole = (id: string) => overridden.nodes.find((node) => node.id === id)?.params;
    expect(byRole('dataset')).toMatchObject({ trainSubset: 500 });
    expect(byRole('optimizer')).toMatchObject({ epochs: 2, seed: 9 });
    // Layers are left as they were, object for object.
    expect(overridden.nodes.find((node) => node.id === 'dense')).toBe(graph.nodes.find((node: { id: string }) => node.id === 'dense'));
  });

  it('an override the node does not allow is reported by the analysis, before anything is loaded', async () => {
    const { err, output } = capture();
    expect(await runTrainCommand([path.join(presets, 'mnist-logreg.json'), '--limit', '70000', '--backend', 'cpu'], output)).toBe(1);
    expect(err.join('\n')).toMatch(/INVALID_PARAM\s+\[node dataset, param trainSubset\]/);
  });
});
