/**
 * Losses and labels: the catalog's loss functions as per-sample tensors, how class indices become
 * the label tensor (one-hot, or one 0/1 column for a single output unit), and how predictions are
 * scored against them. Shared by the training loop and the evaluation.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { LossFunction } from '../../nodes/loss';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = tfTypes.Tensor;

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
