import type { NodeDefinition, ParamSpecs, ParamValues, ShapeResult } from '../../nodes/types';
import { checkExpectedActivations, checkRoles, type RoleNodes, trainingPath } from './analysisRules';
import { checkGraphStructure, portKindMismatch } from './connect';
import { type Issue, makeIssue, nodeTypeRef, portRef } from './issues';
import { budgetIssues, estimateTrainingMemory, type MemoryEstimate } from './limits';
import { issueOfNodeProblem, resolveNode } from './resolveNode';
import type { Graph, GraphEdge, Shape } from './types';

/**
 * The one place that decides whether a graph is valid, and everything later stages need to know
 * about it: pure, synchronous, no tfjs. The editor runs it on every change (a 300-node graph takes
 * well under 5 ms; see bench/infer.ts); file loading refuses a file on its REFUSED_ON_LOAD errors;
 * the compiler builds from its result and checks nothing again.
 *
 * Errors (the graph cannot be trained as drawn):
 *  - wiring (connect.ts): DUPLICATE_NODE_ID, DUPLICATE_EDGE_ID, DANGLING_EDGE, UNKNOWN_PORT,
 *    PORT_USED_TWICE, CYCLE; here: PORT_KIND_MISMATCH, MISSING_INPUT (a required input left open);
 *  - nodes (resolveNode.ts): UNKNOWN_NODE_TYPE, NODE_VERSION_TOO_NEW, MIGRATION_FAILED,
 *    UNKNOWN_PARAM, INVALID_PARAM, a type's own param rules (DUPLICATE_CLASS, ...), and whatever its
 *    inferShape refuses (WRONG_RANK, INVALID_SHAPE, WINDOW_TOO_LARGE, INCOMPATIBLE_SHAPES, ...);
 *  - the whole (analysisRules.ts): exactly one dataset, one loss and one optimizer;
 *  - the limits (limits.ts): TOO_MANY_PARAMS, OVER_MEMORY_BUDGET — before anything is allocated.
 * Warnings (trains, but probably not what was meant): DENSE_ON_IMAGE, UNUSED_NODE (a layer off the
 * path from the dataset to the loss), LOSS_ACTIVATION_MISMATCH.
 * A node that fails (or whose input failed) gets no shape, and nodes downstream of it are skipped
 * silently: one mistake gives one error, not a cascade.
 */

export interface NodeAnalysis {
  /** Shape on each output port (batch dimension `null`). */
  outputs: Record<string, Shape>;
  /** Number of weights this node adds. */
  params: number;
}

/** A node of a known type at a readable version, with what the compiler needs to build it. */
export interface ResolvedNode {
  id: string;
  definition: NodeDefinition<ParamSpecs>;
  /** Every param of the type: valid values, defaults for missing or invalid ones (typed by the validator). */
  params: ParamValues<ParamSpecs>;
  /** The edge feeding each connected input port (edges that passed the wiring checks). */
  inputs: Readonly<Record<string, GraphEdge>>;
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
  /** Every node of a known type at a readable version, by id. */
  resolved: Record<string, ResolvedNode>;
  /** The first node of each role (a second one is an error). */
  roles: RoleNodes;
  /** The nodes training builds, in topological order: fed by the dataset and needed by the loss. */
  trainingPath: string[];
  /** What one training step of the path needs in memory (undefined without a dataset). */
  memory?: MemoryEstimate;
}

/**
 * A resolved node's params typed by its own type's declarations, when it is a node of that type:
 * how the engine reads the dataset, loss and optimizer settings without casting at every use.
 */
export function paramsAs<P extends ParamSpecs>(
  definition: NodeDefinition<P>,
  node: ResolvedNode | undefined,
): ParamValues<P> | undefined {
  // The validator checked these params against this very type's specs (resolveNode → checkNodeParams).
  return node?.definition.type === definition.type ? (node.params as ParamValues<P>) : undefined;
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
      issues: [makeIssue('INVALID_FILE', { variant: 'internal', vars: { reason } })],
      resolved: emptyRecord(),
      roles: {},
      trainingPath: [],
    };
  }
}

/** The shapes on a node's inputs, or false when one of them cannot be had (its problem is reported or upstream). */
function gatherInputs(
  resolvedNode: ResolvedNode,
  resolved: Readonly<Record<string, ResolvedNode>>,
  nodes: Readonly<Record<string, NodeAnalysis>>,
  wiredInputs: ReadonlySet<string>,
  issues: Issue[],
): Record<string, Shape> | false {
  const { id, definition } = resolvedNode;
  const shapes: Record<string, Shape> = {};
  let ready = true;
  for (const port of definition.inputs) {
    const edge = resolvedNode.inputs[port.name];
    if (!edge) {
      // An input whose edge failed a wiring check is already reported: not "missing" as well.
      if (!port.optional && !wiredInputs.has(`${id}\u0000${port.name}`)) {
        issues.push(makeIssue('MISSING_INPUT', { vars: { port: portRef(definition.type, port.name) }, nodeId: id, port: port.name }));
      }
      if (!port.optional || wiredInputs.has(`${id}\u0000${port.name}`)) ready = false;
      continue;
    }
    const source = resolved[edge.source];
    const output = source?.definition.outputs.find((each) => each.name === edge.sourcePort);
    if (source && output && output.kind !== port.kind) {
      const sourceNode = { id: source.id, type: source.definition.type };
      const targetNode = { id, type: definition.type };
      issues.push(portKindMismatch(sourceNode, output, targetNode, port, edge));
      ready = false;
      continue;
    }
    const shape = nodes[edge.source]?.outputs[edge.sourcePort];
    if (shape === undefined) ready = false;
    else shapes[port.name] = shape;
  }
  return ready && shapes;
}

function analyze(graph: Pick<Graph, 'nodes' | 'edges'>): GraphAnalysis {
  const structure = checkGraphStructure(graph);
  const issues: Issue[] = [...structure.issues];
  // Nodes without shapes: their own error, or an input that has none.
  const failed = new Set<string>([...structure.cyclic, ...structure.duplicateIds]);
  const wiredInputs = new Set(graph.edges.map((edge) => `${edge.target}\u0000${edge.targetPort}`));

  const inputsOf = new Map<string, Record<string, GraphEdge>>();
  for (const edge of structure.usableEdges) {
    let ports = inputsOf.get(edge.target);
    if (!ports) {
      ports = emptyRecord();
      inputsOf.set(edge.target, ports);
    }
    ports[edge.targetPort] = edge;
  }

  const resolved = emptyRecord<ResolvedNode>();
  const definitions = new Map<string, NodeDefinition<ParamSpecs>>();
  for (const node of structure.nodesById.values()) {
    const resolution = resolveNode(node);
    issues.push(...resolution.issues);
    if (resolution.issues.some((issue) => issue.severity === 'error')) failed.add(node.id);
    if (!resolution.definition) continue;
    definitions.set(node.id, resolution.definition);
    resolved[node.id] = {
      id: node.id,
      definition: resolution.definition,
      params: resolution.params,
      inputs: inputsOf.get(node.id) ?? emptyRecord(),
    };
  }

  const nodes = emptyRecord<NodeAnalysis>();
  let totalParams = 0;
  for (const id of structure.order) {
    const node = resolved[id];
    if (!node || failed.has(id)) {
      failed.add(id);
      continue;
    }
    const inputs = gatherInputs(node, resolved, nodes, wiredInputs, issues);
    if (!inputs) {
      failed.add(id);
      continue;
    }
    const { definition, params } = node;
    let result: ShapeResult;
    let count: number;
    try {
      result = definition.inferShape(inputs, params);
      count = result.ok ? definition.paramCount(inputs, params) : 0;
    } catch (error) {
      // A fault in one node type must not hide the analysis of every other node.
      const reason = error instanceof Error ? error.message : String(error);
      const vars = { node: id, type: nodeTypeRef(definition.type), reason };
      issues.push(makeIssue('INVALID_SHAPE', { variant: 'inferFailed', vars, nodeId: id }));
      failed.add(id);
      continue;
    }
    if (!result.ok) {
      issues.push(issueOfNodeProblem(result.problem, id));
      failed.add(id);
      continue;
    }
    for (const warning of result.warnings ?? []) issues.push(issueOfNodeProblem(warning, id));
    const safeCount = Number.isFinite(count) && count > 0 ? count : 0;
    nodes[id] = { outputs: result.outputs, params: safeCount };
    totalParams += safeCount;
  }

  const edges = emptyRecord<Shape>();
  for (const edge of structure.usableEdges) {
    const shape = nodes[edge.source]?.outputs[edge.sourcePort];
    if (shape !== undefined) edges[edge.id] = shape;
  }

  const { roles, issues: roleIssues } = checkRoles(definitions);
  issues.push(...roleIssues);
  const path = trainingPath(structure.order, structure.usableEdges, definitions, failed, roles);
  issues.push(...path.issues);
  const shaped = new Map(Object.keys(nodes).flatMap((id) => (resolved[id] ? [[id, resolved[id]] as const] : [])));
  issues.push(...checkExpectedActivations(shaped));

  const memory = estimateTrainingMemory({
    path: path.path,
    datasetId: roles.dataset,
    optimizerId: roles.optimizer,
    definitionOf: (id) => resolved[id]?.definition,
    paramsOf: (id) => resolved[id]?.params,
    outputsOf: (id) => nodes[id]?.outputs,
    paramCountOf: (id) => nodes[id]?.params ?? 0,
  });
  issues.push(...budgetIssues(new Map(Object.entries(nodes).map(([id, node]) => [id, node.params])), memory));

  const analysis: GraphAnalysis = { order: structure.order, nodes, edges, totalParams, issues, resolved, roles, trainingPath: path.path };
  if (memory) analysis.memory = memory;
  return analysis;
}
