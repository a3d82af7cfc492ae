/**
 * A trained model as a folder on disk, in the TF.js layers format: `model.json` + `weights.bin`.
 * `kairo train --save-model DIR` writes one; `kairo export --weights DIR` reads one (and so do the
 * exported Python scripts, with numpy). Node only.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TrainingRuntime } from '../engine/runtime';
import { MAX_MODEL_JSON_BYTES, MAX_WEIGHT_BYTES, type ModelJson, parseModelJson, readWeights, type WeightSet, WEIGHTS_FILE_NAME, writeModelFiles } from '../export/modelFiles';
import { formatBytes, type ModelResult, refused } from '../export/modelProblems';
import { graphFingerprint } from '../graph/fingerprint';
import type { Graph } from '../graph/types';
import { saveTrainedModel } from '../worker/modelIo';

type Tf = typeof import('@tensorflow/tfjs');

export const MODEL_JSON_FILE = 'model.json';

/** Saves the runtime's model into `dir` (created if missing); the fingerprint of `graph` goes into model.json. */
export async function writeTrainedModel(
  tf: Tf,
  runtime: TrainingRuntime,
  graph: Graph,
  dir: string,
): Promise<{ ok: true; files: string[] } | { ok: false; reason: string }> {
  const result = await saveTrainedModel(tf, runtime);
  if (!result.ok) return { ok: false, reason: result.problem.code };
  const files = writeModelFiles(result.saved.modelTopology, result.saved.weights, { kairo: { fingerprint: graphFingerprint(graph) } });
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, MODEL_JSON_FILE), files.modelJson);
    await writeFile(path.join(dir, WEIGHTS_FILE_NAME), files.weightsBin);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true, files: [MODEL_JSON_FILE, WEIGHTS_FILE_NAME] };
}

/** Reads a model folder (or a model.json path): the parsed model.json and its weights. */
export async function readModelFolder(location: string): Promise<ModelResult<{ model: ModelJson; weights: WeightSet }>> {
  let dir = location;
  let jsonPath = path.join(location, MODEL_JSON_FILE);
  try {
    if ((await stat(location)).isFile()) {
      jsonPath = location;
      dir = path.dirname(location);
    }
    const size = (await stat(jsonPath)).size;
    if (size > MAX_MODEL_JSON_BYTES) {
      return refused('MODEL_FILE_TOO_LARGE', { size: formatBytes(size), limit: formatBytes(MAX_MODEL_JSON_BYTES) });
    }
  } catch {
    return refused('MODEL_WEIGHTS_FILE_MISSING', { file: jsonPath });
  }
  const parsed = parseModelJson(await readFile(jsonPath, 'utf8'));
  if (!parsed.ok) return parsed;
  const wanted = new Set(parsed.model.weightsManifest.flatMap((group) => group.paths.map((each) => path.basename(each))));
  const files = new Map<string, Uint8Array>();
  const present = new Set(await readdir(dir));
  for (const name of wanted) {
    if (!present.has(name)) continue;
    const file = path.join(dir, name);
    // A file far beyond what the manifest can claim is not read into memory at all.
    if ((await stat(file)).size > MAX_WEIGHT_BYTES + 1) {
      return refused('MODEL_WEIGHTS_TOO_LARGE', { size: formatBytes((await stat(file)).size), limit: formatBytes(MAX_WEIGHT_BYTES) });
    }
    files.set(name, new Uint8Array(await readFile(file)));
  }
  const weights = readWeights(parsed.model, files);
  if (!weights.ok) return weights;
  return { ok: true, model: parsed.model, weights: weights.weights };
}
