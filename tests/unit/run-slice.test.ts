import { describe, expect, it } from 'vitest';
import { createKairoStore } from '../../src/store/index';
import { type RunEvent, reduceRun, type TrainingRun } from '../../src/store/runSlice';
import type { BatchEvent, TrainingEvent } from '../../src/worker/api';

const start: TrainingEvent = {
  type: 'start',
  epochs: 2,
  batchesPerEpoch: 10,
  batchSize: 32,
  trainCount: 320,
  validationCount: 100,
  backend: 'wasm',
};

function batch(epoch: number, batchIndex: number, loss = 1): BatchEvent {
  return {
    type: 'batch',
    epoch,
    batch: batchIndex,
    batchesPerEpoch: 10,
    loss,
    accuracy: 0.5,
    batchLoss: loss,
    batchAccuracy: 0.5,
    samplesPerSecond: 100,
    elapsedSeconds: 1,
    etaSeconds: 5,
    progress: ((epoch - 1) * 10 + batchIndex) / 20,
  };
}

function replay(events: RunEvent[]): TrainingRun {
  return events.reduce<TrainingRun>((run, event) => reduceRun(run, event), { status: 'idle' });
}

describe('the training run, driven by worker events', () => {
  it('goes loading → training → paused → training → done, carrying the latest numbers', () => {
    const steps: TrainingRun['status'][] = [];
    let run: TrainingRun = { status: 'idle' };
    const events: RunEvent[] = [
      { type: 'prepare', step: 'dataset' },
      { type: 'dataset-progress', progress: { phase: 'download', loaded: 5, total: 10, unit: 'bytes', fromCache: false } },
      { type: 'prepare', step: 'compile' },
      start,
      batch(1, 3, 2.0),
      { type: 'paused', epoch: 1, batch: 3 },
      { type: 'resumed' },
      batch(1, 10, 1.5),
      { type: 'epoch', epoch: 1, epochs: 2, loss: 1.4, accuracy: 0.6, valLoss: 1.2, valAccuracy: 0.7, seconds: 1, samplesPerSecond: 300, elapsedSeconds: 1, etaSeconds: 1, numTensors: 5 },
      batch(2, 4, 1.0),
      { type: 'done', status: 'completed', epochsCompleted: 2, elapsedSeconds: 2.5, history: [] },
    ];
    for (const event of events) {
      run = reduceRun(run, event);
      steps.push(run.status);
    }
    expect(steps).toEqual(['loading', 'loading', 'loading', 'training', 'training', 'paused', 'training', 'training', 'training', 'training', 'done']);
    expect(run).toMatchObject({
      status: 'done',
      result: 'completed',
      progress: { epoch: 2, batch: 4, loss: 1.0, valAccuracy: 0.7, elapsedSeconds: 2.5, etaSeconds: 0, backend: 'wasm' },
    });
  });

  it('keeps the download progress while loading the data set', () => {
    const run = replay([
      { type: 'prepare', step: 'dataset' },
      { type: 'dataset-progress', progress: { phase: 'download', loaded: 5, total: 10, unit: 'bytes', fromCache: false } },
    ]);
    expect(run).toMatchObject({ status: 'loading', step: 'dataset', dataset: { loaded: 5, total: 10 } });
  });

  it('ends stopped when the worker says the run was stopped', () => {
    const run = replay([start, batch(1, 2), { type: 'done', status: 'stopped', epochsCompleted: 0, elapsedSeconds: 1, history: [] }]);
    expect(run).toMatchObject({ status: 'done', result: 'stopped', progress: { batch: 2 } });
  });

  it('keeps the error (NaN loss) when the final done event follows it', () => {
    const run = replay([
      start,
      batch(1, 1),
      { type: 'error', failure: { code: 'NON_FINITE_LOSS', vars: { epoch: 1, batch: 2, value: 'NaN', rate: 0.1 } } },
      { type: 'done', status: 'failed', epochsCompleted: 0, elapsedSeconds: 1, history: [] },
    ]);
    expect(run).toMatchObject({
      status: 'failed',
      error: { kind: 'training', failure: { code: 'NON_FINITE_LOSS', vars: { epoch: 1, batch: 2 } } },
      progress: { batch: 1 },
    });
  });

  it('fails on a dead worker mid-run, but not on a worker the app ended itself', () => {
    const training = replay([start, batch(1, 5)]);
    const crashed = reduceRun(training, { type: 'engine-failed', failure: { kind: 'crashed', code: 'WORKER_CRASHED', vars: {} } });
    expect(crashed).toMatchObject({ status: 'failed', error: { kind: 'engine', failure: { kind: 'crashed', code: 'WORKER_CRASHED' } }, progress: { batch: 5 } });
    expect(reduceRun(training, { type: 'engine-failed', failure: { kind: 'terminated', code: 'WORKER_STOPPED', vars: {} } })).toBe(training);
  });

  it('ignores events that make no sense in the current state', () => {
    const idle: TrainingRun = { status: 'idle' };
    expect(reduceRun(idle, batch(1, 1))).toBe(idle);
    expect(reduceRun(idle, { type: 'resumed' })).toBe(idle);
    const training = replay([start]);
    expect(reduceRun(training, { type: 'resumed' })).toBe(training);
    expect(reduceRun(training, { type: 'prepare-cancelled' })).toBe(training);
  });

  it('lives in the store, where a fresh worker session forgets backend, data and model', () => {
    const store = createKairoStore();
    const state = store.getState();
    state.applyRunEvent(start);
    state.setBackend({ backend: 'wasm', preference: 'auto', reason: 'WASM — test', reasonCode: 'no-gpu' });
    state.setBackendPreference('cpu');
    expect(store.getState().run.status).toBe('training');
    store.getState().resetSession();
    expect(store.getState()).toMatchObject({ run: { status: 'idle' }, backend: null, model: null, modelReady: false, backendPreference: 'cpu' });
  });
});
