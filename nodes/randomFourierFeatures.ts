import { shapeRef } from '../src/graph/issues';
import { inputShape, shapeOk, shapeProblem, TENSOR_INPUT, TENSOR_OUTPUT, wrongRank } from './shared';
import { defineNode } from './types';

/**
 * scikit-learn's default γ for an RBF kernel ('scale'): 1 / (n_features · Var(X)). For the 60,000
 * MNIST training images with pixels in [0,1], Var(X) = 0.09493 over all pixels, so γ = 1/(784·0.09493).
 */
export const MNIST_RBF_GAMMA_SCALE = 0.01344;

export const randomFourierFeaturesNode = defineNode({
  type: 'randomFourierFeatures',
  version: 1,
  role: 'layer',
  category: 'layers',
  title: { en: 'Random Fourier features', ja: 'ランダムフーリエ特徴' },
  description: {
    en:
      'Turns an SVM with an RBF kernel into a layer (Rahimi & Recht 2007): a fixed random projection W ~ N(0, 2γ) and ' +
      'phase b ~ U[0, 2π), then sqrt(2/D)·cos(x·W + b). The dot product of two outputs approximates the kernel ' +
      'exp(−γ‖x − y‖²), better as D grows, so a linear layer trained with the hinge loss on them acts like a kernel SVM. ' +
      'Its weights are drawn once from the seed and never trained (they count as fixed parameters).',
    ja:
      'RBF カーネルの SVM を層として近似する（Rahimi & Recht 2007）。固定したランダムな射影 W ~ N(0, 2γ) と位相 ' +
      'b ~ U[0, 2π) を使い sqrt(2/D)·cos(x·W + b) を出力する。2 つの出力の内積はカーネル exp(−γ‖x − y‖²) を近似し、' +
      'D が大きいほど正確になる。その上の線形層をヒンジ損失で学習すればカーネル SVM と同じ働きをする。' +
      '重みはシードから一度だけ作られ、学習されない（固定パラメータとして数える）。',
  },
  inputs: [TENSOR_INPUT],
  outputs: [TENSOR_OUTPUT],
  params: {
    features: {
      type: 'int',
      default: 2000,
      min: 1,
      max: 16_384,
      label: { en: 'Features (D)', ja: '特徴の数 D' },
      help: {
        en: 'More features approximate the kernel more closely but cost more time and memory (D × inputs fixed weights).',
        ja: '多いほどカーネルの近似が正確になるが、時間とメモリ（入力数 × D 個の固定重み）が増える。',
      },
    },
    gamma: {
      type: 'float',
      default: MNIST_RBF_GAMMA_SCALE,
      min: 0,
      minExclusive: true,
      label: { en: 'Kernel width γ', ja: 'カーネルの幅 γ' },
      help: {
        en: 'γ of exp(−γ‖x − y‖²): larger γ makes only very similar images count as close. The default 0.01344 is scikit-learn\'s gamma="scale" for MNIST pixels in [0,1]: 1/(784 · pixel variance).',
        ja: 'exp(−γ‖x − y‖²) の γ。大きいほど、よく似た画像どうしだけが近いとみなされる。既定値 0.01344 は画素値 [0,1] の MNIST に対する scikit-learn の gamma="scale"（1/(784 × 画素の分散)）。',
      },
    },
    seed: {
      type: 'int',
      default: 1,
      min: 0,
      max: 2_147_483_647,
      label: { en: 'Random seed', ja: '乱数シード' },
      help: {
        en: 'Fixes the random projection: the same seed gives the same features.',
        ja: 'ランダムな射影を決める。同じシードなら同じ特徴になる。',
      },
    },
  },
  inferShape(inputs, params) {
    const input = inputShape(inputs, 'in');
    if ('failure' in input) return input.failure;
    const { shape } = input;
    if (shape.length !== 2) return wrongRank('flat', shape);
    if (shape[1] === null) {
      return shapeProblem('INVALID_SHAPE', { variant: 'unknownFeatures', vars: { shape: shapeRef(shape) }, port: 'in' });
    }
    return shapeOk({ out: [null, params.features] });
  },
  // Like Keras, fixed (non-trainable) weights count too: the projection W and the phases b.
  paramCount(inputs, params) {
    const input = inputs.in;
    const features = input?.[input.length - 1] ?? 0;
    return features * params.features + params.features;
  },
  build: (_tf, params, ctx) =>
    ctx.custom.randomFourierFeatures({
      name: ctx.name,
      features: params.features,
      gamma: params.gamma,
      seed: params.seed,
    }),
  summary: (params) => `${params.features} · γ=${params.gamma} · fixed`,
});
