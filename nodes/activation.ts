import { inputShape, shapeOk, TENSOR_INPUT, TENSOR_OUTPUT } from './shared';
import { defineNode } from './types';

export const activationNode = defineNode({
  type: 'activation',
  version: 1,
  role: 'layer',
  category: 'activations',
  title: { en: 'Activation', ja: '活性化関数' },
  description: {
    en: 'Applies a function to every value on its own. "sign" is the perceptron\'s step: −1, 0 or +1. Its true slope is 0 almost everywhere, which would stop all learning, so training passes the gradient straight through unchanged (as if sign were the identity); with the hinge loss this gives Rosenblatt\'s perceptron rule.',
    ja: '各値に関数を 1 つずつ掛ける。sign はパーセプトロンの符号関数（−1, 0, +1）。本当の傾きはほぼどこでも 0 で学習が止まってしまうので、学習では勾配をそのまま素通しする（恒等関数とみなす）。ヒンジ損失と組み合わせるとローゼンブラットのパーセプトロンの学習則になる。',
  },
  inputs: [TENSOR_INPUT],
  outputs: [TENSOR_OUTPUT],
  params: {
    function: {
      type: 'enum',
      default: 'relu',
      options: ['linear', 'sigmoid', 'relu', 'tanh', 'softmax', 'leakyRelu', 'elu', 'selu', 'softplus', 'sign'],
      label: { en: 'Function', ja: '関数' },
    },
    alpha: {
      type: 'float',
      default: 0.2,
      min: 0,
      label: { en: 'Slope below zero (α)', ja: '負の側の傾き α' },
      showWhen: { param: 'function', values: ['leakyRelu'] },
    },
  },
  outputActivation: (params) => params.function,
  preview: (params) => ({ kind: 'activationCurve', fn: params.function, alpha: params.alpha }),
  inferShape(inputs) {
    const input = inputShape(inputs, 'in');
    if ('failure' in input) return input.failure;
    return shapeOk({ out: input.shape });
  },
  paramCount: () => 0,
  build(tf, params, ctx) {
    switch (params.function) {
      case 'leakyRelu':
        return tf.layers.leakyReLU({ name: ctx.name, alpha: params.alpha });
      case 'sign':
        return ctx.custom.sign({ name: ctx.name });
      default:
        return tf.layers.activation({ name: ctx.name, activation: params.function });
    }
  },
  summary: (params) => (params.function === 'leakyRelu' ? `leakyRelu α=${params.alpha}` : params.function),
});
