import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Graph } from '../graph/types';
import type { Language } from '../i18n/index';
import { type GraphAnalysis, getAnalysis } from './analysis';
import { createDocumentsSlice } from './documentsSlice';
import { createDataSlice } from './dataSlice';
import { createGraphSlice } from './graphSlice';
import { createModelSlice } from './modelSlice';
import { createRunSlice } from './runSlice';
import { createStopSlice } from './stopSlice';
import { createInsideSlice } from './insideSlice';
import { createRunsSlice } from './runsSlice';
import type { KairoState } from './types';
import { createUiSlice } from './uiSlice';

export type { GraphAnalysis } from './analysis';
export type { ConnectRequest, ConnectResult } from './graphSlice';
export type { TrainingRun } from './runSlice';
export type { KairoState } from './types';
export type { DialogName, LoadError, LoadSource, Toast } from './uiSlice';

export type KairoStore = StoreApi<KairoState>;

export interface StoreOptions {
  graph?: Graph;
  language?: Language;
}

/** A fresh store (the app uses one; tests make their own). */
export function createKairoStore(options: StoreOptions = {}): KairoStore {
  const store = createStore<KairoState>()((...args) => ({
    ...createGraphSlice(...args),
    ...createUiSlice(...args),
    ...createRunSlice(...args),
    ...createDocumentsSlice(...args),
    ...createStopSlice(...args),
    ...createDataSlice(...args),
    ...createModelSlice(...args),
    ...createInsideSlice(...args),
    ...createRunsSlice(...args),
  }));
  if (options.graph) store.getState().resetGraph(options.graph);
  if (options.language) store.getState().setLanguage(options.language);
  return store;
}

/** The app's store. */
export const kairoStore: KairoStore = createKairoStore();

/** Reads the app's store through a narrow selector (re-renders only when the selected value changes). */
export function useKairo<T>(selector: (state: KairoState) => T): T {
  return useStore(kairoStore, selector);
}

export function selectAnalysis(state: KairoState): GraphAnalysis {
  return getAnalysis(state.graph);
}
