import { getNodeDefinition } from '../../nodes/index';
import { checkNodeParams } from '../../nodes/params';
import type { NodeDefinition, NodeProblem, ParamSpecs, ParamValues } from '../../nodes/types';
import { type Issue, makeIssue, nodeTypeRef } from './issues';
import type { GraphNode } from './types';

/**
 * One node against its type: the type is known, its version is readable (older versions are
 * migrated by the type's own steps), and its params pass the one param validator. The analysis
 * runs this for every node; file loading gets it through the analysis.
 */

export interface NodeResolution {
  /** Undefined when the type is unknown or the version cannot be read: nothing more is known. */
  definition?: NodeDefinition<ParamSpecs>;
  /** Every param of the type: valid values, defaults for missing or invalid ones. */
  params: ParamValues<ParamSpecs>;
  issues: Issue[];
}

/** A node type's problem placed on a node. */
export function issueOfNodeProblem(problem: NodeProblem, nodeId: string): Issue {
  return makeIssue(problem.code, {
    nodeId,
    ...(problem.variant !== undefined ? { variant: problem.variant } : {}),
    ...(problem.vars !== undefined ? { vars: problem.vars } : {}),
    ...(problem.port !== undefined ? { port: problem.port } : {}),
    ...(problem.param !== undefined ? { param: problem.param } : {}),
  });
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the type's migration steps from `node.version` up to the current version. */
function migrateParams(
  definition: NodeDefinition<ParamSpecs>,
  node: GraphNode,
): { ok: true; params: unknown } | { ok: false; issue: Issue } {
  let params: unknown = node.params;
  for (let version = node.version; version < definition.version; version++) {
    const step = definition.migrations?.find((candidate) => candidate.from === version);
    const vars = { node: node.id, type: nodeTypeRef(node.type), from: version, to: version + 1 };
    if (!step) return { ok: false, issue: makeIssue('MIGRATION_FAILED', { variant: 'nodeNoStep', vars, nodeId: node.id }) };
    if (params === null || typeof params !== 'object' || Array.isArray(params)) break;
    try {
      params = step.migrate(structuredClone(params as Record<string, unknown>));
    } catch (error) {
      const issue = makeIssue('MIGRATION_FAILED', {
        variant: 'nodeThrew',
        vars: { ...vars, step: step.name, reason: reasonOf(error) },
        nodeId: node.id,
      });
      return { ok: false, issue };
    }
  }
  return { ok: true, params };
}

/** Checks one node against its type; never throws for bad data. */
export function resolveNode(node: GraphNode): NodeResolution {
  const definition = getNodeDefinition(node.type);
  if (!definition) {
    return { params: {}, issues: [makeIssue('UNKNOWN_NODE_TYPE', { vars: { node: node.id, type: node.type }, nodeId: node.id })] };
  }
  if (node.version > definition.version) {
    const vars = { node: node.id, type: nodeTypeRef(node.type), version: node.version, supported: definition.version };
    return { params: {}, issues: [makeIssue('NODE_VERSION_TOO_NEW', { vars, nodeId: node.id })] };
  }
  const migrated = migrateParams(definition, node);
  if (!migrated.ok) return { params: {}, issues: [migrated.issue] };
  const checked = checkNodeParams(definition, migrated.params);
  return {
    definition,
    params: checked.values,
    issues: checked.problems.map((problem) => issueOfNodeProblem(problem, node.id)),
  };
}
