/**
 * `npx tsx bench/wasm-conv.ts`: how fast conv nets train on the WASM backend with our kernels.
 *
 * 1. The course CNN's two conv layers (28×28×1 → 32 3×3, 26×26×32 → 64 3×3): forward Conv2D,
 *    filter gradient (ours), input gradient (ours, and the shipped kernel for comparison).
 * 2. One full training step of the course CNN (Conv 32 3×3 relu, Conv 64 3×3 relu, MaxPool 2,
 *    Dropout .25, Flatten, Dense 128 relu, Dropout .5, Dense 10 softmax; Adam; categorical
 *    cross-entropy) in samples/s: WASM with our kernels, WASM with one or both of the shipped
 *    kernels we replace (Conv2DBackpropInput, BatchMatMul) put back, and the CPU backend (tiny
 *    batch and a single step: it is orders of magnitude slower).
 * 3. Where a WASM training step spends its time (tf.profile): forward Conv2D, our gradient
 *    kernels, the dense layers' matrix products, everything else.
 *
 * Every figure is the median and the minimum of several runs after a warm-up; the variants being
 * compared run in alternating rounds, so a machine that gets busier hurts all of them alike. On a
 * shared machine the minimum is the better estimate of the unhindered time.
 *
 * Options: --batch N (default 32), --runs N (default 7), --cpu-batch N (default 2), --skip-cpu.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { initWasmBackend, registerWasmKernels, type WasmKernelOptions } from '../src/engine/wasm/setup';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} needs a positive integer, got '${process.argv[index + 1] ?? ''}'.`);
    process.exit(2);
  }
  return value;
}

const batch = option('batch', 32);
const runs = option('runs', 7);
const cpuBatch = option('cpu-batch', 2);
const skipCpu = process.argv.includes('--skip-cpu');

interface Timing {
  median: number;
  min: number;
}

function summarize(times: number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? Number.NaN };
}

/**
 * Times several variants in alternating rounds (one warm-up round first). Each variant's `prepare`
 * runs before each of its runs, untimed (e.g. to switch kernels).
 */
async function timeRounds(
  variants: { name: string; prepare?: () => void; run: () => void | Promise<void> }[],
  rounds: number,
): Promise<Map<string, Timing>> {
  const times = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
  for (let round = 0; round <= rounds; round++) {
    for (const variant of variants) {
      variant.prepare?.();
      const start = performance.now();
      await variant.run();
      const elapsed = performance.now() - start;
      if (round > 0) times.get(variant.name)?.push(elapsed);
    }
  }
  return new Map([...times].map(([name, list]) => [name, summarize(list)]));
}

function runKernelAndFree(name: string, inputs: tf.NamedTensorMap, attrs: Record<string, unknown>): void {
  const out = tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
  out.dispose();
}

function heapMiB(): number {
  const backend = tf.findBackend('wasm') as BackendWasm | null;
  // The Emscripten module's typings omit its heap views, which exist at run time.
  const module = backend?.wasm as unknown as { HEAPU8?: Uint8Array } | undefined;
  return (module?.HEAPU8?.length ?? 0) / 2 ** 20;
}

const ms = (value: number) => `${value.toFixed(1).padStart(7)}`;
const timing = (t: Timing | undefined) => (t === undefined ? '      -' : `${ms(t.median)} (${ms(t.min).trim()})`);

const OURS: WasmKernelOptions = { fastInputGradient: true, fastMatMul: true };

interface ConvLayer {
  name: string;
  input: [number, number, number, number];
  filter: [number, number, number, number];
}

async function benchConvLayers(): Promise<void> {
  const layers: ConvLayer[] = [
    { name: 'conv1 28×28×1 → 32', input: [batch, 28, 28, 1], filter: [3, 3, 1, 32] },
    { name: 'conv2 26×26×32 → 64', input: [batch, 26, 26, 32], filter: [3, 3, 32, 64] },
  ];
  console.log(`\n1. Conv layers on wasm, batch ${batch}: ms, median (min) of ${runs} runs`);
  console.log(
    `   ${'layer'.padEnd(20)} ${'forward'.padEnd(17)} ${'filter grad'.padEnd(17)} ${'input grad'.padEnd(17)} shipped input grad`,
  );
  for (const layer of layers) {
    const x = tf.randomNormal(layer.input) as tf.Tensor4D;
    const filter = tf.randomNormal(layer.filter) as tf.Tensor4D;
    const y = tf.conv2d(x, filter, 1, 'valid');
    const dy = tf.randomNormal(y.shape);
    y.dispose();
    const attrs = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] };
    const inputGradRun = () =>
      runKernelAndFree('Conv2DBackpropInput', { dy, filter }, { ...attrs, inputShape: layer.input });
    const results = await timeRounds(
      [
        { name: 'forward', prepare: () => registerWasmKernels(OURS), run: () => runKernelAndFree('Conv2D', { x, filter }, attrs) },
        {
          name: 'filter',
          run: () => runKernelAndFree('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: layer.filter }),
        },
        { name: 'input', run: inputGradRun },
        { name: 'shipped input', prepare: () => registerWasmKernels({ fastInputGradient: false }), run: inputGradRun },
      ],
      runs,
    );
    registerWasmKernels(OURS);
    const forward = results.get('forward');
    const filterGrad = results.get('filter');
    const inputGrad = results.get('input');
    console.log(
      `   ${layer.name.padEnd(20)} ${timing(forward)}  ${timing(filterGrad)}  ${timing(inputGrad)}  ${timing(results.get('shipped input'))}` +
        `   grads/forward (min): ${((filterGrad?.min ?? 0) / (forward?.min ?? 1)).toFixed(2)}, ${((inputGrad?.min ?? 0) / (forward?.min ?? 1)).toFixed(2)}`,
    );
    tf.dispose([x, filter, dy]);
  }
}

/** The course's CNN exercise, as a plain tf.layers model. */
function courseCnn(): tf.LayersModel {
  const model = tf.sequential({
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
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function randomBatch(size: number): { xs: tf.Tensor; ys: tf.Tensor } {
  const xs = tf.randomUniform([size, 28, 28, 1]);
  const ys = tf.tidy(() => tf.oneHot(tf.randomUniform([size], 0, 10, 'int32') as tf.Tensor1D, 10).toFloat());
  return { xs, ys };
}

const samplesPerSecond = (size: number, msPerStep: number) => (size / msPerStep) * 1000;

async function benchTrainingSteps(): Promise<number> {
  const configurations: [string, WasmKernelOptions][] = [
    ['wasm, our kernels', OURS],
    ['wasm, shipped input grad', { fastInputGradient: false, fastMatMul: true }],
    ['wasm, shipped BatchMatMul', { fastInputGradient: true, fastMatMul: false }],
    ['wasm, only our filter grad', { fastInputGradient: false, fastMatMul: false }],
    // Before the chunked filter gradient and the tiled Transpose (the state of main until then).
    ['wasm, one-Conv2D filter grad', { ...OURS, fastFilterGradient: false }],
    ['wasm, one-Conv2D filter grad, shipped Transpose', { ...OURS, fastFilterGradient: false, fastTranspose: false }],
  ];
  const { xs, ys } = randomBatch(batch);
  const models = configurations.map(() => courseCnn());
  const results = await timeRounds(
    configurations.map(([name, options], index) => ({
      name,
      prepare: () => registerWasmKernels(options),
      run: async () => {
        await models[index]?.trainOnBatch(xs, ys);
      },
    })),
    runs,
  );
  registerWasmKernels(OURS);
  console.log(`\n2. Course CNN training step (trainOnBatch, Adam), batch ${batch}: ms/step median (min), samples/s`);
  for (const [name] of configurations) {
    const result = results.get(name);
    if (result === undefined) continue;
    console.log(
      `   ${name.padEnd(28)} ${timing(result)}  ${samplesPerSecond(batch, result.median).toFixed(1).padStart(6)} (${samplesPerSecond(batch, result.min).toFixed(1)}) samples/s`,
    );
  }
  for (const model of models) model.dispose();
  tf.dispose([xs, ys]);
  return samplesPerSecond(batch, results.get('wasm, our kernels')?.min ?? Number.NaN);
}

const GROUPS = [
  'forward conv (Conv2D)',
  'filter grad (ours)',
  'input grad (ours)',
  'dense matmuls (ours)',
  'MaxPoolGrad',
  'everything else',
] as const;

function groupOf(kernelName: string): (typeof GROUPS)[number] {
  switch (kernelName) {
    case 'Conv2D':
    case 'FusedConv2D':
      return 'forward conv (Conv2D)';
    case 'Conv2DBackpropFilter':
      return 'filter grad (ours)';
    case 'Conv2DBackpropInput':
      return 'input grad (ours)';
    case 'BatchMatMul':
    case '_FusedMatMul':
      return 'dense matmuls (ours)';
    case 'MaxPoolGrad':
      return 'MaxPoolGrad';
    default:
      return 'everything else';
  }
}

async function benchBreakdown(): Promise<void> {
  const model = courseCnn();
  const { xs, ys } = randomBatch(batch);
  await model.trainOnBatch(xs, ys);
  // Keep the profiler from reading every output back to check for NaN.
  const checkWas = tf.env().getBool('CHECK_COMPUTATION_FOR_ERRORS');
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
  const perGroup = new Map<string, number[]>(GROUPS.map((group) => [group, []]));
  const walls: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const profile = await tf.profile(async () => {
      await model.trainOnBatch(xs, ys);
    });
    walls.push(performance.now() - start);
    const sums = new Map<string, number>();
    for (const kernel of profile.kernels) {
      const group = groupOf(kernel.name);
      const time = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
      sums.set(group, (sums.get(group) ?? 0) + time);
    }
    for (const group of GROUPS) perGroup.get(group)?.push(sums.get(group) ?? 0);
  }
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', checkWas);
  // The step with the least wall time is the least disturbed one: show its breakdown.
  const quietest = walls.indexOf(Math.min(...walls));
  const wall = walls[quietest] ?? Number.NaN;
  console.log(`\n3. Where a wasm training step goes (batch ${batch}, tf.profile, the fastest of ${runs} steps)`);
  let inKernels = 0;
  for (const group of GROUPS) {
    const time = perGroup.get(group)?.[quietest] ?? 0;
    inKernels += time;
    console.log(`   ${group.padEnd(24)} ${ms(time)} ms  ${((100 * time) / wall).toFixed(0).padStart(3)}%`);
  }
  const outside = wall - inKernels;
  console.log(`   ${'outside kernels'.padEnd(24)} ${ms(outside)} ms  ${((100 * outside) / wall).toFixed(0).padStart(3)}%`);
  console.log(`   ${'whole step (profiled)'.padEnd(24)} ${ms(wall)} ms`);
  model.dispose();
  tf.dispose([xs, ys]);
}

async function main(): Promise<void> {
  const wasm = await initWasmBackend(tf, { fallbackToCpu: false });
  if (wasm.backend !== 'wasm') {
    console.error(wasm.error ?? 'The WASM backend did not start.');
    process.exit(1);
  }
  console.log(
    `wasm backend, SIMD ${wasm.simd ? 'on' : 'off'}, 1 thread; ${os.cpus().length} CPUs, ` +
      `load average ${os.loadavg()[0]?.toFixed(2)} at start (other work on the machine inflates timings)`,
  );
  const heapAtStart = heapMiB();
  await benchConvLayers();
  const wasmSamplesPerSecond = await benchTrainingSteps();
  const heapAfterSteps = heapMiB();
  await benchBreakdown();
  const heapAtEnd = heapMiB();

  if (!skipCpu) {
    await tf.setBackend('cpu');
    const model = courseCnn();
    const { xs, ys } = randomBatch(cpuBatch);
    const start = performance.now();
    await model.trainOnBatch(xs, ys);
    const cpuMs = performance.now() - start;
    const cpuSamplesPerSecond = samplesPerSecond(cpuBatch, cpuMs);
    console.log(
      `\n   cpu backend, one step, batch ${cpuBatch}: ${ms(cpuMs)} ms, ${cpuSamplesPerSecond.toFixed(2)} samples/s` +
        ` → wasm (fastest step) is ${(wasmSamplesPerSecond / cpuSamplesPerSecond).toFixed(0)}× faster`,
    );
    model.dispose();
    tf.dispose([xs, ys]);
    await tf.setBackend('wasm');
  }
  console.log(
    `\nwasm heap: ${heapAtStart.toFixed(0)} MiB at start, ${heapAfterSteps.toFixed(0)} after sections 1–2, ` +
      `${heapAtEnd.toFixed(0)} at the end (it never shrinks; steady means no leak in the WASM memory)`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
