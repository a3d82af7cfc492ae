/**
 * A TF.js layers model (model.json + weights) trained elsewhere, as a Kairo graph: its topology
 * (Sequential or functional) becomes nodes and edges, a dataset node feeds its input, a loss and an
 * optimizer node suited to its output are added, and its weights are renamed to the layer names
 * Kairo gives the new nodes and checked against the graph's model. Anything Kairo cannot build is
 * refused with the layers named. Pure: the caller decides what to do with the result.
 */
import { defaultParams } from '../../nodes/types';
import { getNodeDefinition } from '../../nodes/index';
import { MNIST_IMAGE_SHAPE } from '../../nodes/dataset';
import { ID_PATTERN } from '../graph/schema';
import { analyzeGraph } from '../graph/analyze';
import type { Graph, GraphEdge, GraphNode } from '../graph/types';
import { describeForExport } from './exportModel';
import { elementCount, type ModelJson, type WeightSet, weightValues } from './modelFiles';
import { type ModelResult, refused } from './modelProblems';
import { type LayerConfig, mapLayer } from './tfjsLayerMap';
import { checkWeights, orderWeights } from './trainedModel';

interface TopologyLayer {
  name: string;
  className: string;
  config: LayerConfig;
  /** Names of the layers feeding it, in order. */
  inbound: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The layer names a functional layer's inbound_nodes refer to (TF.js / Keras 2, or Keras 3's history). */
function inboundNames(inboundNodes: unknown): string[] | undefined {
  if (!Array.isArray(inboundNodes)) return undefined;
  if (inboundNodes.length === 0) return [];
  const [first] = inboundNodes;
  if (Array.isArray(first)) return first.map((entry) => (Array.isArray(entry) ? String(entry[0]) : ''));
  if (isRecord(first) && Array.isArray(first.args)) {
    const names: string[] = [];
    const visit = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (isRecord(value)) {
        const history = isRecord(value.config) ? value.config.keras_history : undefined;
        if (Array.isArray(history)) names.push(String(history[0]));
      }
    };
    visit(first.args);
    return names;
  }
  return undefined;
}

/** The layers of a topology in order, each with its inputs; a string names what could not be read. */
function readTopology(topology: unknown): TopologyLayer[] | string {
  const model = isRecord(topology) && isRecord(topology.model_config) ? topology.model_config : topology;
  if (!isRecord(model)) return 'modelTopology';
  const config = model.config;
  const layerList = Array.isArray(config) ? config : isRecord(config) ? config.layers : undefined;
  if (!Array.isArray(layerList) || layerList.length === 0) return 'config.layers';
  const sequential = model.class_name === 'Sequential';
  const layers: TopologyLayer[] = [];
  for (const [index, raw] of layerList.entries()) {
    if (!isRecord(raw) || typeof raw.class_name !== 'string' || !isRecord(raw.config)) return `config.layers[${index}]`;
    const name = typeof raw.name === 'string' ? raw.name : typeof raw.config.name === 'string' ? raw.config.name : `layer_${index}`;
    const previous = layers[layers.length - 1];
    const inbound = sequential ? (previous ? [previous.name] : []) : inboundNames(raw.inbound_nodes);
    if (!inbound) return `config.layers[${index}].inbound_nodes`;
    layers.push({ name, className: raw.class_name, config: raw.config, inbound });
  }
  // A Sequential model without an InputLayer names its input shape on the first layer.
  const first = layers[0];
  if (sequential && first && first.className !== 'InputLayer') {
    const shape = first.config.batch_input_shape ?? first.config.batch_shape;
    if (!Array.isArray(shape)) return 'batch_input_shape';
    layers.unshift({ name: 'input', className: 'InputLayer', config: { batch_input_shape: shape }, inbound: [] });
    first.inbound = ['input'];
  }
  return layers;
}

/** A node id from a layer name: Kairo's id characters, unique. */
function nodeIdFor(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 56) || 'layer';
  let id = ID_PATTERN.test(base) && !['__proto__', 'constructor', 'prototype'].includes(base) ? base : `layer_${taken.size}`;
  for (let suffix = 2; taken.has(id); suffix++) id = `${base.slice(0, 56)}_${suffix}`;
  taken.add(id);
  return id;
}

function node(id: string, type: string, params: Record<string, unknown>, depth: number, row: number): GraphNode {
  const definition = getNodeDefinition(type);
  return {
    id,
    type,
    version: definition?.version ?? 1,
    params: { ...(definition ? defaultParams(definition.params) : {}), ...params },
    position: { x: depth * 220, y: row * 140 },
  };
}

/** The loss and label encoding that suit a model's last activation and output width. */
function lossFor(width: number, lastActivation: string | undefined): { loss: string; labels: 'onehot' | 'binary' } {
  if (width === 1) return { loss: lastActivation === 'sigmoid' ? 'binaryCrossentropy' : 'hinge', labels: 'binary' };
  if (lastActivation === 'softmax') return { loss: 'categoricalCrossentropy', labels: 'onehot' };
  if (lastActivation === 'sigmoid') return { loss: 'binaryCrossentropy', labels: 'onehot' };
  return { loss: 'categoricalHinge', labels: 'onehot' };
}

export interface ImportedModel {
  graph: Graph;
  /** The weights under the names of the new graph's layers, in its model's order. */
  weights: WeightSet;
}

/** Places the nodes of a new graph (the editor's layered layout, loaded when needed); without one, a column per layer depth. */
export type GraphLayout = (graph: Graph) => Graph;

/** Builds a Kairo graph (and its weights) from a TF.js layers model. */
export function importTfjsModel(model: ModelJson, weights: WeightSet, title: string, layout?: GraphLayout): ModelResult<{ imported: ImportedModel }> {
  const layers = readTopology(model.modelTopology);
  if (typeof layers === 'string') return refused('MODEL_TOPOLOGY_INVALID', { where: layers });
  const unknown = [...new Set(layers.map((layer) => ({ layer, mapped: mapLayer(layer.className, layer.config) })).filter(({ mapped }) => mapped.kind === 'unknown').map(({ layer }) => layer.className))];
  if (unknown.length > 0) return refused('MODEL_UNKNOWN_LAYERS', { layers: unknown.join(', ') });

  const taken = new Set<string>(['dataset', 'loss', 'optimizer']);
  const ids = new Map<string, string>();
  const depth = new Map<string, number>();
  const rows = new Map<number, number>();
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const place = (level: number) => {
    const row = rows.get(level) ?? 0;
    rows.set(level, row + 1);
    return row;
  };
  let inputSeen = false;
  for (const layer of layers) {
    const mapped = mapLayer(layer.className, layer.config);
    const level = Math.max(0, ...layer.inbound.map((name) => (depth.get(name) ?? 0) + 1));
    depth.set(layer.name, level);
    if (mapped.kind === 'setting') return refused('MODEL_LAYER_SETTING', { layer: layer.name, setting: mapped.setting, type: mapped.type });
    if (mapped.kind === 'unknown') return refused('MODEL_UNKNOWN_LAYERS', { layers: mapped.className });
    if (mapped.kind === 'input') {
      if (inputSeen) return refused('MODEL_INPUT_UNSUPPORTED', { shape: 'several inputs', data: `[${MNIST_IMAGE_SHAPE.join(', ')}]` });
      inputSeen = true;
      const sample = mapped.shape.slice(1);
      const fits = sample.length === MNIST_IMAGE_SHAPE.length && sample.every((dim, axis) => dim === MNIST_IMAGE_SHAPE[axis]);
      ids.set(layer.name, 'dataset');
      nodes.push(node('dataset', 'dataset', {}, level, place(level)));
      if (!fits) {
        // Same number of values (e.g. 784 pixels in a row): a Reshape turns Kairo's images into it.
        if (sample.some((dim) => dim === null) || elementCount(sample as number[]) !== elementCount([...MNIST_IMAGE_SHAPE])) {
          return refused('MODEL_INPUT_UNSUPPORTED', { shape: `[${mapped.shape.map((dim) => dim ?? 'null').join(', ')}]`, data: `[null, ${MNIST_IMAGE_SHAPE.join(', ')}]` });
        }
        const id = nodeIdFor(`${layer.name}_reshape`, taken);
        nodes.push(node(id, 'reshape', { targetShape: sample }, level + 1, place(level + 1)));
        edges.push({ id: `e${edges.length + 1}`, source: 'dataset', sourcePort: 'images', target: id, targetPort: 'in' });
        ids.set(layer.name, id);
        depth.set(layer.name, level + 1);
      }
      continue;
    }
    const id = nodeIdFor(layer.name, taken);
    ids.set(layer.name, id);
    nodes.push(node(id, mapped.type, mapped.params, level, place(level)));
    const ports = getNodeDefinition(mapped.type)?.inputs ?? [];
    for (const [index, inboundName] of layer.inbound.entries()) {
      const source = ids.get(inboundName);
      const port = ports[index];
      if (!source || !port) return refused('MODEL_TOPOLOGY_INVALID', { where: `${layer.name} ← ${inboundName}` });
      edges.push({ id: `e${edges.length + 1}`, source, sourcePort: source === 'dataset' ? 'images' : 'out', target: id, targetPort: port.name });
    }
  }
  const last = layers[layers.length - 1];
  const outputId = last ? ids.get(last.name) : undefined;
  const outputNode = nodes.find((each) => each.id === outputId);
  if (!inputSeen || !last || !outputNode || outputNode.type === 'dataset') return refused('MODEL_TOPOLOGY_INVALID', { where: 'output' });

  const provisional: Graph = { meta: { title: { en: title, ja: title }, description: { en: '', ja: '' } }, nodes, edges };
  const width = widthOf(provisional, outputNode.id);
  if (width === undefined || width < 1 || width > 10) {
    return refused('MODEL_NOT_A_CLASSIFIER', { shape: `[null, ${width ?? '?'}]` });
  }
  const lastActivation = (outputNode.params.activation ?? outputNode.params.function) as string | undefined;
  const { loss, labels } = lossFor(width, lastActivation);
  const classes = width === 1 ? [0, 1] : Array.from({ length: width }, (_, index) => index);
  const dataset = nodes.find((each) => each.id === 'dataset');
  if (dataset) dataset.params = { ...dataset.params, classes, labels };
  const end = Math.max(...depth.values()) + 1;
  nodes.push(node('loss', 'loss', { function: loss }, end, 1), node('optimizer', 'optimizer', {}, end + 1, 1));
  edges.push(
    { id: `e${edges.length + 1}`, source: outputNode.id, sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
    { id: `e${edges.length + 2}`, source: 'dataset', sourcePort: 'labels', target: 'loss', targetPort: 'labels' },
    { id: `e${edges.length + 3}`, source: 'loss', sourcePort: 'loss', target: 'optimizer', targetPort: 'loss' },
  );
  const unplaced: Graph = { ...provisional, nodes, edges };
  const graph = layout ? layout(unplaced) : unplaced;
  const description = describeForExport(graph);
  if (!description.ok) {
    return refused('MODEL_TOPOLOGY_INVALID', { where: description.issues.map((issue) => `${issue.code}${issue.nodeId ? ` (${issue.nodeId})` : ''}`).join(', ') });
  }
  const renamed = renameWeights(weights, layers, ids, description.model.layers.map((layer) => ({ id: layer.id, name: layer.name })));
  const problem = checkWeights(renamed, description.model.weights);
  if (problem) return { ok: false, problem };
  return { ok: true, imported: { graph, weights: orderWeights(renamed, description.model.weights) } };
}

/** The output width, from the analysis of a graph that has no loss yet (it still infers every shape). */
function widthOf(graph: Graph, outputId: string): number | undefined {
  const shape = analyzeGraph(graph).nodes[outputId]?.outputs.out;
  const width = shape?.length === 2 ? shape[1] : undefined;
  return typeof width === 'number' ? width : undefined;
}

/**
 * The file's weights under Kairo's names: `<original layer>/<weight>` (also when the file prefixes
 * it with a model scope, `model/<original layer>/<weight>`) becomes `<Kairo layer>/<weight>`.
 */
function renameWeights(weights: WeightSet, layers: readonly TopologyLayer[], ids: ReadonlyMap<string, string>, kairoLayers: readonly { id: string; name: string }[]): WeightSet {
  const kairoName = new Map<string, string>();
  for (const layer of layers) {
    const id = ids.get(layer.name);
    const target = kairoLayers.find((each) => each.id === id);
    if (target) kairoName.set(layer.name, target.name);
  }
  const values = weightValues(weights);
  const entries = weights.entries.map((entry) => {
    const parts = entry.name.split('/');
    const weight = parts[parts.length - 1] ?? entry.name;
    const layer = parts[parts.length - 2] ?? '';
    const renamed = kairoName.get(layer);
    return { name: renamed ? `${renamed}/${weight.replace(/:\d+$/, '')}` : entry.name, shape: entry.shape };
  });
  const total = entries.reduce((sum, entry) => sum + elementCount(entry.shape), 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const [index, entry] of entries.entries()) {
    const source = values.get(weights.entries[index]?.name ?? '');
    if (source) data.set(source, offset);
    offset += elementCount(entry.shape);
  }
  return { entries, data: data.buffer };
}
