/**
 * Imported images (bytes) as the samples the engine trains on: floats in [0, 1] (1 = white), the
 * test split either the separate test folder or a seeded, stratified fraction held out of the
 * training images (holdOut.ts). The same for the browser (bytes from IndexedDB) and the CLI.
 */
import type { ImageDataReference } from '../../graph/dataReference';
import { holdOutTest } from './holdOut';
import type { ImageSettings, ImageSplitBytes } from './imageImport';
import { pixelsToUnit } from './mnist';
import type { LabelledSamples } from './samples';
import type { LoadedDataset } from './source';

export interface StoredImages {
  reference: ImageDataReference;
  settings: ImageSettings;
  train: ImageSplitBytes;
  test?: ImageSplitBytes;
}

export interface HoldOutSettings {
  /** Fraction of each class held out for the test when there is no separate test set. */
  testSplit: number;
  seed: number;
}

function samplesOf(split: ImageSplitBytes, shape: number[], indices?: Uint32Array): LabelledSamples {
  const size = shape.reduce((product, dim) => product * dim, 1);
  if (!indices) return { count: split.count, sampleShape: shape, features: pixelsToUnit(split.pixels), labels: split.labels.slice() };
  const pixels = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  indices.forEach((source, k) => {
    pixels.set(split.pixels.subarray(source * size, (source + 1) * size), k * size);
    labels[k] = split.labels[source] as number;
  });
  return { count: indices.length, sampleShape: shape, features: pixelsToUnit(pixels), labels };
}

export function imagesToDataset(stored: StoredImages, holdOut: HoldOutSettings): LoadedDataset {
  const { size, channels } = stored.settings;
  const shape = [size, size, channels];
  const classCount = stored.reference.classNames.length;
  let train: LabelledSamples;
  let test: LabelledSamples;
  if (stored.test) {
    train = samplesOf(stored.train, shape);
    test = samplesOf(stored.test, shape);
  } else {
    const split = holdOutTest(stored.train.labels, classCount, holdOut.testSplit, holdOut.seed);
    train = samplesOf(stored.train, shape, split.train);
    test = samplesOf(stored.train, shape, split.test);
  }
  return {
    description: {
      source: 'images',
      name: stored.reference.name,
      sampleShape: shape,
      sampleKind: 'image',
      classNames: [...stored.reference.classNames],
      trainCount: train.count,
      testCount: test.count,
    },
    train,
    test,
  };
}
