/**
 * What the editor knows about where its work is kept: the document this tab edits, whether storage
 * refuses to keep it (a persistent notice until a write succeeds), a document found unreadable,
 * another tab on the same document, and the Recent list. Session state: never saved, never undone.
 */
import type { StateCreator } from 'zustand';
import type { Issue } from '../graph/issues';
import type { StorageError } from '../storage/db';
import type { KairoState } from './types';

/** A stored document Kairo could not read: kept as it is, offered for download. */
export interface UnreadableDocument {
  documentId: string | null;
  /** Why (rendered in the current language when shown). */
  issues: Issue[];
  /** The text itself when it could not even be stored (so the download still has it). */
  text?: string;
}

/**
 * Another tab on this tab's document: 'copied' — this tab found the other one first and now saves
 * to a copy; 'joined' — another tab opened this tab's document and saves to a copy of its own.
 */
export type OtherTab = 'copied' | 'joined';

export interface DocumentsSlice {
  documentId: string | null;
  storageProblem: StorageError | null;
  unreadable: UnreadableDocument | null;
  otherTab: OtherTab | null;
  recentOpen: boolean;
  /** Counts stored changes (here or in another tab), so an open Recent list reloads. */
  documentsRevision: number;

  setDocumentId(id: string | null): void;
  setStorageProblem(problem: StorageError | null): void;
  setUnreadable(unreadable: UnreadableDocument | null): void;
  setOtherTab(otherTab: OtherTab | null): void;
  openRecent(open: boolean): void;
  documentsChanged(): void;
}

export const createDocumentsSlice: StateCreator<KairoState, [], [], DocumentsSlice> = (set, get) => ({
  documentId: null,
  storageProblem: null,
  unreadable: null,
  otherTab: null,
  recentOpen: false,
  documentsRevision: 0,

  setDocumentId(documentId) {
    set({ documentId });
  },
  setStorageProblem(problem) {
    const current = get().storageProblem;
    if (current === problem || (current && problem && current.code === problem.code)) return;
    set({ storageProblem: problem });
  },
  setUnreadable(unreadable) {
    set({ unreadable });
  },
  setOtherTab(otherTab) {
    set({ otherTab });
  },
  openRecent(open) {
    set({ recentOpen: open });
  },
  documentsChanged() {
    set({ documentsRevision: get().documentsRevision + 1 });
  },
});
