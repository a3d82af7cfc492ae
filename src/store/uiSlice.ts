/** Session state of the editor: never saved in a graph file, never undone. */
import type { StateCreator } from 'zustand';
import type { Issue } from '../graph/issues';
import type { Language } from '../i18n/index';
import type { GraphFragment } from '../graph/edits';
import type { KairoState } from './types';

export type DialogName = 'presets' | 'help' | 'share' | null;

/** Where a graph that failed to load came from (the error panel names it). */
export type LoadSource = 'file' | 'link' | 'saved';

export interface LoadError {
  source: LoadSource;
  /** File name, when there is one. */
  name?: string;
  /** What is wrong, as problems (rendered in the current language when shown). */
  issues: Issue[];
}

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
  /** What the toast is about, as a code (browser tests read it; the text is for people). */
  kind?: string;
}

export interface UiSlice {
  language: Language;
  selectedNodeIds: readonly string[];
  selectedEdgeIds: readonly string[];
  clipboard: GraphFragment | null;
  /** How many times the clipboard has been pasted (each paste lands a little further away). */
  pasteCount: number;
  dialog: DialogName;
  shareLink: string | null;
  loadError: LoadError | null;
  toast: Toast | null;
  trainingPanelOpen: boolean;

  setLanguage(language: Language): void;
  setSelection(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  selectAll(): void;
  openDialog(dialog: DialogName): void;
  showShareLink(link: string): void;
  showLoadError(error: LoadError | null): void;
  showToast(text: string, tone?: Toast['tone'], kind?: string): void;
  dismissToast(id: number): void;
  setTrainingPanelOpen(open: boolean): void;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

let toastCounter = 0;

export const createUiSlice: StateCreator<KairoState, [], [], UiSlice> = (set, get) => ({
  language: 'en',
  selectedNodeIds: [],
  selectedEdgeIds: [],
  clipboard: null,
  pasteCount: 0,
  dialog: null,
  shareLink: null,
  loadError: null,
  toast: null,
  trainingPanelOpen: false,

  setLanguage(language) {
    set({ language });
  },
  setSelection(nodeIds, edgeIds) {
    // Keep the old arrays when nothing changed, so narrow selectors do not re-render.
    const state = get();
    const nodes = sameIds(state.selectedNodeIds, nodeIds) ? state.selectedNodeIds : [...nodeIds];
    const edges = sameIds(state.selectedEdgeIds, edgeIds) ? state.selectedEdgeIds : [...edgeIds];
    if (nodes !== state.selectedNodeIds || edges !== state.selectedEdgeIds) {
      set({ selectedNodeIds: nodes, selectedEdgeIds: edges });
    }
  },
  selectAll() {
    set({ selectedNodeIds: get().graph.nodes.map((node) => node.id), selectedEdgeIds: [] });
  },
  openDialog(dialog) {
    set({ dialog });
  },
  showShareLink(link) {
    set({ shareLink: link, dialog: 'share' });
  },
  showLoadError(error) {
    set({ loadError: error });
  },
  showToast(text, tone = 'info', kind) {
    toastCounter += 1;
    set({ toast: { id: toastCounter, text, tone, ...(kind !== undefined ? { kind } : {}) } });
  },
  dismissToast(id) {
    if (get().toast?.id === id) set({ toast: null });
  },
  setTrainingPanelOpen(open) {
    set({ trainingPanelOpen: open });
  },
});
