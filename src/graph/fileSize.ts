/**
 * The size of the file Save would write, kept track of as the editor edits, so that no edit makes a
 * graph whose file Open refuses (MAX_FILE_CHARS). Node counts alone do not bound it: a dataset node
 * names its data (class names, a table's columns and categories), and copies of such a node can
 * reach the limit with a few hundred nodes.
 *
 * Serializing a graph of thousands of nodes on every edit would be slow, so sizes are remembered
 * per graph object (a graph is never mutated) and grown from the parts an edit adds: a node's text
 * in a file depends on the node alone, so a graph's size plus the size of the added nodes and edges,
 * each measured on its own, is an upper bound. Only when that bound passes the limit is the whole
 * graph serialized, to decide exactly.
 */
import { MAX_FILE_CHARS } from './schema';
import { serializeGraph } from './serialize';
import type { Graph, GraphEdge, GraphNode } from './types';

/** At most this many characters (exact when it was serialized). */
const knownChars = new WeakMap<Graph, number>();

const NO_META: Graph['meta'] = { title: { en: '', ja: '' }, description: { en: '', ja: '' } };
const EMPTY_CHARS = serializeGraph({ meta: NO_META, nodes: [], edges: [] }).length;
/** More than the separator and line break a node or edge takes in a list besides its own text. */
const SLACK_PER_PART = 8;

/** What an edit did to the graph, as far as its size goes. */
export type GraphGrowth =
  | { kind: 'added'; nodes: readonly GraphNode[]; edges: readonly GraphEdge[] }
  | { kind: 'replacedNode'; before: GraphNode; after: GraphNode };

/** Characters of `graph`'s file, or an upper bound of them. */
function charsOf(graph: Graph): number {
  let chars = knownChars.get(graph);
  if (chars === undefined) {
    chars = serializeGraph(graph).length;
    knownChars.set(graph, chars);
  }
  return chars;
}

/** An upper bound of what these nodes and edges add to any graph's file. */
function partChars(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): number {
  if (nodes.length === 0 && edges.length === 0) return 0;
  const alone = serializeGraph({ meta: NO_META, nodes: [...nodes], edges: [...edges] }).length;
  return alone - EMPTY_CHARS + SLACK_PER_PART * (nodes.length + edges.length);
}

/**
 * The characters of `next`'s file, reached from `previous` by `growth`: an upper bound while it is
 * within MAX_FILE_CHARS, the exact count once it is not.
 */
export function fileCharsAfter(previous: Graph, next: Graph, growth: GraphGrowth): number {
  const base = charsOf(previous);
  const bound =
    growth.kind === 'added'
      ? base + partChars(growth.nodes, growth.edges)
      : // A node that shrinks leaves the bound as it was (its text alone may be laid out otherwise
        // than in a long list); the exact count is taken once the bound passes the limit.
        base + Math.max(0, partChars([growth.after], []) - partChars([growth.before], []));
  if (bound <= MAX_FILE_CHARS) {
    knownChars.set(next, bound);
    return bound;
  }
  const exact = serializeGraph(next).length;
  knownChars.set(next, exact);
  return exact;
}
