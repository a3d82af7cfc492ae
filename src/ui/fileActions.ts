/**
 * What the file buttons do: open, save, share, new, presets, and loading a link on arrival. Every
 * load goes through parseGraphFile; a failure shows the error panel and leaves the graph as it was.
 */
import { emptyGraph } from '../graph/edits';
import { type ParseResult, parseGraphFile } from '../graph/format';
import { makeIssue } from '../graph/issues';
import { serializeGraph } from '../graph/serialize';
import { decodeSharePayload, fileNameFor, sharedPayload, shareLinkFor } from '../graph/shareLink';
import { translate } from '../i18n/index';
import { kairoStore } from '../store/index';
import type { LoadSource } from '../store/uiSlice';
import { countText } from './countText';

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
  state.replaceGraph(result.graph);
  state.showLoadError(null);
  if (result.warnings.length > 0) state.showToast(t('files.warnings', { warnings: countText(state.language, 'warning', result.warnings.length) }));
  else if (source === 'link') state.showToast(t('files.loadedLink'));
  else if (name !== undefined) state.showToast(t('files.opened', { name }));
  return true;
}

export function newGraph(): void {
  kairoStore.getState().replaceGraph(emptyGraph());
  kairoStore.getState().showLoadError(null);
}

export async function openGraphFile(file: File): Promise<boolean> {
  let text: string;
  try {
    text = await file.text();
  } catch {
    kairoStore.getState().showLoadError({ source: 'file', name: file.name, issues: [makeIssue('INVALID_FILE', { variant: 'notReadable' })] });
    return false;
  }
  return applyLoad(parseGraphFile(text), 'file', file.name);
}

/** Loads a `#g=...` payload; false (and the error panel) when it is damaged or invalid. */
export function openSharePayload(payload: string): boolean {
  return applyLoad(decodeSharePayload(payload), 'link');
}

/** Opens the graph in the page's fragment, if there is one, then removes it from the address bar. */
export function openLinkInLocation(): boolean | null {
  const payload = sharedPayload(window.location.hash);
  if (payload === null) return null;
  // The graph lives on in the editor and the autosave; a stale fragment would reload it over later edits.
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return openSharePayload(payload);
}

export function makeShareLink(): void {
  const state = kairoStore.getState();
  state.showShareLink(shareLinkFor(state.graph, window.location.href));
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
  const blob = new Blob([serializeGraph(state.graph)], { type: 'application/json' });
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
      state.showToast(t('files.saved', { name: handle.name }));
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      const reason = error instanceof Error ? error.message : String(error);
      state.showToast(t('files.saveFailed', { reason }), 'error');
    }
    return;
  }
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; revoking later keeps slow browsers from losing it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  state.showToast(t('files.saved', { name }));
}

export function openPreset(graph: import('../graph/types').Graph): void {
  const state = kairoStore.getState();
  state.replaceGraph(structuredClone(graph));
  state.showLoadError(null);
  state.openDialog(null);
}

/** Whether a drag carries files (the canvas then offers to open a graph file). */
export function dragHasFiles(event: { dataTransfer: DataTransfer | null }): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}
