/**
 * Losses and labels: the catalog's loss functions as per-sample tensors, how class indices become
 * the label tensor (one-hot, or one 0/1 column for a single output unit), and how predictions are
 * scored against them. Shared by the training loop and the evaluation.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { LossFunction } from '../../nodes/loss';
// Names only (the kernels are registered for WASM in src/engine/wasm/registerKernels.ts).
import { CATEGORICAL_ACCURACY, CROSS_ENTROPY, CROSS_ENTROPY_GRAD } from './wasm/crossEntropy';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = tfTypes.Tensor;

export type LossName = LossFunction;


/**
 * Categorical cross-entropy of probabilities, per row: −Σ y·log(clip(p / Σp, ε, 1 − ε)), the value
 * and the gradient of tfjs's and Keras's own (clipped entries pass no gradient), with ε the
 * backend's epsilon. tfjs builds it from eight kernels, and its gradient from thirty-odd more,
 * which is a large part of a small model's step. Here the gradient is written out (customGrad); on
 * a backend with Kairo's kernels (WASM) the value and the gradient are one kernel each, elsewhere a
 * dozen tfjs ops.
 */
export function categoricalCrossentropy(tf: Tf, labels: Tensor, predictions: Tensor): Tensor {
  const epsilon = tf.backend().epsilon();
  const backendName = tf.getBackend();
  const onePass =
    labels.dtype === 'float32' &&
    predictions.dtype === 'float32' &&
    tf.getKernel(CROSS_ENTROPY, backendName) !== undefined &&
    tf.getKernel(CROSS_ENTROPY_GRAD, backendName) !== undefined;
  const y = labels.dtype === 'float32' ? labels : tf.cast(labels, 'float32');
  const lastAxis = predictions.rank - 1;
  const loss = tf.customGrad((...args: (Tensor | tfTypes.GradSaveFunc)[]) => {
    const p = args[0] as Tensor;
    (args[1] as tfTypes.GradSaveFunc)([p, y]);
    const value = onePass
      ? (tf.engine().runKernel(CROSS_ENTROPY, { labels: y, predictions: p }, { epsilon }) as Tensor)
      : tf.neg(tf.sum(tf.mul(y, tf.log(tf.clipByValue(tf.div(p, tf.sum(p, lastAxis, true)), epsilon, 1 - epsilon))), lastAxis));
    const gradFunc = (dy: Tensor, saved: Tensor[]): Tensor => {
      const [savedP, savedY] = saved as [Tensor, Tensor];
      if (onePass) return tf.engine().runKernel(CROSS_ENTROPY_GRAD, { labels: savedY, predictions: savedP, dy }, { epsilon }) as Tensor;
      const total = tf.sum(savedP, lastAxis, true);
      const q = tf.div(savedP, total);
      const kept = tf.cast(tf.logicalAnd(tf.greaterEqual(q, epsilon), tf.lessEqual(q, 1 - epsilon)), 'float32');
      const keptLabels = tf.mul(savedY, kept);
      // Where the clip holds q, keptLabels is 0: the maximum only keeps 0 / 0 out.
      const perClass = tf.sub(tf.sum(keptLabels, lastAxis, true), tf.div(keptLabels, tf.maximum(q, epsilon)));
      return tf.mul(tf.div(perClass, total), tf.expandDims(dy, lastAxis));
    };
    return { value, gradFunc };
  });
  return loss(predictions);
}

/** Per-sample loss (shape [batch]) for one of the catalog's loss functions. */
export function lossFunctionFor(tf: Tf, name: LossName): (labels: Tensor, predictions: Tensor) => Tensor {
  switch (name) {
    case 'categoricalCrossentropy':
      return (labels, predictions) => categoricalCrossentropy(tf, labels, predictions);
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
  const sameShape = labels.rank === predictions.rank && labels.shape.every((size, axis) => size === predictions.shape[axis]);
  if (sameShape && labels.dtype === 'float32' && predictions.dtype === 'float32' && tf.getKernel(CATEGORICAL_ACCURACY, tf.getBackend()) !== undefined) {
    // One pass instead of two ArgMax, Equal and Cast kernels (src/engine/wasm/crossEntropy.ts).
    return tf.engine().runKernel(CATEGORICAL_ACCURACY, { labels, predictions }, {}) as Tensor;
  }
  return tf.metrics.categoricalAccuracy(labels, predictions);
}
