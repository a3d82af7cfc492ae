import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyStorageError, DB_NAME, STORAGE_SCHEMA_VERSION, withDb } from '../../src/storage/db';
import { deleteKairoDb } from './kairoDbFixture';

afterEach(deleteKairoDb);

describe('Kairo database', () => {
  it('opens at the current schema version and keeps what is written', async () => {
    const written = await withDb((db) => db.put('meta', { key: 'createdAt', value: 123 }));
    expect(written.ok).toBe(true);
    const read = await withDb(async (db) => ({ version: db.version, row: await db.get('meta', 'createdAt') }));
    expect(read).toEqual({ ok: true, value: { version: STORAGE_SCHEMA_VERSION, row: { key: 'createdAt', value: 123 } } });
  });

  it('a database a browser made with the shipped steps (version 2) gains every store Kairo uses today', async () => {
    // Version 2 exactly as it shipped: meta (step 1) and backendTimings (step 2), a row in meta.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 2);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('meta', { keyPath: 'key' }).put({ key: 'createdAt', value: 7 });
        request.result.createObjectStore('backendTimings', { keyPath: 'key' });
      };
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    const opened = await withDb(async (db) => ({ stores: [...db.objectStoreNames].sort(), row: await db.get('meta', 'createdAt') }));
    expect(opened).toEqual({
      ok: true,
      value: {
        stores: ['backendTimings', 'datasetChunks', 'datasets', 'documents', 'meta', 'models', 'runs', 'versions'],
        row: { key: 'createdAt', value: 7 },
      },
    });
  });

  it('a database written by a newer Kairo is reported as such and left alone', async () => {
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, STORAGE_SCHEMA_VERSION + 5);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    const result = await withDb((db) => db.get('meta', 'createdAt'));
    expect(result.ok ? 'opened' : result.error.code).toBe('STORAGE_TOO_NEW');
  });

  it('a failing write comes back as a code, not an exception', async () => {
    const result = await withDb(async () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    expect(result.ok ? 'stored' : result.error.code).toBe('STORAGE_QUOTA');
  });

  it('names unavailable storage as such', () => {
    expect(classifyStorageError(new DOMException('denied', 'SecurityError')).code).toBe('STORAGE_UNAVAILABLE');
    expect(classifyStorageError(new Error('something else')).code).toBe('STORAGE_FAILED');
  });
});
