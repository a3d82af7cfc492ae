import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNodeDefinition, NODE_DEFINITIONS } from '../../nodes/index';
import { checkNodeParams } from '../../nodes/params';
import { defaultParams, type NodeDefinition, type ParamSpecs, type ParamValues } from '../../nodes/types';
import { createCustomLayers } from '../../src/engine/customLayers';
import { ISSUE_CODES } from '../../src/graph/issues';
import type { Shape } from '../../src/graph/types';

let tensorsAtStart = 0;
beforeAll(async () => {
  await tf.setBackend('cpu');
  tensorsAtStart = tf.memory().numTensors;
});
afterAll(() => {
  // Every probe layer below is disposed: the table leaves no weights behind.
  expect(tf.memory().numTensors).toBe(tensorsAtStart);
});

function definitionOf(type: string): NodeDefinition<ParamSpecs> {
  const definition = getNodeDefinition(type);
  if (!definition) throw new Error(`no node type ${type}`);
  return definition;
}

/** The node's defaults overridden by `params`, as a freshly edited node would hold them. */
function paramsFor(definition: NodeDefinition<ParamSpecs>, params: Record<string, unknown>) {
  return { ...defaultParams(definition.params), ...params } as ParamValues<ParamSpecs>;
}

function infer(type: string, inputs: Record<string, Shape>, params: Record<string, unknown> = {}) {
  const definition = definitionOf(type);
  return definition.inferShape(inputs, paramsFor(definition, params));
}

/** The problems the one param validator finds with `params` for a node of `type`. */
function paramProblems(type: string, params: Record<string, unknown>) {
  return checkNodeParams(definitionOf(type), params).problems;
}

interface LayerCase {
  type: string;
  params: Record<string, unknown>;
  inputs: Record<string, Shape>;
}

const image = (height: number, width: number, channels: number): Shape => [null, height, width, channels];

// Inference vs tfjs, for every layer node type over several params × input shapes.
const LAYER_CASES: LayerCase[] = [
  { type: 'dense', params: { units: 512, activation: 'relu' }, inputs: { in: [null, 784] } },
  { type: 'dense', params: { units: 3, useBias: false, activation: 'leakyRelu' }, inputs: { in: [null, 20] } },
  { type: 'dense', params: { units: 4, kernelInitializer: 'heNormal', activation: 'softmax' }, inputs: { in: [null, 5, 7] } },
  { type: 'dense', params: { units: 10, kernelInitializer: 'zeros' }, inputs: { in: image(28, 28, 1) } },
  { type: 'conv2d', params: {}, inputs: { in: image(28, 28, 1) } },
  { type: 'conv2d', params: { filters: 64, activation: 'relu' }, inputs: { in: image(26, 26, 32) } },
  {
    type: 'conv2d',
    params: { filters: 8, kernelSize: [5, 3], strides: [2, 1], padding: 'same', activation: 'leakyRelu' },
    inputs: { in: image(28, 27, 3) },
  },
  { type: 'conv2d', params: { filters: 2, strides: [2, 2], useBias: false }, inputs: { in: image(9, 10, 2) } },
  { type: 'conv2d', params: { filters: 4, kernelSize: [3, 3], padding: 'valid' }, inputs: { in: image(3, 3, 5) } },
  { type: 'maxpool2d', params: {}, inputs: { in: image(24, 24, 64) } },
  { type: 'maxpool2d', params: { padding: 'same' }, inputs: { in: image(7, 7, 4) } },
  { type: 'maxpool2d', params: { poolSize: [3, 3], strides: [1, 2] }, inputs: { in: image(10, 11, 2) } },
  { type: 'avgpool2d', params: {}, inputs: { in: image(5, 5, 1) } },
  { type: 'avgpool2d', params: { poolSize: [2, 3], strides: [2, 3], padding: 'same' }, inputs: { in: image(7, 8, 3) } },
  { type: 'globalavgpool2d', params: {}, inputs: { in: image(7, 7, 16) } },
  { type: 'globalavgpool2d', params: {}, inputs: { in: image(1, 3, 2) } },
  { type: 'flatten', params: {}, inputs: { in: image(28, 28, 1) } },
  { type: 'flatten', params: {}, inputs: { in: [null, 3, 4] } },
  { type: 'reshape', params: {}, inputs: { in: [null, 784] } },
  { type: 'reshape', params: { targetShape: [-1, 7] }, inputs: { in: [null, 784] } },
  { type: 'reshape', params: { targetShape: [32] }, inputs: { in: image(4, 4, 2) } },
  { type: 'reshape', params: { targetShape: [2, -1, 3, 1] }, inputs: { in: [null, 6, 5] } },
  { type: 'dropout', params: { rate: 0.2 }, inputs: { in: [null, 512] } },
  { type: 'dropout', params: { rate: 0 }, inputs: { in: image(4, 4, 3) } },
  { type: 'augment', params: {}, inputs: { in: image(32, 32, 3) } },
  { type: 'augment', params: { flip: 'both', rotation: 0, shift: 0, zoom: 0.3 }, inputs: { in: image(9, 13, 1) } },
  { type: 'batchnorm', params: {}, inputs: { in: [null, 10] } },
  { type: 'batchnorm', params: { momentum: 0.9, epsilon: 0.01 }, inputs: { in: image(6, 6, 8) } },
  ...(['linear', 'sigmoid', 'relu', 'tanh', 'softmax', 'leakyRelu', 'elu', 'selu', 'softplus', 'sign'] as const).map(
    (fn, index): LayerCase => ({
      type: 'activation',
      params: { function: fn, alpha: 0.1 },
      inputs: { in: index % 2 === 0 ? [null, 10] : image(3, 3, 2) },
    }),
  ),
  { type: 'randomFourierFeatures', params: { features: 16, gamma: 0.5, seed: 3 }, inputs: { in: [null, 784] } },
  { type: 'randomFourierFeatures', params: {}, inputs: { in: [null, 5] } },
  { type: 'add', params: {}, inputs: { in1: [null, 8], in2: [null, 8] } },
  { type: 'add', params: {}, inputs: { in1: image(4, 4, 2), in2: image(4, 4, 2), in3: image(4, 4, 2), in4: image(4, 4, 2) } },
  { type: 'add', params: {}, inputs: { in1: [null, 3], in2: [null, 3], in4: [null, 3] } },
  { type: 'concatenate', params: {}, inputs: { in1: [null, 3], in2: [null, 5] } },
  {
    type: 'concatenate',
    params: { axis: -1 },
    inputs: { in1: image(4, 4, 2), in2: image(4, 4, 3), in3: image(4, 4, 1) },
  },
  { type: 'concatenate', params: { axis: 1 }, inputs: { in1: [null, 2, 3], in2: [null, 4, 3] } },
  { type: 'concatenate', params: { axis: 2 }, inputs: { in1: image(5, 2, 1), in2: image(5, 6, 1) } },
];

describe('layer nodes agree with what tfjs builds', () => {
  const custom = () => createCustomLayers(tf);

  it('covers every layer node type in the table', () => {
    const layerTypes = NODE_DEFINITIONS.filter((definition) => definition.role === 'layer').map((d) => d.type);
    for (const type of layerTypes) {
      expect(LAYER_CASES.filter((testCase) => testCase.type === type).length, type).toBeGreaterThanOrEqual(2);
    }
  });

  it.each(
    LAYER_CASES.map((testCase) => [
      `${testCase.type} ${JSON.stringify(testCase.params)} on ${JSON.stringify(testCase.inputs)}`,
      testCase,
    ]),
  )('%s', (_title, testCase) => {
    const definition = definitionOf(testCase.type);
    const params = paramsFor(definition, testCase.params);
    const inferred = definition.inferShape(testCase.inputs, params);
    if (!inferred.ok) throw new Error(JSON.stringify(inferred.problem));
    const build = definition.build;
    if (!build) throw new Error(`${testCase.type} has no build`);

    const context = { name: 'probe', seed: 7, custom: custom(), inputShapes: testCase.inputs, outputShapes: inferred.outputs };
    const layer = build(tf, params, context);
    // Inputs are applied in the order the definition declares its ports.
    const symbolicInputs = definition.inputs
      .filter((port) => testCase.inputs[port.name] !== undefined)
      .map((port) => tf.input({ shape: (testCase.inputs[port.name] ?? []).slice(1) as number[] }));
    const [onlyInput] = symbolicInputs;
    const applied = layer.apply(symbolicInputs.length === 1 && onlyInput ? onlyInput : symbolicInputs);
    const output = applied as tf.SymbolicTensor;

    expect(inferred.outputs.out).toEqual(output.shape);
    expect(definition.paramCount(testCase.inputs, params)).toBe(layer.countParams());
    layer.dispose();
  });
});

describe('coded shape problems', () => {
  it('conv2d and pooling refuse a flat tensor with WRONG_RANK', () => {
    for (const type of ['conv2d', 'maxpool2d', 'avgpool2d', 'globalavgpool2d']) {
      const result = infer(type, { in: [null, 784] });
      expect(result.ok ? null : result.problem.code, type).toBe('WRONG_RANK');
    }
  });

  it('a kernel or pool larger than the input is WINDOW_TOO_LARGE under valid padding, fine under same', () => {
    const conv = infer('conv2d', { in: image(3, 3, 1) }, { kernelSize: [5, 5] });
    expect(conv.ok ? null : conv.problem).toMatchObject({
      code: 'WINDOW_TOO_LARGE',
      param: 'kernelSize',
      vars: { window: '5×5', input: '3×3', param: 'kernelSize' },
    });
    const pool = infer('maxpool2d', { in: image(1, 1, 8) });
    expect(pool.ok ? null : pool.problem).toMatchObject({ code: 'WINDOW_TOO_LARGE', param: 'poolSize' });
    expect(infer('conv2d', { in: image(3, 3, 1) }, { kernelSize: [5, 5], padding: 'same' })).toMatchObject({
      ok: true,
      outputs: { out: image(3, 3, 32) },
    });
  });

  it('dense on an image works on the last axis and warns DENSE_ON_IMAGE', () => {
    const result = infer('dense', { in: image(28, 28, 1) }, { units: 10 });
    expect(result).toMatchObject({ ok: true, outputs: { out: image(28, 28, 10) } });
    expect(result.ok && result.warnings?.map((warning) => warning.code)).toEqual(['DENSE_ON_IMAGE']);
    expect(ISSUE_CODES.DENSE_ON_IMAGE).toBe('warning');
    expect(infer('dense', { in: [null, 784] }, { units: 10 })).toEqual({ ok: true, outputs: { out: [null, 10] } });
  });

  it('flatten on an already flat tensor is WRONG_RANK', () => {
    const result = infer('flatten', { in: [null, 784] });
    expect(result.ok ? null : result.problem.code).toBe('WRONG_RANK');
  });

  it('reshape whose element count does not match is INVALID_SHAPE; two -1 or a 0 are INVALID_TARGET_SHAPE', () => {
    const wrongCount = infer('reshape', { in: [null, 784] }, { targetShape: [28, 27, 1] });
    expect(wrongCount.ok ? null : wrongCount.problem).toMatchObject({
      code: 'INVALID_SHAPE',
      param: 'targetShape',
      vars: { count: 784, targetCount: 756 },
    });
    const notDivisible = infer('reshape', { in: [null, 784] }, { targetShape: [-1, 5] });
    expect(notDivisible.ok ? null : notDivisible.problem.code).toBe('INVALID_SHAPE');
    expect(paramProblems('reshape', { targetShape: [-1, -1] })).toEqual([
      expect.objectContaining({ code: 'INVALID_TARGET_SHAPE', variant: 'twoUnknown', param: 'targetShape' }),
    ]);
    expect(paramProblems('reshape', { targetShape: [28, 0] })).toEqual([
      expect.objectContaining({ code: 'INVALID_TARGET_SHAPE', variant: 'size', vars: { size: 0 } }),
    ]);
  });

  it('add with unequal shapes is INCOMPATIBLE_SHAPES on the offending port', () => {
    const result = infer('add', { in1: [null, 8], in2: [null, 8], in3: [null, 9] });
    expect(result.ok ? null : result.problem).toMatchObject({ code: 'INCOMPATIBLE_SHAPES', port: 'in3' });
    const rank = infer('add', { in1: [null, 8], in2: image(2, 2, 2) });
    expect(rank.ok ? null : rank.problem.code).toBe('INCOMPATIBLE_SHAPES');
  });

  it('concatenate needs equal sizes off the axis and an axis that exists', () => {
    const mismatch = infer('concatenate', { in1: image(4, 4, 2), in2: image(5, 4, 2) });
    expect(mismatch.ok ? null : mismatch.problem).toMatchObject({ code: 'INCOMPATIBLE_SHAPES', port: 'in2' });
    for (const axis of [0, 4, -5]) {
      const result = infer('concatenate', { in1: image(4, 4, 2), in2: image(4, 4, 2) }, { axis });
      expect(result.ok ? null : result.problem, `axis ${axis}`).toMatchObject({ code: 'AXIS_OUT_OF_RANGE', param: 'axis' });
    }
  });

  it('a merge node without its required second input reports MISSING_INPUT', () => {
    const result = infer('add', { in1: [null, 8], in3: [null, 8] });
    expect(result.ok ? null : result.problem).toMatchObject({ code: 'MISSING_INPUT', port: 'in2' });
  });

  it('dropout rate 1 and a negative leaky slope are INVALID_PARAM, by their specs alone', () => {
    expect(paramProblems('dropout', { rate: 1 })).toEqual([
      expect.objectContaining({ code: 'INVALID_PARAM', param: 'rate', vars: expect.objectContaining({ max: 1 }) }),
    ]);
    expect(paramProblems('activation', { function: 'leakyRelu', alpha: -1 })).toEqual([
      expect.objectContaining({ code: 'INVALID_PARAM', param: 'alpha' }),
    ]);
  });
});

describe('role nodes', () => {
  it('dataset: MNIST images and one-hot labels with one column per listed class', () => {
    expect(infer('dataset', {})).toEqual({ ok: true, outputs: { images: [null, 28, 28, 1], labels: [null, 10] } });
    expect(infer('dataset', {}, { classes: [3, 7] })).toEqual({
      ok: true,
      outputs: { images: [null, 28, 28, 1], labels: [null, 2] },
    });
  });

  it('dataset: binary labels are one 0/1 column, for exactly two classes only', () => {
    expect(infer('dataset', {}, { classes: [0, 1], labels: 'binary' })).toEqual({
      ok: true,
      outputs: { images: [null, 28, 28, 1], labels: [null, 1] },
    });
    expect(paramProblems('dataset', { classes: [0, 1, 2], labels: 'binary' })).toEqual([
      expect.objectContaining({ code: 'BINARY_NEEDS_TWO_CLASSES', param: 'labels', vars: { count: 3 } }),
    ]);
  });

  it('dataset: a digit listed twice is DUPLICATE_CLASS; one outside 0–9 is INVALID_PARAM on classes', () => {
    expect(paramProblems('dataset', { classes: [1, 1, 2] })).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_CLASS', param: 'classes', vars: { digit: 1 } }),
    ]);
    expect(paramProblems('dataset', { classes: [0, 10] })).toEqual([
      expect.objectContaining({ code: 'INVALID_PARAM', param: 'classes', vars: expect.objectContaining({ index: 2, max: 9 }) }),
    ]);
  });

  it('loss: returns a scalar loss when prediction and labels agree, names both shapes when not', () => {
    expect(infer('loss', { prediction: [null, 10], labels: [null, 10] })).toEqual({ ok: true, outputs: { loss: [] } });
    const result = infer('loss', { prediction: [null, 26, 26, 32], labels: [null, 10] });
    expect(result.ok ? null : result.problem).toMatchObject({ code: 'LOSS_SHAPE_MISMATCH', port: 'prediction' });
    expect(result.ok ? null : result.problem.vars).toEqual({
      prediction: { ref: 'shape', shape: [null, 26, 26, 32] },
      labels: { ref: 'shape', shape: [null, 10] },
    });
  });

  it('optimizer: no outputs; a learning rate of 0 is INVALID_PARAM', () => {
    expect(infer('optimizer', { loss: [] })).toEqual({ ok: true, outputs: {} });
    expect(paramProblems('optimizer', { learningRate: 0 })).toEqual([
      expect.objectContaining({ code: 'INVALID_PARAM', param: 'learningRate', vars: expect.objectContaining({ min: 0 }) }),
    ]);
  });

  it('role nodes build nothing and count no weights; layer nodes all build', () => {
    for (const definition of NODE_DEFINITIONS) {
      expect(definition.build === undefined, definition.type).toBe(definition.role !== 'layer');
    }
    expect(definitionOf('dataset').paramCount({}, paramsFor(definitionOf('dataset'), {}))).toBe(0);
  });
});

describe('registry and definitions', () => {
  it('lists the catalog node types once each', () => {
    const types = NODE_DEFINITIONS.map((definition) => definition.type);
    expect(new Set(types).size).toBe(types.length);
    expect([...types].sort()).toEqual(
      [
        'activation',
        'add',
        'augment',
        'avgpool2d',
        'batchnorm',
        'concatenate',
        'conv2d',
        'dataset',
        'dense',
        'dropout',
        'flatten',
        'globalavgpool2d',
        'loss',
        'maxpool2d',
        'optimizer',
        'randomFourierFeatures',
        'reshape',
      ].sort(),
    );
  });

  it('finds nothing for prototype keys', () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '']) {
      expect(getNodeDefinition(key), key).toBeUndefined();
    }
    expect(getNodeDefinition('dense')?.type).toBe('dense');
  });

  it('speaks English and Japanese for every title, description, port and param', () => {
    for (const definition of NODE_DEFINITIONS) {
      const texts = [
        definition.title,
        definition.description,
        ...definition.inputs.map((port) => port.label),
        ...definition.outputs.map((port) => port.label),
        ...Object.values(definition.params).map((spec) => spec.label),
      ];
      for (const text of texts) {
        expect(text.en.trim(), definition.type).not.toBe('');
        expect(text.ja.trim(), definition.type).not.toBe('');
      }
      expect(definition.title.ja).not.toBe(definition.title.en);
      expect(definition.title.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });

  it('defaults are valid params, and showWhen refers to a real param value', () => {
    for (const definition of NODE_DEFINITIONS) {
      expect(checkNodeParams(definition, {}).problems, definition.type).toEqual([]);
      for (const [name, spec] of Object.entries(definition.params)) {
        if (!spec.showWhen) continue;
        const controller = definition.params[spec.showWhen.param];
        expect(controller, `${definition.type}.${name}`).toBeDefined();
        if (controller?.type === 'enum') {
          for (const value of spec.showWhen.values) expect(controller.options).toContain(value);
        }
      }
    }
  });

  it('the catalog params are the agreed ones', () => {
    const paramNames = (type: string) => Object.keys(definitionOf(type).params).sort();
    expect(paramNames('dense')).toEqual(['activation', 'kernelInitializer', 'units', 'useBias']);
    expect(paramNames('optimizer')).toEqual(
      [
        'algorithm',
        'learningRate',
        'momentum',
        'nesterov',
        'rho',
        'beta1',
        'beta2',
        'epsilon',
        'initialAccumulatorValue',
        'epochs',
        'seed',
      ].sort(),
    );
    expect(paramNames('dataset')).toEqual(
      [
        'source',
        'data',
        'imageSize',
        'color',
        'fit',
        'missing',
        'testSplit',
        'batchSize',
        'shuffle',
        'shuffleSeed',
        'trainSubset',
        'validation',
        'validationSplit',
        'classes',
        'labels',
      ].sort(),
    );
    expect(definitionOf('add').inputs.map((port) => [port.name, port.optional ?? false])).toEqual([
      ['in1', false],
      ['in2', false],
      ['in3', true],
      ['in4', true],
    ]);
    expect(definitionOf('loss').inputs.map((port) => `${port.name}:${port.kind}`)).toEqual([
      'prediction:tensor',
      'labels:labels',
    ]);
  });
});

describe('the one param validator (checkNodeParams)', () => {
  const dense = definitionOf('dense');

  it('fills defaults and names the param that is wrong', () => {
    const { values, problems } = checkNodeParams(dense, { units: 0, activation: 'swish', unitz: 3 });
    expect(values.useBias).toBe(true);
    expect(problems.map((problem) => [problem.code, problem.param])).toEqual([
      ['UNKNOWN_PARAM', 'unitz'],
      ['INVALID_PARAM', 'units'],
      ['INVALID_PARAM', 'activation'],
    ]);
  });

  it('honours exclusive bounds and list lengths', () => {
    expect(paramProblems('dropout', { rate: 1 })[0]?.param).toBe('rate');
    expect(paramProblems('conv2d', { kernelSize: [3] })[0]).toMatchObject({ param: 'kernelSize', vars: { count: 2 } });
    expect(paramProblems('conv2d', { strides: [1.5, 1] })[0]).toMatchObject({ param: 'strides', vars: { index: 1 } });
  });

  it('treats a __proto__ key as an unknown param and pollutes nothing', () => {
    const raw = JSON.parse('{"__proto__": {"polluted": true}, "units": 4}') as Record<string, unknown>;
    const { values, problems } = checkNodeParams(dense, raw);
    expect(problems.map((problem) => problem.code)).toEqual(['UNKNOWN_PARAM']);
    expect((values as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('activations built into dense and conv2d', () => {
  it('leakyRelu inside dense has slope 0.2 below zero', () => {
    const definition = definitionOf('dense');
    const layer = definition.build?.(tf, paramsFor(definition, { units: 1, activation: 'leakyRelu' }), {
      name: 'leaky_probe',
      seed: 1,
      custom: createCustomLayers(tf),
      inputShapes: { in: [null, 2] },
      outputShapes: { out: [null, 1] },
    });
    if (!layer) throw new Error('dense did not build');
    layer.apply(tf.input({ shape: [2] }));
    tf.tidy(() => {
      layer.setWeights([tf.ones([2, 1]), tf.zeros([1])]);
      const output = layer.apply(tf.tensor2d([[-1, -2], [1, 2]])) as tf.Tensor;
      const values = Array.from(output.dataSync());
      expect(values[0]).toBeCloseTo(-0.6, 5);
      expect(values[1]).toBeCloseTo(3, 5);
    });
    layer.dispose();
  });
});
