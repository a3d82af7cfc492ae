/**
 * Kairo's WASM SIMD kernels: the binary in the repository is what kernels.wat assembles to, and the
 * kernels load on both builds' memories (the threaded build's shared one and a plain one).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simdKernels } from '../../src/engine/wasm/simd/kernels';
import { assembleSimdKernels } from '../../scripts/build-simd-kernels';

describe('WASM SIMD kernels', () => {
  it('are committed as kernels.wat assembles (run scripts/build-simd-kernels.ts after an edit)', async () => {
    const committed = readFileSync(new URL('../../src/engine/wasm/simd/binary.ts', import.meta.url), 'utf8');
    expect(committed).toBe(await assembleSimdKernels());
  });

  it('load on a shared memory and on a plain one, and run where the tensors lie', () => {
    for (const shared of [true, false]) {
      const memory = new WebAssembly.Memory(shared ? { initial: 2, maximum: 16, shared: true } : { initial: 2 });
      const backend = shared ? { wasm: { wasmMemory: memory } } : { wasm: { asm: { memory } } };
      const kernels = simdKernels(backend);
      expect(kernels).toBeDefined();
      // One 2×2 window of four channels: x at 0, dy at 64, dx at 128 (bytes).
      const floats = new Float32Array(memory.buffer);
      floats.set([1, 5, 0, -1, 2, 5, 0, -2, 3, 5, 0, -3, 0, 5, 0, -4], 0); // four pixels × four channels
      floats.set([10, 20, 30, 40], 16);
      kernels?.maxPool2x2Grad(0, 64, 128, 1, 2, 2, 4, 1, 1);
      // Channel 0: the third pixel (3); 1: the first of four equal; 2: the first zero; 3: the first (−1).
      expect([...floats.subarray(32, 48)]).toEqual([0, 20, 30, 40, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0]);
    }
  });

  it('are not offered for a backend without a WebAssembly memory', () => {
    expect(simdKernels({})).toBeUndefined();
    expect(simdKernels({ wasm: { asm: {} } })).toBeUndefined();
  });
});
