import { getNodeDefinition } from '../../nodes/index';
import type { NodeDefinition, ParamSpecs, PortSpec } from '../../nodes/types';
import { type Issue, type IssueCode, makeIssue } from './issues';
import { topologicalOrder } from './topology';
import type { Graph, GraphEdge, GraphNode } from './types';

/**
 * Rules for wiring: which edges may exist. The canvas asks `canConnect` while the user drags a
 * wire; file loading and whole-graph analysis run the same rules through `checkGraphStructure`.
 */

export interface Connection {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

export type ConnectResult = { ok: true } | { ok: false; code: IssueCode; message: string };

export interface CanConnectOptions {
  /** An edge being re-attached: it does not count as taking its old input or as part of a cycle. */
  ignoreEdgeId?: string;
}

function findPort(ports: readonly PortSpec[], name: string): PortSpec | undefined {
  return ports.find((port) => port.name === name);
}

function portList(ports: readonly PortSpec[]): string {
  return ports.length === 0 ? 'none' : ports.map((port) => port.name).join(', ');
}

/** Whether `to` can be reached from `from` by following edges forward. */
function reaches(edges: readonly GraphEdge[], from: string, to: string): boolean {
  const successors = new Map<string, string[]>();
  for (const edge of edges) {
    const list = successors.get(edge.source);
    if (list) list.push(edge.target);
    else successors.set(edge.source, [edge.target]);
  }
  const seen = new Set<string>([from]);
  const stack = [from];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    if (current === to) return true;
    for (const next of successors.get(current) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

/** Whether a new edge may be drawn; the reason, with its issue code, when not. */
export function canConnect(
  graph: Pick<Graph, 'nodes' | 'edges'>,
  connection: Connection,
  options: CanConnectOptions = {},
): ConnectResult {
  const { source, sourcePort, target, targetPort } = connection;
  const sourceNode = graph.nodes.find((node) => node.id === source);
  const targetNode = graph.nodes.find((node) => node.id === target);
  if (!sourceNode) return { ok: false, code: 'DANGLING_EDGE', message: `There is no node "${source}".` };
  if (!targetNode) return { ok: false, code: 'DANGLING_EDGE', message: `There is no node "${target}".` };
  if (source === target) {
    return { ok: false, code: 'CYCLE', message: `Node "${source}" cannot feed its own input.` };
  }
  const sourceDefinition = getNodeDefinition(sourceNode.type);
  const targetDefinition = getNodeDefinition(targetNode.type);
  if (!sourceDefinition) {
    return { ok: false, code: 'UNKNOWN_NODE_TYPE', message: `Node "${source}" has an unknown type "${sourceNode.type}".` };
  }
  if (!targetDefinition) {
    return { ok: false, code: 'UNKNOWN_NODE_TYPE', message: `Node "${target}" has an unknown type "${targetNode.type}".` };
  }
  const output = findPort(sourceDefinition.outputs, sourcePort);
  if (!output) {
    return {
      ok: false,
      code: 'UNKNOWN_PORT',
      message: `Node "${source}" (${sourceNode.type}) has no output "${sourcePort}"; its outputs: ${portList(sourceDefinition.outputs)}.`,
    };
  }
  const input = findPort(targetDefinition.inputs, targetPort);
  if (!input) {
    return {
      ok: false,
      code: 'UNKNOWN_PORT',
      message: `Node "${target}" (${targetNode.type}) has no input "${targetPort}"; its inputs: ${portList(targetDefinition.inputs)}.`,
    };
  }
  if (output.kind !== input.kind) {
    return {
      ok: false,
      code: 'PORT_KIND_MISMATCH',
      message: `Output "${sourcePort}" of "${source}" carries ${output.kind}, but input "${targetPort}" of "${target}" takes ${input.kind}.`,
    };
  }
  const edges = graph.edges.filter((edge) => edge.id !== options.ignoreEdgeId);
  const taken = edges.find((edge) => edge.target === target && edge.targetPort === targetPort);
  if (taken) {
    return {
      ok: false,
      code: 'PORT_USED_TWICE',
      message: `Input "${targetPort}" of "${target}" is already connected (from "${taken.source}"); an input takes one edge.`,
    };
  }
  if (reaches(edges, target, source)) {
    return {
      ok: false,
      code: 'CYCLE',
      message: `Connecting "${source}" to "${target}" would make a cycle: "${target}" already feeds "${source}".`,
    };
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

/** One cycle through `start`, as node ids from `start` back to it, or undefined. */
function cycleThrough(start: string, successors: Map<string, string[]>): string[] | undefined {
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

/**
 * Whole-graph wiring checks: DUPLICATE_NODE_ID, DUPLICATE_EDGE_ID, DANGLING_EDGE, UNKNOWN_PORT,
 * PORT_USED_TWICE and CYCLE. Nodes of unknown type are skipped for port checks (their
 * UNKNOWN_NODE_TYPE is reported where the node itself is checked). Kinds are not checked here: a
 * wire between different kinds can still be drawn and shown in red, so analysis reports it.
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
      issues.push(
        makeIssue('DUPLICATE_NODE_ID', `Two nodes have the id "${node.id}"; node ids must be unique.`, {
          nodeId: node.id,
        }),
      );
      continue;
    }
    nodesById.set(node.id, node);
  }

  const edgeIds = new Set<string>();
  const takenInputs = new Map<string, GraphEdge>();
  const usableEdges: GraphEdge[] = [];
  for (const edge of graph.edges) {
    const where = { edgeId: edge.id };
    if (edgeIds.has(edge.id)) {
      issues.push(makeIssue('DUPLICATE_EDGE_ID', `Two edges have the id "${edge.id}"; edge ids must be unique.`, where));
      continue;
    }
    edgeIds.add(edge.id);
    // Which of the same-named nodes an edge meant is unknowable; the duplicate id is the one error.
    if (duplicateIds.has(edge.source) || duplicateIds.has(edge.target)) continue;
    const sourceNode = nodesById.get(edge.source);
    const targetNode = nodesById.get(edge.target);
    if (!sourceNode || !targetNode) {
      const missing = [sourceNode ? undefined : edge.source, targetNode ? undefined : edge.target].filter(
        (id) => id !== undefined,
      );
      issues.push(
        makeIssue(
          'DANGLING_EDGE',
          `Edge "${edge.id}" connects ${missing.map((id) => `"${id}"`).join(' and ')}, but there is no such node.`,
          sourceNode || targetNode ? { ...where, nodeId: sourceNode ? edge.source : edge.target } : where,
        ),
      );
      continue;
    }
    const sourceDefinition = lookup(sourceNode.type);
    const targetDefinition = lookup(targetNode.type);
    let portsKnown = true;
    if (sourceDefinition && !findPort(sourceDefinition.outputs, edge.sourcePort)) {
      portsKnown = false;
      issues.push(
        makeIssue(
          'UNKNOWN_PORT',
          `Edge "${edge.id}" starts at output "${edge.sourcePort}" of "${edge.source}" (${sourceNode.type}), which has outputs: ${portList(sourceDefinition.outputs)}.`,
          { ...where, nodeId: edge.source, port: edge.sourcePort },
        ),
      );
    }
    if (targetDefinition && !findPort(targetDefinition.inputs, edge.targetPort)) {
      portsKnown = false;
      issues.push(
        makeIssue(
          'UNKNOWN_PORT',
          `Edge "${edge.id}" ends at input "${edge.targetPort}" of "${edge.target}" (${targetNode.type}), which has inputs: ${portList(targetDefinition.inputs)}.`,
          { ...where, nodeId: edge.target, port: edge.targetPort },
        ),
      );
    }
    // Ports of a node of unknown type cannot be checked; its edges stay, so cycles through it are found.
    if (!portsKnown) continue;
    const inputKey = `${edge.target}\u0000${edge.targetPort}`;
    const earlier = takenInputs.get(inputKey);
    if (earlier) {
      issues.push(
        makeIssue(
          'PORT_USED_TWICE',
          `Input "${edge.targetPort}" of "${edge.target}" has two edges ("${earlier.id}" and "${edge.id}"); an input takes one.`,
          { ...where, nodeId: edge.target, port: edge.targetPort },
        ),
      );
      continue;
    }
    takenInputs.set(inputKey, edge);
    usableEdges.push(edge);
  }

  const { order, cyclic } = topologicalOrder({ nodes: [...nodesById.values()], edges: usableEdges });
  if (cyclic.length > 0) {
    const cyclicSet = new Set(cyclic);
    const successors = new Map<string, string[]>();
    for (const edge of usableEdges) {
      if (!cyclicSet.has(edge.source) || !cyclicSet.has(edge.target)) continue;
      const list = successors.get(edge.source);
      if (list) list.push(edge.target);
      else successors.set(edge.source, [edge.target]);
    }
    // Nodes merely downstream of a cycle are left without shapes but get no issue of their own.
    for (const id of cyclic) {
      const cycle = cycleThrough(id, successors);
      if (!cycle) continue;
      issues.push(
        makeIssue(
          'CYCLE',
          `Node "${id}" is on a cycle (${cycle.join(' → ')}); data must flow one way, from the dataset to the loss.`,
          { nodeId: id },
        ),
      );
    }
  }
  return { issues, nodesById, usableEdges, order, cyclic, duplicateIds };
}
