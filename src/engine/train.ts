/**
 * The training loop: one optimizer step per batch on a compiled tfjs model, with progress events,
 * pause / resume / stop between batches, deterministic shuffling and no tensor leaks. Runs the same
 * in the browser worker and in Node (CLI, tests, bench).
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { LossFunction } from '../../nodes/loss';
import { epochOrder } from './data/mnist';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = tfTypes.Tensor;

export const IMAGE_SIZE = 28;
export const PIXELS_PER_IMAGE = IMAGE_SIZE * IMAGE_SIZE;

/** Images (count × 784 floats in [0,1]) with labels already re-indexed to 0..K-1. */
export interface LabelledImages {
  count: number;
  images: Float32Array;
  labels: Uint8Array;
}

export type LossName = LossFunction;

/** Per-sample loss (shape [batch]) for one of the catalog's loss functions. */
export function lossFunctionFor(tf: Tf, name: LossName): (labels: Tensor, predictions: Tensor) => Tensor {
  switch (name) {
    case 'categoricalCrossentropy':
      return (labels, predictions) => tf.metrics.categoricalCrossentropy(labels, predictions);
    case 'binaryCrossentropy':
      return (labels, predictions) => tf.metrics.binaryCrossentropy(labels, predictions);
    case 'meanSquaredError':
      return (labels, predictions) => tf.metrics.meanSquaredError(labels, predictions);
    case 'categoricalHinge':
      // max(0, 1 + (largest wrong-class score) − (true-class score)), as the hinge loss of the SVM exercise.
      return (labels, predictions) => {
        const trueScore = tf.sum(tf.mul(labels, predictions), -1);
        const otherScore = tf.max(tf.mul(tf.sub(1, labels), predictions), -1);
        return tf.relu(tf.add(tf.sub(otherScore, trueScore), 1));
      };
    case 'hinge':
      // max(0, 1 − y·p) with the one-hot 0/1 labels read as y = −1/+1, averaged over the outputs.
      return (labels, predictions) =>
        tf.mean(tf.relu(tf.sub(1, tf.mul(tf.sub(tf.mul(labels, 2), 1), predictions))), -1);
  }
}

/**
 * How labels reach the loss: 'onehot' (one column per class) or 'binary' (two classes, one column
 * holding the class index 0/1, for a single output unit: sigmoid, or sign with the hinge loss).
 */
export type LabelEncoding = 'onehot' | 'binary';

/** What the loop needs to know about the labels to build them and to score predictions. */
export interface LabelFormat {
  numClasses: number;
  encoding: LabelEncoding;
  lossName: LossName;
}

/** Columns of the label tensor. */
export function labelWidth(format: Pick<LabelFormat, 'numClasses' | 'encoding'>): number {
  return format.encoding === 'binary' ? 1 : format.numClasses;
}

/** The output value above which a single-unit model predicts class 1: 0 for ±1 (hinge), else 0.5. */
function binaryThreshold(lossName: LossName): number {
  return lossName === 'hinge' ? 0 : 0.5;
}

/** The predicted class index of every sample (int32, shape [batch]). */
export function predictedClasses(tf: Tf, predictions: Tensor, format: LabelFormat): Tensor {
  if (format.encoding === 'binary') {
    return tf.cast(tf.greater(tf.reshape(predictions, [-1]), binaryThreshold(format.lossName)), 'int32');
  }
  return tf.argMax(predictions, -1);
}

/** 1 for every correctly classified sample, else 0 (float32, shape [batch]). */
export function correctPerSample(tf: Tf, labels: Tensor, predictions: Tensor, format: LabelFormat): Tensor {
  if (format.encoding === 'binary') {
    return tf.cast(tf.equal(predictedClasses(tf, predictions, format), tf.cast(tf.reshape(labels, [-1]), 'int32')), 'float32');
  }
  return tf.metrics.categoricalAccuracy(labels, predictions);
}

export interface TrainingSettings {
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  shuffleSeed: number;
  /** Only for messages (the NaN advice names it). */
  learningRate?: number;
}

export interface TrainingJob {
  model: tfTypes.LayersModel;
  optimizer: tfTypes.Optimizer;
  lossName: LossName;
  numClasses: number;
  /** Default 'onehot'. */
  labelEncoding?: LabelEncoding;
  train: LabelledImages;
  /** Evaluated after every epoch when present. */
  validation?: LabelledImages;
  settings: TrainingSettings;
}

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

export type TrainingErrorCode = 'NON_FINITE_LOSS' | 'WEBGL_CONTEXT_LOST' | 'TRAINING_FAILED';

export interface TrainingFailure {
  code: TrainingErrorCode;
  message: string;
  epoch?: number;
  batch?: number;
}

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
  | ({ type: 'error' } & TrainingFailure);

export type TrainingEventListener = (event: TrainingEvent) => void;

/**
 * Pause / resume / stop requests, read by the loop between batches. One control per run.
 * `fail` lets the host abort the run with a reason (e.g. the WebGL context was lost).
 */
export class TrainingControl {
  private paused = false;
  private stopped = false;
  private failure: TrainingFailure | undefined;
  private wake: (() => void) | undefined;
  private abortRead: ((failure: TrainingFailure) => void) | undefined;

  pause(): void {
    if (!this.stopped) this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wakeUp();
  }

  stop(): void {
    this.stopped = true;
    this.paused = false;
    this.wakeUp();
  }

  fail(failure: TrainingFailure): void {
    this.failure ??= failure;
    this.stop();
    this.abortRead?.(this.failure);
  }

  /**
   * Reads a tensor, or rejects as soon as the run is failed from outside: a lost WebGL context
   * can leave a read pending forever.
   */
  read(tensor: Tensor): Promise<ArrayLike<number>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.abortRead = reject;
      tensor.data().then(
        (values) => {
          this.abortRead = undefined;
          resolve(values as ArrayLike<number>);
        },
        (error: unknown) => {
          this.abortRead = undefined;
          reject(error);
        },
      );
    });
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  get failureReason(): TrainingFailure | undefined {
    return this.failure;
  }

  /** Resolves when resumed or stopped. */
  waitWhilePaused(): Promise<void> {
    if (!this.paused) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

export interface TrainingLoopOptions {
  /** Minimum time between two batch events (epoch ends and the final event always go out). */
  eventIntervalMs?: number;
  /** Batch size used for validation passes (memory, not results). */
  evaluationBatchSize?: number;
}

/**
 * Copies the images and labels of `order[start..start+size)` into the given buffers: one-hot rows
 * when `width` > 1, the class index itself when `width` is 1 (binary labels).
 */
export function fillBatch(
  split: LabelledImages,
  order: ArrayLike<number> | undefined,
  start: number,
  size: number,
  width: number,
  imageBuffer: Float32Array,
  labelBuffer: Float32Array,
): void {
  labelBuffer.fill(0, 0, size * width);
  for (let row = 0; row < size; row++) {
    const index = order ? (order[start + row] as number) : start + row;
    const offset = index * PIXELS_PER_IMAGE;
    imageBuffer.set(split.images.subarray(offset, offset + PIXELS_PER_IMAGE), row * PIXELS_PER_IMAGE);
    const label = split.labels[index] as number;
    if (width === 1) labelBuffer[row] = label;
    else labelBuffer[row * width + label] = 1;
  }
}

/**
 * Lets queued messages (pause, stop from the worker API) run. A resolved promise is not enough:
 * on WASM and CPU every step is synchronous, so without a macrotask the loop would never see them.
 */
function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  // In a browser worker: a MessageChannel round trip is a macrotask without setTimeout's 4 ms clamp.
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

const YIELD_INTERVAL_MS = 15;

/** Loss sum and correct count over a split, in batches; predictions are made in inference mode. */
export async function evaluateLossAndAccuracy(
  tf: Tf,
  model: tfTypes.LayersModel,
  format: LabelFormat,
  split: LabelledImages,
  batchSize = 500,
): Promise<{ loss: number; accuracy: number }> {
  if (split.count === 0) return { loss: Number.NaN, accuracy: Number.NaN };
  const lossFn = lossFunctionFor(tf, format.lossName);
  const width = labelWidth(format);
  const imageBuffer = new Float32Array(batchSize * PIXELS_PER_IMAGE);
  const labelBuffer = new Float32Array(batchSize * width);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < split.count; start += batchSize) {
    const size = Math.min(batchSize, split.count - start);
    fillBatch(split, undefined, start, size, width, imageBuffer, labelBuffer);
    const totals = tf.tidy(() => {
      const xs = tf.tensor4d(imageBuffer.subarray(0, size * PIXELS_PER_IMAGE), [size, IMAGE_SIZE, IMAGE_SIZE, 1]);
      const ys = tf.tensor2d(labelBuffer.subarray(0, size * width), [size, width]);
      const predictions = model.apply(xs, { training: false }) as Tensor;
      return tf.stack([tf.sum(lossFn(ys, predictions)), tf.sum(correctPerSample(tf, ys, predictions, format))]);
    });
    const values = await totals.data();
    totals.dispose();
    lossSum += values[0] as number;
    correct += values[1] as number;
  }
  return { loss: lossSum / split.count, accuracy: correct / split.count };
}

function nonFiniteLossFailure(value: number, epoch: number, batch: number, learningRate: number | undefined): TrainingFailure {
  const what = Number.isNaN(value) ? 'NaN' : 'infinite';
  const rate = learningRate === undefined ? '' : ` (now ${learningRate})`;
  return {
    code: 'NON_FINITE_LOSS',
    epoch,
    batch,
    message: `The loss became ${what} at epoch ${epoch}, batch ${batch}, so training stopped. Try a smaller learning rate${rate}.`,
  };
}

/**
 * Trains `job.model` for `job.settings.epochs` epochs. Never throws: failures end the run with
 * status 'failed' and an 'error' event. The batch statistics of step n are read after step n+1 has
 * been queued, so a GPU backend never idles waiting for the read; stop still takes effect within
 * one batch.
 */
export async function trainModel(
  tf: Tf,
  job: TrainingJob,
  control: TrainingControl,
  onEvent: TrainingEventListener,
  options: TrainingLoopOptions = {},
): Promise<TrainingOutcome> {
  const eventIntervalMs = options.eventIntervalMs ?? 50;
  const { model, optimizer, numClasses, train, validation, settings } = job;
  const format: LabelFormat = { numClasses, encoding: job.labelEncoding ?? 'onehot', lossName: job.lossName };
  const width = labelWidth(format);
  const batchSize = Math.max(1, Math.floor(settings.batchSize));
  const batchesPerEpoch = Math.ceil(train.count / batchSize);
  const history: EpochRecord[] = [];
  const emit = (event: TrainingEvent) => {
    try {
      onEvent(event);
    } catch {
      // A listener that throws must not end the run; the UI shows what it received.
    }
  };

  let activeSeconds = 0; // training time without pauses
  let clockStart = performance.now();
  const elapsedSeconds = () => activeSeconds + (performance.now() - clockStart) / 1000;
  const finish = (status: TrainingOutcome['status'], failure?: TrainingFailure): TrainingOutcome => {
    const outcome: TrainingOutcome = {
      status,
      epochsCompleted: history.length,
      elapsedSeconds: elapsedSeconds(),
      history,
      ...(failure ? { failure } : {}),
    };
    if (failure) emit({ type: 'error', ...failure });
    emit({ type: 'done', ...outcome });
    return outcome;
  };

  if (train.count === 0) {
    return finish('failed', { code: 'TRAINING_FAILED', message: 'The training set is empty: no images to train on.' });
  }

  const lossFn = lossFunctionFor(tf, job.lossName);
  const variables = model.trainableWeights.map((weight) => weight.read() as tfTypes.Variable);
  // Two buffers, alternated: the step queued last may still be reading its inputs on some backends.
  const imageBuffers = [new Float32Array(batchSize * PIXELS_PER_IMAGE), new Float32Array(batchSize * PIXELS_PER_IMAGE)];
  const labelBuffers = [new Float32Array(batchSize * width), new Float32Array(batchSize * width)];

  const step = (bufferIndex: number, size: number): Tensor => {
    const imageBuffer = imageBuffers[bufferIndex] as Float32Array;
    const labelBuffer = labelBuffers[bufferIndex] as Float32Array;
    return tf.tidy(() => {
      const xs = tf.tensor4d(imageBuffer.subarray(0, size * PIXELS_PER_IMAGE), [size, IMAGE_SIZE, IMAGE_SIZE, 1]);
      const ys = tf.tensor2d(labelBuffer.subarray(0, size * width), [size, width]);
      let batchAccuracy: Tensor | undefined;
      const batchLoss = optimizer.minimize(
        () => {
          const predictions = model.apply(xs, { training: true }) as Tensor;
          // Kept out of minimize's own tidy; disposed below once stacked.
          batchAccuracy = tf.keep(tf.mean(correctPerSample(tf, ys, predictions, format)));
          return tf.mean(lossFn(ys, predictions)) as tfTypes.Scalar;
        },
        true,
        variables,
      ) as tfTypes.Scalar;
      const stats = tf.stack([batchLoss, batchAccuracy as Tensor]);
      batchAccuracy?.dispose();
      return stats;
    });
  };

  emit({
    type: 'start',
    epochs: settings.epochs,
    batchesPerEpoch,
    batchSize,
    trainCount: train.count,
    validationCount: validation?.count ?? 0,
    backend: tf.getBackend(),
  });

  const totalSamples = train.count * settings.epochs;
  let samplesDone = 0;
  let validationSecondsPerEpoch = 0;
  let lastBatchEventAt = Number.NEGATIVE_INFINITY;
  let lastYieldAt = performance.now();
  // The step whose statistics have not been read yet (disposed on every path out, errors included).
  let pending: { stats: Tensor; batch: number; size: number } | undefined;

  const etaSeconds = (epochsLeftAfterThis: number) => {
    const secondsPerSample = samplesDone > 0 ? (elapsedSeconds() - validationSecondsPerEpoch * history.length) / samplesDone : 0;
    return Math.max(0, (totalSamples - samplesDone) * secondsPerSample + validationSecondsPerEpoch * (epochsLeftAfterThis + 1));
  };

  try {
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      const epochStartSeconds = elapsedSeconds();
      pending = undefined;
      const order = settings.shuffle ? epochOrder(train.count, settings.shuffleSeed, epoch - 1) : undefined;
      let epochLossSum = 0;
      let epochCorrect = 0;
      let epochSamples = 0;

      // Reads one finished step's statistics; returns a failure for a non-finite loss.
      const settle = async (done: { stats: Tensor; batch: number; size: number }): Promise<TrainingFailure | undefined> => {
        const values = await control.read(done.stats);
        done.stats.dispose();
        const batchLoss = values[0] as number;
        const batchAccuracy = values[1] as number;
        if (!Number.isFinite(batchLoss)) return nonFiniteLossFailure(batchLoss, epoch, done.batch, settings.learningRate);
        epochLossSum += batchLoss * done.size;
        epochCorrect += batchAccuracy * done.size;
        epochSamples += done.size;
        samplesDone += done.size;
        const now = performance.now();
        if (now - lastBatchEventAt >= eventIntervalMs) {
          lastBatchEventAt = now;
          const epochSeconds = elapsedSeconds() - epochStartSeconds;
          emit({
            type: 'batch',
            epoch,
            batch: done.batch,
            batchesPerEpoch,
            loss: epochLossSum / epochSamples,
            accuracy: epochCorrect / epochSamples,
            batchLoss,
            batchAccuracy,
            samplesPerSecond: epochSeconds > 0 ? epochSamples / epochSeconds : 0,
            elapsedSeconds: elapsedSeconds(),
            etaSeconds: etaSeconds(settings.epochs - epoch),
            progress: samplesDone / totalSamples,
          });
        }
        return undefined;
      };

      for (let batch = 1; batch <= batchesPerEpoch; batch++) {
        if (control.isPaused) {
          if (pending) {
            const failure = await settle(pending);
            pending = undefined;
            if (failure) return finish('failed', failure);
          }
          activeSeconds = elapsedSeconds();
          emit({ type: 'paused', epoch, batch: batch - 1 });
          await control.waitWhilePaused();
          clockStart = performance.now();
          if (!control.isStopped) emit({ type: 'resumed' });
        }
        if (control.isStopped) break;

        const start = (batch - 1) * batchSize;
        const size = Math.min(batchSize, train.count - start);
        const bufferIndex = batch % 2;
        fillBatch(train, order, start, size, width, imageBuffers[bufferIndex] as Float32Array, labelBuffers[bufferIndex] as Float32Array);
        const stats = step(bufferIndex, size);
        const previous = pending;
        pending = { stats, batch, size };
        if (previous) {
          const failure = await settle(previous);
          if (failure) {
            stats.dispose();
            pending = undefined;
            return finish('failed', failure);
          }
        }

        if (performance.now() - lastYieldAt > YIELD_INTERVAL_MS) {
          await yieldToEventLoop();
          lastYieldAt = performance.now();
        }
      }
      if (pending) {
        const last = pending;
        pending = undefined;
        const failure = await settle(last);
        if (failure) return finish('failed', failure);
      }
      if (control.failureReason) return finish('failed', control.failureReason);
      if (control.isStopped) return finish('stopped');

      const validationStart = elapsedSeconds();
      const validationResult = validation
        ? await evaluateLossAndAccuracy(tf, model, format, validation, options.evaluationBatchSize)
        : undefined;
      validationSecondsPerEpoch = elapsedSeconds() - validationStart;

      const seconds = elapsedSeconds() - epochStartSeconds;
      const record: EpochRecord = {
        epoch,
        loss: epochLossSum / epochSamples,
        accuracy: epochCorrect / epochSamples,
        ...(validationResult ? { valLoss: validationResult.loss, valAccuracy: validationResult.accuracy } : {}),
        seconds,
      };
      history.push(record);
      emit({
        type: 'epoch',
        epochs: settings.epochs,
        ...record,
        samplesPerSecond: epochSamples / Math.max(1e-9, seconds - validationSecondsPerEpoch),
        elapsedSeconds: elapsedSeconds(),
        etaSeconds: etaSeconds(settings.epochs - epoch - 1),
        numTensors: tf.memory().numTensors,
      });
      await yieldToEventLoop();
      lastYieldAt = performance.now();
      if (control.failureReason) return finish('failed', control.failureReason);
    }
    return finish('completed');
  } catch (error) {
    if (pending && !pending.stats.isDisposed) pending.stats.dispose();
    const failure = control.failureReason ?? {
      code: 'TRAINING_FAILED' as const,
      message: `Training failed: ${error instanceof Error ? error.message : String(error)}`,
    };
    return finish('failed', failure);
  }
}
