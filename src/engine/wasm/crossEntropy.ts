import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { allocateWithViews, heapBackend } from './heap';

/** Kairo's own kernels (no shipped ones): categorical cross-entropy, its gradient and the accuracy, one pass each. */
export const CROSS_ENTROPY = 'KairoCategoricalCrossentropy';
export const CROSS_ENTROPY_GRAD = 'KairoCategoricalCrossentropyGrad';
export const CATEGORICAL_ACCURACY = 'KairoCategoricalAccuracy';

export interface CrossEntropyAttrs {
  /** The clip bound of the normalised predictions (the backend's epsilon, 1e-7 on WASM). */
  epsilon: number;
}

/** Rows and classes of a labels/predictions pair, checked: same shape, rank ≥ 1, float32. */
function rowsAndClasses(kernelName: string, labels: TensorInfo, predictions: TensorInfo): { rows: number; classes: number } {
  const same = labels.shape.length === predictions.shape.length && labels.shape.every((size, axis) => size === predictions.shape[axis]);
  if (!same || predictions.shape.length === 0) {
    throw new Error(`${kernelName}: labels ${JSON.stringify(labels.shape)} and predictions ${JSON.stringify(predictions.shape)} must have the same shape, with the classes last.`);
  }
  if (labels.dtype !== 'float32' || predictions.dtype !== 'float32') {
    throw new Error(`${kernelName}: labels and predictions must be float32 (got ${labels.dtype} and ${predictions.dtype}).`);
  }
  const classes = predictions.shape[predictions.shape.length - 1] as number;
  const size = predictions.shape.reduce((product, dimension) => product * dimension, 1);
  return { rows: classes === 0 ? 0 : size / classes, classes };
}

/**
 * Per-row loss −Σ y·log(clip(p / Σp, ε, 1 − ε)): the arithmetic of tfjs's (and Keras's)
 * categorical cross-entropy on probabilities, which is eight kernels there. Every class is
 * counted, so a NaN or infinite prediction anywhere in a row makes that row's loss NaN, as it does
 * there (the training loop stops on it).
 */
export function crossEntropyOnHeap(args: Parameters<KernelFunc>[0]): TensorInfo {
  const backend = heapBackend(args.backend, CROSS_ENTROPY);
  const { labels, predictions } = args.inputs as Record<string, TensorInfo | undefined>;
  if (labels === undefined || predictions === undefined) throw new Error(`${CROSS_ENTROPY}: inputs labels and predictions are required.`);
  const { rows, classes } = rowsAndClasses(CROSS_ENTROPY, labels, predictions);
  const { epsilon } = args.attrs as unknown as CrossEntropyAttrs;
  const {
    output,
    out,
    views: [y, p],
  } = allocateWithViews(backend, predictions.shape.slice(0, -1), [labels, predictions]);
  if (y === undefined || p === undefined) throw new Error(`${CROSS_ENTROPY}: inputs could not be read.`);
  const high = 1 - epsilon;
  for (let row = 0, at = 0; row < rows; row++, at += classes) {
    let total = 0;
    for (let k = 0; k < classes; k++) total += p[at + k] as number;
    let loss = 0;
    for (let k = 0; k < classes; k++) {
      const q = (p[at + k] as number) / total;
      // Math.max and Math.min let NaN through, as tfjs's ClipByValue does.
      const clipped = Math.min(Math.max(q, epsilon), high);
      loss -= (y[at + k] as number) * Math.log(clipped);
    }
    out[row] = loss;
  }
  return output;
}

/**
 * Gradient of the per-row loss above with respect to the predictions, times the upstream gradient
 * `dy` (one number per row). With q = p / S, S = Σp and m = 1 where q lies inside the clip bounds
 * (0 where the clip holds it, which passes no gradient, as in tfjs):
 * ∂loss/∂p_j = (Σ_k y_k·m_k − m_j·y_j / q_j) / S. One pass instead of tfjs's thirty-odd kernels.
 */
export function crossEntropyGradOnHeap(args: Parameters<KernelFunc>[0]): TensorInfo {
  const backend = heapBackend(args.backend, CROSS_ENTROPY_GRAD);
  const { labels, predictions, dy } = args.inputs as Record<string, TensorInfo | undefined>;
  if (labels === undefined || predictions === undefined || dy === undefined) {
    throw new Error(`${CROSS_ENTROPY_GRAD}: inputs labels, predictions and dy are required.`);
  }
  const { rows, classes } = rowsAndClasses(CROSS_ENTROPY_GRAD, labels, predictions);
  const dySize = dy.shape.reduce((product, dimension) => product * dimension, 1);
  if (dySize !== rows || dy.dtype !== 'float32') {
    throw new Error(`${CROSS_ENTROPY_GRAD}: dy must be float32 with one number per row (${rows}), got ${JSON.stringify(dy.shape)} ${dy.dtype}.`);
  }
  const { epsilon } = args.attrs as unknown as CrossEntropyAttrs;
  const {
    output,
    out,
    views: [y, p, upstream],
  } = allocateWithViews(backend, [...predictions.shape], [labels, predictions, dy]);
  if (y === undefined || p === undefined || upstream === undefined) throw new Error(`${CROSS_ENTROPY_GRAD}: inputs could not be read.`);
  const high = 1 - epsilon;
  for (let row = 0, at = 0; row < rows; row++, at += classes) {
    let total = 0;
    for (let k = 0; k < classes; k++) total += p[at + k] as number;
    let keptLabels = 0;
    for (let k = 0; k < classes; k++) {
      const q = (p[at + k] as number) / total;
      // out holds −y/q where the clip lets the gradient through, 0 where it holds q.
      if (q >= epsilon && q <= high) {
        const label = y[at + k] as number;
        keptLabels += label;
        out[at + k] = -label / q;
      } else {
        out[at + k] = Number.isNaN(q) ? Number.NaN : 0;
      }
    }
    const scale = (upstream[row] as number) / total;
    for (let k = 0; k < classes; k++) out[at + k] = (keptLabels + (out[at + k] as number)) * scale;
  }
  return output;
}

/** Index of the first largest number of a row, as tfjs's ArgMax finds it (a NaN is never larger). */
function firstLargest(values: Float32Array, at: number, classes: number): number {
  let best = values[at] as number;
  let index = 0;
  for (let k = 1; k < classes; k++) {
    const value = values[at + k] as number;
    if (value > best) {
      best = value;
      index = k;
    }
  }
  return index;
}

/**
 * Per row 1 where the predictions' largest class is the labels' largest class, else 0: tfjs's
 * categoricalAccuracy (two ArgMax, Equal and Cast kernels) in one pass.
 */
export function categoricalAccuracyOnHeap(args: Parameters<KernelFunc>[0]): TensorInfo {
  const backend = heapBackend(args.backend, CATEGORICAL_ACCURACY);
  const { labels, predictions } = args.inputs as Record<string, TensorInfo | undefined>;
  if (labels === undefined || predictions === undefined) throw new Error(`${CATEGORICAL_ACCURACY}: inputs labels and predictions are required.`);
  const { rows, classes } = rowsAndClasses(CATEGORICAL_ACCURACY, labels, predictions);
  const {
    output,
    out,
    views: [y, p],
  } = allocateWithViews(backend, predictions.shape.slice(0, -1), [labels, predictions]);
  if (y === undefined || p === undefined) throw new Error(`${CATEGORICAL_ACCURACY}: inputs could not be read.`);
  for (let row = 0, at = 0; row < rows; row++, at += classes) {
    out[row] = firstLargest(y, at, classes) === firstLargest(p, at, classes) ? 1 : 0;
  }
  return output;
}

/** Kernel configs of the three for the WASM backend. */
export function crossEntropyConfigs(backendName: string): KernelConfig[] {
  return [
    { kernelName: CROSS_ENTROPY, backendName, kernelFunc: crossEntropyOnHeap },
    { kernelName: CROSS_ENTROPY_GRAD, backendName, kernelFunc: crossEntropyGradOnHeap },
    { kernelName: CATEGORICAL_ACCURACY, backendName, kernelFunc: categoricalAccuracyOnHeap },
  ];
}
