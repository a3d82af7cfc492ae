/**
 * Batches from labelled samples of any shape: copy `sampleSize` floats per sample (in a given order)
 * and its label row into reusable host buffers, then make the input tensor [batch, ...sampleShape]
 * and the label tensor [batch, labelWidth] from them.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { type LabelledSamples, sampleSizeOf } from './data/samples';

type Tf = typeof import('@tensorflow/tfjs');

/** The shape of one batch's rows: a sample's shape and size, and the label columns. */
export interface BatchLayout {
  sampleShape: readonly number[];
  sampleSize: number;
  /** 1 for binary labels (the class index itself), else K (one-hot). */
  labelWidth: number;
}

/** Host memory for one batch of up to `capacity` samples. */
export interface BatchBuffers {
  capacity: number;
  features: Float32Array;
  labels: Float32Array;
}

export function batchLayout(sampleShape: readonly number[], labelWidth: number): BatchLayout {
  return { sampleShape: [...sampleShape], sampleSize: sampleSizeOf(sampleShape), labelWidth };
}

export function createBatchBuffers(layout: BatchLayout, capacity: number): BatchBuffers {
  return {
    capacity,
    features: new Float32Array(capacity * layout.sampleSize),
    labels: new Float32Array(capacity * layout.labelWidth),
  };
}

/**
 * Copies the samples and labels of `order[start..start+size)` (or `start..start+size` without an
 * order) into `buffers`: one-hot rows when the label width is > 1, the class index itself when 1.
 */
export function fillBatch(
  split: LabelledSamples,
  order: ArrayLike<number> | undefined,
  start: number,
  size: number,
  layout: BatchLayout,
  buffers: BatchBuffers,
): void {
  const { sampleSize, labelWidth } = layout;
  const { features, labels } = buffers;
  labels.fill(0, 0, size * labelWidth);
  for (let row = 0; row < size; row++) {
    const index = order ? (order[start + row] as number) : start + row;
    const offset = index * sampleSize;
    features.set(split.features.subarray(offset, offset + sampleSize), row * sampleSize);
    const label = split.labels[index] as number;
    if (labelWidth === 1) labels[row] = label;
    else labels[row * labelWidth + label] = 1;
  }
}

/** The input and label tensors of the first `size` rows of `buffers` (call inside a tidy). */
export function batchTensors(
  tf: Tf,
  layout: BatchLayout,
  buffers: BatchBuffers,
  size: number,
): { xs: tfTypes.Tensor; ys: tfTypes.Tensor2D } {
  const xs = tf.tensor(buffers.features.subarray(0, size * layout.sampleSize), [size, ...layout.sampleShape], 'float32');
  const ys = tf.tensor2d(buffers.labels.subarray(0, size * layout.labelWidth), [size, layout.labelWidth]);
  return { xs, ys };
}
