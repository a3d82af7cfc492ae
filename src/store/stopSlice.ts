/**
 * A Stop the worker has not answered: set when Stop was pressed and the run (or its preparation)
 * has not ended within the grace period — a batch that takes a minute cannot be interrupted from
 * inside — so the panel offers to end the worker. Session state.
 */
import type { StateCreator } from 'zustand';
import type { KairoState } from './types';

export type StopRequest = { status: 'none' } | { status: 'waiting' } | { status: 'overdue' };

export interface StopSlice {
  stopRequest: StopRequest;
  setStopRequest(request: StopRequest): void;
}

export const createStopSlice: StateCreator<KairoState, [], [], StopSlice> = (set) => ({
  stopRequest: { status: 'none' },
  setStopRequest(stopRequest) {
    set({ stopRequest });
  },
});
