import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseGraphFile, serializeGraph } from '../../src/graph/format';
import type { Graph } from '../../src/graph/types';
import { closeKairoDb, DB_NAME } from '../../src/storage/db';
import { listDocuments, listVersions } from '../../src/storage/documents';
import { type KeyValueStorage, LEGACY_AUTOSAVE_KEY } from '../../src/store/files';
import { createKairoStore, type KairoStore } from '../../src/store/index';
import { DocumentSession } from '../../src/ui/documents/documentSession';
import { deleteKairoDb } from './kairoDbFixture';

/**
 * Issue 14's cases 1, 2, 4 and 5 on the document session itself (IndexedDB from fake-indexeddb,
 * Node's BroadcastChannel between "tabs"): nothing the user made is lost through the autosave.
 */

function preset(name: string): Graph {
  const result = parseGraphFile(readFileSync(new URL(`../../presets/${name}.json`, import.meta.url), 'utf8'));
  if (!result.ok) throw new Error(`preset ${name} does not load`);
  return result.graph;
}

class MemoryStorage implements KeyValueStorage {
  readonly values = new Map<string, string>();
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.values.set(key, value);
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
}

let channelName = '';
const sessions: DocumentSession[] = [];

/** One browser tab: its own store and sessionStorage; localStorage and the database are shared. */
async function openTab(
  tabStorage: MemoryStorage,
  legacyStorage: MemoryStorage,
  firstVisit: Graph = preset('mnist-cnn'),
): Promise<{ store: KairoStore; session: DocumentSession; statuses: string[] }> {
  const store = createKairoStore();
  const statuses: string[] = [];
  const session = new DocumentSession(store, {
    tabStorage,
    legacyStorage,
    openChannel: () => new BroadcastChannel(channelName),
    autosaveDelayMs: 0,
  });
  sessions.push(session);
  await session.start(() => structuredClone(firstVisit), (status) => statuses.push(status));
  return { store, session, statuses };
}

/** An edit the tests can recognise: the first dense layer's units. */
function setUnits(store: KairoStore, units: number): void {
  const dense = store.getState().graph.nodes.find((node) => node.type === 'dense');
  if (!dense) throw new Error('no dense node');
  store.getState().setParam(dense.id, 'units', units);
}

function unitsOf(store: KairoStore): unknown {
  return store.getState().graph.nodes.find((node) => node.type === 'dense')?.params.units;
}

async function edited(tab: { store: KairoStore; session: DocumentSession }, units: number): Promise<void> {
  setUnits(tab.store, units);
  tab.session.saveNow();
  await tab.session.settled();
}

afterEach(async () => {
  for (const session of sessions.splice(0)) session.dispose();
  vi.restoreAllMocks();
  await deleteKairoDb();
});

describe('documents: a reload continues the tab’s document', () => {
  it('restores exactly the graph, and keeps a version of it', async () => {
    channelName = `kairo-test-${Math.random()}`;
    const tabStorage = new MemoryStorage();
    const shared = new MemoryStorage();
    const first = await openTab(tabStorage, shared);
    await edited(first, 64);
    const text = serializeGraph(first.store.getState().graph);
    first.session.dispose();

    const again = await openTab(tabStorage, shared);
    expect(serializeGraph(again.store.getState().graph)).toBe(text);
    expect(again.session.documentId).toBe(first.session.documentId);
    const versions = await listVersions(first.session.documentId);
    expect(versions.ok && versions.value.length).toBeGreaterThan(0);
  });

  it('moves the old single localStorage autosave into a document once', async () => {
    channelName = `kairo-test-${Math.random()}`;
    const legacy = new MemoryStorage();
    const text = serializeGraph(preset('mnist-mlp'));
    legacy.setItem(LEGACY_AUTOSAVE_KEY, text);
    const tab = await openTab(new MemoryStorage(), legacy);
    expect(serializeGraph(tab.store.getState().graph)).toBe(text);
    expect(legacy.getItem(LEGACY_AUTOSAVE_KEY)).toBeNull();
    const listed = await listDocuments();
    expect(listed.ok && listed.value.map((document) => document.origin)).toEqual(['autosave']);
  });
});

describe('case 1: storage that refuses is said, and stays said', () => {
  it('reports unavailable storage at start, and a failed write after an edit', async () => {
    channelName = `kairo-test-${Math.random()}`;
    const factory = globalThis.indexedDB;
    vi.stubGlobal('indexedDB', undefined);
    try {
      const tab = await openTab(new MemoryStorage(), new MemoryStorage());
      expect(tab.store.getState().storageProblem?.code).toBe('STORAGE_UNAVAILABLE');
      await edited(tab, 64);
      expect(tab.statuses.at(-1)).toBe('failed');
      expect(tab.store.getState().storageProblem?.code).toBe('STORAGE_UNAVAILABLE');
    } finally {
      vi.stubGlobal('indexedDB', factory);
    }
  });

  it('reports a full disk, keeps the notice until a write succeeds, and then clears it', async () => {
    channelName = `kairo-test-${Math.random()}`;
    const tab = await openTab(new MemoryStorage(), new MemoryStorage());
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await edited(tab, 64);
    expect(tab.statuses.at(-1)).toBe('failed');
    expect(tab.store.getState().storageProblem?.code).toBe('STORAGE_QUOTA');
    put.mockRestore();
    tab.session.retry();
    await tab.session.settled();
    expect(tab.statuses.at(-1)).toBe('saved');
    expect(tab.store.getState().storageProblem).toBeNull();
  });
});

describe('case 1: closing a tab whose graph is kept nowhere is asked first', () => {
  it('counts the graph at risk only once it changes where storage refuses, until it is saved to a file', async () => {
    channelName = `kairo-test-${Math.random()}`;
    const factory = globalThis.indexedDB;
    vi.stubGlobal('indexedDB', undefined);
    try {
      const tab = await openTab(new MemoryStorage(), new MemoryStorage());
      // The first-visit graph, never changed: nothing of the user's would be lost.
      expect(tab.session.hasUnkeptWork()).toBe(false);
      await edited(tab, 64);
      expect(tab.session.hasUnkeptWork()).toBe(true);
      tab.session.noteSavedToFile(tab.store.getState().graph);
      expect(tab.session.hasUnkeptWork()).toBe(false);
      await edited(tab, 65);
      expect(tab.session.hasUnkeptWork()).toBe(true);
    } finally {
      vi.stubGlobal('indexedDB', factory);
    }
  });

  it('stops counting it once a retried write is stored', async () => {
    channelName = `kairo-test-${Math.random()}`;
    const tab = await openTab(new MemoryStorage(), new MemoryStorage());
    await edited(tab, 64);
    expect(tab.session.hasUnkeptWork()).toBe(false);
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await edited(tab, 65);
    expect(tab.session.hasUnkeptWork()).toBe(true);
    put.mockRestore();
    tab.session.retry();
    await tab.session.settled();
    expect(tab.session.hasUnkeptWork()).toBe(false);
  });
});

describe('case 1: a full disk has a way out — removing graphs from Recent', () => {
  it('removes another document with all its versions, and never the one this tab edits', async () => {
    channelName = `kairo-test-${Math.random()}`;
    const tab = await openTab(new MemoryStorage(), new MemoryStorage());
    await edited(tab, 64);
    const earlier = tab.session.documentId;
    tab.session.beginDocument('new');
    tab.store.getState().replaceGraph(preset('mnist-mlp'));
    tab.session.saveNow();
    await tab.session.settled();
    const current = tab.session.documentId;

    expect(await tab.session.removeStored(current)).toBe(false);
    expect(await tab.session.removeStored(earlier)).toBe(true);
    const listed = await listDocuments();
    expect(listed.ok && listed.value.map((document) => document.id)).toEqual([current]);
    const versions = await listVersions(earlier);
    expect(versions.ok && versions.value).toEqual([]);
    // This tab's graph is untouched and still stored.
    await edited(tab, 32);
    expect(tab.statuses.at(-1)).toBe('saved');
  });
});

describe('case 2: two tabs never overwrite each other', () => {
  it('keeps each tab’s own graph when two tabs edit different graphs', async () => {
    channelName = `kairo-test-${Math.random()}`;
    const shared = new MemoryStorage();
    const tabA = new MemoryStorage();
    const tabB = new MemoryStorage();
    const a = await openTab(tabA, shared);
    await edited(a, 64);
    const b = await openTab(tabB, shared, preset('mnist-mlp'));
    // B opened A's document (the latest) and, A being there, now saves to a copy.
    await vi.waitFor(() => expect(b.store.getState().otherTab).toBe('copied'));
    await vi.waitFor(() => expect(a.store.getState().otherTab).toBe('joined'));
    expect(b.session.documentId).not.toBe(a.session.documentId);
    await edited(b, 7);
    await edited(a, 65);

    a.session.dispose();
    b.session.dispose();
    const reopenedA = await openTab(tabA, shared);
    const reopenedB = await openTab(tabB, shared);
    expect(unitsOf(reopenedA.store)).toBe(65);
    expect(unitsOf(reopenedB.store)).toBe(7);
  });
});

describe('case 4: an autosave this Kairo cannot read is kept, never written over', () => {
  it('keeps a newer Kairo’s autosave aside, offers its exact text, and edits go elsewhere', async () => {
    channelName = `kairo-test-${Math.random()}`;
    const legacy = new MemoryStorage();
    const newer = serializeGraph(preset('mnist-mlp')).replace('"version": 1', '"version": 2');
    legacy.setItem(LEGACY_AUTOSAVE_KEY, newer);
    const tab = await openTab(new MemoryStorage(), legacy);
    const unreadable = tab.store.getState().unreadable;
    expect(unreadable?.issues.map((issue) => issue.code)).toContain('VERSION_TOO_NEW');
    expect(await tab.session.rawText(unreadable?.documentId ?? null)).toBe(newer);

    await edited(tab, 64);
    await edited(tab, 65);
    expect(await tab.session.rawText(unreadable?.documentId ?? null)).toBe(newer);
    const listed = await listDocuments();
    if (!listed.ok) throw new Error('no list');
    expect(listed.value.filter((document) => !document.readable).map((document) => document.id)).toEqual([unreadable?.documentId]);
  });

  it('keeps a stored document that no longer reads (an unknown param) and opens something else', async () => {
    channelName = `kairo-test-${Math.random()}`;
    const tabStorage = new MemoryStorage();
    const shared = new MemoryStorage();
    const first = await openTab(tabStorage, shared);
    await edited(first, 64);
    first.session.dispose();
    // The stored text is damaged behind Kairo's back (written by a future node version, say).
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME);
      request.onsuccess = () => {
        const db = request.result;
        const store = db.transaction('documents', 'readwrite').objectStore('documents');
        const get = store.get(first.session.documentId);
        get.onsuccess = () => {
          const stored = get.result;
          stored.text = stored.text.replace('"units": 64', '"unitz": 64');
          store.put(stored).onsuccess = () => {
            db.close();
            resolve();
          };
        };
      };
      request.onerror = () => reject(request.error);
    });
    await closeKairoDb();
    const again = await openTab(tabStorage, shared);
    expect(again.store.getState().unreadable?.issues.map((issue) => issue.code)).toContain('UNKNOWN_PARAM');
    expect(again.session.documentId).not.toBe(first.session.documentId);
    await edited(again, 3);
    expect(await again.session.rawText(first.session.documentId)).toContain('"unitz": 64');
  });
});

describe('case 5: a link adds a document, it never replaces one', () => {
  it('keeps the graph a link replaced in its own document', async () => {
    channelName = `kairo-test-${Math.random()}`;
    const tab = await openTab(new MemoryStorage(), new MemoryStorage());
    await edited(tab, 64);
    const before = tab.session.documentId;
    tab.session.beginDocument('link');
    tab.store.getState().replaceGraph(preset('mnist-logreg'));
    tab.session.saveNow();
    await tab.session.settled();
    expect(tab.session.documentId).not.toBe(before);
    const listed = await listDocuments();
    if (!listed.ok) throw new Error('no list');
    expect(listed.value.map((document) => document.origin).sort()).toEqual(['link', 'new']);
    expect(await tab.session.rawText(before)).toContain('"units": 64');
    // Opening the earlier document from Recent brings it back in this tab.
    expect(await tab.session.openStored(before)).toBe(true);
    expect(unitsOf(tab.store)).toBe(64);
  });
});
