/**
 * Labelled samples in memory, the one form every data source delivers and the training loop batches
 * from: `count` samples of `sampleShape` (an image [h, w, c] or a feature vector [n]) stored one
 * after another as float32, and one class index per sample.
 */

export interface LabelledSamples {
  count: number;
  /** One sample's shape without the batch axis: [height, width, channels] or [features]. */
  sampleShape: readonly number[];
  /** count × sampleSize floats, sample after sample (channels last for images). */
  features: Float32Array;
  /** One class index 0..K-1 per sample. */
  labels: Uint8Array;
}

/** Floats per sample: the product of the shape's dimensions. */
export function sampleSizeOf(shape: readonly number[]): number {
  return shape.reduce((size, dim) => size * dim, 1);
}

/** The floats of sample `index` (a view, not a copy). */
export function sampleAt(samples: LabelledSamples, index: number): Float32Array {
  const size = sampleSizeOf(samples.sampleShape);
  return samples.features.subarray(index * size, (index + 1) * size);
}

/** The first `count` samples (views into the same buffers). */
export function firstSamples(samples: LabelledSamples, count: number): LabelledSamples {
  const kept = Math.max(0, Math.min(count, samples.count));
  const size = sampleSizeOf(samples.sampleShape);
  return {
    count: kept,
    sampleShape: samples.sampleShape,
    features: samples.features.subarray(0, kept * size),
    labels: samples.labels.subarray(0, kept),
  };
}
