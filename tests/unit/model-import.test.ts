/**
 * Bringing a model in: a TF.js layers model.json (Kairo's own, stripped of what Kairo adds, or one
 * written by Keras) becomes a graph whose model predicts what the file's model predicts; a bundle
 * gives back its graph and weights. And hostile input — unknown layers, weights of the wrong
 * shape, a cut-off weights file, a manifest claiming a gigabyte, zip bombs, files that are not
 * what they say — is refused with a code, before anything large is allocated.
 */
import * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainingRuntime } from '../../src/engine/runtime';
import { BUNDLE_ENTRIES, readBundle, writeBundle } from '../../src/export/bundle';
import { describeForExport } from '../../src/export/exportModel';
import { parseModelJson, readWeights, type WeightSet, weightValues, writeModelFiles } from '../../src/export/modelFiles';
import { MODEL_PROBLEM_CODES } from '../../src/export/modelProblems';
import { importTfjsModel } from '../../src/export/tfjsImport';
import type { TrainedModel } from '../../src/export/trainedModel';
import { graphFingerprint } from '../../src/graph/fingerprint';
import { layoutGraph } from '../../src/graph/layout';
import type { Graph } from '../../src/graph/types';
import { en } from '../../src/i18n/en';
import { ja } from '../../src/i18n/ja';
import { restoreModel, type SavedModel, saveModel } from '../../src/worker/modelIo';
import { loadPreset } from './runtime-fixtures';

let cnn: Graph;
let saved: SavedModel;
const samples = tf.randomUniform([6, 28, 28, 1], 0, 1, 'float32', 7);

beforeAll(async () => {
  await tf.setBackend('cpu');
  cnn = loadPreset('mnist-cnn');
  const runtime = new TrainingRuntime(tf);
  if (!(await runtime.compile(cnn)).ok || !runtime.compiledGraph) throw new Error('no model');
  saved = await saveModel(tf, runtime.compiledGraph.model);
  await runtime.dispose();
});

/** The files a TF.js model.save() writes, as bytes by name (optionally with a manifest changed first). */
function modelFiles(modelTopology: unknown, weights: WeightSet, editManifest?: (json: Record<string, unknown>) => void) {
  const files = writeModelFiles(modelTopology, weights);
  const json = JSON.parse(files.modelJson) as Record<string, unknown>;
  editManifest?.(json);
  return { text: JSON.stringify(json), bins: new Map([['weights.bin', files.weightsBin]]) };
}

async function predict(graph: Graph, weights: WeightSet): Promise<Float32Array> {
  const runtime = new TrainingRuntime(tf);
  const restored = await restoreModel(tf, runtime, graph, weights);
  if (!restored.ok || !runtime.compiledGraph) throw new Error(`not restored: ${JSON.stringify(restored)}`);
  const output = runtime.compiledGraph.model.predict(samples) as tf.Tensor;
  const values = (await output.data()) as Float32Array;
  output.dispose();
  await runtime.dispose();
  return values;
}

describe('a TF.js layers model becomes a graph', () => {
  it('Kairo\'s own CNN, read from its topology alone, predicts exactly as the original', async () => {
    const { text, bins } = modelFiles(saved.modelTopology, saved.weights);
    const parsed = parseModelJson(text);
    if (!parsed.ok) throw new Error(parsed.problem.code);
    const weights = readWeights(parsed.model, bins);
    if (!weights.ok) throw new Error(weights.problem.code);
    const imported = importTfjsModel(parsed.model, weights.weights, 'imported', (graph) => layoutGraph(graph, { maxWidth: 620 }));
    if (!imported.ok) throw new Error(`${imported.problem.code} ${JSON.stringify(imported.problem.vars)}`);
    const { graph } = imported.imported;
    // Laid out by the editor's layered layout: no two cards on the same spot.
    expect(new Set(graph.nodes.map((node) => `${node.position.x},${node.position.y}`)).size).toBe(graph.nodes.length);
    expect(graph.nodes.map((node) => node.type)).toEqual([
      'dataset', 'conv2d', 'conv2d', 'maxpool2d', 'dropout', 'flatten', 'dense', 'dropout', 'dense', 'loss', 'optimizer',
    ]);
    expect(graph.nodes.find((node) => node.type === 'loss')?.params.function).toBe('categoricalCrossentropy');
    expect(await predict(graph, imported.imported.weights)).toEqual(await predict(cnn, saved.weights));
  });

  it('a Keras Sequential model on flat 784-pixel rows gets a Reshape after the dataset, and its weights', async () => {
    const topology = {
      keras_version: '2.15.0',
      backend: 'tensorflow',
      model_config: {
        class_name: 'Sequential',
        config: {
          name: 'sequential',
          layers: [
            { class_name: 'Dense', config: { name: 'hidden', units: 16, activation: 'relu', use_bias: true, batch_input_shape: [null, 784] } },
            { class_name: 'Dense', config: { name: 'out', units: 10, activation: 'softmax', use_bias: true } },
          ],
        },
      },
    };
    const shapes = { 'hidden/kernel': [784, 16], 'hidden/bias': [16], 'out/kernel': [16, 10], 'out/bias': [10] };
    const entries = Object.entries(shapes).map(([name, shape]) => ({ name: `sequential/${name}`, shape }));
    const total = entries.reduce((sum, entry) => sum + entry.shape.reduce((a, b) => a * b, 1), 0);
    const data = Float32Array.from({ length: total }, (_, index) => Math.sin(index) * 0.05);
    const imported = importTfjsModel({ modelTopology: topology, weightsManifest: [] }, { entries, data: data.buffer }, 'keras');
    if (!imported.ok) throw new Error(`${imported.problem.code} ${JSON.stringify(imported.problem.vars)}`);
    const types = imported.imported.graph.nodes.map((node) => node.type);
    expect(types).toEqual(['dataset', 'reshape', 'dense', 'dense', 'loss', 'optimizer']);
    const values = weightValues(imported.imported.weights);
    expect(values.get('dense_hidden/kernel')?.[5]).toBeCloseTo(Math.sin(5) * 0.05, 6);
    const predictions = await predict(imported.imported.graph, imported.imported.weights);
    expect(predictions.length).toBe(6 * 10);
  });
});

describe('hostile model files are refused with a code', () => {
  it('unknown layers: every layer class Kairo lacks is named', () => {
    const topology = {
      class_name: 'Sequential',
      config: {
        layers: [
          { class_name: 'Embedding', config: { name: 'embed', batch_input_shape: [null, 784] } },
          { class_name: 'LSTM', config: { name: 'lstm' } },
          { class_name: 'Dense', config: { name: 'out', units: 10 } },
        ],
      },
    };
    const result = importTfjsModel({ modelTopology: topology, weightsManifest: [] }, { entries: [], data: new ArrayBuffer(0) }, 'x');
    expect(result.ok ? 'imported' : result.problem.code).toBe('MODEL_UNKNOWN_LAYERS');
    expect(result.ok ? '' : String(result.problem.vars.layers)).toBe('Embedding, LSTM');
  });

  it('weights whose shapes do not fit the topology', () => {
    const { text, bins } = modelFiles(saved.modelTopology, saved.weights, (json) => {
      const manifest = json.weightsManifest as { weights: { name: string; shape: number[] }[] }[];
      const kernel = manifest[0]?.weights.find((weight) => weight.name === 'dense_dense2/kernel');
      // Same byte count, other shape: only a check against the graph can notice.
      if (kernel) kernel.shape = [10, 128];
    });
    const parsed = parseModelJson(text);
    if (!parsed.ok) throw new Error(parsed.problem.code);
    const weights = readWeights(parsed.model, bins);
    if (!weights.ok) throw new Error(weights.problem.code);
    const result = importTfjsModel(parsed.model, weights.weights, 'x');
    expect(result.ok ? 'imported' : result.problem.code).toBe('MODEL_WEIGHT_SHAPE');
    expect(result.ok ? {} : result.problem.vars).toMatchObject({ name: 'dense_dense_dense2/kernel', expected: '[128, 10]', found: '[10, 128]' });
  });

  it('a truncated .bin', () => {
    const { text, bins } = modelFiles(saved.modelTopology, saved.weights);
    const parsed = parseModelJson(text);
    if (!parsed.ok) throw new Error(parsed.problem.code);
    const cut = new Map([['weights.bin', (bins.get('weights.bin') as Uint8Array).subarray(0, 1000)]]);
    const result = readWeights(parsed.model, cut);
    expect(result.ok ? 'read' : result.problem.code).toBe('MODEL_WEIGHTS_TRUNCATED');
    expect(result.ok ? {} : result.problem.vars).toMatchObject({ found: 1000, expected: 1_199_882 * 4 });
    const missing = readWeights(parsed.model, new Map());
    expect(missing.ok ? 'read' : missing.problem.code).toBe('MODEL_WEIGHTS_FILE_MISSING');
  });

  it('a manifest claiming a gigabyte is refused from the manifest alone', () => {
    const text = JSON.stringify({
      format: 'layers-model',
      modelTopology: { class_name: 'Sequential', config: { layers: [] } },
      weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'dense/kernel', shape: [16384, 16384], dtype: 'float32' }] }],
    });
    const result = parseModelJson(text);
    expect(result.ok ? 'parsed' : result.problem.code).toBe('MODEL_WEIGHTS_TOO_LARGE');
    expect(result.ok ? '' : result.problem.vars.size).toBe('1024.0 MB');
  });

  it('what is not a layers model, or not JSON, or whose manifest is damaged', () => {
    const codeOf = (text: string) => {
      const result = parseModelJson(text);
      return result.ok ? 'parsed' : result.problem.code;
    };
    expect(codeOf('{"format": "graph-model", "modelTopology": {}, "weightsManifest": []}')).toBe('MODEL_NOT_LAYERS_MODEL');
    expect(codeOf('not json')).toBe('MODEL_NOT_JSON');
    expect(codeOf('{"modelTopology": {}, "weightsManifest": [{"paths": [], "weights": [{"name": "k", "shape": [-1]}]}]}')).toBe('MODEL_MANIFEST_INVALID');
    expect(codeOf('{"modelTopology": {}, "weightsManifest": [{"paths": ["a.bin"], "weights": [{"name": "k", "shape": [2], "dtype": "int8"}]}]}')).toBe('MODEL_WEIGHT_DTYPE');
  });
});

function trained(): TrainedModel {
  return {
    fingerprint: graphFingerprint(cnn),
    graph: cnn,
    modelTopology: saved.modelTopology,
    weights: saved.weights,
    history: {
      result: 'completed',
      epochs: [{ epoch: 1, loss: 0.5, accuracy: 0.8, valLoss: 0.4, valAccuracy: 0.85, seconds: 3 }],
      plannedEpochs: 12,
      curves: { loss: [[0.5, 1.2], [1, 0.5]], accuracy: [[0.5, 0.6], [1, 0.8]] },
      evaluation: null,
      backend: 'cpu',
    },
    savedAt: '2025-01-01T00:00:00.000Z',
  };
}

/** Sets the uncompressed size an archive's central directory (and local header) declares for its entry `name`. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  const decoder = new TextDecoder();
  for (let offset = 0; offset + 46 <= bytes.length; offset++) {
    if (view.getUint32(offset, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(offset + 28, true);
    if (decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)) !== name) continue;
    view.setUint32(offset + 24, size >>> 0, true);
    const local = view.getUint32(offset + 42, true);
    view.setUint32(local + 22, size >>> 0, true);
  }
  return bytes;
}

describe('bundles', () => {
  it('a bundle gives back its graph, its weights and its run history', () => {
    const model = trained();
    const read = readBundle(writeBundle(model));
    if (!read.ok) throw new Error(read.problem.code);
    expect(read.graph).toEqual(cnn);
    expect(read.model.fingerprint).toBe(model.fingerprint);
    expect(read.model.history).toEqual(model.history);
    expect(Buffer.compare(Buffer.from(read.model.weights.data), Buffer.from(model.weights.data))).toBe(0);
    expect(describeForExport(read.graph).ok).toBe(true);
  });

  it('a zip bomb is refused from the sizes the archive declares, before anything is inflated', () => {
    const bundle = writeBundle(trained());
    const bomb = declareSize(bundle, BUNDLE_ENTRIES.history, 3_000_000_000);
    const result = readBundle(bomb);
    expect(result.ok ? 'opened' : result.problem.code).toBe('BUNDLE_TOO_LARGE');
    expect(result.ok ? '' : result.problem.vars.entry).toBe(BUNDLE_ENTRIES.history);
    // 20 MB of zeros deflate to about 20 KB: a real bomb, declared truthfully, past the history's limit.
    const zeros = zipSync({ [BUNDLE_ENTRIES.manifest]: strToU8('{"format":"kairo-bundle","version":1}'), [BUNDLE_ENTRIES.history]: new Uint8Array(20_000_000) });
    expect(zeros.length).toBeLessThan(100_000);
    const real = readBundle(zeros);
    expect(real.ok ? 'opened' : real.problem.code).toBe('BUNDLE_TOO_LARGE');
  });

  it('a deflated entry that declares less than it holds is cut at the declared size, and then does not check out', () => {
    const bundle = writeBundle(trained());
    const lying = declareSize(bundle, BUNDLE_ENTRIES.history, 10);
    const result = readBundle(lying);
    expect(result.ok ? 'opened' : result.problem.code).toBe('BUNDLE_HISTORY_INVALID');
  });

  it('what is not a bundle', () => {
    const codeOf = (bytes: Uint8Array) => {
      const result = readBundle(bytes);
      return result.ok ? 'opened' : result.problem.code;
    };
    expect(codeOf(strToU8('{"format": "kairo-graph"}'))).toBe('BUNDLE_NOT_ZIP');
    expect(codeOf(zipSync({ 'readme.txt': strToU8('hello') }))).toBe('BUNDLE_WRONG_FORMAT');
    expect(codeOf(zipSync({ [BUNDLE_ENTRIES.manifest]: strToU8('{"format":"kairo-bundle","version":99}') }))).toBe('BUNDLE_TOO_NEW');
    expect(codeOf(zipSync({ [BUNDLE_ENTRIES.manifest]: strToU8('{"format":"kairo-bundle","version":1}') }))).toBe('BUNDLE_ENTRY_MISSING');
  });
});

describe('texts', () => {
  it('every problem code has an English and a Japanese sentence', () => {
    for (const code of MODEL_PROBLEM_CODES) {
      expect(en[`export.problem.${code}`], code).toMatch(/\S/);
      expect(ja[`export.problem.${code}`], code).toMatch(/[ぁ-んァ-ン一-龯]/);
    }
  });
});
