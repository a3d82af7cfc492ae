import { getNodeDefinition } from '../../nodes/index';
import type { NodeDefinition, ParamSpecs, PortSpec } from '../../nodes/types';
import { type Issue, type IssueText, kindRef, listRef, makeIssue, nodeTypeRef, portRef } from './issues';
import { adjacencyOf, cycleThrough, reachable, topologicalOrder } from './topology';
import type { Graph, GraphEdge, GraphNode } from './types';

/**
 * Rules for wiring: which edges may exist. The canvas asks `canConnect` while the user drags a
 * wire; the analysis (and through it file loading and the compiler) runs the same rules over the
 * whole graph through `checkGraphStructure`.
 */

export interface Connection {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

/** Whether a wire may be drawn; when not, the problem as a code with its values (rendered by the UI). */
export type ConnectResult = { ok: true } | ({ ok: false } & IssueText);

export interface CanConnectOptions {
  /** An edge being re-attached: it does not count as taking its old input or as part of a cycle. */
  ignoreEdgeId?: string;
}

function findPort(ports: readonly PortSpec[], name: string): PortSpec | undefined {
  return ports.find((port) => port.name === name);
}

function refused(issue: Issue): ConnectResult {
  const { code, variant, vars } = issue;
  return variant === undefined ? { ok: false, code, vars } : { ok: false, code, variant, vars };
}

/** UNKNOWN_PORT for a port name a node type does not have. */
function unknownPort(side: 'output' | 'input', node: GraphNode, port: string, ports: readonly PortSpec[], edge?: GraphEdge): Issue {
  return makeIssue('UNKNOWN_PORT', {
    variant: side,
    vars: { node: node.id, type: nodeTypeRef(node.type), port, ports: listRef(ports.map((each) => each.name)) },
    nodeId: node.id,
    port,
    ...(edge ? { edgeId: edge.id } : {}),
  });
}

/** PORT_KIND_MISMATCH between an output and an input. */
export function portKindMismatch(
  source: Pick<GraphNode, 'id' | 'type'>,
  output: PortSpec,
  target: Pick<GraphNode, 'id' | 'type'>,
  input: PortSpec,
  edge?: GraphEdge,
): Issue {
  return makeIssue('PORT_KIND_MISMATCH', {
    vars: {
      source: source.id,
      output: portRef(source.type, output.name),
      outputKind: kindRef(output.kind),
      target: target.id,
      input: portRef(target.type, input.name),
      inputKind: kindRef(input.kind),
    },
    nodeId: target.id,
    port: input.name,
    ...(edge ? { edgeId: edge.id } : {}),
  });
}

/** Whether a new edge may be drawn; the problem, as a code with its values, when not. */
export function canConnect(
  graph: Pick<Graph, 'nodes' | 'edges'>,
  connection: Connection,
  options: CanConnectOptions = {},
): ConnectResult {
  const { source, sourcePort, target, targetPort } = connection;
  const sourceNode = graph.nodes.find((node) => node.id === source);
  const targetNode = graph.nodes.find((node) => node.id === target);
  if (!sourceNode || !targetNode) {
    const missing = sourceNode ? target : source;
    return { ok: false, code: 'DANGLING_EDGE', variant: 'connect', vars: { node: missing } };
  }
  if (source === target) return { ok: false, code: 'CYCLE', variant: 'self', vars: { node: source } };
  const sourceDefinition = getNodeDefinition(sourceNode.type);
  const targetDefinition = getNodeDefinition(targetNode.type);
  if (!sourceDefinition) return { ok: false, code: 'UNKNOWN_NODE_TYPE', vars: { node: source, type: sourceNode.type } };
  if (!targetDefinition) return { ok: false, code: 'UNKNOWN_NODE_TYPE', vars: { node: target, type: targetNode.type } };
  const output = findPort(sourceDefinition.outputs, sourcePort);
  if (!output) return refused(unknownPort('output', sourceNode, sourcePort, sourceDefinition.outputs));
  const input = findPort(targetDefinition.inputs, targetPort);
  if (!input) return refused(unknownPort('input', targetNode, targetPort, targetDefinition.inputs));
  if (output.kind !== input.kind) return refused(portKindMismatch(sourceNode, output, targetNode, input));
  const edges = graph.edges.filter((edge) => edge.id !== options.ignoreEdgeId);
  const taken = edges.find((edge) => edge.target === target && edge.targetPort === targetPort);
  if (taken) {
    return {
      ok: false,
      code: 'PORT_USED_TWICE',
      variant: 'connect',
      vars: { node: target, port: portRef(targetNode.type, targetPort), from: taken.source },
    };
  }
  if (reachable([target], adjacencyOf(edges).successors).has(source)) {
    return { ok: false, code: 'CYCLE', variant: 'connect', vars: { source, target } };
  }
  return { ok: true };
}

export interface StructureResult {
  issues: Issue[];
  /** The first node with each id (later duplicates are reported and left out). */
  nodesById: Map<string, GraphNode>;
  /** Edges that passed every check, safe to follow for shape inference. */
  usableEdges: GraphEdge[];
  /** Node ids in topological order (nodes on or behind a cycle left out). */
  order: string[];
  /** Ids of nodes on or behind a cycle. */
  cyclic: string[];
  /** Ids used by more than one node: edges touching them are ambiguous and left unchecked. */
  duplicateIds: Set<string>;
}

type DefinitionLookup = (type: string) => NodeDefinition<ParamSpecs> | undefined;

/**
 * Whole-graph wiring checks: DUPLICATE_NODE_ID, DUPLICATE_EDGE_ID, DANGLING_EDGE, UNKNOWN_PORT,
 * PORT_USED_TWICE and CYCLE. Nodes of unknown type are skipped for port checks (their
 * UNKNOWN_NODE_TYPE is reported where the node itself is checked). Kinds are not checked here: the
 * analysis reports a wire between different kinds on the input it feeds.
 */
export function checkGraphStructure(
  graph: Pick<Graph, 'nodes' | 'edges'>,
  lookup: DefinitionLookup = getNodeDefinition,
): StructureResult {
  const issues: Issue[] = [];
  const nodesById = new Map<string, GraphNode>();
  const duplicateIds = new Set<string>();
  for (const node of graph.nodes) {
    if (nodesById.has(node.id)) {
      duplicateIds.add(node.id);
      issues.push(makeIssue('DUPLICATE_NODE_ID', { vars: { id: node.id }, nodeId: node.id }));
      continue;
    }
    nodesById.set(node.id, node);
  }

  const edgeIds = new Set<string>();
  const takenInputs = new Map<string, GraphEdge>();
  const usableEdges: GraphEdge[] = [];
  for (const edge of graph.edges) {
    if (edgeIds.has(edge.id)) {
      issues.push(makeIssue('DUPLICATE_EDGE_ID', { vars: { id: edge.id }, edgeId: edge.id }));
      continue;
    }
    edgeIds.add(edge.id);
    // Which of the same-named nodes an edge meant is unknowable; the duplicate id is the one error.
    if (duplicateIds.has(edge.source) || duplicateIds.has(edge.target)) continue;
    const sourceNode = nodesById.get(edge.source);
    const targetNode = nodesById.get(edge.target);
    if (!sourceNode || !targetNode) {
      const variant = sourceNode ? 'target' : targetNode ? 'source' : 'both';
      const known = sourceNode ?? targetNode;
      issues.push(
        makeIssue('DANGLING_EDGE', {
          variant,
          vars: { edge: edge.id, source: edge.source, target: edge.target },
          edgeId: edge.id,
          ...(known ? { nodeId: known.id } : {}),
        }),
      );
      continue;
    }
    const sourceDefinition = lookup(sourceNode.type);
    const targetDefinition = lookup(targetNode.type);
    let portsKnown = true;
    if (sourceDefinition && !findPort(sourceDefinition.outputs, edge.sourcePort)) {
      portsKnown = false;
      issues.push(unknownPort('output', sourceNode, edge.sourcePort, sourceDefinition.outputs, edge));
    }
    if (targetDefinition && !findPort(targetDefinition.inputs, edge.targetPort)) {
      portsKnown = false;
      issues.push(unknownPort('input', targetNode, edge.targetPort, targetDefinition.inputs, edge));
    }
    // Ports of a node of unknown type cannot be checked; its edges stay, so cycles through it are found.
    if (!portsKnown) continue;
    const inputKey = `${edge.target}\u0000${edge.targetPort}`;
    const earlier = takenInputs.get(inputKey);
    if (earlier) {
      issues.push(
        makeIssue('PORT_USED_TWICE', {
          vars: { node: edge.target, port: portRef(targetNode.type, edge.targetPort), first: earlier.id, second: edge.id },
          edgeId: edge.id,
          nodeId: edge.target,
          port: edge.targetPort,
        }),
      );
      continue;
    }
    takenInputs.set(inputKey, edge);
    usableEdges.push(edge);
  }

  const { order, cyclic } = topologicalOrder([...nodesById.keys()], usableEdges);
  if (cyclic.length > 0) {
    const cyclicSet = new Set(cyclic);
    const { successors } = adjacencyOf(usableEdges.filter((edge) => cyclicSet.has(edge.source) && cyclicSet.has(edge.target)));
    // Nodes merely downstream of a cycle are left without shapes but get no issue of their own.
    for (const id of cyclic) {
      const cycle = cycleThrough(id, successors);
      if (cycle) issues.push(makeIssue('CYCLE', { vars: { node: id, path: cycle.join(' → ') }, nodeId: id }));
    }
  }
  return { issues, nodesById, usableEdges, order, cyclic, duplicateIds };
}
