import type { Graph } from '../graph/types';
import { isLanguage, type Language } from '../i18n/index';
import type { StorageError } from '../storage/db';
import { type KeyValueStorage, LANGUAGE_KEY } from './files';
import type { KairoStore } from './index';

export const AUTOSAVE_DELAY_MS = 400;

export interface Autosave {
  /** Starts writing a pending change now (on page hide, before switching documents). */
  flush(): void;
  /** Resolves when no change is waiting and no write is in flight. */
  settled(): Promise<void>;
  /** `graph` is what storage holds now (a document just opened): no write until it changes. */
  markSaved(graph: Graph): void;
  /** Writes the current graph even if unchanged (to a new document, after a failure). */
  writeAgain(): void;
  dispose(): void;
}

/**
 * Where the autosave stands: 'idle' (nothing written yet, nothing waiting), 'pending' (a change
 * waits for the delay or its write), 'saved' (the current graph is in storage), 'failed' (storage
 * refused it; the next change tries again).
 */
export type AutosaveStatus = 'idle' | 'pending' | 'saved' | 'failed';

/** Told of every status change, with the number of writes tried so far (the UI exposes both). */
export type AutosaveListener = (status: AutosaveStatus, writes: number, error?: StorageError) => void;

/** Where the graph goes: resolves with undefined when written, or the storage's refusal. */
export type GraphSink = (graph: Graph) => Promise<StorageError | undefined>;

/**
 * Saves the graph through `sink` a moment after it stops changing (a drag writes once, at the end).
 * Only the graph is saved: selection, viewport and training state are session state. One write at
 * a time: a change during a write is written after it. 'pending' is reported in the same call
 * stack as the graph change, so no one can see a stale 'saved' after an edit; 'saved' only once
 * the graph on screen is the one in storage.
 */
export function attachAutosave(
  store: KairoStore,
  sink: GraphSink,
  delayMs = AUTOSAVE_DELAY_MS,
  onStatus: AutosaveListener = () => {},
): Autosave {
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** The graph last written (or loaded): what storage holds; null when it must be written regardless. */
  let savedGraph: Graph | null = store.getState().graph;
  /** What to report when the graph on screen is `savedGraph` again ('idle' before any write). */
  let storedStatus: 'idle' | 'saved' = 'idle';
  let writing: Promise<void> | null = null;
  let again = false;
  let writes = 0;
  let disposed = false;
  const waiters: (() => void)[] = [];

  const isSettled = () => timer === null && writing === null;
  const wakeWaiters = () => {
    if (!isSettled()) return;
    for (const wake of waiters.splice(0)) wake();
  };

  const write = (): void => {
    const graph = store.getState().graph;
    if (writing) {
      again = true;
      return;
    }
    if (graph === savedGraph) {
      onStatus(storedStatus, writes);
      wakeWaiters();
      return;
    }
    writes++;
    writing = sink(graph)
      .catch((error: unknown): StorageError => ({ code: 'STORAGE_FAILED', detail: error instanceof Error ? error.message : String(error) }))
      .then((error) => {
        writing = null;
        if (disposed) return;
        if (error) {
          // Reported at once; the next change (or flush) tries again.
          again = false;
          onStatus('failed', writes, error);
          wakeWaiters();
          return;
        }
        savedGraph = graph;
        storedStatus = 'saved';
        if (again) {
          again = false;
          write();
          return;
        }
        // A change made during the write has its timer running and was reported 'pending' already.
        if (timer === null && store.getState().graph === graph) onStatus('saved', writes);
        wakeWaiters();
      });
  };

  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    write();
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.graph === previous.graph) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
    onStatus('pending', writes);
  });

  return {
    flush,
    settled() {
      if (isSettled()) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    markSaved(graph) {
      savedGraph = graph;
    },
    writeAgain() {
      savedGraph = null;
      flush();
    },
    dispose() {
      disposed = true;
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      timer = null;
      for (const wake of waiters.splice(0)) wake();
    },
  };
}

/** The remembered language, else the browser's (Japanese if it prefers Japanese), else English. */
export function initialLanguage(storage: KeyValueStorage | null, browserLanguages: readonly string[]): Language {
  try {
    const stored = storage?.getItem(LANGUAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage disabled: fall through to the browser's preference.
  }
  return browserLanguages.some((tag) => tag.toLowerCase().startsWith('ja')) ? 'ja' : 'en';
}

/** Remembers every language switch. */
export function attachLanguageMemory(store: KairoStore, storage: KeyValueStorage): () => void {
  return store.subscribe((state, previous) => {
    if (state.language === previous.language) return;
    try {
      storage.setItem(LANGUAGE_KEY, state.language);
    } catch {
      // Not remembered; the switch itself still works.
    }
  });
}
