/**
 * `npx tsx bench/kernels.ts`: each kernel Kairo replaces on the WASM backend against the shipped
 * one (for the filter gradient, which the backend lacks, against our earlier one-Conv2D kernel), on the shapes of the course presets (batch 128), in alternating rounds (ours, shipped,
 * ours, …) so that a machine getting busier hurts both alike. Prints wall ms per call (median
 * and minimum of the rounds), CPU ms per call (this process, all its threads: on a machine shared
 * with other work this moves far less than wall time) and the speed-ups (shipped ÷ ours, medians).
 *
 * Options: --threads N (WASM threads; default all cores), --rounds N (default 9),
 * --only name,name (kernel names as printed).
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { createAdadelta } from '../src/engine/adadelta';
import { initWasmBackend, registerWasmKernels, type WasmKernelOptions } from '../src/engine/wasm/setup';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
}

const rounds = Number(argument('rounds') ?? 9);
const only = argument('only')?.split(',');
const threads = argument('threads') === undefined ? undefined : Number(argument('threads'));

interface KernelCase {
  name: string;
  /** The option that puts the shipped kernel back. */
  shipped: WasmKernelOptions;
  /** The option that puts ours in (default: the defaults). */
  ours?: WasmKernelOptions;
  setUp(): { run(): tf.Tensor; inputs: tf.Tensor[] };
}

const batch = 128;
const conv = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] };

/** The filter gradient of one of the course CNN's conv layers: ours by chunks against ours by one Conv2D. */
function filterGradientCase(name: string, inShape: number[], filterShape: number[], shipped: WasmKernelOptions = { fastFilterGradient: false }): KernelCase {
  return {
    name,
    shipped,
    setUp() {
      const x = tf.relu(tf.randomNormal(inShape));
      const [n, h, w] = inShape as [number, number, number];
      const [kh, kw, , o] = filterShape as [number, number, number, number];
      const dy = tf.randomNormal([n, h - kh + 1, w - kw + 1, o]);
      return { inputs: [x, dy], run: () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...conv, filterShape }) as tf.Tensor };
    },
  };
}

/** The course CNN's pooling gradient: ours against `shipped` (the shipped kernel, or ours without SIMD). */
function maxPoolGradCase(name: string, shipped: WasmKernelOptions): KernelCase {
  return {
    name,
    shipped,
    setUp() {
      const input = tf.relu(tf.randomNormal([batch, 24, 24, 64]));
      const output = tf.maxPool(input as tf.Tensor4D, 2, 2, 'valid');
      const dy = tf.randomNormal(output.shape);
      const attrs = { filterSize: [2, 2], strides: [2, 2], pad: 'valid' };
      return { inputs: [input, output, dy], run: () => tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, attrs) as tf.Tensor };
    },
  };
}

/** One Adadelta step of the course CNN's weights (1,199,882) as one variable, its gradient fixed. */
function adadeltaCase(name: string, shipped: WasmKernelOptions, ours: WasmKernelOptions): KernelCase {
  return {
    name,
    shipped,
    ours,
    setUp() {
      const weights = tf.variable(tf.randomNormal([1_199_882]));
      const gradient = tf.randomNormal([1_199_882]);
      const optimizer = createAdadelta(tf, 1, 0.95, 1e-7);
      return {
        inputs: [weights, gradient],
        run: () => {
          optimizer.applyGradients({ [weights.name]: gradient });
          return tf.clone(weights.slice([0], [1]));
        },
      };
    },
  };
}

/** The course CNN's second conv bias gradient: ours against `shipped`. */
function columnSumCase(name: string, shipped: WasmKernelOptions): KernelCase {
  return {
    name,
    shipped,
    setUp() {
      const x = tf.randomNormal([batch, 24, 24, 64]);
      return { inputs: [x], run: () => tf.sum(x, [0, 1, 2]) };
    },
  };
}

const CASES: KernelCase[] = [
  filterGradientCase('Conv2DBackpropFilter conv2', [batch, 26, 26, 32], [3, 3, 32, 64]),
  filterGradientCase('Conv2DBackpropFilter conv1', [batch, 28, 28, 1], [3, 3, 1, 32]),
  // Its column matrix written by Kairo's WASM SIMD kernel against the JavaScript loop.
  filterGradientCase('Conv2DBackpropFilter SIMD vs JS', [batch, 26, 26, 32], [3, 3, 32, 64], { simdKernels: false }),
  maxPoolGradCase('MaxPoolGrad 128×24×24×64 /2', { fastPoolGradient: false }),
  // Ours in WASM SIMD (src/engine/wasm/simd) against ours in JavaScript.
  maxPoolGradCase('MaxPoolGrad SIMD vs JS loop', { simdKernels: false }),
  columnSumCase('Sum bias grad 128×24×24×64', { fastColumnSum: false }),
  columnSumCase('Sum bias grad SIMD vs JS', { simdKernels: false }),
  {
    name: 'Conv2DBackpropInput conv2',
    shipped: { fastInputGradient: false },
    setUp() {
      const dy = tf.randomNormal([batch, 24, 24, 64]);
      const filter = tf.randomNormal([3, 3, 32, 64]);
      const attrs = { ...conv, inputShape: [batch, 26, 26, 32] };
      return { inputs: [dy, filter], run: () => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrs) as tf.Tensor };
    },
  },
  {
    name: 'BatchMatMul dW 9216×128',
    shipped: { fastMatMul: false },
    setUp() {
      const a = tf.randomNormal([batch, 9216]);
      const b = tf.randomNormal([batch, 128]);
      return { inputs: [a, b], run: () => tf.matMul(a, b, true, false) };
    },
  },
  {
    name: 'BatchMatMul dx 512×512',
    shipped: { fastMatMul: false },
    setUp() {
      const a = tf.randomNormal([batch, 512]);
      const b = tf.randomNormal([512, 512]);
      return { inputs: [a, b], run: () => tf.matMul(a, b, false, true) };
    },
  },
  {
    name: 'Transpose 73728×64 → 64×73728',
    shipped: { fastTranspose: false },
    setUp() {
      const x = tf.randomNormal([batch * 24 * 24, 64]);
      return { inputs: [x], run: () => tf.transpose(x, [1, 0]) };
    },
  },
  {
    name: 'Transpose NHWC → CHWN conv2 in',
    shipped: { fastTranspose: false },
    setUp() {
      const x = tf.randomNormal([batch, 26, 26, 32]);
      return { inputs: [x], run: () => tf.transpose(x, [3, 1, 2, 0]) };
    },
  },
  {
    // The filter gradient's input read channels first, ours in WASM SIMD against ours in JavaScript.
    name: 'Transpose NHWC → CNHW SIMD vs JS',
    shipped: { simdKernels: false },
    setUp() {
      const x = tf.randomNormal([batch, 26, 26, 32]);
      return { inputs: [x], run: () => tf.transpose(x, [3, 0, 1, 2]) };
    },
  },
  {
    name: 'Transpose 128×9216 dense in',
    shipped: { fastTranspose: false },
    setUp() {
      const x = tf.randomNormal([batch, 9216]);
      return { inputs: [x], run: () => tf.transpose(x, [1, 0]) };
    },
  },
  {
    name: 'Identity 128×24×24×64',
    shipped: { zeroCopyIdentity: false },
    setUp() {
      const x = tf.randomNormal([batch, 24, 24, 64]);
      return { inputs: [x], run: () => tf.clone(x) };
    },
  },
  adadeltaCase('Adadelta step 1.2M weights', { fusedAdadelta: false }, { fusedAdadelta: true }),
  // The fused step's loop in WASM SIMD against its JavaScript loop.
  adadeltaCase('Adadelta SIMD vs JS', { fusedAdadelta: true, simdKernels: false }, { fusedAdadelta: true }),

];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

interface Sample {
  wall: number;
  cpu: number;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function timeOnce(run: () => tf.Tensor): Sample {
  const cpuStart = cpuMs();
  const start = performance.now();
  // WASM kernels finish before runKernel returns: no read-back, which would time a copy of the
  // whole output into a fresh JavaScript buffer (page faults and all) rather than the kernel.
  const out = run();
  const sample = { wall: performance.now() - start, cpu: cpuMs() - cpuStart };
  out.dispose();
  return sample;
}

async function main(): Promise<void> {
  const wasm = await initWasmBackend(tf, { fallbackToCpu: false, ...(threads === undefined ? {} : { threads }) });
  if (wasm.backend !== 'wasm') throw new Error(wasm.error ?? 'WASM did not start');
  console.log(
    `WASM (SIMD ${wasm.simd ? 'on' : 'off'}, ${wasm.threads} thread(s)); ${rounds} alternating rounds after one warm-up; ` +
      `load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`,
  );
  console.log(
    `   ${'kernel'.padEnd(30)} ${'ours wall ms'.padStart(16)} ${'shipped wall ms'.padStart(16)} ${'ours cpu'.padStart(9)} ${'shipped cpu'.padStart(11)} ${'speed-up wall'.padStart(13)} ${'cpu'.padStart(6)}`,
  );
  for (const kernelCase of CASES.filter((candidate) => only === undefined || only.some((name) => candidate.name.includes(name)))) {
    const { run, inputs } = kernelCase.setUp();
    const ours: Sample[] = [];
    const shipped: Sample[] = [];
    for (let round = 0; round <= rounds; round++) {
      const order: [WasmKernelOptions, Sample[]][] = round % 2 === 0 ? [[kernelCase.ours ?? {}, ours], [kernelCase.shipped, shipped]] : [[kernelCase.shipped, shipped], [kernelCase.ours ?? {}, ours]];
      for (const [options, times] of order) {
        registerWasmKernels(options);
        const ms = timeOnce(run);
        if (round > 0) times.push(ms);
      }
    }
    registerWasmKernels({ fusedAdadelta: wasm.threads > 1 });
    tf.dispose(inputs);
    const wall = (samples: Sample[]) => samples.map((sample) => sample.wall);
    const cpu = (samples: Sample[]) => median(samples.map((sample) => sample.cpu));
    const cell = (times: number[]) => `${median(times).toFixed(1)} (${Math.min(...times).toFixed(1)})`.padStart(16);
    console.log(
      `   ${kernelCase.name.padEnd(30)} ${cell(wall(ours))} ${cell(wall(shipped))} ${cpu(ours).toFixed(1).padStart(9)} ${cpu(shipped).toFixed(1).padStart(11)} ` +
        `${`${(median(wall(shipped)) / median(wall(ours))).toFixed(2)}×`.padStart(13)} ${`${(cpu(shipped) / cpu(ours)).toFixed(2)}×`.padStart(6)}`,
    );
  }
  console.log(`load average at the end ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
}

await main();
