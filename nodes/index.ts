import type { NodeDefinition, ParamSpecs } from './types';

// Every node type, listed explicitly: no registration by import side effect.
export const NODE_DEFINITIONS: readonly NodeDefinition<ParamSpecs>[] = [];

const byType = new Map<string, NodeDefinition<ParamSpecs>>();
for (const definition of NODE_DEFINITIONS) {
  if (byType.has(definition.type)) throw new Error(`Duplicate node type id: ${definition.type}`);
  byType.set(definition.type, definition);
}

export function getNodeDefinition(type: string): NodeDefinition<ParamSpecs> | undefined {
  return Object.hasOwn(Object.fromEntries(byType), type) ? byType.get(type) : undefined;
}
