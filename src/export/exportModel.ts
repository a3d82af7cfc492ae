/**
 * What every export reads: the analysed graph as a list of layers in the order they run, each with
 * the tfjs layer name its weights carry, the Python name it gets in code, where its inputs come
 * from and the shapes on them; the dataset, loss and optimizer settings; and the weights the model
 * has (name and shape). Pure (no tfjs): built from `analyzeGraph` alone, so the same description
 * serves the code generators, the weight checks of an import, and the CLI.
 */
import { type DatasetSettings, datasetClassCount, datasetNode } from '../../nodes/dataset';
import { type LossFunction, lossNode } from '../../nodes/loss';
import { type GraphTrainingSettings, type OptimizerSettings, optimizerNode } from '../../nodes/optimizer';
import { layerNamer } from '../engine/compile';
import { analyzeGraph, type GraphAnalysis, paramsAs, type ResolvedNode } from '../graph/analyze';
import { graphFingerprint } from '../graph/fingerprint';
import { hasErrors, type Issue, makeIssue, nodeTypeRef } from '../graph/issues';
import type { Graph, GraphMeta, Shape } from '../graph/types';
import { layerWeights, type WeightSpec } from './layerWeights';

export type { WeightSpec } from './layerWeights';

/** One input of a layer: the node whose output feeds it, and the shape on that edge. */
export interface ExportInput {
  nodeId: string;
  shape: Shape;
}

export interface ExportLayer {
  id: string;
  type: string;
  /** The resolved node (its params are typed through `paramsAs` with the node's definition). */
  node: ResolvedNode;
  /** The tfjs layer name (`dense_dense1`): prefix of its weight names, and its name in Python. */
  name: string;
  /** Connected inputs in port order (merge nodes take several). */
  inputs: ExportInput[];
  outputShape: Shape;
  /** The weights this layer owns, in the order tfjs lists them. */
  weights: WeightSpec[];
}

export interface ExportModel {
  meta: GraphMeta;
  /** graphFingerprint of the graph described: a trained model carries it. */
  fingerprint: string;
  dataset: {
    nodeId: string;
    /** The tfjs name of the model's input layer. */
    name: string;
    settings: DatasetSettings;
    /** One sample without the batch axis, e.g. [28, 28, 1]. */
    sampleShape: number[];
    /** Columns of a label row: K (one-hot) or 1 (binary). */
    labelWidth: number;
  };
  /** The layers the model runs, in topological order (the training path). */
  layers: ExportLayer[];
  /** The layer whose output the loss reads. */
  outputId: string;
  loss: LossFunction;
  optimizer: OptimizerSettings;
  training: GraphTrainingSettings;
  numClasses: number;
  /** Every weight of the model, layer by layer. */
  weights: WeightSpec[];
}

export type ExportDescription = { ok: true; model: ExportModel } | { ok: false; issues: Issue[] };

/** Describes a graph for export; a graph that cannot be trained gets the analysis's errors back. */
export function describeForExport(graph: Pick<Graph, 'nodes' | 'edges' | 'meta'>): ExportDescription {
  return describeAnalysed(graph, analyzeGraph(graph));
}

function fixedShape(shape: Shape | undefined): number[] | undefined {
  if (!shape) return undefined;
  const dims = shape.slice(1);
  return dims.every((dim): dim is number => typeof dim === 'number') ? dims : undefined;
}

export function describeAnalysed(graph: Pick<Graph, 'nodes' | 'edges' | 'meta'>, analysis: GraphAnalysis): ExportDescription {
  if (hasErrors(analysis.issues)) return { ok: false, issues: analysis.issues.filter((issue) => issue.severity === 'error') };
  const { resolved, roles, nodes } = analysis;
  const datasetNodeOf = roles.dataset === undefined ? undefined : resolved[roles.dataset];
  const lossNodeOf = roles.loss === undefined ? undefined : resolved[roles.loss];
  const optimizerNodeOf = roles.optimizer === undefined ? undefined : resolved[roles.optimizer];
  const settings = paramsAs(datasetNode, datasetNodeOf);
  const lossParams = paramsAs(lossNode, lossNodeOf);
  const optimizerParams = paramsAs(optimizerNode, optimizerNodeOf);
  if (!datasetNodeOf || !lossNodeOf || !settings || !lossParams || !optimizerParams) {
    return { ok: false, issues: [makeIssue('COMPILE_FAILED')] };
  }
  const sampleShape = fixedShape(nodes[datasetNodeOf.id]?.outputs.images);
  const labelWidth = nodes[datasetNodeOf.id]?.outputs.labels?.[1];
  if (!sampleShape || typeof labelWidth !== 'number') {
    return { ok: false, issues: [makeIssue('COMPILE_FAILED', { nodeId: datasetNodeOf.id })] };
  }

  // The same names, in the same order, as the compiler gives the tfjs layers.
  const nameFor = layerNamer();
  const datasetName = nameFor(datasetNodeOf);
  const layers: ExportLayer[] = [];
  for (const id of analysis.trainingPath) {
    const node = resolved[id];
    if (node?.definition.role !== 'layer') continue;
    const outputShape = nodes[id]?.outputs.out;
    if (!outputShape) return { ok: false, issues: [makeIssue('COMPILE_FAILED', { nodeId: id })] };
    const inputs: ExportInput[] = [];
    for (const port of node.definition.inputs) {
      const edge = node.inputs[port.name];
      const shape = edge && analysis.edges[edge.id];
      if (edge && shape) inputs.push({ nodeId: edge.source, shape });
    }
    const name = nameFor(node);
    const weights = layerWeights(node, name, inputs);
    if (weights === undefined) {
      const vars = { type: nodeTypeRef(node.definition.type) };
      return { ok: false, issues: [makeIssue('COMPILE_FAILED', { variant: 'noBuild', vars, nodeId: id })] };
    }
    layers.push({ id, type: node.definition.type, node, name, inputs, outputShape, weights });
  }
  const predictionEdge = lossNodeOf.inputs.prediction;
  const output = layers.find((layer) => layer.id === predictionEdge?.source);
  if (!output) return { ok: false, issues: [makeIssue('COMPILE_FAILED', { variant: 'noLayers', nodeId: lossNodeOf.id })] };

  const { epochs, seed, ...optimizer } = optimizerParams;
  return {
    ok: true,
    model: {
      meta: graph.meta,
      fingerprint: graphFingerprint(graph),
      dataset: {
        nodeId: datasetNodeOf.id,
        name: datasetName,
        settings: { ...settings, classes: [...settings.classes] },
        sampleShape,
        labelWidth,
      },
      layers,
      outputId: output.id,
      loss: lossParams.function,
      optimizer,
      training: { epochs, seed },
      numClasses: datasetClassCount(settings),
      weights: layers.flatMap((layer) => layer.weights),
    },
  };
}

/** The layer of an export model by node id. */
export function layerById(model: ExportModel, id: string): ExportLayer | undefined {
  return model.layers.find((layer) => layer.id === id);
}
