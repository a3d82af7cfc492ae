import {
  ACTIVATION_PARAM,
  buildKernelInitializer,
  inputShape,
  KERNEL_INITIALIZER_PARAM,
  layerActivationIdentifier,
  shapeOk,
  shapeProblem,
  TENSOR_INPUT,
  TENSOR_OUTPUT,
  USE_BIAS_PARAM,
  wrongRank,
} from './shared';
import { shapeRef } from '../src/graph/issues';
import { defineNode } from './types';

export const denseNode = defineNode({
  type: 'dense',
  version: 1,
  role: 'layer',
  category: 'layers',
  title: { en: 'Dense', ja: '全結合層' },
  description: {
    en: 'Every output unit is a weighted sum of all inputs plus a bias, passed through the activation.',
    ja: '各出力ユニットが、すべての入力の重み付き和にバイアスを足し、活性化関数を通したもの。',
  },
  inputs: [TENSOR_INPUT],
  outputs: [TENSOR_OUTPUT],
  params: {
    units: {
      type: 'int',
      // The hidden width of the course CNN's dense layer and of most first MLPs.
      default: 128,
      min: 1,
      max: 65_536,
      label: { en: 'Units', ja: 'ユニット数' },
      help: { en: 'Number of outputs (neurons).', ja: '出力（ニューロン）の数。' },
    },
    activation: ACTIVATION_PARAM,
    useBias: USE_BIAS_PARAM,
    kernelInitializer: KERNEL_INITIALIZER_PARAM,
  },
  outputActivation: (params) => params.activation,
  inferShape(inputs, params) {
    const input = inputShape(inputs, 'in');
    if ('failure' in input) return input.failure;
    const { shape } = input;
    if (shape.length < 2) return wrongRank('features', shape);
    if (shape[shape.length - 1] === null) {
      return shapeProblem('INVALID_SHAPE', { variant: 'unknownFeatures', vars: { shape: shapeRef(shape) }, port: 'in' });
    }
    const out = [...shape.slice(0, -1), params.units];
    if (shape.length > 2) {
      // Like Keras, dense then acts on the last axis only (e.g. per pixel on an image); legal but rarely meant.
      return shapeOk({ out }, [{ code: 'DENSE_ON_IMAGE', port: 'in', vars: { shape: shapeRef(shape), out: shapeRef(out) } }]);
    }
    return shapeOk({ out });
  },
  paramCount(inputs, params) {
    const input = inputs.in;
    const features = input?.[input.length - 1] ?? 0;
    return features * params.units + (params.useBias ? params.units : 0);
  },
  build: (tf, params, ctx) =>
    ctx.custom.dense({
      name: ctx.name,
      units: params.units,
      activation: layerActivationIdentifier(params.activation, ctx.custom.leakyReluActivation),
      useBias: params.useBias,
      kernelInitializer: buildKernelInitializer(tf, params.kernelInitializer, ctx.seed),
    }),
  summary: (params) => `${params.units} · ${params.activation}`,
});
