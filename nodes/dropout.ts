import { inputShape, shapeOk, TENSOR_INPUT, TENSOR_OUTPUT } from './shared';
import { defineNode } from './types';

export const dropoutNode = defineNode({
  type: 'dropout',
  version: 1,
  role: 'layer',
  category: 'layers',
  title: { en: 'Dropout', ja: 'ドロップアウト' },
  description: {
    en: 'While training, sets a random fraction of the values to 0 (and scales up the rest) so the network cannot rely on single units; does nothing at test time.',
    ja: '学習中だけ、ランダムに選んだ一部の値を 0 にし（残りは拡大）、特定のユニットに頼りすぎないようにする。テスト時は何もしない。',
  },
  inputs: [TENSOR_INPUT],
  outputs: [TENSOR_OUTPUT],
  params: {
    rate: {
      type: 'float',
      default: 0.5,
      min: 0,
      max: 1,
      maxExclusive: true,
      label: { en: 'Drop rate', ja: 'ドロップアウト率' },
      help: { en: 'Fraction of values set to 0 while training (0 ≤ rate < 1).', ja: '学習中に 0 にする値の割合（0 以上 1 未満）。' },
    },
  },
  valuePreserving: true,
  inferShape(inputs) {
    const input = inputShape(inputs, 'in');
    if ('failure' in input) return input.failure;
    return shapeOk({ out: input.shape });
  },
  paramCount: () => 0,
  // No seed: a seeded dropout in tfjs would drop the same units in every batch.
  build: (_tf, params, ctx) => ctx.custom.dropout({ name: ctx.name, rate: params.rate }),
  summary: (params) => `${params.rate}`,
});
