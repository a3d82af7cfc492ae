import { POOLING_PARAMS, inferPoolingShape } from './pooling';
import { sizePair, TENSOR_INPUT, TENSOR_OUTPUT } from './shared';
import { defineNode } from './types';

export const avgpool2dNode = defineNode({
  type: 'avgpool2d',
  version: 1,
  role: 'layer',
  category: 'layers',
  title: { en: 'Average pooling', ja: '平均プーリング層' },
  description: {
    en: 'Replaces each small window by its mean, per channel: the image gets smaller and smoother.',
    ja: '小さな窓ごとに平均値をとる（チャネルごと）。画像が小さく、なめらかになる。',
  },
  inputs: [TENSOR_INPUT],
  outputs: [TENSOR_OUTPUT],
  params: POOLING_PARAMS,
  inferShape: inferPoolingShape,
  paramCount: () => 0,
  build: (tf, params, ctx) =>
    tf.layers.averagePooling2d({
      name: ctx.name,
      poolSize: sizePair(params.poolSize),
      strides: sizePair(params.strides),
      padding: params.padding,
    }),
  summary: (params) => params.poolSize.join('×'),
});
