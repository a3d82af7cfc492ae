/**
 * The worker's side of data: loading what a graph asks for (MNIST from the app's assets, imported
 * images and tables from IndexedDB, the built-in tables from their packages), importing a picked
 * or dropped folder, a zip or a table (decoded here, never on the main thread, then stored), and
 * "try an image" (one picture prepared like the training images, then predicted). worker.ts wires
 * these into the Comlink API, one line each.
 */
import * as Comlink from 'comlink';
import { browserImageDecoder } from '../engine/data/browserImageDecode';
import { BUILTIN_LABELS, builtinFingerprint, builtinTable } from '../engine/data/builtinTables';
import { DatasetError, datasetFailureOf } from '../engine/data/datasetError';
import { manifestFingerprint, sha256Hex } from '../engine/data/fingerprint';
import { type FileReader, importImages, layoutImageSources } from '../engine/data/imageImport';
import type { LayoutEntry } from '../engine/data/imageLayout';
import { imagesToDataset } from '../engine/data/imageSamples';
import { mnistBrowserSource } from '../engine/data/mnistBrowser';
import { MNIST_ASSET_DIR } from '../engine/data/mnistFiles';
import { type DataRequest, dataRequestKey, storageKeyOf } from '../engine/data/request';
import type { LoadedDataset } from '../engine/data/source';
import { defaultFeatureColumns, defaultLabelColumn, tableReference, tableToDataset } from '../engine/data/tableEncode';
import { parseTable, type RawTable, summarizeTable } from '../engine/data/tableParse';
import { listZip, readZipEntries } from '../engine/data/zip';
import type { TrainingRuntime } from '../engine/runtime';
import type { BuiltinTable, TableDataReference } from '../graph/dataReference';
import { putImageDataset, putTableDataset, readImageDataset, readTableTexts } from '../storage/datasets';
import type { StorageError } from '../storage/db';
import type {
  DatasetProgress,
  ImageImportRequest,
  ImportResult,
  LoadDatasetResult,
  PickedFile,
  PredictImageResult,
  TableImportRequest,
  TableInspection,
} from './api';

/** Images decoded at once: createImageBitmap decodes off the worker's thread, so a few overlap. */
const DECODE_CONCURRENCY = 6;
const MIB = 1024 * 1024;

function storageFailure(error: StorageError, megabytes: number): DatasetError {
  if (error.code === 'STORAGE_QUOTA') return new DatasetError('DATA_STORE_QUOTA', { megabytes, detail: error.detail });
  return new DatasetError('DATA_STORE_FAILED', { detail: `${error.code}: ${error.detail}` });
}

async function storedImages(request: Extract<DataRequest, { source: 'images' }>): Promise<LoadedDataset> {
  const read = await readImageDataset(storageKeyOf(request));
  if (!read.ok) throw storageFailure(read.error, 0);
  if (!read.value) throw new DatasetError('DATA_NOT_STORED', { name: request.reference.name });
  return imagesToDataset(read.value, request.holdOut);
}

async function tableOf(request: Extract<DataRequest, { source: 'table' }>): Promise<{ train: RawTable; test?: RawTable }> {
  const { reference } = request;
  if (reference.builtin) return { train: await builtinTable(reference.builtin) };
  const read = await readTableTexts(storageKeyOf(request));
  if (!read.ok) throw storageFailure(read.error, 0);
  if (!read.value) throw new DatasetError('DATA_NOT_STORED', { name: reference.name });
  const files = read.value.meta.files ?? { train: reference.name };
  return {
    train: parseTable(read.value.train, files.train),
    ...(read.value.test !== undefined ? { test: parseTable(read.value.test, files.test ?? files.train) } : {}),
  };
}

/** Loads the data a request names. Rejects with `DatasetError`. */
export async function loadRequestedData(
  request: DataRequest,
  options: { onProgress?: (progress: DatasetProgress) => void; signal: AbortSignal },
): Promise<LoadedDataset> {
  switch (request.source) {
    case 'mnist':
      return mnistBrowserSource(new URL(`${import.meta.env.BASE_URL}${MNIST_ASSET_DIR}`, self.location.origin)).load(options);
    case 'images':
      return storedImages(request);
    case 'table': {
      const tables = await tableOf(request);
      return tableToDataset(tables.train, request.reference, request.table, tables.test);
    }
  }
}

/** One load at a time per request; a second call for the same data shares the first's answer. */
export function createDataLoader(runtime: TrainingRuntime) {
  let loading: { key: string; promise: Promise<LoadDatasetResult> } | undefined;
  let cancel: AbortController | undefined;
  return {
    load(request: DataRequest, onProgress?: (progress: DatasetProgress) => void): Promise<LoadDatasetResult> {
      const key = dataRequestKey(request);
      if (loading?.key === key) return loading.promise;
      cancel?.abort();
      const started = performance.now();
      const abort = new AbortController();
      cancel = abort;
      const promise = loadRequestedData(request, {
        signal: abort.signal,
        // The callback is a Comlink proxy: a failed post must not break the load.
        onProgress: (progress) => Promise.resolve(onProgress?.(progress)).catch(() => {}),
      }).then(
        (data): LoadDatasetResult => {
          runtime.setData(data);
          return { ok: true, info: { ...data.description, key, seconds: (performance.now() - started) / 1000 } };
        },
        (error: unknown): LoadDatasetResult => {
          if (loading?.key === key) loading = undefined;
          return { ok: false, failure: datasetFailureOf(error) };
        },
      );
      loading = { key, promise };
      promise.finally(() => {
        if (cancel === abort) cancel = undefined;
      });
      return promise;
    },
    cancel(): void {
      cancel?.abort();
    },
  };
}

/** Reads picked files `concurrency` at a time. */
function pickedReader(picked: readonly PickedFile[], concurrency: number): FileReader<LayoutEntry> {
  const fileOf = new Map<LayoutEntry, File>(picked.map((entry) => [entry, entry.file]));
  return async (files, visit, skip) => {
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const entry = files[next++] as LayoutEntry;
        const file = fileOf.get(entry);
        if (file) await visit(entry, new Uint8Array(await file.arrayBuffer()));
        else skip(entry, 'damaged');
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  };
}

/** A zip's entries, inflated one at a time with its limits (zip.ts). */
async function zipSource(zip: File, signal: AbortSignal): Promise<{ entries: LayoutEntry[]; directories: string[]; reader: FileReader<LayoutEntry> }> {
  const bytes = new Uint8Array(await zip.arrayBuffer());
  const listing = listZip(bytes, zip.name);
  const reader: FileReader<LayoutEntry> = async (files, visit, skip) => {
    const byPath = new Map(files.map((file) => [file.path, file] as const));
    const seen = new Set<string>();
    await readZipEntries(bytes, zip.name, (path) => byPath.has(path), async (entry) => {
      const file = byPath.get(entry.path);
      if (!file) return;
      seen.add(entry.path);
      if ('tooLarge' in entry) skip(file, 'tooLarge');
      else await visit(file, entry.bytes);
    }, { signal });
    for (const file of files) if (!seen.has(file.path)) skip(file, 'damaged');
  };
  return { entries: listing.files, directories: listing.directories, reader };
}

type Source = { entries: LayoutEntry[]; directories: string[]; reader: FileReader<LayoutEntry> };

async function sourceOf(picked: ImageImportRequest['train'], signal: AbortSignal): Promise<Source> {
  if (picked.zip) return zipSource(picked.zip, signal);
  return { entries: picked.files, directories: picked.directories, reader: pickedReader(picked.files, DECODE_CONCURRENCY) };
}

/** Decodes, fingerprints and stores an image folder or zip; the reference to put on the dataset node. */
export async function importImageFolder(
  request: ImageImportRequest,
  onProgress: ((progress: DatasetProgress) => void) | undefined,
  signal: AbortSignal,
): Promise<ImportResult> {
  const started = performance.now();
  try {
    const train = await sourceOf(request.train, signal);
    const test = request.test ? await sourceOf(request.test, signal) : undefined;
    const { layout, reader } = layoutImageSources(train, test, request.name);
    const progress = (event: DatasetProgress) => Promise.resolve(onProgress?.(event)).catch(() => {});
    const collection = await importImages(layout, reader, browserImageDecoder(request.settings), request.settings, { onProgress: progress, signal });
    const key = storageKeyOf({ source: 'images', reference: collection.reference, image: request.settings, holdOut: { testSplit: 0.2, seed: 0 } });
    const stored = await putImageDataset({ ...collection, key });
    if (!stored.ok) throw storageFailure(stored.error, Math.ceil((collection.train.pixels.length + (collection.test?.pixels.length ?? 0)) / MIB));
    return { ok: true, reference: collection.reference, key, meta: stored.value, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    return { ok: false, failure: datasetFailureOf(error) };
  }
}

async function readTableFile(file: File): Promise<{ table: RawTable; text: string; sha256: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  return { table: parseTable(text, file.name), text, sha256: await sha256Hex(bytes) };
}

/** The columns of a CSV/TSV file and the default label and features, for the import dialog. */
export async function inspectTableFile(file: File): Promise<TableInspection> {
  try {
    const { table } = await readTableFile(file);
    const label = defaultLabelColumn(table);
    return { ok: true, columns: summarizeTable(table), rows: table.rows.length, labelColumn: label, featureColumns: defaultFeatureColumns(table, label) };
  } catch (error) {
    return { ok: false, failure: datasetFailureOf(error) };
  }
}

/** Parses, checks and stores a table with the chosen label and feature columns. */
export async function importTableFile(request: TableImportRequest): Promise<ImportResult> {
  const started = performance.now();
  try {
    const train = await readTableFile(request.file);
    const test = request.test ? await readTableFile(request.test) : undefined;
    const manifest = [{ split: 'train' as const, sha256: train.sha256 }, ...(test ? [{ split: 'test' as const, sha256: test.sha256 }] : [])];
    const reference = tableReference(
      train.table,
      { name: request.file.name, fingerprint: await manifestFingerprint(manifest), labelColumn: request.labelColumn, featureColumns: request.featureColumns },
      test?.table,
    );
    const key = storageKeyOf({ source: 'table', reference, table: { missing: 'drop', testSplit: 0.2, seed: 0 } });
    const stored = await putTableDataset({
      key,
      reference,
      columns: summarizeTable(train.table),
      files: { train: request.file.name, ...(request.test ? { test: request.test.name } : {}) },
      trainText: train.text,
      ...(test ? { testText: test.text } : {}),
    });
    if (!stored.ok) throw storageFailure(stored.error, Math.ceil((train.text.length + (test?.text.length ?? 0)) / MIB));
    return { ok: true, reference, key, meta: stored.value, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    return { ok: false, failure: datasetFailureOf(error) };
  }
}

/** A built-in table's reference (for the import dialog's "use Iris / penguins"). */
export async function builtinTableReference(name: BuiltinTable): Promise<TableDataReference> {
  const table = await builtinTable(name);
  return tableReference(table, { name: name === 'iris' ? 'Iris' : 'Palmer penguins', fingerprint: builtinFingerprint(name), labelColumn: BUILTIN_LABELS[name], builtin: name });
}

/** "Try an image": one picture prepared as the compiled graph's images are, and what the model makes of it. */
export async function predictImage(runtime: TrainingRuntime, image: Blob): Promise<PredictImageResult> {
  const settings = runtime.compiledGraph?.dataset;
  if (settings?.source !== 'images') return { ok: false, failure: { code: 'NO_MODEL', vars: {} } };
  const prepared = { size: settings.imageSize, channels: settings.color === 'grey' ? 1 : 3, fit: settings.fit } as const;
  const pixels = new Uint8Array(prepared.size * prepared.size * prepared.channels);
  const reason = await browserImageDecoder(prepared)(new Uint8Array(await image.arrayBuffer()), pixels, 0);
  if (reason) return { ok: false, failure: { code: 'DATA_IMAGE_UNREADABLE', vars: { file: image instanceof File ? image.name : '', reason } } };
  const sample = Float32Array.from(pixels, (value) => value / 255);
  const prediction = await runtime.predict(sample);
  if (!prediction.ok) return prediction;
  return Comlink.transfer({ ...prediction, pixels, shape: [prepared.size, prepared.size, prepared.channels] }, [pixels.buffer]);
}
