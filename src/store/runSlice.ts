/**
 * The training run, as one discriminated union driven by events from the worker. This is the
 * placeholder the training dashboard builds on: it may add fields to the variants it drives.
 */
import type { StateCreator } from 'zustand';
import type { KairoState } from './types';

export type TrainingRun =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'training' }
  | { status: 'paused' }
  | { status: 'done' }
  | { status: 'failed'; message: string };

export interface RunSlice {
  run: TrainingRun;
  setRun(run: TrainingRun): void;
}

export const createRunSlice: StateCreator<KairoState, [], [], RunSlice> = (set) => ({
  run: { status: 'idle' },
  setRun(run) {
    set({ run });
  },
});
