import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { type BackendEnvironment, isSoftwareRenderer, selectBackend } from '../../src/engine/backend';
import { initWasmBackend } from '../../src/engine/wasm/setup';

const SWIFTSHADER = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
const NVIDIA = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 (0x00002206) Direct3D11 vs_5_0 ps_5_0, D3D11)';

/** The real WASM backend (as in Node), with a renderer the test chooses. */
function environment(renderer: string | undefined, wasm: 'works' | 'throws' = 'works'): BackendEnvironment {
  return {
    probeRenderer: () => (renderer === undefined ? { available: false, error: 'no WebGL context could be created' } : { available: true, renderer }),
    activateWasm: async (tfjs) => {
      if (wasm === 'throws') throw new Error('fetching tfjs-backend-wasm-simd.wasm failed');
      const result = await initWasmBackend(tfjs, { fallbackToCpu: false });
      return result.backend === 'wasm';
    },
    wasmHasSimd: async (tfjs) => Boolean(await tfjs.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
  };
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('isSoftwareRenderer', () => {
  it.each([
    [SWIFTSHADER, true],
    ['Google SwiftShader', true],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', true],
    ['Mesa softpipe', true],
    ['Microsoft Basic Render Driver', true],
    [NVIDIA, false],
    ['ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)', false],
    ['Mali-G78', false],
    ['ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)', false],
  ])('%s → %s', (renderer, expected) => {
    expect(isSoftwareRenderer(renderer)).toBe(expected);
  });
});

describe('selectBackend', () => {
  it('prefers WASM over WebGL on a software renderer, and says why', async () => {
    const choice = await selectBackend(tf, 'auto', environment(SWIFTSHADER));
    expect(choice.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.reason).toMatch(/^WASM.* — no hardware GPU found \(WebGL renderer: SwiftShader\)$/);
    expect(choice.renderer).toBe(SWIFTSHADER);
    expect(choice.reasonCode).toBe('no-gpu');
  });

  it('takes WASM when there is no WebGL at all', async () => {
    const choice = await selectBackend(tf, 'auto', environment(undefined));
    expect(choice.backend).toBe('wasm');
    expect(choice.reason).toMatch(/WebGL is not available/);
    expect(choice.reasonCode).toBe('no-webgl');
  });

  it('tries WebGL on a real GPU and falls back to WASM when it cannot start (no WebGL in Node)', async () => {
    const choice = await selectBackend(tf, 'auto', environment(NVIDIA));
    expect(choice.backend).toBe('wasm');
    expect(choice.reason).toMatch(/WebGL could not start/);
    expect(choice.reasonCode).toBe('webgl-failed');
  });

  it('falls back to CPU when WASM fails, naming the WASM error', async () => {
    const choice = await selectBackend(tf, 'auto', environment(SWIFTSHADER, 'throws'));
    expect(choice.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(choice.reason).toMatch(/WASM failed to start \(fetching tfjs-backend-wasm-simd\.wasm failed\)/);
    expect(choice.reasonCode).toBe('wasm-failed');
  });

  it('follows the user: CPU when asked for CPU, without probing WebGL', async () => {
    let probed = false;
    const env = environment(NVIDIA);
    const choice = await selectBackend(tf, 'cpu', {
      ...env,
      probeRenderer: () => {
        probed = true;
        return env.probeRenderer();
      },
    });
    expect(choice).toMatchObject({ backend: 'cpu', preference: 'cpu', reasonCode: 'chosen' });
    expect(probed).toBe(false);
  });
});
