/**
 * The run history: every finished training run, kept for comparison (the course's progression
 * perceptron → logistic regression → SVM → MLP → CNN as one table and one chart). A run is plain
 * data: the graph as it was trained, its settings, its curves, the final test accuracy, the
 * parameter count, the time and the backend. The trained weights are not here: the model store
 * (the current model's weights and its own history) is separate and keeps one model; this store
 * keeps many small records and never a tensor.
 */
import type { EpochRecord } from '../engine/trainingEvents';
import type { Graph, LocalizedText } from '../graph/types';
import { type StorageResult, withDb } from './db';

/** What the run was trained with, for the table and the CSV. */
export interface RunSettings {
  optimizer: string;
  learningRate: number;
  batchSize: number;
  /** Epochs planned (the run may have stopped before). */
  epochs: number;
  trainCount: number | null;
  classes: string[];
}

/** One point of the per-batch curve (smoothed), x in epochs. */
export interface RunCurvePoint {
  x: number;
  loss: number;
  accuracy: number;
}

export interface RunRecord {
  id: string;
  /** The user's name for it (the graph's title at first). */
  name: string;
  /** When the run ended (ms since 1970). */
  createdAt: number;
  graphTitle: LocalizedText;
  /** The graph as it was trained. */
  graph: Graph;
  settings: RunSettings;
  status: 'completed' | 'stopped';
  /** Per epoch: training loss/accuracy, validation loss/accuracy when validated. */
  epochs: EpochRecord[];
  /** The smoothed per-batch training curve, at most RUN_CURVE_POINTS points. */
  curve: RunCurvePoint[];
  testAccuracy: number | null;
  testLoss: number | null;
  params: number;
  /** Training time without pauses. */
  seconds: number;
  backend: string;
}

/** The per-batch curve kept with a run is thinned to this many points. */
export const RUN_CURVE_POINTS = 240;

declare module './db' {
  interface KairoSchema {
    /** The run history (src/storage/runs.ts), by id; newest first through the createdAt index. */
    runs: { key: string; value: RunRecord; indexes: { createdAt: number } };
  }
}

/** Stores a run (a new one, or a changed one under the same id). */
export function saveRun(run: RunRecord): Promise<StorageResult<void>> {
  return withDb(async (db) => {
    await db.put('runs', run);
  });
}

/** Every run, oldest first. */
export function listRuns(): Promise<StorageResult<RunRecord[]>> {
  return withDb((db) => db.getAllFromIndex('runs', 'createdAt'));
}

/** Renames a run; false when there is no run with that id. */
export function renameRun(id: string, name: string): Promise<StorageResult<boolean>> {
  return withDb(async (db) => {
    const transaction = db.transaction('runs', 'readwrite');
    const run = await transaction.store.get(id);
    if (run) await transaction.store.put({ ...run, name });
    await transaction.done;
    return run !== undefined;
  });
}

export function deleteRun(id: string): Promise<StorageResult<void>> {
  return withDb((db) => db.delete('runs', id));
}

/** A new run's id: unique in this browser, and sorted by time when compared as text. */
export function newRunId(now = Date.now()): string {
  return `run-${now.toString(36).padStart(9, '0')}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Every `step`-th point and the last, so a long curve keeps its shape in at most `limit` points. */
export function thinCurve(points: readonly RunCurvePoint[], limit = RUN_CURVE_POINTS): RunCurvePoint[] {
  if (points.length <= limit) return [...points];
  const step = points.length / (limit - 1);
  const thinned: RunCurvePoint[] = [];
  for (let index = 0; index < limit - 1; index++) {
    const point = points[Math.floor(index * step)];
    if (point) thinned.push(point);
  }
  const last = points[points.length - 1];
  if (last) thinned.push(last);
  return thinned;
}
