import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/engine/data/datasetError';
import { encodeIdxImages, encodeIdxLabels, parseIdxImages, parseIdxLabels } from '../../src/engine/data/idx';
import { mnistDataDir } from '../../src/engine/data/mnistNode';

const dataDir = mnistDataDir();
const readRaw = (file: string): Uint8Array => readFileSync(path.join(dataDir, file));

/** Runs `action` and returns the DatasetError it throws (fails the test if it throws nothing else). */
function datasetErrorOf(action: () => unknown): DatasetError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError, nothing was thrown');
}

describe('parseIdxImages / parseIdxLabels on the real MNIST files', () => {
  it('reads 60,000 training images of 28×28 and as many labels', () => {
    const images = parseIdxImages(readRaw('train-images-idx3-ubyte'), 'train-images-idx3-ubyte');
    expect([images.count, images.rows, images.cols]).toEqual([60000, 28, 28]);
    expect(images.pixels.length).toBe(60000 * 784);
    const labels = parseIdxLabels(readRaw('train-labels-idx1-ubyte'), 'train-labels-idx1-ubyte');
    expect(labels.count).toBe(60000);
    const histogram = new Array<number>(10).fill(0);
    for (const label of labels.labels) histogram[label] = (histogram[label] ?? 0) + 1;
    for (const [digit, count] of histogram.entries()) {
      expect(count, `digit ${digit}`).toBeGreaterThanOrEqual(5000);
      expect(count, `digit ${digit}`).toBeLessThanOrEqual(7000);
    }
  });

  it('reads 10,000 test images and labels, every digit present', () => {
    const images = parseIdxImages(readRaw('t10k-images-idx3-ubyte'), 't10k-images-idx3-ubyte');
    expect([images.count, images.rows, images.cols]).toEqual([10000, 28, 28]);
    const labels = parseIdxLabels(readRaw('t10k-labels-idx1-ubyte'), 't10k-labels-idx1-ubyte');
    expect(labels.count).toBe(10000);
    expect(new Set(labels.labels).size).toBe(10);
    // The first test digit of MNIST is a 7; its centre has ink, its corner none.
    expect(labels.labels[0]).toBe(7);
    expect(images.pixels[0]).toBe(0);
    expect(Math.max(...images.pixels.subarray(0, 784))).toBe(255);
  });

  it('accepts a view into a larger buffer (Node Buffers often are)', () => {
    const labelFile = encodeIdxLabels(Uint8Array.of(3, 1, 4));
    const padded = new Uint8Array(labelFile.length + 5);
    padded.set(labelFile, 5);
    expect([...parseIdxLabels(padded.subarray(5), 'labels').labels]).toEqual([3, 1, 4]);
  });
});

describe('bad IDX files give a coded error naming the file', () => {
  it('a label file read as images: wrong magic, both numbers named', () => {
    const error = datasetErrorOf(() => parseIdxImages(readRaw('t10k-labels-idx1-ubyte'), 't10k-labels-idx1-ubyte'));
    expect(error.code).toBe('IDX_BAD_MAGIC');
    expect(error.file).toBe('t10k-labels-idx1-ubyte');
    expect(error.vars).toEqual({ file: 't10k-labels-idx1-ubyte', expected: 2051, found: 2049 });
  });

  it('an image file read as labels: wrong magic', () => {
    const error = datasetErrorOf(() => parseIdxLabels(encodeIdxImages(new Uint8Array(4), 1, 2, 2), 'labels.idx'));
    expect(error.code).toBe('IDX_BAD_MAGIC');
    expect(error.vars).toMatchObject({ file: 'labels.idx', expected: 2049, found: 2051 });
  });

  it('a file still gzip-compressed says so', () => {
    const error = datasetErrorOf(() => parseIdxLabels(gzipSync(encodeIdxLabels(Uint8Array.of(1))), 'x-labels'));
    expect(error.code).toBe('IDX_GZIPPED');
    expect(error.file).toBe('x-labels');
  });

  it('a truncated image file names expected and found sizes', () => {
    const whole = readRaw('t10k-images-idx3-ubyte');
    const error = datasetErrorOf(() => parseIdxImages(whole.subarray(0, whole.length - 100), 't10k-images-idx3-ubyte'));
    expect(error.code).toBe('IDX_TRUNCATED');
    expect(error.vars).toEqual({ file: 't10k-images-idx3-ubyte', expected: 7_840_016, found: 7_839_916 });
  });

  it('a file shorter than its header, and an empty file, are truncated', () => {
    expect(datasetErrorOf(() => parseIdxImages(new Uint8Array(10), 'a')).code).toBe('IDX_HEADER_TRUNCATED');
    const empty = datasetErrorOf(() => parseIdxLabels(new ArrayBuffer(0), 'b-labels'));
    expect(empty.code).toBe('IDX_HEADER_TRUNCATED');
    expect(empty.vars).toEqual({ file: 'b-labels', expected: 8, found: 0 });
  });

  it('a truncated label file, and one with extra bytes', () => {
    const labels = encodeIdxLabels(Uint8Array.of(1, 2, 3, 4));
    expect(datasetErrorOf(() => parseIdxLabels(labels.subarray(0, labels.length - 1), 'l')).code).toBe('IDX_TRUNCATED');
    const longer = new Uint8Array(labels.length + 3);
    longer.set(labels);
    const error = datasetErrorOf(() => parseIdxLabels(longer, 'l'));
    expect(error.code).toBe('IDX_TOO_LONG');
    expect(error.vars).toMatchObject({ expected: 12, found: 15 });
  });

  it('a label outside 0..9 names the value and its index', () => {
    const error = datasetErrorOf(() => parseIdxLabels(encodeIdxLabels(Uint8Array.of(0, 9, 10, 2)), 'train-labels'));
    expect(error.code).toBe('IDX_BAD_LABEL');
    expect(error.vars).toEqual({ file: 'train-labels', max: 9, label: 10, index: 2 });
  });

  it('zero-sized images are refused', () => {
    const error = datasetErrorOf(() => parseIdxImages(encodeIdxImages(new Uint8Array(0), 3, 0, 28), 'img'));
    expect(error.code).toBe('IDX_BAD_DIMENSIONS');
    expect(error.vars).toMatchObject({ rows: 0, cols: 28 });
  });
});

describe('encodeIdxImages / encodeIdxLabels', () => {
  it('round-trip through the parsers', () => {
    const pixels = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);
    const parsed = parseIdxImages(encodeIdxImages(pixels, 2, 3, 4), 'img');
    expect([parsed.count, parsed.rows, parsed.cols]).toEqual([2, 3, 4]);
    expect([...parsed.pixels]).toEqual([...pixels]);
  });
});
