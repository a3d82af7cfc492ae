/**
 * A trained model as Kairo keeps and hands it on: the graph it was trained from (and that graph's
 * fingerprint), the TF.js topology and weights, and the run's history (curves, test evaluation).
 * The same record goes into IndexedDB, into a bundle, and to the worker to restore. Pure.
 */
import { graphFingerprint } from '../graph/fingerprint';
import type { Graph } from '../graph/types';
import type { EpochRecord, EvaluateOutcome } from '../worker/api';
import type { WeightSpec } from './layerWeights';
import { elementCount, type WeightSet, weightValues } from './modelFiles';
import { type ModelProblem, modelProblem } from './modelProblems';

export type EvaluationRecord = Extract<EvaluateOutcome, { ok: true }>;

/** One chart line as [x, y] pairs (x in epochs). */
export type CurvePoints = [number, number][];

/** What a run left to look at again: per-epoch numbers, the batch curves, the test evaluation. */
export interface RunHistory {
  result: 'completed' | 'stopped' | 'imported';
  epochs: EpochRecord[];
  /** The epoch count the run was set up for (the charts' x axis). */
  plannedEpochs: number;
  curves: { loss: CurvePoints; accuracy: CurvePoints };
  evaluation: EvaluationRecord | null;
  backend: string;
}

export interface TrainedModel {
  /** graphFingerprint of `graph`: the key the model is found again by. */
  fingerprint: string;
  /** The graph as it was trained. */
  graph: Graph;
  /** The tfjs layers topology (model.json's modelTopology). */
  modelTopology: unknown;
  weights: WeightSet;
  history: RunHistory;
  /** ISO time of the end of training (or of the import). */
  savedAt: string;
}

/**
 * Whether a trained model belongs to the graph as it is now. A model whose graph has changed since
 * (a layer, a param, a wire) is out of date: it is shown as such and never used in its place.
 */
export function isModelCurrent(model: Pick<TrainedModel, 'fingerprint'> | null | undefined, graph: Pick<Graph, 'nodes' | 'edges'>): boolean {
  return model !== null && model !== undefined && model.fingerprint === graphFingerprint(graph);
}

/** Every weight the graph's model needs, present with its shape and finite; nothing else. */
export function checkWeights(weights: WeightSet, expected: readonly WeightSpec[]): ModelProblem | undefined {
  const given = new Map(weights.entries.map((entry) => [entry.name, entry.shape]));
  const wanted = new Set(expected.map((spec) => spec.name));
  for (const spec of expected) {
    const shape = given.get(spec.name);
    if (!shape) return modelProblem('MODEL_WEIGHT_MISSING', { name: spec.name });
    if (shape.length !== spec.shape.length || shape.some((dim, axis) => dim !== spec.shape[axis])) {
      return modelProblem('MODEL_WEIGHT_SHAPE', { name: spec.name, expected: `[${spec.shape.join(', ')}]`, found: `[${shape.join(', ')}]` });
    }
  }
  const extra = weights.entries.find((entry) => !wanted.has(entry.name));
  if (extra) return modelProblem('MODEL_WEIGHT_UNEXPECTED', { name: extra.name });
  for (const [name, values] of weightValues(weights)) {
    if (!values.every(Number.isFinite)) return modelProblem('MODEL_WEIGHT_NOT_FINITE', { name });
  }
  return undefined;
}

/** The weights in the order and naming of `expected` (a fresh buffer), for a set that passed checkWeights. */
export function orderWeights(weights: WeightSet, expected: readonly WeightSpec[]): WeightSet {
  const values = weightValues(weights);
  const total = expected.reduce((sum, spec) => sum + elementCount(spec.shape), 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const spec of expected) {
    const source = values.get(spec.name);
    if (source) data.set(source, offset);
    offset += elementCount(spec.shape);
  }
  return { entries: expected.map((spec) => ({ name: spec.name, shape: [...spec.shape] })), data: data.buffer };
}
