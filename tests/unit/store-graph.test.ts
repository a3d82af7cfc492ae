import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateCardSize } from '../../src/graph/cardSize';
import { parseGraphFile } from '../../src/graph/format';
import type { Graph } from '../../src/graph/types';
import { getAnalysis } from '../../src/store/analysis';
import { emptyGraph } from '../../src/graph/edits';
import { HISTORY_LIMIT } from '../../src/store/graphSlice';
import { createKairoStore } from '../../src/store/index';

function preset(name: string): Graph {
  const result = parseGraphFile(readFileSync(new URL(`../../presets/${name}.json`, import.meta.url), 'utf8'));
  if (!result.ok) throw new Error(`preset ${name} does not load: ${JSON.stringify(result.issues)}`);
  return result.graph;
}

function positionOf(graph: Graph, id: string) {
  return graph.nodes.find((node) => node.id === id)?.position;
}

/** Pairs of cards whose boxes (as the canvas draws them) overlap. */
function cardsOnCards(graph: Graph): string[] {
  const boxes = graph.nodes.map((node) => ({ id: node.id, ...node.position, ...estimateCardSize(node.type) }));
  const pairs: string[] = [];
  for (const [index, a] of boxes.entries()) {
    for (const b of boxes.slice(index + 1)) {
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) pairs.push(`${a.id}/${b.id}`);
    }
  }
  return pairs;
}

describe('graph slice: editing and undo', () => {
  it('adds a node with its default params, selects it, and undo/redo take it away and back', () => {
    const store = createKairoStore({ graph: emptyGraph() });
    const id = store.getState().addNodeOfType('dense', { x: 10, y: 20 });
    expect(id).toBe('dense-1');
    const node = store.getState().graph.nodes[0];
    expect(node?.params).toMatchObject({ units: 128, activation: 'relu', useBias: true });
    expect(store.getState().selectedNodeIds).toEqual(['dense-1']);

    store.getState().undo();
    expect(store.getState().graph.nodes).toHaveLength(0);
    expect(store.getState().selectedNodeIds).toEqual([]);
    store.getState().redo();
    expect(store.getState().graph.nodes.map((each) => each.id)).toEqual(['dense-1']);
  });

  it('refuses an unknown node type without touching the history', () => {
    const store = createKairoStore({ graph: emptyGraph() });
    expect(store.getState().addNodeOfType('transformer', { x: 0, y: 0 })).toBeUndefined();
    expect(store.getState().past).toHaveLength(0);
  });

  it('makes a move one undo step, and a move to the same place none', () => {
    const store = createKairoStore({ graph: preset('mnist-logreg') });
    const start = positionOf(store.getState().graph, 'dense');
    const state = () => store.getState();
    state().moveNodes(new Map([['dense', { x: 490, y: 5 }], ['flatten', { x: 0, y: 0 }]]));
    expect(positionOf(state().graph, 'dense')).toEqual({ x: 490, y: 5 });
    expect(state().past).toHaveLength(1);
    state().moveNodes(new Map([['dense', { x: 490, y: 5 }]]));
    expect(state().past).toHaveLength(1);

    state().undo();
    expect(positionOf(state().graph, 'dense')).toEqual(start);
    state().redo();
    expect(positionOf(state().graph, 'dense')).toEqual({ x: 490, y: 5 });
  });

  it('coalesces typing into one field into one step, but not edits of different fields', () => {
    const store = createKairoStore({ graph: preset('mnist-logreg') });
    const state = () => store.getState();
    const units = () => state().graph.nodes.find((node) => node.id === 'dense')?.params.units;
    state().setParam('dense', 'units', 1);
    state().setParam('dense', 'units', 12);
    state().setParam('dense', 'units', 128);
    state().setParam('dense', 'useBias', false);
    expect(state().past).toHaveLength(2);
    state().undo();
    expect(units()).toBe(128);
    state().undo();
    expect(units()).toBe(10);
  });

  it('connects matching ports, replaces the edge of an occupied input, and refuses kind mismatches with the reason', () => {
    const store = createKairoStore({ graph: emptyGraph() });
    const state = () => store.getState();
    state().addNodeOfType('dataset', { x: 0, y: 0 });
    state().addNodeOfType('flatten', { x: 200, y: 0 });
    state().addNodeOfType('reshape', { x: 200, y: 200 });

    const wrongKind = state().connect({ source: 'dataset-1', sourcePort: 'labels', target: 'flatten-1', targetPort: 'in' });
    expect(wrongKind).toMatchObject({ ok: false, code: 'PORT_KIND_MISMATCH' });
    expect(state().graph.edges).toHaveLength(0);

    expect(state().connect({ source: 'dataset-1', sourcePort: 'images', target: 'flatten-1', targetPort: 'in' }).ok).toBe(true);
    expect(state().connect({ source: 'reshape-1', sourcePort: 'out', target: 'flatten-1', targetPort: 'in' }).ok).toBe(true);
    const into = state().graph.edges.filter((edge) => edge.target === 'flatten-1');
    expect(into).toHaveLength(1);
    expect(into[0]?.source).toBe('reshape-1');

    const cycle = state().checkConnection({ source: 'flatten-1', sourcePort: 'out', target: 'reshape-1', targetPort: 'in' });
    expect(cycle).toMatchObject({ ok: false, code: 'CYCLE' });
  });

  it('deletes a node together with its edges as one undo step', () => {
    const store = createKairoStore({ graph: preset('mnist-logreg') });
    const state = () => store.getState();
    const edgesBefore = state().graph.edges.length;
    state().setSelection(['flatten'], []);
    state().deleteSelection();
    expect(state().graph.nodes.some((node) => node.id === 'flatten')).toBe(false);
    expect(state().graph.edges.some((edge) => edge.source === 'flatten' || edge.target === 'flatten')).toBe(false);
    expect(state().selectedNodeIds).toEqual([]);
    state().undo();
    expect(state().graph.edges).toHaveLength(edgesBefore);
  });

  it('pastes copies with fresh ids, keeps the edges between copied nodes only, and selects the copies', () => {
    const store = createKairoStore({ graph: preset('mnist-logreg') });
    const state = () => store.getState();
    state().setSelection(['flatten', 'dense'], []);
    expect(state().copySelection()).toBe(2);
    expect(state().paste()).toBe(2);
    const copies = state().selectedNodeIds;
    expect(copies).toEqual(['flatten-1', 'dense-1']);
    const copiedEdges = state().graph.edges.filter((edge) => copies.includes(edge.source) || copies.includes(edge.target));
    expect(copiedEdges).toHaveLength(1);
    expect(copiedEdges[0]).toMatchObject({ source: 'flatten-1', target: 'dense-1' });
    // The copies keep their arrangement and land where they cover no card, originals or earlier copies.
    const shift = (a: string, b: string) => {
      const from = positionOf(state().graph, a);
      const to = positionOf(state().graph, b);
      return { x: (to?.x ?? 0) - (from?.x ?? 0), y: (to?.y ?? 0) - (from?.y ?? 0) };
    };
    expect(shift('flatten-1', 'dense-1')).toEqual(shift('flatten', 'dense'));
    expect(cardsOnCards(state().graph)).toEqual([]);

    state().paste();
    expect(shift('flatten-2', 'dense-2')).toEqual(shift('flatten', 'dense'));
    expect(cardsOnCards(state().graph)).toEqual([]);
    state().undo();
    state().undo();
    expect(state().graph.nodes).toHaveLength(5);
  });

  it('duplicates the selection without touching the clipboard, each copy clear of every card', () => {
    const store = createKairoStore({ graph: preset('mnist-logreg') });
    store.getState().setSelection(['dense'], []);
    expect(store.getState().duplicateSelection()).toBe(1);
    expect(store.getState().clipboard).toBeNull();
    store.getState().setSelection(['dense'], []);
    store.getState().duplicateSelection();
    store.getState().duplicateSelection();
    expect(cardsOnCards(store.getState().graph)).toEqual([]);
    const copy = store.getState().graph.nodes.find((node) => node.id === 'dense-1');
    expect(copy?.params).toEqual(store.getState().graph.nodes.find((node) => node.id === 'dense')?.params);
  });

  it('keeps at most HISTORY_LIMIT undo steps', () => {
    const store = createKairoStore({ graph: emptyGraph() });
    for (let index = 0; index < HISTORY_LIMIT + 20; index++) store.getState().addNodeOfType('flatten', { x: index, y: 0 });
    expect(store.getState().past).toHaveLength(HISTORY_LIMIT);
  });

  it('replacing the graph (open, preset, New) is undoable, and the canvas is told to frame it', () => {
    const store = createKairoStore({ graph: preset('mnist-cnn') });
    const epoch = store.getState().graphEpoch;
    store.getState().replaceGraph(emptyGraph());
    expect(store.getState().graph.nodes).toHaveLength(0);
    expect(store.getState().graphEpoch).toBe(epoch + 1);
    store.getState().undo();
    expect(store.getState().graph.nodes.length).toBeGreaterThan(5);
    expect(store.getState().graphEpoch).toBe(epoch + 2);
    // An ordinary edit and its undo leave the view where the user put it.
    store.getState().setParam('dense1', 'units', 64);
    store.getState().undo();
    expect(store.getState().graphEpoch).toBe(epoch + 2);
  });
});

describe('derived analysis', () => {
  it('gives the course CNN its 1,199,882 parameters', () => {
    expect(getAnalysis(preset('mnist-cnn')).totalParams).toBe(1_199_882);
  });

  it('is computed once per graph, reused across pure moves, and redone when params change', () => {
    const store = createKairoStore({ graph: preset('mnist-logreg') });
    const first = getAnalysis(store.getState().graph);
    expect(getAnalysis(store.getState().graph)).toBe(first);
    store.getState().moveNodes(new Map([['dense', { x: 1, y: 2 }]]));
    expect(getAnalysis(store.getState().graph)).toBe(first);
    store.getState().setParam('dense', 'units', 20);
    const after = getAnalysis(store.getState().graph);
    expect(after).not.toBe(first);
    expect(after.nodes.dense?.params).toBe(784 * 20 + 20);
  });
});
