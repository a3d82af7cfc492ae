/**
 * The one interface between the UI and the training worker (exposed with Comlink). Only plain data
 * and transferable buffers cross it; callbacks are passed wrapped in `Comlink.proxy`. Methods that
 * can fail return a result object instead of rejecting, so the UI always has a message to show.
 */
import type { BackendChoice, BackendPreference } from '../engine/backend';
import type { MnistLoadProgress } from '../engine/data/browserSource';
import type {
  CompileOutcome,
  EvaluateOutcome,
  PredictOutcome,
  TestImagesOutcome,
} from '../engine/runtime';
import type { TrainingEvent, TrainingOutcome } from '../engine/train';
import type { Graph } from '../graph/types';

export type { BackendChoice, BackendName, BackendPreference, BackendReasonCode, BackendTiming } from '../engine/backend';
export type { LayerSummary } from '../engine/compile';
export type { EvaluationResult, Misclassified, Prediction } from '../engine/evaluate';
export type {
  CompileOutcome,
  EvaluateOutcome,
  ModelSummary,
  PredictOutcome,
  RunPlan,
  RuntimeFailure,
  TestImage,
  TestImagesOutcome,
} from '../engine/runtime';
export type {
  BatchEvent,
  EpochEvent,
  EpochRecord,
  StartEvent,
  TrainingEvent,
  TrainingFailure,
  TrainingOutcome,
} from '../engine/train';

/** Bumped when the API changes incompatibly; the client checks it in the handshake. */
export const WORKER_PROTOCOL_VERSION = 1;

export interface WorkerHello {
  protocol: number;
  /** The active backend, if one has been selected yet. */
  backend: string | undefined;
}

/** Progress of loading MNIST, for a progress bar. */
export type DatasetProgress = MnistLoadProgress;

export interface DatasetInfo {
  trainCount: number;
  testCount: number;
  seconds: number;
}

export type LoadDatasetResult = { ok: true; info: DatasetInfo } | { ok: false; code: string; message: string };

export interface TrainOptions {
  /** Overrides the optimizer node's epoch count for this run. */
  epochs?: number;
  /** Minimum milliseconds between batch events (default 50: at most 20 a second). */
  eventIntervalMs?: number;
}

export interface KairoWorkerApi {
  /** Startup handshake: answers as soon as the worker script runs. */
  hello(): WorkerHello;
  /**
   * Chooses and activates the backend ('auto' when omitted): WebGL on a real GPU, WASM (SIMD) when
   * WebGL is a software renderer or missing, CPU last. Never fails (CPU always works).
   */
  selectBackend(preference?: BackendPreference): Promise<BackendChoice>;
  /** Loads MNIST (from the browser cache after the first time). */
  loadDataset(onProgress?: (progress: DatasetProgress) => void): Promise<LoadDatasetResult>;
  /**
   * Builds the tfjs model from a graph; replaces the previous model. In auto mode on a real GPU the
   * backend may change first (the fastest for this model): `backend` is the one in use afterwards.
   */
  compile(graph: Graph): Promise<CompileOutcome & { backend?: BackendChoice }>;
  /**
   * Trains the compiled model; resolves when the run ends (completed, stopped or failed). Events
   * arrive through `onEvent`: batch events at most every `eventIntervalMs`, every epoch end, and a
   * final 'done' (preceded by 'error' on failure).
   */
  train(onEvent: (event: TrainingEvent) => void, options?: TrainOptions): Promise<TrainingOutcome>;
  pause(): void;
  resume(): void;
  /** Takes effect within one batch; the run then resolves with status 'stopped'. */
  stop(): void;
  /** Accuracy, loss, confusion matrix and mistakes on the test set. */
  evaluate(): Promise<EvaluateOutcome>;
  /** Class probabilities for one 28×28 image (784 floats in [0,1], row-major). */
  predict(pixels: Float32Array): Promise<PredictOutcome>;
  /** Test images by index (transferred, not copied). */
  getTestImages(indices: number[]): Promise<TestImagesOutcome>;
  /** Frees the model and its tensors (the data set stays loaded). */
  dispose(): Promise<void>;
}
