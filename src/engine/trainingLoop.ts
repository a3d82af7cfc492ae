/**
 * The training loop: one optimizer step per batch on a compiled tfjs model, with progress events,
 * pause / resume / stop between batches, deterministic shuffling and no tensor leaks. Takes the
 * sample shape from the samples it is given, so any data source trains the same way. Runs the same
 * in the browser worker and in Node (CLI, tests, bench).
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { batchLayout, batchTensors, createBatchBuffers, fillBatch } from './batching';
import { epochOrder } from './data/prepare';
import type { LabelledSamples } from './data/samples';
import type { LayerOrigin } from './compile';
import { evaluateLossAndAccuracy } from './evaluate';
import type { MemoryEstimate } from '../graph/limits';
import { errorDetail, isOutOfMemory, outOfMemoryMessage } from './failures';
import { LayerStatistics, type LayerStatisticsOptions } from './inspect/layerStatistics';
import { correctPerSample, type LabelEncoding, type LabelFormat, labelWidth, type LossName, lossFunctionFor } from './losses';
import type { TrainingControl } from './trainingControl';
import type {
  EpochRecord,
  TrainingEvent,
  TrainingEventListener,
  TrainingFailure,
  TrainingOutcome,
} from './trainingEvents';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = tfTypes.Tensor;

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
  train: LabelledSamples;
  /** Evaluated after every epoch when present. */
  validation?: LabelledSamples;
  settings: TrainingSettings;
  /** What the analysis estimated this model needs: an out-of-memory failure names its largest part. */
  memory?: MemoryEstimate;
  /** The graph node of each layer (names the layers in the layer statistics). */
  layerOrigins?: ReadonlyMap<string, LayerOrigin>;
}

export interface TrainingLoopOptions {
  /** Minimum time between two batch events (epoch ends and the final event always go out). */
  eventIntervalMs?: number;
  /** Batch size used for validation passes (memory, not results). */
  evaluationBatchSize?: number;
  /** Per-layer gradient and weight norms, sampled (src/engine/inspect/layerStatistics.ts); off when absent. */
  layerStatistics?: LayerStatisticsOptions;
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

function nonFiniteLossFailure(value: number, epoch: number, batch: number, learningRate: number | undefined): TrainingFailure {
  return {
    code: 'NON_FINITE_LOSS',
    vars: { epoch, batch, value: Number.isNaN(value) ? 'NaN' : String(value), rate: learningRate ?? '?' },
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
  const layout = batchLayout(train.sampleShape, labelWidth(format));
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
    if (failure) emit({ type: 'error', failure });
    emit({ type: 'done', ...outcome });
    return outcome;
  };

  if (train.count === 0) {
    return finish('failed', { code: 'EMPTY_TRAINING_SET', vars: {} });
  }

  const lossFn = lossFunctionFor(tf, job.lossName);
  const variables = model.trainableWeights.map((weight) => weight.read() as tfTypes.Variable);
  // Two buffers, alternated: the step queued last may still be reading its inputs on some backends.
  const buffers = [createBatchBuffers(layout, batchSize), createBatchBuffers(layout, batchSize)] as const;

  // The layer-statistics hook: a measured batch steps through it and reads its norms with the stats.
  const statistics =
    options.layerStatistics && job.layerOrigins
      ? new LayerStatistics(tf, model, job.layerOrigins, variables, options.layerStatistics)
      : undefined;

  const step = (bufferIndex: 0 | 1, size: number, measured: boolean): Tensor => {
    return tf.tidy(() => {
      const { xs, ys } = batchTensors(tf, layout, buffers[bufferIndex], size);
      let batchAccuracy: Tensor | undefined;
      const loss = () => {
        const predictions = model.apply(xs, { training: true }) as Tensor;
        // Kept out of minimize's own tidy; disposed below once stacked.
        batchAccuracy = tf.keep(tf.mean(correctPerSample(tf, ys, predictions, format)));
        return tf.mean(lossFn(ys, predictions)) as tfTypes.Scalar;
      };
      const measuredStep = measured ? statistics?.measuredStep(optimizer, loss) : undefined;
      const batchLoss = measuredStep?.loss ?? (optimizer.minimize(loss, true, variables) as tfTypes.Scalar);
      const stats = tf.stack([batchLoss, batchAccuracy as Tensor]);
      batchAccuracy?.dispose();
      return measuredStep ? tf.concat([stats, measuredStep.sums]) : stats;
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
  let pending: { stats: Tensor; batch: number; size: number; measured: boolean } | undefined;

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
      const settle = async (done: NonNullable<typeof pending>): Promise<TrainingFailure | undefined> => {
        const values = await control.read(done.stats);
        done.stats.dispose();
        const batchLoss = values[0] as number;
        const batchAccuracy = values[1] as number;
        if (!Number.isFinite(batchLoss)) return nonFiniteLossFailure(batchLoss, epoch, done.batch, settings.learningRate);
        if (done.measured) statistics?.record(epoch, done.batch, Array.from(values).slice(2));
        epochLossSum += batchLoss * done.size;
        epochCorrect += batchAccuracy * done.size;
        epochSamples += done.size;
        samplesDone += done.size;
        const now = performance.now();
        if (now - lastBatchEventAt >= eventIntervalMs) {
          lastBatchEventAt = now;
          const epochSeconds = elapsedSeconds() - epochStartSeconds;
          const layerSamples = statistics?.takeSamples();
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
            ...(layerSamples ? { layerSamples } : {}),
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
        const bufferIndex = (batch % 2) as 0 | 1;
        fillBatch(train, order, start, size, layout, buffers[bufferIndex]);
        const measured = statistics?.measures(batch) ?? false;
        const stats = step(bufferIndex, size, measured);
        const previous = pending;
        pending = { stats, batch, size, measured };
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

      const layers = await statistics?.epochSummary();
      const layerSamples = statistics?.takeSamples();
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
        ...(layers ? { layers } : {}),
        ...(layerSamples ? { layerSamples } : {}),
      });
      await yieldToEventLoop();
      lastYieldAt = performance.now();
      if (control.failureReason) return finish('failed', control.failureReason);
    }
    return finish('completed');
  } catch (error) {
    if (pending && !pending.stats.isDisposed) pending.stats.dispose();
    const failure: TrainingFailure =
      control.failureReason ??
      (isOutOfMemory(error) ? outOfMemoryMessage(job.memory, error) : { code: 'TRAINING_FAILED', vars: { detail: errorDetail(error) } });
    return finish('failed', failure);
  }
}
