/**
 * Opening model files in the editor never costs the user their graph: every hostile file is
 * refused with a code while the graph (and the undo history) stay exactly as they were; a good
 * bundle replaces the graph as one undoable step. A model restored from the browser counts as its
 * graph's (current, weights kept) until the graph changes.
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
import { selectResultIsCurrent, selectResultIsStale, shouldConfirmLeaving } from '../../src/store/runStatus';
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

describe('a model restored from the browser', () => {
  it('is its graph\'s: current, its weights kept (no leave warning); an edit makes it out of date, undo current again', async () => {
    const logreg = loadPreset('mnist-logreg');
    const store = createKairoStore({ graph: logreg });
    // A worker that accepts whatever it is given: what the keeper does with the store is under test.
    const api = {
      restoreModel: async () => ({ ok: true, summary: { layers: [] }, plan: { sampleShape: [28, 28, 1] } }),
      saveModel: async () => ({ ok: false }),
    };
    const withWorker = { ...session, idleWorker: async () => api, loadDataFor: async () => ({ ok: true, loaded: true }) } as unknown as TrainingSession;
    const keeper = new ModelKeeper(store, withWorker);
    const model: TrainedModel = {
      fingerprint: graphFingerprint(logreg),
      graph: logreg,
      modelTopology: saved.modelTopology,
      weights: saved.weights,
      history: { result: 'completed', epochs: [], plannedEpochs: 1, curves: { loss: [], accuracy: [] }, evaluation: null, backend: 'cpu' },
      savedAt: '2025-01-01T00:00:00.000Z',
    };
    expect(await keeper.restore(model)).toBe(true);
    const state = () => store.getState();
    expect(selectResultIsCurrent(state())).toBe(true);
    expect(shouldConfirmLeaving(state())).toBe(false);

    const optimizer = state().graph.nodes.find((node) => node.type === 'optimizer');
    if (!optimizer) throw new Error('no optimizer');
    state().setParam(optimizer.id, 'learningRate', 0.25);
    expect(selectResultIsStale(state())).toBe(true);
    state().undo();
    expect(selectResultIsCurrent(state())).toBe(true);
  });
});
