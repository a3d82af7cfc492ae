/**
 * What the user typed into a param field that the node cannot take (0 units, "abc"): kept, with its
 * problem, until it is fixed or the user puts the node's value back (Escape). It outlives leaving
 * the field and selecting another node, so an invalid entry is never silently replaced by the old
 * value. Session state of the inspector only; the graph keeps its last valid value throughout.
 */
import { create } from 'zustand';
import type { ParamProblem } from '../../../nodes/params';

export interface ParamDraft {
  /** The text of the box, or of each box of a tuple. */
  texts: readonly string[];
  problem: ParamProblem;
}

interface DraftState {
  drafts: ReadonlyMap<string, ParamDraft>;
  keep(nodeId: string, name: string, draft: ParamDraft): void;
  drop(nodeId: string, name: string): void;
}

export function draftKey(nodeId: string, name: string): string {
  return `${nodeId}\u0000${name}`;
}

export const useParamDrafts = create<DraftState>()((set, get) => ({
  drafts: new Map(),
  keep(nodeId, name, draft) {
    const drafts = new Map(get().drafts);
    drafts.set(draftKey(nodeId, name), draft);
    set({ drafts });
  },
  drop(nodeId, name) {
    const key = draftKey(nodeId, name);
    if (!get().drafts.has(key)) return;
    const drafts = new Map(get().drafts);
    drafts.delete(key);
    set({ drafts });
  },
}));

/** The ids of nodes that have an unapplied entry (their cards say so). */
export function nodesWithDrafts(drafts: ReadonlyMap<string, ParamDraft>): Set<string> {
  return new Set([...drafts.keys()].map((key) => key.split('\u0000')[0] ?? ''));
}
