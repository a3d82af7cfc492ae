/**
 * `npx tsx bench/dropout.ts`: Kairo's dropout layer against tfjs-layers' on the WASM backend, one
 * training-mode call on the course presets' shapes, in alternating rounds (medians and minima);
 * Kairo's with its mask drawn by the WASM SIMD kernel (the default where it loads) and by its
 * JavaScript generator.
 *
 * Options: --rounds N (default 15), --threads N (WASM threads; default all cores).
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { createCustomLayers } from '../src/engine/customLayers';
import { initWasmBackend } from '../src/engine/wasm/setup';
import { setSimdKernelsEnabled } from '../src/engine/wasm/simd/kernels';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
}

const rounds = Number(argument('rounds') ?? 15);
const threads = argument('threads') === undefined ? undefined : Number(argument('threads'));

const CASES: { name: string; shape: number[]; rate: number }[] = [
  { name: 'CNN after pooling 128×12×12×64', shape: [128, 12, 12, 64], rate: 0.25 },
  { name: 'CNN dense 128×128', shape: [128, 128], rate: 0.5 },
  { name: 'MLP 128×512', shape: [128, 512], rate: 0.2 },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const wasm = await initWasmBackend(tf, { fallbackToCpu: false, ...(threads === undefined ? {} : { threads }) });
if (wasm.backend !== 'wasm') throw new Error(wasm.error ?? 'WASM did not start');
console.log(`WASM, ${wasm.threads} thread(s); ${rounds} alternating rounds; load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
console.log(`   ${'shape'.padEnd(32)} ${'Kairo ms'.padStart(14)} ${'Kairo JS ms'.padStart(14)} ${'tfjs ms'.padStart(14)} ${'speed-up'.padStart(9)}`);
const custom = createCustomLayers(tf);
for (const { name, shape, rate } of CASES) {
  const x = tf.randomNormal(shape);
  const layers = { kairo: custom.dropout({ name: 'kairo', rate }), tfjs: tf.layers.dropout({ rate }) };
  const times = { kairo: [] as number[], kairoJs: [] as number[], tfjs: [] as number[] };
  for (let round = 0; round <= rounds; round++) {
    const order = round % 2 === 0 ? (['kairo', 'kairoJs', 'tfjs'] as const) : (['tfjs', 'kairoJs', 'kairo'] as const);
    for (const which of order) {
      setSimdKernelsEnabled(which !== 'kairoJs');
      const layer = which === 'tfjs' ? layers.tfjs : layers.kairo;
      const start = performance.now();
      const y = layer.apply(x, { training: true }) as tf.Tensor;
      const elapsed = performance.now() - start;
      y.dispose();
      if (round > 0) times[which].push(elapsed);
    }
  }
  setSimdKernelsEnabled(true);
  x.dispose();
  const cell = (values: number[]) => `${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)})`.padStart(14);
  console.log(`   ${name.padEnd(32)} ${cell(times.kairo)} ${cell(times.kairoJs)} ${cell(times.tfjs)} ${`${(median(times.tfjs) / median(times.kairo)).toFixed(2)}×`.padStart(9)}`);
}
console.log(`load average at the end ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
