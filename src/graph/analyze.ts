import { getNodeDefinition } from '../../nodes/index';
import type { NodeDefinition, ParamSpecs, ParamValues, ShapeResult } from '../../nodes/types';
import { checkGraphStructure } from './connect';
import { type Issue, makeIssue } from './issues';
import { checkNodeParams } from './schema';
import type { Graph, GraphEdge, Shape } from './types';

/**
 * Whole-graph validation and shape inference: pure, synchronous, no tfjs. The editor runs it on
 * every change, so it stays linear in the size of the graph (a 300-node graph takes well under
 * 5 ms; see bench/infer.ts).
 *
 * Errors (the graph cannot be trained as drawn):
 *  - wiring: DUPLICATE_NODE_ID, DUPLICATE_EDGE_ID, DANGLING_EDGE, UNKNOWN_PORT, PORT_USED_TWICE,
 *    CYCLE, PORT_KIND_MISMATCH (an output wired to an input of another kind), MISSING_INPUT (a
 *    required input left unconnected);
 *  - nodes: UNKNOWN_NODE_TYPE, NODE_VERSION_TOO_NEW, UNKNOWN_PARAM, INVALID_PARAM, and whatever a
 *    node type's inferShape refuses: WRONG_RANK (conv2d or pooling on a flat tensor — there is no
 *    sensible reading of it, so the user must add a Reshape), INVALID_SHAPE, INCOMPATIBLE_SHAPES,
 *    LOSS_SHAPE_MISMATCH (prediction and labels differ);
 *  - the whole: exactly one dataset, one loss and one optimizer (MISSING_* / MULTIPLE_*).
 * Warnings (trains, but probably not what was meant):
 *  - DENSE_ON_IMAGE: dense on a tensor of rank > 2 acts on the last axis only (per pixel), which
 *    is legal and occasionally intended, so it is not refused;
 *  - UNUSED_NODE: a layer not on a path from the dataset to the loss (it will not be trained);
 *  - LOSS_ACTIVATION_MISMATCH: cross-entropy on an output that is not a probability (e.g.
 *    categorical cross-entropy without softmax), which gives meaningless or NaN losses.
 * A node that fails (or whose input failed) gets no shape, and nodes downstream of it are skipped
 * silently: one mistake gives one error, not a cascade.
 */

export interface NodeAnalysis {
  /** Shape on each output port (batch dimension `null`). */
  outputs: Record<string, Shape>;
  /** Number of weights this node adds. */
  params: number;
}

export interface GraphAnalysis {
  /** Node ids in topological order (nodes on or behind a cycle left out). */
  order: string[];
  /** Every node whose shapes could be inferred; a node missing here has an issue upstream or on itself. */
  nodes: Record<string, NodeAnalysis>;
  /** Tensor shape carried by each edge whose source could be inferred. */
  edges: Record<string, Shape>;
  /** Sum of the params of every inferred node. */
  totalParams: number;
  /** Errors and warnings, each placed on a node, edge, port or param where possible. */
  issues: Issue[];
}

type Definition = NodeDefinition<ParamSpecs>;

/** Node types whose output carries their input's values unchanged in range (for the loss check). */
const VALUE_PRESERVING = new Set(['dropout', 'flatten', 'reshape']);

/** The activation a node applies last, when it has one we can name. */
function finalActivation(type: string, params: Record<string, unknown>): string | undefined {
  if (type === 'dense' || type === 'conv2d') return typeof params.activation === 'string' ? params.activation : undefined;
  if (type === 'activation') return typeof params.function === 'string' ? params.function : undefined;
  return undefined;
}

/** Records keyed by user-chosen ids: no prototype, so an id such as "__proto__" is just a key. */
function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Validates the graph and infers every tensor shape and parameter count. Never throws. */
export function analyzeGraph(graph: Pick<Graph, 'nodes' | 'edges'>): GraphAnalysis {
  try {
    return analyze(graph);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      order: [],
      nodes: emptyRecord(),
      edges: emptyRecord(),
      totalParams: 0,
      issues: [makeIssue('INVALID_FILE', `The graph could not be analysed: ${reason}`)],
    };
  }
}

function analyze(graph: Pick<Graph, 'nodes' | 'edges'>): GraphAnalysis {
  const structure = checkGraphStructure(graph);
  const issues: Issue[] = [...structure.issues];
  const definitions = new Map<string, Definition>();
  const paramsById = new Map<string, Record<string, unknown>>();
  // Nodes without shapes: their own error, or an input that has none.
  const failed = new Set<string>([...structure.cyclic, ...structure.duplicateIds]);
  // Inputs with an edge that failed a wiring check: already reported, so not "missing" as well.
  const wiredInputs = new Set(graph.edges.map((edge) => `${edge.target}\u0000${edge.targetPort}`));

  for (const node of structure.nodesById.values()) {
    const definition = getNodeDefinition(node.type);
    if (!definition) {
      issues.push(
        makeIssue('UNKNOWN_NODE_TYPE', `Node "${node.id}" has type "${node.type}", which this Kairo does not know.`, {
          nodeId: node.id,
        }),
      );
      failed.add(node.id);
      continue;
    }
    definitions.set(node.id, definition);
    if (node.version > definition.version) {
      issues.push(
        makeIssue(
          'NODE_VERSION_TOO_NEW',
          `Node "${node.id}" (${node.type}) has version ${node.version}; this Kairo knows ${node.type} up to version ${definition.version}.`,
          { nodeId: node.id },
        ),
      );
      failed.add(node.id);
      continue;
    }
    const checked = checkNodeParams(definition, node.id, node.params);
    paramsById.set(node.id, checked.params);
    if (checked.issues.length > 0) {
      issues.push(...checked.issues);
      failed.add(node.id);
    }
  }

  const incoming = new Map<string, Map<string, GraphEdge>>();
  for (const edge of structure.usableEdges) {
    let ports = incoming.get(edge.target);
    if (!ports) {
      ports = new Map();
      incoming.set(edge.target, ports);
    }
    ports.set(edge.targetPort, edge);
  }

  const nodes = emptyRecord<NodeAnalysis>();
  let totalParams = 0;
  for (const id of structure.order) {
    const definition = definitions.get(id);
    const params = paramsById.get(id);
    if (!definition || !params) continue;
    const inputs: Record<string, Shape> = {};
    let ready = !failed.has(id);
    for (const port of definition.inputs) {
      const edge = incoming.get(id)?.get(port.name);
      if (!edge) {
        if (wiredInputs.has(`${id}\u0000${port.name}`)) {
          ready = false;
        } else if (!port.optional) {
          issues.push(
            makeIssue('MISSING_INPUT', `Input "${port.name}" of "${id}" (${definition.type}) is not connected.`, {
              nodeId: id,
              port: port.name,
            }),
          );
          ready = false;
        }
        continue;
      }
      const sourcePort = definitions.get(edge.source)?.outputs.find((output) => output.name === edge.sourcePort);
      if (sourcePort && sourcePort.kind !== port.kind) {
        issues.push(
          makeIssue(
            'PORT_KIND_MISMATCH',
            `Output "${edge.sourcePort}" of "${edge.source}" carries ${sourcePort.kind}, but input "${port.name}" of "${id}" takes ${port.kind}.`,
            { nodeId: id, edgeId: edge.id, port: port.name },
          ),
        );
        ready = false;
        continue;
      }
      const shape = nodes[edge.source]?.outputs[edge.sourcePort];
      if (shape === undefined) {
        ready = false;
        continue;
      }
      inputs[port.name] = shape;
    }
    if (!ready) {
      failed.add(id);
      continue;
    }
    const typedParams = params as ParamValues<ParamSpecs>;
    let result: ShapeResult;
    let count: number;
    try {
      result = definition.inferShape(inputs, typedParams);
      count = result.ok ? definition.paramCount(inputs, typedParams) : 0;
    } catch (error) {
      // A fault in one node type must not hide the analysis of every other node.
      const reason = error instanceof Error ? error.message : String(error);
      issues.push(makeIssue('INVALID_SHAPE', `The shape of "${id}" (${definition.type}) could not be worked out: ${reason}`, { nodeId: id }));
      failed.add(id);
      continue;
    }
    if (!result.ok) {
      const { code, message, port, param } = result.problem;
      issues.push(makeIssue(code, message, { nodeId: id, ...(port ? { port } : {}), ...(param ? { param } : {}) }));
      failed.add(id);
      continue;
    }
    for (const warning of result.warnings ?? []) {
      const { code, message, port, param } = warning;
      issues.push(makeIssue(code, message, { nodeId: id, ...(port ? { port } : {}), ...(param ? { param } : {}) }));
    }
    const safeCount = Number.isFinite(count) && count > 0 ? count : 0;
    nodes[id] = { outputs: result.outputs, params: safeCount };
    totalParams += safeCount;
  }

  const edges = emptyRecord<Shape>();
  for (const edge of structure.usableEdges) {
    const shape = nodes[edge.source]?.outputs[edge.sourcePort];
    if (shape !== undefined) edges[edge.id] = shape;
  }

  const byRole = { dataset: [] as string[], loss: [] as string[], optimizer: [] as string[] };
  for (const [id, definition] of definitions) {
    if (definition.role !== 'layer') byRole[definition.role].push(id);
  }
  const roleChecks = [
    ['dataset', 'MISSING_DATASET', 'MULTIPLE_DATASETS', 'a Dataset node to learn from'],
    ['loss', 'MISSING_LOSS', 'MULTIPLE_LOSSES', 'a Loss node that compares the prediction with the labels'],
    ['optimizer', 'MISSING_OPTIMIZER', 'MULTIPLE_OPTIMIZERS', 'an Optimizer node connected to the loss'],
  ] as const;
  for (const [role, missing, multiple, what] of roleChecks) {
    const ids = byRole[role];
    if (ids.length === 0) issues.push(makeIssue(missing, `The graph needs ${what}.`));
    for (const extra of ids.slice(1)) {
      issues.push(
        makeIssue(multiple, `There is more than one ${role} node ("${ids[0]}" and "${extra}"); a graph has exactly one.`, {
          nodeId: extra,
        }),
      );
    }
  }

  if (byRole.dataset.length > 0 && byRole.loss.length > 0) {
    issues.push(...unusedLayers(structure.usableEdges, definitions, failed, byRole.dataset, byRole.loss));
  }
  for (const lossId of byRole.loss) {
    const issue = lossActivationMismatch(lossId, incoming, structure.nodesById, paramsById, nodes);
    if (issue) issues.push(issue);
  }

  return { order: structure.order, nodes, edges, totalParams, issues };
}

function reachable(starts: readonly string[], next: Map<string, string[]>): Set<string> {
  const seen = new Set(starts);
  const stack = [...starts];
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

/** UNUSED_NODE for layers the loss does not depend on, or that the dataset does not feed. */
function unusedLayers(
  edges: readonly GraphEdge[],
  definitions: Map<string, Definition>,
  failed: Set<string>,
  datasets: readonly string[],
  losses: readonly string[],
): Issue[] {
  const forward = new Map<string, string[]>();
  const backward = new Map<string, string[]>();
  for (const edge of edges) {
    const after = forward.get(edge.source);
    if (after) after.push(edge.target);
    else forward.set(edge.source, [edge.target]);
    const before = backward.get(edge.target);
    if (before) before.push(edge.source);
    else backward.set(edge.target, [edge.source]);
  }
  const fed = reachable(datasets, forward);
  const needed = reachable(losses, backward);
  const issues: Issue[] = [];
  for (const [id, definition] of definitions) {
    // A failed node already has its error (or one upstream); calling it unused as well is noise.
    if (definition.role !== 'layer' || failed.has(id) || (fed.has(id) && needed.has(id))) continue;
    issues.push(
      makeIssue(
        'UNUSED_NODE',
        `"${id}" (${definition.type}) is not on a path from the dataset to the loss, so it is not trained or used.`,
        { nodeId: id },
      ),
    );
  }
  return issues;
}

/** LOSS_ACTIVATION_MISMATCH when a cross-entropy loss gets values that are not probabilities. */
function lossActivationMismatch(
  lossId: string,
  incoming: Map<string, Map<string, GraphEdge>>,
  nodesById: Map<string, { type: string }>,
  paramsById: Map<string, Record<string, unknown>>,
  inferred: Record<string, NodeAnalysis>,
): Issue | undefined {
  const lossParams = paramsById.get(lossId);
  if (!lossParams || !inferred[lossId]) return undefined;
  const lossFunction = lossParams.function;
  const expected =
    lossFunction === 'categoricalCrossentropy' ? ['softmax'] : lossFunction === 'binaryCrossentropy' ? ['sigmoid', 'softmax'] : [];
  if (expected.length === 0) return undefined;
  let producer = incoming.get(lossId)?.get('prediction')?.source;
  // Dropout, flatten and reshape keep the values: look through them to the layer that made them.
  for (let hops = 0; producer !== undefined && hops < 1000; hops++) {
    const type = nodesById.get(producer)?.type;
    if (type === undefined || !VALUE_PRESERVING.has(type)) break;
    producer = incoming.get(producer)?.get('in')?.source;
  }
  if (producer === undefined) return undefined;
  const producerType = nodesById.get(producer)?.type ?? '';
  const activation = finalActivation(producerType, paramsById.get(producer) ?? {});
  if (activation !== undefined && expected.includes(activation)) return undefined;
  const has = activation === undefined ? `"${producer}" (${producerType}) has no such activation` : `"${producer}" ends with ${activation}`;
  return makeIssue(
    'LOSS_ACTIVATION_MISMATCH',
    `${String(lossFunction)} expects probabilities from ${expected.join(' or ')}, but ${has}; the loss will be meaningless or NaN.`,
    { nodeId: lossId, port: 'prediction' },
  );
}
