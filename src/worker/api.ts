/**
 * The one interface between the UI and the training worker (exposed with Comlink). Only plain data
 * and transferable buffers cross it; callbacks are passed wrapped in `Comlink.proxy`. Methods that
 * can fail return a result object with a coded failure instead of rejecting, so the UI always has
 * something to show in the user's language.
 */
import type { BackendChoice, BackendPreference } from '../engine/backend';
import type { ImageSettings } from '../engine/data/imageImport';
import type { LayoutEntry } from '../engine/data/imageLayout';
import type { DataRequest } from '../engine/data/request';
import type { DataDescription, DataLoadProgress } from '../engine/data/source';
import type { ColumnSummary } from '../engine/data/tableParse';
import type { EngineMessage } from '../engine/failures';
import type { CompileOutcome, EvaluateOutcome, PredictOutcome, TestSamplesOutcome } from '../engine/runtimeResults';
import type { TrainingEvent, TrainingOutcome } from '../engine/trainingEvents';
import type { BuiltinTable, DataReference, TableDataReference } from '../graph/dataReference';
import type { Graph } from '../graph/types';
import type { StoredDatasetMeta } from '../storage/datasets';
import type { WeightSet } from '../export/modelFiles';
import type { ModelResult } from '../export/modelProblems';
import type { RestoreOutcome, SavedModel } from './modelIo';
import type { LayerStatisticsOptions } from '../engine/inspect/layerStatistics';
import type { BackpropStepCall, BackpropStepOutcome, InspectInput, InspectNodeOutcome } from './inspect';

export type { BackendChoice, BackendName, BackendPreference, BackendReasonCode, BackendTiming, ThreadTiming } from '../engine/backend';
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
export const WORKER_PROTOCOL_VERSION = 3;

export interface WorkerHello {
  protocol: number;
  /** The active backend, if one has been selected yet. */
  backend: string | undefined;
}

/** Progress of loading the data set, for a progress bar. */
export type DatasetProgress = DataLoadProgress;

/** The loaded data set (shape, classes, counts) and how long loading took. */
export interface DatasetInfo extends DataDescription {
  /** The request it answers (dataRequestKey): a graph that asks for another key needs a new load. */
  key: string;
  seconds: number;
}

export type { DataRequest } from '../engine/data/request';

/** A picked or dropped file with its path below the picked folder ('/'-separated). */
export interface PickedFile extends LayoutEntry {
  file: File;
}

/** A folder (its files and the directories seen, empty ones included) or a zip. */
export interface PickedImages {
  files: PickedFile[];
  directories: string[];
  zip?: File;
}

export interface ImageImportRequest {
  /** The data set's name when the files share no top folder (e.g. the zip's name). */
  name: string;
  train: PickedImages;
  test?: PickedImages;
  settings: ImageSettings;
}

export interface TableImportRequest {
  file: File;
  test?: File;
  labelColumn: string;
  featureColumns: string[];
}

export type ImportResult =
  | { ok: true; reference: DataReference; key: string; meta: StoredDatasetMeta; seconds: number }
  | { ok: false; failure: EngineMessage };

export type TableInspection =
  | { ok: true; columns: ColumnSummary[]; rows: number; labelColumn: string; featureColumns: string[] }
  | { ok: false; failure: EngineMessage };

export type PredictImageResult =
  | (Extract<PredictOutcome, { ok: true }> & { pixels: Uint8Array; shape: number[] })
  | { ok: false; failure: EngineMessage };

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
  /** Loads the data a graph asks for (MNIST from the browser cache after the first time; imported data from IndexedDB). */
  loadDataset(request: DataRequest, onProgress?: (progress: DatasetProgress) => void): Promise<LoadDatasetResult>;
  /** Cancels a load in progress: it then answers DATA_LOAD_CANCELLED. */
  cancelDatasetLoad(): void;
  /** Decodes, checks and stores a picked or dropped image folder or zip (progress by file). */
  importImages(request: ImageImportRequest, onProgress?: (progress: DatasetProgress) => void): Promise<ImportResult>;
  /** Cancels an import in progress: it then answers DATA_LOAD_CANCELLED. */
  cancelImport(): void;
  /** The columns of a CSV/TSV file, with the default label and feature columns. */
  inspectTable(file: File): Promise<TableInspection>;
  /** Checks and stores a table with the chosen label and feature columns. */
  importTable(request: TableImportRequest): Promise<ImportResult>;
  /** The reference of a built-in table (Iris, Palmer penguins). */
  builtinTable(name: BuiltinTable): Promise<TableDataReference>;
  /** Prepares one picture as the compiled graph's images are and predicts it ("try an image"). */
  predictImage(image: Blob): Promise<PredictImageResult>;
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
  /** The trained model's topology and weights (the weights transferred), to keep, download or bundle. */
  saveModel(): Promise<ModelResult<{ saved: SavedModel }>>;
  /** Compiles `graph` and loads `weights` into it: a trained model back without training. */
  restoreModel(graph: Graph, weights: WeightSet): Promise<RestoreOutcome>;
}
