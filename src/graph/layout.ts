/**
 * A layered layout of a graph, for presets, imported models and the editor's "tidy up": data flows
 * left to right in layers (dagre's layering and crossing reduction), and a graph too wide for
 * `maxWidth` wraps its layers onto further rows, read like lines of text. Pure and synchronous;
 * runs in Node (preset relayout, tests) as in the browser (where the editor loads it on demand, so
 * the layout library stays out of the main bundle).
 */
import dagre from '@dagrejs/dagre';
import { estimateCardSize, type LayoutSize } from './cardSize';
import type { Graph, GraphNode } from './types';

export { CARD_WIDTH, estimateCardSize, type LayoutSize } from './cardSize';

export interface LayoutOptions {
  /** Card sizes by node id, as drawn; a node without one gets `estimateCardSize`. */
  sizes?: ReadonlyMap<string, LayoutSize>;
  /** The widest a row of layers may be (canvas units) before it wraps; Infinity (default): one row. */
  maxWidth?: number;
  /** Horizontal space between two layers. */
  layerGap?: number;
  /** Vertical space between two nodes of one layer. */
  nodeGap?: number;
  /** Vertical space between two rows of wrapped layers. */
  rowGap?: number;
  /** Where the top-left corner of the laid-out graph goes. */
  origin?: { x: number; y: number };
}

export const DEFAULT_LAYER_GAP = 44;
export const DEFAULT_NODE_GAP = 28;
export const DEFAULT_ROW_GAP = 36;

interface Placed {
  id: string;
  /** Centre from dagre. */
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Layer {
  nodes: Placed[];
  width: number;
}

/** Nodes in layers (left to right), each layer's nodes top to bottom, from dagre's layered layout. */
function layersOf(graph: Pick<Graph, 'nodes' | 'edges'>, sizeOf: (node: GraphNode) => LayoutSize, layerGap: number, nodeGap: number): Layer[] {
  const layered = new dagre.graphlib.Graph({ multigraph: true });
  layered.setGraph({ rankdir: 'LR', ranksep: layerGap, nodesep: nodeGap, edgesep: 12, marginx: 0, marginy: 0 });
  layered.setDefaultEdgeLabel(() => ({}));
  const ids = new Set<string>();
  for (const node of graph.nodes) {
    if (ids.has(node.id)) continue;
    ids.add(node.id);
    layered.setNode(node.id, { ...sizeOf(node) });
  }
  for (const edge of graph.edges) {
    if (ids.has(edge.source) && ids.has(edge.target) && edge.source !== edge.target) {
      layered.setEdge(edge.source, edge.target, {}, edge.id);
    }
  }
  dagre.layout(layered);

  const placed: Placed[] = [...ids].map((id) => {
    const node = layered.node(id) as { x: number; y: number; width: number; height: number };
    return { id, x: node.x, y: node.y, width: node.width, height: node.height };
  });
  // In a left-to-right layout the layers are columns apart: nodes whose spans overlap share a layer.
  placed.sort((a, b) => a.x - a.width / 2 - (b.x - b.width / 2) || a.y - b.y);
  const layers: Layer[] = [];
  let current: Layer | undefined;
  let currentRight = Number.NEGATIVE_INFINITY;
  for (const node of placed) {
    const left = node.x - node.width / 2;
    if (!current || left >= currentRight) {
      current = { nodes: [], width: 0 };
      layers.push(current);
      currentRight = left;
    }
    current.nodes.push(node);
    currentRight = Math.max(currentRight, node.x + node.width / 2);
    current.width = Math.max(current.width, node.width);
  }
  for (const layer of layers) layer.nodes.sort((a, b) => a.y - b.y);
  return layers;
}

/** Layers grouped into rows no wider than `maxWidth` (a layer wider than that gets a row of its own). */
function wrap(layers: readonly Layer[], maxWidth: number, layerGap: number): Layer[][] {
  const rows: Layer[][] = [];
  let row: Layer[] = [];
  let width = 0;
  for (const layer of layers) {
    const added = row.length === 0 ? layer.width : width + layerGap + layer.width;
    if (row.length > 0 && added > maxWidth) {
      rows.push(row);
      row = [];
      width = layer.width;
    } else {
      width = added;
    }
    row.push(layer);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/**
 * The graph with every node moved to its place in a layered left-to-right layout, wrapped into rows
 * no wider than `options.maxWidth`. Node and edge objects that do not move are kept as they are;
 * nothing but positions changes. Positions are whole numbers.
 */
export function layoutGraph<G extends Pick<Graph, 'nodes' | 'edges'>>(graph: G, options: LayoutOptions = {}): G {
  if (graph.nodes.length === 0) return graph;
  const layerGap = options.layerGap ?? DEFAULT_LAYER_GAP;
  const nodeGap = options.nodeGap ?? DEFAULT_NODE_GAP;
  const rowGap = options.rowGap ?? DEFAULT_ROW_GAP;
  const origin = options.origin ?? { x: 0, y: 0 };
  const sizeOf = (node: GraphNode) => options.sizes?.get(node.id) ?? estimateCardSize(node.type);

  const rows = wrap(layersOf(graph, sizeOf, layerGap, nodeGap), options.maxWidth ?? Number.POSITIVE_INFINITY, layerGap);
  const positions = new Map<string, { x: number; y: number }>();
  let top = origin.y;
  for (const row of rows) {
    // dagre's vertical placement is kept within a row (it aligns each chain and keeps crossings
    // down); the row is moved up so that its highest card touches the row's top.
    const highest = Math.min(...row.flatMap((layer) => layer.nodes.map((node) => node.y - node.height / 2)));
    const lowest = Math.max(...row.flatMap((layer) => layer.nodes.map((node) => node.y + node.height / 2)));
    let left = origin.x;
    for (const layer of row) {
      for (const node of layer.nodes) {
        positions.set(node.id, { x: Math.round(left), y: Math.round(top + node.y - node.height / 2 - highest) });
      }
      left += layer.width + layerGap;
    }
    top += lowest - highest + rowGap;
  }

  let changed = false;
  const nodes = graph.nodes.map((node) => {
    const next = positions.get(node.id);
    if (!next || (next.x === node.position.x && next.y === node.position.y)) return node;
    changed = true;
    return { ...node, position: next };
  });
  return changed ? { ...graph, nodes } : graph;
}
