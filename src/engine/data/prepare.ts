/**
 * The dataset node's choices applied to a loaded data set, the same for every source: which classes
 * (labels re-indexed to their position in the list), a seeded training subset, and the validation
 * data (the test split, a held-out part of the training samples, or none). Also the per-epoch order.
 */
import type { EngineMessage } from '../failures';
import { DatasetError } from './datasetError';
import { type LabelledSamples, sampleSizeOf } from './samples';
import { mixSeeds, mulberry32, shuffleInPlace } from './seededRandom';
import type { LoadedDataset } from './source';

/** The dataset node's settings this step reads (a source's own settings, such as image size, are not its business). */
export interface SplitSettings {
  /** The dataset node's source: its class choice (`classes`) is MNIST's digits; other sources use all their classes. */
  source?: string;
  /** Class indices of the data set to use, in label order; absent: all of them. */
  classes?: readonly number[];
  /** 0 or absent: every training sample; else the first N after a shuffle seeded with `shuffleSeed`. */
  trainSubset?: number;
  validation: 'test' | 'split' | 'none';
  /** Fraction of the (subset of the) training samples held out when `validation` is 'split'. */
  validationSplit: number;
  shuffleSeed: number;
}

/** A split ready for training: labels are class indices 0..K-1 of the chosen classes. */
export interface PreparedSplit extends LabelledSamples {
  /** For each sample, its index in the source's own split (to show "test sample #1234"). */
  sourceIndices: Uint32Array;
}

export interface PreparedDataset {
  train: PreparedSplit;
  /** The test split itself when validation is 'test'; a held-out part of train for 'split'; absent for 'none'. */
  validation?: PreparedSplit;
  test: PreparedSplit;
  /** The source's class index of each label (classes[k] is label k's class in the data set). */
  classes: number[];
  /** Label k's name. */
  classNames: string[];
  /** Settings that were adjusted (e.g. a subset larger than the data), for the user to see. */
  notices: EngineMessage[];
}

/** The stream id of the subset shuffle; epoch streams use the epoch number, so they never collide. */
const SUBSET_STREAM = 0xffffffff;

/** source class → label, -1 for classes that are left out. */
function labelOfClass(classes: readonly number[], classCount: number): Int16Array {
  const map = new Int16Array(Math.max(256, classCount)).fill(-1);
  classes.forEach((sourceClass, label) => {
    map[sourceClass] = label;
  });
  return map;
}

function indicesOfClasses(split: LabelledSamples, labelOf: Int16Array): Uint32Array {
  let kept = 0;
  for (let i = 0; i < split.count; i++) if ((labelOf[split.labels[i] as number] as number) >= 0) kept++;
  const indices = new Uint32Array(kept);
  let next = 0;
  for (let i = 0; i < split.count; i++) if ((labelOf[split.labels[i] as number] as number) >= 0) indices[next++] = i;
  return indices;
}

/** Copies the chosen samples out of a split and re-indexes their labels; `indices` is kept as sourceIndices. */
function gatherSplit(split: LabelledSamples, indices: Uint32Array, labelOf: Int16Array): PreparedSplit {
  const size = sampleSizeOf(split.sampleShape);
  const count = indices.length;
  const features = new Float32Array(count * size);
  const labels = new Uint8Array(count);
  for (let k = 0; k < count; k++) {
    const source = indices[k] as number;
    features.set(split.features.subarray(source * size, source * size + size), k * size);
    labels[k] = labelOf[split.labels[source] as number] as number;
  }
  return { count, sampleShape: split.sampleShape, features, labels, sourceIndices: indices };
}

/** Like gatherSplit, but shares the sample buffer when every sample is kept (MNIST's 60,000 are 188 MB). */
function selectSplit(split: LabelledSamples, indices: Uint32Array, labelOf: Int16Array): PreparedSplit {
  if (indices.length !== split.count) return gatherSplit(split, indices, labelOf);
  const labels = new Uint8Array(split.count);
  for (let i = 0; i < split.count; i++) labels[i] = labelOf[split.labels[i] as number] as number;
  return { count: split.count, sampleShape: split.sampleShape, features: split.features, labels, sourceIndices: indices };
}

function ascending(values: Uint32Array): Uint32Array {
  return values.sort();
}

/** The chosen classes; throws CLASS_NOT_IN_DATA for one the data set does not have. */
function chosenClasses(data: LoadedDataset, settings: SplitSettings): number[] {
  const classCount = data.description.classNames.length;
  const chosen = settings.source === undefined || settings.source === 'mnist' ? settings.classes : undefined;
  const classes = chosen ? [...chosen] : Array.from({ length: classCount }, (_, index) => index);
  for (const sourceClass of classes) {
    if (!(Number.isInteger(sourceClass) && sourceClass >= 0 && sourceClass < classCount)) {
      throw new DatasetError('CLASS_NOT_IN_DATA', { class: sourceClass, count: classCount, name: data.description.name });
    }
  }
  return classes;
}

/**
 * Applies the dataset node's settings to a loaded data set. Prepared splits may share sample
 * buffers with `data`; treat both as read-only. Throws `DatasetError` when the settings do not fit
 * this data (a class it lacks, no samples of the chosen classes, too few samples to hold some out).
 */
export function prepareDataset(data: LoadedDataset, settings: SplitSettings): PreparedDataset {
  const classes = chosenClasses(data, settings);
  const classNames = classes.map((sourceClass) => data.description.classNames[sourceClass] as string);
  const labelOf = labelOfClass(classes, data.description.classNames.length);
  const notices: EngineMessage[] = [...(data.notices ?? [])];
  const trainSubset = settings.trainSubset ?? 0;

  const trainPool = indicesOfClasses(data.train, labelOf);
  if (trainPool.length === 0) throw new DatasetError('NO_TRAINING_SAMPLES', { classes: classNames.join(', ') });
  let poolSize = trainPool.length;
  if (trainSubset > 0 || settings.validation === 'split') {
    shuffleInPlace(trainPool, mulberry32(mixSeeds(settings.shuffleSeed, SUBSET_STREAM)));
  }
  if (trainSubset > poolSize) {
    notices.push({
      code: 'TRAIN_SUBSET_CLAMPED',
      vars: { requested: trainSubset, available: poolSize, classes: classNames.join(', ') },
    });
  } else if (trainSubset > 0) {
    poolSize = trainSubset;
  }

  let train: PreparedSplit;
  let heldOut: PreparedSplit | undefined;
  if (settings.validation === 'split') {
    if (poolSize < 2) throw new DatasetError('TOO_FEW_TO_SPLIT', { count: poolSize });
    const heldOutCount = Math.min(poolSize - 1, Math.max(1, Math.round(poolSize * settings.validationSplit)));
    const trainCount = poolSize - heldOutCount;
    train = gatherSplit(data.train, ascending(trainPool.slice(0, trainCount)), labelOf);
    heldOut = gatherSplit(data.train, ascending(trainPool.slice(trainCount, poolSize)), labelOf);
  } else {
    const chosen = poolSize === trainPool.length ? ascending(trainPool) : ascending(trainPool.slice(0, poolSize));
    train = selectSplit(data.train, chosen, labelOf);
  }

  const test = selectSplit(data.test, indicesOfClasses(data.test, labelOf), labelOf);
  const prepared: PreparedDataset = { train, test, classes, classNames, notices };
  if (settings.validation === 'test') prepared.validation = test;
  else if (heldOut) prepared.validation = heldOut;
  return prepared;
}

/** The order of the `count` samples in one epoch: a permutation fixed by (seed, epoch). */
export function epochOrder(count: number, seed: number, epoch: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return shuffleInPlace(order, mulberry32(mixSeeds(seed, epoch)));
}
