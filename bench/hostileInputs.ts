/**
 * The hostile inputs of issue 14, built the same way for the unit tests and for the measurement
 * (bench/refusals.ts): a share link that is a decompression bomb, and graphs that ask for more
 * memory than any machine has. Node only (uses node:zlib to build the bomb in milliseconds).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import type { Graph } from '../src/graph/types';

const ROOT = path.join(import.meta.dirname, '..');

function base64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A `#g=` payload under the link-length limit that inflates to `inflatedBytes` bytes of spaces
 * (valid JSON whitespace, so a decoder that inflates everything would go on to parse it). Built
 * from one compressed MiB repeated: a full flush ends each copy on a byte boundary with a
 * non-final block, so the copies concatenate into one valid DEFLATE stream, closed by an empty
 * final block.
 */
export function decompressionBombPayload(inflatedBytes = 1.4 * 1024 ** 3): string {
  const block = 1024 * 1024;
  const piece = deflateRawSync(Buffer.alloc(block, 0x20), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const copies = Math.ceil(inflatedBytes / block);
  const finalEmptyBlock = Buffer.from([0x03, 0x00]);
  const stream = Buffer.concat([...Array.from({ length: copies }, () => piece), finalEmptyBlock]);
  return base64Url(stream);
}

function preset(name: string): Graph {
  return JSON.parse(readFileSync(path.join(ROOT, 'presets', `${name}.json`), 'utf8')) as Graph;
}

function withParams(graph: Graph, changes: Record<string, Record<string, unknown>>): Graph {
  return {
    ...graph,
    nodes: graph.nodes.map((node) => (changes[node.id] ? { ...node, params: { ...node.params, ...changes[node.id] } } : node)),
  };
}

/** Case 7: the MLP preset with two dense(65536) layers (each param within its range): 4.35e9 weights, 17 GB. */
export function hugeDenseGraph(): Graph {
  return withParams(preset('mnist-mlp'), { dense1: { units: 65_536 }, dense2: { units: 65_536 } });
}

/** Case 8: the CNN preset with two conv2d(4096) layers. */
export function hugeConvGraph(): Graph {
  return withParams(preset('mnist-cnn'), { conv1: { filters: 4096 }, conv2: { filters: 4096 } });
}

/**
 * Case 9: a chain of `length` nodes in all — dataset → flatten → activations… → dense → loss, and
 * the optimizer — trained on `trainSubset` MNIST images.
 */
export function chainGraph(length: number, trainSubset = 64): Graph {
  const base = preset('mnist-logreg');
  const keep = base.nodes.filter((node) => node.type === 'dataset' || node.type === 'loss' || node.type === 'optimizer');
  const dataset = keep.find((node) => node.type === 'dataset');
  if (dataset) dataset.params = { ...dataset.params, trainSubset, batchSize: 32, validation: 'none' };
  const layer = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, version: 1, params, position: { x: 0, y: 0 } });
  const nodes = [...keep, layer('flatten', 'flatten', {})];
  const edges: Graph['edges'] = [];
  const wire = (source: string, sourcePort: string, target: string, targetPort: string) =>
    edges.push({ id: `e${edges.length + 1}`, source, sourcePort, target, targetPort });
  wire('dataset', 'images', 'flatten', 'in');
  let previous = 'flatten';
  for (let index = 1; nodes.length < length - 1; index++) {
    const id = `act${index}`;
    nodes.push(layer(id, 'activation', { function: 'relu' }));
    wire(previous, 'out', id, 'in');
    previous = id;
  }
  nodes.push(layer('dense', 'dense', { units: 10, activation: 'softmax' }));
  wire(previous, 'out', 'dense', 'in');
  wire('dense', 'out', 'loss', 'prediction');
  wire('dataset', 'labels', 'loss', 'labels');
  wire('loss', 'loss', 'optimizer', 'loss');
  return { meta: base.meta, nodes, edges };
}
