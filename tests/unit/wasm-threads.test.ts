import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadableWorkerSource } from '../../src/engine/wasm/threadedBackend';
import { initWasmBackend } from '../../src/engine/wasm/setup';
import { MAX_WASM_THREADS, planWasmThreads, type WasmThreadEnvironment } from '../../src/engine/wasm/threads';

const isolatedQuadCore: WasmThreadEnvironment = { logicalCores: 4, crossOriginIsolated: true, sharedMemory: true };

describe('planWasmThreads', () => {
  it('uses every logical core where the page is isolated', () => {
    expect(planWasmThreads(isolatedQuadCore)).toEqual({ threads: 4, code: 'threads' });
    expect(planWasmThreads({ ...isolatedQuadCore, logicalCores: 2 })).toEqual({ threads: 2, code: 'threads' });
  });

  it('stays on one thread without cross-origin isolation, and says so', () => {
    expect(planWasmThreads({ ...isolatedQuadCore, crossOriginIsolated: false })).toEqual({ threads: 1, code: 'not-isolated' });
    expect(planWasmThreads({ ...isolatedQuadCore, crossOriginIsolated: false }, 4)).toEqual({ threads: 1, code: 'not-isolated' });
  });

  it('stays on one thread without shared memory or with one core', () => {
    expect(planWasmThreads({ ...isolatedQuadCore, sharedMemory: false })).toEqual({ threads: 1, code: 'no-shared-memory' });
    expect(planWasmThreads({ ...isolatedQuadCore, logicalCores: 1 })).toEqual({ threads: 1, code: 'one-core' });
  });

  it('never asks for more threads than the build starts workers for', () => {
    expect(planWasmThreads({ ...isolatedQuadCore, logicalCores: 64 }).threads).toBe(MAX_WASM_THREADS);
    expect(planWasmThreads(isolatedQuadCore, 100)).toEqual({ threads: MAX_WASM_THREADS, code: 'chosen' });
  });

  it('follows a requested count, and 1 means the single-threaded build', () => {
    expect(planWasmThreads(isolatedQuadCore, 3)).toEqual({ threads: 3, code: 'chosen' });
    expect(planWasmThreads(isolatedQuadCore, 1)).toEqual({ threads: 1, code: 'chosen' });
    expect(planWasmThreads(isolatedQuadCore, Number.NaN)).toEqual({ threads: 4, code: 'threads' });
  });
});

describe('the thread workers source', () => {
  it('keeps escaped line breaks inside its string literals escaped', () => {
    // The package keeps the source in a template literal, which turns "\n" into a real line break.
    const shipped = 'err("line"+"\n");postMessage(1)';
    const loadable = loadableWorkerSource(shipped);
    expect(() => new Function(loadable)).not.toThrow();
    expect(() => new Function(shipped)).toThrow(SyntaxError);
  });
});

describe('the WASM backend in Node', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('computes on every core (up to the build limit) with worker_threads, and correctly', async () => {
    const result = await initWasmBackend(tf, { fallbackToCpu: false });
    expect(result.error).toBeUndefined();
    expect(result.backend).toBe('wasm');
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    expect(result.threads).toBe(Math.min(Math.max(cores, 1), MAX_WASM_THREADS));
    expect(result.threadsCode).toBe(cores > 1 ? 'threads' : 'one-core');

    // A product big enough for XNNPACK to split across the threads, checked against plain JS.
    const rows = 96;
    const inner = 200;
    const cols = 64;
    const a = Float32Array.from({ length: rows * inner }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: inner * cols }, (_, i) => Math.cos(i * 0.5));
    const product = tf.tidy(() => tf.matMul(tf.tensor2d(a, [rows, inner]), tf.tensor2d(b, [inner, cols])).dataSync());
    let worst = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let sum = 0;
        for (let k = 0; k < inner; k++) sum += (a[r * inner + k] as number) * (b[k * cols + c] as number);
        worst = Math.max(worst, Math.abs(sum - (product[r * cols + c] as number)));
      }
    }
    expect(worst).toBeLessThan(1e-3);
  });
});
