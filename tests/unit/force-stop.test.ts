import * as Comlink from 'comlink';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { engineMessageKey } from '../../src/engine/failures';
import { parseGraphFile } from '../../src/graph/format';
import type { Graph } from '../../src/graph/types';
import { translate } from '../../src/i18n/index';
import { createKairoStore } from '../../src/store/index';
import { TrainingSession } from '../../src/ui/training/trainingSession';
import type { BackendChoice, CompileOutcome, DatasetInfo, LoadDatasetResult, TrainingEvent, TrainingOutcome } from '../../src/worker/api';
import { WORKER_PROTOCOL_VERSION } from '../../src/worker/api';
import { type KairoWorker, startKairoWorker } from '../../src/worker/client';

/**
 * Issue 14, case 10: Stop during a slow batch (dense 8192 ×2, batch 4096) took over a minute, with
 * no way out but a reload. A stop the worker has not answered within the grace period is offered,
 * then done, as a forced stop: the worker ends, the graph stays, and the panel says what was lost.
 */

function preset(): Graph {
  const result = parseGraphFile(readFileSync(new URL('../../presets/mnist-logreg.json', import.meta.url), 'utf8'));
  if (!result.ok) throw new Error('preset does not load');
  return result.graph;
}

const BACKEND: BackendChoice = { backend: 'cpu', preference: 'auto', reason: 'test', reasonCode: 'chosen' };
const DATASET: DatasetInfo = {
  key: 'mnist',
  source: 'mnist',
  name: 'MNIST',
  sampleShape: [28, 28, 1],
  sampleKind: 'ink',
  classNames: ['0', '1'],
  trainCount: 64,
  testCount: 16,
  seconds: 0,
};

/**
 * A worker whose first batch never ends (its stop request waits in the queue behind it), or, with
 * `answersStop`, one that ends the run when asked.
 */
function fakeWorkerApi(options: { answersStop: boolean }) {
  let finish: ((outcome: TrainingOutcome) => void) | undefined;
  let listener: ((event: TrainingEvent) => void) | undefined;
  return {
    hello: () => ({ protocol: WORKER_PROTOCOL_VERSION, backend: 'cpu' }),
    selectBackend: () => BACKEND,
    loadDataset: (): LoadDatasetResult => ({ ok: true, info: DATASET }),
    compile: (): CompileOutcome => ({
      ok: true,
      summary: { layers: [], totalParams: 7850, trainableParams: 7850 },
      plan: { epochs: 1, batchSize: 32, trainCount: 64, validationCount: 0, testCount: 16, classNames: ['0', '1'], sampleShape: [28, 28, 1], sampleKind: 'ink', notices: [], backend: 'cpu' },
    }),
    train(onEvent: (event: TrainingEvent) => void): Promise<TrainingOutcome> {
      listener = onEvent;
      onEvent({ type: 'start', epochs: 1, batchesPerEpoch: 2, batchSize: 32, trainCount: 64, validationCount: 0, backend: 'cpu' });
      return new Promise((resolve) => {
        finish = resolve;
      });
    },
    stop() {
      if (!options.answersStop) return;
      const outcome: TrainingOutcome = { status: 'stopped', epochsCompleted: 0, elapsedSeconds: 1, history: [] };
      listener?.({ type: 'done', ...outcome });
      finish?.(outcome);
    },
    pause() {},
    resume() {},
    cancelDatasetLoad() {},
    evaluate: () => ({ ok: false, failure: { code: 'NO_MODEL', vars: {} } }),
    dispose() {},
  };
}

const ports: MessagePort[] = [];

afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/** A session whose workers are fake APIs behind a MessageChannel; counts the workers it started. */
function sessionWith(options: { answersStop: boolean }) {
  const store = createKairoStore({ graph: preset() });
  const started: KairoWorker[] = [];
  const session = new TrainingSession(store, {
    stopGraceMs: 50,
    startWorker: () => {
      const channel = new MessageChannel();
      ports.push(channel.port1, channel.port2);
      Comlink.expose(fakeWorkerApi(options), channel.port1);
      const port = channel.port2 as MessagePort & { terminate?: () => void };
      port.terminate = () => port.close();
      const worker = startKairoWorker({ createWorker: () => port as unknown as Worker });
      started.push(worker);
      return worker;
    },
  });
  return { store, session, started };
}

describe('forced stop (case 10)', () => {
  it('offers a forced stop when a batch does not end after Stop, and then ends the worker but keeps the graph', async () => {
    const { store, session, started } = sessionWith({ answersStop: false });
    const graph = store.getState().graph;
    void session.train(graph);
    await vi.waitFor(() => expect(store.getState().run.status).toBe('training'));

    session.stop();
    expect(store.getState().stopRequest.status).toBe('waiting');
    await vi.waitFor(() => expect(store.getState().stopRequest.status).toBe('overdue'));
    expect(store.getState().run.status).toBe('training');

    session.forceStop();
    const run = store.getState().run;
    expect(run.status).toBe('failed');
    if (run.status !== 'failed' || run.error.kind !== 'engine') throw new Error('not an engine failure');
    expect(run.error.failure.code).toBe('WORKER_FORCE_STOPPED');
    expect(started[0]?.failure?.kind).toBe('terminated');
    expect(store.getState().graph).toBe(graph);
    expect(store.getState().stopRequest.status).toBe('none');
    expect(store.getState().modelReady).toBe(false);
    for (const language of ['en', 'ja'] as const) {
      expect(translate(language, engineMessageKey('WORKER_FORCE_STOPPED'), run.error.failure.vars)).not.toMatch(/\{\w+\}/);
    }

    // The next Train starts a fresh worker.
    void session.train(store.getState().graph);
    await vi.waitFor(() => expect(store.getState().run.status).toBe('training'));
    expect(started).toHaveLength(2);
    session.forceStop();
  });

  it('a Stop the worker answers in time offers nothing', async () => {
    const { store, session } = sessionWith({ answersStop: true });
    const running = session.train(store.getState().graph);
    await vi.waitFor(() => expect(store.getState().run.status).toBe('training'));
    session.stop();
    await running;
    expect(store.getState().run.status).toBe('done');
    expect(store.getState().stopRequest.status).toBe('none');
  });
});
