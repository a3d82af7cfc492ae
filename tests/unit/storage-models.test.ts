/**
 * Trained models that last: kept in IndexedDB by the fingerprint of their graph, found again for
 * the same graph (not for a changed one), the last one saved named "latest", the oldest dropped.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { isModelCurrent, type TrainedModel } from '../../src/export/trainedModel';
import { graphFingerprint } from '../../src/graph/fingerprint';
import type { Graph } from '../../src/graph/types';
import { KEPT_MODELS, latestTrainedModel, storeTrainedModel, trainedModelFor } from '../../src/storage/models';
import { deleteKairoDb } from './kairoDbFixture';
import { loadPreset } from './runtime-fixtures';

afterEach(deleteKairoDb);

function withLearningRate(graph: Graph, learningRate: number): Graph {
  return {
    ...graph,
    nodes: graph.nodes.map((node) => (node.type === 'optimizer' ? { ...node, params: { ...node.params, learningRate } } : node)),
  };
}

function model(graph: Graph, savedAt: string): TrainedModel {
  return {
    fingerprint: graphFingerprint(graph),
    graph,
    modelTopology: { class_name: 'Model' },
    weights: { entries: [{ name: 'dense_dense/bias', shape: [3] }], data: Float32Array.from([1, 2, 3]).buffer },
    history: { result: 'completed', epochs: [], plannedEpochs: 1, curves: { loss: [], accuracy: [] }, evaluation: null, backend: 'wasm' },
    savedAt,
  };
}

describe('trained models in IndexedDB', () => {
  it('the same graph finds its model again, weights included; a changed graph finds none and is out of date', async () => {
    const graph = loadPreset('mnist-logreg');
    expect((await storeTrainedModel(model(graph, '2025-01-01T00:00:00Z'))).ok).toBe(true);
    const found = await trainedModelFor(structuredClone(graph));
    if (!found.ok || !found.value) throw new Error('not found');
    expect(Array.from(new Float32Array(found.value.weights.data))).toEqual([1, 2, 3]);
    expect(isModelCurrent(found.value, graph)).toBe(true);

    const changed = withLearningRate(graph, 0.1);
    expect(await trainedModelFor(changed)).toEqual({ ok: true, value: null });
    expect(isModelCurrent(found.value, changed)).toBe(false);
    // Moving a node changes nothing the model depends on.
    const moved = { ...graph, nodes: graph.nodes.map((node) => ({ ...node, position: { x: node.position.x + 50, y: 0 } })) };
    expect(isModelCurrent(found.value, moved)).toBe(true);
  });

  it('"latest" names the last model saved; only the most recent few are kept', async () => {
    const base = loadPreset('mnist-logreg');
    const graphs = Array.from({ length: KEPT_MODELS + 2 }, (_, index) => withLearningRate(base, 0.01 * (index + 1)));
    for (const [index, graph] of graphs.entries()) {
      const stored = await storeTrainedModel(model(graph, `2025-01-${String(index + 1).padStart(2, '0')}T00:00:00Z`));
      expect(stored.ok).toBe(true);
    }
    const latest = await latestTrainedModel();
    expect(latest.ok && latest.value?.fingerprint).toBe(graphFingerprint(graphs[graphs.length - 1] as Graph));
    const oldest = await trainedModelFor(graphs[0] as Graph);
    expect(oldest).toEqual({ ok: true, value: null });
    const kept = await trainedModelFor(graphs[2] as Graph);
    expect(kept.ok && kept.value !== null).toBe(true);
  });
});
