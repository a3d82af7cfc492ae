/**
 * Editor-wide keyboard shortcuts. Delete/Backspace on selected cards and wires are React Flow's;
 * on a focused wire (reached with Tab) they are here, as are the rest.
 */
import { useEffect } from 'react';
import { translate } from '../i18n/index';
import { kairoStore } from '../store/index';
import { canvasCommands } from './canvas/canvasCommands';
import { countText } from './countText';

/** Typing in a field keeps the browser's own meaning of these keys (text undo, copy, select all). */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'range', 'color', 'file'].includes(target.type);
  }
  return false;
}

/** The wire that has keyboard focus, if any (React Flow's edge element carries its id). */
function focusedEdgeId(target: EventTarget | null): string | undefined {
  if (!(target instanceof Element)) return undefined;
  const edge = target.closest<SVGGElement>('.react-flow__edge');
  return edge?.dataset.id;
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTextEntry(event.target)) return;
      const store = kairoStore.getState();
      const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) =>
        translate(store.language, key, vars);
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();

      if (mod && !event.altKey) {
        if (key === 'z') {
          event.preventDefault();
          if (event.shiftKey) store.redo();
          else store.undo();
        } else if (key === 'y') {
          event.preventDefault();
          store.redo();
        } else if (key === 'd') {
          event.preventDefault();
          store.duplicateSelection();
        } else if (key === 'c') {
          // With no node selected, leave copying to the browser (e.g. selected text).
          if (store.selectedNodeIds.length === 0) return;
          event.preventDefault();
          const count = store.copySelection();
          store.showToast(t('status.copied', { nodes: countText(store.language, 'node', count) }));
        } else if (key === 'v') {
          if (!store.clipboard) return;
          event.preventDefault();
          const count = store.paste();
          // Nothing pasted: the store has already said why (a graph at its node limit).
          if (count > 0) store.showToast(t('status.pasted', { nodes: countText(store.language, 'node', count) }));
        } else if (key === 'a') {
          event.preventDefault();
          store.selectAll();
        }
        return;
      }
      if (event.altKey) return;
      const edgeId = focusedEdgeId(event.target);
      if (edgeId !== undefined && (event.key === 'Delete' || event.key === 'Backspace')) {
        event.preventDefault();
        store.deleteElements([], [edgeId]);
        return;
      }
      if (event.key === '?') {
        event.preventDefault();
        store.openDialog(store.dialog === 'help' ? null : 'help');
      } else if (event.key === 'Escape') {
        if (store.dialog !== null) store.openDialog(null);
        else store.setSelection([], []);
      } else if (key === 'f' && !event.shiftKey) {
        event.preventDefault();
        canvasCommands.frame(250);
      } else if (key === 'l' && !event.shiftKey) {
        event.preventDefault();
        void canvasCommands.tidyUp();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
