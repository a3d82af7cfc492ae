/**
 * The one place Kairo keeps things in the browser for longer than a session: documents and their
 * versions, imported datasets, trained models, run histories. IndexedDB through `idb`, one schema
 * version, one migration per step. localStorage keeps nothing but preferences.
 *
 * Every call can fail (quota, private mode, a newer Kairo's database, storage switched off): it
 * returns a `StorageResult` with a code the UI words in the user's language, never throws.
 *
 * Feature modules add their stores by augmenting `KairoSchema` (declaration merging) and creating
 * them in a migration below, so the schema of the whole database is read in one list.
 */
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB, type StoreNames } from 'idb';

export const DB_NAME = 'kairo';

/** Stores and indexes of Kairo's database. Feature modules extend this interface. */
export interface KairoSchema extends DBSchema {
  /** Small facts about the database itself (e.g. when it was created). */
  meta: { key: string; value: { key: string; value: string | number | boolean } };
}

export type KairoDb = IDBPDatabase<KairoSchema>;
type UpgradeTransaction = IDBPTransaction<KairoSchema, StoreNames<KairoSchema>[], 'versionchange'>;

/**
 * MIGRATIONS[i] upgrades a database of version i to version i + 1. Append, never edit a step that
 * has shipped: a browser that ran it will not run it again.
 */
const MIGRATIONS: readonly ((db: KairoDb, transaction: UpgradeTransaction) => void)[] = [
  function createStores(db) {
    db.createObjectStore('meta', { keyPath: 'key' });
  },
  function createBackendTimings(db) {
    db.createObjectStore('backendTimings', { keyPath: 'key' });
  },
  // Steps 1 and 2 shipped before the stores below existed.
  function createWorkStores(db) {
    db.createObjectStore('documents', { keyPath: 'id' }).createIndex('byUpdated', 'updatedAt');
    db.createObjectStore('versions', { keyPath: 'id', autoIncrement: true }).createIndex('byDocument', 'documentId');
    db.createObjectStore('datasets', { keyPath: 'key' });
    db.createObjectStore('datasetChunks', { keyPath: 'id' });
    db.createObjectStore('models', { keyPath: 'fingerprint' }).createIndex('savedAt', 'savedAt');
    db.createObjectStore('runs', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
  },
];

export const STORAGE_SCHEMA_VERSION = MIGRATIONS.length;

export type StorageErrorCode =
  /** No IndexedDB here (private mode in some browsers, storage switched off, an old browser). */
  | 'STORAGE_UNAVAILABLE'
  /** The browser refused to store more (disk or per-site quota). */
  | 'STORAGE_QUOTA'
  /** The database was written by a newer Kairo; it is left untouched. */
  | 'STORAGE_TOO_NEW'
  /** Another tab holds an older version open and does not let go. */
  | 'STORAGE_BLOCKED'
  | 'STORAGE_FAILED';

export interface StorageError {
  code: StorageErrorCode;
  /** The browser's own words, for a details tooltip; never the only text a user sees. */
  detail: string;
}

export type StorageResult<T> = { ok: true; value: T } | { ok: false; error: StorageError };

/** Names the failure the way the UI needs to explain it. */
export function classifyStorageError(error: unknown): StorageError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (name === 'QuotaExceededError' || /quota/i.test(detail)) return { code: 'STORAGE_QUOTA', detail };
  if (name === 'VersionError') return { code: 'STORAGE_TOO_NEW', detail };
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError') {
    return { code: 'STORAGE_UNAVAILABLE', detail };
  }
  return { code: 'STORAGE_FAILED', detail };
}

let opening: Promise<KairoDb> | undefined;

function openKairoDb(factory: IDBFactory | undefined): Promise<KairoDb> {
  if (!factory) {
    return Promise.reject(Object.assign(new Error('IndexedDB is not available'), { name: 'InvalidStateError' }));
  }
  return new Promise<KairoDb>((resolve, reject) => {
    openDB<KairoSchema>(DB_NAME, STORAGE_SCHEMA_VERSION, {
      upgrade(db, oldVersion, _newVersion, transaction) {
        for (let step = oldVersion; step < MIGRATIONS.length; step++) MIGRATIONS[step]?.(db, transaction);
      },
      blocked() {
        reject(Object.assign(new Error('another Kairo tab keeps an older database open'), { name: 'BlockedError' }));
      },
      blocking(_current, _next, event) {
        // A newer Kairo in another tab wants to upgrade: let it, and open again on the next call.
        (event.target as IDBDatabase).close();
        opening = undefined;
      },
      terminated() {
        opening = undefined;
      },
    }).then(resolve, reject);
  });
}

/**
 * Runs `work` against the open database; opens it on first use. Never throws: a failure to open
 * or to run comes back classified.
 */
export async function withDb<T>(work: (db: KairoDb) => Promise<T>): Promise<StorageResult<T>> {
  try {
    opening ??= openKairoDb(globalThis.indexedDB);
    const db = await opening;
    return { ok: true, value: await work(db) };
  } catch (error) {
    if (error instanceof Error && error.name === 'BlockedError') {
      opening = undefined;
      return { ok: false, error: { code: 'STORAGE_BLOCKED', detail: error.message } };
    }
    const classified = classifyStorageError(error);
    // A database that failed to open may open next time (e.g. after the other tab closed).
    if (classified.code !== 'STORAGE_QUOTA' && classified.code !== 'STORAGE_FAILED') opening = undefined;
    return { ok: false, error: classified };
  }
}

/** Closes the connection (tests, and before deleting the database). */
export async function closeKairoDb(): Promise<void> {
  const pending = opening;
  opening = undefined;
  if (!pending) return;
  try {
    (await pending).close();
  } catch {
    // It never opened; nothing to close.
  }
}
