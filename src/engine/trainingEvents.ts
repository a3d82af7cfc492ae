/**
 * What a training run tells its listener (the worker forwards these to the UI, the CLI prints
 * them): start, batch and epoch progress, pause/resume, the failure if any, and the final outcome.
 * Plain data only: it crosses the worker boundary.
 */
import type { EngineMessage } from './failures';
import type { LayerNorms, LayerSample } from './inspect/layerStatistics';

export type { LayerNorms, LayerSample } from './inspect/layerStatistics';

/** Progress after a batch. `loss`/`accuracy` are means over the epoch so far (what a chart should show). */
export interface BatchEvent {
  type: 'batch';
  /** 1-based. */
  epoch: number;
  /** 1-based index of the batch within the epoch. */
  batch: number;
  batchesPerEpoch: number;
  loss: number;
  accuracy: number;
  batchLoss: number;
  batchAccuracy: number;
  samplesPerSecond: number;
  elapsedSeconds: number;
  etaSeconds: number;
  /** Fraction of the whole run done, 0..1. */
  progress: number;
  /** Per-layer norms of the batches measured since the last batch event (when layer statistics are on). */
  layerSamples?: LayerSample[];
}

export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  epochs: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Wall time of this epoch, validation included, pauses excluded. */
  seconds: number;
  samplesPerSecond: number;
  elapsedSeconds: number;
  etaSeconds: number;
  /** tf.memory().numTensors at the end of the epoch: constant from epoch to epoch when nothing leaks. */
  numTensors: number;
  /** Per trainable node: the mean gradient norm of the epoch's measured batches, the weight norm at its end (when layer statistics are on). */
  layers?: LayerNorms[];
  /** The measured batches no batch event has carried yet (batch events are throttled; the epoch's last ones would be lost). */
  layerSamples?: LayerSample[];
}

export interface StartEvent {
  type: 'start';
  epochs: number;
  batchesPerEpoch: number;
  batchSize: number;
  trainCount: number;
  validationCount: number;
  backend: string;
}

export type TrainingFailureCode =
  | 'NON_FINITE_LOSS'
  | 'WEBGL_CONTEXT_LOST'
  | 'TRAINING_FAILED'
  | 'OUT_OF_MEMORY'
  | 'EMPTY_TRAINING_SET'
  | 'RUN_IN_PROGRESS'
  | 'BAD_EPOCHS'
  | 'NO_MODEL'
  | 'NO_DATA'
  | 'DATA_SHAPE_MISMATCH'
  | 'CLASS_NOT_IN_DATA'
  | 'CLASS_COUNT_MISMATCH'
  | 'NO_TRAINING_SAMPLES'
  | 'TOO_FEW_TO_SPLIT';

/**
 * Why a run failed or was refused. NON_FINITE_LOSS carries `epoch`, `batch`, `value` and `rate`
 * (the learning rate, for the advice); TRAINING_FAILED carries the tfjs error as `detail`;
 * OUT_OF_MEMORY the memory estimate of the graph and its largest node (src/engine/failures.ts).
 */
export type TrainingFailure = EngineMessage<TrainingFailureCode>;

export interface EpochRecord {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  seconds: number;
}

export interface TrainingOutcome {
  status: 'completed' | 'stopped' | 'failed';
  epochsCompleted: number;
  elapsedSeconds: number;
  history: EpochRecord[];
  failure?: TrainingFailure;
}

export type TrainingEvent =
  | StartEvent
  | BatchEvent
  | EpochEvent
  | { type: 'paused'; epoch: number; batch: number }
  | { type: 'resumed' }
  | ({ type: 'done' } & TrainingOutcome)
  | { type: 'error'; failure: TrainingFailure };

export type TrainingEventListener = (event: TrainingEvent) => void;
