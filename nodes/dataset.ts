import { type DataReference, isPlaceholder, tableFeatureCount } from '../src/graph/dataReference';
import { shapeOk } from './shared';
import { defineNode, type NodeProblem, type ParamSpecs, type ParamValues } from './types';

/** MNIST has 60,000 training images of the digits 0–9, each 28×28 pixels with one grey channel. */
export const MNIST_TRAIN_SIZE = 60_000;
export const MNIST_IMAGE_SHAPE = [28, 28, 1] as const;

/** Image sides the images source decodes to (square): small enough to train in a browser. */
export const IMAGE_SIZE_MIN = 8;
export const IMAGE_SIZE_MAX = 128;
/** The sizes the import offers (any whole size in range can be typed on the node). */
export const IMAGE_SIZE_CHOICES = [16, 24, 32, 48, 64, 96, 128] as const;

export const DATA_SOURCES = ['mnist', 'images', 'table'] as const;
export type DataSourceName = (typeof DATA_SOURCES)[number];

/**
 * Version 2 (the images and table sources) only adds params, each with a default that means what a
 * version 1 file meant (MNIST): the step has nothing to rewrite. It exists so that a Kairo that only
 * knows version 1 says "made by a newer Kairo" about a file with images instead of "unknown param".
 */
function mnistOnlyToSources(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { ...params };
}

const DATASET_PARAMS = {
  source: {
    type: 'enum',
    default: 'mnist',
    options: DATA_SOURCES,
    label: { en: 'Data', ja: 'データ' },
    help: {
      en: '"mnist": the handwritten digits. "images": your own images, one folder per class. "table": a CSV file, or the built-in Iris and penguin tables.',
      ja: 'mnist: 手書き数字。images: 自分の画像（クラスごとに 1 フォルダ）。table: CSV ファイル、または組み込みのアヤメ・ペンギンの表。',
    },
  },
  data: {
    type: 'dataRef',
    default: null,
    label: { en: 'Your data', ja: '使うデータ' },
    help: {
      en: 'The graph names the data (name, classes, counts, a fingerprint of its content) but does not contain it: the data stays in this browser.',
      ja: 'グラフにはデータの名前・クラス・件数・内容の指紋だけが書かれ、データそのものは含まれない（データはこのブラウザーに保存される）。',
    },
    showWhen: { param: 'source', values: ['images', 'table'] },
  },
  imageSize: {
    type: 'int',
    default: 32,
    min: IMAGE_SIZE_MIN,
    max: IMAGE_SIZE_MAX,
    label: { en: 'Image size (pixels, square)', ja: '画像の大きさ（ピクセル、正方形）' },
    help: {
      en: 'Every image is resized to this many pixels on each side when it is imported.',
      ja: '読み込むときに、すべての画像を縦横この画素数に縮小・拡大する。',
    },
    showWhen: { param: 'source', values: ['images'] },
  },
  color: {
    type: 'enum',
    default: 'rgb',
    options: ['rgb', 'grey'],
    label: { en: 'Colour', ja: '色' },
    help: {
      en: '"rgb": three channels. "grey": one channel (0.299 R + 0.587 G + 0.114 B), a third of the memory.',
      ja: 'rgb: 3 チャンネル。grey: 1 チャンネル（0.299 R + 0.587 G + 0.114 B）で、メモリは 3 分の 1。',
    },
    showWhen: { param: 'source', values: ['images'] },
  },
  fit: {
    type: 'enum',
    default: 'squash',
    options: ['squash', 'crop', 'pad'],
    label: { en: 'Fit to the square', ja: '正方形への合わせ方' },
    help: {
      en: '"squash": stretch the whole image to the square. "crop": keep the aspect ratio and cut off the longer side (centre). "pad": keep the whole image and fill the rest with black.',
      ja: 'squash: 画像全体を正方形に引き伸ばす。crop: 縦横比を保ち、長い方の辺の両端を切り落とす（中央を残す）。pad: 画像全体を残し、余白を黒で埋める。',
    },
    showWhen: { param: 'source', values: ['images'] },
  },
  missing: {
    type: 'enum',
    default: 'drop',
    options: ['drop', 'fill'],
    label: { en: 'Rows with missing values', ja: '欠損値のある行' },
    help: {
      en: '"drop": leave such rows out. "fill": fill a missing number with the training mean and a missing category with the most frequent one. Rows without a label are always left out.',
      ja: 'drop: その行を使わない。fill: 欠けた数値は学習データの平均で、欠けたカテゴリは最も多いもので埋める。ラベルのない行は常に使わない。',
    },
    showWhen: { param: 'source', values: ['table'] },
  },
  testSplit: {
    type: 'float',
    default: 0.2,
    min: 0,
    max: 1,
    minExclusive: true,
    maxExclusive: true,
    label: { en: 'Test fraction', ja: 'テストに回す割合' },
    help: {
      en: 'Without a separate test folder or file, this fraction of each class is held out (seeded) for the final test.',
      ja: '別のテスト用フォルダやファイルがないとき、各クラスのこの割合を（シード付きで）最後のテスト用に取り分ける。',
    },
    showWhen: { param: 'source', values: ['images', 'table'] },
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
      en: '"test": the test data (MNIST: the 10,000 test images). "split": hold back part of the training data. "none": no validation.',
      ja: 'test: テストデータ（MNIST ならテスト画像 10,000 枚）。split: 学習データの一部を取り分ける。none: 検証しない。',
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
    showWhen: { param: 'source', values: ['mnist'] },
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
      en: '"onehot": one column per class, 1 for the right one (for a softmax output with one unit per class). "binary": for exactly two classes, one column holding 0 for the first class and 1 for the second (for a single output unit: sigmoid, or sign with the hinge loss).',
      ja: 'onehot: クラスごとに 1 列、正解の列だけ 1（クラス数だけ出力ユニットを持つ softmax 向き）。binary: ちょうど 2 クラスのとき、1 列で最初のクラスを 0、2 番目を 1 とする（出力ユニット 1 個: sigmoid、またはヒンジ損失と sign 向き）。',
    },
  },
} as const satisfies ParamSpecs;

/** The dataset node's params, as the data pipeline reads them. */
export type DatasetSettings = ParamValues<typeof DATASET_PARAMS>;

export const datasetNode = defineNode({
  type: 'dataset',
  version: 2,
  migrations: [{ from: 1, name: 'dataset-sources-beyond-mnist', migrate: mnistOnlyToSources }],
  role: 'dataset',
  category: 'data',
  title: { en: 'Dataset', ja: 'データセット' },
  description: {
    en: 'The data the network learns from, with its labels: the MNIST handwritten digits (28×28 grey), your own images (one folder per class), or a table (CSV; Iris and penguins are built in).',
    ja: 'ネットワークが学ぶデータと正解ラベル。MNIST の手書き数字（28×28 の白黒画像）、自分の画像（クラスごとに 1 フォルダ）、表（CSV。アヤメとペンギンは組み込み）から選ぶ。',
  },
  inputs: [],
  outputs: [
    { name: 'images', kind: 'tensor', label: { en: 'Images', ja: '画像' } },
    { name: 'labels', kind: 'labels', label: { en: 'Labels', ja: '正解ラベル' } },
  ],
  params: DATASET_PARAMS,
  validate(params) {
    const problems: NodeProblem[] = [];
    const data = params.data;
    if (params.source !== 'mnist') {
      if (!data) return [{ code: 'DATA_NOT_CHOSEN', variant: params.source, param: 'data' }];
      if (data.kind !== params.source) {
        return [{ code: 'DATA_KIND_MISMATCH', param: 'data', vars: { source: params.source, kind: data.kind, name: data.name } }];
      }
    } else {
      const seen = new Set<number>();
      for (const digit of params.classes) {
        if (seen.has(digit)) {
          problems.push({ code: 'DUPLICATE_CLASS', param: 'classes', vars: { digit } });
          break;
        }
        seen.add(digit);
      }
    }
    const count = datasetClassCount(params);
    if (params.labels === 'binary' && count !== 2) {
      const variant = params.source === 'mnist' ? {} : { variant: 'data' };
      problems.push({ code: 'BINARY_NEEDS_TWO_CLASSES', param: 'labels', ...variant, vars: { count } });
    }
    return problems;
  },
  inferShape(_inputs, params) {
    const labelWidth = params.labels === 'binary' ? 1 : datasetClassCount(params);
    return shapeOk({ images: [null, ...datasetSampleShape(params)], labels: [null, labelWidth] });
  },
  paramCount: () => 0,
  batchSize: (params) => params.batchSize,
  preview: (params) => (params.source === 'mnist' ? undefined : { kind: 'data' }),
  summary: (params) => {
    const batch = `batch ${params.batchSize}`;
    const data = params.data;
    if (params.source === 'mnist' || !data) {
      return `MNIST · ${params.classes.length === 10 ? '0–9' : params.classes.join(params.labels === 'binary' ? ' vs ' : ',')} · ${batch}`;
    }
    const name = isPlaceholder(data) ? '?' : data.name;
    const shape = params.source === 'images' ? datasetSampleShape(params).join('×') : `${datasetSampleShape(params)[0]} features`;
    return `${name} · ${shape} · ${data.classNames.length} classes · ${batch}`;
  },
});

/** The data the node reads, when it names some (not MNIST). */
export function datasetReference(params: DatasetSettings): DataReference | undefined {
  return params.source !== 'mnist' && params.data?.kind === params.source ? params.data : undefined;
}

/** K, the number of classes: the chosen digits for MNIST, the referenced data's classes otherwise. */
export function datasetClassCount(params: DatasetSettings): number {
  if (params.source === 'mnist') return params.classes.length;
  return params.data?.classNames.length ?? 0;
}

/** Label k's name as the data names it (MNIST: the digit). */
export function datasetClassNames(params: DatasetSettings): string[] {
  if (params.source === 'mnist') return params.classes.map(String);
  return [...(params.data?.classNames ?? [])];
}

/** One sample's shape without the batch axis, from the params alone (the analysis must not wait for data). */
export function datasetSampleShape(params: DatasetSettings): number[] {
  switch (params.source) {
    case 'mnist':
      return [...MNIST_IMAGE_SHAPE];
    case 'images':
      return [params.imageSize, params.imageSize, params.color === 'grey' ? 1 : 3];
    case 'table':
      return [params.data?.kind === 'table' ? tableFeatureCount(params.data) : 0];
  }
}
