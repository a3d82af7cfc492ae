/**
 * The dataset node names its data (images, a table) in its params; the analysis takes the sample
 * shape and the class count from those params alone, and a version 1 (MNIST-only) file still loads.
 */
import { describe, expect, it } from 'vitest';
import { datasetNode } from '../../nodes/dataset';
import { getNodeDefinition } from '../../nodes/index';
import { checkNodeParams } from '../../nodes/params';
import { defaultParams } from '../../nodes/types';
import { analyzeGraph } from '../../src/graph/analyze';
import type { ImageDataReference, TableDataReference } from '../../src/graph/dataReference';
import { isDataReference, tableFeatureCount } from '../../src/graph/dataReference';
import { parseGraphFile, serializeGraph } from '../../src/graph/format';
import type { Graph, GraphNode } from '../../src/graph/types';

const FINGERPRINT = `sha256:${'ab'.repeat(32)}`;

const leaves: ImageDataReference = {
  kind: 'images',
  name: 'leaves',
  fingerprint: FINGERPRINT,
  classNames: ['maple', 'oak', 'pine'],
  trainCounts: [40, 35, 12],
  testCounts: [],
};

const penguins: TableDataReference = {
  kind: 'table',
  name: 'penguins',
  fingerprint: 'builtin:penguins',
  builtin: 'penguins',
  classNames: ['Adelie', 'Chinstrap', 'Gentoo'],
  trainCounts: [152, 68, 124],
  testCounts: [],
  labelColumn: 'Species',
  columns: [
    { name: 'Island', kind: 'categorical', categories: ['Biscoe', 'Dream', 'Torgersen'] },
    { name: 'Beak Length (mm)', kind: 'numeric' },
    { name: 'Sex', kind: 'categorical', categories: ['FEMALE', 'MALE'] },
  ],
  incompleteRows: 11,
};

function node(id: string, type: string, params: Record<string, unknown> = {}, version?: number): GraphNode {
  const definition = getNodeDefinition(type);
  if (!definition) throw new Error(`no node type ${type}`);
  return { id, type, version: version ?? definition.version, params: { ...defaultParams(definition.params), ...params }, position: { x: 0, y: 0 } };
}

/** dataset → flatten → dense(units) → loss → optimizer. */
function graphWith(datasetParams: Record<string, unknown>, units = 3): Graph {
  const edges = [
    ['dataset', 'images', 'flatten', 'in'],
    ['flatten', 'out', 'dense', 'in'],
    ['dense', 'out', 'loss', 'prediction'],
    ['dataset', 'labels', 'loss', 'labels'],
    ['loss', 'loss', 'optimizer', 'loss'],
  ].map(([source = '', sourcePort = '', target = '', targetPort = ''], index) => ({
    id: `e${index}`,
    source,
    sourcePort,
    target,
    targetPort,
  }));
  return {
    meta: { title: { en: '', ja: '' }, description: { en: '', ja: '' } },
    nodes: [
      node('dataset', 'dataset', datasetParams),
      node('flatten', 'flatten'),
      node('dense', 'dense', { units, activation: 'softmax' }),
      node('loss', 'loss'),
      node('optimizer', 'optimizer'),
    ],
    edges,
  };
}

const errors = (graph: Graph) =>
  analyzeGraph(graph)
    .issues.filter((issue) => issue.severity === 'error')
    .map((issue) => issue.code);

describe('the dataset node names its data', () => {
  it('images: the shape is the node’s size and colour, the classes the data’s', () => {
    const rgb = analyzeGraph(graphWith({ source: 'images', data: leaves, imageSize: 48 }));
    expect(rgb.issues).toEqual([]);
    expect(rgb.nodes.dataset?.outputs).toEqual({ images: [null, 48, 48, 3], labels: [null, 3] });
    const grey = analyzeGraph(graphWith({ source: 'images', data: leaves, imageSize: 16, color: 'grey' }));
    expect(grey.nodes.dataset?.outputs.images).toEqual([null, 16, 16, 1]);
    // Flatten → Dense(3): 16·16·1·3 + 3 weights.
    expect(grey.totalParams).toBe(16 * 16 * 3 + 3);
  });

  it('table: the width is one number per numeric column and one per category', () => {
    expect(tableFeatureCount(penguins)).toBe(6);
    const analysis = analyzeGraph(graphWith({ source: 'table', data: penguins }));
    expect(analysis.nodes.dataset?.outputs).toEqual({ images: [null, 6], labels: [null, 3] });
  });

  it('images or table without data: DATA_NOT_CHOSEN on the data param; data of the other kind: DATA_KIND_MISMATCH', () => {
    const none = analyzeGraph(graphWith({ source: 'images' }));
    expect(none.issues.map((issue) => [issue.code, issue.variant, issue.param])).toEqual([['DATA_NOT_CHOSEN', 'images', 'data']]);
    expect(errors(graphWith({ source: 'table', data: leaves }))).toEqual(['DATA_KIND_MISMATCH']);
  });

  it('binary labels need two classes of the data', () => {
    const issues = analyzeGraph(graphWith({ source: 'images', data: leaves, labels: 'binary' }, 1)).issues;
    expect(issues.map((issue) => [issue.code, issue.variant])).toEqual([['BINARY_NEEDS_TWO_CLASSES', 'data']]);
    const twoClasses = { ...leaves, classNames: ['maple', 'oak'], trainCounts: [40, 35] };
    expect(errors(graphWith({ source: 'images', data: twoClasses, labels: 'binary' }, 1))).toEqual([]);
  });

  it('refuses a malformed reference as INVALID_PARAM: a missing field, a stray one, repeated classes, counts of the wrong length', () => {
    const bad: unknown[] = [
      { ...leaves, fingerprint: undefined },
      { ...leaves, pixels: [1, 2, 3] },
      { ...leaves, classNames: ['oak', 'oak', 'pine'] },
      { ...leaves, trainCounts: [1, 2] },
      { ...leaves, classNames: ['only'] , trainCounts: [3] },
      { ...leaves, fingerprint: 'md5:123' },
      { ...penguins, columns: [] },
      'leaves',
    ];
    for (const value of bad) {
      expect(isDataReference(value)).toBe(false);
      const checked = checkNodeParams(datasetNode, { source: 'images', data: value });
      expect(checked.problems.map((problem) => problem.code)).toEqual(['INVALID_PARAM']);
    }
    expect(isDataReference(leaves)).toBe(true);
    expect(isDataReference(penguins)).toBe(true);
  });

  it('the node keeps its own copy of the reference', () => {
    const given = structuredClone(leaves);
    const checked = checkNodeParams(datasetNode, { source: 'images', data: given });
    given.classNames[0] = 'changed';
    expect((checked.values.data as ImageDataReference).classNames[0]).toBe('maple');
  });
});

describe('files', () => {
  it('a version 1 dataset node (MNIST only) loads unchanged and is written as version 2', () => {
    const v1 = graphWith({});
    v1.nodes[0] = {
      ...node('dataset', 'dataset', {}, 1),
      params: { source: 'mnist', batchSize: 64, classes: [3, 5], labels: 'binary' },
    };
    const result = parseGraphFile(serializeGraph(v1));
    if (!result.ok) throw new Error(result.issues.map((issue) => issue.code).join());
    const dataset = result.graph.nodes[0];
    expect(dataset?.version).toBe(2);
    expect(dataset?.params).toEqual({
      ...defaultParams(datasetNode.params),
      source: 'mnist',
      batchSize: 64,
      classes: [3, 5],
      labels: 'binary',
    });
    expect(analyzeGraph(result.graph).nodes.dataset?.outputs).toEqual({ images: [null, 28, 28, 1], labels: [null, 1] });
  });

  it('a graph with images data saves and loads back with its reference intact', () => {
    const graph = graphWith({ source: 'images', data: leaves, imageSize: 64, fit: 'crop' });
    const result = parseGraphFile(serializeGraph(graph));
    if (!result.ok) throw new Error(result.issues.map((issue) => issue.code).join());
    expect(result.graph.nodes[0]?.params.data).toEqual(leaves);
    expect(serializeGraph(result.graph)).toBe(serializeGraph(graph));
  });

  it('a file with a malformed reference is refused, naming the node and the param', () => {
    const graph = graphWith({ source: 'images', data: { ...leaves, kind: 'video' } });
    const result = parseGraphFile(serializeGraph(graph));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => [issue.code, issue.nodeId, issue.param])).toEqual([['INVALID_PARAM', 'dataset', 'data']]);
  });
});
