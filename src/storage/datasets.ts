/**
 * Imported data sets in IndexedDB, so a reload keeps them. Images are stored decoded, as bytes
 * (count × h × w × c, never float32), in chunks of at most CHUNK_BYTES so no single value is huge;
 * a table is stored as its file's text (it is encoded when loaded, with the node's settings). One
 * record per data set (`datasets`) says what it is, how big, what was skipped, and carries a few
 * thumbnails per class for the data view; its chunks (`datasetChunks`) hold the samples. Meta and
 * chunks are written in one transaction: a data set is either there whole or not at all.
 *
 * Used by the worker (import, load) and by the main thread (the data view's list, the "is it
 * here?" check, delete). Every call returns a StorageResult; nothing throws.
 */
import type { IDBPTransaction } from 'idb';
import type { DataReference } from '../graph/dataReference';
import type { ImageSettings, ImageSplitBytes } from '../engine/data/imageImport';
import type { SkippedFile } from '../engine/data/imageLayout';
import type { StoredImages } from '../engine/data/imageSamples';
import type { ColumnSummary } from '../engine/data/tableParse';
import { type KairoSchema, type StorageResult, withDb } from './db';

/** Largest chunk of samples in one stored value. */
export const CHUNK_BYTES = 16 * 1024 * 1024;
/** Thumbnails kept per class for the data view. */
export const PREVIEW_PER_CLASS = 12;
/** Skipped files remembered (the count is always exact). */
const SKIPPED_KEPT = 200;

export interface ClassPreview {
  label: number;
  /** n × size × size × channels bytes. */
  pixels: Uint8Array;
  count: number;
}

export interface StoredDatasetMeta {
  key: string;
  reference: DataReference;
  /** Images: the size, colour and fit they were decoded at. */
  image?: ImageSettings;
  /** Bytes of samples (images) or text (tables) stored. */
  bytes: number;
  storedAt: number;
  /** Chunks per split. */
  chunks: { train: number; test: number };
  skippedCount: number;
  skipped: SkippedFile[];
  /** Images: the first few of each class. */
  preview?: ClassPreview[];
  /** Tables: each column's type and range (the data view's column view). */
  columns?: ColumnSummary[];
  /** Tables: the file names. */
  files?: { train: string; test?: string };
}

export interface DatasetChunk {
  /** [data set key, split, chunk index]. */
  id: [string, 'train' | 'test', number];
  pixels?: Uint8Array;
  labels?: Uint8Array;
  text?: string;
}

declare module './db' {
  interface KairoSchema {
    datasets: { key: string; value: StoredDatasetMeta };
    datasetChunks: { key: [string, 'train' | 'test', number]; value: DatasetChunk };
  }
}

function sampleBytes(settings: ImageSettings): number {
  return settings.size * settings.size * settings.channels;
}

function chunksOf(key: string, split: 'train' | 'test', bytes: ImageSplitBytes, settings: ImageSettings, chunkBytes: number): DatasetChunk[] {
  const size = sampleBytes(settings);
  const perChunk = Math.max(1, Math.floor(chunkBytes / size));
  const chunks: DatasetChunk[] = [];
  for (let first = 0, index = 0; first < bytes.count; first += perChunk, index++) {
    const last = Math.min(bytes.count, first + perChunk);
    chunks.push({
      id: [key, split, index],
      pixels: bytes.pixels.slice(first * size, last * size),
      labels: bytes.labels.slice(first, last),
    });
  }
  return chunks;
}

function previewOf(split: ImageSplitBytes, settings: ImageSettings, classCount: number): ClassPreview[] {
  const size = sampleBytes(settings);
  return Array.from({ length: classCount }, (_, label) => {
    const picked: number[] = [];
    let count = 0;
    split.labels.forEach((each, index) => {
      if (each !== label) return;
      count++;
      if (picked.length < PREVIEW_PER_CLASS) picked.push(index);
    });
    const pixels = new Uint8Array(picked.length * size);
    picked.forEach((index, k) => {
      pixels.set(split.pixels.subarray(index * size, (index + 1) * size), k * size);
    });
    return { label, pixels, count };
  });
}

export interface ImagesToStore extends StoredImages {
  key: string;
  skipped: SkippedFile[];
}

/**
 * Stores an imported image set (replacing one with the same key). `chunkBytes` is for tests, which
 * check the chunking on a few bytes rather than on tens of megabytes.
 */
export function putImageDataset(images: ImagesToStore, chunkBytes = CHUNK_BYTES): Promise<StorageResult<StoredDatasetMeta>> {
  const chunks = [
    ...chunksOf(images.key, 'train', images.train, images.settings, chunkBytes),
    ...(images.test ? chunksOf(images.key, 'test', images.test, images.settings, chunkBytes) : []),
  ];
  const meta: StoredDatasetMeta = {
    key: images.key,
    reference: images.reference,
    image: images.settings,
    bytes: images.train.pixels.length + (images.test?.pixels.length ?? 0),
    storedAt: Date.now(),
    chunks: {
      train: chunks.filter((chunk) => chunk.id[1] === 'train').length,
      test: chunks.filter((chunk) => chunk.id[1] === 'test').length,
    },
    skippedCount: images.skipped.length,
    skipped: images.skipped.slice(0, SKIPPED_KEPT),
    preview: previewOf(images.train, images.settings, images.reference.classNames.length),
  };
  return writeDataset(meta, chunks);
}

export interface TableToStore {
  key: string;
  reference: DataReference;
  columns: ColumnSummary[];
  files: { train: string; test?: string };
  trainText: string;
  testText?: string;
}

/** Stores a table's text (replacing one with the same key). */
export function putTableDataset(table: TableToStore): Promise<StorageResult<StoredDatasetMeta>> {
  const chunks: DatasetChunk[] = [{ id: [table.key, 'train', 0], text: table.trainText }];
  if (table.testText !== undefined) chunks.push({ id: [table.key, 'test', 0], text: table.testText });
  const meta: StoredDatasetMeta = {
    key: table.key,
    reference: table.reference,
    bytes: table.trainText.length + (table.testText?.length ?? 0),
    storedAt: Date.now(),
    chunks: { train: 1, test: table.testText === undefined ? 0 : 1 },
    skippedCount: 0,
    skipped: [],
    columns: table.columns,
    files: table.files,
  };
  return writeDataset(meta, chunks);
}

function abortQuietly(transaction: IDBPTransaction<KairoSchema, ('datasets' | 'datasetChunks')[], 'readwrite'>): void {
  // The done promise rejects once aborted; the caller reports the first error, not this one.
  transaction.done.catch(() => {});
  try {
    transaction.abort();
  } catch {
    // Already finished or aborted by the browser (a quota refusal aborts it itself).
  }
}

function writeDataset(meta: StoredDatasetMeta, chunks: readonly DatasetChunk[]): Promise<StorageResult<StoredDatasetMeta>> {
  return withDb(async (db) => {
    const transaction = db.transaction(['datasets', 'datasetChunks'], 'readwrite');
    try {
      const chunkStore = transaction.objectStore('datasetChunks');
      await chunkStore.delete(IDBKeyRange.bound([meta.key, 'test', 0], [meta.key, 'train', Number.MAX_SAFE_INTEGER]));
      for (const chunk of chunks) await chunkStore.put(chunk);
      await transaction.objectStore('datasets').put(meta);
      await transaction.done;
    } catch (error) {
      // A put that throws (a value the browser cannot clone, a refusal) would otherwise let the
      // transaction commit the chunks written so far: samples no data set names, taking space.
      abortQuietly(transaction);
      throw error;
    }
    return meta;
  });
}

/** Every stored data set, newest first. */
export function listStoredDatasets(): Promise<StorageResult<StoredDatasetMeta[]>> {
  return withDb(async (db) => (await db.getAll('datasets')).sort((a, b) => b.storedAt - a.storedAt));
}

export function getStoredDataset(key: string): Promise<StorageResult<StoredDatasetMeta | undefined>> {
  return withDb((db) => db.get('datasets', key));
}

/** Deletes a data set and its chunks. */
export function deleteStoredDataset(key: string): Promise<StorageResult<void>> {
  return withDb(async (db) => {
    const transaction = db.transaction(['datasets', 'datasetChunks'], 'readwrite');
    await transaction.objectStore('datasetChunks').delete(IDBKeyRange.bound([key, 'test', 0], [key, 'train', Number.MAX_SAFE_INTEGER]));
    await transaction.objectStore('datasets').delete(key);
    await transaction.done;
  });
}

async function readSplit(key: string, split: 'train' | 'test', chunks: number, settings: ImageSettings): Promise<StorageResult<ImageSplitBytes>> {
  return withDb(async (db) => {
    const parts: DatasetChunk[] = [];
    for (let index = 0; index < chunks; index++) {
      const chunk = await db.get('datasetChunks', [key, split, index]);
      if (!chunk?.pixels || !chunk.labels) throw Object.assign(new Error(`chunk ${index} of ${key} is missing`), { name: 'NotFoundError' });
      parts.push(chunk);
    }
    const count = parts.reduce((sum, part) => sum + (part.labels?.length ?? 0), 0);
    const size = sampleBytes(settings);
    const pixels = new Uint8Array(count * size);
    const labels = new Uint8Array(count);
    let at = 0;
    for (const part of parts) {
      pixels.set(part.pixels as Uint8Array, at * size);
      labels.set(part.labels as Uint8Array, at);
      at += part.labels?.length ?? 0;
    }
    return { count, pixels, labels };
  });
}

/** A stored image set's samples; `undefined` value when it is not stored. */
export async function readImageDataset(key: string): Promise<StorageResult<StoredImages | undefined>> {
  const found = await getStoredDataset(key);
  if (!found.ok || !found.value) return found.ok ? { ok: true, value: undefined } : found;
  const meta = found.value;
  if (meta.reference.kind !== 'images' || !meta.image) return { ok: true, value: undefined };
  const train = await readSplit(key, 'train', meta.chunks.train, meta.image);
  if (!train.ok) return train;
  const test = meta.chunks.test > 0 ? await readSplit(key, 'test', meta.chunks.test, meta.image) : undefined;
  if (test && !test.ok) return test;
  return {
    ok: true,
    value: { reference: meta.reference, settings: meta.image, train: train.value, ...(test?.ok ? { test: test.value } : {}) },
  };
}

/** A stored table's file texts; `undefined` value when it is not stored. */
export async function readTableTexts(key: string): Promise<StorageResult<{ meta: StoredDatasetMeta; train: string; test?: string } | undefined>> {
  return withDb(async (db) => {
    const meta = await db.get('datasets', key);
    if (!meta) return undefined;
    const train = await db.get('datasetChunks', [key, 'train', 0]);
    const test = meta.chunks.test > 0 ? await db.get('datasetChunks', [key, 'test', 0]) : undefined;
    if (train?.text === undefined) return undefined;
    return { meta, train: train.text, ...(test?.text !== undefined ? { test: test.text } : {}) };
  });
}
