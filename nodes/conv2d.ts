import {
  ACTIVATION_PARAM,
  buildKernelInitializer,
  inputShape,
  KERNEL_INITIALIZER_PARAM,
  layerActivationIdentifier,
  PADDING_PARAM,
  shapeOk,
  sizePairParam,
  sizePair,
  TENSOR_INPUT,
  TENSOR_OUTPUT,
  USE_BIAS_PARAM,
  windowedImageShape,
} from './shared';
import { defineNode } from './types';

export const conv2dNode = defineNode({
  type: 'conv2d',
  version: 1,
  role: 'layer',
  category: 'layers',
  title: { en: 'Conv2D', ja: '畳み込み層' },
  description: {
    en: 'Slides small learned filters over the image; each filter gives one output channel that responds to a local pattern such as an edge.',
    ja: '学習される小さなフィルタを画像の上でずらしながら掛ける。フィルタごとに、線や角などの局所的な模様に反応する出力チャネルが 1 枚できる。',
  },
  inputs: [TENSOR_INPUT],
  outputs: [TENSOR_OUTPUT],
  params: {
    filters: {
      type: 'int',
      default: 32,
      min: 1,
      max: 4096,
      label: { en: 'Filters', ja: 'フィルタ数' },
      help: { en: 'Number of output channels.', ja: '出力チャネルの数。' },
    },
    kernelSize: sizePairParam([3, 3], { en: 'Kernel size [h, w]', ja: 'カーネルサイズ [高さ, 幅]' }),
    strides: sizePairParam([1, 1], { en: 'Strides [h, w]', ja: 'ストライド [縦, 横]' }, { en: 'Step between two filter positions.', ja: 'フィルタをずらす間隔。' }),
    padding: PADDING_PARAM,
    activation: ACTIVATION_PARAM,
    useBias: USE_BIAS_PARAM,
    kernelInitializer: KERNEL_INITIALIZER_PARAM,
  },
  outputActivation: (params) => params.activation,
  inferShape(inputs, params) {
    const input = inputShape(inputs, 'in');
    if ('failure' in input) return input.failure;
    const image = windowedImageShape(input.shape, params.kernelSize, params.strides, params.padding, 'kernelSize');
    if ('failure' in image) return image.failure;
    return shapeOk({ out: [null, image.height, image.width, params.filters] });
  },
  paramCount(inputs, params) {
    const channels = inputs.in?.[3] ?? 0;
    const [height = 0, width = 0] = params.kernelSize;
    return height * width * channels * params.filters + (params.useBias ? params.filters : 0);
  },
  build: (tf, params, ctx) =>
    tf.layers.conv2d({
      name: ctx.name,
      filters: params.filters,
      kernelSize: sizePair(params.kernelSize),
      strides: sizePair(params.strides),
      padding: params.padding,
      activation: layerActivationIdentifier(params.activation, ctx.custom.leakyReluActivation),
      useBias: params.useBias,
      kernelInitializer: buildKernelInitializer(tf, params.kernelInitializer, ctx.seed),
    }),
  summary: (params) => `${params.filters} · ${params.kernelSize.join('×')} · ${params.activation}`,
});
