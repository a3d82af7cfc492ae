/**
 * What the training runtime answers, as plain data that crosses the worker boundary: the model
 * summary and run plan after a compile, evaluation and prediction results, test samples for display,
 * and the coded failures of its calls.
 */
import type { Issue } from '../graph/issues';
import type { LayerSummary } from './compile';
import type { SampleKind } from './data/source';
import type { EvaluationResult, Prediction } from './evaluate';
import type { EngineMessage } from './failures';
import type { TrainingFailureCode } from './trainingEvents';

export interface ModelSummary {
  layers: LayerSummary[];
  totalParams: number;
  trainableParams: number;
}

/** What the compiled graph will do when trained, so the UI can show it before the run. */
export interface RunPlan {
  epochs: number;
  batchSize: number;
  /** null until the data set is loaded. */
  trainCount: number | null;
  validationCount: number | null;
  testCount: number | null;
  /** Label k's class name (output k of the model); empty until the data set is loaded. */
  classNames: string[];
  /** One sample's shape as the model takes it: [height, width, channels] or [features]. */
  sampleShape: number[];
  /** How the data's samples are shown; null until the data set is loaded. */
  sampleKind: SampleKind | null;
  /** Dataset settings that were adjusted (e.g. a subset larger than the data). */
  notices: EngineMessage[];
  backend: string;
}

/** The graph does not fit the loaded data (checked at compile time, when both are there). */
export type DataFitCode = Extract<
  TrainingFailureCode,
  'DATA_SHAPE_MISMATCH' | 'CLASS_NOT_IN_DATA' | 'CLASS_COUNT_MISMATCH' | 'NO_TRAINING_SAMPLES' | 'TOO_FEW_TO_SPLIT'
>;

/**
 * `issues`: the graph itself is invalid (the analysis's problems). `failure`: the graph is valid
 * but does not fit the loaded data (then `issues` is empty).
 */
export type CompileOutcome =
  | { ok: true; summary: ModelSummary; plan: RunPlan }
  | { ok: false; issues: Issue[]; failure?: EngineMessage<DataFitCode | 'TRAINING_FAILED'> };

export type RuntimeFailureCode =
  | 'NO_MODEL'
  | 'NO_DATA'
  | 'BUSY_TRAINING'
  | 'EVALUATION_FAILED'
  | 'PREDICTION_FAILED'
  | 'SAMPLE_SIZE_MISMATCH'
  | 'TEST_SAMPLE_MISSING'
  | DataFitCode
  | 'TRAINING_FAILED';

/**
 * A runtime call that could not be done, and why (a code; the UI words it). The runtime answers with
 * a RuntimeFailureCode; the main thread adds WORKER_* codes when the worker itself cannot answer.
 */
export type RuntimeFailure = { ok: false; failure: EngineMessage };

export interface TestSampleBase {
  /** Index in the test split the indices refer to (class-filtered once a graph is compiled). */
  index: number;
  /** Index in the data source's own test split. */
  sourceIndex: number;
  /** Label 0..K-1 of the compiled graph (the source's class index before any graph is compiled). */
  label: number;
  className: string;
  /** The sample's shape: [h, w, c] for an image, [n] for a feature vector. */
  shape: number[];
}

/** A test sample for display: image bytes for 'image' / 'ink' data, the values themselves for 'features'. */
export type TestSample = TestSampleBase &
  (
    | {
        kind: 'image' | 'ink';
        /** h×w×c bytes 0..255 (value × 255), row-major, channels last. */
        pixels: Uint8Array;
      }
    | { kind: 'features'; values: Float32Array }
  );

export type EvaluateOutcome = ({ ok: true; classNames: string[] } & EvaluationResult) | RuntimeFailure;
export type PredictOutcome = ({ ok: true; classNames: string[] } & Prediction) | RuntimeFailure;
export type TestSamplesOutcome = { ok: true; samples: TestSample[] } | RuntimeFailure;
