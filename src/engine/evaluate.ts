/**
 * The model in inference mode over labelled samples of any shape: loss and accuracy of a split (the
 * validation pass), the test-set evaluation (confusion matrix, per-class accuracy, misclassified
 * samples), and class probabilities for one sample (the drawing pad, "try an image").
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { batchLayout, batchTensors, createBatchBuffers, fillBatch } from './batching';
import type { LabelledSamples } from './data/samples';
import { correctPerSample, type LabelFormat, labelWidth, lossFunctionFor, predictedClasses } from './losses';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = tfTypes.Tensor;

/** How many misclassified indices an evaluation lists (the gallery shows far fewer). */
export const MISCLASSIFIED_LIMIT = 500;
/** How many correctly classified indices an evaluation lists per class (the confusion matrix's diagonal shows them). */
export const CORRECT_EXAMPLES_PER_CLASS = 48;

export interface Misclassified {
  /** Index in the (class-filtered) test split. */
  index: number;
  /** Re-indexed labels 0..K-1. */
  label: number;
  predicted: number;
}

export interface EvaluationResult {
  count: number;
  accuracy: number;
  loss: number;
  /** K×K counts, row = true class, column = predicted class (re-indexed 0..K-1). */
  confusionMatrix: number[][];
  /** Per class (re-indexed): correct / count of that class; NaN when the class has no samples. */
  perClassAccuracy: number[];
  /** The first MISCLASSIFIED_LIMIT mistakes in test-set order. */
  misclassified: Misclassified[];
  misclassifiedCount: number;
  /** Per class (re-indexed): the first CORRECT_EXAMPLES_PER_CLASS correctly classified indices. */
  correctExamples: number[][];
}

/** Batch size of inference passes (memory, not results). */
const INFERENCE_BATCH_SIZE = 500;

/** Loss sum and correct count over a split, in batches; predictions are made in inference mode. */
export async function evaluateLossAndAccuracy(
  tf: Tf,
  model: tfTypes.LayersModel,
  format: LabelFormat,
  split: LabelledSamples,
  batchSize = INFERENCE_BATCH_SIZE,
): Promise<{ loss: number; accuracy: number }> {
  if (split.count === 0) return { loss: Number.NaN, accuracy: Number.NaN };
  const lossFn = lossFunctionFor(tf, format.lossName);
  const layout = batchLayout(split.sampleShape, labelWidth(format));
  const buffers = createBatchBuffers(layout, batchSize);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < split.count; start += batchSize) {
    const size = Math.min(batchSize, split.count - start);
    fillBatch(split, undefined, start, size, layout, buffers);
    const totals = tf.tidy(() => {
      const { xs, ys } = batchTensors(tf, layout, buffers, size);
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

/** Runs the model over a whole split in inference mode. Throws only on a tfjs failure. */
export async function evaluateModel(
  tf: Tf,
  model: tfTypes.LayersModel,
  format: LabelFormat,
  split: LabelledSamples,
  options: { batchSize?: number; misclassifiedLimit?: number } = {},
): Promise<EvaluationResult> {
  const batchSize = options.batchSize ?? INFERENCE_BATCH_SIZE;
  const limit = options.misclassifiedLimit ?? MISCLASSIFIED_LIMIT;
  const { numClasses } = format;
  const lossFn = lossFunctionFor(tf, format.lossName);
  const confusionMatrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  const misclassified: Misclassified[] = [];
  const correctExamples = Array.from({ length: numClasses }, (): number[] => []);
  let misclassifiedCount = 0;
  let lossSum = 0;
  const layout = batchLayout(split.sampleShape, labelWidth(format));
  const buffers = createBatchBuffers(layout, batchSize);

  for (let start = 0; start < split.count; start += batchSize) {
    const size = Math.min(batchSize, split.count - start);
    fillBatch(split, undefined, start, size, layout, buffers);
    const [predictedTensor, lossTensor] = tf.tidy(() => {
      const { xs, ys } = batchTensors(tf, layout, buffers, size);
      const predictions = model.apply(xs, { training: false }) as Tensor;
      return [predictedClasses(tf, predictions, format), tf.sum(lossFn(ys, predictions))] as const;
    });
    const [predicted, lossValue] = await Promise.all([predictedTensor.data(), lossTensor.data()]);
    predictedTensor.dispose();
    lossTensor.dispose();
    lossSum += lossValue[0] as number;
    for (let row = 0; row < size; row++) {
      const index = start + row;
      const label = split.labels[index] as number;
      const guess = predicted[row] as number;
      (confusionMatrix[label] as number[])[guess] = ((confusionMatrix[label] as number[])[guess] as number) + 1;
      if (guess !== label) {
        misclassifiedCount++;
        if (misclassified.length < limit) misclassified.push({ index, label, predicted: guess });
      } else {
        const examples = correctExamples[label] as number[];
        if (examples.length < CORRECT_EXAMPLES_PER_CLASS) examples.push(index);
      }
    }
  }

  const perClassAccuracy = confusionMatrix.map((row, label) => {
    const total = row.reduce((sum, value) => sum + value, 0);
    return total === 0 ? Number.NaN : (row[label] as number) / total;
  });
  const correct = confusionMatrix.reduce((sum, row, label) => sum + (row[label] as number), 0);
  return {
    count: split.count,
    accuracy: split.count === 0 ? Number.NaN : correct / split.count,
    loss: split.count === 0 ? Number.NaN : lossSum / split.count,
    confusionMatrix,
    perClassAccuracy,
    misclassified,
    misclassifiedCount,
    correctExamples,
  };
}

export interface Prediction {
  /** One value per class (re-indexed 0..K-1), summing to 1. */
  probabilities: number[];
  /** The re-indexed class with the highest probability. */
  predicted: number;
  /**
   * 'model' when the network's output already is a probability distribution (softmax last);
   * 'normalized' when it is in [0,1] but does not sum to 1 (sigmoid outputs), divided by its sum;
   * 'softmax' when its scores were turned into one here (e.g. a linear SVM output; for a single
   * ±1 output with binary labels, the softmax of [0, score]).
   */
  source: 'model' | 'normalized' | 'softmax';
}

/**
 * Class probabilities for one sample of `sampleShape` (its floats in the data's own scale; the
 * caller checks the length). With binary labels the model has one output unit, read as class 1's
 * probability (or, for the hinge loss, its score).
 */
export async function predictSample(
  tf: Tf,
  model: tfTypes.LayersModel,
  sample: Float32Array,
  sampleShape: readonly number[],
  format: Pick<LabelFormat, 'encoding' | 'lossName'>,
): Promise<Prediction> {
  const outputTensor = tf.tidy(() => {
    const xs = tf.tensor(sample, [1, ...sampleShape], 'float32');
    return (model.apply(xs, { training: false }) as Tensor).reshape([-1]);
  });
  const scores = Array.from(await outputTensor.data());
  outputTensor.dispose();
  const [single] = scores;
  if (format.encoding === 'binary' && scores.length === 1 && single !== undefined) {
    const hinge = format.lossName === 'hinge';
    const classOne = hinge ? 1 / (1 + Math.exp(-single)) : Math.min(1, Math.max(0, single));
    const predictedOne = hinge ? single > 0 : single > 0.5;
    return { probabilities: [1 - classOne, classOne], predicted: predictedOne ? 1 : 0, source: hinge ? 'softmax' : 'model' };
  }
  const sum = scores.reduce((total, value) => total + value, 0);
  const inUnitRange = scores.every((value) => value >= 0 && value <= 1);
  let probabilities = scores;
  let source: Prediction['source'] = 'model';
  if (inUnitRange && sum > 0 && Math.abs(sum - 1) >= 1e-3) {
    probabilities = scores.map((value) => value / sum);
    source = 'normalized';
  } else if (!inUnitRange || sum <= 0) {
    source = 'softmax';
    const largest = Math.max(...scores);
    const exps = scores.map((value) => Math.exp(value - largest));
    const expSum = exps.reduce((total, value) => total + value, 0);
    probabilities = exps.map((value) => value / expSum);
  }
  let predicted = 0;
  probabilities.forEach((value, index) => {
    if (value > (probabilities[predicted] as number)) predicted = index;
  });
  return { probabilities, predicted, source };
}
