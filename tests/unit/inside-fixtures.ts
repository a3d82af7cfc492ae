/**
 * Graphs and data that are not MNIST, for the inside views' tests: a folder of small colour
 * pictures (source 'images') and a table of measurements (source 'table'), each as a dataset node
 * followed by a chain of layers, and synthetic samples of the shape that node declares.
 */
import type { LoadedDataset } from '../../src/engine/data/source';
import { mulberry32 } from '../../src/engine/data/seededRandom';
import type { Graph, GraphNode } from '../../src/graph/types';

const CLASSES = ['red', 'green', 'blue'];

const DATASET_DEFAULTS = {
  fit: 'squash',
  missing: 'drop',
  testSplit: 0.2,
  batchSize: 8,
  shuffle: true,
  shuffleSeed: 42,
  trainSubset: 0,
  validation: 'none',
  validationSplit: 0.2,
  classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  labels: 'onehot',
};

/** Dataset params of a three-class folder of `size`×`size` colour pictures. */
export function imageDatasetParams(size: number): Record<string, unknown> {
  return {
    ...DATASET_DEFAULTS,
    source: 'images',
    data: { kind: 'images', name: 'colours', fingerprint: '', classNames: CLASSES, trainCounts: [30, 30, 30], testCounts: [] },
    imageSize: size,
    color: 'rgb',
  };
}

/** Dataset params of a three-class table with `features` numeric columns. */
export function tableDatasetParams(features: number): Record<string, unknown> {
  return {
    ...DATASET_DEFAULTS,
    source: 'table',
    data: {
      kind: 'table',
      name: 'measurements',
      fingerprint: '',
      classNames: CLASSES,
      trainCounts: [30, 30, 30],
      testCounts: [],
      labelColumn: 'species',
      columns: Array.from({ length: features }, (_, index) => ({ name: `m${index + 1}`, kind: 'numeric' })),
      incompleteRows: 0,
    },
    imageSize: 32,
    color: 'rgb',
  };
}

export interface ChainLayer {
  id: string;
  type: string;
  params: Record<string, unknown>;
}

export const dense = (id: string, units: number, activation: string): ChainLayer => ({
  id,
  type: 'dense',
  params: { units, activation, useBias: true, kernelInitializer: 'glorotUniform' },
});

export const conv = (id: string, filters: number, activation: string): ChainLayer => ({
  id,
  type: 'conv2d',
  params: { filters, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation, useBias: true, kernelInitializer: 'glorotUniform' },
});

export const flatten = (id: string): ChainLayer => ({ id, type: 'flatten', params: {} });

/** dataset → layers… → categorical cross-entropy → SGD (learning rate 0.5). */
export function chainGraph(datasetParams: Record<string, unknown>, layers: readonly ChainLayer[]): Graph {
  const at = { x: 0, y: 0 };
  const nodes: GraphNode[] = [
    { id: 'dataset', type: 'dataset', version: 2, params: datasetParams, position: at },
    ...layers.map((layer) => ({ id: layer.id, type: layer.type, version: 1, params: layer.params, position: at })),
    { id: 'loss', type: 'loss', version: 1, params: { function: 'categoricalCrossentropy' }, position: at },
    {
      id: 'optimizer',
      type: 'optimizer',
      version: 1,
      params: {
        algorithm: 'sgd',
        learningRate: 0.5,
        momentum: 0,
        nesterov: false,
        rho: 0.9,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-7,
        initialAccumulatorValue: 0.1,
        epochs: 1,
        seed: 1,
      },
      position: at,
    },
  ];
  const chain = ['dataset', ...layers.map((layer) => layer.id)];
  const edges = chain.slice(1).map((target, index) => ({
    id: `e${index}`,
    source: chain[index] as string,
    sourcePort: index === 0 ? 'images' : 'out',
    target,
    targetPort: 'in',
  }));
  edges.push(
    { id: 'ep', source: chain[chain.length - 1] as string, sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
    { id: 'el', source: 'dataset', sourcePort: 'labels', target: 'loss', targetPort: 'labels' },
    { id: 'eo', source: 'loss', sourcePort: 'loss', target: 'optimizer', targetPort: 'loss' },
  );
  return { nodes, edges, meta: { title: { en: 'test', ja: 'テスト' }, description: { en: '', ja: '' } } } as Graph;
}

/**
 * `count` samples per split of the given shape; class k's samples have a higher mean in feature
 * (or colour channel) k, so a network can learn them in a few steps.
 */
export function syntheticData(sampleShape: readonly number[], source: 'images' | 'table', seed = 7, count = 60): LoadedDataset {
  const size = sampleShape.reduce((product, dim) => product * dim, 1);
  const lastAxis = sampleShape[sampleShape.length - 1] ?? 1;
  const random = mulberry32(seed);
  const split = () => {
    const features = new Float32Array(count * size);
    const labels = new Uint8Array(count);
    for (let sample = 0; sample < count; sample++) {
      const label = sample % CLASSES.length;
      labels[sample] = label;
      for (let index = 0; index < size; index++) {
        const marked = index % lastAxis === label % lastAxis;
        features[sample * size + index] = (marked ? 0.6 : 0.2) + 0.3 * random();
      }
    }
    return { count, sampleShape: [...sampleShape], features, labels };
  };
  const train = split();
  const test = split();
  return {
    description: {
      source,
      name: source === 'images' ? 'colours' : 'measurements',
      sampleShape: [...sampleShape],
      sampleKind: source === 'images' ? 'image' : 'features',
      classNames: [...CLASSES],
      trainCount: train.count,
      testCount: test.count,
    },
    train,
    test,
  };
}
