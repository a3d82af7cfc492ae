import { shapeOk } from './shared';
import { defineNode, type NodeProblem, type ParamValues } from './types';

/** MNIST has 60,000 training images of the digits 0–9, each 28×28 pixels with one grey channel. */
export const MNIST_TRAIN_SIZE = 60_000;
export const MNIST_IMAGE_SHAPE = [28, 28, 1] as const;

export const datasetNode = defineNode({
  type: 'dataset',
  version: 1,
  role: 'dataset',
  category: 'data',
  title: { en: 'Dataset', ja: 'データセット' },
  description: {
    en: 'The data the network learns from: MNIST handwritten digits, 28×28 grey images with their labels.',
    ja: 'ネットワークが学ぶデータ。MNIST の手書き数字（28×28 の白黒画像）と正解ラベル。',
  },
  inputs: [],
  outputs: [
    { name: 'images', kind: 'tensor', label: { en: 'Images', ja: '画像' } },
    { name: 'labels', kind: 'labels', label: { en: 'Labels', ja: '正解ラベル' } },
  ],
  params: {
    source: {
      type: 'enum',
      default: 'mnist',
      options: ['mnist'],
      label: { en: 'Data', ja: 'データ' },
    },
    batchSize: {
      type: 'int',
      default: 128,
      min: 1,
      max: 4096,
      label: { en: 'Batch size', ja: 'バッチサイズ' },
      help: {
        en: 'Images per weight update.',
        ja: '重みを 1 回更新するのに使う画像の枚数。',
      },
    },
    shuffle: {
      type: 'bool',
      default: true,
      label: { en: 'Shuffle every epoch', ja: 'エポックごとにシャッフル' },
    },
    shuffleSeed: {
      type: 'int',
      default: 42,
      min: 0,
      max: 2_147_483_647,
      label: { en: 'Shuffle seed', ja: 'シャッフルの乱数シード' },
    },
    trainSubset: {
      type: 'int',
      default: 0,
      min: 0,
      max: MNIST_TRAIN_SIZE,
      label: { en: 'Training images (0 = all)', ja: '学習に使う枚数（0 = すべて）' },
      help: {
        en: 'Train on the first N images after a seeded shuffle; 0 uses all 60,000.',
        ja: 'シード付きでシャッフルした後の先頭 N 枚で学習する。0 なら 60,000 枚すべて。',
      },
    },
    validation: {
      type: 'enum',
      default: 'test',
      options: ['test', 'split', 'none'],
      label: { en: 'Validation data', ja: '検証データ' },
      help: {
        en: '"test": the 10,000 test images. "split": hold back part of the training images. "none": no validation.',
        ja: 'test: テスト画像 10,000 枚。split: 学習画像の一部を取り分ける。none: 検証しない。',
      },
    },
    validationSplit: {
      type: 'float',
      default: 0.1,
      min: 0,
      max: 1,
      minExclusive: true,
      maxExclusive: true,
      label: { en: 'Validation fraction', ja: '検証に回す割合' },
      showWhen: { param: 'validation', values: ['split'] },
    },
    classes: {
      type: 'intList',
      default: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      minLength: 2,
      maxLength: 10,
      min: 0,
      max: 9,
      label: { en: 'Digits to use', ja: '使う数字（クラス）' },
      help: {
        en: 'Only these digits are used; their labels become 0, 1, … in the listed order. [0, 1] makes a two-class task.',
        ja: 'ここに挙げた数字だけを使い、並べた順にラベル 0, 1, … を付け直す。[0, 1] なら 2 クラス分類。',
      },
    },
    labels: {
      type: 'enum',
      default: 'onehot',
      options: ['onehot', 'binary'],
      label: { en: 'Label encoding', ja: 'ラベルの表し方' },
      help: {
        en: '"onehot": one column per class, 1 for the right one (for a softmax output with one unit per class). "binary": for exactly two classes, one column holding 0 for the first listed digit and 1 for the second (for a single output unit: sigmoid, or sign with the hinge loss).',
        ja: 'onehot: クラスごとに 1 列、正解の列だけ 1（クラス数だけ出力ユニットを持つ softmax 向き）。binary: ちょうど 2 クラスのとき、1 列で最初の数字を 0、2 番目を 1 とする（出力ユニット 1 個: sigmoid、またはヒンジ損失と sign 向き）。',
      },
    },
  },
  validate(params) {
    const problems: NodeProblem[] = [];
    const seen = new Set<number>();
    for (const digit of params.classes) {
      if (seen.has(digit)) {
        problems.push({ code: 'DUPLICATE_CLASS', param: 'classes', vars: { digit } });
        break;
      }
      seen.add(digit);
    }
    if (params.labels === 'binary' && params.classes.length !== 2) {
      problems.push({ code: 'BINARY_NEEDS_TWO_CLASSES', param: 'labels', vars: { count: params.classes.length } });
    }
    return problems;
  },
  inferShape(_inputs, params) {
    const labelWidth = params.labels === 'binary' ? 1 : params.classes.length;
    return shapeOk({ images: [null, ...MNIST_IMAGE_SHAPE], labels: [null, labelWidth] });
  },
  paramCount: () => 0,
  batchSize: (params) => params.batchSize,
  summary: (params) =>
    `MNIST · ${params.classes.length === 10 ? '0–9' : params.classes.join(params.labels === 'binary' ? ' vs ' : ',')} · batch ${params.batchSize}`,
});

/** The dataset node's params, as the data pipeline reads them. */
export type DatasetSettings = ParamValues<typeof datasetNode.params>;
