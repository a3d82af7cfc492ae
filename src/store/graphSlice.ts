/**
 * The document: the graph, and its undo history as a list of graph snapshots. Graphs are immutable
 * values, so a snapshot is just the previous object (shared structure, no copying).
 */
import type { StateCreator } from 'zustand';
import { type ConnectResult, type Connection, canConnect } from '../graph/connect';
import type { Graph, GraphMeta } from '../graph/types';
import {
  type GraphFragment,
  type LimitRefusal,
  type XY,
  addEdge,
  addNode,
  createNode,
  edgeIntoPort,
  emptyGraph,
  extractFragment,
  fitsLimits,
  insertFragment,
  limitMeta,
  moveNodes,
  removeElements,
  setNodeParam,
} from '../graph/edits';
import { formatCount, translate } from '../i18n/index';
import { copyOffset } from '../graph/placement';
import type { KairoState } from './types';

/** The most undo steps kept; older ones are dropped. */
export const HISTORY_LIMIT = 200;

/** A wire the user drew: an output port to an input port. */
export type ConnectRequest = Connection;
export type { ConnectResult } from '../graph/connect';

export interface GraphSlice {
  graph: Graph;
  past: Graph[];
  future: Graph[];
  /** Consecutive commits with the same key (typing into one field) form a single undo step. */
  lastCommitKey: string | null;
  /** Counts whole-graph replacements (open, preset, New, link), so the canvas can frame the new graph. */
  graphEpoch: number;

  /** Replaces the graph as one undoable step (open a file, a preset, New). */
  replaceGraph(next: Graph): void;
  /** Replaces the graph and forgets the history (first load, autosave restore). */
  resetGraph(next: Graph): void;
  undo(): void;
  redo(): void;

  /** Adds a node of `type` with default params at `position`; returns its id (undefined: unknown type). */
  addNodeOfType(type: string, position: XY): string | undefined;
  setParam(nodeId: string, name: string, value: unknown): void;
  /** Sets several params of one node as one undo step (a quick fix). */
  setParams(nodeId: string, values: Readonly<Record<string, unknown>>): void;
  setMeta(meta: GraphMeta): void;
  /** Checks and adds an edge; wiring into an occupied input replaces the edge that was there. */
  connect(request: ConnectRequest): ConnectResult;
  /** Whether `connect(request)` would succeed, and why not. */
  checkConnection(request: ConnectRequest): ConnectResult;
  deleteElements(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  deleteSelection(): void;

  /**
   * Moves nodes as one undo step. The canvas calls it once when a drag ends (the frames in between
   * move only the canvas's own copy), so a whole drag is one step and the document, its analysis
   * and the autosave are not touched on every frame.
   */
  moveNodes(positions: ReadonlyMap<string, XY>): void;

  copySelection(): number;
  paste(): number;
  duplicateSelection(): number;
}

const PASTE_OFFSET = 40;

function trimmedPast(past: Graph[], current: Graph): Graph[] {
  const next = [...past, current];
  return next.length > HISTORY_LIMIT ? next.slice(next.length - HISTORY_LIMIT) : next;
}

/** Undoing a New (or redoing it) swaps a whole document in or out: the canvas frames it again. */
function reframes(from: Graph, to: Graph): boolean {
  return (from.nodes.length === 0) !== (to.nodes.length === 0);
}

function withoutEdgeIntoTarget(graph: Graph, request: ConnectRequest): Graph {
  const existing = edgeIntoPort(graph, request.target, request.targetPort);
  return existing ? removeElements(graph, [], [existing.id]) : graph;
}

export const createGraphSlice: StateCreator<KairoState, [], [], GraphSlice> = (set, get) => {
  /** Makes `next` the graph as an undoable step (coalesced with the previous one under `key`). */
  function commit(next: Graph, key: string | null = null): void {
    const state = get();
    if (next === state.graph) return;
    const coalesce = key !== null && key === state.lastCommitKey && state.past.length > 0;
    set({
      graph: next,
      past: coalesce ? state.past : trimmedPast(state.past, state.graph),
      future: [],
      lastCommitKey: key,
    });
  }

  /** Keeps the selection to nodes and edges that still exist. */
  function pruneSelection(graph: Graph): Partial<KairoState> {
    const { selectedNodeIds, selectedEdgeIds } = get();
    const nodeIds = new Set(graph.nodes.map((node) => node.id));
    const edgeIds = new Set(graph.edges.map((edge) => edge.id));
    const nodes = selectedNodeIds.filter((id) => nodeIds.has(id));
    const edges = selectedEdgeIds.filter((id) => edgeIds.has(id));
    return {
      selectedNodeIds: nodes.length === selectedNodeIds.length ? selectedNodeIds : nodes,
      selectedEdgeIds: edges.length === selectedEdgeIds.length ? selectedEdgeIds : edges,
    };
  }

  /** Says why an edit was not made (a graph beyond the limits could not be opened again). */
  function refuse(refusal: LimitRefusal): void {
    const { language, showToast } = get();
    const vars = { count: formatCount(refusal.count, language), limit: formatCount(refusal.limit, language) };
    showToast(translate(language, `reliability.limit.${refusal.what}`, vars), 'error');
  }

  /** Inserts a copy near `preferred` (an offset from the original), where it covers no card. */
  function insertCopy(fragment: GraphFragment, preferred: XY): number {
    if (fragment.nodes.length === 0) return 0;
    const refusal = fitsLimits(get().graph, fragment.nodes.length, fragment.edges.length);
    if (refusal) {
      refuse(refusal);
      return 0;
    }
    const offset = copyOffset(get().graph.nodes, fragment.nodes, preferred);
    const { graph, nodeIds } = insertFragment(get().graph, fragment, offset);
    commit(graph);
    set({ selectedNodeIds: nodeIds, selectedEdgeIds: [] });
    return nodeIds.length;
  }

  return {
    graph: emptyGraph(),
    past: [],
    future: [],
    lastCommitKey: null,
    graphEpoch: 0,

    replaceGraph(next) {
      commit(next);
      set({ selectedNodeIds: [], selectedEdgeIds: [], graphEpoch: get().graphEpoch + 1 });
    },
    resetGraph(next) {
      set({
        graphEpoch: get().graphEpoch + 1,
        graph: next,
        past: [],
        future: [],
        lastCommitKey: null,
        selectedNodeIds: [],
        selectedEdgeIds: [],
      });
    },
    undo() {
      const { past, future, graph } = get();
      const previous = past[past.length - 1];
      if (!previous) return;
      set({
        graph: previous,
        past: past.slice(0, -1),
        future: [graph, ...future],
        lastCommitKey: null,
        graphEpoch: get().graphEpoch + (reframes(graph, previous) ? 1 : 0),
      });
      set(pruneSelection(previous));
    },
    redo() {
      const { past, future, graph } = get();
      const next = future[0];
      if (!next) return;
      set({
        graph: next,
        past: trimmedPast(past, graph),
        future: future.slice(1),
        lastCommitKey: null,
        graphEpoch: get().graphEpoch + (reframes(graph, next) ? 1 : 0),
      });
      set(pruneSelection(next));
    },

    addNodeOfType(type, position) {
      const graph = get().graph;
      const refusal = fitsLimits(graph, 1, 0);
      if (refusal) {
        refuse(refusal);
        return undefined;
      }
      const node = createNode(type, position, new Set(graph.nodes.map((each) => each.id)));
      if (!node) return undefined;
      commit(addNode(graph, node));
      set({ selectedNodeIds: [node.id], selectedEdgeIds: [] });
      return node.id;
    },
    setParam(nodeId, name, value) {
      commit(setNodeParam(get().graph, nodeId, name, value), `param:${nodeId}:${name}`);
    },
    setParams(nodeId, values) {
      let graph = get().graph;
      for (const [name, value] of Object.entries(values)) graph = setNodeParam(graph, nodeId, name, value);
      commit(graph);
    },
    setMeta(meta) {
      commit({ ...get().graph, meta: limitMeta(meta) }, 'meta');
    },
    checkConnection(request) {
      const graph = get().graph;
      // Wiring into an occupied input replaces its edge, so that edge does not count as taking it.
      const replaced = edgeIntoPort(graph, request.target, request.targetPort);
      return canConnect(graph, request, replaced ? { ignoreEdgeId: replaced.id } : {});
    },
    connect(request) {
      const result = get().checkConnection(request);
      if (!result.ok) return result;
      // No edge limit check here: an input takes one edge, so the node limit bounds the edges.
      commit(addEdge(withoutEdgeIntoTarget(get().graph, request), request));
      return result;
    },
    deleteElements(nodeIds, edgeIds) {
      const next = removeElements(get().graph, nodeIds, edgeIds);
      commit(next);
      set(pruneSelection(next));
    },
    deleteSelection() {
      const { selectedNodeIds, selectedEdgeIds } = get();
      get().deleteElements(selectedNodeIds, selectedEdgeIds);
    },

    moveNodes(positions) {
      commit(moveNodes(get().graph, positions));
    },

    copySelection() {
      const fragment = extractFragment(get().graph, get().selectedNodeIds);
      if (fragment.nodes.length === 0) return 0;
      set({ clipboard: structuredClone(fragment), pasteCount: 0 });
      return fragment.nodes.length;
    },
    paste() {
      const { clipboard, pasteCount } = get();
      if (!clipboard) return 0;
      const step = (pasteCount + 1) * PASTE_OFFSET;
      set({ pasteCount: pasteCount + 1 });
      return insertCopy(clipboard, { x: step, y: step });
    },
    duplicateSelection() {
      const fragment = extractFragment(get().graph, get().selectedNodeIds);
      return insertCopy(fragment, { x: PASTE_OFFSET, y: PASTE_OFFSET });
    },
  };
};
