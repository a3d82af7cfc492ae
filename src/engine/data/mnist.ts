import { DatasetError } from './datasetError';
import { type IdxBytes, parseIdxImages, parseIdxLabels } from './idx';
import { MNIST_FILES, MNIST_PIXELS, MNIST_SIDE, type MnistFileKey } from './mnistFiles';
import { mixSeeds, mulberry32, shuffleInPlace } from './seededRandom';

/** One part of MNIST in memory: `count` images of 28×28 pixels scaled to [0, 1], and their digits. */
export interface MnistSplit {
  count: number;
  /** count × 784 floats, row-major, pixel / 255. */
  images: Float32Array;
  /** One label per image. */
  labels: Uint8Array;
}

export interface MnistData {
  train: MnistSplit;
  test: MnistSplit;
}

/** 1 / 255 as float32 for every byte value: one lookup per pixel instead of a division. */
const UNIT_PIXEL = (() => {
  const table = new Float32Array(256);
  for (let value = 0; value < 256; value++) table[value] = value / 255;
  return table;
})();

/** Scales raw 0..255 pixels to floats in [0, 1]. */
export function pixelsToUnit(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = UNIT_PIXEL[pixels[i] as number] as number;
  return out;
}

/**
 * Parses one image file and its label file into a split; checks that the images are 28×28 and
 * that both files hold the same number of items. Throws `DatasetError`.
 */
export function mnistSplitFromIdx(
  imageBytes: IdxBytes,
  imageFile: string,
  labelBytes: IdxBytes,
  labelFile: string,
): MnistSplit {
  const images = parseIdxImages(imageBytes, imageFile);
  if (images.rows !== MNIST_SIDE || images.cols !== MNIST_SIDE) {
    throw new DatasetError(
      'bad-header',
      `${imageFile}: expected ${MNIST_SIDE}×${MNIST_SIDE} images, found ${images.rows}×${images.cols}`,
      imageFile,
    );
  }
  const labels = parseIdxLabels(labelBytes, labelFile);
  if (labels.count !== images.count) {
    throw new DatasetError(
      'mismatch',
      `${labelFile}: expected one label per image of ${imageFile} (${images.count}), found ${labels.count} labels`,
      labelFile,
    );
  }
  // Copy the labels out of the file buffer so that buffer can be freed.
  return { count: images.count, images: pixelsToUnit(images.pixels), labels: labels.labels.slice() };
}

/** Parses the four MNIST IDX files (already decompressed) into train and test splits. Throws `DatasetError`. */
export function mnistFromIdxFiles(files: Readonly<Record<MnistFileKey, IdxBytes>>): MnistData {
  return {
    train: mnistSplitFromIdx(files.trainImages, MNIST_FILES.trainImages, files.trainLabels, MNIST_FILES.trainLabels),
    test: mnistSplitFromIdx(files.testImages, MNIST_FILES.testImages, files.testLabels, MNIST_FILES.testLabels),
  };
}

/** The `dataset` node's params (see the node catalog); `source` is accepted and ignored (MNIST only). */
export interface DatasetSettings {
  source?: string;
  batchSize: number;
  /** Shuffle the batch order every epoch (the training loop uses `epochOrder`). */
  shuffle: boolean;
  shuffleSeed: number;
  /** 0 = all training images; else the first N after a shuffle seeded with `shuffleSeed`. */
  trainSubset: number;
  validation: 'test' | 'split' | 'none';
  /** Fraction of the (subset of the) training images held out when `validation` is 'split'. */
  validationSplit: number;
  /** The digits to keep; label k of the prepared data is digit classes[k]. */
  classes: readonly number[];
}

/** A split ready for training: labels are class indices 0..K-1. */
export interface PreparedSplit extends MnistSplit {
  /** For each image, its index in the original MNIST split (to show "test image #1234"). */
  sourceIndices: Uint32Array;
}

export interface PreparedDataset {
  train: PreparedSplit;
  /** The test split itself when validation is 'test'; a held-out part of train for 'split'; absent for 'none'. */
  validation?: PreparedSplit;
  test: PreparedSplit;
  /** Digit of each class index. */
  classes: number[];
  numClasses: number;
  batchSize: number;
  shuffle: boolean;
  shuffleSeed: number;
  /** Settings that were adjusted (e.g. a subset larger than the data), for the user to see. */
  warnings: string[];
}

/** One batch gathered from a split in a given order. */
export interface MnistBatch {
  count: number;
  /** count × pixels-per-image floats. */
  images: Float32Array;
  /** Class indices 0..K-1. */
  labels: Uint8Array;
  /** count × K, one-hot of `labels`. */
  oneHot: Float32Array;
}

/** The stream id of the subset shuffle; epoch streams use the epoch number, so they never collide. */
const SUBSET_STREAM = 0xffffffff;

function settingsError(message: string): DatasetError {
  return new DatasetError('settings', `dataset settings: ${message}`);
}

function checkSettings(settings: DatasetSettings): void {
  const { classes, trainSubset, validation, validationSplit, batchSize, shuffleSeed } = settings;
  if (classes.length < 2 || classes.length > 10) {
    throw settingsError(`expected 2 to 10 classes, found ${classes.length} ([${classes.join(', ')}])`);
  }
  const seen = new Set<number>();
  for (const digit of classes) {
    if (!Number.isInteger(digit) || digit < 0 || digit > 9) {
      throw settingsError(`expected classes to be digits 0..9, found ${digit}`);
    }
    if (seen.has(digit)) throw settingsError(`classes lists digit ${digit} twice ([${classes.join(', ')}])`);
    seen.add(digit);
  }
  if (!Number.isInteger(trainSubset) || trainSubset < 0) {
    throw settingsError(`expected trainSubset to be 0 (all) or a positive whole number, found ${trainSubset}`);
  }
  if (validation !== 'test' && validation !== 'split' && validation !== 'none') {
    throw settingsError(`expected validation 'test', 'split' or 'none', found '${String(validation)}'`);
  }
  if (validation === 'split' && !(validationSplit > 0 && validationSplit < 1)) {
    throw settingsError(`expected validationSplit between 0 and 1 (exclusive), found ${validationSplit}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw settingsError(`expected batchSize to be a whole number ≥ 1, found ${batchSize}`);
  }
  if (!Number.isInteger(shuffleSeed)) throw settingsError(`expected shuffleSeed to be a whole number, found ${shuffleSeed}`);
}

/** digit → class index, -1 for digits that are left out. */
function classIndexOfDigit(classes: readonly number[]): Int16Array {
  const map = new Int16Array(256).fill(-1);
  classes.forEach((digit, index) => {
    map[digit] = index;
  });
  return map;
}

function indicesOfClasses(split: MnistSplit, classIndex: Int16Array): Uint32Array {
  let kept = 0;
  for (let i = 0; i < split.count; i++) if ((classIndex[split.labels[i] as number] as number) >= 0) kept++;
  const indices = new Uint32Array(kept);
  let next = 0;
  for (let i = 0; i < split.count; i++) if ((classIndex[split.labels[i] as number] as number) >= 0) indices[next++] = i;
  return indices;
}

function pixelsPerImage(split: MnistSplit): number {
  return split.count === 0 ? MNIST_PIXELS : split.images.length / split.count;
}

/** Copies the chosen images out of a split and re-indexes their labels; `indices` is kept as sourceIndices. */
function gatherSplit(split: MnistSplit, indices: Uint32Array, classIndex: Int16Array): PreparedSplit {
  const size = pixelsPerImage(split);
  const count = indices.length;
  const images = new Float32Array(count * size);
  const labels = new Uint8Array(count);
  for (let k = 0; k < count; k++) {
    const source = indices[k] as number;
    images.set(split.images.subarray(source * size, source * size + size), k * size);
    labels[k] = classIndex[split.labels[source] as number] as number;
  }
  return { count, images, labels, sourceIndices: indices };
}

/** Like gatherSplit, but shares the image buffer when every image is kept (60k images are 188 MB). */
function selectSplit(split: MnistSplit, indices: Uint32Array, classIndex: Int16Array): PreparedSplit {
  if (indices.length !== split.count) return gatherSplit(split, indices, classIndex);
  const labels = new Uint8Array(split.count);
  for (let i = 0; i < split.count; i++) labels[i] = classIndex[split.labels[i] as number] as number;
  return { count: split.count, images: split.images, labels, sourceIndices: indices };
}

function ascending(values: Uint32Array): Uint32Array {
  return values.sort();
}

/**
 * Applies the dataset node's settings to MNIST: keeps the listed classes (labels become their
 * positions in `classes`), takes the seeded training subset, and sets the validation data.
 * Prepared splits may share image buffers with `data`; treat both as read-only.
 * Throws `DatasetError` (code 'settings') for settings that cannot be applied.
 */
export function prepareDataset(data: MnistData, settings: DatasetSettings): PreparedDataset {
  checkSettings(settings);
  const classes = [...settings.classes];
  const classIndex = classIndexOfDigit(classes);
  const warnings: string[] = [];

  const trainPool = indicesOfClasses(data.train, classIndex);
  if (trainPool.length === 0) {
    throw settingsError(`no training images of classes [${classes.join(', ')}]`);
  }
  let poolSize = trainPool.length;
  if (settings.trainSubset > 0 || settings.validation === 'split') {
    shuffleInPlace(trainPool, mulberry32(mixSeeds(settings.shuffleSeed, SUBSET_STREAM)));
  }
  if (settings.trainSubset > poolSize) {
    warnings.push(
      `trainSubset ${settings.trainSubset} is more than the ${poolSize} training images of classes [${classes.join(', ')}]; using all ${poolSize}`,
    );
  } else if (settings.trainSubset > 0) {
    poolSize = settings.trainSubset;
  }

  let train: PreparedSplit;
  let heldOut: PreparedSplit | undefined;
  if (settings.validation === 'split') {
    if (poolSize < 2) throw settingsError(`cannot hold out validation images from only ${poolSize} training image`);
    const heldOutCount = Math.min(poolSize - 1, Math.max(1, Math.round(poolSize * settings.validationSplit)));
    const trainCount = poolSize - heldOutCount;
    train = gatherSplit(data.train, ascending(trainPool.slice(0, trainCount)), classIndex);
    heldOut = gatherSplit(data.train, ascending(trainPool.slice(trainCount, poolSize)), classIndex);
  } else {
    const chosen = poolSize === trainPool.length ? ascending(trainPool) : ascending(trainPool.slice(0, poolSize));
    train = selectSplit(data.train, chosen, classIndex);
  }

  const test = selectSplit(data.test, indicesOfClasses(data.test, classIndex), classIndex);
  const prepared: PreparedDataset = {
    train,
    test,
    classes,
    numClasses: classes.length,
    batchSize: settings.batchSize,
    shuffle: settings.shuffle,
    shuffleSeed: settings.shuffleSeed,
    warnings,
  };
  if (settings.validation === 'test') prepared.validation = test;
  else if (heldOut) prepared.validation = heldOut;
  return prepared;
}

/** One-hot rows (count × numClasses) for class indices; throws `DatasetError` for a label ≥ numClasses. */
export function oneHot(labels: ArrayLike<number>, numClasses: number): Float32Array {
  const out = new Float32Array(labels.length * numClasses);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (!(label >= 0 && label < numClasses)) {
      throw new DatasetError('bad-label', `one-hot: expected class indices 0..${numClasses - 1}, found ${label} at index ${i}`);
    }
    out[i * numClasses + label] = 1;
  }
  return out;
}

/** The order of the `count` samples in one epoch: a permutation fixed by (seed, epoch). */
export function epochOrder(count: number, seed: number, epoch: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return shuffleInPlace(order, mulberry32(mixSeeds(seed, epoch)));
}

/** The identity order, for `shuffle: false`. */
export function sequentialOrder(count: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order;
}

/** Copies samples order[start..end) of a split into one batch (images, class indices, one-hot). */
export function gatherBatch(
  split: MnistSplit,
  order: ArrayLike<number>,
  start: number,
  end: number,
  numClasses: number,
): MnistBatch {
  const size = pixelsPerImage(split);
  const from = Math.max(0, start);
  const to = Math.min(order.length, end);
  const count = Math.max(0, to - from);
  const images = new Float32Array(count * size);
  const labels = new Uint8Array(count);
  for (let k = 0; k < count; k++) {
    const source = order[from + k] as number;
    images.set(split.images.subarray(source * size, source * size + size), k * size);
    labels[k] = split.labels[source] as number;
  }
  return { count, images, labels, oneHot: oneHot(labels, numClasses) };
}
