import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getNodeDefinition } from '../../nodes/index';
import { defaultParams, type ParamSpecs, type ParamValues } from '../../nodes/types';
import { type CompileResult, compileGraph, layerSeed, summarizeModel } from '../../src/engine/compile';
import type { Graph, GraphEdge, GraphNode, Shape } from '../../src/graph/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A small graph builder: nodes by id, edges written "source.port -> target.port". */
function graphOf(nodes: Record<string, [type: string, params?: Record<string, unknown>]>, edges: string[]): Graph {
  const graphNodes: GraphNode[] = Object.entries(nodes).map(([id, [type, params = {}]]) => ({
    id,
    type,
    version: 1,
    params,
    position: { x: 0, y: 0 },
  }));
  const graphEdges: GraphEdge[] = edges.map((edge, index) => {
    const [from = '', to = ''] = edge.split('->').map((end) => end.trim());
    const [source = '', sourcePort = ''] = from.split('.');
    const [target = '', targetPort = ''] = to.split('.');
    return { id: `e${index}`, source, sourcePort, target, targetPort };
  });
  return { meta: { title: { en: '', ja: '' }, description: { en: '', ja: '' } }, nodes: graphNodes, edges: graphEdges };
}

type LayerSpec = [type: string, params?: Record<string, unknown>];

/** dataset → layers in a chain → loss ← labels; loss → optimizer. */
function chainGraph(
  layers: LayerSpec[],
  options: { optimizer?: Record<string, unknown>; dataset?: Record<string, unknown>; loss?: Record<string, unknown> } = {},
): Graph {
  const nodes: Record<string, LayerSpec> = { data: ['dataset', options.dataset ?? {}] };
  const edges: string[] = [];
  let previous = 'data.images';
  layers.forEach((layer, index) => {
    nodes[`layer${index}`] = layer;
    edges.push(`${previous} -> layer${index}.in`);
    previous = `layer${index}.out`;
  });
  nodes.loss = ['loss', options.loss ?? {}];
  nodes.opt = ['optimizer', options.optimizer ?? {}];
  edges.push(`${previous} -> loss.prediction`, 'data.labels -> loss.labels', 'loss.loss -> opt.loss');
  return graphOf(nodes, edges);
}

function compiled(result: CompileResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result;
}

function codesOf(result: CompileResult): string[] {
  return result.issues.map((issue) => issue.code);
}

function errorCodesOf(result: CompileResult): string[] {
  return result.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.code);
}

function initialWeights(result: CompileResult): number[][] {
  return compiled(result).model.getWeights().map((weight) => Array.from(weight.dataSync()));
}

/** Sum of the nodes' paramCount along the chain, from the pure inference alone (no tfjs). */
function inferredParamTotal(layers: LayerSpec[]): number {
  let shape: Shape = [null, 28, 28, 1];
  let total = 0;
  for (const [type, params = {}] of layers) {
    const definition = getNodeDefinition(type);
    if (!definition) throw new Error(type);
    const values = { ...defaultParams(definition.params), ...params } as ParamValues<ParamSpecs>;
    const result = definition.inferShape({ in: shape }, values);
    if (!result.ok) throw new Error(JSON.stringify(result.problem));
    total += definition.paramCount({ in: shape }, values);
    shape = result.outputs.out ?? [];
  }
  return total;
}

const MNIST_MLP: LayerSpec[] = [
  ['flatten'],
  ['dense', { units: 512, activation: 'relu' }],
  ['dropout', { rate: 0.2 }],
  ['dense', { units: 512, activation: 'relu' }],
  ['dropout', { rate: 0.2 }],
  ['dense', { units: 10, activation: 'softmax' }],
];

const MNIST_CNN: LayerSpec[] = [
  ['conv2d', { filters: 32, kernelSize: [3, 3], activation: 'relu' }],
  ['conv2d', { filters: 64, kernelSize: [3, 3], activation: 'relu' }],
  ['maxpool2d', { poolSize: [2, 2] }],
  ['dropout', { rate: 0.25 }],
  ['flatten'],
  ['dense', { units: 128, activation: 'relu' }],
  ['dropout', { rate: 0.5 }],
  ['dense', { units: 10, activation: 'softmax' }],
];

describe('compileGraph', () => {
  it('compiles dataset → flatten → dense → loss → optimizer with its settings', () => {
    const result = compiled(
      compileGraph(
        tf,
        chainGraph([['flatten'], ['dense', { units: 10, activation: 'softmax' }]], {
          dataset: { batchSize: 64, classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
          loss: { function: 'meanSquaredError' },
          optimizer: { epochs: 3, seed: 5 },
        }),
      ),
    );
    expect(result.model.outputShape).toEqual([null, 10]);
    expect(result.model.inputs[0]?.shape).toEqual([null, 28, 28, 1]);
    expect(result.lossName).toBe('meanSquaredError');
    expect(result.numClasses).toBe(10);
    expect(result.dataset).toMatchObject({ source: 'mnist', batchSize: 64, validation: 'test', shuffleSeed: 42 });
    expect(result.training).toEqual({ epochs: 3, seed: 5 });
    expect(result.issues).toEqual([]);
    const prediction = tf.tidy(() => Array.from((result.model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor).dataSync()));
    expect(prediction).toHaveLength(20);
    expect(prediction.slice(0, 10).reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 5);
    result.dispose();
  });

  it('sizes the output by the dataset classes', () => {
    const result = compiled(
      compileGraph(tf, chainGraph([['flatten'], ['dense', { units: 2, activation: 'softmax' }]], { dataset: { classes: [3, 7] } })),
    );
    expect(result.numClasses).toBe(2);
    expect(result.dataset.classes).toEqual([3, 7]);
    expect(result.model.outputShape).toEqual([null, 2]);
    result.dispose();
  });

  it('compiles two dense branches joined by add and by concatenate', () => {
    for (const [merge, width] of [
      ['add', 32],
      ['concatenate', 48],
    ] as const) {
      const graph = graphOf(
        {
          data: ['dataset'],
          flat: ['flatten'],
          left: ['dense', { units: 32, activation: 'relu' }],
          right: ['dense', { units: merge === 'add' ? 32 : 16, activation: 'tanh' }],
          join: [merge],
          head: ['dense', { units: 10, activation: 'softmax' }],
          loss: ['loss'],
          opt: ['optimizer'],
        },
        [
          'data.images -> flat.in',
          'flat.out -> left.in',
          'flat.out -> right.in',
          'left.out -> join.in1',
          'right.out -> join.in2',
          'join.out -> head.in',
          'head.out -> loss.prediction',
          'data.labels -> loss.labels',
          'loss.loss -> opt.loss',
        ],
      );
      const result = compiled(compileGraph(tf, graph));
      const rows = summarizeModel(result);
      expect(rows.find((row) => row.nodeId === 'join')).toMatchObject({ type: merge, outputShape: [null, width] });
      expect(result.model.outputShape).toEqual([null, 10]);
      expect(rows.reduce((sum, row) => sum + row.params, 0)).toBe(result.model.countParams());
      expect(result.model.countParams()).toBe(784 * 32 + 32 + 784 * (width - 32 || 32) + (width - 32 || 32) + width * 10 + 10);
      result.dispose();
    }
  });

  it('a skip connection (x + f(x)) compiles', () => {
    const graph = graphOf(
      {
        data: ['dataset'],
        conv: ['conv2d', { filters: 8, padding: 'same', activation: 'relu' }],
        conv2: ['conv2d', { filters: 8, padding: 'same' }],
        skip: ['add'],
        gap: ['globalavgpool2d'],
        head: ['dense', { units: 10, activation: 'softmax' }],
        loss: ['loss'],
        opt: ['optimizer'],
      },
      [
        'data.images -> conv.in',
        'conv.out -> conv2.in',
        'conv2.out -> skip.in1',
        'conv.out -> skip.in2',
        'skip.out -> gap.in',
        'gap.out -> head.in',
        'head.out -> loss.prediction',
        'data.labels -> loss.labels',
        'loss.loss -> opt.loss',
      ],
    );
    const result = compiled(compileGraph(tf, graph));
    expect(result.model.outputShape).toEqual([null, 10]);
    result.dispose();
  });

  it('the same graph gives the same initial weights; another seed gives others', () => {
    const graph = chainGraph(MNIST_CNN.slice(0, 1).concat([['flatten'], ['dense', { units: 10, activation: 'softmax' }]]), {
      optimizer: { seed: 11 },
    });
    const first = compileGraph(tf, graph);
    const second = compileGraph(tf, graph);
    const reseeded = compileGraph(tf, { ...graph, nodes: graph.nodes.map((node) => (node.id === 'opt' ? { ...node, params: { seed: 12 } } : node)) });
    const [a, b, c] = [initialWeights(first), initialWeights(second), initialWeights(reseeded)];
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(c[0]);
    // Two dense layers with the same shape in one model still start differently (the seed includes the node id).
    expect(layerSeed(11, 'layer0')).not.toBe(layerSeed(11, 'layer2'));
    for (const result of [first, second, reseeded]) compiled(result).dispose();
  });

  it('counts 669,706 params for the MNIST MLP and 1,199,882 for the CNN, by inference and by tfjs', () => {
    for (const [layers, expected] of [
      [MNIST_MLP, 669_706],
      [MNIST_CNN, 1_199_882],
    ] as const) {
      expect(inferredParamTotal(layers)).toBe(expected);
      const result = compiled(compileGraph(tf, chainGraph(layers, { optimizer: { algorithm: 'adadelta', learningRate: 1, rho: 0.95 } })));
      expect(result.model.countParams()).toBe(expected);
      result.dispose();
    }
  });

  it('builds only the layers on the path from the dataset to the loss', () => {
    const graph = chainGraph([['flatten'], ['dense', { units: 10, activation: 'softmax' }]]);
    graph.nodes.push({ id: 'stray', type: 'dense', version: 1, params: { units: 1000 }, position: { x: 0, y: 0 } });
    graph.edges.push({ id: 'toStray', source: 'layer0', sourcePort: 'out', target: 'stray', targetPort: 'in' });
    const result = compiled(compileGraph(tf, graph));
    expect(summarizeModel(result).map((row) => row.nodeId)).toEqual(['data', 'layer0', 'layer1']);
    // The analysis's warning about the stray layer comes with the model.
    expect(result.issues).toEqual([expect.objectContaining({ code: 'UNUSED_NODE', nodeId: 'stray' })]);
    expect(result.model.countParams()).toBe(7850);
    result.dispose();
  });

  it('maps each optimizer algorithm to its tf optimizer and parameters', () => {
    const cases: [Record<string, unknown>, string, Record<string, unknown>][] = [
      [{ algorithm: 'sgd', learningRate: 0.1 }, 'SGD', { learningRate: 0.1 }],
      [{ algorithm: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true }, 'Momentum', { momentum: 0.9, useNesterov: true }],
      [{ algorithm: 'rmsprop', rho: 0.8, momentum: 0.1, epsilon: 1e-6 }, 'RMSProp', { decay: 0.8, momentum: 0.1, epsilon: 1e-6 }],
      [{ algorithm: 'adam', beta1: 0.8, beta2: 0.99 }, 'Adam', { beta1: 0.8, beta2: 0.99, epsilon: 1e-7 }],
      [{ algorithm: 'adadelta', learningRate: 1, rho: 0.95 }, 'KairoAdadelta', { learningRate: 1, rho: 0.95 }],
      [{ algorithm: 'adagrad', initialAccumulatorValue: 0.2 }, 'Adagrad', { initialAccumulatorValue: 0.2 }],
    ];
    for (const [params, className, config] of cases) {
      const before = tf.memory().numTensors;
      const result = compiled(compileGraph(tf, chainGraph([['flatten'], ['dense', { units: 10 }]], { optimizer: params })));
      expect(result.optimizer.getClassName(), className).toBe(className);
      expect(result.optimizer.getConfig(), className).toMatchObject(config);
      expect(result.optimizerSettings.algorithm).toBe(params.algorithm);
      result.dispose();
      // Disposing frees the optimizer's own tensors too (tfjs's momentum optimizer needs help with that).
      expect(tf.memory().numTensors, className).toBe(before);
    }
  });

  it('summarizes layers as plain data with node ids, shapes and params', () => {
    const result = compiled(compileGraph(tf, chainGraph(MNIST_CNN)));
    const rows = summarizeModel(result);
    expect(rows[0]).toEqual({ layerName: 'dataset_data', nodeId: 'data', type: 'dataset', outputShape: [null, 28, 28, 1], params: 0 });
    expect(rows[1]).toMatchObject({ nodeId: 'layer0', type: 'conv2d', outputShape: [null, 26, 26, 32], params: 320 });
    expect(rows.find((row) => row.nodeId === 'layer4')).toMatchObject({ type: 'flatten', outputShape: [null, 9216] });
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
    result.dispose();
  });

  it('leaves no tensors behind after compile + dispose, nor after a failed compile', () => {
    const before = tf.memory().numTensors;
    compiled(compileGraph(tf, chainGraph(MNIST_MLP, { optimizer: { algorithm: 'sgd' } }))).dispose();
    compiled(compileGraph(tf, chainGraph(MNIST_CNN, { optimizer: { algorithm: 'adam' } }))).dispose();
    expect(tf.memory().numTensors).toBe(before);
    // A graph the analysis refuses builds nothing at all.
    const refused = compileGraph(tf, chainGraph([['flatten'], ['dense', { units: 10 }], ['reshape', { targetShape: [11] }]]));
    expect(codesOf(refused)).toEqual(['INVALID_SHAPE']);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the safety net: tfjs building another shape than the analysis is COMPILE_FAILED, and frees what was built', () => {
    const reshape = getNodeDefinition('reshape');
    const originalBuild = reshape?.build;
    if (!reshape || !originalBuild) throw new Error('no reshape');
    // A node type whose build disagrees with its own inferShape: [5, 2] built where [10] was promised.
    reshape.build = (tfjs, _params, ctx) => tfjs.layers.reshape({ name: ctx.name, targetShape: [5, 2] });
    try {
      const before = tf.memory().numTensors;
      const graph = chainGraph([['flatten'], ['dense', { units: 10, activation: 'softmax' }], ['reshape', { targetShape: [10] }]]);
      const result = compileGraph(tf, graph);
      expect(result.ok).toBe(false);
      expect(result.issues).toEqual([
        expect.objectContaining({
          code: 'COMPILE_FAILED',
          variant: 'shape',
          nodeId: 'layer2',
          vars: { expected: { ref: 'shape', shape: [null, 10] }, built: { ref: 'shape', shape: [null, 5, 2] } },
        }),
      ]);
      // The dense layer was built before the reshape failed: its weights are freed.
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      reshape.build = originalBuild;
    }
  });
});

describe('compileGraph reports problems instead of throwing', () => {
  it('prediction and labels of different shapes: LOSS_SHAPE_MISMATCH on the loss, nothing after it', () => {
    const result = compileGraph(tf, chainGraph([['flatten'], ['dense', { units: 10 }]], { dataset: { classes: [0, 1] } }));
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual([expect.objectContaining({ code: 'LOSS_SHAPE_MISMATCH', nodeId: 'loss' })]);
  });

  it('missing roles, unknown types, bad params, dangling edges and cycles have their codes', () => {
    const noOptimizer = chainGraph([['flatten'], ['dense', { units: 10 }]]);
    noOptimizer.nodes = noOptimizer.nodes.filter((node) => node.id !== 'opt');
    noOptimizer.edges = noOptimizer.edges.filter((edge) => edge.target !== 'opt');
    expect(errorCodesOf(compileGraph(tf, noOptimizer))).toEqual(['MISSING_OPTIMIZER']);

    expect(codesOf(compileGraph(tf, chainGraph([['flatten'], ['densest']])))).toContain('UNKNOWN_NODE_TYPE');
    const badParam = compileGraph(tf, chainGraph([['flatten'], ['dense', { units: -3 }]]));
    expect(badParam.issues[0]).toMatchObject({ code: 'INVALID_PARAM', nodeId: 'layer1', param: 'units' });

    const dangling = chainGraph([['flatten'], ['dense', { units: 10 }]]);
    dangling.edges.push({ id: 'ghost', source: 'nowhere', sourcePort: 'out', target: 'layer1', targetPort: 'in' });
    expect(errorCodesOf(compileGraph(tf, dangling))).toEqual(['DANGLING_EDGE']);

    const cyclic = graphOf(
      { data: ['dataset'], a: ['add'], b: ['dense', { units: 784 }], f: ['flatten'], loss: ['loss'], opt: ['optimizer'] },
      ['data.images -> f.in', 'f.out -> a.in1', 'b.out -> a.in2', 'a.out -> b.in', 'b.out -> loss.prediction', 'data.labels -> loss.labels', 'loss.loss -> opt.loss'],
    );
    expect(codesOf(compileGraph(tf, cyclic))).toContain('CYCLE');
  });

  it('a second edge into one input and a wrong port kind are refused', () => {
    const twice = chainGraph([['flatten'], ['dense', { units: 10 }]]);
    twice.edges.push({ id: 'again', source: 'layer0', sourcePort: 'out', target: 'layer1', targetPort: 'in' });
    expect(compileGraph(tf, twice).issues[0]).toMatchObject({ code: 'PORT_USED_TWICE', nodeId: 'layer1', port: 'in' });

    const wrongKind = chainGraph([['flatten'], ['dense', { units: 10 }]]);
    wrongKind.edges.push({ id: 'labelsIn', source: 'data', sourcePort: 'labels', target: 'layer0', targetPort: 'in' });
    wrongKind.edges = wrongKind.edges.filter((edge) => edge.id !== 'e0');
    expect(codesOf(compileGraph(tf, wrongKind))).toContain('PORT_KIND_MISMATCH');
  });

  it('a conv2d after a flat tensor is WRONG_RANK on that node', () => {
    const result = compileGraph(tf, chainGraph([['flatten'], ['conv2d'], ['flatten'], ['dense', { units: 10 }]]));
    expect(result.issues).toEqual([expect.objectContaining({ code: 'WRONG_RANK', nodeId: 'layer1', port: 'in' })]);
  });

  it('a merge input fed by a layer with no input: MISSING_INPUT where the wire is missing, once', () => {
    const graph = graphOf(
      {
        data: ['dataset'],
        f: ['flatten'],
        loose: ['dense', { units: 10 }],
        join: ['add'],
        loss: ['loss'],
        opt: ['optimizer'],
      },
      ['data.images -> f.in', 'f.out -> join.in1', 'loose.out -> join.in2', 'join.out -> loss.prediction', 'data.labels -> loss.labels', 'loss.loss -> opt.loss'],
    );
    // `loose` has no input at all: that is the one mistake; join, behind it, stays quiet.
    expect(compileGraph(tf, graph).issues).toEqual([expect.objectContaining({ code: 'MISSING_INPUT', nodeId: 'loose', port: 'in' })]);
  });

  it('does not throw on garbage', () => {
    const garbage = [
      { nodes: [], edges: [] },
      { nodes: [{ id: 'x', type: '__proto__', version: 1, params: {}, position: { x: 0, y: 0 } }], edges: [] },
      { nodes: [{ id: 'x', type: 'dense', version: 1, params: null, position: { x: 0, y: 0 } }], edges: [] },
      { nodes: [{ id: 'x', type: 'dataset', version: 99, params: {}, position: { x: 0, y: 0 } }], edges: [] },
    ] as unknown as Graph[];
    const expectedCodes = ['MISSING_DATASET', 'UNKNOWN_NODE_TYPE', 'INVALID_PARAM', 'NODE_VERSION_TOO_NEW'];
    garbage.forEach((graph, index) => {
      const result = compileGraph(tf, graph);
      expect(result.ok).toBe(false);
      expect(codesOf(result)).toContain(expectedCodes[index]);
    });
  });
});

describe('compiled models survive saving and loading', () => {
  it('a model with sign and a leaky-ReLU dense round-trips through tfjs serialization', async () => {
    const result = compiled(
      compileGraph(
        tf,
        chainGraph([
          ['flatten'],
          ['dense', { units: 16, activation: 'leakyRelu' }],
          ['activation', { function: 'sign' }],
          ['dense', { units: 10, activation: 'softmax' }],
        ]),
      ),
    );
    let saved: tf.io.ModelArtifacts | undefined;
    await result.model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    if (!saved) throw new Error('nothing saved');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
    const [original, reloaded] = tf.tidy(() => {
      const input = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 3);
      return [result.model, loaded].map((model) => Array.from((model.predict(input) as tf.Tensor).dataSync()));
    });
    expect(reloaded).toEqual(original);
    loaded.dispose();
    result.dispose();
  });
});
