import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getNodeDefinition } from '../../nodes/index';
import { analyzeGraph } from '../../src/graph/analyze';
import { addEdge, addNode, createNode, emptyGraph, setNodeParam } from '../../src/graph/edits';
import type { Graph } from '../../src/graph/types';
import { labelMatchFix } from '../../src/ui/inspector/quickFixes';

const presetDir = path.join(import.meta.dirname, '../../presets');

/** Dataset → Flatten → Dense → Loss → Optimizer, every node as the palette adds it. */
function handBuiltLogisticRegression(): Graph {
  let graph = emptyGraph();
  const taken = new Set<string>();
  const ids: Record<string, string> = {};
  for (const type of ['dataset', 'flatten', 'dense', 'loss', 'optimizer']) {
    const node = createNode(type, { x: 0, y: 0 }, taken);
    if (!node) throw new Error(type);
    taken.add(node.id);
    ids[type] = node.id;
    graph = addNode(graph, node);
  }
  const wire = (source: string, sourcePort: string, target: string, targetPort: string) => {
    graph = addEdge(graph, { source: ids[source] ?? '', sourcePort, target: ids[target] ?? '', targetPort });
  };
  wire('dataset', 'images', 'flatten', 'in');
  wire('flatten', 'out', 'dense', 'in');
  wire('dense', 'out', 'loss', 'prediction');
  wire('dataset', 'labels', 'loss', 'labels');
  wire('loss', 'loss', 'optimizer', 'loss');
  return graph;
}

describe('defaults for building by hand', () => {
  it('presets store every param of every node, so a change of defaults never changes a preset', () => {
    for (const name of readdirSync(presetDir).filter((file) => file.endsWith('.json'))) {
      const graph = JSON.parse(readFileSync(path.join(presetDir, name), 'utf8')) as Graph;
      for (const node of graph.nodes) {
        const definition = getNodeDefinition(node.type);
        if (!definition) continue;
        expect(Object.keys(node.params).sort(), `${name}: ${node.id}`).toEqual(Object.keys(definition.params).sort());
      }
    }
  });

  it('a new Conv2D and a new Dense are relu layers, like every hidden layer of the course presets', () => {
    expect(createNode('conv2d', { x: 0, y: 0 }, new Set())?.params.activation).toBe('relu');
    expect(createNode('dense', { x: 0, y: 0 }, new Set())?.params).toMatchObject({ units: 128, activation: 'relu' });
  });

  it('a hand-built logistic regression needs one fix, offered on the layer that feeds the loss', () => {
    const graph = handBuiltLogisticRegression();
    const before = analyzeGraph(graph);
    expect(before.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.code)).toEqual(['LOSS_SHAPE_MISMATCH']);
    const fix = labelMatchFix(graph, before, 'dense-1');
    expect(fix).toEqual({ nodeId: 'dense-1', units: 10, activation: 'softmax' });
    // Offered on the loss too, for the same layer.
    expect(labelMatchFix(graph, before, 'loss-1')).toEqual(fix);
    if (!fix) return;
    const fixed = setNodeParam(setNodeParam(graph, fix.nodeId, 'units', fix.units), fix.nodeId, 'activation', fix.activation);
    const after = analyzeGraph(fixed);
    expect(after.issues).toEqual([]);
    expect(after.totalParams).toBe(7850);
    // Nothing left to fix.
    expect(labelMatchFix(fixed, after, 'dense-1')).toBeUndefined();
  });

  it('matches the loss: sigmoid for binary cross-entropy on one column, no activation for the hinge loss', () => {
    let graph = handBuiltLogisticRegression();
    graph = setNodeParam(graph, 'dataset-1', 'classes', [0, 1]);
    graph = setNodeParam(graph, 'dataset-1', 'labels', 'binary');
    graph = setNodeParam(graph, 'loss-1', 'function', 'binaryCrossentropy');
    expect(labelMatchFix(graph, analyzeGraph(graph), 'dense-1')).toEqual({ nodeId: 'dense-1', units: 1, activation: 'sigmoid' });
    graph = setNodeParam(graph, 'loss-1', 'function', 'hinge');
    expect(labelMatchFix(graph, analyzeGraph(graph), 'dense-1')).toEqual({ nodeId: 'dense-1', units: 1, activation: 'linear' });
    // A layer with no unit count (flatten feeding the loss) is offered nothing.
    expect(labelMatchFix(graph, analyzeGraph(graph), 'flatten-1')).toBeUndefined();
  });
});
