/**
 * What the browser keeps outside the documents database: the remembered language (localStorage
 * holds nothing but preferences), and the key under which Kairo before documents kept its one
 * autosave — read once, moved into a document (src/ui/documents/documentSession.ts), then removed.
 */
export const LANGUAGE_KEY = 'kairo.language';
/** The single autosave of earlier versions (one graph for every tab); migrated, never written. */
export const LEGACY_AUTOSAVE_KEY = 'kairo.autosave';
/** sessionStorage: the document this tab edits, so a reload continues it. */
export const TAB_DOCUMENT_KEY = 'kairo.document';

/** Minimal Web Storage surface, so tests can pass a Map-backed one. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Reads a key; null when absent or when the storage refuses (disabled, private mode). */
export function readKey(storage: KeyValueStorage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Writes a key; false when the storage refuses. */
export function writeKey(storage: KeyValueStorage | null, key: string, value: string): boolean {
  try {
    storage?.setItem(key, value);
    return storage !== null;
  } catch {
    return false;
  }
}

export function removeKey(storage: KeyValueStorage | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // Nothing to do: the key stays, and is read again next time.
  }
}
