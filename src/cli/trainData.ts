/**
 * The data `kairo train` trains on: what the graph's dataset node names (MNIST, a built-in table),
 * or what `--data PATH [--test PATH] [--label COLUMN]` gives — a folder of class folders or a .zip
 * of one (JPEG, PNG and TIFF; the CLI does not decode WebP, GIF or BMP and says which files it
 * skipped), or a CSV/TSV table. Given data is written into the dataset node as the browser's import
 * would (source, data reference), so the analysis sizes the model for it; the graph file on disk is
 * not changed.
 */
import path from 'node:path';
import { builtinTable } from '../engine/data/builtinTables';
import { datasetFailureOf } from '../engine/data/datasetError';
import { manifestFingerprint } from '../engine/data/fingerprint';
import type { SkippedFile } from '../engine/data/imageLayout';
import { imagesToDataset } from '../engine/data/imageSamples';
import { mnistNodeSource } from '../engine/data/mnistNode';
import { importImagesFromDisk, readTableFile } from '../engine/data/nodeFiles';
import { datasetSettingsOf } from '../engine/data/request';
import type { LoadedDataset } from '../engine/data/source';
import { defaultFeatureColumns, defaultLabelColumn, tableReference, tableToDataset } from '../engine/data/tableEncode';
import type { EngineMessage } from '../engine/failures';
import { type DataReference, isPlaceholder } from '../graph/dataReference';
import type { Graph } from '../graph/types';
import { graphWithData } from '../graph/withData';
import { type Language, translate } from '../i18n/index';

export interface DataOptions {
  data?: string;
  test?: string;
  label?: string;
}

export type ResolvedData =
  | { ok: true; graph: Graph; data: LoadedDataset; notes: string[] }
  | { ok: false; message?: string; failure?: EngineMessage };

/** Skipped files named in a note, at most this many. */
const SKIPPED_SHOWN = 10;

export function isTablePath(file: string): boolean {
  return /\.(csv|tsv|txt)$/i.test(file);
}

function withReference(graph: Graph, reference: DataReference): Graph {
  return graphWithData(graph, reference);
}

/** "3 files skipped: a.txt (not an image), …" in the chosen language. */
export function skippedNote(skipped: readonly SkippedFile[], language: Language): string | undefined {
  if (skipped.length === 0) return undefined;
  const shown = skipped
    .slice(0, SKIPPED_SHOWN)
    .map((file) => `${file.path} (${translate(language, `data.skip.${file.reason}`)})`)
    .join(', ');
  return translate(language, 'data.cli.skipped', { count: skipped.length, files: skipped.length > SKIPPED_SHOWN ? `${shown}, …` : shown });
}

function otherDataNote(before: DataReference | null | undefined, after: DataReference, language: Language): string | undefined {
  if (!before || isPlaceholder(before) || before.fingerprint === after.fingerprint) return undefined;
  return translate(language, 'data.cli.otherData', { named: before.name, given: after.name });
}

/** Resolves and loads the training data; never throws. */
export async function resolveTrainingData(graph: Graph, options: DataOptions, language: Language): Promise<ResolvedData> {
  const settings = datasetSettingsOf(graph);
  if (!settings) return { ok: false, message: translate(language, 'data.cli.noDataset') };
  try {
    if (options.data === undefined) {
      if (settings.source === 'mnist') return { ok: true, graph, data: await mnistNodeSource().load(), notes: [] };
      const reference = settings.data;
      if (reference?.kind === 'table' && reference.builtin) {
        const table = await builtinTable(reference.builtin);
        return { ok: true, graph, data: tableToDataset(table, reference, { missing: settings.missing, testSplit: settings.testSplit, seed: settings.shuffleSeed }), notes: [] };
      }
      const name = reference && !isPlaceholder(reference) ? reference.name : '';
      return { ok: false, message: translate(language, settings.source === 'images' ? 'data.cli.needsImages' : 'data.cli.needsTable', { name }) };
    }

    if (isTablePath(options.data)) {
      const train = await readTableFile(options.data);
      const test = options.test === undefined ? undefined : await readTableFile(options.test);
      const named = settings.data?.kind === 'table' ? settings.data : undefined;
      const labelColumn = options.label ?? (named && train.table.headers.includes(named.labelColumn) ? named.labelColumn : defaultLabelColumn(train.table));
      // Keep the graph's feature columns when the file has them all: the model keeps its input size.
      const namedColumns = named?.labelColumn === labelColumn ? named.columns.map((column) => column.name) : undefined;
      const featureColumns = namedColumns?.every((name) => train.table.headers.includes(name)) ? namedColumns : defaultFeatureColumns(train.table, labelColumn);
      const manifest = [{ split: 'train' as const, sha256: train.sha256 }, ...(test ? [{ split: 'test' as const, sha256: test.sha256 }] : [])];
      const reference = tableReference(train.table, { name: train.name, fingerprint: await manifestFingerprint(manifest), labelColumn, featureColumns }, test?.table);
      const data = tableToDataset(train.table, reference, { missing: settings.missing, testSplit: settings.testSplit, seed: settings.shuffleSeed }, test?.table);
      const notes = [otherDataNote(settings.data, reference, language)].filter((note): note is string => note !== undefined);
      return { ok: true, graph: withReference(graph, reference), data, notes };
    }

    if (options.label !== undefined) return { ok: false, message: translate(language, 'data.cli.labelNeedsTable') };
    const image = { size: settings.imageSize, channels: settings.color === 'grey' ? (1 as const) : (3 as const), fit: settings.fit };
    const collection = await importImagesFromDisk(path.resolve(options.data), options.test === undefined ? undefined : path.resolve(options.test), image);
    const data = imagesToDataset(collection, { testSplit: settings.testSplit, seed: settings.shuffleSeed });
    const notes = [skippedNote(collection.skipped, language), otherDataNote(settings.data, collection.reference, language)].filter(
      (note): note is string => note !== undefined,
    );
    return { ok: true, graph: withReference(graph, collection.reference), data, notes };
  } catch (error) {
    return { ok: false, failure: datasetFailureOf(error) };
  }
}
