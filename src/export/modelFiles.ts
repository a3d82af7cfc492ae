/**
 * TF.js layers-format model files without tfjs: read a `model.json` (its topology and weights
 * manifest) and the weight files it names into named float32 arrays, refusing what is malformed,
 * truncated or absurdly large before any big allocation; and write the files back. What a model is
 * made of once read: a `WeightSet`, plain data that crosses the worker boundary and goes into
 * IndexedDB and bundles as it is.
 */
import { formatBytes, type ModelResult, refused } from './modelProblems';

/** Largest model.json text read (a topology is kilobytes; the weights are in other files). */
export const MAX_MODEL_JSON_BYTES = 16 * 1024 * 1024;
/** Largest weights a model may claim in all: far above the course CNN's 4.8 MB, far below what a tab can hold. */
export const MAX_WEIGHT_BYTES = 512 * 1024 * 1024;
/** The one weights file Kairo writes beside its model.json. */
export const WEIGHTS_FILE_NAME = 'weights.bin';

export interface WeightEntry {
  name: string;
  shape: number[];
}

/** Named float32 weights: `data` holds them one after another in `entries` order. */
export interface WeightSet {
  entries: WeightEntry[];
  data: ArrayBuffer;
}

export interface ManifestGroup {
  paths: string[];
  weights: { name: string; shape: number[]; dtype: string }[];
}

/** A parsed model.json: what this module checked, plus the topology for whoever builds from it. */
export interface ModelJson {
  modelTopology: unknown;
  weightsManifest: ManifestGroup[];
  /** Kairo's own notes (the graph fingerprint the weights were trained for). */
  userDefinedMetadata?: Record<string, unknown>;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.length <= 8 && value.every((dim) => Number.isInteger(dim) && dim >= 0 && dim <= 2 ** 31);
}

/** Reads a model.json's text: a layers model with a well-formed manifest within the size limits. */
export function parseModelJson(text: string): ModelResult<{ model: ModelJson }> {
  if (text.length > MAX_MODEL_JSON_BYTES) {
    return refused('MODEL_FILE_TOO_LARGE', { size: formatBytes(text.length), limit: formatBytes(MAX_MODEL_JSON_BYTES) });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return refused('MODEL_NOT_JSON', { detail: error instanceof Error ? error.message : String(error) });
  }
  if (!isRecord(raw) || !isRecord(raw.modelTopology) || (raw.format !== undefined && raw.format !== 'layers-model')) {
    return refused('MODEL_NOT_LAYERS_MODEL', { format: isRecord(raw) && typeof raw.format === 'string' ? raw.format : '?' });
  }
  if (!Array.isArray(raw.weightsManifest)) return refused('MODEL_MANIFEST_INVALID', { where: 'weightsManifest' });
  const groups: ManifestGroup[] = [];
  let claimedBytes = 0;
  for (const [groupIndex, group] of raw.weightsManifest.entries()) {
    const where = `weightsManifest[${groupIndex}]`;
    if (!isRecord(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      return refused('MODEL_MANIFEST_INVALID', { where });
    }
    if (!group.paths.every((path) => typeof path === 'string' && path.length > 0)) {
      return refused('MODEL_MANIFEST_INVALID', { where: `${where}.paths` });
    }
    const weights: ManifestGroup['weights'] = [];
    for (const [index, weight] of group.weights.entries()) {
      if (!isRecord(weight) || typeof weight.name !== 'string' || !isShape(weight.shape)) {
        return refused('MODEL_MANIFEST_INVALID', { where: `${where}.weights[${index}]` });
      }
      const dtype = weight.dtype ?? 'float32';
      if (dtype !== 'float32' || weight.quantization !== undefined) {
        return refused('MODEL_WEIGHT_DTYPE', { name: weight.name, dtype: weight.quantization !== undefined ? 'quantized' : String(dtype) });
      }
      claimedBytes += elementCount(weight.shape) * 4;
      // Checked as it grows: a 1 GB claim is refused here, before any file is read.
      if (claimedBytes > MAX_WEIGHT_BYTES) {
        return refused('MODEL_WEIGHTS_TOO_LARGE', { size: formatBytes(claimedBytes), limit: formatBytes(MAX_WEIGHT_BYTES) });
      }
      weights.push({ name: weight.name, shape: [...weight.shape], dtype });
    }
    groups.push({ paths: group.paths.map(String), weights });
  }
  const metadata = isRecord(raw.userDefinedMetadata) ? raw.userDefinedMetadata : undefined;
  return {
    ok: true,
    model: { modelTopology: raw.modelTopology, weightsManifest: groups, ...(metadata ? { userDefinedMetadata: metadata } : {}) },
  };
}

/** The file name part of a manifest path ("./group1-shard1of1.bin" → "group1-shard1of1.bin"). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/**
 * The weights a manifest describes, read from its files (looked up by file name). Each group's
 * files, joined in order, must hold exactly the bytes its weights claim.
 */
export function readWeights(model: ModelJson, files: ReadonlyMap<string, Uint8Array>): ModelResult<{ weights: WeightSet }> {
  const entries: WeightEntry[] = [];
  let total = 0;
  for (const group of model.weightsManifest) {
    for (const weight of group.weights) total += elementCount(weight.shape) * 4;
  }
  const data = new Uint8Array(total);
  let offset = 0;
  for (const group of model.weightsManifest) {
    const groupBytes = group.weights.reduce((sum, weight) => sum + elementCount(weight.shape) * 4, 0);
    const parts: Uint8Array[] = [];
    for (const path of group.paths) {
      const file = files.get(baseName(path));
      if (!file) return refused('MODEL_WEIGHTS_FILE_MISSING', { file: baseName(path) });
      parts.push(file);
    }
    const found = parts.reduce((sum, part) => sum + part.length, 0);
    const fileNames = group.paths.map(baseName).join(', ');
    if (found < groupBytes) return refused('MODEL_WEIGHTS_TRUNCATED', { file: fileNames, expected: groupBytes, found });
    if (found > groupBytes) return refused('MODEL_WEIGHTS_TOO_LONG', { file: fileNames, expected: groupBytes, found });
    for (const part of parts) {
      data.set(part, offset);
      offset += part.length;
    }
    for (const weight of group.weights) entries.push({ name: weight.name, shape: weight.shape });
  }
  return { ok: true, weights: { entries, data: data.buffer } };
}

/** Each weight's values (views into the set's buffer), by name. */
export function weightValues(weights: WeightSet): Map<string, Float32Array> {
  const values = new Map<string, Float32Array>();
  let offset = 0;
  for (const entry of weights.entries) {
    const count = elementCount(entry.shape);
    values.set(entry.name, new Float32Array(weights.data, offset * 4, count));
    offset += count;
  }
  return values;
}

/** The files of a TF.js layers model: model.json (one manifest group, one weights file) and its bytes. */
export function writeModelFiles(
  modelTopology: unknown,
  weights: WeightSet,
  metadata?: Record<string, unknown>,
): { modelJson: string; weightsBin: Uint8Array<ArrayBuffer> } {
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'Kairo (TensorFlow.js 4.22.0 tfjs-layers)',
    convertedBy: null,
    modelTopology,
    weightsManifest: [
      { paths: [WEIGHTS_FILE_NAME], weights: weights.entries.map((entry) => ({ name: entry.name, shape: entry.shape, dtype: 'float32' })) },
    ],
    ...(metadata ? { userDefinedMetadata: metadata } : {}),
  };
  return { modelJson: JSON.stringify(modelJson), weightsBin: new Uint8Array(weights.data) };
}
