/**
 * The WASM backend's thread count per model: the decision from timings (fake ones), the trial and
 * its memory (a fake thread switch), and the real switch of the threaded backend in Node.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseThreadCount, THREAD_MARGIN, type ThreadTiming } from '../../src/engine/backendChoice';
import type { BackendTimingCache, StoredBackendTiming } from '../../src/engine/backendTiming';
import { chooseWasmThreadsForModel, LARGE_STEP_MS, withThreadChoice } from '../../src/engine/threadTiming';
import { type WasmThreadSwitch, wasmThreadSwitch } from '../../src/engine/wasm/threadedBackend';
import { initWasmBackend, wasmThreadsInUse } from '../../src/engine/wasm/setup';
import { MAX_WASM_THREADS } from '../../src/engine/wasm/threads';
import { parseGraphFile } from '../../src/graph/format';
import type { Graph } from '../../src/graph/types';
import { translate } from '../../src/i18n/index';
import { describeBackendChoice } from '../../src/ui/backendText';

function preset(name: string): Graph {
  const parsed = parseGraphFile(readFileSync(path.join(import.meta.dirname, `../../presets/${name}.json`), 'utf8'));
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  return parsed.graph;
}

describe('chooseThreadCount', () => {
  it('keeps all threads when one thread is not clearly faster', () => {
    const within = 20 * (1 - THREAD_MARGIN / 2);
    expect(chooseThreadCount([{ threads: 1, msPerStep: within }, { threads: 4, msPerStep: 20 }])).toEqual({
      threads: 4,
      timings: [{ threads: 4, msPerStep: 20 }, { threads: 1, msPerStep: within }],
    });
    expect(chooseThreadCount([{ threads: 2, msPerStep: 19 }, { threads: 1, msPerStep: 26 }]).threads).toBe(2);
  });

  it('takes one thread when it is faster by more than the margin (a small model)', () => {
    expect(chooseThreadCount([{ threads: 2, msPerStep: 1.6 }, { threads: 1, msPerStep: 0.9 }]).threads).toBe(1);
  });

  it('takes what could be measured, and all threads when nothing could', () => {
    expect(chooseThreadCount([{ threads: 2, msPerStep: null }, { threads: 1, msPerStep: 3 }]).threads).toBe(1);
    expect(chooseThreadCount([{ threads: 2, msPerStep: 5 }, { threads: 1, msPerStep: Number.NaN }]).threads).toBe(2);
    expect(chooseThreadCount([{ threads: 2, msPerStep: null }, { threads: 1, msPerStep: null }]).threads).toBe(2);
  });
});

/** A thread switch that only remembers what it was told. */
function fakeSwitch(counts: number[]): WasmThreadSwitch & { history: number[]; current(): number } {
  const history: number[] = [];
  return {
    counts,
    history,
    current: () => history[history.length - 1] ?? (counts[0] as number),
    use(threads) {
      if (!counts.includes(threads)) throw new Error(`no pool of ${threads}`);
      history.push(threads);
    },
  };
}

function memoryCache(): BackendTimingCache & { entries: Map<string, StoredBackendTiming> } {
  const entries = new Map<string, StoredBackendTiming>();
  return {
    entries,
    get: async (key) => entries.get(key),
    set: async (entry) => {
      entries.set(entry.key, entry);
    },
  };
}

describe('chooseWasmThreadsForModel (fake switch, fake timings)', () => {
  const logreg = preset('mnist-logreg');
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('times rounds on each thread count, alternating, stays on the faster and remembers it', async () => {
    const threadSwitch = fakeSwitch([2, 1]);
    const cache = memoryCache();
    const calls: [number, number][] = [];
    // The first rounds are slow (code being compiled), as in a fresh worker: they must not count.
    const timeBatches = async (threads: number, batches: number) => {
      calls.push([threads, batches]);
      if (calls.length <= 2) return 80; // cold: longer than LARGE_STEP_MS, but only the warmed-up figure decides that
      return threads === 2 ? 1.6 : 0.9;
    };
    const choice = await chooseWasmThreadsForModel(tf, logreg, { threadSwitch, cache, timeBatches, now: () => 7 });
    expect(choice).toEqual({
      threads: 1,
      available: 2,
      code: 'model-timed',
      timings: [
        { threads: 2, msPerStep: 1.6 },
        { threads: 1, msPerStep: 0.9 },
      ],
    });
    // Warm-up rounds on all threads (the first of 2 batches), then rounds of one size, alternating
    // which count goes first: rounds of ⌈10 ms ÷ 1.6 ms⌉ = 7 batches, as many as fit in 800 ms
    // (35 per count).
    expect(calls[0]).toEqual([2, 2]);
    const timed = calls.slice(-70);
    const order = Array.from({ length: 35 }, (_, round) => (round % 2 === 0 ? [2, 1] : [1, 2])).flat();
    expect(timed.map(([threads]) => threads)).toEqual(order);
    expect(new Set(timed.map(([, batches]) => batches))).toEqual(new Set([7]));
    expect(calls.slice(0, -70).every(([threads]) => threads === 2)).toBe(true);
    expect(threadSwitch.current()).toBe(1);
    expect([...cache.entries.values()]).toEqual([expect.objectContaining({ threads: 1, measuredAt: 7 })]);

    // The next time (another run of a model this size): no trial, the remembered count.
    const again = fakeSwitch([2, 1]);
    const never = async (): Promise<number> => {
      throw new Error('a remembered choice must not time the model again');
    };
    const remembered = await chooseWasmThreadsForModel(tf, logreg, { threadSwitch: again, cache, timeBatches: never });
    expect(remembered).toMatchObject({ threads: 1, available: 2, code: 'model-remembered' });
    expect(again.current()).toBe(1);
  });

  it('goes by each count’s median round, not a lucky quick one', async () => {
    // As measured on a shared 2-core machine for logistic regression: the two-thread rounds scatter
    // more and now and then come in quicker than any one-thread round, yet most are slower.
    const threadSwitch = fakeSwitch([2, 1]);
    let twoThreadRounds = 0;
    const timeBatches = async (threads: number) => {
      if (threads === 1) return 1.0;
      twoThreadRounds++;
      return twoThreadRounds % 4 === 0 ? 0.7 : 1.4;
    };
    const choice = await chooseWasmThreadsForModel(tf, logreg, { threadSwitch, timeBatches });
    expect(choice).toMatchObject({ threads: 1, timings: [{ threads: 2, msPerStep: 1.4 }, { threads: 1, msPerStep: 1.0 }] });
    expect(threadSwitch.current()).toBe(1);
  });

  it('times a model with longer batches in fewer rounds, at least 8 per count', async () => {
    const threadSwitch = fakeSwitch([2, 1]);
    const calls: number[] = [];
    const timeBatches = async (threads: number) => {
      calls.push(threads);
      return threads === 2 ? 20 : 26; // the MLP's batches: two threads are faster
    };
    const choice = await chooseWasmThreadsForModel(tf, preset('mnist-mlp'), { threadSwitch, timeBatches });
    expect(choice).toMatchObject({ threads: 2, timings: [{ threads: 2, msPerStep: 20 }, { threads: 1, msPerStep: 26 }] });
    // Rounds of 2 batches (40 ms): 10 per count fit in 800 ms.
    expect(calls.filter((threads) => threads === 1)).toHaveLength(10);
  });

  it('does not try one thread for a model whose batches are long on all of them', async () => {
    const threadSwitch = fakeSwitch([4, 1]);
    const counts: number[] = [];
    const timeBatches = async (threads: number) => {
      counts.push(threads);
      return LARGE_STEP_MS * 4;
    };
    const choice = await chooseWasmThreadsForModel(tf, preset('mnist-cnn'), { threadSwitch, timeBatches });
    expect(counts).toEqual([4, 4]); // that long after the first batches too: no more warm-up, no trial
    expect(choice).toMatchObject({ threads: 4, timings: [{ threads: 4, msPerStep: LARGE_STEP_MS * 4 }] });
    expect(threadSwitch.current()).toBe(4);
    // Nothing was tried against all cores, so the backend line says just that.
    const onAll = {
      backend: 'wasm',
      preference: 'auto',
      reason: 'WASM (SIMD, 4 threads) — no hardware GPU found (WebGL renderer: SwiftShader)',
      reasonCode: 'no-gpu',
      simd: true,
      threads: 4,
      threadsCode: 'threads',
    } as const;
    expect(withThreadChoice({ ...onAll }, choice)).toEqual(onAll);
  });

  it('goes back to all threads when timing fails, and leaves a graph that does not compile alone', async () => {
    const threadSwitch = fakeSwitch([2, 1]);
    // Fails on one thread only, after the warm-up on all of them: the switch must be put back.
    const failing = async (threads: number): Promise<number> => {
      if (threads === 1) throw new Error('out of memory');
      return 2;
    };
    await expect(chooseWasmThreadsForModel(tf, logreg, { threadSwitch, timeBatches: failing })).rejects.toThrow('out of memory');
    expect(threadSwitch.history).toContain(1);
    expect(threadSwitch.current()).toBe(2);
    // Nothing could be timed at all: no choice, nothing remembered.
    const cache = memoryCache();
    const never = fakeSwitch([2, 1]);
    expect(await chooseWasmThreadsForModel(tf, logreg, { threadSwitch: never, cache, timeBatches: async () => null })).toBeUndefined();
    expect(cache.entries.size).toBe(0);
    expect(never.current()).toBe(2);
    const broken: Graph = { ...logreg, edges: [] };
    expect(await chooseWasmThreadsForModel(tf, broken, { threadSwitch: fakeSwitch([2, 1]) })).toBeUndefined();
  });

  it('shows the choice and its figures on the backend line in both languages', () => {
    const timings: ThreadTiming[] = [
      { threads: 2, msPerStep: 1.6 },
      { threads: 1, msPerStep: 0.9 },
    ];
    const base = {
      backend: 'wasm',
      preference: 'auto',
      reason: 'WASM (SIMD, 2 threads) — no hardware GPU found (WebGL renderer: SwiftShader)',
      reasonCode: 'no-gpu',
      reasonVars: { renderer: 'SwiftShader' },
      simd: true,
      threads: 2,
      threadsCode: 'threads',
    } as const;
    const chosen = withThreadChoice({ ...base }, { threads: 1, available: 2, code: 'model-timed', timings });
    expect(chosen).toMatchObject({ threads: 1, threadsAvailable: 2, threadsCode: 'model-timed', threadTimings: timings });
    expect(chosen.reason).toBe(
      'WASM (SIMD) — no hardware GPU found (WebGL renderer: SwiftShader); on 1 of 2 threads, the fastest for this model in a short trial of its training (2 threads 1.6 ms/step, 1 thread 0.9 ms/step)',
    );
    const en = describeBackendChoice(chosen, (key, vars) => translate('en', key, vars));
    expect(en).toBe(
      'WASM (SIMD) — no hardware GPU found (WebGL renderer: SwiftShader); on 1 of 2 threads: the fastest for this model in a short trial of its training (2 threads 1.6 ms/step · 1 thread 0.9 ms/step)',
    );
    const ja = describeBackendChoice({ ...chosen, threadsCode: 'model-remembered' }, (key, vars) => translate('ja', key, vars));
    expect(ja).toContain('2 スレッドのうち 1 スレッドで計算');
    expect(ja).toContain('2 スレッド 1 ステップ 1.6 ms · 1 スレッド 1 ステップ 0.9 ms');
    expect(ja).not.toMatch(/\{\w+\}/);
  });
});

describe('the threaded WASM backend switches between all threads and one (Node, real)', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives the same products on either, reports the count in use, and a fresh start uses all', async () => {
    const result = await initWasmBackend(tf, { fallbackToCpu: false });
    expect(result.backend).toBe('wasm');
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    const threads = Math.min(cores, MAX_WASM_THREADS);
    const threadSwitch = wasmThreadSwitch(tf.backend());
    if (threads < 2) {
      expect(threadSwitch).toBeUndefined(); // one core: the single-threaded build, nothing to switch
      return;
    }
    if (threadSwitch === undefined) throw new Error('the threaded backend offers no thread switch');
    expect(threadSwitch.counts).toEqual([threads, 1]);
    const a = tf.randomNormal([300, 200], 0, 1, 'float32', 1);
    const b = tf.randomNormal([200, 150], 0, 1, 'float32', 2);
    const product = () => tf.tidy(() => tf.matMul(a, b).dataSync() as Float32Array);
    const onAll = product();
    threadSwitch.use(1);
    expect(wasmThreadsInUse(tf).threads).toBe(1);
    expect(product()).toEqual(onAll);
    threadSwitch.use(threads);
    expect(wasmThreadsInUse(tf).threads).toBe(threads);
    expect(product()).toEqual(onAll);

    threadSwitch.use(1);
    const again = await initWasmBackend(tf, { fallbackToCpu: false });
    expect(again.threads).toBe(threads);
    tf.dispose([a, b]);
  });

  it('times logistic regression in the training loop on both counts and stays on the count it chose', async () => {
    await initWasmBackend(tf, { fallbackToCpu: false });
    if (wasmThreadSwitch(tf.backend()) === undefined) return; // one core (asserted above)
    const choice = await chooseWasmThreadsForModel(tf, preset('mnist-logreg'));
    expect(choice?.code).toBe('model-timed');
    expect(choice?.timings.map((timing) => timing.threads)).toEqual(wasmThreadSwitch(tf.backend())?.counts);
    for (const timing of choice?.timings ?? []) expect(timing.msPerStep).toBeGreaterThan(0);
    expect(wasmThreadsInUse(tf).threads).toBe(choice?.threads);
  });
});
