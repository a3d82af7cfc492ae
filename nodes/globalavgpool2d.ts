import { inputShape, shapeOk, TENSOR_INPUT, TENSOR_OUTPUT, wrongRank } from './shared';
import { defineNode } from './types';

export const globalavgpool2dNode = defineNode({
  type: 'globalavgpool2d',
  version: 1,
  role: 'layer',
  category: 'layers',
  title: { en: 'Global average pooling', ja: '大域平均プーリング層' },
  description: {
    en: 'Averages each channel over the whole image, leaving one number per channel: [batch, h, w, c] becomes [batch, c].',
    ja: '各チャネルを画像全体で平均し、チャネルごとに 1 つの数にする。[batch, h, w, c] → [batch, c]。',
  },
  inputs: [TENSOR_INPUT],
  outputs: [TENSOR_OUTPUT],
  params: {},
  inferShape(inputs) {
    const input = inputShape(inputs, 'in');
    if ('failure' in input) return input.failure;
    const { shape } = input;
    if (shape.length !== 4) return wrongRank('image', shape);
    return shapeOk({ out: [null, shape[3] ?? null] });
  },
  paramCount: () => 0,
  build: (tf, _params, ctx) => tf.layers.globalAveragePooling2d({ name: ctx.name }),
});
