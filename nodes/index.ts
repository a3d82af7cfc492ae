import { activationNode } from './activation';
import { addNode } from './add';
import { augmentNode } from './augment';
import { avgpool2dNode } from './avgpool2d';
import { batchnormNode } from './batchnorm';
import { concatenateNode } from './concatenate';
import { conv2dNode } from './conv2d';
import { datasetNode } from './dataset';
import { denseNode } from './dense';
import { dropoutNode } from './dropout';
import { flattenNode } from './flatten';
import { globalavgpool2dNode } from './globalavgpool2d';
import { lossNode } from './loss';
import { maxpool2dNode } from './maxpool2d';
import { optimizerNode } from './optimizer';
import { randomFourierFeaturesNode } from './randomFourierFeatures';
import { reshapeNode } from './reshape';
import type { NodeDefinition, ParamSpecs } from './types';

// Every node type, listed explicitly: no registration by import side effect. Palette order. Each
// definition is typed by its own params; the registry sees them through the common shape.
export const NODE_DEFINITIONS: readonly NodeDefinition<ParamSpecs>[] = [
  datasetNode,
  augmentNode,
  denseNode,
  conv2dNode,
  maxpool2dNode,
  avgpool2dNode,
  globalavgpool2dNode,
  flattenNode,
  reshapeNode,
  dropoutNode,
  batchnormNode,
  randomFourierFeaturesNode,
  activationNode,
  addNode,
  concatenateNode,
  lossNode,
  optimizerNode,
];

const byType = new Map<string, NodeDefinition<ParamSpecs>>();
for (const definition of NODE_DEFINITIONS) {
  if (byType.has(definition.type)) throw new Error(`Duplicate node type id: ${definition.type}`);
  byType.set(definition.type, definition);
}

/** The definition of a node type; undefined for any other string ("__proto__" included: a Map has no prototype keys). */
export function getNodeDefinition(type: string): NodeDefinition<ParamSpecs> | undefined {
  return byType.get(type);
}
