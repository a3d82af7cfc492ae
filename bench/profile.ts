/**
 * `npx tsx bench/profile.ts`: where a training step of the course presets spends its time on the
 * WASM backend, kernel by kernel.
 *
 * Each preset is compiled from its graph file and trained by Kairo's own loop (trainModel, real
 * MNIST images, the preset's optimizer and batch size) inside tf.profile, which times every kernel
 * the backend runs. The table lists the kernels by total time per step, with their share of the
 * step's wall time; what no kernel accounts for (tensor bookkeeping, the tape, JS) is "outside
 * kernels". Steps are timed after warm-up steps; the quietest of several profiled rounds is shown.
 *
 * Options: --only logreg,mlp,cnn  --rounds N (default 3)  --threads N (WASM threads; default: what
 * the machine offers, see initWasmBackend)  --top N (kernels listed, default 12)  --no-simd (our
 * kernels' JavaScript loops instead of their WASM SIMD ones, src/engine/wasm/simd).
 */

import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadMnistFromNodeModules } from '../src/engine/data/mnistNode';
import { TrainingControl } from '../src/engine/trainingControl';
import { trainModel } from '../src/engine/trainingLoop';
import { initWasmBackend } from '../src/engine/wasm/setup';
import { presetTrainingJob } from './presetJob';

const _root = path.resolve(import.meta.dirname, '..');

const PRESETS = {
  logreg: { file: 'presets/mnist-logreg.json', batches: 60 },
  mlp: { file: 'presets/mnist-mlp.json', batches: 12 },
  cnn: { file: 'presets/mnist-cnn.json', batches: 3 },
} as const;
type PresetName = keyof typeof PRESETS;

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
}

const only = (argument('only')?.split(',') ?? Object.keys(PRESETS)) as PresetName[];
const rounds = Number(argument('rounds') ?? 3);
const top = Number(argument('top') ?? 12);
const threadsArgument = argument('threads');

interface KernelRow {
  name: string;
  msPerStep: number;
  calls: number;
}

async function profilePreset(name: PresetName, data: Awaited<ReturnType<typeof loadMnistFromNodeModules>>): Promise<void> {
  const preset = PRESETS[name];
  const { compiled, job, batchSize } = presetTrainingJob(tf, preset.file, preset.batches, data.train);
  const train = async () => {
    const outcome = await trainModel(tf, job, new TrainingControl(), () => {});
    if (outcome.status !== 'completed') throw new Error(`${name}: ${outcome.failure?.code ?? outcome.status}`);
  };
  await train(); // warm-up: first allocations, optimizer state, XNNPACK operator caches

  const checkWas = tf.env().getBool('CHECK_COMPUTATION_FOR_ERRORS');
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
  let best: { wall: number; kernels: Map<string, { ms: number; calls: number }> } | undefined;
  const plainWalls: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // An unprofiled round beside each profiled one: how much the profiler itself costs.
    const plainStart = performance.now();
    await train();
    plainWalls.push((performance.now() - plainStart) / preset.batches);
    const start = performance.now();
    const profile = await tf.profile(train);
    const wall = (performance.now() - start) / preset.batches;
    if (best !== undefined && best.wall <= wall) continue;
    const kernels = new Map<string, { ms: number; calls: number }>();
    for (const kernel of profile.kernels) {
      const time = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
      const entry = kernels.get(kernel.name) ?? { ms: 0, calls: 0 };
      entry.ms += time / preset.batches;
      entry.calls += 1 / preset.batches;
      kernels.set(kernel.name, entry);
    }
    best = { wall, kernels };
  }
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', checkWas);
  if (best === undefined) return;

  const rows: KernelRow[] = [...best.kernels].map(([kernel, { ms, calls }]) => ({ name: kernel, msPerStep: ms, calls }));
  rows.sort((a, b) => b.msPerStep - a.msPerStep);
  const inKernels = rows.reduce((sum, row) => sum + row.msPerStep, 0);
  const plain = Math.min(...plainWalls);
  console.log(
    `\n${name} (batch ${batchSize}): ${best.wall.toFixed(2)} ms per profiled step, ${plain.toFixed(2)} ms unprofiled ` +
      `(${((batchSize / plain) * 1000).toFixed(0)} samples/s)`,
  );
  console.log(`   ${'kernel'.padEnd(26)} ${'ms/step'.padStart(9)} ${'share'.padStart(6)} ${'calls'.padStart(6)}`);
  for (const row of rows.slice(0, top)) {
    console.log(
      `   ${row.name.padEnd(26)} ${row.msPerStep.toFixed(2).padStart(9)} ${`${((100 * row.msPerStep) / best.wall).toFixed(1)}%`.padStart(6)} ${row.calls.toFixed(0).padStart(6)}`,
    );
  }
  const rest = rows.slice(top);
  if (rest.length > 0) {
    const restMs = rest.reduce((sum, row) => sum + row.msPerStep, 0);
    const restCalls = rest.reduce((sum, row) => sum + row.calls, 0);
    console.log(
      `   ${`${rest.length} other kernels`.padEnd(26)} ${restMs.toFixed(2).padStart(9)} ${`${((100 * restMs) / best.wall).toFixed(1)}%`.padStart(6)} ${restCalls.toFixed(0).padStart(6)}`,
    );
  }
  const outside = best.wall - inKernels;
  console.log(`   ${'outside kernels'.padEnd(26)} ${outside.toFixed(2).padStart(9)} ${`${((100 * outside) / best.wall).toFixed(1)}%`.padStart(6)}`);
  compiled.dispose();
}

async function main(): Promise<void> {
  const threads = threadsArgument === undefined ? undefined : Number(threadsArgument);
  const wasm = await initWasmBackend(tf, {
    fallbackToCpu: false,
    simdKernels: !process.argv.includes('--no-simd'),
    ...(threads === undefined ? {} : { threads }),
  });
  if (wasm.backend !== 'wasm') throw new Error(wasm.error ?? 'WASM did not start');
  console.log(
    `WASM backend, SIMD ${wasm.simd ? 'on' : 'off'}, ${wasm.threads ?? 1} thread(s); ${os.cpus().length} CPUs, ` +
      `load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`,
  );
  const data = await loadMnistFromNodeModules();
  for (const name of only) await profilePreset(name, data);
  console.log(`\nload average at the end ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
}

await main();
