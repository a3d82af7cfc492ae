/**
 * Documents: every graph the user opened, edited or received by link, each with its last versions,
 * in IndexedDB (src/storage/db.ts). A document is stored as graph-file text (the same text Save
 * writes), read back through parseGraphFile, so a damaged or too-new one is reported like any file
 * and its text is never lost: a document Kairo cannot read is kept as it is, marked unreadable, and
 * can be downloaded. Nothing here ever deletes a document; only a document's oldest versions beyond
 * MAX_VERSIONS are dropped.
 */
import type { LocalizedText } from '../graph/types';
import { type StorageResult, withDb } from './db';

export type DocumentOrigin =
  /** Typed into the editor from scratch, a preset, or New. */
  | 'new'
  | 'file'
  | 'link'
  /** The autosave of an older Kairo (one localStorage key), moved here once. */
  | 'autosave'
  /** A copy made because another tab was already editing the document. */
  | 'copy'
  /** An earlier version, opened again as a document of its own. */
  | 'version';

export interface StoredDocument {
  id: string;
  origin: DocumentOrigin;
  createdAt: number;
  updatedAt: number;
  title: LocalizedText;
  nodeCount: number;
  /** The graph as file text. */
  text: string;
  /** False when this Kairo could not read the text (kept as it is, for download). */
  readable: boolean;
  /** Why it could not be read: the problem codes, for the list. */
  problems?: string[];
}

export interface StoredVersion {
  /** Assigned by the database. */
  id?: number;
  documentId: string;
  savedAt: number;
  title: LocalizedText;
  nodeCount: number;
  text: string;
}

/** A document without its text: what the Recent list shows. */
export type DocumentSummary = Omit<StoredDocument, 'text'>;

declare module './db' {
  interface KairoSchema {
    documents: { key: string; value: StoredDocument; indexes: { byUpdated: number } };
    versions: { key: number; value: StoredVersion; indexes: { byDocument: string } };
  }
}

/** Versions kept per document (the oldest beyond this are dropped). */
export const MAX_VERSIONS = 20;
/** A new version is kept when the last one is older than this (or the document is new). */
export const VERSION_INTERVAL_MS = 2 * 60 * 1000;

/** A fresh document id: unique across tabs and visits. */
export function newDocumentId(): string {
  const random =
    typeof crypto !== 'undefined' && 'randomUUID' in crypto
      ? crypto.randomUUID()
      : `${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  return `doc-${Date.now().toString(36)}-${random}`;
}

export interface DocumentWrite {
  id: string;
  origin: DocumentOrigin;
  title: LocalizedText;
  nodeCount: number;
  text: string;
  /** Keep this text as a version now, whatever the interval (a graph just opened). */
  forceVersion?: boolean;
}

/**
 * Writes a document's current text (creating it if new) and, every VERSION_INTERVAL_MS, a version;
 * one transaction, so a failure leaves the stored document as it was.
 */
export function saveDocument(write: DocumentWrite, now = Date.now()): Promise<StorageResult<void>> {
  return withDb(async (db) => {
    const transaction = db.transaction(['documents', 'versions'], 'readwrite');
    const documents = transaction.objectStore('documents');
    const versions = transaction.objectStore('versions');
    const existing = await documents.get(write.id);
    // A text this Kairo could not read is kept exactly as it is; the session never writes over it.
    if (existing && !existing.readable) throw new Error(`document ${write.id} is kept unread and is not written over`);
    await documents.put({
      id: write.id,
      origin: existing?.origin ?? write.origin,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      title: write.title,
      nodeCount: write.nodeCount,
      text: write.text,
      readable: true,
    });
    const kept = await versions.index('byDocument').getAll(write.id);
    const last = kept.reduce<StoredVersion | undefined>((latest, each) => (!latest || each.savedAt > latest.savedAt ? each : latest), undefined);
    if (write.forceVersion || !last || now - last.savedAt >= VERSION_INTERVAL_MS) {
      if (last?.text !== write.text) {
        await versions.add({ documentId: write.id, savedAt: now, title: write.title, nodeCount: write.nodeCount, text: write.text });
        kept.push({ documentId: write.id, savedAt: now, title: write.title, nodeCount: write.nodeCount, text: write.text });
      }
    }
    const surplus = kept.sort((a, b) => a.savedAt - b.savedAt).slice(0, Math.max(0, kept.length - MAX_VERSIONS));
    for (const old of surplus) if (old.id !== undefined) await versions.delete(old.id);
    await transaction.done;
  });
}

/** Keeps a text Kairo cannot read as a document of its own, unchanged, so it can be downloaded. */
export function keepUnreadable(text: string, origin: DocumentOrigin, problems: readonly string[], now = Date.now()): Promise<StorageResult<string>> {
  const id = newDocumentId();
  return withDb(async (db) => {
    await db.put('documents', {
      id,
      origin,
      createdAt: now,
      updatedAt: now,
      title: { en: '', ja: '' },
      nodeCount: 0,
      text,
      readable: false,
      problems: [...problems],
    });
    return id;
  });
}

/** Marks a stored document unreadable (its text stays as it is). */
export function markUnreadable(id: string, problems: readonly string[]): Promise<StorageResult<void>> {
  return withDb(async (db) => {
    const transaction = db.transaction('documents', 'readwrite');
    const stored = await transaction.store.get(id);
    if (stored) await transaction.store.put({ ...stored, readable: false, problems: [...problems] });
    await transaction.done;
  });
}

export function loadDocument(id: string): Promise<StorageResult<StoredDocument | undefined>> {
  return withDb((db) => db.get('documents', id));
}

/** Every document, most recently changed first, without the texts. */
export function listDocuments(): Promise<StorageResult<DocumentSummary[]>> {
  return withDb(async (db) => {
    const summaries: DocumentSummary[] = [];
    let cursor = await db.transaction('documents').store.index('byUpdated').openCursor(null, 'prev');
    while (cursor) {
      const { text: _text, ...summary } = cursor.value;
      summaries.push(summary);
      cursor = await cursor.continue();
    }
    return summaries;
  });
}

/** The most recently changed document Kairo could read last time, if any. */
export function latestReadableDocument(): Promise<StorageResult<StoredDocument | undefined>> {
  return withDb(async (db) => {
    let cursor = await db.transaction('documents').store.index('byUpdated').openCursor(null, 'prev');
    while (cursor && !cursor.value.readable) cursor = await cursor.continue();
    return cursor?.value;
  });
}

/** A document's versions, newest first. */
export function listVersions(documentId: string): Promise<StorageResult<StoredVersion[]>> {
  return withDb(async (db) => {
    const versions = await db.getAllFromIndex('versions', 'byDocument', documentId);
    return versions.sort((a, b) => b.savedAt - a.savedAt);
  });
}

export function loadVersion(id: number): Promise<StorageResult<StoredVersion | undefined>> {
  return withDb((db) => db.get('versions', id));
}
