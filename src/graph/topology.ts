/**
 * The one adjacency and reachability toolkit for graphs of ids and edges: topological order, what
 * lies downstream or upstream of a set of nodes, and one cycle through a node. Wiring checks, the
 * analysis and the compiler all walk the graph through these functions, never by hand.
 */

/** The part of an edge these functions read. */
export interface Link {
  source: string;
  target: string;
}

export interface Adjacency {
  /** Targets of each node's outgoing edges, in edge order (a target appears once per edge). */
  successors: ReadonlyMap<string, readonly string[]>;
  /** Sources of each node's incoming edges, in edge order. */
  predecessors: ReadonlyMap<string, readonly string[]>;
}

function append(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Successor and predecessor lists of the given edges. */
export function adjacencyOf(edges: Iterable<Link>): Adjacency {
  const successors = new Map<string, string[]>();
  const predecessors = new Map<string, string[]>();
  for (const edge of edges) {
    append(successors, edge.source, edge.target);
    append(predecessors, edge.target, edge.source);
  }
  return { successors, predecessors };
}

export interface TopologyResult {
  /** Node ids, every node after all of its sources. Nodes on a cycle are left out. */
  order: string[];
  /** Ids of nodes that lie on (or behind) a cycle; empty when the graph is acyclic. */
  cyclic: string[];
}

/**
 * Kahn's algorithm over `edges` between `nodeIds` (edges touching other ids are ignored); ties keep
 * the ids' given order, so the result is stable.
 */
export function topologicalOrder(nodeIds: readonly string[], edges: Iterable<Link>): TopologyResult {
  const indegree = new Map<string, number>();
  for (const id of nodeIds) indegree.set(id, 0);
  const known: Link[] = [];
  for (const edge of edges) {
    if (!indegree.has(edge.source) || !indegree.has(edge.target)) continue;
    known.push(edge);
    indegree.set(edge.target, (indegree.get(edge.target) ?? 0) + 1);
  }
  const { successors } = adjacencyOf(known);
  const ready = nodeIds.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  for (let index = 0; index < ready.length; index++) {
    const next = ready[index] as string;
    order.push(next);
    for (const successor of successors.get(next) ?? []) {
      const remaining = (indegree.get(successor) ?? 0) - 1;
      indegree.set(successor, remaining);
      if (remaining === 0) ready.push(successor);
    }
  }
  const placed = new Set(order);
  return { order, cyclic: nodeIds.filter((id) => !placed.has(id)) };
}

/** The starts and every node reachable from them along `next` (successors: downstream; predecessors: upstream). */
export function reachable(starts: Iterable<string>, next: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set(starts);
  const stack = [...seen];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    for (const neighbour of next.get(current) ?? []) {
      if (!seen.has(neighbour)) {
        seen.add(neighbour);
        stack.push(neighbour);
      }
    }
  }
  return seen;
}

/** One shortest cycle through `start`, as node ids from `start` back to it; undefined when there is none. */
export function cycleThrough(start: string, successors: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let index = 0; index < queue.length; index++) {
    const current = queue[index] as string;
    for (const next of successors.get(current) ?? []) {
      if (next === start) {
        const path = [current];
        for (let step = previous.get(current); step !== undefined; step = previous.get(step)) path.push(step);
        path.reverse();
        if (path[0] !== start) path.unshift(start);
        return [...path, start];
      }
      if (!previous.has(next) && next !== start) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return undefined;
}
