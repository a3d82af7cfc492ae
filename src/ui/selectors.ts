/** Lookups derived once per graph or analysis object and shared by every card and edge. */
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
