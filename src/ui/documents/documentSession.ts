/**
 * The tab's document: which stored document this tab edits (its id in sessionStorage, so a reload
 * continues it), the autosave into it, and what happens when the graph is replaced — an opened
 * file, link, example or New gets a document of its own and the previous one keeps its last state,
 * listed in Recent. Tabs tell each other over a BroadcastChannel which document they edit; a tab
 * that finds its document already open elsewhere saves to a copy, and both are told. An autosave
 * this Kairo cannot read is kept as it is, never written over. Every storage failure is put in the
 * store, where the editor shows it until a write succeeds.
 */
import { parseGraphFile } from '../../graph/format';
import type { Issue } from '../../graph/issues';
import { serializeGraph } from '../../graph/serialize';
import type { Graph } from '../../graph/types';
import type { StorageError } from '../../storage/db';
import {
  type DocumentOrigin,
  keepUnreadable,
  latestReadableDocument,
  loadDocument,
  loadVersion,
  markUnreadable,
  newDocumentId,
  type StoredDocument,
  saveDocument,
} from '../../storage/documents';
import { type KeyValueStorage, LEGACY_AUTOSAVE_KEY, readKey, removeKey, TAB_DOCUMENT_KEY, writeKey } from '../../store/files';
import type { KairoStore } from '../../store/index';
import { AUTOSAVE_DELAY_MS, type Autosave, type AutosaveListener, attachAutosave } from '../../store/persistence';

/** The messages tabs exchange about the documents they edit. */
type TabMessage =
  | { type: 'hello'; tabId: string; documentId: string }
  | { type: 'here'; tabId: string; documentId: string }
  | { type: 'saved'; tabId: string; documentId: string };

export const DOCUMENTS_CHANNEL = 'kairo-documents';

/** What the session needs from the browser; tests pass their own. */
export interface SessionEnvironment {
  /** sessionStorage: this tab's document id. */
  tabStorage: KeyValueStorage | null;
  /** localStorage: where an older Kairo kept its one autosave. */
  legacyStorage: KeyValueStorage | null;
  /** A channel shared by the tabs of this origin; null where there is none. */
  openChannel: (() => BroadcastChannel) | null;
  autosaveDelayMs?: number;
}

function codesOf(issues: readonly Issue[]): string[] {
  return issues.filter((issue) => issue.severity === 'error').map((issue) => issue.code);
}

function randomTabId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : String(Math.random());
}

export class DocumentSession {
  private readonly store: KairoStore;
  private readonly env: SessionEnvironment;
  private readonly tabId = randomTabId();
  private id = newDocumentId();
  private origin: DocumentOrigin = 'new';
  /** The next write also keeps a version (the document was just opened or created). */
  private versionDue = true;
  private autosave: Autosave | undefined;
  private channel: BroadcastChannel | undefined;

  constructor(store: KairoStore, env: SessionEnvironment) {
    this.store = store;
    this.env = env;
  }

  get documentId(): string {
    return this.id;
  }

  private get state() {
    return this.store.getState();
  }

  private problem(error: StorageError | null): void {
    this.state.setStorageProblem(error);
  }

  /**
   * Opens what this tab should show — its own document after a reload, else the most recent one,
   * else `firstVisit()` — then starts the autosave and listens to the other tabs.
   */
  async start(firstVisit: () => Graph | undefined, onStatus: AutosaveListener = () => {}): Promise<void> {
    const unmoved = await this.migrateLegacyAutosave();
    if (!(await this.openTabDocument())) {
      const graph = unmoved ?? firstVisit();
      if (graph) this.state.resetGraph(graph);
      this.adopt(newDocumentId(), unmoved ? 'autosave' : 'new');
    }
    this.autosave = attachAutosave(this.store, (graph) => this.write(graph), this.env.autosaveDelayMs ?? AUTOSAVE_DELAY_MS, onStatus);
    this.listen();
  }

  /**
   * Moves the old single autosave into a document of its own (once; an unreadable one is kept as
   * it is and reported). Returns its graph when storage refused to take it, so it is shown anyway.
   */
  private async migrateLegacyAutosave(): Promise<Graph | undefined> {
    const text = readKey(this.env.legacyStorage, LEGACY_AUTOSAVE_KEY);
    if (text === null) return undefined;
    const parsed = parseGraphFile(text);
    const stored = parsed.ok
      ? await saveDocument({ id: newDocumentId(), origin: 'autosave', ...this.describe(parsed.graph, text), forceVersion: true })
      : await keepUnreadable(text, 'autosave', codesOf(parsed.issues));
    if (!stored.ok) {
      // Not moved: the key stays (read again next visit), and this visit shows or rescues it from memory.
      this.problem(stored.error);
      if (parsed.ok) return parsed.graph;
      this.state.setUnreadable({ documentId: null, issues: parsed.issues, text });
      return undefined;
    }
    removeKey(this.env.legacyStorage, LEGACY_AUTOSAVE_KEY);
    if (!parsed.ok) this.state.setUnreadable({ documentId: stored.value ?? null, issues: parsed.issues });
    return undefined;
  }

  /** This tab's document after a reload, else the latest readable one; false when there is none to show. */
  private async openTabDocument(): Promise<boolean> {
    const tabDocument = readKey(this.env.tabStorage, TAB_DOCUMENT_KEY);
    if (tabDocument !== null) {
      const found = await loadDocument(tabDocument);
      if (!found.ok) {
        this.problem(found.error);
        return false;
      }
      if (found.value) return this.show(found.value);
    }
    const latest = await latestReadableDocument();
    if (!latest.ok) {
      this.problem(latest.error);
      return false;
    }
    return latest.value ? this.show(latest.value) : false;
  }

  /** Shows a stored document in this tab; one this Kairo cannot read is kept aside and reported. */
  private show(stored: StoredDocument): boolean {
    const parsed = parseGraphFile(stored.text);
    if (!parsed.ok) {
      // Written by a newer Kairo, or damaged: never written over, offered for download.
      if (stored.readable) void markUnreadable(stored.id, codesOf(parsed.issues));
      this.state.setUnreadable({ documentId: stored.id, issues: parsed.issues });
      return false;
    }
    this.state.resetGraph(parsed.graph);
    // A document once kept unread (and readable now, after an update) stays as it was: edits go to a copy.
    if (stored.readable) this.adopt(stored.id, stored.origin);
    else this.adopt(newDocumentId(), 'copy');
    this.autosave?.markSaved(this.state.graph);
    return true;
  }

  /** Makes `id` this tab's document. */
  private adopt(id: string, origin: DocumentOrigin): void {
    this.id = id;
    this.origin = origin;
    writeKey(this.env.tabStorage, TAB_DOCUMENT_KEY, id);
    this.state.setDocumentId(id);
    this.post({ type: 'hello', tabId: this.tabId, documentId: id });
  }

  private describe(graph: Graph, text: string) {
    return { title: graph.meta.title, nodeCount: graph.nodes.length, text };
  }

  /** The autosave's sink: the graph into this tab's document (the id as it is when the write starts). */
  private async write(graph: Graph): Promise<StorageError | undefined> {
    const id = this.id;
    const forceVersion = this.versionDue;
    const result = await saveDocument({ id, origin: this.origin, ...this.describe(graph, serializeGraph(graph)), forceVersion });
    if (!result.ok) {
      this.problem(result.error);
      return result.error;
    }
    if (id === this.id) this.versionDue = false;
    this.problem(null);
    this.state.documentsChanged();
    this.post({ type: 'saved', tabId: this.tabId, documentId: id });
    return undefined;
  }

  /**
   * Call before replacing the graph with one opened from elsewhere (a file, a link, an example,
   * New): pending edits go to the current document, and the new graph gets a document of its own.
   */
  beginDocument(origin: DocumentOrigin): void {
    this.autosave?.flush();
    this.versionDue = true;
    this.adopt(newDocumentId(), origin);
  }

  /** Writes the graph now (a document just created should be in Recent at once). */
  saveNow(): void {
    this.autosave?.flush();
  }

  /** Tries the failed write again (the notice's button). */
  retry(): void {
    this.autosave?.writeAgain();
  }

  /** Opens a stored document in this tab (from Recent); the current one keeps its last state. */
  async openStored(id: string): Promise<boolean> {
    if (id === this.id) return true;
    const found = await loadDocument(id);
    if (!found.ok) {
      this.problem(found.error);
      return false;
    }
    if (!found.value) return false;
    this.autosave?.flush();
    const stored = found.value;
    const parsed = parseGraphFile(stored.text);
    if (!parsed.ok) {
      if (stored.readable) void markUnreadable(stored.id, codesOf(parsed.issues));
      this.state.setUnreadable({ documentId: stored.id, issues: parsed.issues });
      return false;
    }
    this.versionDue = true;
    if (stored.readable) this.adopt(stored.id, stored.origin);
    else this.adopt(newDocumentId(), 'copy');
    this.state.replaceGraph(parsed.graph);
    this.autosave?.markSaved(this.state.graph);
    return true;
  }

  /** Opens an earlier version as a document of its own (nothing is written over). */
  async openVersion(versionId: number): Promise<boolean> {
    const found = await loadVersion(versionId);
    if (!found.ok) {
      this.problem(found.error);
      return false;
    }
    const parsed = found.value ? parseGraphFile(found.value.text) : undefined;
    if (!parsed?.ok) return false;
    this.beginDocument('version');
    this.state.replaceGraph(parsed.graph);
    this.saveNow();
    return true;
  }

  /** The raw text of a stored document (for "download the raw text"), or of the unreadable one held in memory. */
  async rawText(documentId: string | null): Promise<string | undefined> {
    const unreadable = this.state.unreadable;
    if (unreadable?.text !== undefined && (documentId === null || documentId === unreadable.documentId)) return unreadable.text;
    if (documentId === null) return undefined;
    const found = await loadDocument(documentId);
    return found.ok ? found.value?.text : undefined;
  }

  private post(message: TabMessage): void {
    try {
      this.channel?.postMessage(message);
    } catch {
      // A closed channel: the other tabs are not told, nothing else is lost.
    }
  }

  private listen(): void {
    if (!this.env.openChannel) return;
    try {
      this.channel = this.env.openChannel();
    } catch {
      return;
    }
    this.channel.onmessage = (event: MessageEvent<TabMessage>) => this.receive(event.data);
    this.post({ type: 'hello', tabId: this.tabId, documentId: this.id });
  }

  private receive(message: TabMessage): void {
    if (!message || message.tabId === this.tabId) return;
    if (message.type === 'saved') {
      this.state.documentsChanged();
      return;
    }
    if (message.documentId !== this.id) return;
    if (message.type === 'hello') {
      // Another tab opened this document: it will save to a copy when it hears this.
      this.post({ type: 'here', tabId: this.tabId, documentId: this.id });
      this.state.setOtherTab('joined');
    } else {
      // This tab came second: from now on it saves to a copy, so neither overwrites the other.
      this.versionDue = true;
      this.adopt(newDocumentId(), 'copy');
      this.state.setOtherTab('copied');
      this.autosave?.writeAgain();
    }
  }

  /** Stops the autosave and the channel (tests). */
  dispose(): void {
    this.autosave?.dispose();
    this.channel?.close();
  }

  /** Resolves when every change has been written or has failed (tests; before a reload). */
  settled(): Promise<void> {
    return this.autosave?.settled() ?? Promise.resolve();
  }
}
