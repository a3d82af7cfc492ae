/**
 * The layers of the training path, applied to symbolic tensors in topological order. A path longer
 * than SEGMENT_LAYERS is built as a chain of nested models of at most that many layers each:
 * tfjs-layers' Container constructor walks the graph recursively (buildMapOfGraph in
 * engine/container.ts, one stack frame per layer back from the output), so one flat model of a
 * few thousand layers overflows the stack ("Maximum call stack size exceeded" at about 4,500 in
 * Node, fewer in a browser worker). Nested, each walk is at most SEGMENT_LAYERS deep, and the outer
 * model's walk is one frame per segment, so every graph within the node limit compiles. A path
 * that fits in one segment is built flat, exactly as before.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { CustomLayers, Tf, TfLayer } from '../../nodes/types';
import type { GraphAnalysis, ResolvedNode } from '../graph/analyze';
import { type Issue, makeIssue, nodeTypeRef, shapeRef } from '../graph/issues';
import type { Shape } from '../graph/types';

/** Layers per nested model: far below the depth at which tfjs's recursive walk overflows anywhere. */
export const SEGMENT_LAYERS = 400;

/** Which graph node a tfjs layer came from. */
export interface LayerOrigin {
  nodeId: string;
  type: string;
}

/** Symbolic tensors by node id and output port. */
export type TensorMap = Map<string, Record<string, tfTypes.SymbolicTensor>>;

export interface LayerBuild {
  tf: Tf;
  analysis: GraphAnalysis;
  custom: CustomLayers;
  /** The tfjs name of a node's layer (unique in the model). */
  nameFor(node: ResolvedNode): string;
  /** Initializer seed of a node. */
  seedOf(nodeId: string): number;
  /** Every layer built so far (freed if the build fails). */
  builtLayers: TfLayer[];
  layerOrigins: Map<string, LayerOrigin>;
}

function sameShape(a: readonly (number | null)[], b: Shape): boolean {
  return a.length === b.length && a.every((dim, axis) => dim === b[axis]);
}

function portKey(source: string, port: string): string {
  return `${source}\u0000${port}`;
}

/** Builds one node's layer on its inputs (read from `tensors`) and stores its output there. */
function applyNode(build: LayerBuild, id: string, tensors: TensorMap): Issue | undefined {
  const { tf, analysis } = build;
  const node = analysis.resolved[id];
  if (!node) return makeIssue('COMPILE_FAILED', { nodeId: id });
  const { definition } = node;
  const outputs = analysis.nodes[id]?.outputs ?? {};
  const outputPort = definition.outputs[0];
  const expected = outputPort && outputs[outputPort.name];
  if (!definition.build || !outputPort || !expected) {
    return makeIssue('COMPILE_FAILED', { variant: 'noBuild', vars: { type: nodeTypeRef(definition.type) }, nodeId: id });
  }
  const inputShapes: Record<string, Shape> = {};
  const inputTensors: tfTypes.SymbolicTensor[] = [];
  for (const port of definition.inputs) {
    const edge = node.inputs[port.name];
    if (!edge) continue; // an optional input left open
    const tensor = tensors.get(edge.source)?.[edge.sourcePort];
    const shape = analysis.edges[edge.id];
    if (!tensor || !shape) return makeIssue('COMPILE_FAILED', { variant: 'notSymbolic', nodeId: edge.source });
    inputShapes[port.name] = shape;
    inputTensors.push(tensor);
  }
  const name = build.nameFor(node);
  const layer = definition.build(tf, node.params, { name, seed: build.seedOf(id), custom: build.custom, inputShapes, outputShapes: outputs });
  build.builtLayers.push(layer);
  const [onlyInput] = inputTensors;
  const applied = layer.apply(inputTensors.length === 1 && onlyInput ? onlyInput : inputTensors);
  const output = Array.isArray(applied) ? applied[0] : applied;
  if (!(output instanceof tf.SymbolicTensor)) return makeIssue('COMPILE_FAILED', { variant: 'notSymbolic', nodeId: id });
  // The safety net: the shapes the editor shows must be the shapes tfjs builds.
  if (!sameShape(output.shape, expected)) {
    return makeIssue('COMPILE_FAILED', { variant: 'shape', vars: { expected: shapeRef(expected), built: shapeRef(output.shape) }, nodeId: id });
  }
  tensors.set(id, { [outputPort.name]: output });
  build.layerOrigins.set(name, { nodeId: id, type: definition.type });
  return undefined;
}

/**
 * Applies every layer of the training path on top of `tensors` (which holds the dataset's input);
 * `finalReads` are the outputs read after the path (the loss's prediction). An issue on failure.
 */
export function buildLayers(
  build: LayerBuild,
  tensors: TensorMap,
  finalReads: readonly { source: string; port: string }[],
  segmentLayers = SEGMENT_LAYERS,
): Issue | undefined {
  const { analysis } = build;
  const layerIds = analysis.trainingPath.filter((id) => analysis.resolved[id]?.definition.role === 'layer');
  if (layerIds.length <= segmentLayers) {
    for (const id of layerIds) {
      const issue = applyNode(build, id, tensors);
      if (issue) return issue;
    }
    return undefined;
  }

  // The last segment that reads each output, so a segment hands on exactly what later ones need.
  const segmentOf = new Map(layerIds.map((id, index) => [id, Math.floor(index / segmentLayers)]));
  const lastReader = new Map<string, number>();
  for (const id of layerIds) {
    for (const edge of Object.values(analysis.resolved[id]?.inputs ?? {})) {
      const key = portKey(edge.source, edge.sourcePort);
      lastReader.set(key, Math.max(lastReader.get(key) ?? -1, segmentOf.get(id) ?? 0));
    }
  }
  for (const read of finalReads) lastReader.set(portKey(read.source, read.port), Number.POSITIVE_INFINITY);

  for (let start = 0, segment = 0; start < layerIds.length; start += segmentLayers, segment++) {
    const issue = buildSegment(build, layerIds.slice(start, start + segmentLayers), segment, tensors, lastReader);
    if (issue) return issue;
  }
  return undefined;
}

/** One nested model: its own inputs for what comes from before it, its outputs for what is read after it. */
function buildSegment(
  build: LayerBuild,
  ids: readonly string[],
  segment: number,
  tensors: TensorMap,
  lastReader: ReadonlyMap<string, number>,
): Issue | undefined {
  const { tf, analysis } = build;
  const inside = new Set(ids);
  const local: TensorMap = new Map();
  const innerInputs: tfTypes.SymbolicTensor[] = [];
  const outerInputs: tfTypes.SymbolicTensor[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    for (const edge of Object.values(analysis.resolved[id]?.inputs ?? {})) {
      const key = portKey(edge.source, edge.sourcePort);
      if (inside.has(edge.source) || seen.has(key)) continue;
      seen.add(key);
      const outer = tensors.get(edge.source)?.[edge.sourcePort];
      const shape = analysis.edges[edge.id];
      if (!outer || !shape) return makeIssue('COMPILE_FAILED', { variant: 'notSymbolic', nodeId: edge.source });
      const input = tf.input({ shape: shape.slice(1).map((dim) => dim ?? -1) });
      local.set(edge.source, { ...local.get(edge.source), [edge.sourcePort]: input });
      innerInputs.push(input);
      outerInputs.push(outer);
    }
  }
  for (const id of ids) {
    const issue = applyNode(build, id, local);
    if (issue) return issue;
  }
  const handedOn: { id: string; port: string; tensor: tfTypes.SymbolicTensor }[] = [];
  for (const id of ids) {
    for (const [port, tensor] of Object.entries(local.get(id) ?? {})) {
      if ((lastReader.get(portKey(id, port)) ?? -1) > segment) handedOn.push({ id, port, tensor });
    }
  }
  const model = tf.model({ inputs: innerInputs, outputs: handedOn.map((each) => each.tensor), name: `kairo_segment_${segment + 1}` });
  const [onlyInput] = outerInputs;
  const applied = model.apply(outerInputs.length === 1 && onlyInput ? onlyInput : outerInputs);
  const outputs = Array.isArray(applied) ? applied : [applied];
  for (const [index, { id, port }] of handedOn.entries()) {
    const output = outputs[index];
    if (!(output instanceof tf.SymbolicTensor)) return makeIssue('COMPILE_FAILED', { variant: 'notSymbolic', nodeId: id });
    tensors.set(id, { ...tensors.get(id), [port]: output });
  }
  return undefined;
}

/**
 * Every layer of a model in order, nested segments opened up (their own input layers left out),
 * without recursion.
 */
export function flatLayers(model: tfTypes.LayersModel, origins: ReadonlyMap<string, LayerOrigin>): tfTypes.layers.Layer[] {
  const flat: tfTypes.layers.Layer[] = [];
  const stack: tfTypes.layers.Layer[] = [...model.layers].reverse();
  for (let layer = stack.pop(); layer !== undefined; layer = stack.pop()) {
    const nested = (layer as Partial<tfTypes.LayersModel>).layers;
    if (Array.isArray(nested) && layer !== model) {
      stack.push(...[...nested].reverse());
      continue;
    }
    if (layer.getClassName() === 'InputLayer' && !origins.has(layer.name)) continue;
    flat.push(layer);
  }
  return flat;
}
