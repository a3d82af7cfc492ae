/**
 * Opening model files in the editor never costs the user their graph: every hostile file is
 * refused with a code while the graph (and the undo history) stay exactly as they were; a good
 * bundle replaces the graph as one undoable step. And a model in the worker that was made from an
 * earlier version of the graph is marked out of date (the evaluation and the drawing pad read this).
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainingRuntime } from '../../src/engine/runtime';
import { writeBundle } from '../../src/export/bundle';
import { writeModelFiles } from '../../src/export/modelFiles';
import type { TrainedModel } from '../../src/export/trainedModel';
import { graphFingerprint } from '../../src/graph/fingerprint';
import { createKairoStore } from '../../src/store/index';
import { selectModelOutOfDate } from '../../src/store/modelSlice';
import { ModelKeeper } from '../../src/ui/export/modelKeeper';
import type { TrainingSession } from '../../src/ui/training/trainingSession';
import { TrainingSeries } from '../../src/ui/training/trainingSeries';
import { type SavedModel, saveModel } from '../../src/worker/modelIo';
import { loadPreset } from './runtime-fixtures';

/** A session without a worker: what the keeper sees in Node (restores find no worker and do nothing). */
const session = {
  series: new TrainingSeries(),
  onRunFinished: () => () => {},
  idleWorker: async () => undefined,
  evaluate: async () => {},
} as unknown as TrainingSession;

let saved: SavedModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const runtime = new TrainingRuntime(tf);
  if (!(await runtime.compile(loadPreset('mnist-logreg'))).ok || !runtime.compiledGraph) throw new Error('no model');
  saved = await saveModel(tf, runtime.compiledGraph.model);
  await runtime.dispose();
});

function files(entries: Record<string, Uint8Array>) {
  return {
    picked: Object.entries(entries).map(([name, bytes]) => ({ name, size: bytes.length })),
    read: async (name: string) => entries[name] ?? new Uint8Array(0),
  };
}

describe('opening model files in the editor', () => {
  it('each hostile file is refused with its code, and the graph and its undo history stay as they were', async () => {
    const store = createKairoStore({ graph: loadPreset('mnist-cnn') });
    const keeper = new ModelKeeper(store, session);
    const graph = store.getState().graph;
    const past = store.getState().past;
    const good = writeModelFiles(saved.modelTopology, saved.weights);
    const manifest = JSON.parse(good.modelJson);
    const unknownLayers = { ...manifest, modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'GRU', config: { batch_input_shape: [null, 28, 28] } }] } } };
    const gigabyte = { ...manifest, weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'x/kernel', shape: [32768, 8192], dtype: 'float32' }] }] };
    const cases: [Record<string, Uint8Array>, string][] = [
      [{ 'model.json': strToU8(JSON.stringify(unknownLayers)), 'weights.bin': good.weightsBin }, 'MODEL_UNKNOWN_LAYERS'],
      [{ 'model.json': strToU8(good.modelJson), 'weights.bin': good.weightsBin.subarray(0, 100) }, 'MODEL_WEIGHTS_TRUNCATED'],
      [{ 'model.json': strToU8(JSON.stringify(gigabyte)), 'weights.bin': new Uint8Array(8) }, 'MODEL_WEIGHTS_TOO_LARGE'],
      [{ 'model.json': strToU8('{ not json') }, 'MODEL_NOT_JSON'],
      [{ 'weights.bin': good.weightsBin }, 'MODEL_WEIGHTS_FILE_MISSING'],
      [{ 'bomb.kairo.zip': zipSync({ 'kairo-bundle.json': strToU8('{"format":"kairo-bundle","version":1}'), 'history.json': new Uint8Array(20_000_000) }) }, 'BUNDLE_TOO_LARGE'],
      [{ 'fake.kairo.zip': strToU8('PK but not really') }, 'BUNDLE_NOT_ZIP'],
    ];
    for (const [entries, code] of cases) {
      const { picked, read } = files(entries);
      const result = await keeper.open(picked, read);
      expect(result.ok ? 'opened' : result.problem.code, Object.keys(entries).join(', ')).toBe(code);
      expect(store.getState().graph).toBe(graph);
      expect(store.getState().past).toBe(past);
    }
  });

  it('a good bundle replaces the graph as one undoable step', async () => {
    const store = createKairoStore({ graph: loadPreset('mnist-cnn') });
    const keeper = new ModelKeeper(store, session);
    const before = store.getState().graph;
    const logreg = loadPreset('mnist-logreg');
    const model: TrainedModel = {
      fingerprint: graphFingerprint(logreg),
      graph: logreg,
      modelTopology: saved.modelTopology,
      weights: saved.weights,
      history: { result: 'completed', epochs: [], plannedEpochs: 1, curves: { loss: [], accuracy: [] }, evaluation: null, backend: 'cpu' },
      savedAt: '2025-01-01T00:00:00.000Z',
    };
    const { picked, read } = files({ 'logreg.kairo.zip': writeBundle(model) });
    const result = await keeper.open(picked, read);
    expect(result.ok).toBe(true);
    expect(graphFingerprint(store.getState().graph)).toBe(model.fingerprint);
    expect(store.getState().trainedModel?.fingerprint).toBe(model.fingerprint);
    store.getState().undo();
    expect(store.getState().graph).toEqual(before);
  });
});

describe('a model of an earlier version of the graph', () => {
  it('is out of date after an edit of what the model computes, not after a move, and current again after undo', () => {
    const store = createKairoStore({ graph: loadPreset('mnist-logreg') });
    const state = () => store.getState();
    expect(selectModelOutOfDate(state())).toBe(false);
    // As after a run: the worker holds a model of the graph on the canvas.
    state().setModel(null, true);
    state().setWorkerModelFingerprint(graphFingerprint(state().graph));
    expect(selectModelOutOfDate(state())).toBe(false);

    const first = state().graph.nodes[0];
    if (!first) throw new Error('empty preset');
    state().moveNodes(new Map([[first.id, { x: first.position.x + 120, y: first.position.y + 40 }]]));
    expect(selectModelOutOfDate(state())).toBe(false);

    const optimizer = state().graph.nodes.find((node) => node.type === 'optimizer');
    if (!optimizer) throw new Error('no optimizer');
    state().setParam(optimizer.id, 'learningRate', 0.25);
    expect(selectModelOutOfDate(state())).toBe(true);
    state().undo();
    expect(selectModelOutOfDate(state())).toBe(false);

    // No model in the worker (a backend switch, a failed compile): nothing to mark.
    state().redo();
    state().setModelReady(false);
    expect(selectModelOutOfDate(state())).toBe(false);
  });
});
