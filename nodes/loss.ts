import { shapeRef } from '../src/graph/issues';
import { shapeOk, shapeProblem } from './shared';
import { defineNode } from './types';

export const LOSS_FUNCTIONS = [
  'categoricalCrossentropy',
  'binaryCrossentropy',
  'meanSquaredError',
  'categoricalHinge',
  'hinge',
] as const;
export type LossFunction = (typeof LOSS_FUNCTIONS)[number];

export const lossNode = defineNode({
  type: 'loss',
  version: 1,
  role: 'loss',
  category: 'training',
  title: { en: 'Loss', ja: '損失関数' },
  description: {
    en: 'Measures how far the prediction is from the correct labels; training lowers this number. Cross-entropy suits a softmax output, categorical hinge is the multi-class SVM loss, hinge is max(0, 1 − y·p) with labels 0/1 read as y = −1/+1: the two-class SVM loss, and the perceptron\'s when p is a sign output.',
    ja: '予測が正解ラベルからどれだけ外れているかを測る。学習はこの値を小さくする。交差エントロピーは softmax 出力向き、categorical hinge は多クラス SVM の損失。hinge は max(0, 1 − y·p)（ラベル 0/1 を y = −1/+1 と読む）で、2 クラス SVM の損失。p が sign の出力ならパーセプトロンの損失になる。',
  },
  inputs: [
    { name: 'prediction', kind: 'tensor', label: { en: 'Prediction', ja: '予測' } },
    { name: 'labels', kind: 'labels', label: { en: 'Labels', ja: '正解ラベル' } },
  ],
  outputs: [{ name: 'loss', kind: 'loss', label: { en: 'Loss', ja: '損失' } }],
  params: {
    function: {
      type: 'enum',
      default: 'categoricalCrossentropy',
      options: LOSS_FUNCTIONS,
      label: { en: 'Loss function', ja: '損失関数' },
    },
  },
  expectedActivations(params): Readonly<Record<string, readonly string[]>> {
    // Cross-entropy reads its prediction as probabilities; the other losses take any real values.
    if (params.function === 'categoricalCrossentropy') return { prediction: ['softmax'] };
    if (params.function === 'binaryCrossentropy') return { prediction: ['sigmoid', 'softmax'] };
    return {};
  },
  inferShape(inputs) {
    const prediction = Object.hasOwn(inputs, 'prediction') ? inputs.prediction : undefined;
    const labels = Object.hasOwn(inputs, 'labels') ? inputs.labels : undefined;
    if (prediction === undefined) return shapeProblem('MISSING_INPUT', { port: 'prediction' });
    if (labels === undefined) return shapeProblem('MISSING_INPUT', { port: 'labels' });
    const mismatch =
      prediction.length !== labels.length ||
      prediction.some((dim, axis) => dim !== null && labels[axis] !== null && dim !== labels[axis]);
    if (mismatch) {
      return shapeProblem('LOSS_SHAPE_MISMATCH', {
        vars: { prediction: shapeRef(prediction), labels: shapeRef(labels) },
        port: 'prediction',
      });
    }
    return shapeOk({ loss: [] });
  },
  paramCount: () => 0,
  summary: (params) => params.function,
});
