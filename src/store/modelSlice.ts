/**
 * The trained model Kairo holds for the session: which graph (fingerprint) it was trained from and
 * what the export dialog shows about it, and which graph the model in the worker belongs to (so the
 * evaluation and the drawing pad never use a model of an earlier version of the graph unmarked).
 * Session state, never saved in a graph file: the weights themselves live in the worker and in
 * IndexedDB (src/storage/models.ts).
 */
import type { StateCreator } from 'zustand';
import { graphFingerprint } from '../graph/fingerprint';
import type { Graph } from '../graph/types';
import type { KairoState } from './types';

export interface TrainedModelSummary {
  /** graphFingerprint of the graph the model was trained from. */
  fingerprint: string;
  /** Epochs the run completed (0 for an imported model). */
  epochs: number;
  /** Test accuracy of its evaluation, when there is one. */
  accuracy: number | null;
  /** ISO time the training ended (or the model was imported). */
  savedAt: string;
  /** Whether IndexedDB holds it (false: it is lost on reload). */
  stored: boolean;
}

export interface ModelSlice {
  trainedModel: TrainedModelSummary | null;
  /** graphFingerprint of the graph whose model the worker holds (compiled for a run, restored or opened). */
  workerModelFingerprint: string | null;
  setTrainedModel(model: TrainedModelSummary | null): void;
  setWorkerModelFingerprint(fingerprint: string | null): void;
}

export const createModelSlice: StateCreator<KairoState, [], [], ModelSlice> = (set) => ({
  trainedModel: null,
  workerModelFingerprint: null,
  setTrainedModel(model) {
    set({ trainedModel: model });
  },
  setWorkerModelFingerprint(fingerprint) {
    set({ workerModelFingerprint: fingerprint });
  },
});

// Selectors run on every store change (a batch event too); the graph object only changes on edits.
const fingerprints = new WeakMap<Graph, string>();

/** graphFingerprint of the graph on the canvas, computed once per graph object. */
export function selectGraphFingerprint(state: Pick<KairoState, 'graph'>): string {
  let fingerprint = fingerprints.get(state.graph);
  if (fingerprint === undefined) {
    fingerprint = graphFingerprint(state.graph);
    fingerprints.set(state.graph, fingerprint);
  }
  return fingerprint;
}

/**
 * Whether the worker's model was made from another version of the graph than the one on the canvas:
 * its evaluation is then marked as the earlier version's, and it is not asked for predictions.
 */
export function selectModelOutOfDate(state: Pick<KairoState, 'graph' | 'modelReady' | 'workerModelFingerprint'>): boolean {
  return state.modelReady && state.workerModelFingerprint !== null && state.workerModelFingerprint !== selectGraphFingerprint(state);
}
