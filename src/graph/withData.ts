/**
 * Putting chosen data on a graph: the dataset node gets the reference (and the source and any
 * preparation params the import used), and when the number of classes changes, the layer that
 * feeds the loss follows if it was sized for the old number (a Dense with one unit per class, as
 * in every template), so a template trained on three folders instead of two needs no hand edit.
 * Nothing else of the graph changes. Pure: the editor applies the result as one undoable step; the
 * CLI uses it for `--data`.
 */
import type { DataReference } from './dataReference';
import type { Graph, GraphNode } from './types';

const DATASET = 'dataset';
const DENSE = 'dense';
const LOSS = 'loss';

function classCountOf(params: Record<string, unknown>): number | undefined {
  if (params.source === 'mnist' || params.source === undefined) {
    return Array.isArray(params.classes) ? params.classes.length : 10;
  }
  const data = params.data as DataReference | null | undefined;
  return data?.classNames.length;
}

/** The Dense node feeding the loss's prediction, if that is what feeds it. */
function outputDense(graph: Graph): GraphNode | undefined {
  const loss = graph.nodes.find((node) => node.type === LOSS);
  const edge = loss && graph.edges.find((candidate) => candidate.target === loss.id && candidate.targetPort === 'prediction');
  const source = edge && graph.nodes.find((node) => node.id === edge.source);
  return source?.type === DENSE ? source : undefined;
}

/**
 * The graph with `reference` on its dataset node (plus `params`, e.g. the image size it was
 * imported at); the output Dense resized when it had one unit per old class and labels are one-hot.
 */
export function graphWithData(graph: Graph, reference: DataReference, params: Record<string, unknown> = {}): Graph {
  const dataset = graph.nodes.find((node) => node.type === DATASET);
  if (!dataset) return graph;
  const before = classCountOf(dataset.params);
  const after = reference.classNames.length;
  const onehot = (dataset.params.labels ?? 'onehot') === 'onehot';
  const dense = before !== after && onehot ? outputDense(graph) : undefined;
  const resize = dense !== undefined && dense.params.units === before;
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      if (node === dataset) return { ...node, params: { ...node.params, ...params, source: reference.kind, data: reference } };
      if (resize && node === dense) return { ...node, params: { ...node.params, units: after } };
      return node;
    }),
  };
}
