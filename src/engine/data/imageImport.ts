/**
 * Importing a laid-out image folder: every image decoded and fitted to the square the dataset node
 * asks for (by the browser's or the CLI's decoder), kept as bytes, with the files that could not be
 * used named and counted, the classes checked again (a class whose every file was damaged is
 * empty), the memory guard asked first, and a content fingerprint computed on the way. The result
 * (`ImageCollection`) is what IndexedDB stores and what becomes training samples.
 */
import type { ImageDataReference } from '../../graph/dataReference';
import { DatasetError } from './datasetError';
import { type ManifestLine, manifestFingerprint, sha256Hex } from './fingerprint';
import type { FitMode } from './imageFit';
import {
  type ClassFile,
  checkClasses,
  type ImageLayout,
  type LayoutEntry,
  layoutImageFolder,
  type SkippedFile,
  type SkipReason,
} from './imageLayout';
import { checkPixelBudget } from './memoryBudget';
import type { DataLoadProgress } from './source';

export interface ImageSettings {
  size: number;
  channels: 1 | 3;
  fit: FitMode;
}

/** One split as bytes: `count` images of size × size × channels, one label each. */
export interface ImageSplitBytes {
  count: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

export interface ImageCollection {
  reference: ImageDataReference;
  settings: ImageSettings;
  train: ImageSplitBytes;
  /** Absent without a separate test folder. */
  test?: ImageSplitBytes;
  skipped: SkippedFile[];
}

/** Fits one file's bytes into `out` at `offset`; the reason when it cannot. */
export type ImageDecoder = (bytes: Uint8Array, out: Uint8Array, offset: number) => Promise<SkipReason | undefined>;

/**
 * Where the files' bytes come from: a folder (read each on request) or a zip (inflated in its own
 * order). `visit` is called once per file of `files` that can be read, in any order, awaited;
 * files it never visits count as skipped ('tooLarge' when the reader says so).
 */
export type FileReader<E extends LayoutEntry> = (
  files: readonly E[],
  visit: (entry: E, bytes: Uint8Array) => Promise<void>,
  skip: (entry: E, reason: SkipReason) => void,
) => Promise<void>;

/** A listed folder or zip of images: its files, its directories (empty ones too) and how to read them. */
export interface ImageSource<E extends LayoutEntry> {
  entries: E[];
  directories: string[];
  reader: FileReader<E>;
}

/**
 * The layout of a training source with an optional separate test source, and one reader that reads
 * each file from the source it was listed in.
 */
export function layoutImageSources<E extends LayoutEntry>(
  train: ImageSource<E>,
  test: ImageSource<E> | undefined,
  fallbackName: string,
): { layout: ImageLayout<E>; reader: FileReader<E> } {
  const layout = layoutImageFolder(train.entries, {
    fallbackName,
    directories: train.directories,
    ...(test ? { testEntries: test.entries, testDirectories: test.directories } : {}),
  });
  const fromTest = new Set<E>(test?.entries ?? []);
  const reader: FileReader<E> = async (files, visit, skip) => {
    await train.reader(files.filter((file) => !fromTest.has(file)), visit, skip);
    if (test) await test.reader(files.filter((file) => fromTest.has(file)), visit, skip);
  };
  return { layout, reader };
}

export interface ImportOptions {
  onProgress?: (progress: DataLoadProgress) => void;
  signal?: AbortSignal;
}

interface Slot {
  split: 'train' | 'test';
  index: number;
  className: string;
  path: string;
}

/** The path inside the class folder (what the fingerprint names). */
function pathInClass(path: string, className: string): string {
  const at = path.indexOf(`${className}/`);
  return at >= 0 ? path.slice(at + className.length + 1) : path;
}

function gather(split: readonly ClassFile<LayoutEntry>[], used: readonly boolean[], pixels: Uint8Array, sampleSize: number, classIndex: Map<string, number>): ImageSplitBytes {
  const count = used.filter(Boolean).length;
  const out = new Uint8Array(count * sampleSize);
  const labels = new Uint8Array(count);
  let next = 0;
  split.forEach((file, index) => {
    if (!used[index]) return;
    out.set(pixels.subarray(index * sampleSize, (index + 1) * sampleSize), next * sampleSize);
    labels[next] = classIndex.get(file.className) as number;
    next++;
  });
  return { count, pixels: out, labels };
}

/**
 * Decodes every image of `layout` with `decode`, reading bytes through `read`. Throws
 * `DatasetError`: DATA_TOO_LARGE before decoding, DATA_LOAD_CANCELLED on abort, DATA_EMPTY_CLASS
 * or DATA_TOO_FEW_CLASSES when skipping left a class without images.
 */
export async function importImages<E extends LayoutEntry>(
  layout: ImageLayout<E>,
  read: FileReader<E>,
  decode: ImageDecoder,
  settings: ImageSettings,
  options: ImportOptions = {},
): Promise<ImageCollection> {
  const { size, channels } = settings;
  const total = layout.train.length + layout.test.length;
  checkPixelBudget(total, size, channels);
  const sampleSize = size * size * channels;
  const splits = { train: layout.train, test: layout.test };
  const buffers = { train: new Uint8Array(layout.train.length * sampleSize), test: new Uint8Array(layout.test.length * sampleSize) };
  const used = { train: layout.train.map(() => false), test: layout.test.map(() => false) };
  const slots = new Map<E, Slot>();
  for (const split of ['train', 'test'] as const) {
    splits[split].forEach((file, index) => {
      slots.set(file.entry, { split, index, className: file.className, path: file.entry.path });
    });
  }
  const skipped: SkippedFile[] = [...layout.skipped];
  const manifest: ManifestLine[] = [];
  let done = 0;
  const report = () => options.onProgress?.({ phase: 'decode', loaded: done, total, unit: 'files', fromCache: false });
  report();

  const files = [...layout.train, ...layout.test].map((file) => file.entry);
  await read(
    files,
    async (entry, bytes) => {
      if (options.signal?.aborted) throw new DatasetError('DATA_LOAD_CANCELLED');
      const slot = slots.get(entry);
      if (!slot) return;
      const reason = await decode(bytes, buffers[slot.split], slot.index * sampleSize);
      if (reason) skipped.push({ path: slot.path, reason });
      else {
        used[slot.split][slot.index] = true;
        manifest.push({ split: slot.split, className: slot.className, path: pathInClass(slot.path, slot.className), sha256: await sha256Hex(bytes) });
      }
      done++;
      report();
    },
    (entry, reason) => {
      skipped.push({ path: entry.path, reason });
      done++;
      report();
    },
  );
  if (options.signal?.aborted) throw new DatasetError('DATA_LOAD_CANCELLED');

  const decodedTrain = layout.train.filter((_, index) => used.train[index]);
  checkClasses(layout.classNames, decodedTrain);
  const classIndex = new Map(layout.classNames.map((name, index) => [name, index] as const));
  const train = gather(layout.train, used.train, buffers.train, sampleSize, classIndex);
  const test = layout.test.length > 0 ? gather(layout.test, used.test, buffers.test, sampleSize, classIndex) : undefined;
  const countsOf = (split: ImageSplitBytes) => {
    const counts = layout.classNames.map(() => 0);
    for (const label of split.labels) counts[label] = (counts[label] ?? 0) + 1;
    return counts;
  };
  options.onProgress?.({ phase: 'done', loaded: total, total, unit: 'files', fromCache: false });
  return {
    reference: {
      kind: 'images',
      name: layout.name,
      fingerprint: await manifestFingerprint(manifest),
      classNames: [...layout.classNames],
      trainCounts: countsOf(train),
      testCounts: test ? countsOf(test) : [],
    },
    settings,
    train,
    ...(test ? { test } : {}),
    skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}
