import { analyzeGraph, type GraphAnalysis } from '../graph/analyze';
import type { Graph } from '../graph/types';

export type { GraphAnalysis } from '../graph/analyze';

const byGraph = new WeakMap<Graph, GraphAnalysis>();
let lastGraph: Graph | null = null;
let lastAnalysis: GraphAnalysis | null = null;

/**
 * Shapes depend on node types, params and edges, not on positions: a drag that only moves nodes
 * keeps the previous analysis object, so cards and edge labels do not re-render on every frame.
 */
function sameStructure(previous: Graph, next: Graph): boolean {
  if (previous.edges !== next.edges || previous.nodes.length !== next.nodes.length) return false;
  for (let index = 0; index < next.nodes.length; index++) {
    const before = previous.nodes[index];
    const after = next.nodes[index];
    if (!before || !after) return false;
    if (
      before.id !== after.id ||
      before.type !== after.type ||
      before.version !== after.version ||
      before.params !== after.params
    ) {
      return false;
    }
  }
  return true;
}

/** analyzeGraph(graph), computed once per graph object (and reused across pure moves). */
export function getAnalysis(graph: Graph): GraphAnalysis {
  const cached = byGraph.get(graph);
  if (cached) return cached;
  const analysis =
    lastGraph && lastAnalysis && sameStructure(lastGraph, graph) ? lastAnalysis : analyzeGraph(graph);
  byGraph.set(graph, analysis);
  lastGraph = graph;
  lastAnalysis = analysis;
  return analysis;
}
