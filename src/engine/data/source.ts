/**
 * The seam between the engine and where data comes from. Every data source (MNIST today; image
 * folders and tables next) is one module implementing `DataSource`: it describes itself (shape,
 * classes, counts), loads its samples with progress and cancellation, and hands over train and test
 * samples in the one in-memory form (`LabelledSamples`). Everything after that — the dataset node's
 * class choice, subset and validation split (prepare.ts), batching, training, evaluation, test
 * samples for display — is the same code for every source.
 */
import type { EngineMessage } from '../failures';
import type { LabelledSamples } from './samples';

/**
 * How a sample is shown: 'image' — [h, w, c] with c = 1 or 3, values in [0, 1], 1 = white;
 * 'ink' — a grey drawing [h, w, 1] whose values are ink (1 = full stroke, shown dark on light);
 * 'features' — a vector [n] of numbers (a table row).
 */
export type SampleKind = 'image' | 'ink' | 'features';

/** What the analysis and the UI need to know about a data set, before or after its samples load. */
export interface DataDescription {
  /** The dataset node's `source` this data comes from (e.g. 'mnist'). */
  source: string;
  /** A name to show (e.g. 'MNIST', a folder's name). */
  name: string;
  sampleShape: number[];
  sampleKind: SampleKind;
  /** Class k's name (the labels are indices into this list). */
  classNames: string[];
  trainCount: number;
  testCount: number;
}

/** A data set in memory: what the runtime trains, validates and tests on. */
export interface LoadedDataset {
  description: DataDescription;
  train: LabelledSamples;
  test: LabelledSamples;
  /** What loading decided for the user to see (rows dropped for missing values, ...). */
  notices?: EngineMessage[];
}

export interface DataLoadProgress {
  /** 'download' while bytes arrive, 'decode' while samples are parsed or decoded, then 'done'. */
  phase: 'download' | 'decode' | 'done';
  /** Work done so far and in all (null while unknown), in `unit`s. */
  loaded: number;
  total: number | null;
  unit: 'bytes' | 'files';
  /** True when everything came from a local copy (no download needed). */
  fromCache: boolean;
}

export interface DataLoadOptions {
  onProgress?: (progress: DataLoadProgress) => void;
  /** Aborting rejects the load with a DatasetError DATA_LOAD_CANCELLED. */
  signal?: AbortSignal;
}

export interface DataSource {
  /** The dataset node's `source` value this module serves. */
  readonly id: string;
  /** Shape, class names and counts, as far as known without decoding every sample. */
  describe(): Promise<DataDescription>;
  /** Reads every sample into memory. Rejects with `DatasetError` (a code and vars), never with prose. */
  load(options?: DataLoadOptions): Promise<LoadedDataset>;
}
