/**
 * What the editor opens on: a shared link if the address has one, else the autosaved graph, else
 * (first visit) the course CNN on the built-in MNIST. Then autosave and language memory start.
 */
import { readAutosave } from '../store/files';
import { kairoStore } from '../store/index';
import { AUTOSAVE_DELAY_MS, attachAutosave, attachLanguageMemory, initialLanguage } from '../store/persistence';
import { openLinkInLocation } from './fileActions';
import { firstVisitPreset } from './presets';

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function startEditor(): void {
  const storage = browserStorage();
  const store = kairoStore.getState();
  store.setLanguage(initialLanguage(storage, navigator.languages ?? [navigator.language]));

  const saved = storage ? readAutosave(storage) : null;
  if (saved?.ok) {
    store.resetGraph(saved.graph);
  } else {
    const preset = firstVisitPreset();
    if (preset) store.resetGraph(structuredClone(preset.graph));
    if (saved && !saved.ok) store.showLoadError({ source: 'saved', issues: saved.issues });
  }
  if (storage) {
    // Exposed on <html> (data-autosave, data-autosave-writes) so a browser test can wait for the
    // write instead of guessing how long the debounce takes.
    const root = document.documentElement;
    root.dataset.autosave = 'idle';
    root.dataset.autosaveWrites = '0';
    const autosave = attachAutosave(kairoStore, storage, AUTOSAVE_DELAY_MS, (status, writes) => {
      root.dataset.autosave = status;
      root.dataset.autosaveWrites = String(writes);
    });
    // The last edits before closing the tab (or a reload) are written at once, not after the delay.
    window.addEventListener('pagehide', autosave.flush);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') autosave.flush();
    });
    attachLanguageMemory(kairoStore, storage);
  }

  // A link opens on top of the saved graph (so Undo brings the user's own work back), after the
  // autosave is listening, so the opened graph is what a reload restores.
  openLinkInLocation();
  window.addEventListener('hashchange', () => openLinkInLocation());
}
