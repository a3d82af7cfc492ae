/**
 * Our JavaScript kernels on the WASM heap (MaxPoolGrad, column sums, the Adadelta step, Identity, Transpose) give what tfjs's CPU backend
 * gives, leak nothing, and leave every other case to the shipped kernels; where their inner loop runs in
 * WASM SIMD (src/engine/wasm/simd), it gives what their JavaScript loop gives.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdadelta } from '../../src/engine/adadelta';
import { initWasmBackend, registerWasmKernels } from '../../src/engine/wasm/setup';
import { simdKernels } from '../../src/engine/wasm/simd/kernels';
import { simplifyTransposition } from '../../src/engine/wasm/transpose';
import { firstDifference, withJavaScriptLoops } from './simdLoops';

/** Values in [-1, 1) from a fixed seed; `zeros` of them set to 0 (ReLU outputs tie at zero). */
function seededValues(count: number, seed: number, zeros = 0): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = state / 2 ** 31 - 1;
    if (zeros > 0 && i % zeros === 0) values[i] = 0;
  }
  return values;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}

beforeAll(async () => {
  const result = await initWasmBackend(tf, { fallbackToCpu: false });
  expect(result.backend).toBe('wasm');
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

interface PoolCase {
  shape: [number, number, number, number];
  size: number;
  stride: number;
  pad: 'valid' | 'same';
  /** Every n-th input is 0, so that windows tie. */
  zeros: number;
  /** Added to every input (values are in [-1, 1) before). */
  offset?: number;
}

/** d/dx of Σ maxPool(x) · dy on one backend. */
async function poolGradient(backend: string, c: PoolCase): Promise<Float32Array> {
  await tf.setBackend(backend);
  const grad = tf.tidy(() => {
    const values = seededValues(c.shape.reduce((a, b) => a * b), 7, c.zeros).map((value) => value + (c.offset ?? 0));
    const x = tf.tensor4d(values, c.shape);
    const out = tf.maxPool(x, c.size, c.stride, c.pad);
    const dy = tf.tensor(seededValues(out.size, 8), out.shape);
    return tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(input as tf.Tensor4D, c.size, c.stride, c.pad), dy)))(x);
  });
  const values = await grad.data<'float32'>();
  grad.dispose();
  return values;
}

describe('MaxPoolGrad on the WASM heap', () => {
  it.each<PoolCase>([
    { shape: [2, 8, 8, 5], size: 2, stride: 2, pad: 'valid', zeros: 0 },
    // The course CNN's pooling (fewer samples), with ReLU-like ties at zero.
    { shape: [3, 24, 24, 64], size: 2, stride: 2, pad: 'valid', zeros: 3 },
    // Windows that overlap (gradients add up) and ones cut by the edge.
    { shape: [2, 9, 7, 3], size: 3, stride: 2, pad: 'same', zeros: 4 },
    { shape: [1, 5, 6, 2], size: 3, stride: 1, pad: 'valid', zeros: 2 },
    { shape: [2, 7, 7, 4], size: 2, stride: 2, pad: 'valid', zeros: 1 }, // all zero: first position wins
    // All negative, four channels at a time (the SIMD kernel), odd sizes whose last row and column get nothing.
    { shape: [2, 9, 5, 8], size: 2, stride: 2, pad: 'valid', zeros: 5, offset: -1 },
  ])('matches the CPU backend: $shape pool $size stride $stride $pad', async (c) => {
    const onCpu = await poolGradient('cpu', c);
    const onWasm = await poolGradient('wasm', c);
    expect(maxAbsDiff(onWasm, onCpu)).toBeLessThan(1e-6);
  });

  it('agrees with the shipped kernel where that one is right (positive values, no ties)', async () => {
    const c: PoolCase = { shape: [2, 10, 10, 6], size: 2, stride: 2, pad: 'valid', zeros: 0, offset: 1.5 };
    const ours = await poolGradient('wasm', c);
    registerWasmKernels({ fastPoolGradient: false });
    try {
      expect(maxAbsDiff(await poolGradient('wasm', c), ours)).toBeLessThan(1e-6);
    } finally {
      registerWasmKernels();
    }
  });

  it('passes on the gradient of windows whose values are all negative', async () => {
    // tfjs-backend-wasm 4.22's own kernel starts its search at the smallest positive float, so
    // such windows lose their gradient there (harmless after a ReLU, wrong after tanh or none).
    const c: PoolCase = { shape: [1, 4, 4, 2], size: 2, stride: 2, pad: 'valid', zeros: 0, offset: -1 };
    const onCpu = await poolGradient('cpu', c);
    const onWasm = await poolGradient('wasm', c);
    expect(onCpu.some((value) => value !== 0)).toBe(true);
    expect(maxAbsDiff(onWasm, onCpu)).toBeLessThan(1e-6);
  });

  it('gives the same numbers, bit for bit, in WASM SIMD as in the JavaScript loop, NaN and −∞ included', async () => {
    await tf.setBackend('wasm');
    expect(simdKernels(tf.backend())).toBeDefined(); // Node has WASM SIMD: the kernels must load
    const shape: [number, number, number, number] = [3, 10, 12, 16];
    const values = seededValues(shape.reduce((a, b) => a * b), 11, 3);
    for (let i = 0; i < values.length; i += 17) values[i] = Number.NaN;
    for (let i = 5; i < values.length; i += 23) values[i] = Number.NEGATIVE_INFINITY;
    for (let i = 9; i < values.length; i += 29) values[i] = -0;
    const x = tf.tensor4d(values, shape);
    const dy = tf.tensor4d(seededValues(3 * 5 * 6 * 16, 12), [3, 5, 6, 16]);
    const attrs = { filterSize: [2, 2], strides: [2, 2], pad: 'valid' };
    const gradient = async () => {
      const dx = tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: x }, attrs) as tf.Tensor;
      const out = await dx.data<'float32'>();
      dx.dispose();
      return out;
    };
    const simd = await gradient();
    const loop = await withJavaScriptLoops(gradient);
    tf.dispose([x, dy]);
    expect(firstDifference(simd, loop)).toBe(-1);
    expect(simd.some((value) => value !== 0)).toBe(true);
  });

  it('rejects a dy of the wrong shape, naming both shapes', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 4, 4, 2]);
    const dy = tf.zeros([1, 3, 3, 2]);
    expect(() =>
      tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: x }, { filterSize: [2, 2], strides: [2, 2], pad: 'valid' }),
    ).toThrow(/\[1, 3, 3, 2\].*\[1, 2, 2, 2\]/);
    tf.dispose([x, dy]);
  });
});

/** tf.sum on one backend. */
async function summed(backend: string, shape: number[], axis: number | number[], keepDims = false) {
  await tf.setBackend(backend);
  const result = tf.tidy(() => tf.sum(tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), 9), shape), axis, keepDims));
  const out = { shape: result.shape, values: await result.data<'float32'>() };
  result.dispose();
  return out;
}

describe('Sum over all axes but the last (bias gradients)', () => {
  it.each<[number[], number | number[], boolean]>([
    [[128, 24, 24, 8], [0, 1, 2], false], // a conv bias gradient
    [[64, 10], 0, false], // a dense bias gradient
    [[4, 3, 5], [1, 0], true],
    [[3, 5], [-2], false],
    // Not column sums: the shipped kernel answers.
    [[4, 3, 5], [1, 2], false],
    [[4, 3, 5], 2, false],
    [[6], 0, false],
  ])('%j over %j (keepDims %s) matches the CPU backend', async (shape, axis, keepDims) => {
    const onCpu = await summed('cpu', shape, axis, keepDims);
    const onWasm = await summed('wasm', shape, axis, keepDims);
    expect(onWasm.shape).toEqual(onCpu.shape);
    // Summing 73,728 numbers: float32 order effects, relative to the size of the sums.
    expect(maxAbsDiff(onWasm.values, onCpu.values)).toBeLessThan(1e-3);
  });
});

describe('column sums in WASM SIMD', () => {
  it.each([
    [[37, 5]], // odd columns, rows not a multiple of four
    [[128, 24, 24, 8]],
    [[3, 1]],
  ])('give the same numbers, bit for bit, as the JavaScript loop: %j', async (shape) => {
    await tf.setBackend('wasm');
    const x = tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), 31), shape);
    const axes = shape.slice(0, -1).map((_, axis) => axis);
    const sum = async () => {
      const total = tf.sum(x, axes);
      const values = await total.data<'float32'>();
      total.dispose();
      return values;
    };
    const simd = await sum();
    const loop = await withJavaScriptLoops(sum);
    x.dispose();
    expect(firstDifference(simd, loop)).toBe(-1);
  });
});

describe('heap kernels', () => {
  it('leak no tensors and no backend memory', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    const x = tf.randomNormal([2, 6, 6, 3]);
    const run = () =>
      tf.tidy(() => {
        const pooled = tf.grad((input: tf.Tensor) => tf.sum(tf.maxPool(input as tf.Tensor4D, 2, 2, 'valid')))(x);
        return tf.sum(pooled, [0, 1, 2]);
      });
    run().dispose(); // first use sets things up
    const tensors = tf.memory().numTensors;
    const data = backend.numDataIds();
    for (let i = 0; i < 3; i++) run().dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(data);
    x.dispose();
  });
});

describe('the fused Adadelta step on WASM', () => {
  /** Five steps of Kairo's Adadelta on Σ (w·x − t)² from fixed weights; the weights after each step. */
  async function adadeltaSteps(backend: string): Promise<Float32Array[]> {
    await tf.setBackend(backend);
    const weights = tf.variable(tf.tensor2d(seededValues(40 * 30, 11), [40, 30]));
    const inputs = tf.tensor2d(seededValues(8 * 40, 12), [8, 40]);
    const targets = tf.tensor2d(seededValues(8 * 30, 13), [8, 30]);
    const optimizer = createAdadelta(tf, 1.0, 0.95, 1e-7);
    const after: Float32Array[] = [];
    for (let step = 0; step < 5; step++) {
      optimizer.minimize(() => tf.sum(tf.square(tf.sub(tf.matMul(inputs, weights), targets))) as tf.Scalar);
      after.push(weights.dataSync() as Float32Array);
    }
    optimizer.dispose();
    tf.dispose([weights, inputs, targets]);
    return after;
  }

  it('takes the same steps as the unfused ops on the CPU backend', async () => {
    registerWasmKernels({ fusedAdadelta: true }); // on by default with the threaded build only
    const onCpu = await adadeltaSteps('cpu');
    const onWasm = await adadeltaSteps('wasm');
    for (let step = 0; step < onCpu.length; step++) {
      expect(maxAbsDiff(onWasm[step] as Float32Array, onCpu[step] as Float32Array)).toBeLessThan(1e-5);
    }
    // The steps do move the weights (so the comparison compares something).
    expect(maxAbsDiff(onCpu[4] as Float32Array, onCpu[0] as Float32Array)).toBeGreaterThan(1e-3);
  });

  it('gives the same numbers, bit for bit, in WASM SIMD as in the JavaScript loop (an odd size too)', async () => {
    await tf.setBackend('wasm');
    registerWasmKernels({ fusedAdadelta: true });
    const size = 1001;
    const inputs = {
      value: tf.tensor1d(seededValues(size, 21)),
      gradient: tf.tensor1d(seededValues(size, 22, 7)),
      squaredGradients: tf.tensor1d(seededValues(size, 23).map(Math.abs)),
      squaredUpdates: tf.tensor1d(seededValues(size, 24).map((v) => v * v)),
    };
    const attrs = { learningRate: 1, rho: 0.95, epsilon: 1e-7 };
    const step = async () => {
      const outs = tf.engine().runKernel('KairoAdadeltaUpdate', inputs, attrs) as unknown as tf.Tensor[];
      const values = await Promise.all(outs.map((out) => out.data<'float32'>()));
      tf.dispose(outs);
      return values;
    };
    const simd = await step();
    const loop = await withJavaScriptLoops(step);
    for (let output = 0; output < 3; output++) expect(firstDifference(simd[output] as Float32Array, loop[output] as Float32Array)).toBe(-1);
    expect(maxAbsDiff(simd[0] as Float32Array, await inputs.value.data())).toBeGreaterThan(1e-4); // it moved
    tf.dispose(Object.values(inputs));
  });

  it('is used on WASM and keeps the tensor and memory counts flat', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    const weights = tf.variable(tf.randomNormal([50, 20]));
    const optimizer = createAdadelta(tf, 1.0, 0.95, 1e-7);
    const loss = () => tf.sum(tf.square(weights)) as tf.Scalar;
    optimizer.minimize(loss);
    const tensors = tf.memory().numTensors;
    const data = backend.numDataIds();
    const profile = await tf.profile(() => {
      for (let step = 0; step < 3; step++) optimizer.minimize(loss);
    });
    expect(profile.kernelNames).toContain('KairoAdadeltaUpdate');
    expect(profile.kernelNames).not.toContain('Sqrt');
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(data);
    optimizer.dispose();
    weights.dispose();
  });
});

describe('Identity on WASM shares memory instead of copying', () => {
  it('keeps a clone readable after its source is gone, and frees the memory with the last of them', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    const before = backend.numDataIds();
    const source = tf.tensor1d([1, 2, 3, 4]);
    const copy = tf.clone(source);
    expect(backend.numDataIds()).toBe(before + 1); // one buffer for both
    source.dispose();
    expect(Array.from(await copy.data())).toEqual([1, 2, 3, 4]);
    copy.dispose();
    expect(backend.numDataIds()).toBe(before);
  });

  it('leaves the source untouched when the clone is assigned to a variable that then changes', async () => {
    await tf.setBackend('wasm');
    const source = tf.tensor1d([5, 6]);
    const weights = tf.variable(tf.clone(source));
    weights.assign(tf.tensor1d([7, 8]));
    expect(Array.from(await source.data())).toEqual([5, 6]);
    expect(Array.from(await weights.data())).toEqual([7, 8]);
    tf.dispose([source, weights]);
  });
});

describe('Transpose on WASM (tiled, on the heap; WASM SIMD where it loads) gives what the CPU backend gives', () => {
  /** Every permutation of 0 … n − 1. */
  function permutations(n: number): number[][] {
    if (n === 1) return [[0]];
    return permutations(n - 1).flatMap((perm) => [...Array(n).keys()].map((at) => [...perm.slice(0, at), n - 1, ...perm.slice(at)]));
  }

  async function transposed(backend: string, shape: number[], perm: number[], dtype: 'float32' | 'int32') {
    await tf.setBackend(backend);
    const size = shape.reduce((a, b) => a * b, 1);
    const values = dtype === 'int32' ? Int32Array.from(seededValues(size, 9), (v) => Math.round(v * 1e6)) : seededValues(size, 9);
    const result = tf.tidy(() => tf.transpose(tf.tensor(values, shape, dtype), perm));
    const out = { shape: result.shape, data: Array.from(await result.data()) };
    result.dispose();
    return out;
  }

  // Sizes that are not multiples of the 32-number tile, axes of size 1, and ranks 2 to 5.
  const cases: [number[], number[]][] = [
    [[33, 70], [1, 0]],
    [[1, 65], [1, 0]],
    [[3, 40, 37], [0, 2, 1]],
    ...permutations(4).map((perm): [number[], number[]] => [[5, 1, 7, 34], perm]),
    ...permutations(4).map((perm): [number[], number[]] => [[2, 3, 4, 5], perm]),
    [[2, 3, 1, 4, 17], [4, 2, 0, 3, 1]],
    [[0, 4], [1, 0]],
  ];

  it.each(cases)('%j by %j', async (shape, perm) => {
    const onCpu = await transposed('cpu', shape, perm, 'float32');
    const onWasm = await transposed('wasm', shape, perm, 'float32');
    expect(onWasm.shape).toEqual(onCpu.shape);
    expect(onWasm.data).toEqual(onCpu.data);
  });

  it.each(cases.slice(0, 8))('%j by %j in the JavaScript loop too (where WASM SIMD is missing)', async (shape, perm) => {
    const onCpu = await transposed('cpu', shape, perm, 'float32');
    const onWasm = await withJavaScriptLoops(() => transposed('wasm', shape, perm, 'float32'));
    expect(onWasm.data).toEqual(onCpu.data);
  });

  it('moves int32 values bit for bit, and leaves bool to the shipped kernel', async () => {
    const onCpu = await transposed('cpu', [6, 35, 3], [2, 0, 1], 'int32');
    const onWasm = await transposed('wasm', [6, 35, 3], [2, 0, 1], 'int32');
    expect(onWasm.data).toEqual(onCpu.data);
    await tf.setBackend('wasm');
    const flags = tf.tensor2d([true, false, false, true, true, false], [2, 3], 'bool');
    const flipped = tf.transpose(flags);
    expect(flipped.dtype).toBe('bool');
    expect(Array.from(await flipped.data())).toEqual([1, 1, 0, 1, 0, 0]);
    tf.dispose([flags, flipped]);
  });

  it('merges axes that stay together and drops axes of size 1', () => {
    expect(simplifyTransposition([128, 26, 26, 32], [3, 0, 1, 2])).toEqual({ shape: [86528, 32], perm: [1, 0] });
    expect(simplifyTransposition([128, 26, 26, 32], [3, 1, 2, 0])).toEqual({ shape: [128, 676, 32], perm: [2, 1, 0] });
    expect(simplifyTransposition([1, 6, 1, 4], [3, 2, 1, 0])).toEqual({ shape: [6, 4], perm: [1, 0] });
    expect(simplifyTransposition([2, 3, 4], [0, 1, 2])).toEqual({ shape: [24], perm: [0] });
  });

  it('is the one registered, and the shipped one comes back when asked', async () => {
    await tf.setBackend('wasm');
    expect(registerWasmKernels()).toContain('Transpose');
    expect(registerWasmKernels({ fastTranspose: false })).not.toContain('Transpose');
    try {
      const onWasm = await transposed('wasm', [5, 1, 7, 34], [3, 0, 2, 1], 'float32');
      const onCpu = await transposed('cpu', [5, 1, 7, 34], [3, 0, 2, 1], 'float32');
      expect(onWasm.data).toEqual(onCpu.data);
    } finally {
      expect(registerWasmKernels()).toContain('Transpose');
    }
  });
});
