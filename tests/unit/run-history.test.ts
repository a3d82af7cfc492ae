/**
 * The run history: records survive in IndexedDB (listed oldest first, renamed, deleted), the
 * recorder writes exactly one record per finished run once its evaluation has settled (with the
 * graph as it was trained, not as edited since), and the CSV has a header and one parseable row per
 * run, in either language.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../src/engine/trainingEvents';
import type { Graph } from '../../src/graph/types';
import { DB_NAME } from '../../src/storage/db';
import { deleteRun, listRuns, type RunRecord, renameRun, saveRun, thinCurve } from '../../src/storage/runs';
import { createKairoStore } from '../../src/store/index';
import type { EvaluationView } from '../../src/store/runSlice';
import { attachRunRecorder } from '../../src/ui/runs/runHistory';
import { runsCsv } from '../../src/ui/runs/runsCsv';
import { TrainingSeries } from '../../src/ui/training/trainingSeries';
import type { ModelSummary, RunPlan } from '../../src/worker/api';
import { deleteKairoDb } from './kairoDbFixture';
import { loadPreset } from './runtime-fixtures';

afterEach(deleteKairoDb);

function record(id: string, createdAt: number, extra: Partial<RunRecord> = {}): RunRecord {
  const graph = loadPreset('mnist-logreg');
  return {
    id,
    name: `run ${id}`,
    createdAt,
    graphTitle: graph.meta.title,
    graph,
    settings: { optimizer: 'sgd', learningRate: 0.5, batchSize: 128, epochs: 2, trainCount: 1000, classes: ['0', '1'] },
    status: 'completed',
    epochs: [{ epoch: 1, loss: 0.5, accuracy: 0.8, valLoss: 0.4, valAccuracy: 0.85, seconds: 2 }],
    curve: [{ x: 0.5, loss: 0.6, accuracy: 0.7 }],
    testAccuracy: 0.85,
    testLoss: 0.4,
    params: 7850,
    seconds: 2,
    backend: 'wasm',
    ...extra,
  };
}

describe('the run store', () => {
  it('keeps runs, lists them oldest first, renames and deletes them', async () => {
    expect((await saveRun(record('b', 2000))).ok).toBe(true);
    expect((await saveRun(record('a', 1000))).ok).toBe(true);
    const listed = await listRuns();
    expect(listed.ok && listed.value.map((run) => run.id)).toEqual(['a', 'b']);
    expect(await renameRun('b', 'CNN, 12 epochs')).toEqual({ ok: true, value: true });
    expect(await renameRun('missing', 'x')).toEqual({ ok: true, value: false });
    await deleteRun('a');
    const after = await listRuns();
    expect(after.ok && after.value.map((run) => [run.id, run.name])).toEqual([['b', 'CNN, 12 epochs']]);
    // The graph comes back as it was stored.
    expect(after.ok && after.value[0]?.graph.nodes.length).toBe(loadPreset('mnist-logreg').nodes.length);
  });

  it('a browser whose database the shipped version 2 made gets the run store on upgrade', async () => {
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 2);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('meta', { keyPath: 'key' });
        request.result.createObjectStore('backendTimings', { keyPath: 'key' });
      };
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    expect((await saveRun(record('c', 3000))).ok).toBe(true);
    const listed = await listRuns();
    expect(listed.ok && listed.value.map((run) => run.id)).toEqual(['c']);
  });

  it('thins a long curve to at most the limit, keeping its first and last points', () => {
    const points = Array.from({ length: 1000 }, (_, index) => ({ x: index, loss: index, accuracy: 0 }));
    const thinned = thinCurve(points, 100);
    expect(thinned).toHaveLength(100);
    expect(thinned[0]?.x).toBe(0);
    expect(thinned.at(-1)?.x).toBe(999);
  });
});

describe('runs as CSV', () => {
  it('writes a header and one row per run, quoting what needs quotes, numbers as plain decimals', () => {
    const csv = runsCsv([record('a', Date.UTC(2024, 0, 2, 3, 4, 5), { name: 'MLP, "wide"', testAccuracy: 0.9812 })], 'en');
    const [header, row, end] = csv.split('\r\n');
    expect(header?.split(',')[0]).toBe('name');
    expect(header?.split(',')).toHaveLength(18);
    expect(row?.startsWith('"MLP, ""wide""",2024-01-02T03:04:05.000Z,completed,0.9812,0.4,7850,2,wasm,sgd,0.5,128,2,1,0.5,0.8,0.4,0.85,1000')).toBe(true);
    expect(end).toBe('');
    expect(runsCsv([], 'ja').split(',')[0]).toBe('名前');
  });
});

const plan: RunPlan = {
  epochs: 2,
  batchSize: 128,
  trainCount: 1000,
  validationCount: 100,
  testCount: 100,
  classNames: ['0', '1'],
  sampleShape: [28, 28, 1],
  sampleKind: 'ink',
  notices: [],
  backend: 'wasm',
};
const summary: ModelSummary = { layers: [], totalParams: 7850, trainableParams: 7850 };
const history: EpochRecord[] = [{ epoch: 1, loss: 0.5, accuracy: 0.8, seconds: 1 }];
const evaluation: EvaluationView = {
  ok: true,
  classNames: ['0', '1'],
  count: 100,
  accuracy: 0.9,
  loss: 0.3,
  confusionMatrix: [],
  perClassAccuracy: [],
  misclassified: [],
  misclassifiedCount: 10,
  correctExamples: [],
};

async function storedRuns(): Promise<RunRecord[]> {
  const listed = await listRuns();
  if (!listed.ok) throw new Error(listed.error.code);
  return listed.value;
}

/** Drives the store through one run as the training session would. */
function runOnce(store: ReturnType<typeof createKairoStore>, settle: 'ready' | 'failed') {
  const state = store.getState();
  state.applyRunEvent({ type: 'prepare', step: 'engine' });
  state.setModel({ summary, plan }, true);
  state.applyRunEvent({ type: 'start', epochs: 2, batchesPerEpoch: 8, batchSize: 128, trainCount: 1000, validationCount: 100, backend: 'wasm' });
  state.applyRunEvent({ type: 'done', status: 'completed', epochsCompleted: 1, elapsedSeconds: 3, history });
  state.setEvaluation({ status: 'running' });
  state.setEvaluation(settle === 'ready' ? { status: 'ready', result: evaluation } : { status: 'failed', failure: { code: 'EVALUATION_FAILED', vars: {} } });
}

describe('the run recorder', () => {
  it('writes one record per run after its evaluation, with the graph as trained', async () => {
    const graph: Graph = loadPreset('mnist-logreg');
    const store = createKairoStore({ graph });
    const series = new TrainingSeries();
    const stop = attachRunRecorder(store, series);
    runOnce(store, 'ready');
    // Edited after the run started: the record keeps the trained graph.
    store.getState().setParam('dense', 'units', 12);
    await expect.poll(async () => (await storedRuns()).length).toBe(1);
    const [first] = await storedRuns();
    expect(first?.testAccuracy).toBe(0.9);
    expect(first?.params).toBe(7850);
    expect(first?.backend).toBe('wasm');
    expect(first?.seconds).toBe(3);
    expect(first?.settings).toMatchObject({ optimizer: 'sgd', learningRate: 0.5, batchSize: 128 });
    expect(first?.graph.nodes.find((node) => node.id === 'dense')?.params.units).toBe(10);
    expect(first?.name).toBe('MNIST: logistic regression');

    runOnce(store, 'failed');
    await expect.poll(async () => (await storedRuns()).length).toBe(2);
    expect((await storedRuns())[1]?.testAccuracy).toBeNull();
    // The store shows what is stored.
    await expect.poll(() => store.getState().runs?.length).toBe(2);
    stop();
  });

  it('writes nothing for a failed run', async () => {
    const store = createKairoStore({ graph: loadPreset('mnist-logreg') });
    const stop = attachRunRecorder(store, new TrainingSeries());
    const state = store.getState();
    state.applyRunEvent({ type: 'prepare', step: 'engine' });
    state.applyRunEvent({ type: 'error', failure: { code: 'NON_FINITE_LOSS', vars: {} } });
    state.setEvaluation({ status: 'ready', result: evaluation });
    // A good run after it: its record is the only one (a write for the failed run would come first).
    runOnce(store, 'ready');
    await expect.poll(async () => (await storedRuns()).length).toBe(1);
    expect((await storedRuns()).map((run) => run.status)).toEqual(['completed']);
    await expect.poll(() => store.getState().runs?.length).toBe(1);
    stop();
  });
});
