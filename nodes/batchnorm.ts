import { shapeRef } from '../src/graph/issues';
import { inputShape, shapeOk, shapeProblem, TENSOR_INPUT, TENSOR_OUTPUT } from './shared';
import { defineNode } from './types';

export const batchnormNode = defineNode({
  type: 'batchnorm',
  version: 1,
  role: 'layer',
  category: 'layers',
  title: { en: 'Batch normalization', ja: 'バッチ正規化' },
  description: {
    en: 'Rescales each channel to mean 0 and variance 1 over the batch, then applies a learned scale and shift. Keeps training stable.',
    ja: 'チャネルごとにバッチ内で平均 0・分散 1 にそろえ、学習される倍率とずれを掛ける。学習を安定させる。',
  },
  inputs: [TENSOR_INPUT],
  outputs: [TENSOR_OUTPUT],
  params: {
    momentum: {
      type: 'float',
      default: 0.99,
      min: 0,
      max: 1,
      label: { en: 'Momentum of the running mean', ja: '移動平均のモーメンタム' },
    },
    epsilon: {
      type: 'float',
      default: 0.001,
      min: 0,
      minExclusive: true,
      label: { en: 'Epsilon', ja: 'イプシロン ε' },
      help: { en: 'Small number added to the variance so it is never divided by 0.', ja: '0 で割らないよう分散に足す小さな数。' },
    },
  },
  inferShape(inputs) {
    const input = inputShape(inputs, 'in');
    if ('failure' in input) return input.failure;
    const { shape } = input;
    if (shape.length < 2 || shape[shape.length - 1] === null) {
      return shapeProblem('INVALID_SHAPE', { variant: 'unknownChannels', vars: { shape: shapeRef(shape) }, port: 'in' });
    }
    return shapeOk({ out: shape });
  },
  // gamma and beta are trained; the moving mean and variance are counted too, as Keras does.
  paramCount(inputs) {
    const input = inputs.in;
    return 4 * (input?.[input.length - 1] ?? 0);
  },
  build: (tf, params, ctx) =>
    tf.layers.batchNormalization({ name: ctx.name, axis: -1, momentum: params.momentum, epsilon: params.epsilon }),
});
