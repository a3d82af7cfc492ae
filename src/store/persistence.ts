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
 * Saves the graph to `storage` a moment after it stops changing (a drag writes once, at the end).
 * Only the graph is saved: selection, viewport and training state are session state.
 */
export function attachAutosave(store: KairoStore, storage: KeyValueStorage, delayMs = AUTOSAVE_DELAY_MS): Autosave {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let savedGraph = store.getState().graph;

  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const { graph } = store.getState();
    if (graph === savedGraph) return;
    savedGraph = graph;
    writeAutosave(storage, graph);
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.graph === previous.graph) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
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
