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
 * 1b. Node, Kairo's loop with the per-layer gradient statistics as the app measures them against
 *    without, in alternating rounds (bench/layerStatistics.ts). Goal: ratio ≥ 0.95.
 * 2. Peers (bench/peers.ts): Kairo's loop against PyTorch on this CPU (Debian's python3-torch, at
 *    its best of 1 and 2 threads) for the three course models, Kairo ÷ PyTorch and the GFLOP/s
 *    each reaches, with the WASM-SIMD ceiling (a tight matrix product on 1 and 2 threads) beside.
 * 3. Chromium (the built app, `vite preview`, Debian's Chromium): main-thread long tasks while the
 *    real app trains a fixed number of batches in its worker, against the same page idle
 *    (bench/longtasks.ts, which says what it measures). Goal: none beyond the idle baseline's.
 *
 * Every comparison runs in one process in alternating rounds and reports medians; the load
 * average is printed with it. On a machine shared with other work, rerun on a quiet one for the
 * record: `npm run bench -- --skip-browser` (Node sections only), `--only cnn`, `--rounds 9`.
 *
 * Options: --backend wasm|cpu, --only logreg,mlp,cnn, --rounds N, --skip-browser, --skip-node,
 * --skip-peers, --peers-only, --threads N (WASM threads for Kairo; default all cores), --no-build
 * (reuse dist/), and bench/longtasks.ts's --batches N, --preset NAME, --batch-size N, --port N,
 * --inside.
 */
import * as tf from '@tensorflow/tfjs';
import { loadMnistFromNodeModules } from '../src/engine/data/mnistNode';
import type { LoadedDataset } from '../src/engine/data/source';
import { TrainingControl } from '../src/engine/trainingControl';
import { trainModel } from '../src/engine/trainingLoop';
import { initWasmBackend } from '../src/engine/wasm/setup';
import { layerStatisticsBench } from './layerStatistics';
import { DEFAULT_LONG_TASK_OPTIONS, type LongTaskOptions, measureLongTasks, parseLongTaskOption } from './longtasks';
import { peerBench } from './peers';
import { presetTrainingJob } from './presetJob';

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
  longTasks: LongTaskOptions;
  peers: boolean;
  threads: number | undefined;
}

function parseOptions(args: readonly string[]): Options {
  const options: Options = {
    backend: 'wasm',
    only: ['logreg', 'mlp', 'cnn'],
    rounds: 8,
    browser: true,
    node: true,
    longTasks: { ...DEFAULT_LONG_TASK_OPTIONS },
    peers: true,
    threads: undefined,
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
    else if (!parseLongTaskOption(options.longTasks, arg ?? '', next)) throw new Error(`unknown option ${arg}`);
  }
  return options;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
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
  if (outcome.status !== 'completed') throw new Error(`${bench.name}: ${outcome.failure?.code ?? outcome.status}`);
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
  data: LoadedDataset,
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
    let batchImages = data.train.features.subarray(start * 784, (start + batchSize) * 784);
    labels.fill(0);
    for (let row = 0; row < batchSize; row++) {
      const index = order[start + row] as number;
      if (batching === 'shuffled') images.set(data.train.features.subarray(index * 784, (index + 1) * 784), row * 784);
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

async function nodeBench(options: Options, data: LoadedDataset): Promise<void> {
  console.log(`\n== Node: training throughput, backend ${tf.getBackend()}, ${options.rounds} alternating rounds ==`);
  const rows: string[][] = [['preset', 'kairo', 'hand-written', 'ratio', 'CPU-time ratio', 'unshuffled', 'ratio']];
  for (const bench of PRESETS.filter((preset) => options.only.includes(preset.name))) {
    const { compiled, job, batchSize } = presetTrainingJob(tf, bench.file, bench.timed, data.train);
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

const options = parseOptions(process.argv.slice(2));
if (options.node || options.peers) {
  await startBackend(options);
  const data = await loadMnistFromNodeModules();
  if (options.node) await nodeBench(options, data);
  if (options.node) await layerStatisticsBench(data, { only: options.only, rounds: options.rounds });
  if (options.peers) await peerBench(data, { rounds: options.rounds, only: options.only });
}
if (options.browser) await measureLongTasks(options.longTasks);
