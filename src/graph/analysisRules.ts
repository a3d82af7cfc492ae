import type { NodeDefinition, ParamSpecs, ParamValues } from '../../nodes/types';
import { type Issue, listRef, makeIssue, nodeTypeRef } from './issues';
import { adjacencyOf, reachable } from './topology';
import type { GraphEdge } from './types';

/**
 * The analysis's whole-graph rules, after every node has been resolved and shaped: one node of
 * each role, the path from the dataset to the loss (what training builds), and inputs that expect
 * values from a particular activation.
 */

export interface RoleNodes {
  dataset?: string;
  loss?: string;
  optimizer?: string;
}

type Definition = NodeDefinition<ParamSpecs>;

/** MISSING_* when a role has no node, MULTIPLE_* on every node after the first; the first of each role. */
export function checkRoles(definitions: ReadonlyMap<string, Definition>): { roles: RoleNodes; issues: Issue[] } {
  const byRole = { dataset: [] as string[], loss: [] as string[], optimizer: [] as string[] };
  for (const [id, definition] of definitions) {
    if (definition.role !== 'layer') byRole[definition.role].push(id);
  }
  const issues: Issue[] = [];
  const rules = [
    ['dataset', 'MISSING_DATASET', 'MULTIPLE_DATASETS'],
    ['loss', 'MISSING_LOSS', 'MULTIPLE_LOSSES'],
    ['optimizer', 'MISSING_OPTIMIZER', 'MULTIPLE_OPTIMIZERS'],
  ] as const;
  for (const [role, missing, multiple] of rules) {
    const [first, ...extra] = byRole[role];
    if (first === undefined) issues.push(makeIssue(missing));
    for (const id of extra) issues.push(makeIssue(multiple, { vars: { first: first ?? '', extra: id }, nodeId: id }));
  }
  const roles: RoleNodes = {};
  if (byRole.dataset[0] !== undefined) roles.dataset = byRole.dataset[0];
  if (byRole.loss[0] !== undefined) roles.loss = byRole.loss[0];
  if (byRole.optimizer[0] !== undefined) roles.optimizer = byRole.optimizer[0];
  return { roles, issues };
}

/**
 * The nodes that are both fed by the dataset and needed by the loss, in topological order: what
 * training builds. Layers outside it are UNUSED_NODE (unless they already failed: one mistake, one error).
 */
export function trainingPath(
  order: readonly string[],
  edges: readonly GraphEdge[],
  definitions: ReadonlyMap<string, Definition>,
  failed: ReadonlySet<string>,
  roles: RoleNodes,
): { path: string[]; issues: Issue[] } {
  if (roles.dataset === undefined || roles.loss === undefined) return { path: [], issues: [] };
  const { successors, predecessors } = adjacencyOf(edges);
  const fed = reachable([roles.dataset], successors);
  const needed = reachable([roles.loss], predecessors);
  const path = order.filter((id) => fed.has(id) && needed.has(id));
  const onPath = new Set(path);
  const issues: Issue[] = [];
  for (const [id, definition] of definitions) {
    if (definition.role !== 'layer' || failed.has(id) || onPath.has(id)) continue;
    issues.push(makeIssue('UNUSED_NODE', { vars: { node: id, type: nodeTypeRef(definition.type) }, nodeId: id }));
  }
  return { path, issues };
}

interface ShapedNode {
  definition: Definition;
  params: ParamValues<ParamSpecs>;
  inputs: Readonly<Record<string, GraphEdge>>;
}

/**
 * LOSS_ACTIVATION_MISMATCH where an input expects values from certain activations (cross-entropy
 * expects probabilities) but its producer ends with another: the loss would be meaningless or NaN.
 * Value-preserving nodes (dropout, flatten, reshape) are looked through to the node that made the values.
 */
export function checkExpectedActivations(nodes: ReadonlyMap<string, ShapedNode>): Issue[] {
  const issues: Issue[] = [];
  for (const [id, node] of nodes) {
    const expectations = node.definition.expectedActivations?.(node.params) ?? {};
    for (const [port, expected] of Object.entries(expectations)) {
      if (expected.length === 0) continue;
      let producer = node.inputs[port]?.source;
      for (let hops = 0; producer !== undefined && hops < 10_000; hops++) {
        const through = nodes.get(producer);
        const passOn = through?.definition.valuePreserving ? through.definition.inputs[0]?.name : undefined;
        if (!through || passOn === undefined) break;
        producer = through.inputs[passOn]?.source;
      }
      const made = producer === undefined ? undefined : nodes.get(producer);
      if (producer === undefined || !made) continue;
      const activation = made.definition.outputActivation?.(made.params);
      if (activation !== undefined && expected.includes(activation)) continue;
      const vars = { expected: listRef(expected), producer, type: nodeTypeRef(made.definition.type) };
      issues.push(
        makeIssue('LOSS_ACTIVATION_MISMATCH', {
          variant: activation === undefined ? 'none' : 'other',
          vars: activation === undefined ? vars : { ...vars, activation },
          nodeId: id,
          port,
        }),
      );
    }
  }
  return issues;
}
