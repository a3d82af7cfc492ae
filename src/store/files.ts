/**
 * Where the document lasts between visits: the autosave in localStorage (and the key of the
 * remembered language). The autosave is a graph file, read back through parseGraphFile, so a
 * damaged one is reported like any file.
 */
import { type ParseResult, parseGraphFile } from '../graph/format';
import { serializeGraph } from '../graph/serialize';
import type { Graph } from '../graph/types';

export const AUTOSAVE_KEY = 'kairo.autosave';
export const LANGUAGE_KEY = 'kairo.language';

/** Minimal localStorage surface, so tests can pass a Map-backed one. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function writeAutosave(storage: KeyValueStorage, graph: Graph): boolean {
  try {
    storage.setItem(AUTOSAVE_KEY, serializeGraph(graph));
    return true;
  } catch {
    // Quota exceeded or storage disabled: the editor keeps working, only without autosave.
    return false;
  }
}

/** The autosaved graph: null when there is none, the parse result otherwise. */
export function readAutosave(storage: KeyValueStorage): ParseResult | null {
  let text: string | null;
  try {
    text = storage.getItem(AUTOSAVE_KEY);
  } catch {
    return null;
  }
  return text === null ? null : parseGraphFile(text);
}
