/**
 * The automatic backend choice with fake findings and fake timings: there is no GPU on the
 * machines these tests run on, so the real-GPU path is exercised with a stand-in 'webgpu' backend
 * (the CPU backend's kernels under that name) and timings the test decides.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BackendChoice, type BackendEnvironment, selectBackend, webglWorksInWorkers } from '../../src/engine/backend';
import {
  type BackendCapabilities,
  type BackendTiming,
  CPU_MARGIN,
  backendTimingKey,
  chooseTimedBackend,
  planGpuBackends,
} from '../../src/engine/backendChoice';
import { type StoredBackendTiming, chooseBackendForModel, timeTrainingSteps } from '../../src/engine/backendTiming';
import { initWasmBackend, wasmThreadsInUse } from '../../src/engine/wasm/setup';
import { parseGraphFile } from '../../src/graph/format';
import type { Graph } from '../../src/graph/types';
import { translate } from '../../src/i18n/index';
import { backendTimingStore } from '../../src/storage/backendTimings';
import { describeBackendChoice } from '../../src/ui/backendText';

const SWIFTSHADER = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
const NVIDIA = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 (0x00002206) Direct3D11 vs_5_0 ps_5_0, D3D11)';

function capabilities(overrides: { webgl?: Partial<BackendCapabilities['webgl']>; webgpu?: Partial<BackendCapabilities['webgpu']> }): BackendCapabilities {
  return {
    webgl: { available: true, renderer: NVIDIA, usableInWorker: true, ...overrides.webgl },
    webgpu: { available: false, ...overrides.webgpu },
  };
}

describe('planGpuBackends', () => {
  it('tries no GPU backend on a software renderer and says which one', () => {
    expect(planGpuBackends(capabilities({ webgl: { renderer: SWIFTSHADER } }))).toEqual({
      candidates: [],
      noGpu: { code: 'no-gpu', vars: { renderer: 'SwiftShader' } },
    });
  });

  it('tries WebGL on a real GPU, and WebGPU beside it when an adapter is granted', () => {
    expect(planGpuBackends(capabilities({})).candidates).toEqual(['webgl']);
    expect(planGpuBackends(capabilities({ webgpu: { available: true, adapter: 'nvidia ampere' } })).candidates).toEqual(['webgl', 'webgpu']);
  });

  it('ignores a software WebGPU adapter', () => {
    const plan = planGpuBackends(capabilities({ webgl: { renderer: SWIFTSHADER }, webgpu: { available: true, software: true } }));
    expect(plan.candidates).toEqual([]);
  });

  it('on Safari (no WebGL in workers) falls back with its own reason, or keeps WebGPU', () => {
    const safari = capabilities({ webgl: { renderer: 'Apple GPU', usableInWorker: false } });
    expect(planGpuBackends(safari)).toEqual({ candidates: [], noGpu: { code: 'no-worker-webgl', vars: {} } });
    expect(planGpuBackends({ ...safari, webgpu: { available: true, adapter: 'apple' } }).candidates).toEqual(['webgpu']);
  });

  it('says so when there is no WebGL at all', () => {
    expect(planGpuBackends(capabilities({ webgl: { available: false, renderer: undefined } })).noGpu.code).toBe('no-webgl');
  });

  it('knows Safari from its user agent, and Chrome and Firefox as not Safari', () => {
    expect(
      webglWorksInWorkers('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15'),
    ).toBe(false);
    expect(
      webglWorksInWorkers('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'),
    ).toBe(true);
    expect(webglWorksInWorkers('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0')).toBe(true);
  });
});

describe('chooseTimedBackend', () => {
  const timed = (webgpu: number | null, webgl: number | null, wasm: number | null): BackendTiming[] => [
    { backend: 'webgl', msPerStep: webgl },
    { backend: 'webgpu', msPerStep: webgpu },
    { backend: 'wasm', msPerStep: wasm },
  ];

  it('takes the fastest, and lists the figures fastest first', () => {
    const choice = chooseTimedBackend(timed(12, 20, 300));
    expect(choice.backend).toBe('webgpu');
    expect(choice.timings.map((timing) => timing.backend)).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(chooseTimedBackend(timed(40, 25, 300)).backend).toBe('webgl');
  });

  it('takes WASM when it is clearly faster than every GPU backend (a small model)', () => {
    expect(chooseTimedBackend(timed(9, 10, 2)).backend).toBe('wasm');
  });

  it('leaves the work on the GPU when WASM is faster by less than the margin', () => {
    const gpu = 10;
    expect(chooseTimedBackend(timed(null, gpu, gpu * (1 - CPU_MARGIN / 2))).backend).toBe('webgl');
    expect(chooseTimedBackend(timed(null, gpu, gpu * (1 - 2 * CPU_MARGIN))).backend).toBe('wasm');
  });

  it('skips candidates that failed, lists them last, and falls back to WASM when all failed', () => {
    const choice = chooseTimedBackend(timed(null, 30, 400));
    expect(choice.backend).toBe('webgl');
    expect(choice.timings.at(-1)).toEqual({ backend: 'webgpu', msPerStep: null });
    expect(chooseTimedBackend(timed(null, null, null)).backend).toBe('wasm');
  });

  it('files the result by device and model size', () => {
    const key = (parameters: number, batchSize = 128) => backendTimingKey({ gpu: 'RTX 3080', threads: 8 }, { parameters, batchSize });
    expect(key(1_199_882)).toBe(key(1_100_000)); // the same size class
    expect(key(1_199_882)).not.toBe(key(669_706)); // the MLP
    expect(key(7_850)).not.toBe(key(7_850, 32));
  });
});

const root = path.resolve(import.meta.dirname, '../..');
function preset(name: string): Graph {
  const parsed = parseGraphFile(readFileSync(path.join(root, 'presets', `${name}.json`), 'utf8'));
  if (!parsed.ok) throw new Error(`${name} does not load`);
  return parsed.graph;
}

/** A stand-in 'webgpu' backend: the CPU backend's kernels under that name. */
function registerStandInWebGPU(): void {
  if (tf.findBackendFactory('webgpu') !== null) return;
  for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: 'webgpu' });
  tf.registerBackend('webgpu', () => new MathBackendCPU(), 0);
}

function environment(renderer: string, webgpu: BackendCapabilities['webgpu']): BackendEnvironment {
  return {
    probeRenderer: () => ({ available: true, renderer }),
    probeWebGPU: async () => webgpu,
    loadWebGPU: async () => {
      registerStandInWebGPU();
      return true;
    },
    activateWasm: async (tfjs) => (await initWasmBackend(tfjs, { fallbackToCpu: false })).backend === 'wasm',
    wasmHasSimd: async (tfjs) => Boolean(await tfjs.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    wasmThreads: (tfjs) => {
      const { threads, threadsCode } = wasmThreadsInUse(tfjs);
      return { threads, threadsCode };
    },
  };
}

class MemoryCache {
  readonly entries = new Map<string, StoredBackendTiming>();
  async get(key: string) {
    return this.entries.get(key);
  }
  async set(entry: StoredBackendTiming) {
    this.entries.set(entry.key, entry);
  }
}

describe('the choice on a real GPU (stand-in backends, fake timings)', () => {
  beforeAll(() => registerStandInWebGPU());
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  const gpuMachine = environment(NVIDIA, { available: true, adapter: 'nvidia ampere' });

  it('starts on a GPU backend and lists the candidates to time on the model', async () => {
    const choice = await selectBackend(tf, 'auto', gpuMachine);
    // WebGL cannot start in Node, so the next GPU candidate runs.
    expect(choice).toMatchObject({ backend: 'webgpu', reasonCode: 'gpu', timingCandidates: ['webgpu', 'webgl', 'wasm'] });
    expect(tf.getBackend()).toBe('webgpu');
  });

  it('times the model on each candidate, activates the fastest and remembers it', async () => {
    const first = await selectBackend(tf, 'auto', gpuMachine);
    const cache = new MemoryCache();
    const fake: Record<string, number | null> = { webgpu: 30, wasm: 12 };
    const timedOn: string[] = [];
    const timeSteps = async () => {
      const backend = tf.getBackend();
      timedOn.push(backend);
      return fake[backend] ?? null;
    };
    const graph = preset('mnist-logreg');
    const chosen = await chooseBackendForModel(tf, first, graph, gpuMachine, { cache, deviceName: NVIDIA, timeSteps });
    expect(timedOn).toEqual(['webgpu', 'wasm']); // WebGL does not start: not timed
    expect(chosen).toMatchObject({ backend: 'wasm', reasonCode: 'timed' });
    expect(chosen.timings).toEqual([
      { backend: 'wasm', msPerStep: 12 },
      { backend: 'webgpu', msPerStep: 30 },
      { backend: 'webgl', msPerStep: null },
    ]);
    expect(tf.getBackend()).toBe('wasm');
    expect(chosen.threads).toBeGreaterThanOrEqual(1);

    // The next start with a model of this size: no trial, the remembered winner with its figures.
    const again = await chooseBackendForModel(tf, await selectBackend(tf, 'auto', gpuMachine), graph, gpuMachine, {
      cache,
      deviceName: NVIDIA,
      timeSteps: async () => {
        throw new Error('must not time again');
      },
    });
    expect(again).toMatchObject({ backend: 'wasm', reasonCode: 'remembered', timings: chosen.timings });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('keeps the GPU backend when it is the fastest', async () => {
    const first = await selectBackend(tf, 'auto', gpuMachine);
    const timeSteps = async () => (tf.getBackend() === 'webgpu' ? 5 : 50);
    const chosen = await chooseBackendForModel(tf, first, preset('mnist-cnn'), gpuMachine, { deviceName: NVIDIA, timeSteps });
    expect(chosen).toMatchObject({ backend: 'webgpu', reasonCode: 'timed' });
    expect(tf.getBackend()).toBe('webgpu');
  });

  it('asked for WebGPU where no adapter is granted: WASM, with the probe\'s reason, and tfjs never tries WebGPU', async () => {
    const loaded: string[] = [];
    const noAdapter: BackendEnvironment = {
      ...environment(SWIFTSHADER, { available: false, error: 'no WebGPU adapter was granted' }),
      loadWebGPU: async () => {
        loaded.push('webgpu');
        return true;
      },
    };
    const choice = await selectBackend(tf, 'webgpu', noAdapter);
    expect(choice).toMatchObject({ backend: 'wasm', preference: 'webgpu', reasonCode: 'webgpu-failed', reasonVars: { error: 'no WebGPU adapter was granted' } });
    expect(choice.reason).toMatch(/^WASM.* — WebGPU could not start \(no WebGPU adapter was granted\)$/);
    expect(tf.getBackend()).toBe('wasm');
    expect(loaded).toEqual([]);
    // Where there is one, the choice is kept.
    const kept = await selectBackend(tf, 'webgpu', gpuMachine);
    expect(kept).toMatchObject({ backend: 'webgpu', reasonCode: 'chosen' });
    expect(tf.getBackend()).toBe('webgpu');
  });

  it('leaves a choice without candidates alone (no GPU: nothing to time)', async () => {
    const noGpu = environment(SWIFTSHADER, { available: false });
    const choice = await selectBackend(tf, 'auto', noGpu);
    expect(choice.backend).toBe('wasm');
    expect(choice.timingCandidates).toBeUndefined();
    const same = await chooseBackendForModel(tf, choice, preset('mnist-logreg'), noGpu, {
      deviceName: SWIFTSHADER,
      timeSteps: async () => {
        throw new Error('must not time');
      },
    });
    expect(same).toBe(choice);
  });

  it('keeps timed choices in IndexedDB', async () => {
    const entry: StoredBackendTiming = { key: 'device|size', backend: 'webgl', timings: [{ backend: 'webgl', msPerStep: 3 }], measuredAt: 1 };
    await backendTimingStore.set(entry);
    expect(await backendTimingStore.get('device|size')).toEqual(entry);
    expect(await backendTimingStore.get('another device|size')).toBeUndefined();
  });
});

describe('timeTrainingSteps (real steps)', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('times the preset model on WASM, and gives null where the model cannot train', async () => {
    await initWasmBackend(tf, { fallbackToCpu: false });
    const ms = await timeTrainingSteps(tf, preset('mnist-logreg'), { warmupSteps: 1, timedSteps: 2 });
    expect(ms).toBeGreaterThan(0);
    const before = tf.memory().numTensors;
    const broken: Graph = { ...preset('mnist-logreg'), edges: [] };
    expect(await timeTrainingSteps(tf, broken)).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the backend line in both languages', () => {
  const choices: BackendChoice[] = [
    { backend: 'wasm', preference: 'auto', reason: '', reasonCode: 'no-gpu', reasonVars: { renderer: 'SwiftShader' }, simd: true, threads: 2, threadsCode: 'threads' },
    { backend: 'wasm', preference: 'auto', reason: '', reasonCode: 'no-webgl', simd: true, threads: 1, threadsCode: 'not-isolated' },
    { backend: 'wasm', preference: 'auto', reason: '', reasonCode: 'no-worker-webgl', simd: true, threads: 1, threadsCode: 'no-shared-memory' },
    { backend: 'wasm', preference: 'wasm', reason: '', reasonCode: 'chosen', simd: true, threads: 1, threadsCode: 'one-core' },
    { backend: 'wasm', preference: 'auto', reason: '', reasonCode: 'webgpu-failed', simd: false, threads: 1, threadsCode: 'threads-failed' },
    { backend: 'wasm', preference: 'auto', reason: '', reasonCode: 'webgl-failed', simd: true, threads: 4, threadsCode: 'chosen' },
    { backend: 'webgpu', preference: 'auto', reason: '', reasonCode: 'timed', timings: [{ backend: 'webgpu', msPerStep: 12.5 }, { backend: 'wasm', msPerStep: null }] },
    { backend: 'webgl', preference: 'auto', reason: '', reasonCode: 'remembered', timings: [{ backend: 'webgl', msPerStep: 4.2 }] },
    { backend: 'webgl', preference: 'auto', reason: '', reasonCode: 'gpu', reasonVars: { renderer: 'RTX 3080' } },
    { backend: 'cpu', preference: 'auto', reason: '', reasonCode: 'wasm-failed' },
  ];

  it.each(['en', 'ja'] as const)('words every reason and thread count in %s, values filled in', (language) => {
    const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(language, key, vars);
    const lines = choices.map((choice) => describeBackendChoice(choice, t));
    for (const line of lines) {
      expect(line).not.toMatch(/\{\w+\}/);
      expect(line.length).toBeGreaterThan(5);
    }
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines[0]).toContain('2');
    expect(lines[6]).toContain('13'); // 12.5 ms, whole milliseconds from 10 up
    expect(lines[7]).toContain('4.2');
    if (language === 'ja') expect(lines.join('')).toMatch(/[ぁ-んァ-ン一-龥]/);
  });
});
