/**
 * The per-layer gradient and weight norms of the current run, kept outside React and the store like
 * the loss curves (src/ui/training/trainingSeries.ts): the worker's batch events bring the measured
 * batches, each appended in O(1); the gradient charts and the canvas's wire colours read from here.
 */
import type { BatchEvent, EpochEvent, LayerNorms, LayerSample, TrainOptions } from '../../worker/api';
import { PointSeries } from '../training/trainingSeries';

/**
 * How often the app measures: every 10th batch (the throughput cost stays within a few percent,
 * measured by `npm run bench`), and at least twice a second for a slow model's chart.
 */
export const LAYER_STATISTICS: NonNullable<TrainOptions['layerStatistics']> = { everyBatches: 10, atLeastEveryMs: 500 };

export interface NodeNormSeries {
  /** x in epochs (batch 5 of 10 in epoch 2 is 1.5), y the norm. */
  gradient: PointSeries;
  weight: PointSeries;
}

export class LayerSeries {
  private readonly byNode = new Map<string, NodeNormSeries>();
  private readonly listeners = new Set<() => void>();
  /** The latest norms of every node measured so far. */
  readonly latest = new Map<string, LayerNorms>();
  /** Of the current run, from its batch events (an epoch event does not say). */
  private batchesPerEpoch = 1;
  /** The x axis runs from 0 to this many epochs. */
  epochs = 1;
  /** Bumped on every change. */
  version = 0;

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reset(epochs: number): void {
    this.byNode.clear();
    this.latest.clear();
    this.epochs = Math.max(1, epochs);
    this.changed();
  }

  /** Takes the measured batches a batch event carries (if any). */
  addBatch(event: Pick<BatchEvent, 'layerSamples' | 'batchesPerEpoch'>): void {
    this.batchesPerEpoch = event.batchesPerEpoch;
    this.add(event.layerSamples);
  }

  /** Takes the measured batches an epoch event carries: those measured after the epoch's last batch event. */
  addEpoch(event: Pick<EpochEvent, 'layerSamples'>): void {
    this.add(event.layerSamples);
  }

  private add(samples: readonly LayerSample[] | undefined): void {
    if (!samples || samples.length === 0) return;
    for (const sample of samples) {
      const x = sample.epoch - 1 + sample.batch / Math.max(1, this.batchesPerEpoch);
      for (const norms of sample.layers) {
        let series = this.byNode.get(norms.node);
        if (!series) {
          series = { gradient: new PointSeries(), weight: new PointSeries() };
          this.byNode.set(norms.node, series);
        }
        if (Number.isFinite(norms.gradNorm)) series.gradient.push(x, norms.gradNorm);
        if (Number.isFinite(norms.weightNorm)) series.weight.push(x, norms.weightNorm);
        this.latest.set(norms.node, norms);
      }
    }
    this.changed();
  }

  /** The norms of one node, undefined until it has been measured. */
  of(node: string): NodeNormSeries | undefined {
    return this.byNode.get(node);
  }

  /** Every measured node, in the order they were first seen (the model's order). */
  nodes(): string[] {
    return [...this.byNode.keys()];
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
