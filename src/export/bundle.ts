/**
 * A bundle: one zip (`.kairo.zip`) that hands a trained model to someone else — the graph file, the
 * TF.js model (model.json + weights.bin) and the run history (curves, test evaluation). Opening
 * one gives back the graph and a `TrainedModel` for it. Reading refuses what is not a bundle, what
 * would unpack to more than the limits (a zip bomb is refused from the sizes its directory
 * declares, before anything is inflated; fflate never inflates past a declared size), and any entry
 * that does not check out. Pure.
 */
import { unzipSync, zipSync } from 'fflate';
import { parseGraphFile } from '../graph/format';
import { graphFingerprint } from '../graph/fingerprint';
import { serializeGraph } from '../graph/serialize';
import type { Graph } from '../graph/types';
import { MAX_MODEL_JSON_BYTES, MAX_WEIGHT_BYTES, parseModelJson, readWeights, WEIGHTS_FILE_NAME, writeModelFiles } from './modelFiles';
import { formatBytes, type ModelResult, refused } from './modelProblems';
import { checkWeights, type RunHistory, type TrainedModel } from './trainedModel';
import { describeForExport } from './exportModel';

export const BUNDLE_FORMAT = 'kairo-bundle';
export const BUNDLE_VERSION = 1;
export const BUNDLE_EXTENSION = '.kairo.zip';

export const BUNDLE_ENTRIES = {
  manifest: 'kairo-bundle.json',
  graph: 'graph.kairo.json',
  modelJson: 'model/model.json',
  weights: `model/${WEIGHTS_FILE_NAME}`,
  history: 'history.json',
} as const;

/** What each entry may unpack to at most; anything else in the archive is not read at all. */
const ENTRY_LIMITS: Readonly<Record<string, number>> = {
  [BUNDLE_ENTRIES.manifest]: 64 * 1024,
  [BUNDLE_ENTRIES.graph]: 8 * 1024 * 1024,
  [BUNDLE_ENTRIES.modelJson]: MAX_MODEL_JSON_BYTES,
  [BUNDLE_ENTRIES.weights]: MAX_WEIGHT_BYTES,
  [BUNDLE_ENTRIES.history]: 16 * 1024 * 1024,
};

/** The largest bundle file read at all (the weights limit and room for the rest). */
export const MAX_BUNDLE_BYTES = MAX_WEIGHT_BYTES + 64 * 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The bundle of a trained model: a zip archive's bytes. */
export function writeBundle(model: TrainedModel): Uint8Array<ArrayBuffer> {
  const files = writeModelFiles(model.modelTopology, model.weights, { kairo: { fingerprint: model.fingerprint } });
  const manifest = { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, fingerprint: model.fingerprint, savedAt: model.savedAt };
  // fflate allocates plain ArrayBuffers (never shared ones), so the bytes can go into a Blob.
  return zipSync({
    [BUNDLE_ENTRIES.manifest]: encoder.encode(JSON.stringify(manifest, null, 2)),
    [BUNDLE_ENTRIES.graph]: encoder.encode(serializeGraph(model.graph)),
    [BUNDLE_ENTRIES.modelJson]: encoder.encode(files.modelJson),
    // Float weights hardly compress: stored as they are, so writing and reading stay quick.
    [BUNDLE_ENTRIES.weights]: [files.weightsBin, { level: 0 }],
    [BUNDLE_ENTRIES.history]: encoder.encode(JSON.stringify(model.history)),
  }) as Uint8Array<ArrayBuffer>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isHistory(value: unknown): value is RunHistory {
  if (!isRecord(value) || !Array.isArray(value.epochs) || !isRecord(value.curves)) return false;
  const { loss, accuracy } = value.curves;
  const isCurve = (curve: unknown) => Array.isArray(curve) && curve.every((point) => Array.isArray(point) && point.length === 2 && point.every((x) => typeof x === 'number'));
  return (
    ['completed', 'stopped', 'imported'].includes(String(value.result)) &&
    typeof value.plannedEpochs === 'number' &&
    typeof value.backend === 'string' &&
    isCurve(loss) &&
    isCurve(accuracy) &&
    value.epochs.every((epoch) => isRecord(epoch) && typeof epoch.epoch === 'number' && typeof epoch.loss === 'number') &&
    (value.evaluation === null || (isRecord(value.evaluation) && typeof value.evaluation.accuracy === 'number'))
  );
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
}

/** Opens a bundle: the graph and its trained model, or the one problem that stops it. */
export function readBundle(bytes: Uint8Array): ModelResult<{ graph: Graph; model: TrainedModel }> {
  if (bytes.length > MAX_BUNDLE_BYTES) {
    return refused('BUNDLE_TOO_LARGE', { entry: 'zip', size: formatBytes(bytes.length), limit: formatBytes(MAX_BUNDLE_BYTES) });
  }
  let tooLarge: { entry: string; size: number; limit: number } | undefined;
  let declaredTotal = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter(file) {
        const limit = ENTRY_LIMITS[file.name];
        if (limit === undefined) return false;
        // A deflated entry never inflates past its declared size; a stored one is as long as it is.
        const size = Math.max(file.size, file.originalSize);
        declaredTotal += size;
        if (size > limit || declaredTotal > MAX_BUNDLE_BYTES) {
          tooLarge ??= { entry: file.name, size, limit };
          return false;
        }
        return true;
      },
    });
  } catch {
    return refused('BUNDLE_NOT_ZIP');
  }
  if (tooLarge) return refused('BUNDLE_TOO_LARGE', { entry: tooLarge.entry, size: formatBytes(tooLarge.size), limit: formatBytes(tooLarge.limit) });
  const entry = (name: string) => entries[name];
  const manifestBytes = entry(BUNDLE_ENTRIES.manifest);
  const manifest = manifestBytes ? parseJson(manifestBytes) : undefined;
  if (!isRecord(manifest) || manifest.format !== BUNDLE_FORMAT) return refused('BUNDLE_WRONG_FORMAT');
  if (typeof manifest.version !== 'number' || manifest.version > BUNDLE_VERSION) {
    return refused('BUNDLE_TOO_NEW', { version: String(manifest.version) });
  }
  for (const name of [BUNDLE_ENTRIES.graph, BUNDLE_ENTRIES.modelJson, BUNDLE_ENTRIES.weights, BUNDLE_ENTRIES.history]) {
    if (!entry(name)) return refused('BUNDLE_ENTRY_MISSING', { entry: name });
  }
  const parsedGraph = parseGraphFile(decoder.decode(entry(BUNDLE_ENTRIES.graph)));
  if (!parsedGraph.ok) return refused('BUNDLE_GRAPH_INVALID', { reason: parsedGraph.issues.map((issue) => issue.code).join(', ') });
  const modelJson = parseModelJson(decoder.decode(entry(BUNDLE_ENTRIES.modelJson)));
  if (!modelJson.ok) return modelJson;
  const weights = readWeights(modelJson.model, new Map([[WEIGHTS_FILE_NAME, entry(BUNDLE_ENTRIES.weights) as Uint8Array]]));
  if (!weights.ok) return weights;
  const history = parseJson(entry(BUNDLE_ENTRIES.history) as Uint8Array);
  if (!isHistory(history)) return refused('BUNDLE_HISTORY_INVALID');
  const graph = parsedGraph.graph;
  // The weights must be those of this very graph's model, by name and shape.
  const description = describeForExport(graph);
  if (!description.ok) return refused('BUNDLE_GRAPH_INVALID', { reason: description.issues.map((issue) => issue.code).join(', ') });
  const problem = checkWeights(weights.weights, description.model.weights);
  if (problem) return { ok: false, problem };
  const fingerprint = graphFingerprint(graph);
  return {
    ok: true,
    graph,
    model: {
      fingerprint,
      graph,
      modelTopology: modelJson.model.modelTopology,
      weights: weights.weights,
      history,
      savedAt: typeof manifest.savedAt === 'string' ? manifest.savedAt : new Date(0).toISOString(),
    },
  };
}

/** A file name for a graph's bundle, from its title. */
export function bundleFileName(graph: Pick<Graph, 'meta'>): string {
  const base = (graph.meta.title.en || 'kairo-model')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base || 'kairo-model'}${BUNDLE_EXTENSION}`;
}
