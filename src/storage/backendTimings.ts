/**
 * The remembered backend trials (src/engine/backendTiming.ts): which backend trained fastest on
 * this device for a model of a given size, so that the trial runs once. A cache: when it cannot
 * be read or written, the trial simply runs again.
 */
import type { BackendTimingCache, StoredBackendTiming } from '../engine/backendTiming';
import { withDb } from './db';

declare module './db' {
  interface KairoSchema {
    /** One row per device and model size (see backendTimingKey). */
    backendTimings: { key: string; value: StoredBackendTiming };
  }
}

/** The IndexedDB-backed cache of timed backend choices. */
export const backendTimingStore: BackendTimingCache = {
  async get(key) {
    const result = await withDb((db) => db.get('backendTimings', key));
    return result.ok ? result.value : undefined;
  },
  async set(entry) {
    await withDb((db) => db.put('backendTimings', entry));
  },
};
