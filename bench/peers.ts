/**
 * The peer section of `npm run bench`: Kairo's training loop (WASM, all cores) against PyTorch on
 * the same CPU, for the course's three models at batch 128, and the WASM-SIMD ceiling of the
 * machine (a tight matrix product on one and on two threads) beside them.
 *
 * One run, alternating rounds: every round runs Kairo, PyTorch on 1 thread and PyTorch on 2
 * threads (and the ceiling on 1 and 2 threads) in a rotating order, so a machine that gets busier
 * hurts all of them alike; the figures are medians over the rounds. PyTorch is judged at its best
 * thread count (the higher median). GFLOP/s count 6 floating-point operations per multiply-add of
 * the forward pass per sample (the forward product and the two products of the backward pass).
 *
 * PyTorch runs as Debian's /usr/bin/python3 (python3-torch), with OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE removed from its environment only: set on some machines here, they slow it.
 * Debian's PyTorch does its dense products through whatever libblas.so.3 the system's alternatives
 * point to: the reference BLAS (package libblas3, ≈ 6 GFLOP/s on one core) unless an optimised one
 * is installed (libopenblas0-pthread, ≈ 70). The bench prints which one the peer loaded and warns
 * when it is the reference one; KAIRO_PEER_BLAS_DIR=<a folder with an optimised libblas.so.3>
 * puts that one first for the peer only (e.g. a libopenblas0-pthread .deb unpacked with dpkg -x).
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import * as tf from '@tensorflow/tfjs';
import type { LoadedDataset } from '../src/engine/data/source';
import { chooseWasmThreadsForModel, threadFiguresText } from '../src/engine/threadTiming';
import { TrainingControl } from '../src/engine/trainingControl';
import { trainModel } from '../src/engine/trainingLoop';
import { wasmThreadsInUse } from '../src/engine/wasm/setup';
import { presetTrainingJob } from './presetJob';

const root = path.resolve(import.meta.dirname, '..');
const PYTHON = process.env.KAIRO_PEER_PYTHON ?? '/usr/bin/python3';

type PeerModel = 'logreg' | 'mlp' | 'cnn';

interface PeerModelBench {
  name: PeerModel;
  file: string;
  /** Batches per round, so that a round takes about a second or two on this CPU. */
  batches: number;
  /** Multiply-adds of one forward pass of one sample. */
  macsPerSample: number;
  /** The bar for Kairo ÷ PyTorch-at-its-best. */
  bar: number;
}

const MODELS: readonly PeerModelBench[] = [
  { name: 'logreg', file: 'presets/mnist-logreg.json', batches: 300, macsPerSample: 784 * 10, bar: 0.3 },
  {
    name: 'mlp',
    file: 'presets/mnist-mlp.json',
    batches: 30,
    macsPerSample: 784 * 512 + 512 * 512 + 512 * 10,
    bar: 0.25,
  },
  {
    name: 'cnn',
    file: 'presets/mnist-cnn.json',
    batches: 6,
    macsPerSample: 26 * 26 * 32 * 9 + 24 * 24 * 64 * 9 * 32 + 9216 * 128 + 128 * 10,
    bar: 0.35,
  },
];

/** A child process answering one JSON line per command line. */
class LineServer {
  private readonly lines: Interface;
  private readonly pending: ((line: string) => void)[] = [];

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: child.stdout });
    this.lines.on('line', (line) => this.pending.shift()?.(line));
    child.stderr.on('data', () => {}); // warnings of the child; its answers are what count
  }

  ask<T>(command: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const onExit = () => reject(new Error(`the child process ended before answering '${command}'`));
      this.child.once('exit', onExit);
      this.pending.push((line) => {
        this.child.off('exit', onExit);
        const answer = JSON.parse(line) as T & { error?: string };
        if (answer.error) reject(new Error(answer.error));
        else resolve(answer);
      });
      this.child.stdin.write(`${command}\n`);
    });
  }

  close(): void {
    this.child.stdin.end('quit\n');
  }
}

function torchAvailable(): boolean {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
  return probe.status === 0;
}

function peerEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const blasDir = process.env.KAIRO_PEER_BLAS_DIR;
  if (blasDir) env.LD_LIBRARY_PATH = [blasDir, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return env;
}

function startTorch(): LineServer {
  return new LineServer(spawn(PYTHON, [path.join(root, 'bench/peer_torch.py')], { cwd: root, env: peerEnvironment() }));
}

function startCeiling(threads: number): LineServer {
  return new LineServer(
    spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/wasmCeiling.ts'), '--threads', String(threads)], { cwd: root }),
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Rotates `items` by `round` places: who goes first changes every round. */
function rotated<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Prints the BLAS the peer loaded; a reference BLAS makes PyTorch's dense layers several times slower than its best. */
async function reportBlas(torch: LineServer): Promise<void> {
  const blas = await torch.ask<{ libraries: string[]; gflops: number; torch: string }>('blas');
  console.log(`PyTorch ${blas.torch}, BLAS: ${blas.libraries.join(', ') || 'none found'} (1024² product, 1 thread: ${blas.gflops.toFixed(1)} GFLOP/s)`);
  if (blas.libraries.some((library) => /\/blas\/libblas\.so/.test(library))) {
    console.log(
      "  warning: that is the reference BLAS, not PyTorch at its best: install libopenblas0-pthread, or set KAIRO_PEER_BLAS_DIR to a folder with an optimised libblas.so.3; the ratios below flatter Kairo on logreg and the MLP",
    );
  }
}

const loadAverage = () => os.loadavg().map((load) => load.toFixed(2)).join(' ');

export interface PeerOptions {
  rounds: number;
  only: readonly string[];
}

/** Runs the peer comparison and prints its table. */
export async function peerBench(data: LoadedDataset, options: PeerOptions): Promise<void> {
  console.log(`\n== Peers: Kairo (WASM) against PyTorch on this CPU, ${options.rounds} alternating rounds, medians ==`);
  console.log(`load average at start: ${loadAverage()} (1, 5, 15 min) on ${os.cpus().length} CPUs`);
  const torch = torchAvailable() ? startTorch() : undefined;
  if (!torch) console.log(`PyTorch: ${PYTHON} cannot import torch here (apt-get install python3-torch); Kairo's side only.`);
  else await reportBlas(torch);
  const ceilings = [startCeiling(1), startCeiling(2)];
  const ceiling: Record<number, number[]> = { 1: [], 2: [] };
  const rows: string[][] = [];
  try {
    for (const bench of MODELS.filter((model) => options.only.includes(model.name))) {
      const { graph, compiled, job, count } = presetTrainingJob(tf, bench.file, bench.batches, data.train);
      // As `kairo train` and the app do: the thread count this model trains fastest on (none with --threads).
      const threadChoice = await chooseWasmThreadsForModel(tf, graph);
      const kairoThreads = threadChoice?.threads ?? wasmThreadsInUse(tf).threads;
      if (threadChoice) console.log(`${bench.name}: Kairo on ${kairoThreads} of ${threadChoice.available} threads (${threadFiguresText(threadChoice.timings)})`);
      const kairo: number[] = [];
      const peer: Record<number, number[]> = { 1: [], 2: [] };
      const runners: (() => Promise<void>)[] = [
        async () => {
          const start = performance.now();
          const outcome = await trainModel(tf, job, new TrainingControl(), () => {});
          if (outcome.status !== 'completed') throw new Error(`${bench.name}: ${outcome.failure?.code ?? outcome.status}`);
          kairo.push(count / ((performance.now() - start) / 1000));
        },
        ...[1, 2].map((threads) => async () => {
          if (!torch) return;
          const answer = await torch.ask<{ seconds: number; samples: number }>(`round ${bench.name} ${threads} ${bench.batches}`);
          peer[threads]?.push(answer.samples / answer.seconds);
        }),
        ...[1, 2].map((threads) => async () => {
          const answer = await ceilings[threads - 1]?.ask<{ gflops: number }>('round');
          if (answer) ceiling[threads]?.push(answer.gflops);
        }),
      ];
      // Round 0 warms everything up and is not counted.
      for (let round = 0; round <= options.rounds; round++) {
        const counts = [kairo.length, peer[1]?.length, peer[2]?.length];
        for (const run of rotated(runners, round)) await run();
        if (round === 0) {
          kairo.length = counts[0] ?? 0;
          (peer[1] as number[]).length = counts[1] ?? 0;
          (peer[2] as number[]).length = counts[2] ?? 0;
          for (const list of Object.values(ceiling)) list.pop();
        }
      }
      compiled.dispose();
      const kairoRate = median(kairo);
      const flopsPerSample = 6 * bench.macsPerSample;
      const torchRates = [1, 2].map((threads) => (peer[threads]?.length ? median(peer[threads] as number[]) : Number.NaN));
      const best = Math.max(...torchRates.filter(Number.isFinite));
      const bestThreads = torchRates.indexOf(best) + 1;
      const ratio = kairoRate / best;
      rows.push([
        bench.name,
        `${kairoRate.toFixed(0)} (${kairoThreads}T)`,
        ((kairoRate * flopsPerSample) / 1e9).toFixed(1),
        ...torchRates.map((rate) => (Number.isFinite(rate) ? rate.toFixed(0) : '—')),
        Number.isFinite(best) ? `${((best * flopsPerSample) / 1e9).toFixed(1)} (${bestThreads}T)` : '—',
        Number.isFinite(ratio) ? ratio.toFixed(3) : '—',
        `≥ ${bench.bar}${Number.isFinite(ratio) ? (ratio >= bench.bar ? ' met' : ' not met') : ''}`,
      ]);
    }
  } finally {
    torch?.close();
    for (const child of ceilings) child.close();
  }
  console.log('\ntraining samples/s (median of rounds); GFLOP/s = samples/s × 6 × forward multiply-adds per sample');
  const header = ['model', 'kairo/s (thr)', 'kairo GF/s', 'torch 1T/s', 'torch 2T/s', 'torch GF/s', 'kairo÷torch', 'bar'];
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(8) : cell.padStart(i === 7 ? 16 : i === 1 ? 14 : 12))).join(''));
  console.log(
    `\nWASM-SIMD ceiling of this CPU (1024² · 1024² single-precision product, tfjs-backend-wasm / XNNPACK): ` +
      `${median(ceiling[1] ?? []).toFixed(1)} GFLOP/s on 1 thread, ${median(ceiling[2] ?? []).toFixed(1)} GFLOP/s on 2 threads`,
  );
  console.log(`load average at end: ${loadAverage()}`);
}
