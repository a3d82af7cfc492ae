/**
 * The chart data of the current run, kept outside React and the store: batch events arrive up to
 * 20 times a second for minutes, so each one appends in O(1) (amortised) to growable typed arrays
 * and bumps a version; charts redraw at most once per animation frame from these buffers.
 */
import type { BatchEvent, EpochEvent } from '../../worker/api';

/** Points (x, y) in the order they arrived. */
export class PointSeries {
  private xs = new Float64Array(256);
  private ys = new Float32Array(256);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(x: number, y: number): void {
    if (this.count === this.xs.length) {
      const xs = new Float64Array(this.xs.length * 2);
      const ys = new Float32Array(this.ys.length * 2);
      xs.set(this.xs);
      ys.set(this.ys);
      this.xs = xs;
      this.ys = ys;
    }
    this.xs[this.count] = x;
    this.ys[this.count] = y;
    this.count++;
  }

  x(index: number): number {
    return this.xs[index] as number;
  }

  y(index: number): number {
    return this.ys[index] as number;
  }

  clear(): void {
    this.count = 0;
  }
}

/**
 * Exponential moving average with bias correction, so the first points are not pulled towards 0.
 * The raw per-batch values are noisy (batches differ); the smoothed line shows the trend.
 */
class Smoother {
  private average = 0;
  private steps = 0;
  constructor(private readonly weight: number) {}

  next(value: number): number {
    this.steps++;
    this.average = this.weight * this.average + (1 - this.weight) * value;
    return this.average / (1 - this.weight ** this.steps);
  }

  reset(): void {
    this.average = 0;
    this.steps = 0;
  }
}

/** One metric's lines: raw per batch, smoothed per batch, validation per epoch. */
export interface MetricSeries {
  batch: PointSeries;
  smoothed: PointSeries;
  validation: PointSeries;
}

export type MetricName = 'loss' | 'accuracy';

const SMOOTHING = 0.8;

function emptyMetric(): MetricSeries {
  return { batch: new PointSeries(), smoothed: new PointSeries(), validation: new PointSeries() };
}

export class TrainingSeries {
  readonly loss = emptyMetric();
  readonly accuracy = emptyMetric();
  /** The x axis runs from 0 to this many epochs. */
  epochs = 1;
  /** Bumped on every change; a chart redraws when it differs from what it drew. */
  version = 0;
  private readonly lossSmoother = new Smoother(SMOOTHING);
  private readonly accuracySmoother = new Smoother(SMOOTHING);
  private readonly listeners = new Set<() => void>();

  metric(name: MetricName): MetricSeries {
    return name === 'loss' ? this.loss : this.accuracy;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reset(epochs: number): void {
    for (const metric of [this.loss, this.accuracy]) {
      metric.batch.clear();
      metric.smoothed.clear();
      metric.validation.clear();
    }
    this.lossSmoother.reset();
    this.accuracySmoother.reset();
    this.epochs = Math.max(1, epochs);
    this.changed();
  }

  addBatch(event: BatchEvent): void {
    // x in epochs: batch 5 of 10 in epoch 2 is at 1.5.
    const x = event.epoch - 1 + event.batch / Math.max(1, event.batchesPerEpoch);
    if (Number.isFinite(event.batchLoss)) {
      this.loss.batch.push(x, event.batchLoss);
      this.loss.smoothed.push(x, this.lossSmoother.next(event.batchLoss));
    }
    if (Number.isFinite(event.batchAccuracy)) {
      this.accuracy.batch.push(x, event.batchAccuracy);
      this.accuracy.smoothed.push(x, this.accuracySmoother.next(event.batchAccuracy));
    }
    this.changed();
  }

  addEpoch(event: EpochEvent): void {
    this.epochs = Math.max(1, event.epochs);
    if (event.valLoss !== undefined && Number.isFinite(event.valLoss)) this.loss.validation.push(event.epoch, event.valLoss);
    if (event.valAccuracy !== undefined && Number.isFinite(event.valAccuracy)) {
      this.accuracy.validation.push(event.epoch, event.valAccuracy);
    }
    this.changed();
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
