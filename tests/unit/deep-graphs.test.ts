import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { chainGraph } from '../../bench/hostileInputs';
import { SEGMENT_LAYERS } from '../../src/engine/buildLayers';
import { compileAnalysed, compileGraph, summarizeModel } from '../../src/engine/compile';
import { TrainingRuntime } from '../../src/engine/runtime';
import { analyzeGraph } from '../../src/graph/analyze';
import { GRAPH_LIMITS } from '../../src/graph/limits';
import type { Graph } from '../../src/graph/types';
import { eventLog, mnistWithTestSubset } from './runtime-fixtures';

/**
 * Issue 14, case 9: a 5,000-node chain passed `check` and then failed to compile with "Maximum
 * call stack size exceeded" (tfjs-layers walks a model's graph recursively). Every graph within
 * the node limit must compile and train.
 */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * A chain with skip connections that reach across segment borders: every 25th layer adds the
 * output of the layer 60 back to the current one (dense 16 → relu activations, flat features).
 */
function residualChain(layers: number): Graph {
  const base = chainGraph(8);
  const keep = base.nodes.filter((node) => ['dataset', 'loss', 'optimizer', 'flatten'].includes(node.type));
  const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, version: 1, params, position: { x: 0, y: 0 } });
  const nodes = [...keep, node('in', 'dense', { units: 16, activation: 'relu' })];
  const edges: Graph['edges'] = [];
  const wire = (source: string, target: string, targetPort = 'in') =>
    edges.push({ id: `e${edges.length + 1}`, source, sourcePort: 'out', target, targetPort });
  edges.push({ id: 'e-images', source: 'dataset', sourcePort: 'images', target: 'flatten', targetPort: 'in' });
  wire('flatten', 'in');
  const ids = ['in'];
  for (let index = 1; index < layers; index++) {
    const id = `l${index}`;
    const previous = ids[ids.length - 1] as string;
    if (index % 25 === 0 && ids.length > 60) {
      nodes.push(node(id, 'add', {}));
      wire(previous, id, 'in1');
      wire(ids[ids.length - 60] as string, id, 'in2');
    } else {
      nodes.push(node(id, 'activation', { function: index % 2 ? 'relu' : 'tanh' }));
      wire(previous, id);
    }
    ids.push(id);
  }
  nodes.push(node('out', 'dense', { units: 10, activation: 'softmax' }));
  wire(ids[ids.length - 1] as string, 'out');
  edges.push({ id: 'e-pred', source: 'out', sourcePort: 'out', target: 'loss', targetPort: 'prediction' });
  edges.push({ id: 'e-labels', source: 'dataset', sourcePort: 'labels', target: 'loss', targetPort: 'labels' });
  edges.push({ id: 'e-loss', source: 'loss', sourcePort: 'loss', target: 'optimizer', targetPort: 'loss' });
  return { meta: base.meta, nodes, edges };
}

describe('deep graphs compile (case 9)', () => {
  it('compiles and trains a chain of as many nodes as a graph may have', async () => {
    const graph = chainGraph(GRAPH_LIMITS.maxNodes, 32);
    expect(graph.nodes).toHaveLength(GRAPH_LIMITS.maxNodes);
    const runtime = new TrainingRuntime(tf);
    runtime.setData(await mnistWithTestSubset(64));
    const compiled = await runtime.compile(graph);
    expect(compiled.ok ? 'compiled' : compiled.issues.map((issue) => `${issue.code}: ${String(issue.vars.reason ?? '')}`)).toBe('compiled');
    if (!compiled.ok) return;
    // The model summary lists every layer of the graph once, the nested segments opened up.
    expect(compiled.summary.layers.map((layer) => layer.nodeId).filter((id) => id !== null)).toHaveLength(GRAPH_LIMITS.maxNodes - 2);
    const log = eventLog();
    const outcome = await runtime.train(log.listener, { epochs: 1 });
    expect(outcome.status).toBe('completed');
    expect(log.ofType('batch').length + log.ofType('epoch').length).toBeGreaterThan(0);
    expect(Number.isFinite(outcome.history[0]?.loss)).toBe(true);
    await runtime.dispose();
  });

  it('builds skip connections across segment borders exactly as one flat model would', () => {
    const graph = residualChain(SEGMENT_LAYERS * 2 + 50);
    const analysis = analyzeGraph(graph);
    expect(analysis.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    const before = tf.memory().numTensors;
    const nested = compileAnalysed(tf, analysis);
    const flat = compileAnalysed(tf, analysis, { segmentLayers: Number.POSITIVE_INFINITY });
    if (!nested.ok || !flat.ok) throw new Error('did not compile');
    expect(nested.model.layers.length).toBeLessThan(flat.model.layers.length);
    expect(summarizeModel(nested)).toEqual(summarizeModel(flat));
    expect(nested.model.countParams()).toBe(flat.model.countParams());
    const input = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 7);
    const a = nested.model.predict(input) as tf.Tensor;
    const b = flat.model.predict(input) as tf.Tensor;
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([input, a, b]);
    nested.dispose();
    flat.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a graph within one segment is built flat, as before', () => {
    const compiled = compileGraph(tf, chainGraph(50));
    if (!compiled.ok) throw new Error('did not compile');
    expect(compiled.model.layers.some((layer) => layer.name.startsWith('kairo_segment'))).toBe(false);
    compiled.dispose();
  });
});
