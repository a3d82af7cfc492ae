/**
 * What the editor opens on: this tab's document after a reload, else the most recent one, else
 * (first visit) the course CNN on the built-in MNIST; then a shared link in the address, if any,
 * as a new document of its own. Documents live in IndexedDB (src/ui/documents/documentSession.ts);
 * localStorage keeps only the language.
 */
import { kairoStore } from '../store/index';
import { attachLanguageMemory, initialLanguage } from '../store/persistence';
import { appDocumentSession } from './documents/appSession';
import { openLinkInLocation } from './fileActions';
import { firstVisitPreset } from './presets';

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export async function startEditor(): Promise<void> {
  const storage = browserStorage();
  const store = kairoStore.getState();
  store.setLanguage(initialLanguage(storage, navigator.languages ?? [navigator.language]));
  if (storage) attachLanguageMemory(kairoStore, storage);

  // Exposed on <html> (data-autosave, data-autosave-writes) so a browser test can wait for the
  // write instead of guessing how long the debounce and the database take.
  const root = document.documentElement;
  root.dataset.autosave = 'idle';
  root.dataset.autosaveWrites = '0';
  const session = appDocumentSession();
  await session.start(
    () => {
      const preset = firstVisitPreset();
      return preset ? structuredClone(preset.graph) : undefined;
    },
    (status, writes) => {
      root.dataset.autosave = status;
      root.dataset.autosaveWrites = String(writes);
    },
  );
  // The last edits before closing the tab (or a reload) start writing at once, not after the delay.
  window.addEventListener('pagehide', () => session.saveNow());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') session.saveNow();
  });
  // A link opens as a document of its own, on top of this tab's graph (Undo brings it back, and
  // the previous document stays in Recent).
  await openLinkInLocation();
  window.addEventListener('hashchange', () => void openLinkInLocation());
  // The page is ready for a test (or a user) once this tab's document is on screen.
  root.dataset.documents = 'ready';
}
