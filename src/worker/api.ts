/**
 * The one interface between the UI and the training worker (exposed with Comlink). Only plain data
 * and transferable buffers cross it; callbacks are passed wrapped in `Comlink.proxy`. Methods that
 * can fail return a result object with a coded failure instead of rejecting, so the UI always has
 * something to show in the user's language.
 */
import type { BackendChoice, BackendPreference } from '../engine/backend';
import type { DataDescription, DataLoadProgress } from '../engine/data/source';
import type { EngineMessage } from '../engine/failures';
import type { CompileOutcome, EvaluateOutcome, PredictOutcome, TestSamplesOutcome } from '../engine/runtimeResults';
import type { TrainingEvent, TrainingOutcome } from '../engine/trainingEvents';
import type { LayerStatisticsOptions } from '../engine/inspect/layerStatistics';
import type { Graph } from '../graph/types';
import type { BackpropStepCall, BackpropStepOutcome, InspectInput, InspectNodeOutcome } from './inspect';

export type { BackendChoice, BackendName, BackendPreference, BackendReasonCode, BackendTiming } from '../engine/backend';
export type { LayerSummary } from '../engine/compile';
export type { DataDescription, SampleKind } from '../engine/data/source';
export type { EvaluationResult, Misclassified, Prediction } from '../engine/evaluate';
export type { EngineMessage, EngineMessageCode } from '../engine/failures';
export type {
  CompileOutcome,
  EvaluateOutcome,
  ModelSummary,
  PredictOutcome,
  RunPlan,
  RuntimeFailure,
  TestSample,
  TestSamplesOutcome,
} from '../engine/runtimeResults';
export type {
  BatchEvent,
  EpochEvent,
  EpochRecord,
  LayerNorms,
  LayerSample,
  StartEvent,
  TrainingEvent,
  TrainingFailure,
  TrainingOutcome,
} from '../engine/trainingEvents';

/** Bumped when the API changes incompatibly; the client checks it in the handshake. */
export const WORKER_PROTOCOL_VERSION = 2;

export interface WorkerHello {
  protocol: number;
  /** The active backend, if one has been selected yet. */
  backend: string | undefined;
}

/** Progress of loading the data set, for a progress bar. */
export type DatasetProgress = DataLoadProgress;

/** The loaded data set (shape, classes, counts) and how long loading took. */
export interface DatasetInfo extends DataDescription {
  seconds: number;
}

export type LoadDatasetResult = { ok: true; info: DatasetInfo } | { ok: false; failure: EngineMessage };

export interface TrainOptions {
  /** Overrides the optimizer node's epoch count for this run. */
  epochs?: number;
  /** Minimum milliseconds between batch events (default 50: at most 20 a second). */
  eventIntervalMs?: number;
  /** Per-layer gradient and weight norms on the batch events, sampled (off when absent). */
  layerStatistics?: LayerStatisticsOptions;
}

export interface KairoWorkerApi {
  /** Startup handshake: answers as soon as the worker script runs. */
  hello(): WorkerHello;
  /**
   * Chooses and activates the backend ('auto' when omitted): WebGL on a real GPU, WASM (SIMD) when
   * WebGL is a software renderer or missing, CPU last. Never fails (CPU always works).
   */
  selectBackend(preference?: BackendPreference): Promise<BackendChoice>;
  /** Loads the data set (MNIST, from the browser cache after the first time). */
  loadDataset(onProgress?: (progress: DatasetProgress) => void): Promise<LoadDatasetResult>;
  /** Cancels a load in progress: it then answers DATA_LOAD_CANCELLED. */
  cancelDatasetLoad(): void;
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
  /** Class probabilities for one sample of the model's input shape (`RunPlan.sampleShape`), row-major. */
  predict(sample: Float32Array): Promise<PredictOutcome>;
  /** Test samples by index, with their shape and class name (transferred, not copied). */
  getTestSamples(indices: number[]): Promise<TestSamplesOutcome>;
  /** What one node of the trained model does with one input: its output, u, weights (src/worker/inspect.ts). */
  inspectNode(nodeId: string, input: InspectInput): Promise<InspectNodeOutcome>;
  /** One backprop step on one input (forward, backward, update), applied to the weights when asked. */
  backpropStep(call: BackpropStepCall): Promise<BackpropStepOutcome>;
  /** Frees the model and its tensors (the data set stays loaded). */
  dispose(): Promise<void>;
}
