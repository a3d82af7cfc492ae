/**
 * How long whole-graph analysis (validation + shape inference + parameter counts) takes on a
 * 300-node graph: the editor runs it on every change, so it must stay well under a frame
 * (target: < 5 ms). Run with `npx tsx bench/infer.ts`; prints median and p95 over many runs.
 */
import { getNodeDefinition } from '../nodes/index';
import { defaultParams } from '../nodes/types';
import { analyzeGraph } from '../src/graph/analyze';
import { parseGraphFile, serializeGraph } from '../src/graph/format';
import type { Graph, GraphEdge, GraphNode } from '../src/graph/types';

const NODE_TARGET = 300;

/**
 * dataset → conv → N residual blocks (conv, activation, conv, add with the block's input,
 * batchnorm), each with a dense side branch into a concatenate, → pooling → dense → loss.
 */
function benchmarkGraph(): Graph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const add = (id: string, type: string, params: Record<string, unknown> = {}) => {
    const definition = getNodeDefinition(type);
    if (!definition) throw new Error(`unknown node type ${type}`);
    nodes.push({
      id,
      type,
      version: definition.version,
      params: { ...defaultParams(definition.params), ...params },
      position: { x: nodes.length * 220, y: 0 },
    });
    return id;
  };
  const wire = (source: string, target: string, sourcePort = 'out', targetPort = 'in') => {
    edges.push({ id: `e${edges.length + 1}`, source, sourcePort, target, targetPort });
  };
  add('dataset', 'dataset');
  let previous = add('stem', 'conv2d', { filters: 8, padding: 'same', activation: 'relu' });
  wire('dataset', previous, 'images');
  const tail = 7; // pool, flatten, dense, concat, out, loss, optimizer
  for (let block = 0; nodes.length + 7 + tail <= NODE_TARGET; block++) {
    const a = add(`b${block}_conv_a`, 'conv2d', { filters: 8, padding: 'same' });
    const act = add(`b${block}_relu`, 'activation', { function: 'relu' });
    const b = add(`b${block}_conv_b`, 'conv2d', { filters: 8, padding: 'same' });
    const sum = add(`b${block}_add`, 'add');
    const norm = add(`b${block}_norm`, 'batchnorm');
    const side = add(`b${block}_side`, 'dense', { units: 4, activation: 'tanh' });
    const drop = add(`b${block}_drop`, 'dropout', { rate: 0.1 });
    wire(previous, a);
    wire(a, act);
    wire(act, b);
    wire(b, sum, 'out', 'in1');
    wire(previous, sum, 'out', 'in2');
    wire(sum, norm);
    // A side branch per block: dense on an image (a warning, still inferred) and dropout.
    wire(norm, side);
    wire(side, drop);
    previous = norm;
  }
  // Activations fill the chain up to exactly NODE_TARGET nodes.
  for (let index = 0; nodes.length + tail < NODE_TARGET; index++) {
    const act = add(`fill${index}`, 'activation', { function: 'elu' });
    wire(previous, act);
    previous = act;
  }
  const pool = add('pool', 'globalavgpool2d');
  wire(previous, pool);
  const flat = add('flat', 'flatten');
  wire(`b0_drop`, flat);
  const hidden = add('hidden', 'dense', { units: 32, activation: 'relu' });
  wire(pool, hidden);
  const joined = add('joined', 'concatenate');
  wire(hidden, joined, 'out', 'in1');
  wire(flat, joined, 'out', 'in2');
  const out = add('out', 'dense', { units: 10, activation: 'softmax' });
  wire(joined, out);
  add('loss', 'loss');
  wire(out, 'loss', 'out', 'prediction');
  wire('dataset', 'loss', 'labels', 'labels');
  add('optimizer', 'optimizer');
  wire('loss', 'optimizer', 'loss', 'loss');
  const meta = { title: { en: 'Benchmark', ja: 'ベンチマーク' }, description: { en: '', ja: '' } };
  return { meta, nodes, edges };
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

function time(label: string, runs: number, work: () => unknown): void {
  for (let index = 0; index < 200; index++) work();
  const samples: number[] = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const format = (ms: number) => `${ms.toFixed(3)} ms`;
  console.log(
    `${label.padEnd(28)} median ${format(percentile(samples, 0.5))}   p95 ${format(percentile(samples, 0.95))}   min ${format(samples[0] ?? Number.NaN)}   (${runs} runs)`,
  );
}

const graph = benchmarkGraph();
const analysis = analyzeGraph(graph);
const errors = analysis.issues.filter((issue) => issue.severity === 'error');
if (errors.length > 0) {
  console.error('The benchmark graph has errors:', errors);
  process.exit(1);
}
const warnings = analysis.issues.length;
console.log(
  `Graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges, ${analysis.totalParams.toLocaleString('en-US')} params, ${warnings} warnings, ${Object.keys(analysis.nodes).length} nodes inferred`,
);
time('analyzeGraph', 2_000, () => analyzeGraph(graph));
const text = serializeGraph(graph);
time('parseGraphFile (text)', 500, () => parseGraphFile(text));
time('serializeGraph', 500, () => serializeGraph(graph));
