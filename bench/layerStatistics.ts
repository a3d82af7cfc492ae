/**
 * What the per-layer gradient and weight statistics cost (part of `npm run bench`; alone:
 * `npx tsx bench/layerStatistics.ts [--backend wasm|cpu] [--only logreg,mlp,cnn] [--rounds N]`).
 *
 * Node, Kairo's own training loop on the compiled presets, each round one epoch of a fixed number
 * of batches, run as the app runs it (batch events throttled): with the statistics as the app
 * measures them (every 10th batch and at least twice a second, src/ui/inside/layerSeries.ts) and
 * without, in alternating rounds (who goes first alternates too) after a warm-up round of each.
 * Reported: samples/s from the median wall time per batch, and the median CPU seconds per batch of
 * this process (which other processes on a shared machine barely move), each as on/off. A third
 * column measures every batch, to show what one measurement costs. Goal: on/off ≥ 0.95.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { compileGraph } from '../src/engine/compile';
import { loadMnistFromNodeModules } from '../src/engine/data/mnistNode';
import { firstSamples } from '../src/engine/data/samples';
import type { LoadedDataset } from '../src/engine/data/source';
import type { LayerStatisticsOptions } from '../src/engine/inspect/layerStatistics';
import { TrainingControl } from '../src/engine/trainingControl';
import { type TrainingJob, trainModel } from '../src/engine/trainingLoop';
import { initWasmBackend } from '../src/engine/wasm/setup';
import { parseGraphFile } from '../src/graph/format';
import { LAYER_STATISTICS } from '../src/ui/inside/layerSeries';

type PresetName = 'logreg' | 'mlp' | 'cnn';

export interface LayerStatisticsBenchOptions {
  only: readonly string[];
  rounds: number;
}

const root = path.resolve(import.meta.dirname, '..');

/** Batches per round: enough that every 10th is measured several times (fewer for the slow CNN). */
const PRESETS: readonly { name: PresetName; file: string; batches: number; rounds?: number }[] = [
  { name: 'logreg', file: 'presets/mnist-logreg.json', batches: 150 },
  { name: 'mlp', file: 'presets/mnist-mlp.json', batches: 40 },
  { name: 'cnn', file: 'presets/mnist-cnn.json', batches: 12, rounds: 4 },
];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

interface Round {
  wallPerBatch: number;
  cpuPerBatch: number;
}

async function timeRound(job: TrainingJob, batches: number, statistics: LayerStatisticsOptions | undefined): Promise<Round> {
  let measured = 0;
  const wallStart = performance.now();
  const cpuStart = cpuSeconds();
  const outcome = await trainModel(
    tf,
    job,
    new TrainingControl(),
    (event) => {
      if (event.type === 'batch') measured += event.layerSamples?.length ?? 0;
    },
    statistics ? { layerStatistics: statistics } : {},
  );
  if (outcome.status !== 'completed') throw new Error(outcome.failure?.code ?? outcome.status);
  if (statistics && measured === 0 && batches > 1) throw new Error('the statistics were on but nothing was measured');
  return { wallPerBatch: (performance.now() - wallStart) / 1000 / batches, cpuPerBatch: (cpuSeconds() - cpuStart) / batches };
}

/** Runs on the active backend, on MNIST as loaded by the caller. */
export async function layerStatisticsBench(data: LoadedDataset, options: LayerStatisticsBenchOptions): Promise<void> {
  console.log(
    `\n== Node: cost of the per-layer gradient statistics, backend ${tf.getBackend()}, alternating rounds (every ${LAYER_STATISTICS.everyBatches}th batch and at least every ${LAYER_STATISTICS.atLeastEveryMs} ms, as in the app) ==`,
  );
  const rows: string[][] = [['preset', 'off samples/s', 'on samples/s', 'on/off', 'paired on/off', 'CPU on/off', 'every batch/off', 'rounds']];
  for (const preset of PRESETS.filter((each) => options.only.includes(each.name))) {
    const parsed = parseGraphFile(readFileSync(path.join(root, preset.file), 'utf8'));
    if (!parsed.ok) throw new Error(`${preset.file} does not load`);
    const compiled = compileGraph(tf, parsed.graph);
    if (!compiled.ok) throw new Error(`${preset.file} does not compile`);
    const batchSize = compiled.dataset.batchSize;
    const job: TrainingJob = {
      model: compiled.model,
      optimizer: compiled.optimizer,
      lossName: compiled.lossName,
      numClasses: compiled.numClasses,
      train: firstSamples(data.train, preset.batches * batchSize),
      settings: { epochs: 1, batchSize, shuffle: true, shuffleSeed: 42 },
      layerOrigins: compiled.layerOrigins,
    };
    const variants = { off: undefined, on: LAYER_STATISTICS, every: { everyBatches: 1 } } as const;
    const times: Record<keyof typeof variants, Round[]> = { off: [], on: [], every: [] };
    const rounds = Math.min(options.rounds, preset.rounds ?? options.rounds);
    for (let round = 0; round <= rounds; round++) {
      const order: (keyof typeof variants)[] = round % 2 === 0 ? ['off', 'on', 'every'] : ['on', 'off', 'every'];
      for (const variant of order) {
        const time = await timeRound(job, preset.batches, variants[variant]);
        // Round 0 warms up both paths (kernel compilation, first allocations).
        if (round > 0) times[variant].push(time);
      }
    }
    const samplesPerSecond = (variant: keyof typeof variants) => batchSize / median(times[variant].map((time) => time.wallPerBatch));
    const cpu = (variant: keyof typeof variants) => median(times[variant].map((time) => time.cpuPerBatch));
    // Each round's on against the same round's off: a machine that gets busier between rounds moves both.
    const paired = median(times.on.map((time, index) => (times.off[index]?.wallPerBatch ?? Number.NaN) / time.wallPerBatch));
    rows.push([
      preset.name,
      samplesPerSecond('off').toFixed(0),
      samplesPerSecond('on').toFixed(0),
      (samplesPerSecond('on') / samplesPerSecond('off')).toFixed(3),
      paired.toFixed(3),
      (cpu('off') / cpu('on')).toFixed(3),
      (samplesPerSecond('every') / samplesPerSecond('off')).toFixed(3),
      String(rounds),
    ]);
    compiled.dispose();
  }
  console.log(
    'on/off: throughput with the statistics as the app measures them over without, from the medians (goal ≥ 0.95); paired: the median of each round’s ratio; CPU on/off: from CPU seconds per batch; every batch/off: measuring every batch.',
  );
  for (const row of rows) console.log(row.map((cell, index) => (index === 0 ? cell.padEnd(8) : cell.padStart(16))).join(''));
}

function parseArguments(args: readonly string[]): LayerStatisticsBenchOptions & { backend: 'wasm' | 'cpu' } {
  const options: LayerStatisticsBenchOptions & { backend: 'wasm' | 'cpu' } = { backend: 'wasm', only: ['logreg', 'mlp', 'cnn'], rounds: 8 };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const value = args[index + 1];
    if (arg === '--backend') options.backend = value === 'cpu' ? 'cpu' : 'wasm';
    else if (arg === '--only') options.only = (value ?? '').split(',');
    else if (arg === '--rounds') options.rounds = Number(value);
    else continue;
    index++;
  }
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = parseArguments(process.argv.slice(2));
  if (options.backend === 'wasm') await initWasmBackend(tf);
  else await tf.setBackend('cpu');
  await layerStatisticsBench(await loadMnistFromNodeModules(), options);
}
