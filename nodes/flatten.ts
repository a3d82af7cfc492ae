import { inputShape, productOf, shapeOk, TENSOR_INPUT, TENSOR_OUTPUT, wrongRank } from './shared';
import { defineNode } from './types';

export const flattenNode = defineNode({
  type: 'flatten',
  version: 1,
  role: 'layer',
  category: 'layers',
  title: { en: 'Flatten', ja: '平坦化' },
  description: {
    en: 'Lines up all values of each example in one row, e.g. a 28×28×1 image becomes 784 numbers, so that a dense layer can take it.',
    ja: '各データの値を 1 列に並べ直す（例: 28×28×1 の画像 → 784 個の数）。全結合層に渡す前に使う。',
  },
  inputs: [TENSOR_INPUT],
  outputs: [TENSOR_OUTPUT],
  params: {},
  valuePreserving: true,
  inferShape(inputs) {
    const input = inputShape(inputs, 'in');
    if ('failure' in input) return input.failure;
    const { shape } = input;
    if (shape.length < 3) return wrongRank('alreadyFlat', shape);
    return shapeOk({ out: [null, productOf(shape.slice(1))] });
  },
  paramCount: () => 0,
  build: (tf, _params, ctx) => tf.layers.flatten({ name: ctx.name }),
});
