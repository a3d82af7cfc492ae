/**
 * Imported data in IndexedDB (fake-indexeddb here): images stored as byte chunks and read back whole
 * and in order, listed with their size and thumbnails, deleted with their chunks; a table kept as its
 * text; a refused write reported as its code with nothing half-written left behind. The chunk size
 * is made small so a few tiny images span several chunks (the real 16 MiB chunks would need tens of
 * megabytes of pixels, which fake-indexeddb clones slowly and in full).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImageSplitBytes } from '../../src/engine/data/imageImport';
import type { ImageDataReference, TableDataReference } from '../../src/graph/dataReference';
import {
  deleteStoredDataset,
  listStoredDatasets,
  PREVIEW_PER_CLASS,
  putImageDataset,
  putTableDataset,
  readImageDataset,
  readTableTexts,
} from '../../src/storage/datasets';
import { withDb } from '../../src/storage/db';
import { deleteKairoDb } from './kairoDbFixture';

afterEach(deleteKairoDb);

const SETTINGS = { size: 4, channels: 3, fit: 'squash' } as const;
const SAMPLE_BYTES = 4 * 4 * 3;

const reference: ImageDataReference = {
  kind: 'images',
  name: 'cells',
  fingerprint: `sha256:${'1'.repeat(64)}`,
  classNames: ['dividing', 'resting'],
  trainCounts: [15, 15],
  testCounts: [],
};

/** `count` tiny images whose every byte says which image it is; labels alternate 0, 1. */
function split(count: number, first = 0): ImageSplitBytes {
  const pixels = new Uint8Array(count * SAMPLE_BYTES);
  for (let index = 0; index < count; index++) pixels.fill((first + index) % 251, index * SAMPLE_BYTES, (index + 1) * SAMPLE_BYTES);
  return { count, pixels, labels: Uint8Array.from({ length: count }, (_, index) => index % 2) };
}

async function chunkCount(): Promise<number> {
  const counted = await withDb((db) => db.count('datasetChunks'));
  if (!counted.ok) throw new Error(counted.error.code);
  return counted.value;
}

describe('stored data sets', () => {
  it('keeps images as byte chunks, reads them back whole and in order, lists them with size and thumbnails, deletes them whole', async () => {
    const train = split(30);
    const test = split(7, 100);
    // Four images per chunk: 8 training chunks (the last holds two) and 2 test chunks.
    const stored = await putImageDataset(
      { key: 'images:a', reference, settings: SETTINGS, train, test, skipped: [{ path: 'cells/notes.txt', reason: 'notImage' }] },
      4 * SAMPLE_BYTES,
    );
    if (!stored.ok) throw new Error(stored.error.code);
    expect(stored.value.chunks).toEqual({ train: 8, test: 2 });
    expect(await chunkCount()).toBe(10);
    // Thumbnails: the first PREVIEW_PER_CLASS of each class, with the class's full count.
    expect(stored.value.preview?.map((row) => [row.label, row.count, row.pixels.length])).toEqual([
      [0, 15, PREVIEW_PER_CLASS * SAMPLE_BYTES],
      [1, 15, PREVIEW_PER_CLASS * SAMPLE_BYTES],
    ]);
    expect(stored.value.preview?.[1]?.pixels[0]).toBe(1);

    const read = await readImageDataset('images:a');
    if (!read.ok || !read.value) throw new Error('not read back');
    expect(read.value.settings).toEqual(SETTINGS);
    expect(read.value.train).toEqual(train);
    expect(read.value.test).toEqual(test);

    const listed = await listStoredDatasets();
    expect(listed.ok && listed.value.map((meta) => [meta.key, meta.bytes, meta.skippedCount, meta.skipped[0]?.path])).toEqual([
      ['images:a', (30 + 7) * SAMPLE_BYTES, 1, 'cells/notes.txt'],
    ]);

    expect((await deleteStoredDataset('images:a')).ok).toBe(true);
    expect(await readImageDataset('images:a')).toEqual({ ok: true, value: undefined });
    expect(await listStoredDatasets()).toEqual({ ok: true, value: [] });
    expect(await chunkCount()).toBe(0);
  });

  it('importing the same data again replaces it: no chunk of the old copy stays behind', async () => {
    await putImageDataset({ key: 'images:a', reference, settings: SETTINGS, train: split(30), test: split(7), skipped: [] }, 4 * SAMPLE_BYTES);
    const smaller = split(6, 50);
    const again = await putImageDataset({ key: 'images:a', reference, settings: SETTINGS, train: smaller, skipped: [] }, 4 * SAMPLE_BYTES);
    expect(again.ok && again.value.chunks).toEqual({ train: 2, test: 0 });
    expect(await chunkCount()).toBe(2);
    const read = await readImageDataset('images:a');
    expect(read.ok && read.value?.train).toEqual(smaller);
    expect(read.ok && read.value?.test).toBeUndefined();
  });

  it('keeps a table as its text, with its test file', async () => {
    const table: TableDataReference = {
      ...reference,
      kind: 'table',
      labelColumn: 'kind',
      columns: [{ name: 'x', kind: 'numeric' }],
      incompleteRows: 0,
    };
    const stored = await putTableDataset({
      key: 'table:b',
      reference: table,
      columns: [],
      files: { train: 't.csv', test: 'u.csv' },
      trainText: 'x,kind\n1,a\n',
      testText: 'x,kind\n2,b\n',
    });
    expect(stored.ok && stored.value.bytes).toBe(22);
    const read = await readTableTexts('table:b');
    expect(read.ok && read.value && [read.value.train, read.value.test, read.value.meta.files]).toEqual([
      'x,kind\n1,a\n',
      'x,kind\n2,b\n',
      { train: 't.csv', test: 'u.csv' },
    ]);
    expect(await readTableTexts('table:none')).toEqual({ ok: true, value: undefined });
  });

  it('a write the browser refuses halfway comes back as STORAGE_QUOTA, and nothing of it stays', async () => {
    const put = IDBObjectStore.prototype.put;
    let puts = 0;
    IDBObjectStore.prototype.put = function refuseTheThird(this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++puts === 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
    try {
      const stored = await putImageDataset({ key: 'images:c', reference, settings: SETTINGS, train: split(30), skipped: [] }, 4 * SAMPLE_BYTES);
      expect(stored.ok ? 'stored' : stored.error.code).toBe('STORAGE_QUOTA');
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(puts).toBe(3);
    expect(await listStoredDatasets()).toEqual({ ok: true, value: [] });
    expect(await chunkCount()).toBe(0);
  });

  it('a data set with a lost chunk is reported as a storage failure, never as fewer images', async () => {
    await putImageDataset({ key: 'images:d', reference, settings: SETTINGS, train: split(30), skipped: [] }, 4 * SAMPLE_BYTES);
    await withDb((db) => db.delete('datasetChunks', ['images:d', 'train', 3]));
    const read = await readImageDataset('images:d');
    expect(read.ok ? 'read' : read.error.code).toBe('STORAGE_FAILED');
  });
});
