/**
 * Graph → tfjs: a functional `tf.LayersModel` from the dataset's images to the tensor on the loss's
 * `prediction` port, plus the loss name, a tf optimizer and the run's plain settings. The tfjs
 * namespace is passed in, so the same code runs on any backend (WebGL/WASM in the worker, CPU in Node).
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { createAdadelta } from './adadelta';
import { getNodeDefinition } from '../../nodes/index';
import type { LossFunction } from '../../nodes/loss';
import type { OptimizerAlgorithm } from '../../nodes/optimizer';
import { resolveParams } from '../../nodes/params';
import type { NodeDefinition, NodeProblem, ParamSpecs, ParamValues, PortSpec, Tf, TfLayer } from '../../nodes/types';
import { type Issue, makeIssue } from '../graph/issues';
import { topologicalOrder } from '../graph/topology';
import type { Graph, GraphNode, Shape } from '../graph/types';
import { createCustomLayers } from './customLayers';

/** The dataset node's params, as the data pipeline needs them. */
export interface DatasetSettings {
  source: 'mnist';
  batchSize: number;
  shuffle: boolean;
  shuffleSeed: number;
  /** 0 = all training images. */
  trainSubset: number;
  validation: 'test' | 'split' | 'none';
  validationSplit: number;
  /** Digits used, in label order: digit classes[i] gets label i. */
  classes: number[];
  /** 'onehot': K columns; 'binary' (two classes only): one column, 0 for classes[0] and 1 for classes[1]. */
  labels: 'onehot' | 'binary';
}

/** The optimizer node's params (the ones its algorithm ignores included, as written). */
export interface OptimizerSettings {
  algorithm: OptimizerAlgorithm;
  learningRate: number;
  momentum: number;
  nesterov: boolean;
  rho: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  initialAccumulatorValue: number;
}

/** How long to train and from which initial weights. */
export interface GraphTrainingSettings {
  epochs: number;
  /** Seed the initial weights were drawn with. */
  seed: number;
}

/** Which graph node a tfjs layer came from. */
export interface LayerOrigin {
  nodeId: string;
  type: string;
}

export interface CompiledGraph {
  model: tfTypes.LayersModel;
  lossName: LossFunction;
  optimizer: tfTypes.Optimizer;
  optimizerSettings: OptimizerSettings;
  dataset: DatasetSettings;
  training: GraphTrainingSettings;
  /** K: the number of classes, the length of the one-hot labels. */
  numClasses: number;
  /** The dataset node this model reads from. */
  datasetNodeId: string;
  /** Shape of one input sample without the batch axis (e.g. [28, 28, 1]), from the dataset node's analysed output. */
  inputShape: number[];
  /** Graph node of every layer of the model, by layer name (the input layer maps to the dataset). */
  layerOrigins: ReadonlyMap<string, LayerOrigin>;
  /** Frees the model's weights and the optimizer's state. */
  dispose(): void;
}

export type CompileResult =
  | ({ ok: true; issues: Issue[] } & CompiledGraph)
  | { ok: false; issues: Issue[] };

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

/** tfjs layer names: letters, digits and underscores, unique within the model. */
function layerNamer(): (node: GraphNode) => string {
  const used = new Set<string>();
  return (node) => {
    const base = `${node.type}_${node.id.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let name = base;
    for (let suffix = 2; used.has(name); suffix++) name = `${base}_${suffix}`;
    used.add(name);
    return name;
  };
}

function sameShape(a: readonly (number | null)[], b: Shape): boolean {
  return a.length === b.length && a.every((dim, axis) => dim === b[axis]);
}

/** The tf optimizer for the optimizer node's settings. */
export function buildOptimizer(tf: Tf, settings: OptimizerSettings): tfTypes.Optimizer {
  const { learningRate } = settings;
  switch (settings.algorithm) {
    case 'sgd':
      return settings.momentum > 0 || settings.nesterov
        ? tf.train.momentum(learningRate, settings.momentum, settings.nesterov)
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

interface ResolvedNode {
  node: GraphNode;
  definition: NodeDefinition<ParamSpecs>;
  params: Record<string, unknown>;
}

interface EdgeSource {
  edgeId: string;
  nodeId: string;
  port: string;
}

function problemIssue(problem: NodeProblem, nodeId: string): Issue {
  const where: Omit<Issue, 'code' | 'severity' | 'message'> = { nodeId };
  if (problem.port !== undefined) where.port = problem.port;
  if (problem.param !== undefined) where.param = problem.param;
  return makeIssue(problem.code, problem.message, where);
}

function findPort(ports: readonly PortSpec[], name: string): PortSpec | undefined {
  return ports.find((port) => port.name === name);
}

/** Node ids reachable from `start` along edges (forward) or against them (backward). */
function reachable(start: string, next: ReadonlyMap<string, string[]>): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    for (const neighbour of next.get(id) ?? []) {
      if (!seen.has(neighbour)) {
        seen.add(neighbour);
        stack.push(neighbour);
      }
    }
  }
  return seen;
}

/**
 * Compiles a graph to a tfjs model with its loss, optimizer and settings. Never throws for a bad
 * graph: the result lists coded issues instead. Nodes off the path from the dataset to the loss are
 * not built. The caller owns the result: call `dispose()` when done.
 */
export function compileGraph(tf: Tf, graph: Pick<Graph, 'nodes' | 'edges'>): CompileResult {
  const builtLayers: TfLayer[] = [];
  const disposeBuilt = () => {
    for (const layer of builtLayers) {
      // Only layers that were applied own weights; an unbuilt layer refuses dispose().
      if (layer.built) layer.dispose();
    }
  };
  try {
    const result = compileChecked(tf, graph, builtLayers);
    if (!result.ok) disposeBuilt();
    return result;
  } catch (error) {
    disposeBuilt();
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [makeIssue('COMPILE_FAILED', `TensorFlow.js could not build the model: ${reason}`)] };
  }
}

function compileChecked(tf: Tf, graph: Pick<Graph, 'nodes' | 'edges'>, builtLayers: TfLayer[]): CompileResult {
  const issues: Issue[] = [];
  const errorsFound = () => issues.some((issue) => issue.severity === 'error');

  // 1. Nodes: known types, valid params, one of each role.
  const resolved = new Map<string, ResolvedNode>();
  for (const node of graph.nodes) {
    if (resolved.has(node.id)) {
      issues.push(makeIssue('DUPLICATE_NODE_ID', `Two nodes share the id "${node.id}".`, { nodeId: node.id }));
      continue;
    }
    const definition = getNodeDefinition(node.type);
    if (definition === undefined) {
      issues.push(makeIssue('UNKNOWN_NODE_TYPE', `Unknown node type "${node.type}".`, { nodeId: node.id }));
      continue;
    }
    if (node.version > definition.version) {
      issues.push(
        makeIssue(
          'NODE_VERSION_TOO_NEW',
          `Node "${node.id}" was written by a newer version of ${node.type} (${node.version} > ${definition.version}).`,
          { nodeId: node.id },
        ),
      );
    }
    const { values, problems } = resolveParams(definition.params, node.params);
    for (const problem of problems) issues.push(problemIssue(problem, node.id));
    resolved.set(node.id, { node, definition, params: values });
  }
  const withRole = (role: string) => [...resolved.values()].filter((entry) => entry.definition.role === role);
  const roleCheck = [
    ['dataset', 'MISSING_DATASET', 'MULTIPLE_DATASETS', 'a dataset'],
    ['loss', 'MISSING_LOSS', 'MULTIPLE_LOSSES', 'a loss'],
    ['optimizer', 'MISSING_OPTIMIZER', 'MULTIPLE_OPTIMIZERS', 'an optimizer'],
  ] as const;
  for (const [role, missing, multiple, noun] of roleCheck) {
    const found = withRole(role);
    if (found.length === 0) issues.push(makeIssue(missing, `The graph needs ${noun} node.`));
    for (const extra of found.slice(1)) {
      issues.push(makeIssue(multiple, `The graph may have only one ${role} node.`, { nodeId: extra.node.id }));
    }
  }

  // 2. Edges: both ends exist, ports exist and carry the same kind, one edge per input port.
  const incoming = new Map<string, Map<string, EdgeSource>>();
  const successors = new Map<string, string[]>();
  const predecessors = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const source = resolved.get(edge.source);
    const target = resolved.get(edge.target);
    if (source === undefined || target === undefined) {
      issues.push(
        makeIssue('DANGLING_EDGE', `Edge "${edge.id}" connects a node that does not exist.`, { edgeId: edge.id }),
      );
      continue;
    }
    const sourcePort = findPort(source.definition.outputs, edge.sourcePort);
    const targetPort = findPort(target.definition.inputs, edge.targetPort);
    if (sourcePort === undefined || targetPort === undefined) {
      const [nodeId, port] = sourcePort === undefined ? [edge.source, edge.sourcePort] : [edge.target, edge.targetPort];
      issues.push(makeIssue('UNKNOWN_PORT', `Node "${nodeId}" has no port "${port}".`, { edgeId: edge.id, nodeId, port }));
      continue;
    }
    if (sourcePort.kind !== targetPort.kind) {
      issues.push(
        makeIssue(
          'PORT_KIND_MISMATCH',
          `"${edge.sourcePort}" of ${edge.source} carries ${sourcePort.kind}, but "${edge.targetPort}" of ${edge.target} takes ${targetPort.kind}.`,
          { edgeId: edge.id, nodeId: edge.target, port: edge.targetPort },
        ),
      );
      continue;
    }
    const ports = incoming.get(edge.target) ?? new Map<string, EdgeSource>();
    if (ports.has(edge.targetPort)) {
      issues.push(
        makeIssue('PORT_USED_TWICE', `Input "${edge.targetPort}" of ${edge.target} has more than one edge.`, {
          edgeId: edge.id,
          nodeId: edge.target,
          port: edge.targetPort,
        }),
      );
      continue;
    }
    ports.set(edge.targetPort, { edgeId: edge.id, nodeId: edge.source, port: edge.sourcePort });
    incoming.set(edge.target, ports);
    successors.set(edge.source, [...(successors.get(edge.source) ?? []), edge.target]);
    predecessors.set(edge.target, [...(predecessors.get(edge.target) ?? []), edge.source]);
  }
  const { order, cyclic } = topologicalOrder(graph);
  for (const nodeId of cyclic) {
    issues.push(makeIssue('CYCLE', `Node "${nodeId}" lies on a loop; data must flow one way.`, { nodeId }));
  }
  const [dataset] = withRole('dataset');
  const [loss] = withRole('loss');
  const [optimizer] = withRole('optimizer');
  if (errorsFound() || dataset === undefined || loss === undefined || optimizer === undefined) {
    return { ok: false, issues };
  }

  // 3. The path from the dataset to the loss: only these nodes become layers.
  const fed = reachable(dataset.node.id, successors);
  const onPath = new Set([...reachable(loss.node.id, predecessors)].filter((id) => fed.has(id)));

  // 4. Shapes and layers, in topological order.
  const graphSeed = Number(optimizer.params.seed);
  const custom = createCustomLayers(tf);
  const nameFor = layerNamer();
  const shapes = new Map<string, Record<string, Shape>>();
  const tensors = new Map<string, Record<string, tfTypes.SymbolicTensor>>();
  const layerOrigins = new Map<string, LayerOrigin>();
  /** Nodes whose outputs have no shape because of a problem already reported. */
  const blocked = new Set<string>();
  let modelInput: tfTypes.SymbolicTensor | undefined;
  let inputShape: number[] | undefined;

  for (const nodeId of order) {
    const entry = resolved.get(nodeId);
    if (entry === undefined || (!onPath.has(nodeId) && entry !== optimizer)) continue;
    const { node, definition, params } = entry;
    const inputShapes: Record<string, Shape> = {};
    const inputTensors: tfTypes.SymbolicTensor[] = [];
    let inputsReady = true;
    for (const port of definition.inputs) {
      const source = incoming.get(nodeId)?.get(port.name);
      if (source !== undefined && blocked.has(source.nodeId)) {
        // The problem upstream is already reported; a second one here would only repeat it.
        inputsReady = false;
        continue;
      }
      const shape = source === undefined ? undefined : shapes.get(source.nodeId)?.[source.port];
      if (source === undefined || shape === undefined) {
        if (port.optional && source === undefined) continue;
        const message =
          source === undefined
            ? `Nothing is connected to input "${port.name}".`
            : `Input "${port.name}" comes from ${source.nodeId}, which no data from the dataset reaches.`;
        issues.push(makeIssue('MISSING_INPUT', message, { nodeId, port: port.name }));
        inputsReady = false;
        continue;
      }
      inputShapes[port.name] = shape;
      const tensor = tensors.get(source.nodeId)?.[source.port];
      if (tensor !== undefined) inputTensors.push(tensor);
    }
    if (!inputsReady) {
      blocked.add(nodeId);
      continue;
    }
    const typedParams = params as ParamValues<ParamSpecs>;
    const inferred = definition.inferShape(inputShapes, typedParams);
    if (!inferred.ok) {
      issues.push(problemIssue(inferred.problem, nodeId));
      blocked.add(nodeId);
      continue;
    }
    for (const warning of inferred.warnings ?? []) issues.push(problemIssue(warning, nodeId));
    shapes.set(nodeId, inferred.outputs);
    if (errorsFound()) continue; // keep inferring to report more problems, but build nothing more

    if (definition.role === 'dataset') {
      const images = inferred.outputs.images;
      if (images === undefined) continue;
      const name = nameFor(node);
      inputShape = images.slice(1).map((dim) => dim ?? -1);
      modelInput = tf.input({ shape: inputShape, name });
      tensors.set(nodeId, { images: modelInput });
      layerOrigins.set(name, { nodeId, type: node.type });
    } else if (definition.role === 'layer' && definition.build) {
      const name = nameFor(node);
      const layer = definition.build(tf, typedParams, {
        name,
        seed: layerSeed(graphSeed, nodeId),
        custom,
        inputShapes,
      });
      builtLayers.push(layer);
      const [onlyInput] = inputTensors;
      const applied = layer.apply(inputTensors.length === 1 && onlyInput ? onlyInput : inputTensors);
      const output = Array.isArray(applied) ? applied[0] : applied;
      const expected = inferred.outputs.out;
      if (!(output instanceof tf.SymbolicTensor) || expected === undefined) {
        issues.push(makeIssue('COMPILE_FAILED', `Layer ${name} did not produce a symbolic tensor.`, { nodeId }));
        continue;
      }
      // A safety net: the pure inference the editor shows must agree with what tfjs builds.
      if (!sameShape(output.shape, expected)) {
        issues.push(
          makeIssue(
            'COMPILE_FAILED',
            `Shape inference says ${JSON.stringify(expected)} but TensorFlow.js built ${JSON.stringify(output.shape)}.`,
            { nodeId },
          ),
        );
        continue;
      }
      tensors.set(nodeId, { out: output });
      layerOrigins.set(name, { nodeId, type: node.type });
    }
  }
  if (errorsFound() || modelInput === undefined || inputShape === undefined) return { ok: false, issues };

  const predictionSource = incoming.get(loss.node.id)?.get('prediction');
  const prediction = predictionSource && tensors.get(predictionSource.nodeId)?.[predictionSource.port];
  if (prediction === undefined || prediction === modelInput) {
    issues.push(
      makeIssue('MISSING_INPUT', 'The loss must receive the output of at least one layer as its prediction.', {
        nodeId: loss.node.id,
        port: 'prediction',
      }),
    );
    return { ok: false, issues };
  }

  // 5. The model, the optimizer and the plain settings.
  const model = tf.model({ inputs: modelInput, outputs: prediction, name: 'kairo_model' });
  const optimizerParams = optimizer.params as unknown as OptimizerSettings & GraphTrainingSettings;
  const optimizerSettings: OptimizerSettings = {
    algorithm: optimizerParams.algorithm,
    learningRate: optimizerParams.learningRate,
    momentum: optimizerParams.momentum,
    nesterov: optimizerParams.nesterov,
    rho: optimizerParams.rho,
    beta1: optimizerParams.beta1,
    beta2: optimizerParams.beta2,
    epsilon: optimizerParams.epsilon,
    initialAccumulatorValue: optimizerParams.initialAccumulatorValue,
  };
  const tfOptimizer = buildOptimizer(tf, optimizerSettings);
  // Params were checked against the dataset node's specs above, so they have these types.
  const datasetParams = dataset.params as unknown as DatasetSettings;
  const datasetSettings: DatasetSettings = { ...datasetParams, classes: [...datasetParams.classes] };
  return {
    ok: true,
    issues,
    model,
    lossName: loss.params.function as LossFunction,
    optimizer: tfOptimizer,
    optimizerSettings,
    dataset: datasetSettings,
    training: { epochs: optimizerParams.epochs, seed: optimizerParams.seed },
    numClasses: datasetSettings.classes.length,
    datasetNodeId: dataset.node.id,
    inputShape,
    layerOrigins,
    dispose() {
      model.dispose();
      tfOptimizer.dispose();
    },
  };
}

/** The model layer by layer, as plain data (for the UI table and the CLI). */
export function summarizeModel(compiled: Pick<CompiledGraph, 'model' | 'layerOrigins'>): LayerSummary[] {
  return compiled.model.layers.map((layer) => {
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
