/**
 * Session state of the user's data: what IndexedDB holds (listed on start and after every import or
 * delete, so "does this browser have the data this graph names?" is a synchronous look-up for the
 * node card, the inspector and the Train button), the data view, and an import in progress. Never
 * saved in a graph file, never undone; the data itself lives in IndexedDB, not here.
 */
import type { StateCreator } from 'zustand';
import type { StoredDatasetMeta } from '../storage/datasets';
import type { StorageError } from '../storage/db';
import type { DatasetProgress, EngineMessage, ImportResult } from '../worker/api';
import type { KairoState } from './types';

export type DataImportState =
  | { status: 'idle' }
  | { status: 'importing'; kind: 'images' | 'table'; progress: DatasetProgress | null }
  | { status: 'done'; result: Extract<ImportResult, { ok: true }> }
  | { status: 'failed'; failure: EngineMessage };

export interface DataSlice {
  /** The data sets IndexedDB holds; null until listed. */
  storedDatasets: StoredDatasetMeta[] | null;
  /** Why the list (or the last write or delete) failed. */
  storageError: StorageError | null;
  /** The data view; `nodeId` is the dataset node that chosen data goes to. */
  dataView: { open: boolean; nodeId: string | null };
  dataImport: DataImportState;

  setStoredDatasets(datasets: StoredDatasetMeta[] | null, error?: StorageError | null): void;
  openDataView(nodeId?: string | null): void;
  closeDataView(): void;
  setDataImport(state: DataImportState): void;
}

export const createDataSlice: StateCreator<KairoState, [], [], DataSlice> = (set) => ({
  storedDatasets: null,
  storageError: null,
  dataView: { open: false, nodeId: null },
  dataImport: { status: 'idle' },

  setStoredDatasets(datasets, error = null) {
    set(datasets === null ? { storageError: error } : { storedDatasets: datasets, storageError: error });
  },
  openDataView(nodeId = null) {
    set({ dataView: { open: true, nodeId } });
  },
  closeDataView() {
    set((state) => ({ dataView: { open: false, nodeId: null }, dataImport: state.dataImport.status === 'importing' ? state.dataImport : { status: 'idle' } }));
  },
  setDataImport(dataImport) {
    set({ dataImport });
  },
});
