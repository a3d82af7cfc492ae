/**
 * The Python exports read the user's own image folders as Kairo does. On folders of PNG files in
 * every variant real folders hold (grey, grey + alpha, RGB, RGBA, palettes with transparency, 1- to
 * 16-bit samples, Adam7 interlacing, all five row filters), of many sizes and aspect ratios, with
 * the junk real folders carry (a text file, macOS's hidden files, an empty and a damaged image, an
 * image outside any class folder): the script's load_images gives exactly the pixels and labels
 * `kairo train --data` trains on, for each fit and colour, for a folder, a zip with train/ and
 * test/, and a separate test folder. With Pillow (here a stand-in that decodes as Kairo's CLI does)
 * JPEG folders read the same; without it the script stops and says to install it. Then the
 * small-CNN template, trained briefly by Kairo on such a folder, predicts the same in the exported
 * PyTorch script. Run with Debian's python3 (numpy, torch); no Pillow is installed here.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTrainedModel } from '../../src/cli/modelFolder';
import type { FitMode } from '../../src/engine/data/imageFit';
import { imagesToDataset } from '../../src/engine/data/imageSamples';
import { importImagesFromDisk } from '../../src/engine/data/nodeFiles';
import { mulberry32 } from '../../src/engine/data/seededRandom';
import type { LoadedDataset } from '../../src/engine/data/source';
import { TrainingRuntime } from '../../src/engine/runtime';
import { initWasmBackend } from '../../src/engine/wasm/setup';
import { describeForExport } from '../../src/export/exportModel';
import { exportPytorch } from '../../src/export/pytorch';
import type { ImageDataReference } from '../../src/graph/dataReference';
import { parseGraphFile } from '../../src/graph/format';
import type { Graph } from '../../src/graph/types';
import { drawPicture, encodeJpeg, encodePngVariant, type PngVariant, type Shape, writeFiles, zipFiles } from '../data/imageSets';
import { kairoOutputs, PYTHON, PYTHON_TESTS, run, writeNpy } from './pythonHarness';

const work = mkdtempSync(path.join(tmpdir(), 'kairo-images-py-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const VARIANTS: PngVariant[] = [
  { colour: 'rgb', depth: 8 },
  { colour: 'rgba', depth: 8 },
  { colour: 'grey', depth: 8 },
  { colour: 'greyAlpha', depth: 8 },
  { colour: 'palette', depth: 8, transparency: true },
  { colour: 'palette', depth: 4 },
  { colour: 'grey', depth: 1 },
  { colour: 'grey', depth: 2, transparency: true },
  { colour: 'grey', depth: 16 },
  { colour: 'rgb', depth: 16, transparency: true },
  { colour: 'rgba', depth: 16 },
  { colour: 'rgb', depth: 8, interlace: true },
  { colour: 'palette', depth: 2, interlace: true },
  { colour: 'greyAlpha', depth: 16, interlace: true },
];

// The class folders' names sort by code point: "disc" < "square" < "縞" (stripes).
const CLASSES: [string, Shape][] = [
  ['disc', 'disc'],
  ['square', 'square'],
  ['縞', 'stripes'],
];

/** Every variant in every class, at sizes from 7 × 9 (upscaled) to 61 × 40 (downscaled, wide and tall). */
function pngFolderFiles(seed: number, copies = 1): Map<string, Uint8Array> {
  const random = mulberry32(seed);
  const files = new Map<string, Uint8Array>();
  for (const [folder, shape] of CLASSES) {
    for (let copy = 0; copy < copies; copy++) {
      VARIANTS.forEach((variant, index) => {
        const width = 7 + Math.floor(random() * 55);
        const height = 9 + Math.floor(random() * 32);
        const name = `${folder}/${variant.colour}-${variant.depth}${variant.interlace ? '-i' : ''}-${copy}-${index}.png`;
        files.set(name, encodePngVariant(drawPicture(shape, random, width, height), variant));
      });
    }
  }
  return files;
}

/** What real folders carry besides the images; each is skipped (or, hidden, left out silently). */
function junk(files: Map<string, Uint8Array>): Map<string, Uint8Array> {
  const some = files.values().next().value as Uint8Array;
  return new Map([
    ...files,
    ['disc/notes.txt', new TextEncoder().encode('picked on Tuesday')],
    ['square/.DS_Store', new Uint8Array([0, 0, 0, 1])],
    ['__MACOSX/square/._a.png', new Uint8Array([0, 5, 22, 7])],
    ['disc/empty.png', new Uint8Array(0)],
    ['square/broken.png', some.subarray(0, 60)],
    ['stray.png', some],
  ]);
}

interface Settings {
  size: number;
  channels: 1 | 3;
  fit: FitMode;
  testSplit: number;
  seed: number;
}

function imageGraph(reference: ImageDataReference, settings: Settings): Graph {
  const parsed = parseGraphFile(readFileSync(path.join(import.meta.dirname, '../../presets/images-small-cnn.json'), 'utf8'));
  if (!parsed.ok) throw new Error('images-small-cnn does not load');
  return {
    ...parsed.graph,
    nodes: parsed.graph.nodes.map((node) => {
      if (node.type === 'dataset') {
        const color = settings.channels === 1 ? 'grey' : 'rgb';
        const params = { ...node.params, data: reference, imageSize: settings.size, color, fit: settings.fit, testSplit: settings.testSplit, shuffleSeed: settings.seed };
        return { ...node, params: { ...params, validation: 'none', batchSize: 16 } };
      }
      if (node.id === 'dense2') return { ...node, params: { ...node.params, units: reference.classNames.length } };
      return node;
    }),
  };
}

/** What Kairo's CLI trains on for `--data train [--test test]`, and the graph that names it. */
async function kairoImages(train: string, test: string | undefined, settings: Settings): Promise<{ data: LoadedDataset; graph: Graph; skipped: number }> {
  const collection = await importImagesFromDisk(train, test, { size: settings.size, channels: settings.channels, fit: settings.fit });
  const data = imagesToDataset(collection, { testSplit: settings.testSplit, seed: settings.seed });
  return { data, graph: imageGraph(collection.reference, settings), skipped: collection.skipped.length };
}

interface PythonImages {
  train_x: number[];
  train_y: number[];
  test_x: number[];
  test_y: number[];
  train_shape: number[];
  test_shape: number[];
  skippedLine: string;
}

/** A folder on PYTHONPATH whose `PIL` cannot be imported: the script's own PNG reader runs, as on a machine without Pillow. */
const NO_PILLOW = path.join(work, 'no-pillow');
mkdirSync(path.join(NO_PILLOW, 'PIL'), { recursive: true });
writeFileSync(path.join(NO_PILLOW, 'PIL', '__init__.py'), 'raise ImportError("Pillow is not installed (the test hides it)")\n');

async function pythonImages(graph: Graph, args: string[], pythonPath = NO_PILLOW): Promise<{ code: number; stderr: string; images?: PythonImages }> {
  const script = exportPytorch(graph);
  if (!script.ok) throw new Error(`no script: ${JSON.stringify(script)}`);
  const file = path.join(work, `model-${Math.random().toString(36).slice(2)}.py`);
  writeFileSync(file, script.text);
  const result = await run(PYTHON, [path.join(PYTHON_TESTS, 'image_data.py'), file, ...args], { env: { PYTHONPATH: pythonPath } });
  if (result.code !== 0) return { code: result.code, stderr: result.stderr };
  const lines = result.stdout.trim().split('\n');
  const images = JSON.parse(lines.at(-1) ?? '{}') as PythonImages;
  images.skippedLine = lines.find((line) => / files skipped: /.test(line)) ?? '';
  return { code: 0, stderr: result.stderr, images };
}

function expectSame(python: PythonImages | undefined, kairo: LoadedDataset, skipped: number): void {
  if (!python) throw new Error('the script read nothing');
  expect(python.train_shape).toEqual([kairo.train.count, ...kairo.train.sampleShape]);
  expect(python.test_shape).toEqual([kairo.test.count, ...kairo.test.sampleShape]);
  expect(python.train_y).toEqual(Array.from(kairo.train.labels));
  expect(python.test_y).toEqual(Array.from(kairo.test.labels));
  // Exactly the same pixels: a difference of one grey level anywhere is a failure.
  const differing = (a: number[], b: Float32Array) => a.filter((value, index) => value !== b[index]).length;
  expect(differing(python.train_x, kairo.train.features), 'training pixels that differ').toBe(0);
  expect(differing(python.test_x, kairo.test.features), 'test pixels that differ').toBe(0);
  if (skipped > 0) expect(python.skippedLine).toMatch(new RegExp(`^${skipped} files skipped: `));
  else expect(python.skippedLine).toBe('');
}

beforeAll(async () => {
  const numpy = await run(PYTHON, ['-c', 'import numpy']);
  if (numpy.code !== 0) throw new Error(`${PYTHON} cannot import numpy (install Debian's python3-torch; .ci/run does): ${numpy.stderr}`);
  await initWasmBackend(tf);
});

describe('the Python exports read own image folders as Kairo does', () => {
  const folder = writeFiles(path.join(work, 'shapes'), junk(pngFolderFiles(11)));

  it.each([
    { size: 20, channels: 3, fit: 'squash', testSplit: 0.2, seed: 42 },
    { size: 16, channels: 1, fit: 'crop', testSplit: 0.3, seed: 7 },
    { size: 24, channels: 3, fit: 'pad', testSplit: 0.25, seed: 3 },
  ] satisfies Settings[])('a PNG folder in every variant, with junk: fit $fit, $channels channels, $size px — the same pixels', async (settings) => {
    const kairo = await kairoImages(folder, undefined, settings);
    // Three class folders, one named in Japanese; the text file, the empty, the damaged and the stray
    // image are skipped and named, the hidden files left out silently.
    expect(kairo.data.description.classNames).toEqual(['disc', 'square', '縞']);
    expect(kairo.skipped).toBe(4);
    const python = await pythonImages(kairo.graph, [folder]);
    expect(python.code, python.stderr).toBe(0);
    expectSame(python.images, kairo.data, kairo.skipped);
  }, 120_000);

  it('a zip with train/ and test/, and a separate test folder: the same pixels and splits', async () => {
    const settings: Settings = { size: 12, channels: 3, fit: 'crop', testSplit: 0.2, seed: 5 };
    const train = pngFolderFiles(21);
    const test = pngFolderFiles(22);
    const both = new Map([...[...train].map(([name, bytes]) => [`train/${name}`, bytes] as const), ...[...test].map(([name, bytes]) => [`test/${name}`, bytes] as const)]);
    const zip = path.join(work, 'split.zip');
    writeFileSync(zip, zipFiles(both, 'split/'));
    const fromZip = await kairoImages(zip, undefined, settings);
    expect(fromZip.data.test.count).toBe(test.size);
    const zipped = await pythonImages(fromZip.graph, [zip]);
    expect(zipped.code, zipped.stderr).toBe(0);
    expectSame(zipped.images, fromZip.data, 0);

    const trainFolder = writeFiles(path.join(work, 'train-only'), train);
    const testFolder = writeFiles(path.join(work, 'test-only'), test);
    const separate = await kairoImages(trainFolder, testFolder, settings);
    const read = await pythonImages(separate.graph, [trainFolder, testFolder]);
    expect(read.code, read.stderr).toBe(0);
    expectSame(read.images, separate.data, 0);
    // Kairo tested on the separate folder: without --test the script says so instead of guessing.
    const without = await pythonImages(separate.graph, [trainFolder]);
    expect(without.code).not.toBe(0);
    expect(without.stderr).toMatch(/separate test folder: pass it with --test/);
  }, 120_000);

  it('JPEG files: read through Pillow when it is there, a clear message when it is not', async () => {
    const random = mulberry32(4);
    const files = new Map<string, Uint8Array>();
    for (const [folder, shape] of CLASSES.slice(0, 2)) {
      for (let index = 0; index < 6; index++) files.set(`${folder}/${index}.jpg`, encodeJpeg(drawPicture(shape, random, 30 + index * 5, 26)));
      // 16-bit PNGs go through the script's own reader even with Pillow (the stand-in knows no PNG).
      files.set(`${folder}/deep.png`, encodePngVariant(drawPicture(shape, random, 20, 31), { colour: 'rgb', depth: 16 }));
    }
    const jpegFolder = writeFiles(path.join(work, 'photos'), files);
    const settings: Settings = { size: 14, channels: 3, fit: 'squash', testSplit: 0.2, seed: 9 };
    const kairo = await kairoImages(jpegFolder, undefined, settings);

    const refused = await pythonImages(kairo.graph, [jpegFolder]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/12 images are not PNG and need Pillow to be read \(pip install pillow\), e\.g\. photos\/disc\/0\.jpg/);

    // A stand-in for Pillow that decodes each file as Kairo's CLI does (jpeg-js, RGBA), through the
    // calls the script makes (Image.open, .width/.height, .convert("RGBA"), numpy.asarray): with
    // the same decoded bytes, the script's fit must give Kairo's pixels exactly.
    const stand = path.join(work, 'pillow-stand-in');
    mkdirSync(path.join(stand, 'PIL'), { recursive: true });
    const decoded: Record<string, { width: number; height: number; rgba: string }> = {};
    for (const [name, bytes] of files) {
      if (!name.endsWith('.jpg')) continue;
      const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
      decoded[Buffer.from(bytes).toString('base64')] = { width: image.width, height: image.height, rgba: Buffer.from(image.data).toString('base64') };
    }
    writeFileSync(path.join(stand, 'decoded.json'), JSON.stringify(decoded));
    writeFileSync(path.join(stand, 'PIL', '__init__.py'), '');
    writeFileSync(
      path.join(stand, 'PIL', 'Image.py'),
      [
        'import base64, json, os',
        'import numpy as np',
        'DECODED = json.load(open(os.path.join(os.path.dirname(__file__), "..", "decoded.json")))',
        'class Picture:',
        '    def __init__(self, entry):',
        '        self.width, self.height = entry["width"], entry["height"]',
        '        self.pixels = np.frombuffer(base64.b64decode(entry["rgba"]), np.uint8).reshape(self.height, self.width, 4)',
        '    def __enter__(self):',
        '        return self',
        '    def __exit__(self, *exc):',
        '        return False',
        '    def convert(self, mode):',
        '        assert mode == "RGBA", mode',
        '        return self',
        '    def __array__(self, dtype=None, copy=None):',
        '        return self.pixels if dtype is None else self.pixels.astype(dtype)',
        'def open(file):',
        '    return Picture(DECODED[base64.b64encode(file.read()).decode()])',
        '',
      ].join('\n'),
    );
    const read = await pythonImages(kairo.graph, [jpegFolder], stand);
    expect(read.code, read.stderr).toBe(0);
    expectSame(read.images, kairo.data, 0);
  }, 120_000);
});

describe('the small-CNN template on own images, exported to PyTorch', () => {
  it("the script with Kairo's weights predicts what Kairo predicts on the held-out images", async () => {
    const folder = writeFiles(path.join(work, 'cnn-shapes'), pngFolderFiles(31, 3));
    const settings: Settings = { size: 32, channels: 3, fit: 'squash', testSplit: 0.2, seed: 42 };
    const { data, graph } = await kairoImages(folder, undefined, settings);
    const runtime = new TrainingRuntime(tf);
    runtime.setData(data);
    const compiled = await runtime.compile(graph);
    if (!compiled.ok) throw new Error(compiled.issues.map((issue) => issue.code).join('; '));
    expect((await runtime.train(() => {}, { epochs: 2 })).status).toBe('completed');
    const description = describeForExport(graph);
    const model = runtime.compiledGraph;
    const test = runtime.preparedData?.test;
    if (!description.ok || !model || !test) throw new Error('no model to compare');
    const dir = path.join(work, 'cnn');
    mkdirSync(dir, { recursive: true });
    const kairo = await kairoOutputs(model, description.model, test, 0.5);
    writeNpy(path.join(dir, 'outputs.npy'), kairo.outputs, [test.count, kairo.width]);
    writeNpy(path.join(dir, 'logits.npy'), kairo.logits, [test.count, kairo.width]);
    writeNpy(path.join(dir, 'classes.npy'), kairo.classes, [test.count]);
    expect((await writeTrainedModel(tf, runtime, graph, path.join(dir, 'model'))).ok).toBe(true);
    await runtime.dispose();

    const script = exportPytorch(graph);
    if (!script.ok) throw new Error('no script');
    writeFileSync(path.join(dir, 'model.py'), script.text);
    const evaluated = await run(
      PYTHON,
      [path.join(dir, 'model.py'), '--data', folder, '--weights', path.join(dir, 'model'), '--eval-only', '--save-outputs', path.join(dir, 'torch.npz')],
      { env: { PYTHONPATH: NO_PILLOW } },
    );
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/^test accuracy [01]\.\d{4}/m);
    const compared = await run(PYTHON, [path.join(PYTHON_TESTS, 'compare_outputs.py'), dir, path.join(dir, 'torch.npz')]);
    expect(compared.code, compared.stderr).toBe(0);
    const agreement = JSON.parse(compared.stdout) as { count: number; agreement: number; maxLogitDiff: number };
    expect(agreement.count).toBe(test.count);
    expect(agreement.agreement, JSON.stringify(agreement)).toBe(1);
    expect(agreement.maxLogitDiff, JSON.stringify(agreement)).toBeLessThanOrEqual(1e-4);
  }, 600_000);
});
