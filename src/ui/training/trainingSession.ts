/**
 * The main thread's side of training: owns the worker (through src/worker/client.ts), runs the
 * steps before a run (backend, data set, compile), forwards the worker's events to the run slice and
 * the chart buffers, and starts a fresh worker when the old one failed. One per app, outside React,
 * so the worker survives re-renders. It reads the graph but never writes it: whatever goes wrong
 * here, the user's graph stays as it was.
 */
import * as Comlink from 'comlink';
import { dataRequestKey, dataRequestOf, datasetSettingsOf } from '../../engine/data/request';
import { graphFingerprint } from '../../graph/fingerprint';
import type { Graph } from '../../graph/types';
import type { KairoStore } from '../../store/index';
import type { RunError, RunEvent } from '../../store/runSlice';
import { selectResultIsCurrent } from '../../store/runStatus';
import type {
  BackendPreference,
  DatasetProgress,
  EngineMessage,
  KairoWorkerApi,
  PredictOutcome,
  TestSamplesOutcome,
  TrainingEvent,
  TrainingOutcome,
} from '../../worker/api';
import { type KairoWorker, startKairoWorker, type WorkerFailure, WorkerFailedError } from '../../worker/client';
import { LAYER_STATISTICS, LayerSeries } from '../inside/layerSeries';
import { TrainingSeries } from './trainingSeries';

/** Batch events at most this often from the worker (the charts need no more). */
const EVENT_INTERVAL_MS = 50;
/**
 * The store (progress text, numbers) takes the latest batch event at most this often: each change
 * costs a style, layout and paint pass of the page, while the charts draw every event on their own.
 */
const STORE_BATCH_INTERVAL_MS = 200;

/**
 * How long Stop may take before the panel offers to end the worker. A stop takes effect between
 * batches, so this is what a normal batch takes at most; a slower one is stuck for the user.
 */
export const STOP_GRACE_MS = 1500;

export interface TrainingSessionOptions {
  /** Starts a training worker (tests pass their own). */
  startWorker?: () => KairoWorker;
  stopGraceMs?: number;
}

/** A worker call that rejected for another reason than a failed worker (reported through onFailure). */
function callFailure(error: unknown): EngineMessage<'WORKER_CALL_FAILED'> {
  return { code: 'WORKER_CALL_FAILED', vars: { detail: error instanceof Error ? error.message : String(error) } };
}

export class TrainingSession {
  readonly series = new TrainingSeries();
  /** Per-layer gradient and weight norms of the run (the inside views' charts, the wire colours). */
  readonly layers = new LayerSeries();
  private readonly store: KairoStore;
  private worker: KairoWorker | undefined;
  private stopListening: () => void = () => {};
  /** Increases with every run and restart; answers for an older one are ignored. */
  private generation = 0;
  private cancelRequested = false;
  private warming: Promise<void> | undefined;
  private readonly startWorker: () => KairoWorker;
  private readonly stopGraceMs: number;
  private stopTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly finishedListeners = new Set<(graph: Graph, outcome: TrainingOutcome) => void>();

  constructor(store: KairoStore, options: TrainingSessionOptions = {}) {
    this.store = store;
    this.startWorker = options.startWorker ?? (() => startKairoWorker());
    this.stopGraceMs = options.stopGraceMs ?? STOP_GRACE_MS;
  }

  private get state() {
    return this.store.getState();
  }

  private get busy(): boolean {
    const status = this.state.run.status;
    return status === 'loading' || status === 'training' || status === 'paused';
  }

  private apply(generation: number, event: RunEvent): void {
    if (generation !== this.generation) return;
    this.state.applyRunEvent(event);
    if (!this.busy) this.clearStopRequest();
  }

  private clearStopRequest(): void {
    clearTimeout(this.stopTimer);
    this.stopTimer = undefined;
    if (this.state.stopRequest.status !== 'none') this.state.setStopRequest({ status: 'none' });
  }

  /** What the store knew of a worker that is gone (failed or ended by force), and why it went. */
  private forgetWorker(failure: WorkerFailure): void {
    const state = this.state;
    state.setEngine('off');
    state.setBackend(null);
    state.setDataset(null);
    state.setModelReady(false);
    if (state.evaluation.status === 'running') state.setEvaluation({ status: 'none' });
    state.applyRunEvent({ type: 'engine-failed', failure });
  }

  /** The worker, started if there is none or the last one failed. */
  private ensureWorker(): KairoWorker {
    if (this.worker && !this.worker.failure) return this.worker;
    this.stopListening();
    const worker = this.startWorker();
    this.worker = worker;
    this.state.setEngine('starting');
    this.stopListening = worker.onFailure((failure) => {
      if (this.worker !== worker) return;
      this.forgetWorker(failure);
    });
    worker.ready.then(
      () => {
        if (this.worker === worker) this.state.setEngine('ready');
      },
      () => {},
    );
    return worker;
  }

  /** The worker's API for data work (import, inspect, try an image), starting the worker if there is none. */
  async workerApi(): Promise<Comlink.Remote<KairoWorkerApi>> {
    const worker = this.ensureWorker();
    await worker.ready;
    return worker.api;
  }

  /** Starts the worker and picks the backend ahead of the first run, so the panel can name it. */
  warmUp(): Promise<void> {
    if (this.warming) return this.warming;
    const warming = (async () => {
      const worker = this.ensureWorker();
      try {
        await worker.ready;
        if (!this.state.backend) {
          const choice = await worker.api.selectBackend(this.state.backendPreference);
          if (this.worker === worker) this.state.setBackend(choice);
        }
      } catch {
        // Reported through onFailure; the panel offers a restart.
      }
    })();
    this.warming = warming;
    warming.finally(() => {
      if (this.warming === warming) this.warming = undefined;
    });
    return warming;
  }

  /** Prepares and trains `graph`; resolves when the run has ended. Does nothing while a run is on. */
  async train(graph: Graph): Promise<void> {
    // One thing at a time in the worker: a new model must not replace the one being evaluated.
    if (this.busy || this.state.evaluation.status === 'running') return;
    const generation = ++this.generation;
    this.cancelRequested = false;
    const apply = (event: RunEvent) => this.apply(generation, event);
    const fail = (error: RunError) => apply({ type: 'prepare-failed', error });
    const cancelled = () => {
      if (!this.cancelRequested) return false;
      apply({ type: 'prepare-cancelled' });
      return true;
    };

    apply({ type: 'prepare', step: 'engine' });
    const worker = this.ensureWorker();
    try {
      if (this.warming) await this.warming;
      await worker.ready;
      if (cancelled()) return;

      const preference = this.state.backendPreference;
      const backend = this.state.backend;
      if (!backend || backend.preference !== preference) {
        apply({ type: 'prepare', step: 'backend' });
        this.state.setBackend(await worker.api.selectBackend(preference));
        this.state.setModelReady(false);
        if (cancelled()) return;
      }

      const data = await this.loadDataFor(worker.api, graph, {
        onStart: () => apply({ type: 'prepare', step: 'dataset' }),
        onProgress: (progress) => apply({ type: 'dataset-progress', progress }),
      });
      if (!data.ok) {
        if (data.loading && cancelled()) return;
        fail({ kind: 'data', failure: data.failure });
        return;
      }
      if (data.loaded && cancelled()) return;

      apply({ type: 'prepare', step: 'compile' });
      const compiled = await worker.api.compile(graph);
      if (compiled.backend) this.state.setBackend(compiled.backend);
      if (!compiled.ok) {
        this.state.setModel(null, false);
        fail(compiled.failure ? { kind: 'data', failure: compiled.failure } : { kind: 'compile', issues: compiled.issues });
        return;
      }
      // The results of this run belong to the graph as it was sent: changed later, they are out of date.
      this.state.setModel({ summary: compiled.summary, plan: compiled.plan }, true, graphFingerprint(graph));
      this.state.setEvaluation({ status: 'none' });
      if (cancelled()) return;

      this.series.reset(compiled.plan.epochs);
      this.layers.reset(compiled.plan.epochs);
      let heldBatch: TrainingEvent | undefined;
      let heldTimer: ReturnType<typeof setTimeout> | undefined;
      let lastBatchAppliedAt = Number.NEGATIVE_INFINITY;
      const flushBatch = () => {
        clearTimeout(heldTimer);
        heldTimer = undefined;
        const event = heldBatch;
        heldBatch = undefined;
        if (event) {
          lastBatchAppliedAt = performance.now();
          apply(event);
        }
      };
      const onEvent = (event: TrainingEvent) => {
        if (generation !== this.generation) return;
        if (event.type === 'batch') {
          this.series.addBatch(event);
          this.layers.addBatch(event);
          heldBatch = event;
          const wait = STORE_BATCH_INTERVAL_MS - (performance.now() - lastBatchAppliedAt);
          if (wait <= 0) flushBatch();
          else heldTimer ??= setTimeout(flushBatch, wait);
          return;
        }
        // Everything else changes the run's state: apply it now, after the batch it follows.
        flushBatch();
        if (event.type === 'epoch') {
          this.series.addEpoch(event);
          this.layers.addEpoch(event);
        }
        apply(event);
      };
      const outcome = await worker.api.train(Comlink.proxy(onEvent), {
        eventIntervalMs: EVENT_INTERVAL_MS,
        layerStatistics: LAYER_STATISTICS,
      });
      flushBatch();
      if (generation !== this.generation) return;
      // The 'done' event normally got here first; this covers a lost last message.
      if (this.state.run.status !== 'done' && this.state.run.status !== 'failed') apply({ type: 'done', ...outcome });
      if (outcome.status !== 'failed') {
        await this.evaluate();
        // Weights were trained (a run stopped early too): whoever keeps models hears of it.
        if (generation === this.generation) for (const listener of this.finishedListeners) listener(graph, outcome);
      }
    } catch (error) {
      // A failed worker has already been reported through onFailure.
      if (error instanceof WorkerFailedError) return;
      fail({ kind: 'engine', failure: { kind: 'crashed', ...callFailure(error) } });
    }
  }

  /** Told after every run that trained weights, with the graph it trained; returns the unsubscribe. */
  onRunFinished(listener: (graph: Graph, outcome: TrainingOutcome) => void): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  /**
   * Loads the data `graph` names into the worker, unless the worker holds it already (same request
   * key). `onStart` is called only when a load begins; `loading` on a failure says whether one had.
   */
  async loadDataFor(
    api: KairoWorker['api'],
    graph: Graph,
    callbacks: { onStart?: () => void; onProgress?: (progress: DatasetProgress) => void } = {},
  ): Promise<{ ok: true; loaded: boolean } | { ok: false; loading: boolean; failure: EngineMessage }> {
    const settings = datasetSettingsOf(graph);
    const request = settings ? dataRequestOf(settings) : { source: 'mnist' as const };
    if (!request) {
      return { ok: false, loading: false, failure: { code: 'DATA_NOT_STORED', vars: { name: settings?.data?.name || '?' } } };
    }
    if (this.state.dataset?.key === dataRequestKey(request)) return { ok: true, loaded: false };
    callbacks.onStart?.();
    const onProgress = callbacks.onProgress;
    const loaded = await api.loadDataset(request, onProgress ? Comlink.proxy(onProgress) : undefined);
    if (!loaded.ok) return { ok: false, loading: true, failure: loaded.failure };
    this.state.setDataset(loaded.info);
    return { ok: true, loaded: true };
  }

  /**
   * The worker's API for calls beside training (saving or restoring a model), the worker started
   * if needed; undefined while a run or an evaluation is on, or when the worker cannot start.
   */
  async idleWorker(): Promise<KairoWorker['api'] | undefined> {
    if (this.busy || this.state.evaluation.status === 'running') return undefined;
    const worker = this.ensureWorker();
    try {
      await worker.ready;
    } catch {
      return undefined;
    }
    return worker.failure || this.busy ? undefined : worker.api;
  }

  pause(): void {
    if (this.state.run.status === 'training') this.worker?.api.pause().catch(() => {});
  }

  /** Resumes a paused run, unless the graph has changed since it started (it would train the old one). */
  resume(): void {
    if (this.state.run.status !== 'paused' || !selectResultIsCurrent(this.state)) return;
    this.worker?.api.resume().catch(() => {});
  }

  /**
   * Stops a run within one batch, or abandons the preparation after the step in flight. If it has
   * not ended after the grace period (a batch or a step that takes long), the panel offers forceStop().
   */
  stop(): void {
    const run = this.state.run;
    if (run.status === 'loading') {
      this.cancelRequested = true;
      // A download can take a while: end it now rather than after it has finished.
      if (run.step === 'dataset') this.worker?.api.cancelDatasetLoad().catch(() => {});
    } else if (run.status === 'training' || run.status === 'paused') this.worker?.api.stop().catch(() => {});
    else return;
    if (this.stopTimer !== undefined) return;
    this.state.setStopRequest({ status: 'waiting' });
    this.stopTimer = setTimeout(() => {
      this.stopTimer = undefined;
      if (this.busy) this.state.setStopRequest({ status: 'overdue' });
    }, this.stopGraceMs);
  }

  /**
   * Ends the worker now, whatever it is doing: the run fails with WORKER_FORCE_STOPPED, which says
   * what was lost (the run's training and the loaded data). The graph is never touched; the next
   * Train starts a fresh worker.
   */
  forceStop(): void {
    const run = this.state.run;
    if (run.status !== 'loading' && run.status !== 'training' && run.status !== 'paused') return;
    const progress = run.status === 'loading' ? null : run.progress;
    this.generation++;
    this.stopListening();
    this.stopListening = () => {};
    this.worker?.terminate();
    this.worker = undefined;
    this.warming = undefined;
    this.clearStopRequest();
    const vars = { epoch: progress?.epoch ?? 0, batch: progress?.batch ?? 0 };
    this.forgetWorker({ kind: 'forced', code: 'WORKER_FORCE_STOPPED', vars });
  }

  /** Evaluates the trained model on the test set (the result goes to the store). */
  async evaluate(): Promise<void> {
    const worker = this.worker;
    if (!worker || worker.failure || this.busy || !this.state.modelReady) return;
    if (this.state.evaluation.status === 'running') return;
    this.state.setEvaluation({ status: 'running' });
    try {
      const result = await worker.api.evaluate();
      if (this.worker !== worker) return;
      this.state.setEvaluation(result.ok ? { status: 'ready', result } : { status: 'failed', failure: result.failure });
    } catch (error) {
      if (this.worker !== worker) return;
      this.state.setEvaluation({ status: 'failed', failure: callFailure(error) });
    }
  }

  /** Class probabilities for one sample of the model's input shape; undefined when there is no model to ask. */
  async predict(sample: Float32Array): Promise<PredictOutcome | undefined> {
    const worker = this.worker;
    if (!worker || worker.failure || !this.state.modelReady || !selectResultIsCurrent(this.state)) return undefined;
    try {
      return await worker.api.predict(sample);
    } catch (error) {
      return { ok: false, failure: callFailure(error) };
    }
  }

  async testSamples(indices: number[]): Promise<TestSamplesOutcome> {
    const worker = this.worker;
    if (!worker || worker.failure) return { ok: false, failure: { code: 'WORKER_STOPPED', vars: {} } };
    try {
      return await worker.api.getTestSamples(indices);
    } catch (error) {
      return { ok: false, failure: callFailure(error) };
    }
  }

  /** One call to the worker for the inside views (they ask during training too); a coded failure when there is no worker. */
  async ask<T>(call: (api: Comlink.Remote<KairoWorkerApi>) => Promise<T>): Promise<T | { ok: false; failure: EngineMessage }> {
    const worker = this.worker;
    if (!worker || worker.failure) return { ok: false, failure: { code: 'WORKER_STOPPED', vars: {} } };
    try {
      return await call(worker.api);
    } catch (error) {
      return { ok: false, failure: callFailure(error) };
    }
  }

  /** Switches the backend now when the worker is idle; otherwise the next run uses it. */
  async chooseBackend(preference: BackendPreference): Promise<void> {
    this.state.setBackendPreference(preference);
    const worker = this.worker;
    if (!worker || worker.failure || this.busy) return;
    try {
      await worker.ready;
      const choice = await worker.api.selectBackend(preference);
      if (this.worker !== worker) return;
      this.state.setBackend(choice);
      // The model's weights live on the old backend: train again before evaluating or predicting.
      this.state.setModelReady(false);
    } catch {
      // Reported through onFailure.
    }
  }

  /** Ends the current worker and starts a fresh one (after a crash or a lost WebGL context). */
  async restart(): Promise<void> {
    this.generation++;
    this.clearStopRequest();
    this.stopListening();
    this.stopListening = () => {};
    this.worker?.terminate();
    this.worker = undefined;
    this.warming = undefined;
    this.state.resetSession();
    this.series.reset(1);
    await this.warmUp();
  }
}
