import type { Graph } from './types';

export interface TopologyResult {
  /** Node ids, every node after all of its sources. Nodes on a cycle are left out. */
  order: string[];
  /** Ids of nodes that lie on (or behind) a cycle; empty when the graph is acyclic. */
  cyclic: string[];
}

/** Kahn's algorithm over the graph's edges; ties keep the nodes' file order, so output is stable. */
export function topologicalOrder(graph: Pick<Graph, 'nodes' | 'edges'>): TopologyResult {
  const indegree = new Map<string, number>();
  const successors = new Map<string, string[]>();
  for (const node of graph.nodes) {
    indegree.set(node.id, 0);
    successors.set(node.id, []);
  }
  for (const edge of graph.edges) {
    if (!indegree.has(edge.source) || !indegree.has(edge.target)) continue;
    indegree.set(edge.target, (indegree.get(edge.target) ?? 0) + 1);
    successors.get(edge.source)?.push(edge.target);
  }
  const ready = graph.nodes.filter((node) => indegree.get(node.id) === 0).map((node) => node.id);
  const order: string[] = [];
  for (let next = ready.shift(); next !== undefined; next = ready.shift()) {
    order.push(next);
    for (const successor of successors.get(next) ?? []) {
      const remaining = (indegree.get(successor) ?? 0) - 1;
      indegree.set(successor, remaining);
      if (remaining === 0) ready.push(successor);
    }
  }
  const placed = new Set(order);
  return { order, cyclic: graph.nodes.filter((node) => !placed.has(node.id)).map((node) => node.id) };
}
