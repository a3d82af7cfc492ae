import { POOLING_PARAMS, inferPoolingShape } from './pooling';
import { sizePair, TENSOR_INPUT, TENSOR_OUTPUT } from './shared';
import { defineNode } from './types';

export const maxpool2dNode = defineNode({
  type: 'maxpool2d',
  version: 1,
  role: 'layer',
  category: 'layers',
  title: { en: 'Max pooling', ja: '最大プーリング層' },
  description: {
    en: 'Keeps the largest value of each small window, per channel: the image gets smaller and small shifts matter less.',
    ja: '小さな窓ごとに最大値だけを残す（チャネルごと）。画像が小さくなり、少しの位置ずれに強くなる。',
  },
  inputs: [TENSOR_INPUT],
  outputs: [TENSOR_OUTPUT],
  params: POOLING_PARAMS,
  inferShape: inferPoolingShape,
  paramCount: () => 0,
  build: (tf, params, ctx) =>
    tf.layers.maxPooling2d({
      name: ctx.name,
      poolSize: sizePair(params.poolSize),
      strides: sizePair(params.strides),
      padding: params.padding,
    }),
  summary: (params) => params.poolSize.join('×'),
});
