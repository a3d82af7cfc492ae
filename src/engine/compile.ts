/**
 * Analysed graph → tfjs: a functional `tf.LayersModel` from the dataset's tensor output to the
 * tensor on the loss's prediction, plus the loss name, a tf optimizer and the run's plain settings.
 * The compiler only builds: the analysis (src/graph/analyze.ts) has decided the graph is valid and
 * worked out every shape, param and edge; a graph with errors gets exactly those errors back. One
 * safety net stays: tfjs must build the shapes the analysis promised (COMPILE_FAILED when not).
 * The tfjs namespace is passed in, so the same code runs on any backend (WebGL/WASM in the worker,
 * CPU in Node).
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { type DatasetSettings, datasetClassCount, datasetNode } from '../../nodes/dataset';
import { type LossFunction, lossNode } from '../../nodes/loss';
import { type GraphTrainingSettings, type OptimizerSettings, optimizerNode } from '../../nodes/optimizer';
import type { PortKind, PortSpec, Tf, TfLayer } from '../../nodes/types';
import { analyzeGraph, type GraphAnalysis, paramsAs, type ResolvedNode } from '../graph/analyze';
import { hasErrors, type Issue, makeIssue, nodeTypeRef } from '../graph/issues';
import type { Graph } from '../graph/types';
import { formatBytes, largestLayer, type MemoryEstimate } from '../graph/limits';
import { createAdadelta } from './adadelta';
import { isOutOfMemory } from './failures';
import { buildLayers, flatLayers, type LayerOrigin, type TensorMap } from './buildLayers';
import { createCustomLayers } from './customLayers';

export type { DatasetSettings } from '../../nodes/dataset';
export type { GraphTrainingSettings, OptimizerSettings } from '../../nodes/optimizer';

export type { LayerOrigin } from './buildLayers';

export interface CompiledGraph {
  model: tfTypes.LayersModel;
  lossName: LossFunction;
  optimizer: tfTypes.Optimizer;
  optimizerSettings: OptimizerSettings;
  dataset: DatasetSettings;
  training: GraphTrainingSettings;
  /** K: the number of classes. */
  numClasses: number;
  /** Columns of one label row, from the analysed labels shape: K for one-hot labels, 1 for binary ones. */
  labelWidth: number;
  /** The dataset node this model reads from. */
  datasetNodeId: string;
  /** Shape of one input sample without the batch axis (e.g. [28, 28, 1]), from the dataset node's analysed output. */
  inputShape: number[];
  /** What the analysis estimated one training step needs (for an out-of-memory message). */
  memory?: MemoryEstimate;
  /** Graph node of every layer of the model, by layer name (the input layer maps to the dataset). */
  layerOrigins: ReadonlyMap<string, LayerOrigin>;
  /** Frees the model's weights and the optimizer's state. */
  dispose(): void;
}

/** On success `issues` holds the analysis's warnings; on failure, the analysis's issues or a COMPILE_FAILED. */
export type CompileResult = ({ ok: true; issues: Issue[] } & CompiledGraph) | { ok: false; issues: Issue[] };

/** One row of the model summary: plain data for the UI and the CLI. */
export interface LayerSummary {
  layerName: string;
  nodeId: string | null;
  type: string;
  outputShape: (number | null)[];
  params: number;
}

/** 32-bit FNV-1a: a small, stable string hash, the same in every JS engine. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Initializer seed of one node: fixed by the graph's seed and the node id, so recompiling repeats the weights. */
export function layerSeed(graphSeed: number, nodeId: string): number {
  return hashString(`${graphSeed}:${nodeId}`);
}

/** tfjs layer names: letters, digits and underscores, unique within the model (exports name weights by them). */
export function layerNamer(): (node: ResolvedNode) => string {
  const used = new Set<string>();
  return (node) => {
    const base = `${node.definition.type}_${node.id.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let name = base;
    for (let suffix = 2; used.has(name); suffix++) name = `${base}_${suffix}`;
    used.add(name);
    return name;
  };
}

function portOfKind(ports: readonly PortSpec[], kind: PortKind): PortSpec | undefined {
  return ports.find((port) => port.kind === kind);
}

/**
 * tf.train.momentum whose dispose() frees everything: tfjs 4.22's MomentumOptimizer.dispose() skips
 * its parent SGDOptimizer's, so the learning-rate scalar outlived every compiled model.
 */
function momentumOptimizer(tf: Tf, learningRate: number, momentum: number, nesterov: boolean): tfTypes.Optimizer {
  const optimizer = tf.train.momentum(learningRate, momentum, nesterov);
  const disposeOwn = optimizer.dispose.bind(optimizer);
  optimizer.dispose = () => {
    disposeOwn();
    tf.SGDOptimizer.prototype.dispose.call(optimizer);
  };
  return optimizer;
}

/** The tf optimizer for the optimizer node's settings. */
export function buildOptimizer(tf: Tf, settings: OptimizerSettings): tfTypes.Optimizer {
  const { learningRate } = settings;
  switch (settings.algorithm) {
    case 'sgd':
      return settings.momentum > 0 || settings.nesterov
        ? momentumOptimizer(tf, learningRate, settings.momentum, settings.nesterov)
        : tf.train.sgd(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, settings.rho, settings.momentum, settings.epsilon);
    case 'adam':
      return tf.train.adam(learningRate, settings.beta1, settings.beta2, settings.epsilon);
    case 'adadelta':
      return createAdadelta(tf, learningRate, settings.rho, settings.epsilon);
    case 'adagrad':
      return tf.train.adagrad(learningRate, settings.initialAccumulatorValue);
  }
}

export interface CompileOptions {
  /** Layers per nested model (SEGMENT_LAYERS; tests compare a flat build with Infinity). */
  segmentLayers?: number;
}

/** Analyses a graph, then compiles it: the convenient entry for callers that hold only the graph. */
export function compileGraph(tf: Tf, graph: Pick<Graph, 'nodes' | 'edges'>): CompileResult {
  return compileAnalysed(tf, analyzeGraph(graph));
}

/**
 * Builds the model of an analysed graph. Never throws: a graph with errors gets the analysis's
 * issues back unchanged; a tfjs failure is a COMPILE_FAILED issue. Nodes off the dataset→loss path
 * are not built. The caller owns the result: call `dispose()` when done.
 */
export function compileAnalysed(tf: Tf, analysis: GraphAnalysis, options: CompileOptions = {}): CompileResult {
  if (hasErrors(analysis.issues)) return { ok: false, issues: analysis.issues };
  const builtLayers: TfLayer[] = [];
  const disposeBuilt = () => {
    for (const layer of builtLayers) {
      // Only layers that were applied own weights; an unbuilt layer refuses dispose().
      if (layer.built) layer.dispose();
    }
  };
  try {
    const result = build(tf, analysis, builtLayers, options);
    if (!result.ok) disposeBuilt();
    return result;
  } catch (error) {
    disposeBuilt();
    const reason = error instanceof Error ? error.message : String(error);
    if (isOutOfMemory(error)) {
      // Building allocates the weights: say how much the graph needs and where, not the backend's words.
      const largest = analysis.memory && largestLayer(analysis.memory);
      const vars = { estimate: analysis.memory ? formatBytes(analysis.memory.totalBytes) : '?', node: largest?.nodeId ?? '?' };
      return { ok: false, issues: [makeIssue('COMPILE_FAILED', { variant: 'outOfMemory', vars, ...(largest ? { nodeId: largest.nodeId } : {}) })] };
    }
    return { ok: false, issues: [makeIssue('COMPILE_FAILED', { variant: 'tfjs', vars: { reason } })] };
  }
}

function failed(issue: Issue): CompileResult {
  return { ok: false, issues: [issue] };
}

function build(tf: Tf, analysis: GraphAnalysis, builtLayers: TfLayer[], options: CompileOptions): CompileResult {
  const { resolved, roles, nodes } = analysis;
  const datasetNodeOf = roles.dataset === undefined ? undefined : resolved[roles.dataset];
  const lossNodeOf = roles.loss === undefined ? undefined : resolved[roles.loss];
  const optimizerNodeOf = roles.optimizer === undefined ? undefined : resolved[roles.optimizer];
  // The engine reads these three node types' settings; another node in one of their roles it cannot run.
  for (const [node, definition] of [
    [datasetNodeOf, datasetNode],
    [lossNodeOf, lossNode],
    [optimizerNodeOf, optimizerNode],
  ] as const) {
    if (node?.definition.type !== definition.type) {
      const type = node?.definition.type ?? definition.type;
      return failed(makeIssue('COMPILE_FAILED', { variant: 'noBuild', vars: { type: nodeTypeRef(type) }, ...(node ? { nodeId: node.id } : {}) }));
    }
  }
  const datasetSettings = paramsAs(datasetNode, datasetNodeOf);
  const lossParams = paramsAs(lossNode, lossNodeOf);
  const optimizerParams = paramsAs(optimizerNode, optimizerNodeOf);
  if (!datasetNodeOf || !lossNodeOf || !datasetSettings || !lossParams || !optimizerParams) {
    return failed(makeIssue('COMPILE_FAILED'));
  }

  const { epochs, seed, ...optimizerSettings } = optimizerParams;
  const custom = createCustomLayers(tf);
  const nameFor = layerNamer();
  const tensors: TensorMap = new Map();
  const layerOrigins = new Map<string, LayerOrigin>();
  const imagesPort = portOfKind(datasetNodeOf.definition.outputs, 'tensor');
  const labelsPort = portOfKind(datasetNodeOf.definition.outputs, 'labels');
  const sampleShape = imagesPort && nodes[datasetNodeOf.id]?.outputs[imagesPort.name];
  if (!imagesPort || !sampleShape) return failed(makeIssue('COMPILE_FAILED', { nodeId: datasetNodeOf.id }));
  const inputShape = sampleShape.slice(1).map((dim) => dim ?? -1);
  const inputName = nameFor(datasetNodeOf);
  const modelInput = tf.input({ shape: inputShape, name: inputName });
  tensors.set(datasetNodeOf.id, { [imagesPort.name]: modelInput });
  layerOrigins.set(inputName, { nodeId: datasetNodeOf.id, type: datasetNodeOf.definition.type });

  const predictionPort = portOfKind(lossNodeOf.definition.inputs, 'tensor');
  const predictionEdge = predictionPort && lossNodeOf.inputs[predictionPort.name];
  const layerBuild = { tf, analysis, custom, nameFor, seedOf: (id: string) => layerSeed(seed, id), builtLayers, layerOrigins };
  const finalReads = predictionEdge ? [{ source: predictionEdge.source, port: predictionEdge.sourcePort }] : [];
  const layersFailed = buildLayers(layerBuild, tensors, finalReads, options.segmentLayers);
  if (layersFailed) return failed(layersFailed);
  const prediction = predictionEdge && tensors.get(predictionEdge.source)?.[predictionEdge.sourcePort];
  if (!prediction || prediction === modelInput) {
    return failed(makeIssue('COMPILE_FAILED', { variant: 'noLayers', nodeId: lossNodeOf.id }));
  }

  const model = tf.model({ inputs: modelInput, outputs: prediction, name: 'kairo_model' });
  const tfOptimizer = buildOptimizer(tf, optimizerSettings);
  const labelShape = labelsPort && nodes[datasetNodeOf.id]?.outputs[labelsPort.name];
  const numClasses = datasetClassCount(datasetSettings);
  return {
    ok: true,
    issues: analysis.issues,
    model,
    lossName: lossParams.function,
    optimizer: tfOptimizer,
    optimizerSettings,
    dataset: { ...datasetSettings, classes: [...datasetSettings.classes] },
    training: { epochs, seed },
    numClasses,
    labelWidth: labelShape?.[1] ?? numClasses,
    datasetNodeId: datasetNodeOf.id,
    inputShape,
    ...(analysis.memory ? { memory: analysis.memory } : {}),
    layerOrigins,
    dispose() {
      model.dispose();
      tfOptimizer.dispose();
    },
  };
}

/** The model layer by layer, as plain data (for the UI table and the CLI). */
export function summarizeModel(compiled: Pick<CompiledGraph, 'model' | 'layerOrigins'>): LayerSummary[] {
  return flatLayers(compiled.model, compiled.layerOrigins).map((layer) => {
    const origin = compiled.layerOrigins.get(layer.name);
    const shape = layer.outputShape;
    const outputShape = (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
    return {
      layerName: layer.name,
      nodeId: origin?.nodeId ?? null,
      type: origin?.type ?? layer.getClassName(),
      outputShape: [...outputShape],
      params: layer.countParams(),
    };
  });
}
