import type { Shape } from '../src/graph/types';
import { inputShape, PADDING_PARAM, shapeOk, sizePairParam, windowedImageShape } from './shared';
import type { ParamSpec, ShapeResult } from './types';

/** Params and shape rule shared by max and average pooling: they differ only in what they take from a window. */
export const POOLING_PARAMS = {
  poolSize: sizePairParam([2, 2], { en: 'Pool size [h, w]', ja: 'プーリングの大きさ [高さ, 幅]' }),
  strides: sizePairParam([2, 2], { en: 'Strides [h, w]', ja: 'ストライド [縦, 横]' }, {
    en: 'Step between two windows; equal to the pool size, windows do not overlap.',
    ja: '窓をずらす間隔。プーリングの大きさと同じなら窓は重ならない。',
  }),
  padding: PADDING_PARAM,
} as const satisfies Record<string, ParamSpec>;

export function inferPoolingShape(
  inputs: Readonly<Record<string, Shape>>,
  params: { poolSize: readonly number[]; strides: readonly number[]; padding: 'valid' | 'same' },
): ShapeResult {
  const input = inputShape(inputs, 'in');
  if ('failure' in input) return input.failure;
  const image = windowedImageShape(input.shape, params.poolSize, params.strides, params.padding, 'poolSize');
  if ('failure' in image) return image.failure;
  return shapeOk({ out: [null, image.height, image.width, image.channels] });
}
