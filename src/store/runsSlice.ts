/**
 * The run history as the UI shows it: the runs read from the browser's database (null until read),
 * the last storage failure, and which runs' curves are overlaid. The records themselves live in
 * IndexedDB (src/storage/runs.ts); src/ui/runs/runHistory.ts reads and writes them and sets these.
 */
import type { StateCreator } from 'zustand';
import type { StorageError } from '../storage/db';
import type { RunRecord } from '../storage/runs';
import type { KairoState } from './types';

export interface RunsSlice {
  runs: readonly RunRecord[] | null;
  runsFailure: StorageError | null;
  /** Ids of the runs whose curves the overlay chart draws. */
  overlayRunIds: readonly string[];
  setRuns(runs: readonly RunRecord[]): void;
  setRunsFailure(failure: StorageError | null): void;
  setOverlay(ids: readonly string[]): void;
  toggleOverlay(id: string): void;
}

export const createRunsSlice: StateCreator<KairoState, [], [], RunsSlice> = (set, get) => ({
  runs: null,
  runsFailure: null,
  overlayRunIds: [],
  setRuns(runs) {
    const known = new Set(runs.map((run) => run.id));
    set({ runs, overlayRunIds: get().overlayRunIds.filter((id) => known.has(id)) });
  },
  setRunsFailure(failure) {
    set({ runsFailure: failure });
  },
  setOverlay(ids) {
    set({ overlayRunIds: [...ids] });
  },
  toggleOverlay(id) {
    const ids = get().overlayRunIds;
    set({ overlayRunIds: ids.includes(id) ? ids.filter((each) => each !== id) : [...ids, id] });
  },
});
