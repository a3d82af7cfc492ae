import { inputShape, shapeOk, TENSOR_INPUT, TENSOR_OUTPUT, wrongRank } from './shared';
import { defineNode, type ParamValues } from './types';

/**
 * Random changes to the training images, since a lab's image sets are small: the network sees a
 * slightly different version of each image in every epoch. Exactly (for exports to Keras / PyTorch):
 *
 * Input and output: images [batch, height, width, channels], values in [0, 1]; the shape is kept.
 * While training only (tfjs calls the layer with `training: true`), independently for each image:
 *   1. flip: 'horizontal' mirrors left–right with probability ½; 'vertical' up–down with ½; 'both'
 *      does each, independently; 'none' neither.
 *   2. one affine warp about the image centre, sampled bilinearly, outside points reflected
 *      (fill_mode 'reflect', as Keras's preprocessing layers do): a rotation by θ ~ U[−rotation,
 *      +rotation] degrees, a zoom by s ~ U[1 − zoom, 1 + zoom] (s > 1 enlarges), and a shift by
 *      (tx, ty) ~ U[−shift, +shift] × (width, height). An output pixel (x, y) takes the input at
 *      R(−θ)·((x, y) − centre − (tx, ty)) / s + centre, centre = ((width − 1)/2, (height − 1)/2).
 *   3. brightness: δ ~ U[−brightness, +brightness] is added to every value, then clipped to [0, 1].
 * At inference (evaluation, prediction, exports' predict) the input passes through unchanged.
 *
 * Keras equivalents: RandomFlip(mode), RandomRotation(rotation / 360, fill_mode='reflect'),
 * RandomZoom(±zoom: Keras's factor is the opposite sign of s − 1), RandomTranslation(shift, shift),
 * RandomBrightness(brightness, value_range=(0, 1)). PyTorch: torchvision.transforms.v2 RandomHorizontalFlip /
 * RandomVerticalFlip, RandomAffine(degrees=rotation, translate=(shift, shift), scale=(1−zoom, 1+zoom)),
 * ColorJitter-like additive brightness. Random numbers: every training call draws from tfjs's
 * seeded generator with seed = hash(seed, call number), so a run repeats with the same seed.
 * Backward, the layer passes the gradient through unchanged: place it right after the Dataset node
 * (as Keras models do), where nothing before it learns.
 */
export const AUGMENT_FLIPS = ['none', 'horizontal', 'vertical', 'both'] as const;

const AUGMENT_PARAMS = {
  flip: {
    type: 'enum',
    default: 'horizontal',
    options: AUGMENT_FLIPS,
    label: { en: 'Random flip', ja: 'ランダムな反転' },
    help: {
      en: '"horizontal": mirror left–right half of the time. "vertical": up–down. "both": each, independently. Use it only when a mirrored image is still of the same class.',
      ja: 'horizontal: 半分の確率で左右反転。vertical: 上下反転。both: それぞれ独立に。反転しても同じクラスの画像と言えるときだけ使う。',
    },
  },
  rotation: {
    type: 'float',
    default: 10,
    min: 0,
    max: 180,
    label: { en: 'Rotation (± degrees)', ja: '回転（± 度）' },
  },
  shift: {
    type: 'float',
    default: 0.1,
    min: 0,
    max: 0.5,
    label: { en: 'Shift (± fraction of the size)', ja: '平行移動（画像の大きさに対する ± の割合）' },
  },
  zoom: {
    type: 'float',
    default: 0.1,
    min: 0,
    max: 0.9,
    label: { en: 'Zoom (± fraction)', ja: '拡大・縮小（± の割合）' },
  },
  brightness: {
    type: 'float',
    default: 0.1,
    min: 0,
    max: 1,
    label: { en: 'Brightness (± on values 0–1)', ja: '明るさ（0～1 の値に ±）' },
  },
  seed: {
    type: 'int',
    default: 7,
    min: 0,
    max: 2_147_483_647,
    label: { en: 'Random seed', ja: '乱数シード' },
  },
} as const;

export type AugmentSettings = ParamValues<typeof AUGMENT_PARAMS>;

export const augmentNode = defineNode({
  type: 'augment',
  version: 1,
  role: 'layer',
  category: 'data',
  title: { en: 'Augment images', ja: 'データ拡張' },
  description: {
    en: 'While training, changes each image a little at random (flip, rotation, shift, zoom, brightness) so a small image set goes further; at test time the images pass unchanged. Put it right after the Dataset.',
    ja: '学習中だけ、画像ごとにランダムな小さな変化（反転・回転・平行移動・拡大縮小・明るさ）を加え、少ない画像でも学習しやすくする。テスト時は画像をそのまま通す。データセットのすぐ後に置く。',
  },
  inputs: [TENSOR_INPUT],
  outputs: [TENSOR_OUTPUT],
  params: AUGMENT_PARAMS,
  valuePreserving: true,
  inferShape(inputs) {
    const input = inputShape(inputs, 'in');
    if ('failure' in input) return input.failure;
    if (input.shape.length !== 4) return wrongRank('image', input.shape);
    return shapeOk({ out: input.shape });
  },
  paramCount: () => 0,
  build: (_tf, params, ctx) => ctx.custom.augment({ name: ctx.name, ...params }),
  summary: (params) => `flip ${params.flip} · ±${params.rotation}° · ±${params.shift} · ±${params.zoom} · ±${params.brightness}`,
});
