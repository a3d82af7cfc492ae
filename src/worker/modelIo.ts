/**
 * The trained model in and out of the runtime: save the compiled model's topology and weights
 * (through `tf.io.withSaveHandler`, so nothing is written anywhere but handed back as data), load a
 * weight set into a compiled model by weight name, and restore a model (compile its graph, then
 * load its weights). Used by the worker's API and by the CLI; the tfjs namespace is passed in.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { TrainingRuntime } from '../engine/runtime';
import type { CompileOutcome } from '../engine/runtimeResults';
import { elementCount, type WeightSet, weightValues } from '../export/modelFiles';
import { type ModelProblem, type ModelResult, modelProblem, refused } from '../export/modelProblems';
import type { Graph } from '../graph/types';

type Tf = typeof import('@tensorflow/tfjs');

/** The compiled model's files as data: its topology and its weights by name. */
export interface SavedModel {
  modelTopology: unknown;
  weights: WeightSet;
}

export type RestoreOutcome = CompileOutcome | { ok: false; issues: []; problem: ModelProblem };

function joinBuffers(data: ArrayBuffer | ArrayBuffer[]): ArrayBuffer {
  if (!Array.isArray(data)) return data;
  const total = data.reduce((sum, part) => sum + part.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of data) {
    joined.set(new Uint8Array(part), offset);
    offset += part.byteLength;
  }
  return joined.buffer;
}

/** Saves a model through a handler that keeps the artifacts: no file, no download, no storage. */
export async function saveModel(tf: Tf, model: tfTypes.LayersModel): Promise<SavedModel> {
  let saved: SavedModel | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const specs = artifacts.weightSpecs ?? [];
      const data = artifacts.weightData === undefined ? new ArrayBuffer(0) : joinBuffers(artifacts.weightData);
      saved = {
        modelTopology: artifacts.modelTopology,
        weights: { entries: specs.map((spec) => ({ name: spec.name, shape: [...spec.shape] })), data },
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('the model was not saved');
  return saved;
}

/** The runtime's trained model as data; MODEL_NOT_TRAINED when it holds none. */
export async function saveTrainedModel(tf: Tf, runtime: TrainingRuntime): Promise<ModelResult<{ saved: SavedModel }>> {
  const compiled = runtime.compiledGraph;
  if (!compiled || runtime.isTraining) return refused('MODEL_NOT_TRAINED');
  try {
    return { ok: true, saved: await saveModel(tf, compiled.model) };
  } catch (error) {
    return refused('MODEL_LOAD_FAILED', { detail: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Writes a weight set into a model, weight by weight by name (tfjs's own name, before any suffix
 * tfjs adds to keep variable names unique). Every weight of the model must be in the set with its
 * shape; nothing is written unless all are.
 */
export function loadWeights(tf: Tf, model: tfTypes.LayersModel, weights: WeightSet): ModelProblem | undefined {
  const values = weightValues(weights);
  const shapes = new Map(weights.entries.map((entry) => [entry.name, entry.shape]));
  const known = new Set(model.weights.map((weight) => weight.originalName));
  for (const weight of model.weights) {
    const shape = shapes.get(weight.originalName);
    if (!shape) return modelProblem('MODEL_WEIGHT_MISSING', { name: weight.originalName });
    const expected = weight.shape as number[];
    if (shape.length !== expected.length || shape.some((dim, axis) => dim !== expected[axis])) {
      return modelProblem('MODEL_WEIGHT_SHAPE', {
        name: weight.originalName,
        expected: `[${expected.join(', ')}]`,
        found: `[${shape.join(', ')}]`,
      });
    }
  }
  const extra = weights.entries.find((entry) => !known.has(entry.name));
  if (extra) return modelProblem('MODEL_WEIGHT_UNEXPECTED', { name: extra.name });
  for (const weight of model.weights) {
    const data = values.get(weight.originalName);
    if (!data || data.length !== elementCount(weight.shape as number[])) continue;
    const tensor = tf.tensor(data, weight.shape as number[], 'float32');
    weight.write(tensor);
    tensor.dispose();
  }
  return undefined;
}

/** Compiles `graph` in the runtime (replacing its model) and loads `weights` into it. */
export async function restoreModel(tf: Tf, runtime: TrainingRuntime, graph: Graph, weights: WeightSet): Promise<RestoreOutcome> {
  const compiled = await runtime.compile(graph);
  if (!compiled.ok) return compiled;
  const model = runtime.compiledGraph?.model;
  if (!model) return { ok: false, issues: [], problem: modelProblem('MODEL_LOAD_FAILED', { detail: 'no model after compiling' }) };
  let problem: ModelProblem | undefined;
  try {
    problem = loadWeights(tf, model, weights);
  } catch (error) {
    problem = modelProblem('MODEL_LOAD_FAILED', { detail: error instanceof Error ? error.message : String(error) });
  }
  if (problem) {
    // A model with half its weights loaded must not be mistaken for a trained one.
    await runtime.dispose();
    return { ok: false, issues: [], problem };
  }
  return compiled;
}
