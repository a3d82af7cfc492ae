/**
 * The WASM-SIMD ceiling of this CPU for `npm run bench`: a tight single-precision matrix product
 * (1024 × 1024 · 1024 × 1024, XNNPACK through tfjs-backend-wasm's fast path) on a fixed number of
 * threads. Started by bench/peers.ts as a child process per thread count (a WASM backend's thread
 * count is fixed once it starts); answers "round" on stdin with one JSON line of GFLOP/s.
 *
 * Usage: node --import tsx bench/wasmCeiling.ts --threads N
 */
import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs';
import { initWasmBackend } from '../src/engine/wasm/setup';

const SIZE = 1024;
const PRODUCTS_PER_ROUND = 4;

const threadsIndex = process.argv.indexOf('--threads');
const threads = threadsIndex < 0 ? 1 : Number(process.argv[threadsIndex + 1]);
const started = await initWasmBackend(tf, { fallbackToCpu: false, threads });
if (started.backend !== 'wasm') {
  console.log(JSON.stringify({ error: started.error ?? 'WASM did not start' }));
  process.exit(1);
}
const a = tf.randomUniform([SIZE, SIZE]);
const b = tf.randomUniform([SIZE, SIZE]);
tf.matMul(a, b).dispose(); // first use: operator set-up and packing

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'quit') break;
  const start = performance.now();
  for (let product = 0; product < PRODUCTS_PER_ROUND; product++) {
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
  }
  const seconds = (performance.now() - start) / 1000;
  const gflops = (2 * SIZE ** 3 * PRODUCTS_PER_ROUND) / seconds / 1e9;
  console.log(JSON.stringify({ threads: started.threads, gflops }));
}
process.exit(0);
