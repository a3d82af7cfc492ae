/** Editor-wide keyboard shortcuts (Delete/Backspace are React Flow's; the rest are here). */
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { translate } from '../i18n/index';
import { kairoStore } from '../store/index';

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

export function useShortcuts(): void {
  const flow = useReactFlow();
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
          store.showToast(t('status.copied', { count }));
        } else if (key === 'v') {
          if (!store.clipboard) return;
          event.preventDefault();
          const count = store.paste();
          // Nothing pasted: the store has already said why (a graph at its node limit).
          if (count > 0) store.showToast(t('status.pasted', { count }));
        } else if (key === 'a') {
          event.preventDefault();
          store.selectAll();
        }
        return;
      }
      if (event.altKey) return;
      if (event.key === '?') {
        event.preventDefault();
        store.openDialog(store.dialog === 'help' ? null : 'help');
      } else if (event.key === 'Escape') {
        if (store.dialog !== null) store.openDialog(null);
        else store.setSelection([], []);
      } else if (key === 'f' && !event.shiftKey) {
        event.preventDefault();
        void flow.fitView({ padding: 0.15, maxZoom: 1.1, duration: 250 });
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [flow]);
}
