import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getNodeDefinition } from '../../nodes/index';
import { defaultParams } from '../../nodes/types';
import { analyzeGraph } from '../../src/graph/analyze';
import { canConnect } from '../../src/graph/connect';
import { parseGraphFile } from '../../src/graph/format';
import type { IssueCode } from '../../src/graph/issues';
import type { Graph, GraphEdge, GraphNode } from '../../src/graph/types';
import { renderIssue } from '../../src/i18n/renderIssue';

function preset(name: string): Graph {
  const result = parseGraphFile(readFileSync(join(__dirname, '../../presets', `${name}.json`), 'utf8'));
  if (!result.ok) throw new Error(`preset ${name} does not load`);
  return result.graph;
}

function node(id: string, type: string, params: Record<string, unknown> = {}): GraphNode {
  const definition = getNodeDefinition(type);
  if (!definition) throw new Error(`no node type ${type}`);
  return { id, type, version: 1, params: { ...defaultParams(definition.params), ...params }, position: { x: 0, y: 0 } };
}

let edgeCount = 0;
/** "a.out>b.in" → an edge; ports default to out / in. */
function edge(spec: string): GraphEdge {
  const [from = '', to = ''] = spec.split('>');
  const [source = '', sourcePort = 'out'] = from.split('.');
  const [target = '', targetPort = 'in'] = to.split('.');
  edgeCount += 1;
  return { id: `edge${edgeCount}`, source, sourcePort, target, targetPort };
}

const meta = { title: { en: '', ja: '' }, description: { en: '', ja: '' } };

/** dataset → layers… → loss → optimizer, with the given layers in between. */
function trainable(layers: GraphNode[], extraEdges: string[] = [], lossFunction = 'categoricalCrossentropy'): Graph {
  const ids = layers.map((layer) => layer.id);
  const chain = ['dataset.images', ...ids];
  const edges = chain.slice(1).map((id, index) => edge(`${chain[index]}>${id}`));
  edges.push(edge(`${ids[ids.length - 1]}>loss.prediction`), edge('dataset.labels>loss.labels'), edge('loss.loss>optimizer.loss'));
  return {
    meta,
    nodes: [node('dataset', 'dataset'), ...layers, node('loss', 'loss', { function: lossFunction }), node('optimizer', 'optimizer')],
    edges: [...edges, ...extraEdges.map(edge)],
  };
}

const codes = (graph: Graph) => analyzeGraph(graph).issues.map((issue) => issue.code);
const errorCodes = (graph: Graph): IssueCode[] =>
  analyzeGraph(graph)
    .issues.filter((issue) => issue.severity === 'error')
    .map((issue) => issue.code);

describe('the course presets', () => {
  it('CNN: every shape and parameter count as Keras prints them, 1,199,882 in total', () => {
    const analysis = analyzeGraph(preset('mnist-cnn'));
    expect(analysis.issues).toEqual([]);
    expect(analysis.totalParams).toBe(1_199_882);
    const out = (id: string) => analysis.nodes[id]?.outputs.out;
    expect(out('conv1')).toEqual([null, 26, 26, 32]);
    expect(out('conv2')).toEqual([null, 24, 24, 64]);
    expect(out('pool')).toEqual([null, 12, 12, 64]);
    expect(out('flatten')).toEqual([null, 9216]);
    expect(out('dense2')).toEqual([null, 10]);
    const params = Object.fromEntries(Object.entries(analysis.nodes).map(([id, result]) => [id, result.params]));
    expect(params).toMatchObject({ conv1: 320, conv2: 18_496, pool: 0, dense1: 1_179_776, dense2: 1_290 });
  });

  it('MLP: 669,706 params; logistic regression 7,850', () => {
    expect(analyzeGraph(preset('mnist-mlp')).totalParams).toBe(669_706);
    expect(analyzeGraph(preset('mnist-logreg')).totalParams).toBe(7_850);
  });

  it('puts the tensor shape on every edge and orders nodes from the dataset on', () => {
    const graph = preset('mnist-mlp');
    const analysis = analyzeGraph(graph);
    expect(Object.keys(analysis.edges).sort()).toEqual(graph.edges.map((each) => each.id).sort());
    const labelsEdge = graph.edges.find((each) => each.sourcePort === 'labels');
    expect(analysis.edges[labelsEdge?.id ?? '']).toEqual([null, 10]);
    expect(analysis.order[0]).toBe('dataset');
    for (const each of graph.edges) {
      expect(analysis.order.indexOf(each.source)).toBeLessThan(analysis.order.indexOf(each.target));
    }
  });

  it('a two-class dataset gives two-column labels', () => {
    const graph = preset('mnist-logreg');
    const dataset = graph.nodes.find((each) => each.id === 'dataset');
    if (dataset) dataset.params.classes = [3, 8];
    const analysis = analyzeGraph(graph);
    expect(analysis.nodes.dataset?.outputs.labels).toEqual([null, 2]);
    // The dense layer still has 10 outputs: the loss says so.
    expect(errorCodes(graph)).toEqual(['LOSS_SHAPE_MISMATCH']);
  });
});

describe('errors and warnings', () => {
  it('an empty canvas needs a dataset, a loss and an optimizer', () => {
    expect(codes({ meta, nodes: [], edges: [] })).toEqual(['MISSING_DATASET', 'MISSING_LOSS', 'MISSING_OPTIMIZER']);
  });

  it('conv2d on a flat tensor is an error; dense on an image is a warning and still gets a shape', () => {
    const conv = trainable([node('flatten', 'flatten'), node('conv', 'conv2d', { filters: 10, activation: 'softmax' })]);
    expect(analyzeGraph(conv).issues).toEqual([
      expect.objectContaining({ code: 'WRONG_RANK', severity: 'error', nodeId: 'conv', port: 'in' }),
    ]);
    const dense = trainable([node('dense', 'dense', { units: 8 }), node('flatten', 'flatten'), node('out', 'dense', { units: 10, activation: 'softmax' })]);
    const analysis = analyzeGraph(dense);
    expect(analysis.issues).toEqual([expect.objectContaining({ code: 'DENSE_ON_IMAGE', severity: 'warning', nodeId: 'dense' })]);
    expect(analysis.nodes.dense?.outputs.out).toEqual([null, 28, 28, 8]);
    expect(analysis.nodes.dense?.params).toBe(16);
    expect(analysis.nodes.flatten?.outputs.out).toEqual([null, 28 * 28 * 8]);
  });

  it('one bad node gives one error: nothing downstream of it piles up', () => {
    const graph = preset('mnist-mlp');
    const dense1 = graph.nodes.find((each) => each.id === 'dense1');
    if (dense1) dense1.params.units = 0;
    const analysis = analyzeGraph(graph);
    expect(analysis.issues).toEqual([expect.objectContaining({ code: 'INVALID_PARAM', nodeId: 'dense1', param: 'units' })]);
    expect(Object.keys(analysis.nodes).sort()).toEqual(['dataset', 'flatten']);
    expect(analysis.totalParams).toBe(0);
  });

  it('an unknown node type is reported once, and its downstream stays quiet', () => {
    const graph = trainable([node('flatten', 'flatten'), { ...node('mystery', 'dense'), type: 'capsule' }, node('out', 'dense', { units: 10, activation: 'softmax' })]);
    expect(codes(graph)).toEqual(['UNKNOWN_NODE_TYPE']);
  });

  it('an unconnected required input is MISSING_INPUT on that node and port', () => {
    const graph = trainable([node('flatten', 'flatten'), node('out', 'dense', { units: 10, activation: 'softmax' })]);
    graph.edges = graph.edges.filter((each) => each.target !== 'flatten');
    const issues = analyzeGraph(graph).issues;
    expect(issues.filter((issue) => issue.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'MISSING_INPUT', nodeId: 'flatten', port: 'in' }),
    ]);
  });

  it('wires of different kinds are PORT_KIND_MISMATCH on the edge', () => {
    const graph = trainable([node('flatten', 'flatten'), node('out', 'dense', { units: 10, activation: 'softmax' })]);
    const into = graph.edges.find((each) => each.target === 'flatten');
    if (into) into.sourcePort = 'labels';
    expect(analyzeGraph(graph).issues).toEqual([
      expect.objectContaining({ code: 'PORT_KIND_MISMATCH', nodeId: 'flatten', edgeId: into?.id, port: 'in' }),
    ]);
  });

  it('two optimizers: MULTIPLE_OPTIMIZERS on the second', () => {
    const graph = preset('mnist-logreg');
    graph.nodes.push(node('optimizer2', 'optimizer'));
    graph.edges.push(edge('loss.loss>optimizer2.loss'));
    expect(analyzeGraph(graph).issues).toEqual([expect.objectContaining({ code: 'MULTIPLE_OPTIMIZERS', nodeId: 'optimizer2' })]);
  });

  it('a cycle is reported on the nodes that form it', () => {
    const graph = trainable([node('flatten', 'flatten'), node('a', 'add'), node('out', 'dense', { units: 784 })], ['out>a.in2']);
    // flatten → a.in1 (the chain); out → a.in2 closes the loop a → out → a.
    const edgeIntoA = graph.edges.find((each) => each.target === 'a');
    if (edgeIntoA) edgeIntoA.targetPort = 'in1';
    const issues = analyzeGraph(graph).issues.filter((issue) => issue.severity === 'error');
    expect(issues.map((issue) => [issue.code, issue.nodeId])).toEqual([
      ['CYCLE', 'a'],
      ['CYCLE', 'out'],
    ]);
  });

  it('a layer off the path from the dataset to the loss is UNUSED_NODE (a warning)', () => {
    const graph = trainable([node('flatten', 'flatten'), node('out', 'dense', { units: 10, activation: 'softmax' })]);
    graph.nodes.push(node('sidecar', 'dense'));
    graph.edges.push(edge('flatten>sidecar'));
    const analysis = analyzeGraph(graph);
    expect(analysis.issues).toEqual([expect.objectContaining({ code: 'UNUSED_NODE', severity: 'warning', nodeId: 'sidecar' })]);
    // It still gets its shape and its params count (a new dense layer has 128 units).
    expect(analysis.nodes.sidecar?.params).toBe(784 * 128 + 128);
  });

  it('cross-entropy without softmax is LOSS_ACTIVATION_MISMATCH; hinge loss on a linear output is fine', () => {
    const linear = () => [node('flatten', 'flatten'), node('out', 'dense', { units: 10 }), node('drop', 'dropout')];
    expect(analyzeGraph(trainable(linear())).issues).toEqual([
      expect.objectContaining({ code: 'LOSS_ACTIVATION_MISMATCH', severity: 'warning', nodeId: 'loss' }),
    ]);
    expect(codes(trainable(linear(), [], 'categoricalHinge'))).toEqual([]);
    // Looking through dropout: softmax before a dropout still counts.
    const softmax = [node('flatten', 'flatten'), node('out', 'dense', { units: 10, activation: 'softmax' }), node('drop', 'dropout')];
    expect(codes(trainable(softmax))).toEqual([]);
    const separate = [node('flatten', 'flatten'), node('out', 'dense', { units: 10 }), node('act', 'activation', { function: 'softmax' })];
    expect(codes(trainable(separate))).toEqual([]);
  });

  it('branches and skip connections: add and concatenate shapes', () => {
    const graph = trainable(
      [node('flatten', 'flatten'), node('a', 'dense', { units: 64 }), node('b', 'dense', { units: 64 }), node('sum', 'add'), node('both', 'concatenate'), node('out', 'dense', { units: 10, activation: 'softmax' })],
      ['flatten>b'],
    );
    // Chain edges go flatten → a → b → sum → both → out; rewire: a and b into sum, sum and a into both.
    graph.edges = graph.edges.filter((each) => !(each.source === 'a' && each.target === 'b') && !(each.source === 'b' && each.target === 'sum') && !(each.source === 'sum' && each.target === 'both'));
    graph.edges.push(edge('a>sum.in1'), edge('b>sum.in2'), edge('sum>both.in1'), edge('a>both.in2'));
    const analysis = analyzeGraph(graph);
    expect(analysis.issues).toEqual([]);
    expect(analysis.nodes.sum?.outputs.out).toEqual([null, 64]);
    expect(analysis.nodes.both?.outputs.out).toEqual([null, 128]);
    expect(analysis.totalParams).toBe(2 * (784 * 64 + 64) + 128 * 10 + 10);
  });

  it('treats an id such as "__proto__" as a plain key', () => {
    const protoId = '__proto__';
    const graph = trainable([node(protoId, 'flatten'), node('out', 'dense', { units: 10, activation: 'softmax' })]);
    const analysis = analyzeGraph(graph);
    expect(analysis.issues).toEqual([]);
    expect(analysis.nodes[protoId]?.outputs.out).toEqual([null, 784]);
    expect(({} as Record<string, unknown>).outputs).toBeUndefined();
  });
});

describe('canConnect', () => {
  const graph = preset('mnist-mlp');
  const check = (source: string, sourcePort: string, target: string, targetPort: string) =>
    canConnect(graph, { source, sourcePort, target, targetPort });

  it('allows a new wire into a free input of the same kind', () => {
    graph.nodes.push(node('spare', 'dense'));
    expect(check('dense1', 'out', 'spare', 'in')).toEqual({ ok: true });
  });

  it.each([
    ['dense1', 'output', 'spare', 'in', 'UNKNOWN_PORT'],
    ['dataset', 'labels', 'spare', 'in', 'PORT_KIND_MISMATCH'],
    ['dense1', 'out', 'dense2', 'in', 'PORT_USED_TWICE'],
    ['spare', 'out', 'spare', 'in', 'CYCLE'],
    ['ghost', 'out', 'spare', 'in', 'DANGLING_EDGE'],
  ])('%s.%s → %s.%s is refused with %s', (source, sourcePort, target, targetPort, code) => {
    const result = check(source, sourcePort, target, targetPort);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(renderIssue(result, 'en')).not.toMatch(/\{\w+\}/);
  });

  it('refuses a wire that would close a loop, also when re-attaching one', () => {
    const intoDense1 = graph.edges.find((each) => each.target === 'dense1');
    const connection = { source: 'dense3', sourcePort: 'out', target: 'dense1', targetPort: 'in' };
    expect(canConnect(graph, connection, { ignoreEdgeId: intoDense1?.id })).toMatchObject({ ok: false, code: 'CYCLE' });
  });

  it('re-attaching an existing wire does not count that wire as taking the input', () => {
    const existing = graph.edges.find((each) => each.target === 'dense2');
    const connection = { source: 'dense1', sourcePort: 'out', target: 'dense2', targetPort: 'in' };
    expect(canConnect(graph, connection, { ignoreEdgeId: existing?.id })).toEqual({ ok: true });
  });
});

describe('robustness', () => {
  it('a node type whose inference throws gets INVALID_SHAPE; the rest of the graph is still analysed', () => {
    const definition = getNodeDefinition('flatten');
    if (!definition) throw new Error('no flatten');
    const original = definition.inferShape;
    definition.inferShape = () => {
      throw new Error('broken node type');
    };
    try {
      const analysis = analyzeGraph(preset('mnist-cnn'));
      expect(analysis.issues).toEqual([expect.objectContaining({ code: 'INVALID_SHAPE', nodeId: 'flatten' })]);
      expect(analysis.issues[0]).toMatchObject({ variant: 'inferFailed', vars: { reason: 'broken node type' } });
      expect(analysis.nodes.conv2?.params).toBe(18_496);
    } finally {
      definition.inferShape = original;
    }
  });
});
