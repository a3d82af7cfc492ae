/**
 * What the Node benches time: a preset compiled by Kairo's compiler and paired with the first
 * `batches` batches of the training samples (shuffled with a fixed seed, one epoch).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { compileGraph } from '../src/engine/compile';
import type { LabelledSamples } from '../src/engine/data/samples';
import { firstSamples } from '../src/engine/data/samples';
import type { TrainingJob } from '../src/engine/trainingLoop';
import { parseGraphFile } from '../src/graph/format';
import type { Graph } from '../src/graph/types';

const root = path.resolve(import.meta.dirname, '..');

type Compiled = Extract<ReturnType<typeof compileGraph>, { ok: true }>;

export interface PresetJob {
  /** The preset's graph as read from its file. */
  graph: Graph;
  compiled: Compiled;
  job: TrainingJob;
  batchSize: number;
  /** Samples in the job: batches × batch size. */
  count: number;
}

/** Compiles the preset `file` (relative to the repository) and builds its training job; throws with the codes if it cannot. */
export function presetTrainingJob(tf: typeof tfTypes, file: string, batches: number, train: LabelledSamples): PresetJob {
  const parsed = parseGraphFile(readFileSync(path.join(root, file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.issues.map((issue) => issue.code).join('; ')}`);
  const compiled = compileGraph(tf, parsed.graph);
  if (!compiled.ok) throw new Error(`${file}: ${compiled.issues.map((issue) => issue.code).join('; ')}`);
  const batchSize = compiled.dataset.batchSize;
  const count = batches * batchSize;
  const job: TrainingJob = {
    model: compiled.model,
    optimizer: compiled.optimizer,
    lossName: compiled.lossName,
    numClasses: compiled.numClasses,
    train: firstSamples(train, count),
    settings: { epochs: 1, batchSize, shuffle: true, shuffleSeed: 42 },
  };
  return { graph: parsed.graph, compiled, job, batchSize, count };
}
