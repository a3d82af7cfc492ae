import { inputShape, shapeOk, TENSOR_INPUT, TENSOR_OUTPUT } from './shared';
import { defineNode } from './types';

export const activationNode = defineNode({
  type: 'activation',
  version: 1,
  role: 'layer',
  category: 'activations',
  title: { en: 'Activation', ja: '活性化関数' },
  description: {
    en: 'Passes the values through a function: relu turns negative values into 0, sigmoid squashes them into 0…1, tanh into −1…1, softmax turns a row of scores into probabilities that add up to 1. sign is the perceptron\'s step (−1, 0 or +1); as its slope is 0 almost everywhere, training passes the gradient straight through it.',
    ja: '値を関数に通す。relu は負の値を 0 にし、sigmoid は 0〜1 に、tanh は −1〜1 に押し込む。softmax はスコアの並びを合計 1 の確率に変える。sign はパーセプトロンの段階関数（−1, 0, +1）で、傾きがほぼどこでも 0 なので、学習では勾配をそのまま素通しする。',
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
