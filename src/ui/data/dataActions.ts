/**
 * What the data view's buttons do: list and delete what IndexedDB holds (on the main thread: small
 * meta records), import images and tables (in the worker: decoding never runs here), and put chosen
 * data on the graph's dataset node as one undoable edit (graphWithData). Failures land in the data
 * slice as codes the view words; nothing the user had is changed by a failed import.
 */
import * as Comlink from 'comlink';
import type { BuiltinTable, DataReference } from '../../graph/dataReference';
import { graphWithData } from '../../graph/withData';
import { deleteStoredDataset, listStoredDatasets, type StoredDatasetMeta } from '../../storage/datasets';
import { kairoStore } from '../../store/index';
import type { DatasetProgress, EngineMessage, ImageImportRequest, ImportResult, TableImportRequest, TableInspection } from '../../worker/api';
import { WorkerFailedError } from '../../worker/client';
import { trainingSession } from '../training/useTrainingSession';

function callFailure(error: unknown): EngineMessage {
  if (error instanceof WorkerFailedError) return error.failure;
  return { code: 'WORKER_CALL_FAILED', vars: { detail: error instanceof Error ? error.message : String(error) } };
}

/** Reads the list of stored data sets into the store. */
export async function refreshStoredDatasets(): Promise<void> {
  const listed = await listStoredDatasets();
  const store = kairoStore.getState();
  if (listed.ok) store.setStoredDatasets(listed.value);
  else store.setStoredDatasets(null, listed.error);
}

export async function deleteDataset(key: string): Promise<void> {
  const deleted = await deleteStoredDataset(key);
  if (!deleted.ok) kairoStore.getState().setStoredDatasets(null, deleted.error);
  await refreshStoredDatasets();
}

/** Puts `reference` (and preparation params such as the image size) on the graph's dataset node: one undo step. */
export function applyData(reference: DataReference, params: Record<string, unknown> = {}): void {
  const store = kairoStore.getState();
  store.replaceGraph(graphWithData(store.graph, reference, params));
}

/** A stored data set on the graph, with the size, colour and fit its images were decoded at. */
export function chooseStoredData(meta: StoredDatasetMeta): void {
  const image = meta.image;
  applyData(meta.reference, image ? { imageSize: image.size, color: image.channels === 1 ? 'grey' : 'rgb', fit: image.fit } : {});
}

async function runImport(kind: 'images' | 'table', work: () => Promise<ImportResult>, params: Record<string, unknown>): Promise<ImportResult> {
  const store = kairoStore.getState();
  store.setDataImport({ status: 'importing', kind, progress: null });
  let result: ImportResult;
  try {
    result = await work();
  } catch (error) {
    result = { ok: false, failure: callFailure(error) };
  }
  if (result.ok) {
    applyData(result.reference, params);
    kairoStore.getState().setDataImport({ status: 'done', result });
    await refreshStoredDatasets();
  } else {
    kairoStore.getState().setDataImport({ status: 'failed', failure: result.failure });
  }
  return result;
}

export function importImages(request: ImageImportRequest): Promise<ImportResult> {
  const { size, channels, fit } = request.settings;
  return runImport(
    'images',
    async () => {
      const api = await trainingSession.workerApi();
      return api.importImages(
        request,
        Comlink.proxy((progress: DatasetProgress) => {
          const state = kairoStore.getState().dataImport;
          if (state.status === 'importing') kairoStore.getState().setDataImport({ ...state, progress });
        }),
      );
    },
    { imageSize: size, color: channels === 1 ? 'grey' : 'rgb', fit },
  );
}

export async function cancelImport(): Promise<void> {
  try {
    (await trainingSession.workerApi()).cancelImport();
  } catch {
    // No worker: nothing is importing.
  }
}

export async function inspectTable(file: File): Promise<TableInspection> {
  try {
    return await (await trainingSession.workerApi()).inspectTable(file);
  } catch (error) {
    return { ok: false, failure: callFailure(error) };
  }
}

export function importTable(request: TableImportRequest): Promise<ImportResult> {
  return runImport('table', async () => (await trainingSession.workerApi()).importTable(request), {});
}

export async function chooseBuiltinTable(name: BuiltinTable): Promise<void> {
  try {
    const reference = await (await trainingSession.workerApi()).builtinTable(name);
    applyData(reference);
    kairoStore.getState().setDataImport({ status: 'idle' });
  } catch (error) {
    kairoStore.getState().setDataImport({ status: 'failed', failure: callFailure(error) });
  }
}
