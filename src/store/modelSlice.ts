/**
 * The trained model Kairo holds for the session: which graph (fingerprint) it was trained from and
 * what the export dialog shows about it. Session state, never saved in a graph file: the weights
 * themselves live in the worker and in IndexedDB (src/storage/models.ts).
 */
import type { StateCreator } from 'zustand';
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
  setTrainedModel(model: TrainedModelSummary | null): void;
}

export const createModelSlice: StateCreator<KairoState, [], [], ModelSlice> = (set) => ({
  trainedModel: null,
  setTrainedModel(model) {
    set({ trainedModel: model });
  },
});
