/**
 * Trained models that last: after training, the weights and the run's history go into IndexedDB,
 * keyed by the fingerprint of the graph they were trained from, so the same graph finds its model
 * again after a reload; a "latest" pointer names the last one saved. A graph that has changed since
 * has another fingerprint and finds nothing (`isModelCurrent` in src/export/trainedModel.ts says
 * whether a model belongs to a graph). The few most recent models are kept; older ones are deleted.
 */
import type { TrainedModel } from '../export/trainedModel';
import type { Graph } from '../graph/types';
import { graphFingerprint } from '../graph/fingerprint';
import { type StorageResult, withDb } from './db';

declare module './db' {
  interface KairoSchema {
    /** Trained models (weights, topology, run history) by the fingerprint of their graph. */
    models: { key: string; value: TrainedModel; indexes: { savedAt: string } };
  }
}

/** How many trained models the browser keeps (the course CNN's weights are 4.8 MB each). */
export const KEPT_MODELS = 8;
const LATEST_KEY = 'models.latest';

/** Keeps a trained model (replacing one of the same graph), points "latest" at it, and drops the oldest beyond KEPT_MODELS. */
export function storeTrainedModel(model: TrainedModel): Promise<StorageResult<void>> {
  return withDb(async (db) => {
    const transaction = db.transaction(['models', 'meta'], 'readwrite');
    const models = transaction.objectStore('models');
    await models.put(model);
    await transaction.objectStore('meta').put({ key: LATEST_KEY, value: model.fingerprint });
    const keys = await models.index('savedAt').getAllKeys();
    // getAllKeys on the index lists primary keys oldest first.
    for (const key of keys.slice(0, Math.max(0, keys.length - KEPT_MODELS))) {
      if (key !== model.fingerprint) await models.delete(key);
    }
    await transaction.done;
  });
}

/** The trained model of exactly this graph (by its fingerprint), or null. */
export function trainedModelFor(graph: Pick<Graph, 'nodes' | 'edges'>): Promise<StorageResult<TrainedModel | null>> {
  const fingerprint = graphFingerprint(graph);
  return withDb(async (db) => (await db.get('models', fingerprint)) ?? null);
}

/** The model saved last, whatever graph it belongs to, or null. */
export function latestTrainedModel(): Promise<StorageResult<TrainedModel | null>> {
  return withDb(async (db) => {
    const pointer = await db.get('meta', LATEST_KEY);
    return typeof pointer?.value === 'string' ? ((await db.get('models', pointer.value)) ?? null) : null;
  });
}

/** Forgets the model of one graph. */
export function deleteTrainedModel(fingerprint: string): Promise<StorageResult<void>> {
  return withDb((db) => db.delete('models', fingerprint));
}
