/**
 * Training session state: the run as one discriminated union, changed only by events that come
 * from the worker (its training events, and the answers to the preparation steps before it), plus
 * what the worker told us about itself (backend, data set, compiled model, evaluation). Session
 * state: never saved, never undone. Per-batch chart points are not kept here (they stream into
 * src/ui/training/trainingSeries.ts, drawn outside React); the store holds the latest numbers only.
 */
import type { StateCreator } from 'zustand';
import type { Issue } from '../graph/issues';
import type {
  BackendChoice,
  BackendPreference,
  DatasetInfo,
  DatasetProgress,
  EngineMessage,
  EpochRecord,
  EvaluateOutcome,
  ModelSummary,
  RunPlan,
  TrainingEvent,
  TrainingFailure,
} from '../worker/api';
import type { WorkerFailure } from '../worker/client';
import type { KairoState } from './types';

/** What happens before the first batch, in order. */
export type PreparationStep = 'engine' | 'backend' | 'dataset' | 'compile';

/** The latest numbers of a run, for the progress bar and the facts beside the charts. */
export interface RunProgress {
  epoch: number;
  epochs: number;
  /** Batches done in the current epoch. */
  batch: number;
  batchesPerEpoch: number;
  batchSize: number;
  /** Fraction of the whole run done, 0..1. */
  fraction: number;
  samplesPerSecond: number;
  elapsedSeconds: number;
  etaSeconds: number;
  trainCount: number;
  validationCount: number;
  backend: string;
  /** Means over the current epoch so far. */
  loss: number | null;
  accuracy: number | null;
  /** From the last finished epoch with validation. */
  valLoss: number | null;
  valAccuracy: number | null;
}

/** Why a run failed; the panel words it in the current language from the codes. */
export type RunError =
  | { kind: 'compile'; issues: Issue[] }
  /** The data set could not be loaded, or the graph does not fit it. */
  | { kind: 'data'; failure: EngineMessage }
  | { kind: 'training'; failure: TrainingFailure }
  | { kind: 'engine'; failure: WorkerFailure };

export type TrainingRun =
  | { status: 'idle' }
  | { status: 'loading'; step: PreparationStep; dataset: DatasetProgress | null }
  | { status: 'training'; progress: RunProgress }
  | { status: 'paused'; progress: RunProgress }
  | { status: 'done'; result: 'completed' | 'stopped'; progress: RunProgress | null; history: EpochRecord[] }
  | { status: 'failed'; error: RunError; progress: RunProgress | null };

/** Everything that moves the run: the worker's training events and its answers while preparing. */
export type RunEvent =
  | TrainingEvent
  | { type: 'prepare'; step: PreparationStep }
  | { type: 'dataset-progress'; progress: DatasetProgress }
  | { type: 'prepare-failed'; error: RunError }
  /** Stop pressed before the first batch: back to idle once the step in flight has answered. */
  | { type: 'prepare-cancelled' }
  | { type: 'engine-failed'; failure: WorkerFailure };

export type EvaluationView = Extract<EvaluateOutcome, { ok: true }>;

export type EvaluationState =
  | { status: 'none' }
  | { status: 'running' }
  | { status: 'ready'; result: EvaluationView }
  | { status: 'failed'; failure: EngineMessage };

export type EngineStatus = 'off' | 'starting' | 'ready';

export interface CompiledModelInfo {
  summary: ModelSummary;
  plan: RunPlan;
}

export interface RunSlice {
  run: TrainingRun;
  engine: EngineStatus;
  backend: BackendChoice | null;
  backendPreference: BackendPreference;
  dataset: DatasetInfo | null;
  model: CompiledModelInfo | null;
  /** Whether the worker holds a model that can evaluate and predict (false after a backend switch). */
  modelReady: boolean;
  /**
   * graphFingerprint of the graph the model (and so every result, paused run and prediction) was
   * built from; null with no model. The results are current while the graph on the canvas has the
   * same fingerprint (runStatus.ts: selectResultIsCurrent).
   */
  trainedFingerprint: string | null;
  evaluation: EvaluationState;

  applyRunEvent(event: RunEvent): void;
  setEngine(engine: EngineStatus): void;
  setBackend(backend: BackendChoice | null): void;
  setBackendPreference(preference: BackendPreference): void;
  setDataset(dataset: DatasetInfo | null): void;
  /** The worker's model, whether it can answer, and the fingerprint of the graph it was built from. */
  setModel(model: CompiledModelInfo | null, ready: boolean, fingerprint?: string | null): void;
  setModelReady(ready: boolean): void;
  setEvaluation(evaluation: EvaluationState): void;
  /** Forgets everything the worker told us (a fresh worker is about to start). */
  resetSession(): void;
}

function progressOf(run: TrainingRun): RunProgress | null {
  return run.status === 'training' || run.status === 'paused' || run.status === 'done' || run.status === 'failed'
    ? run.progress
    : null;
}

/** The run after `event`. Pure; events that make no sense in the current state leave it as it is. */
export function reduceRun(run: TrainingRun, event: RunEvent): TrainingRun {
  switch (event.type) {
    case 'prepare':
      return { status: 'loading', step: event.step, dataset: run.status === 'loading' ? run.dataset : null };
    case 'dataset-progress':
      return run.status === 'loading' ? { ...run, dataset: event.progress } : run;
    case 'prepare-failed':
      return { status: 'failed', error: event.error, progress: null };
    case 'prepare-cancelled':
      return run.status === 'loading' ? { status: 'idle' } : run;
    case 'engine-failed':
      // A worker we ended ourselves (restart) is not a failure to report.
      if (event.failure.kind === 'terminated') return run;
      return { status: 'failed', error: { kind: 'engine', failure: event.failure }, progress: progressOf(run) };
    case 'start':
      return {
        status: 'training',
        progress: {
          epoch: 1,
          epochs: event.epochs,
          batch: 0,
          batchesPerEpoch: event.batchesPerEpoch,
          batchSize: event.batchSize,
          fraction: 0,
          samplesPerSecond: 0,
          elapsedSeconds: 0,
          etaSeconds: 0,
          trainCount: event.trainCount,
          validationCount: event.validationCount,
          backend: event.backend,
          loss: null,
          accuracy: null,
          valLoss: null,
          valAccuracy: null,
        },
      };
    case 'batch': {
      if (run.status !== 'training' && run.status !== 'paused') return run;
      return {
        ...run,
        progress: {
          ...run.progress,
          epoch: event.epoch,
          batch: event.batch,
          batchesPerEpoch: event.batchesPerEpoch,
          fraction: event.progress,
          samplesPerSecond: event.samplesPerSecond,
          elapsedSeconds: event.elapsedSeconds,
          etaSeconds: event.etaSeconds,
          loss: event.loss,
          accuracy: event.accuracy,
        },
      };
    }
    case 'epoch': {
      if (run.status !== 'training' && run.status !== 'paused') return run;
      return {
        ...run,
        progress: {
          ...run.progress,
          epoch: event.epoch,
          epochs: event.epochs,
          batch: run.progress.batchesPerEpoch,
          fraction: event.epoch / event.epochs,
          samplesPerSecond: event.samplesPerSecond,
          elapsedSeconds: event.elapsedSeconds,
          etaSeconds: event.etaSeconds,
          loss: event.loss,
          accuracy: event.accuracy,
          valLoss: event.valLoss ?? run.progress.valLoss,
          valAccuracy: event.valAccuracy ?? run.progress.valAccuracy,
        },
      };
    }
    case 'paused':
      return run.status === 'training' ? { status: 'paused', progress: run.progress } : run;
    case 'resumed':
      return run.status === 'paused' ? { status: 'training', progress: run.progress } : run;
    case 'error':
      return { status: 'failed', error: { kind: 'training', failure: event.failure }, progress: progressOf(run) };
    case 'done': {
      if (run.status === 'failed') return run; // the 'error' before it already said why
      const progress = progressOf(run);
      if (event.status === 'failed') {
        const failure = event.failure ?? { code: 'TRAINING_FAILED', vars: {} };
        return { status: 'failed', error: { kind: 'training', failure }, progress };
      }
      return {
        status: 'done',
        result: event.status,
        progress: progress ? { ...progress, elapsedSeconds: event.elapsedSeconds, etaSeconds: 0 } : null,
        history: event.history,
      };
    }
  }
}

export const createRunSlice: StateCreator<KairoState, [], [], RunSlice> = (set, get) => ({
  run: { status: 'idle' },
  engine: 'off',
  backend: null,
  backendPreference: 'auto',
  dataset: null,
  model: null,
  modelReady: false,
  trainedFingerprint: null,
  evaluation: { status: 'none' },

  applyRunEvent(event) {
    const run = get().run;
    const next = reduceRun(run, event);
    if (next !== run) set({ run: next });
  },
  setEngine(engine) {
    set({ engine });
  },
  setBackend(backend) {
    set({ backend });
  },
  setBackendPreference(preference) {
    set({ backendPreference: preference });
  },
  setDataset(dataset) {
    set({ dataset });
  },
  setModel(model, ready, fingerprint = null) {
    set({ model, modelReady: ready, trainedFingerprint: model ? fingerprint : null });
  },
  setModelReady(ready) {
    set({ modelReady: ready });
  },
  setEvaluation(evaluation) {
    set({ evaluation });
  },
  resetSession() {
    set({
      run: { status: 'idle' },
      engine: 'off',
      backend: null,
      dataset: null,
      model: null,
      modelReady: false,
      trainedFingerprint: null,
      evaluation: { status: 'none' },
    });
  },
});
