/**
 * The engine trains whatever a data source delivers, with the sample shape and classes taken from
 * the graph and the data, not from MNIST: two synthetic in-memory sources written here against the
 * DataSource interface (8×8 RGB images and 4-number table rows, three classes each) go through the
 * real runtime — compile, train, evaluate, predict, test samples — with no engine change.
 *
 * The dataset node of such a source is the next issue's work; until then its analysis is stood in
 * for by the dataset node's shape inference answering with the source's sample shape.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { datasetNode } from '../../nodes/dataset';
import { shapeOk } from '../../nodes/shared';
import { batchLayout, createBatchBuffers, fillBatch } from '../../src/engine/batching';
import { sampleSizeOf } from '../../src/engine/data/samples';
import type { DataDescription, DataSource, LoadedDataset } from '../../src/engine/data/source';
import { mulberry32 } from '../../src/engine/data/seededRandom';
import { TrainingRuntime } from '../../src/engine/runtime';
import type { Graph } from '../../src/graph/types';
import { eventLog, loadPreset, withParams } from './runtime-fixtures';

const CLASS_NAMES = ['red', 'green', 'blue'];

/** `count` samples of `shape` per split, class k's values drawn around its own centre. */
function syntheticSource(
  id: string,
  sampleShape: number[],
  sampleKind: DataDescription['sampleKind'],
  centre: (label: number, position: number) => number,
): DataSource {
  const description: DataDescription = {
    source: id,
    name: `synthetic ${id}`,
    sampleShape,
    sampleKind,
    classNames: [...CLASS_NAMES],
    trainCount: 300,
    testCount: 90,
  };
  const split = (count: number, seed: number) => {
    const random = mulberry32(seed);
    const size = sampleSizeOf(sampleShape);
    const features = new Float32Array(count * size);
    const labels = new Uint8Array(count);
    for (let sample = 0; sample < count; sample++) {
      const label = sample % CLASS_NAMES.length;
      labels[sample] = label;
      for (let position = 0; position < size; position++) {
        features[sample * size + position] = Math.min(1, Math.max(0, centre(label, position) + (random() - 0.5) * 0.5));
      }
    }
    return { count, sampleShape, features, labels };
  };
  return {
    id,
    describe: async () => description,
    load: async () => ({ description, train: split(description.trainCount, 1), test: split(description.testCount, 2) }),
  };
}

/** 8×8 RGB images: class k is brightest in channel k. */
const rgbImages = syntheticSource('rgb', [8, 8, 3], 'image', (label, position) => (position % 3 === label ? 0.8 : 0.2));
/** Table rows of four numbers: class k is high in column k. */
const tableRows = syntheticSource('rows', [4], 'features', (label, position) => (position === label ? 0.9 : 0.3));

/** The dataset node answers with this sample shape, as a node for that source would. */
function datasetShapeIs(sampleShape: number[]): void {
  vi.spyOn(datasetNode, 'inferShape').mockImplementation((_inputs, params) =>
    shapeOk({ images: [null, ...sampleShape], labels: [null, params.classes.length] }),
  );
}

/**
 * The logistic-regression preset with three classes: for images a small conv layer before its
 * flatten, for table rows (already flat) the dense layer straight on the data.
 */
function threeClassGraph(withConv: boolean): Graph {
  let graph = withParams(loadPreset('mnist-logreg'), 'dataset', {
    classes: [0, 1, 2],
    batchSize: 32,
    validation: 'split',
    validationSplit: 0.2,
  });
  graph = withParams(withParams(graph, 'dense', { units: 3 }), 'optimizer', { learningRate: 0.3, epochs: 4 });
  if (!withConv) {
    return {
      ...graph,
      nodes: graph.nodes.filter((node) => node.id !== 'flatten'),
      edges: graph.edges.flatMap((edge) => {
        if (edge.target === 'flatten') return [{ ...edge, target: 'dense' }];
        return edge.source === 'flatten' ? [] : [edge];
      }),
    };
  }
  const conv = {
    id: 'conv',
    type: 'conv2d',
    version: 1,
    params: { filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'same', activation: 'relu', useBias: true, kernelInitializer: 'heNormal' },
    position: { x: 100, y: 0 },
  };
  return {
    ...graph,
    nodes: [...graph.nodes, conv],
    edges: graph.edges.flatMap((edge) =>
      edge.source === 'dataset' && edge.target === 'flatten'
        ? [
            { ...edge, target: 'conv' },
            { id: 'conv-out', source: 'conv', sourcePort: 'out', target: 'flatten', targetPort: 'in' },
          ]
        : [edge],
    ),
  };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each([
  ['8×8 RGB images through a conv layer', rgbImages, true],
  ['4-number table rows through a dense layer', tableRows, false],
] as const)('a data source of %s', (_name, source, withConv) => {
  let data: LoadedDataset;
  beforeAll(async () => {
    data = await source.load();
  });

  it('compiles, trains, evaluates, predicts and shows test samples with its own shape and classes', async () => {
    const { sampleShape } = data.description;
    datasetShapeIs(sampleShape);
    const runtime = new TrainingRuntime(tf);
    runtime.setData(data);
    const compiled = await runtime.compile(threeClassGraph(withConv));
    if (!compiled.ok) throw new Error(compiled.failure?.code ?? compiled.issues.map((issue) => issue.code).join('; '));
    expect(compiled.plan).toMatchObject({
      sampleShape,
      sampleKind: data.description.sampleKind,
      classNames: CLASS_NAMES,
      trainCount: 240,
      validationCount: 60,
      testCount: 90,
    });

    const log = eventLog();
    const outcome = await runtime.train(log.listener);
    expect(outcome.status, outcome.failure?.code).toBe('completed');
    expect(outcome.epochsCompleted).toBe(4);
    const counts = log.ofType('epoch').map((epoch) => epoch.numTensors);
    expect(new Set(counts).size).toBe(1);
    expect(log.ofType('epoch').at(-1)?.valAccuracy).toBeGreaterThan(0.9);

    const evaluation = await runtime.evaluate();
    if (!evaluation.ok) throw new Error(evaluation.failure.code);
    expect(evaluation.classNames).toEqual(CLASS_NAMES);
    expect(evaluation.count).toBe(90);
    expect(evaluation.confusionMatrix).toHaveLength(3);
    expect(evaluation.accuracy).toBeGreaterThan(0.9);

    const shown = runtime.getTestSamples([0, 1, 2]);
    if (!shown.ok) throw new Error(shown.failure.code);
    expect(shown.samples.map((sample) => [sample.className, sample.shape, sample.kind])).toEqual(
      CLASS_NAMES.map((name) => [name, sampleShape, data.description.sampleKind]),
    );

    const size = sampleSizeOf(sampleShape);
    const blueSample = data.test.features.slice(2 * size, 3 * size);
    const prediction = await runtime.predict(blueSample);
    if (!prediction.ok) throw new Error(prediction.failure.code);
    expect(prediction.probabilities).toHaveLength(3);
    expect(prediction.classNames[prediction.predicted]).toBe('blue');
    expect(await runtime.predict(new Float32Array(size + 1))).toMatchObject({
      ok: false,
      failure: { code: 'SAMPLE_SIZE_MISMATCH', vars: { expected: size, found: size + 1 } },
    });
    await runtime.dispose();
  });

  it('refuses a graph whose input shape is not the shape of the data, with both shapes named', async () => {
    // A valid graph for 5×5 grey images (conv, flatten, dense), given data of another shape.
    datasetShapeIs([5, 5, 1]);
    const runtime = new TrainingRuntime(tf);
    runtime.setData(data);
    const compiled = await runtime.compile(threeClassGraph(true));
    expect(compiled).toMatchObject({
      ok: false,
      issues: [],
      failure: { code: 'DATA_SHAPE_MISMATCH', vars: { model: '5×5×1', data: data.description.sampleShape.join('×') } },
    });
    expect(runtime.hasModel).toBe(false);
  });
});

describe('batching', () => {
  it('copies whole samples of any size in the given order, with one-hot or single-column labels', async () => {
    const data = await tableRows.load();
    const oneHot = batchLayout([4], 3);
    const buffers = createBatchBuffers(oneHot, 2);
    fillBatch(data.train, [5, 1], 0, 2, oneHot, buffers);
    expect([...buffers.features]).toEqual([...data.train.features.subarray(20, 24), ...data.train.features.subarray(4, 8)]);
    // Sample 5 is class 2, sample 1 class 1.
    expect([...buffers.labels]).toEqual([0, 0, 1, 0, 1, 0]);
    const binary = batchLayout([4], 1);
    const column = createBatchBuffers(binary, 2);
    fillBatch(data.train, undefined, 1, 2, binary, column);
    expect([...column.labels]).toEqual([1, 2]);
  });
});
