/**
 * What the file buttons do: open, save, share, new, presets, and loading a link on arrival. Every
 * load goes through parseGraphFile (files and links in the graph-reader worker, their size bounded
 * before and while reading); a failure shows the error panel and leaves the graph as it was. A
 * graph that opens gets a document of its own, so the one it replaces stays in Recent. Save and
 * Share write only what Open accepts.
 */
import { emptyGraph } from '../graph/edits';
import { type ParseResult, parseGraphFile } from '../graph/format';
import type { Graph } from '../graph/types';
import { serializeGraph } from '../graph/serialize';
import { checkedShareLink, fileNameFor, sharedPayload } from '../graph/shareLink';
import { translate } from '../i18n/index';
import { renderIssue } from '../i18n/renderIssue';
import { kairoStore } from '../store/index';
import type { LoadSource } from '../store/uiSlice';
import { appDocumentSession } from './documents/appSession';
import { readGraphInBackground } from './documents/readInBackground';
import { countText } from './countText';
import { downloadBlob } from './download';

function t(key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]): string {
  return translate(kairoStore.getState().language, key, vars);
}

/** Applies a load result: the new graph as one undoable step, or the error panel. */
function applyLoad(result: ParseResult, source: LoadSource, name?: string): boolean {
  const state = kairoStore.getState();
  if (!result.ok) {
    state.showLoadError({ source, issues: result.issues, ...(name !== undefined ? { name } : {}) });
    return false;
  }
  // The graph it replaces keeps its document (in Recent); the opened one gets its own, stored at once.
  const session = appDocumentSession();
  session.beginDocument(source === 'link' ? 'link' : 'file');
  state.replaceGraph(result.graph);
  session.saveNow();
  state.showLoadError(null);
  if (result.warnings.length > 0) state.showToast(t('files.warnings', { warnings: countText(state.language, 'warning', result.warnings.length) }));
  else if (source === 'link') state.showToast(t('reliability.linkOpened'));
  else if (name !== undefined) state.showToast(t('files.opened', { name }));
  return true;
}

export function newGraph(): void {
  appDocumentSession().beginDocument('new');
  kairoStore.getState().replaceGraph(emptyGraph());
  kairoStore.getState().showLoadError(null);
}

/** Opens a picked or dropped file: its size is checked first, then it is read off the main thread. */
export async function openGraphFile(file: File): Promise<boolean> {
  return applyLoad(await readGraphInBackground({ kind: 'file', file }), 'file', file.name);
}

/** Loads a `#g=...` payload; false (and the error panel) when it is damaged, too large or invalid. */
export async function openSharePayload(payload: string): Promise<boolean> {
  return applyLoad(await readGraphInBackground({ kind: 'link', payload }), 'link');
}

/** Opens the graph in the page's fragment, if there is one, then removes it from the address bar. */
export async function openLinkInLocation(): Promise<boolean | null> {
  const payload = sharedPayload(window.location.hash);
  if (payload === null) return null;
  // The graph lives on in its document; a stale fragment would open it again over later edits.
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return openSharePayload(payload);
}

export function makeShareLink(): void {
  const state = kairoStore.getState();
  const made = checkedShareLink(state.graph, window.location.href);
  if (made.ok) state.showShareLink(made.link);
  else state.showToast(t('reliability.cannotShare', { reason: renderIssue(made.issue, state.language) }), 'error');
}

interface SaveFilePickerOptions {
  suggestedName?: string;
  types?: { description?: string; accept: Record<string, string[]> }[];
}
interface WritableFile {
  write(data: Blob): Promise<void>;
  close(): Promise<void>;
}
interface SaveFileHandle {
  name: string;
  createWritable(): Promise<WritableFile>;
}
type WindowWithFilePicker = Window & {
  showSaveFilePicker?: (options?: SaveFilePickerOptions) => Promise<SaveFileHandle>;
};

/** Saves through the browser's save dialog where it has one, else as a download. */
export async function saveGraphFile(): Promise<void> {
  const state = kairoStore.getState();
  const name = fileNameFor(state.graph);
  const text = serializeGraph(state.graph);
  // The editor keeps to the loader's limits, so this holds; should it not, no file Open refuses is written.
  const reopened = parseGraphFile(text);
  if (!reopened.ok) {
    const reason = reopened.issues[0] ? renderIssue(reopened.issues[0], state.language) : '';
    state.showToast(t('files.saveFailed', { reason }), 'error');
    return;
  }
  const blob = new Blob([text], { type: 'application/json' });
  const picker = (window as WindowWithFilePicker).showSaveFilePicker;
  if (picker) {
    try {
      const handle = await picker({
        suggestedName: name,
        types: [{ description: `${t('app.name')} (.kairo.json)`, accept: { 'application/json': ['.json'] } }],
      });
      const writable = await handle.createWritable();
      await writable.write(blob);
      await writable.close();
      appDocumentSession().noteSavedToFile(state.graph);
      state.showToast(t('files.saved', { name: handle.name }));
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      const reason = error instanceof Error ? error.message : String(error);
      state.showToast(t('files.saveFailed', { reason }), 'error');
    }
    return;
  }
  downloadBlob(blob, name);
  appDocumentSession().noteSavedToFile(state.graph);
  state.showToast(t('files.saved', { name }));
}

export function openPreset(graph: Graph): void {
  const state = kairoStore.getState();
  appDocumentSession().beginDocument('new');
  state.replaceGraph(structuredClone(graph));
  state.showLoadError(null);
  state.openDialog(null);
}

/** Whether a drag carries files (the canvas then offers to open a graph file). */
export function dragHasFiles(event: { dataTransfer: DataTransfer | null }): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}
