import { readFileSync } from 'node:fs';
import { deflateSync, strToU8 } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseGraphFile } from '../../src/graph/format';
import { serializeGraph as graphToText } from '../../src/graph/serialize';
import { decodeSharePayload, encodeShareFragment, fileNameFor, sharedPayload, shareLinkFor } from '../../src/graph/shareLink';
import type { Graph } from '../../src/graph/types';
import type { StorageError } from '../../src/storage/db';
import { type KeyValueStorage, LANGUAGE_KEY } from '../../src/store/files';
import { createKairoStore } from '../../src/store/index';
import { attachAutosave, attachLanguageMemory, type GraphSink, initialLanguage } from '../../src/store/persistence';

function preset(name: string): Graph {
  const result = parseGraphFile(readFileSync(new URL(`../../presets/${name}.json`, import.meta.url), 'utf8'));
  if (!result.ok) throw new Error(`preset ${name} does not load`);
  return result.graph;
}

class MemoryStorage implements KeyValueStorage {
  readonly values = new Map<string, string>();
  writes = 0;
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.writes += 1;
    this.values.set(key, value);
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
}

function base64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('share links', () => {
  it('round-trips the CNN through a link to exactly the same graph', () => {
    const graph = preset('mnist-cnn');
    const link = shareLinkFor(graph, 'http://127.0.0.1:4173/?x=1#old');
    expect(link.startsWith('http://127.0.0.1:4173/?x=1#g=')).toBe(true);
    const payload = sharedPayload(new URL(link).hash);
    expect(payload).not.toBeNull();
    const decoded = decodeSharePayload(payload ?? '');
    expect(decoded.ok).toBe(true);
    if (decoded.ok) expect(graphToText(decoded.graph)).toBe(graphToText(graph));
    // Compressed, the course CNN (with its bilingual description) fits comfortably in a URL
    // that chat apps and mail clients pass on unbroken.
    expect(encodeShareFragment(graph).length).toBeLessThan(4_000);
  });

  it('reports a link that does not decompress as LINK_DAMAGED', () => {
    const damaged = { ok: false, issues: [expect.objectContaining({ code: 'LINK_DAMAGED' })] };
    expect(decodeSharePayload('not base64 at all!')).toMatchObject(damaged);
    expect(decodeSharePayload(base64Url(strToU8('plain text, never deflated')))).toMatchObject(damaged);
    const cut = encodeShareFragment(preset('mnist-mlp')).slice(2, 60);
    expect(decodeSharePayload(cut)).toMatchObject({ ok: false });
  });

  it('reports a link whose content is not a graph with parseGraphFile codes', () => {
    const result = decodeSharePayload(base64Url(deflateSync(strToU8('{"format":"something-else"}'))));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.code)).toContain('WRONG_FORMAT');
  });

  it('finds the payload only under its own name in the fragment', () => {
    expect(sharedPayload('#g=abc')).toBe('abc');
    expect(sharedPayload('#other=abc')).toBeNull();
    expect(sharedPayload('')).toBeNull();
  });
});

/** A sink that records what it was given and answers when told to (or at once). */
function recordingSink(options: { fail?: StorageError; manual?: boolean } = {}) {
  const written: string[] = [];
  const pending: (() => void)[] = [];
  const sink: GraphSink = (graph) => {
    written.push(graphToText(graph));
    if (!options.manual) return Promise.resolve(options.fail);
    return new Promise((resolve) => pending.push(() => resolve(options.fail)));
  };
  return { sink, written, finishNext: () => pending.shift()?.() };
}

describe('autosave', () => {
  it('writes once after a burst of edits: the graph on screen', async () => {
    vi.useFakeTimers();
    const { sink, written } = recordingSink();
    const store = createKairoStore({ graph: preset('mnist-logreg') });
    const autosave = attachAutosave(store, sink, 400);
    store.getState().setParam('dense', 'units', 1);
    store.getState().setParam('dense', 'units', 16);
    store.getState().moveNodes(new Map([['dense', { x: 5, y: 6 }]]));
    expect(written).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(399);
    expect(written).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(written).toEqual([graphToText(store.getState().graph)]);
    autosave.dispose();
  });

  it('flush writes a pending change at once, and nothing when there is none', async () => {
    vi.useFakeTimers();
    const { sink, written } = recordingSink();
    const store = createKairoStore({ graph: preset('mnist-logreg') });
    const autosave = attachAutosave(store, sink, 400);
    autosave.flush();
    expect(written).toHaveLength(0);
    store.getState().addNodeOfType('dropout', { x: 0, y: 0 });
    autosave.flush();
    expect(written).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(written).toHaveLength(1);
    autosave.dispose();
  });

  it('reports pending at the change itself, and saved only once that graph is written', async () => {
    vi.useFakeTimers();
    const { sink, finishNext } = recordingSink({ manual: true });
    const store = createKairoStore({ graph: preset('mnist-logreg') });
    const reports: string[] = [];
    const autosave = attachAutosave(store, sink, 400, (status, writes) => reports.push(`${status}:${writes}`));
    store.getState().setParam('dense', 'units', 16);
    expect(reports).toEqual(['pending:0']);
    await vi.advanceTimersByTimeAsync(400);
    expect(reports).toEqual(['pending:0']);
    finishNext();
    await vi.advanceTimersByTimeAsync(0);
    expect(reports).toEqual(['pending:0', 'saved:1']);
    autosave.dispose();
  });

  it('writes a change made during a write after it, and says saved only after the second', async () => {
    vi.useFakeTimers();
    const { sink, written, finishNext } = recordingSink({ manual: true });
    const store = createKairoStore({ graph: preset('mnist-logreg') });
    const reports: string[] = [];
    const autosave = attachAutosave(store, sink, 400, (status) => reports.push(status));
    store.getState().setParam('dense', 'units', 16);
    autosave.flush();
    store.getState().setParam('dense', 'units', 8);
    autosave.flush();
    expect(written).toHaveLength(1);
    finishNext();
    await vi.advanceTimersByTimeAsync(0);
    expect(written).toHaveLength(2);
    expect(reports.filter((status) => status === 'saved')).toEqual([]);
    finishNext();
    await vi.advanceTimersByTimeAsync(0);
    expect(written[1]).toBe(graphToText(store.getState().graph));
    expect(reports.at(-1)).toBe('saved');
    autosave.dispose();
  });

  it('says failed, with the storage code, when storage refuses; the next change tries again', async () => {
    const quota: StorageError = { code: 'STORAGE_QUOTA', detail: 'quota' };
    const { sink, written } = recordingSink({ fail: quota });
    const store = createKairoStore({ graph: preset('mnist-logreg') });
    const reports: string[] = [];
    const autosave = attachAutosave(store, sink, 0, (status, _writes, error) => reports.push(`${status}${error ? `:${error.code}` : ''}`));
    store.getState().addNodeOfType('dropout', { x: 0, y: 0 });
    autosave.flush();
    await autosave.settled();
    expect(reports).toEqual(['pending', 'failed:STORAGE_QUOTA']);
    store.getState().addNodeOfType('dropout', { x: 0, y: 0 });
    autosave.flush();
    await autosave.settled();
    expect(written).toHaveLength(2);
    autosave.dispose();
  });
});

describe('language memory', () => {
  it('prefers the remembered language, then the browser’s', () => {
    const storage = new MemoryStorage();
    expect(initialLanguage(storage, ['ja-JP', 'en'])).toBe('ja');
    expect(initialLanguage(storage, ['en-GB'])).toBe('en');
    storage.setItem(LANGUAGE_KEY, 'en');
    expect(initialLanguage(storage, ['ja-JP'])).toBe('en');
    storage.setItem(LANGUAGE_KEY, 'klingon');
    expect(initialLanguage(storage, ['en'])).toBe('en');
  });

  it('remembers a switch', () => {
    const storage = new MemoryStorage();
    const store = createKairoStore();
    const detach = attachLanguageMemory(store, storage);
    store.getState().setLanguage('ja');
    expect(storage.getItem(LANGUAGE_KEY)).toBe('ja');
    detach();
  });
});

describe('file names', () => {
  it('names a saved file after the graph title', () => {
    expect(fileNameFor(preset('mnist-cnn'))).toMatch(/^mnist-convolutional-network\.kairo\.json$/);
    const untitled = { ...preset('mnist-cnn'), meta: { title: { en: '', ja: '' }, description: { en: '', ja: '' } } };
    expect(fileNameFor(untitled)).toBe('graph.kairo.json');
  });
});
