/**
 * Pure edits of a graph document. Each returns a new Graph and keeps every untouched node and edge
 * object as it was, so per-node memoization (canvas cards, shape analysis) sees what changed.
 * Edits stay inside the limits the loader enforces (src/graph/limits.ts): positions are clamped,
 * texts cut, and `fitsLimits` tells the store when an insertion would make too large a graph, so
 * the editor never makes a graph its own loader refuses.
 */
import { getNodeDefinition } from '../../nodes/index';
import { defaultParams } from '../../nodes/types';
import { clampCoordinate, GRAPH_LIMITS } from './limits';
import type { Graph, GraphEdge, GraphMeta, GraphNode, LocalizedText } from './types';

export interface XY {
  x: number;
  y: number;
}

/** The part of a graph copy/paste carries: nodes and the edges between them. */
export interface GraphFragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Why an insertion is refused: the count it would reach and the limit. */
export type LimitRefusal = { what: 'nodes' | 'edges'; count: number; limit: number };

/** Whether adding `nodes` and `edges` keeps the graph within the node and edge limits. */
export function fitsLimits(graph: Graph, nodes: number, edges: number): LimitRefusal | undefined {
  const nodeCount = graph.nodes.length + nodes;
  if (nodes > 0 && nodeCount > GRAPH_LIMITS.maxNodes) return { what: 'nodes', count: nodeCount, limit: GRAPH_LIMITS.maxNodes };
  const edgeCount = graph.edges.length + edges;
  if (edges > 0 && edgeCount > GRAPH_LIMITS.maxEdges) return { what: 'edges', count: edgeCount, limit: GRAPH_LIMITS.maxEdges };
  return undefined;
}

function clampedText(text: LocalizedText, max: number): LocalizedText {
  return text.en.length <= max && text.ja.length <= max ? text : { en: text.en.slice(0, max), ja: text.ja.slice(0, max) };
}

/** Title and description cut to the lengths a file may have (the same object when they fit). */
export function limitMeta(meta: GraphMeta): GraphMeta {
  const title = clampedText(meta.title, GRAPH_LIMITS.maxTitleChars);
  const description = clampedText(meta.description, GRAPH_LIMITS.maxDescriptionChars);
  return title === meta.title && description === meta.description ? meta : { title, description };
}

/** A coordinate as it is when the canvas can draw it; else pulled back to the limit. */
function onCanvas(value: number): number {
  return Number.isFinite(value) && Math.abs(value) <= GRAPH_LIMITS.maxCoordinate ? value : clampCoordinate(value);
}

function clampedPosition(position: XY): XY {
  return { x: onCanvas(position.x), y: onCanvas(position.y) };
}

export function emptyGraph(): Graph {
  return { meta: { title: { en: '', ja: '' }, description: { en: '', ja: '' } }, nodes: [], edges: [] };
}

/** Smallest `${prefix}-${n}` (n ≥ 1) not in `taken`; readable ids such as `dense-2`. */
export function freshId(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const candidate = `${prefix}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function idsOf(graph: Graph): Set<string> {
  return new Set(graph.nodes.map((node) => node.id));
}

/** A node of `type` with its default params; undefined when the type is unknown. */
export function createNode(type: string, position: XY, taken: ReadonlySet<string>): GraphNode | undefined {
  const definition = getNodeDefinition(type);
  if (!definition) return undefined;
  return {
    id: freshId(type, taken),
    type,
    version: definition.version,
    params: defaultParams(definition.params) as Record<string, unknown>,
    position: clampedPosition({ x: Math.round(position.x), y: Math.round(position.y) }),
  };
}

export function addNode(graph: Graph, node: GraphNode): Graph {
  return { ...graph, nodes: [...graph.nodes, node] };
}

export function setNodeParam(graph: Graph, nodeId: string, name: string, value: unknown): Graph {
  let changed = false;
  const nodes = graph.nodes.map((node) => {
    if (node.id !== nodeId || Object.is(node.params[name], value)) return node;
    changed = true;
    return { ...node, params: { ...node.params, [name]: value } };
  });
  return changed ? { ...graph, nodes } : graph;
}

/** Moves nodes to new positions; the edges array is kept as it is (the analysis depends on it). */
export function moveNodes(graph: Graph, positions: ReadonlyMap<string, XY>): Graph {
  let changed = false;
  const nodes = graph.nodes.map((node) => {
    const wanted = positions.get(node.id);
    if (!wanted) return node;
    // A drag keeps its fractional pixels; only a position beyond the limit is pulled back.
    const next = clampedPosition(wanted);
    if (next.x === node.position.x && next.y === node.position.y) return node;
    changed = true;
    return { ...node, position: next };
  });
  return changed ? { ...graph, nodes } : graph;
}

/** Removes nodes (with every edge touching them) and edges. */
export function removeElements(
  graph: Graph,
  nodeIds: Iterable<string>,
  edgeIds: Iterable<string>,
): Graph {
  const goneNodes = new Set(nodeIds);
  const goneEdges = new Set(edgeIds);
  const nodes = graph.nodes.filter((node) => !goneNodes.has(node.id));
  const edges = graph.edges.filter(
    (edge) => !goneEdges.has(edge.id) && !goneNodes.has(edge.source) && !goneNodes.has(edge.target),
  );
  if (nodes.length === graph.nodes.length && edges.length === graph.edges.length) return graph;
  return { ...graph, nodes, edges };
}

/** The edge already wired into an input port, if any (an input takes at most one edge). */
export function edgeIntoPort(graph: Graph, target: string, targetPort: string): GraphEdge | undefined {
  return graph.edges.find((edge) => edge.target === target && edge.targetPort === targetPort);
}

export function addEdge(graph: Graph, connection: Omit<GraphEdge, 'id'>): Graph {
  const id = freshId('edge', new Set(graph.edges.map((edge) => edge.id)));
  return { ...graph, edges: [...graph.edges, { id, ...connection }] };
}

/** The selected nodes and the edges that run between two of them. */
export function extractFragment(graph: Graph, nodeIds: Iterable<string>): GraphFragment {
  const chosen = new Set(nodeIds);
  return {
    nodes: graph.nodes.filter((node) => chosen.has(node.id)),
    edges: graph.edges.filter((edge) => chosen.has(edge.source) && chosen.has(edge.target)),
  };
}

/**
 * Inserts a copy of `fragment`, shifted by `offset`, with fresh node and edge ids. Returns the new
 * graph and the ids of the inserted nodes (to select them).
 */
export function insertFragment(
  graph: Graph,
  fragment: GraphFragment,
  offset: XY,
): { graph: Graph; nodeIds: string[] } {
  const takenNodes = idsOf(graph);
  const takenEdges = new Set(graph.edges.map((edge) => edge.id));
  const renamed = new Map<string, string>();
  const nodes: GraphNode[] = [];
  for (const node of fragment.nodes) {
    const id = freshId(node.type, takenNodes);
    takenNodes.add(id);
    renamed.set(node.id, id);
    nodes.push({
      ...node,
      id,
      params: structuredClone(node.params),
      position: clampedPosition({ x: node.position.x + offset.x, y: node.position.y + offset.y }),
    });
  }
  const edges: GraphEdge[] = [];
  for (const edge of fragment.edges) {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    if (source === undefined || target === undefined) continue;
    const id = freshId('edge', takenEdges);
    takenEdges.add(id);
    edges.push({ ...edge, id, source, target });
  }
  return {
    graph: { ...graph, nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] },
    nodeIds: nodes.map((node) => node.id),
  };
}
