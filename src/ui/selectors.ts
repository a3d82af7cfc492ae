/** Lookups derived once per graph or analysis object and shared by every card and edge. */
import { getNodeDefinition } from '../../nodes/index';
import type { Issue } from '../graph/issues';
import type { GraphNode } from '../graph/types';
import type { GraphAnalysis } from '../store/index';

const nodeMaps = new WeakMap<readonly GraphNode[], Map<string, GraphNode>>();

export function nodeIndex(nodes: readonly GraphNode[]): Map<string, GraphNode> {
  let index = nodeMaps.get(nodes);
  if (!index) {
    index = new Map(nodes.map((node) => [node.id, node]));
    nodeMaps.set(nodes, index);
  }
  return index;
}

const issueMaps = new WeakMap<GraphAnalysis, Map<string, Issue[]>>();
const NO_ISSUES: Issue[] = [];

/** The issues placed on one node (the same empty array for every node without any). */
export function issuesOfNode(analysis: GraphAnalysis, nodeId: string): Issue[] {
  let index = issueMaps.get(analysis);
  if (!index) {
    index = new Map();
    for (const issue of analysis.issues) {
      if (issue.nodeId === undefined) continue;
      const list = index.get(issue.nodeId);
      if (list) list.push(issue);
      else index.set(issue.nodeId, [issue]);
    }
    issueMaps.set(analysis, index);
  }
  return index.get(nodeId) ?? NO_ISSUES;
}

export interface ParameterTotal {
  total: number;
  /** False while some layer has no shape (its input or a param is wrong): the total would be short. */
  complete: boolean;
  /** Layers without a count. */
  missing: number;
}

const totals = new WeakMap<GraphAnalysis, WeakMap<readonly GraphNode[], ParameterTotal>>();

/**
 * The graph's parameter total, and whether it counts every layer. A layer whose shape cannot be
 * worked out has no count, so while one exists the sum is not the network's size and is not shown
 * as one.
 */
export function parameterTotal(analysis: GraphAnalysis, nodes: readonly GraphNode[]): ParameterTotal {
  let byNodes = totals.get(analysis);
  if (!byNodes) {
    byNodes = new WeakMap();
    totals.set(analysis, byNodes);
  }
  let result = byNodes.get(nodes);
  if (!result) {
    const missing = nodes.filter((node) => {
      const definition = getNodeDefinition(node.type);
      return (definition === undefined || definition.role === 'layer') && analysis.nodes[node.id] === undefined;
    }).length;
    result = { total: analysis.totalParams, complete: missing === 0, missing };
    byNodes.set(nodes, result);
  }
  return result;
}
