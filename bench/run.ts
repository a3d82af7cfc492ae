/**
 * `npm run bench`: what the graph layer costs, and whether training disturbs the page.
 *
 * 1. Node, one backend (WASM with Kairo's kernels unless --backend cpu): training throughput of the
 *    compiled logreg, MLP and CNN presets, run through Kairo's training loop, against a hand-written
 *    tfjs model of the same architecture, optimizer and batch size trained with model.trainOnBatch
 *    on shuffled batches copied from the arrays (the preset shuffles), with the accuracy metric
 *    (Kairo's loop reports accuracy too); for reference also on unshuffled contiguous slices, which
 *    is less work than the preset asks for. Samples/s is the batch
 *    size over the batch time (median over rounds of a round's mean; Kairo's loop runs as in the app,
 *    with throttled events, so single batches are not timed one by one); the two are measured in
 *    alternating short rounds after a warm-up round, so a machine that gets busier hurts both alike;
 *    CPU seconds per batch are compared too. Goal: ratio ≥ 0.97.
 * 2. Peers (bench/peers.ts): Kairo's loop against PyTorch on this CPU (Debian's python3-torch, at
 *    its best of 1 and 2 threads) for the three course models, Kairo ÷ PyTorch and the GFLOP/s
 *    each reaches, with the WASM-SIMD ceiling (a tight matrix product on 1 and 2 threads) beside.
 * 3. Chromium (the built app, `vite preview`, Debian's Chromium): main-thread long tasks (> 50 ms,
 *    PerformanceObserver 'longtask') while the real training worker trains for ~30 s. Goal: none.
 *
 * Every comparison runs in one process in alternating rounds and reports medians; the load
 * average is printed with it. On a machine shared with other work, rerun on a quiet one for the
 * record: `npm run bench -- --skip-browser` (Node sections only), `--only cnn`, `--rounds 9`.
 *
 * Options: --backend wasm|cpu, --only logreg,mlp,cnn, --rounds N, --skip-browser, --skip-node,
 * --skip-peers, --peers-only, --threads N (WASM threads for Kairo; default all cores),
 * --browser-seconds N, --browser-preset NAME, --no-build (reuse dist/).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { compileGraph } from '../src/engine/compile';
import type { MnistData } from '../src/engine/data/mnist';
import { loadMnistFromNodeModules } from '../src/engine/data/nodeSource';
import { TrainingControl, trainModel } from '../src/engine/train';
import { initWasmBackend } from '../src/engine/wasm/setup';
import { peerBench } from './peers';
import { parseGraphFile } from '../src/graph/format';
import type { Graph } from '../src/graph/types';

type PresetName = 'logreg' | 'mlp' | 'cnn';

interface PresetBench {
  name: PresetName;
  file: string;
  /** Batches timed per round (rounds alternate between Kairo and the hand-written model). */
  timed: number;
  /** Rounds for this preset when fewer than --rounds suffice (slow batches). */
  rounds?: number;
  /** The same network written by hand with tf.layers. */
  handWritten(): { model: tf.LayersModel; optimizer: tf.Optimizer };
}

const root = path.resolve(import.meta.dirname, '..');

const PRESETS: readonly PresetBench[] = [
  {
    name: 'logreg',
    file: 'presets/mnist-logreg.json',
    timed: 40,
    handWritten: () => ({
      model: tf.sequential({
        layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10, activation: 'softmax' })],
      }),
      optimizer: tf.train.sgd(0.5),
    }),
  },
  {
    name: 'mlp',
    file: 'presets/mnist-mlp.json',
    timed: 8,
    handWritten: () => ({
      model: tf.sequential({
        layers: [
          tf.layers.flatten({ inputShape: [28, 28, 1] }),
          tf.layers.dense({ units: 512, activation: 'relu' }),
          tf.layers.dropout({ rate: 0.2 }),
          tf.layers.dense({ units: 512, activation: 'relu' }),
          tf.layers.dropout({ rate: 0.2 }),
          tf.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      }),
      optimizer: tf.train.rmsprop(0.001, 0.9, 0, 1e-7),
    }),
  },
  {
    name: 'cnn',
    file: 'presets/mnist-cnn.json',
    timed: 4,
    rounds: 6,
    handWritten: () => ({
      model: tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }),
          tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.dropout({ rate: 0.25 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 128, activation: 'relu' }),
          tf.layers.dropout({ rate: 0.5 }),
          tf.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      }),
      optimizer: tf.train.adadelta(1, 0.95, 1e-7),
    }),
  },
];

interface Options {
  backend: 'wasm' | 'cpu';
  only: PresetName[];
  rounds: number;
  browser: boolean;
  node: boolean;
  peers: boolean;
  threads: number | undefined;
  build: boolean;
  browserSeconds: number;
  browserPreset: string;
}

function parseOptions(args: readonly string[]): Options {
  const options: Options = {
    backend: 'wasm',
    only: ['logreg', 'mlp', 'cnn'],
    rounds: 8,
    browser: true,
    node: true,
    peers: true,
    threads: undefined,
    build: true,
    browserSeconds: 30,
    browserPreset: 'mnist-cnn',
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const next = () => {
      const value = args[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      return value;
    };
    if (arg === '--backend') options.backend = next() === 'cpu' ? 'cpu' : 'wasm';
    else if (arg === '--only') options.only = next().split(',') as PresetName[];
    else if (arg === '--rounds') options.rounds = Number(next());
    else if (arg === '--skip-browser') options.browser = false;
    else if (arg === '--skip-node') options.node = false;
    else if (arg === '--skip-peers') options.peers = false;
    else if (arg === '--peers-only') {
      options.node = false;
      options.browser = false;
    } else if (arg === '--threads') options.threads = Number(next());
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--browser-seconds') options.browserSeconds = Number(next());
    else if (arg === '--browser-preset') options.browserPreset = next();
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function loadGraph(file: string): Graph {
  const parsed = parseGraphFile(readFileSync(path.join(root, file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.graph;
}

/** One round: wall and CPU seconds per batch, averaged over the round's batches. */
interface Round {
  wallPerBatch: number;
  cpuPerBatch: number;
}

/** CPU seconds (user + system) this process has used: other processes on the machine barely move it. */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Kairo's loop as the app runs it (batch events throttled to 20 a second) over `bench.timed` batches. */
async function timeKairoRound(job: Parameters<typeof trainModel>[1], bench: PresetBench): Promise<Round> {
  const wallStart = performance.now();
  const cpuStart = cpuSeconds();
  const outcome = await trainModel(tf, job, new TrainingControl(), () => {});
  const round = { wallPerBatch: (performance.now() - wallStart) / 1000 / bench.timed, cpuPerBatch: (cpuSeconds() - cpuStart) / bench.timed };
  if (outcome.status !== 'completed') throw new Error(`${bench.name}: ${outcome.failure?.message ?? outcome.status}`);
  return round;
}

type HandWrittenBatching = 'shuffled' | 'sequential';

/**
 * A plain tfjs loop over the images in memory, `bench.timed` batches: copy a batch into a typed
 * array ('shuffled': in a shuffled order, as training the preset requires; 'sequential': contiguous
 * slices without copying, less work than the preset asks for), tensors, trainOnBatch, dispose.
 */
async function timeHandWrittenRound(
  model: tf.LayersModel,
  data: MnistData,
  batchSize: number,
  bench: PresetBench,
  batching: HandWrittenBatching,
): Promise<Round> {
  const wallStart = performance.now();
  const cpuStart = cpuSeconds();
  const count = bench.timed * batchSize;
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  if (batching === 'shuffled') tf.util.shuffle(order);
  const images = new Float32Array(batchSize * 784);
  const labels = new Float32Array(batchSize * 10);
  for (let batch = 0; batch < bench.timed; batch++) {
    const start = batch * batchSize;
    let batchImages = data.train.images.subarray(start * 784, (start + batchSize) * 784);
    labels.fill(0);
    for (let row = 0; row < batchSize; row++) {
      const index = order[start + row] as number;
      if (batching === 'shuffled') images.set(data.train.images.subarray(index * 784, (index + 1) * 784), row * 784);
      labels[row * 10 + (data.train.labels[index] as number)] = 1;
    }
    if (batching === 'shuffled') batchImages = images;
    const xs = tf.tensor4d(batchImages, [batchSize, 28, 28, 1]);
    const ys = tf.tensor2d(labels, [batchSize, 10]);
    await model.trainOnBatch(xs, ys);
    xs.dispose();
    ys.dispose();
  }
  return { wallPerBatch: (performance.now() - wallStart) / 1000 / bench.timed, cpuPerBatch: (cpuSeconds() - cpuStart) / bench.timed };
}

/** Starts the backend the Node sections measure; says which. */
async function startBackend(options: Options): Promise<void> {
  if (options.backend === 'wasm') {
    const wasm = await initWasmBackend(tf, options.threads === undefined ? {} : { threads: options.threads });
    console.log(`backend: WASM${wasm.simd ? ' (SIMD)' : ''}, ${wasm.threads} thread(s) (${wasm.threadsCode})`);
  } else {
    await tf.setBackend('cpu');
    console.log('backend: cpu');
  }
}

async function nodeBench(options: Options, data: MnistData): Promise<void> {
  console.log(`\n== Node: training throughput, backend ${tf.getBackend()}, ${options.rounds} alternating rounds ==`);
  const rows: string[][] = [['preset', 'kairo', 'hand-written', 'ratio', 'CPU-time ratio', 'unshuffled', 'ratio']];
  for (const bench of PRESETS.filter((preset) => options.only.includes(preset.name))) {
    const compiled = compileGraph(tf, loadGraph(bench.file));
    if (!compiled.ok) throw new Error(`${bench.file}: ${compiled.issues.map((issue) => issue.message).join('; ')}`);
    const batchSize = compiled.dataset.batchSize;
    const count = bench.timed * batchSize;
    const job = {
      model: compiled.model,
      optimizer: compiled.optimizer,
      lossName: compiled.lossName,
      numClasses: compiled.numClasses,
      train: { count, images: data.train.images.subarray(0, count * 784), labels: data.train.labels.subarray(0, count) },
      settings: { epochs: 1, batchSize, shuffle: true, shuffleSeed: 42 },
    };
    const handWritten = bench.handWritten();
    handWritten.model.compile({ optimizer: handWritten.optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const kairoRounds: Round[] = [];
    const handRounds: Round[] = [];
    const sequentialRounds: Round[] = [];
    // Round 0 warms both up (kernel compilation, first allocations) and is not counted.
    const rounds = Math.min(options.rounds, bench.rounds ?? options.rounds);
    for (let round = 0; round <= rounds; round++) {
      // Who goes first alternates too: the first of a pair tends to run on a warmer or colder machine.
      const kairoFirst = round % 2 === 0;
      const handFirst = kairoFirst ? undefined : await timeHandWrittenRound(handWritten.model, data, batchSize, bench, 'shuffled');
      const kairoRound = await timeKairoRound(job, bench);
      const handRound = handFirst ?? (await timeHandWrittenRound(handWritten.model, data, batchSize, bench, 'shuffled'));
      const sequentialRound = await timeHandWrittenRound(handWritten.model, data, batchSize, bench, 'sequential');
      if (round === 0) continue;
      kairoRounds.push(kairoRound);
      handRounds.push(handRound);
      sequentialRounds.push(sequentialRound);
    }
    const wall = (rounds: Round[]) => median(rounds.map((round) => round.wallPerBatch));
    const cpu = (rounds: Round[]) => median(rounds.map((round) => round.cpuPerBatch));
    const kairo = batchSize / wall(kairoRounds);
    const hand = batchSize / wall(handRounds);
    const sequential = batchSize / wall(sequentialRounds);
    const cpuRatio = cpu(handRounds) / cpu(kairoRounds);
    rows.push([
      bench.name,
      kairo.toFixed(0),
      hand.toFixed(0),
      (kairo / hand).toFixed(3),
      cpuRatio.toFixed(3),
      sequential.toFixed(0),
      (kairo / sequential).toFixed(3),
    ]);
    console.log(
      `${bench.name}: kairo ${kairo.toFixed(0)} samples/s, hand-written ${hand.toFixed(0)} (shuffled) / ${sequential.toFixed(0)} (unshuffled) samples/s, ${rounds} rounds of ${bench.timed} batches each`,
    );
    compiled.dispose();
    handWritten.model.dispose();
    handWritten.optimizer.dispose();
  }
  console.log('');
  console.log(
    'samples/s (batch size / median over rounds of the mean wall time per batch); ratio = kairo / hand-written, goal ≥ 0.97. The CPU-time ratio compares CPU seconds per batch instead, which other processes on a shared machine barely disturb. "unshuffled": the hand-written model on contiguous slices, less work than the preset asks.',
  );
  for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(8) : cell.padStart(14))).join(''));
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

interface BrowserResult {
  backend: string;
  reason: string;
  longTasks: number[];
  batchEvents: number;
  samplesPerSecond: number;
  frames: number;
  slowestFrameMs: number;
}

/**
 * Runs in the page, passed as text: tsx compiles this file with helpers (`__name`) that do not
 * exist in the page, so a function here could not be handed to page.evaluate as it is.
 */
const BROWSER_TRAINING_SCRIPT = `async ({ graph, seconds }) => {
  const hook = window.__kairoWorkerTest;
  if (!hook) throw new Error('the ?kairo-test hook is not installed');
  const worker = hook.startKairoWorker();
  await worker.ready;
  const choice = await worker.api.selectBackend('auto');
  const loaded = await worker.api.loadDataset();
  if (!loaded.ok) throw new Error(loaded.message);
  const compiled = await worker.api.compile(graph);
  if (!compiled.ok) throw new Error(compiled.issues.map((issue) => issue.message).join('; '));
  const longTasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  let batchEvents = 0;
  let samplesPerSecond = 0;
  const started = performance.now();
  const run = worker.api.train(
    hook.proxy((event) => {
      if (event.type === 'batch') {
        batchEvents++;
        samplesPerSecond = event.samplesPerSecond;
      }
    }),
    { epochs: 1000 },
  );
  // A frame loop on the main thread, as the UI has: its slowest frame shows jank too.
  let slowestFrame = 0;
  let previousFrame = performance.now();
  let frames = 0;
  await new Promise((resolve) => {
    const tick = (now) => {
      slowestFrame = Math.max(slowestFrame, now - previousFrame);
      previousFrame = now;
      frames++;
      if (now - started < seconds * 1000) requestAnimationFrame(tick);
      else resolve();
    };
    requestAnimationFrame(tick);
  });
  await worker.api.stop();
  await run;
  observer.disconnect();
  worker.terminate();
  return { backend: choice.backend, reason: choice.reason, longTasks, batchEvents, samplesPerSecond, frames, slowestFrameMs: slowestFrame };
}`;

async function browserBench(options: Options): Promise<void> {
  console.log(`\n== Chromium: main-thread long tasks during ${options.browserSeconds} s of training in the worker ==`);
  if (options.build || !existsSync(path.join(root, 'dist/index.html'))) {
    if ((await run('npx', ['vite', 'build', '--logLevel', 'warn'])) !== 0) throw new Error('vite build failed');
  }
  const port = 4179;
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: 'ignore',
    detached: true,
  });
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: process.env.KAIRO_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const url = `http://127.0.0.1:${port}/?kairo-test`;
    for (let attempt = 0; ; attempt++) {
      const ok = await fetch(url).then((response) => response.ok, () => false);
      if (ok) break;
      if (attempt > 100) throw new Error('vite preview did not start');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.__kairoWorkerTest !== undefined, undefined, { timeout: 30_000 });
    const graph = loadGraph(`presets/${options.browserPreset}.json`);
    const result = (await page.evaluate(
      `(${BROWSER_TRAINING_SCRIPT})(${JSON.stringify({ graph, seconds: options.browserSeconds })})`,
    )) as BrowserResult;
    console.log(`backend: ${result.backend} (${result.reason})`);
    console.log(`training: ${result.samplesPerSecond.toFixed(1)} samples/s, ${result.batchEvents} batch events reached the page`);
    console.log(
      `main thread: ${result.longTasks.length} long tasks > 50 ms${result.longTasks.length ? ` (longest ${Math.max(...result.longTasks).toFixed(0)} ms)` : ''}; ${result.frames} frames, slowest ${result.slowestFrameMs.toFixed(0)} ms`,
    );
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
  }
}

const options = parseOptions(process.argv.slice(2));
if (options.node || options.peers) {
  await startBackend(options);
  const data = await loadMnistFromNodeModules();
  if (options.node) await nodeBench(options, data);
  if (options.peers) await peerBench(data, { rounds: options.rounds, only: options.only });
}
if (options.browser) await browserBench(options);
