import { isLanguage, type Language } from '../i18n/index';
import type { KairoStore } from './index';
import { type KeyValueStorage, LANGUAGE_KEY, writeAutosave } from './files';

export const AUTOSAVE_DELAY_MS = 400;

export interface Autosave {
  /** Writes a pending change now (on page hide, before a test reloads). */
  flush(): void;
  dispose(): void;
}

/**
 * Where the autosave stands: 'idle' (nothing written yet, nothing waiting), 'pending' (a change
 * waits for the delay), 'saved' (the current graph is in storage), 'failed' (storage refused it).
 */
export type AutosaveStatus = 'idle' | 'pending' | 'saved' | 'failed';

/** Told of every status change, with the number of writes tried so far (the UI exposes both). */
export type AutosaveListener = (status: AutosaveStatus, writes: number) => void;

/**
 * Saves the graph to `storage` a moment after it stops changing (a drag writes once, at the end).
 * Only the graph is saved: selection, viewport and training state are session state.
 * 'pending' is reported in the same call stack as the graph change, so no one can see a stale
 * 'saved' after an edit.
 */
export function attachAutosave(
  store: KairoStore,
  storage: KeyValueStorage,
  delayMs = AUTOSAVE_DELAY_MS,
  onStatus: AutosaveListener = () => {},
): Autosave {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let savedGraph = store.getState().graph;
  let settled: Exclude<AutosaveStatus, 'pending'> = 'idle';
  let writes = 0;

  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const { graph } = store.getState();
    if (graph !== savedGraph) {
      savedGraph = graph;
      writes++;
      settled = writeAutosave(storage, graph) ? 'saved' : 'failed';
    }
    onStatus(settled, writes);
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.graph === previous.graph) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
    onStatus('pending', writes);
  });

  return {
    flush,
    dispose() {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
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
