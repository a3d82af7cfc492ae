/**
 * What the user picked to open, as a graph and a trained model: a bundle (.zip), or a TF.js
 * model.json with its weight files. Sizes are checked from the file list before a byte is read;
 * then the contents (bundle.ts, modelFiles.ts, tfjsImport.ts). Pure: nothing is applied here.
 */
import type { Graph } from '../graph/types';
import { MAX_BUNDLE_BYTES, readBundle } from './bundle';
import { baseName, MAX_MODEL_JSON_BYTES, MAX_WEIGHT_BYTES, parseModelJson, readWeights } from './modelFiles';
import { formatBytes, type ModelResult, refused } from './modelProblems';
import { type GraphLayout, importTfjsModel } from './tfjsImport';
import type { TrainedModel } from './trainedModel';
import { graphFingerprint } from '../graph/fingerprint';

export interface PickedFile {
  name: string;
  size: number;
}

export type ImportKind = 'bundle' | 'tfjs';

/** Which kind of import a selection is, and whether its sizes can be read at all. */
export function checkPickedFiles(files: readonly PickedFile[]): ModelResult<{ kind: ImportKind }> {
  const zip = files.find((file) => file.name.toLowerCase().endsWith('.zip'));
  if (zip) {
    if (zip.size > MAX_BUNDLE_BYTES) return refused('BUNDLE_TOO_LARGE', { entry: zip.name, size: formatBytes(zip.size), limit: formatBytes(MAX_BUNDLE_BYTES) });
    return { ok: true, kind: 'bundle' };
  }
  const json = files.find((file) => file.name.toLowerCase().endsWith('.json'));
  if (!json) return refused('MODEL_WEIGHTS_FILE_MISSING', { file: 'model.json' });
  if (json.size > MAX_MODEL_JSON_BYTES) return refused('MODEL_FILE_TOO_LARGE', { size: formatBytes(json.size), limit: formatBytes(MAX_MODEL_JSON_BYTES) });
  const weightBytes = files.filter((file) => file !== json).reduce((sum, file) => sum + file.size, 0);
  if (weightBytes > MAX_WEIGHT_BYTES) return refused('MODEL_WEIGHTS_TOO_LARGE', { size: formatBytes(weightBytes), limit: formatBytes(MAX_WEIGHT_BYTES) });
  return { ok: true, kind: 'tfjs' };
}

/** The bytes of the picked files, by name. */
export type ReadFile = (name: string) => Promise<Uint8Array>;

/** Opens the selection: the graph to show and the trained model that goes with it. */
export async function openPickedFiles(
  files: readonly PickedFile[],
  read: ReadFile,
  layout?: GraphLayout,
  now: Date = new Date(),
): Promise<ModelResult<{ graph: Graph; model: TrainedModel }>> {
  const checked = checkPickedFiles(files);
  if (!checked.ok) return checked;
  if (checked.kind === 'bundle') {
    const zip = files.find((file) => file.name.toLowerCase().endsWith('.zip'));
    return readBundle(await read(zip?.name ?? ''));
  }
  const json = files.find((file) => file.name.toLowerCase().endsWith('.json'));
  const parsed = parseModelJson(new TextDecoder().decode(await read(json?.name ?? '')));
  if (!parsed.ok) return parsed;
  // Only the files the manifest names are read.
  const wanted = new Set(parsed.model.weightsManifest.flatMap((group) => group.paths.map(baseName)));
  const bins = new Map<string, Uint8Array>();
  for (const file of files) if (wanted.has(file.name)) bins.set(file.name, await read(file.name));
  const weights = readWeights(parsed.model, bins);
  if (!weights.ok) return weights;
  const title = (json?.name ?? 'model.json').replace(/\.json$/i, '');
  const imported = importTfjsModel(parsed.model, weights.weights, title === 'model' ? 'Imported TF.js model' : title, layout);
  if (!imported.ok) return imported;
  const { graph } = imported.imported;
  return {
    ok: true,
    graph,
    model: {
      fingerprint: graphFingerprint(graph),
      graph,
      modelTopology: parsed.model.modelTopology,
      weights: imported.imported.weights,
      history: { result: 'imported', epochs: [], plannedEpochs: 0, curves: { loss: [], accuracy: [] }, evaluation: null, backend: '' },
      savedAt: now.toISOString(),
    },
  };
}
