import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2dBackpropFilterByChunks } from '../../src/engine/wasm/conv2dBackpropFilter';
import { initWasmBackend, registerWasmKernels } from '../../src/engine/wasm/setup';
import { firstDifference, withJavaScriptLoops } from './simdLoops';

type Padding = 'valid' | 'same' | [[0, 0], [number, number], [number, number], [0, 0]];

interface ConvCase {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  pad: Padding;
}

interface Gradients {
  input: Float32Array;
  filter: Float32Array;
}

/** Values in [-1, 1) from a fixed seed, so a failure reproduces. */
function seededValues(count: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = state / 2 ** 31 - 1;
  }
  return values;
}

function outputSize(size: number, kernel: number, stride: number, before: number, after: number): number {
  return Math.floor((size + before + after - kernel) / stride) + 1;
}

function outputShape(c: ConvCase): [number, number, number, number] {
  if (c.pad === 'same') {
    return [c.batch, Math.ceil(c.height / c.stride), Math.ceil(c.width / c.stride), c.outChannels];
  }
  const [, [top, bottom], [left, right]] = c.pad === 'valid' ? [[0, 0], [0, 0], [0, 0]] : c.pad;
  return [
    c.batch,
    outputSize(c.height, c.kernel, c.stride, top, bottom),
    outputSize(c.width, c.kernel, c.stride, left, right),
    c.outChannels,
  ];
}

/** d/dx and d/dW of Σ conv2d(x, W) · dy, on the given backend (dy fixes the output gradient). */
async function convGradients(backend: string, c: ConvCase): Promise<Gradients> {
  await tf.setBackend(backend);
  const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
  const filterShape: [number, number, number, number] = [c.kernel, c.kernel, c.inChannels, c.outChannels];
  const dyShape = outputShape(c);
  const [inputGrad, filterGrad] = tf.tidy(() => {
    const x = tf.tensor4d(seededValues(xShape.reduce((a, b) => a * b), 1), xShape);
    const filter = tf.tensor4d(seededValues(filterShape.reduce((a, b) => a * b), 2), filterShape);
    const dy = tf.tensor4d(seededValues(dyShape.reduce((a, b) => a * b), 3), dyShape);
    const objective = (input: tf.Tensor, weights: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(input as tf.Tensor4D, weights as tf.Tensor4D, c.stride, c.pad), dy));
    return tf.grads(objective)([x, filter]);
  });
  if (inputGrad === undefined || filterGrad === undefined) throw new Error('tf.grads returned no gradient');
  const result = { input: await inputGrad.data<'float32'>(), filter: await filterGrad.data<'float32'>() };
  tf.dispose([inputGrad, filterGrad]);
  return result;
}

/** max |actual − expected| / max |expected|: one number per tensor, robust to entries near zero. */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs((actual[i] ?? Number.NaN) - (expected[i] ?? 0)));
    maxRef = Math.max(maxRef, Math.abs(expected[i] ?? 0));
  }
  return maxDiff / Math.max(maxRef, 1e-12);
}

function wasmBackend(): tf.KernelBackend {
  const backend = tf.findBackend('wasm');
  if (backend === null) throw new Error('wasm backend is not initialised');
  return backend;
}

beforeAll(async () => {
  const result = await initWasmBackend(tf, { fallbackToCpu: false });
  expect(result).toMatchObject({ backend: 'wasm' });
});

describe('conv2d gradients on wasm match the cpu backend', () => {
  const cases: ConvCase[] = [];
  const channelPairs: [number, number][] = [
    [1, 3],
    [3, 8],
    [8, 1],
  ];
  let batch = 0;
  for (const stride of [1, 2]) {
    for (const pad of ['valid', 'same'] as const) {
      for (const kernel of [1, 3, 5]) {
        for (const [inChannels, outChannels] of channelPairs) {
          batch = (batch % 4) + 1;
          // Odd and unequal sizes so that strides leave rows and columns unused.
          cases.push({ batch, height: 9, width: 8, inChannels, outChannels, kernel, stride, pad });
        }
      }
    }
  }
  // Explicit padding, including padding wider than the kernel and a stride that is neither 1 nor 2.
  cases.push({
    batch: 2,
    height: 7,
    width: 6,
    inChannels: 3,
    outChannels: 4,
    kernel: 3,
    stride: 1,
    pad: [
      [0, 0],
      [1, 2],
      [0, 3],
      [0, 0],
    ],
  });
  cases.push({
    batch: 1,
    height: 7,
    width: 6,
    inChannels: 2,
    outChannels: 2,
    kernel: 2,
    stride: 2,
    pad: [
      [0, 0],
      [4, 0],
      [0, 1],
      [0, 0],
    ],
  });
  cases.push({ batch: 3, height: 11, width: 10, inChannels: 2, outChannels: 5, kernel: 3, stride: 3, pad: 'same' });

  it.each(cases.map((c) => [
    `${c.kernel}×${c.kernel} stride ${c.stride} ${JSON.stringify(c.pad)} ${c.inChannels}→${c.outChannels} batch ${c.batch}`,
    c,
  ]))('%s', async (_label, c) => {
    const onCpu = await convGradients('cpu', c as ConvCase);
    const onWasm = await convGradients('wasm', c as ConvCase);
    expect(relativeError(onWasm.filter, onCpu.filter)).toBeLessThan(1e-4);
    expect(relativeError(onWasm.input, onCpu.input)).toBeLessThan(1e-4);
  });

  it('the shipped input-gradient kernel still gives the same answers when ours is switched off', async () => {
    const c: ConvCase = { batch: 2, height: 9, width: 8, inChannels: 3, outChannels: 4, kernel: 3, stride: 2, pad: 'same' };
    const ours = await convGradients('wasm', c);
    expect(registerWasmKernels({ fastInputGradient: false })).not.toContain('Conv2DBackpropInput');
    try {
      const shipped = await convGradients('wasm', c);
      expect(relativeError(ours.input, shipped.input)).toBeLessThan(1e-4);
    } finally {
      expect(registerWasmKernels()).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul']));
    }
  });
});

describe('the filter gradient by chunks of images', () => {
  /** dW by our chunked kernel with the given budget (numbers per chunk), straight from the kernel function. */
  function filterGradient(c: ConvCase, chunkNumbers: number): Float32Array {
    const backend = wasmBackend();
    const xShape = [c.batch, c.height, c.width, c.inChannels];
    const dyShape = outputShape(c);
    const x = tf.tensor(seededValues(xShape.reduce((a, b) => a * b), 1), xShape);
    const dy = tf.tensor(seededValues(dyShape.reduce((a, b) => a * b), 3), dyShape);
    const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape: [c.kernel, c.kernel, c.inChannels, c.outChannels] };
    const before = backend.numDataIds();
    const info = conv2dBackpropFilterByChunks({ inputs: { x, dy }, attrs, backend } as never, 'wasm', chunkNumbers);
    expect(backend.numDataIds()).toBe(before + 1); // its result only: every chunk's buffers freed
    const values = Float32Array.from((backend as unknown as { readSync(id: object): Float32Array }).readSync(info.dataId));
    backend.disposeData(info.dataId);
    tf.dispose([x, dy]);
    return values;
  }

  it.each([
    { batch: 5, height: 9, width: 8, inChannels: 3, outChannels: 4, kernel: 3, stride: 1, pad: 'valid' },
    { batch: 7, height: 11, width: 10, inChannels: 2, outChannels: 5, kernel: 3, stride: 2, pad: 'same' },
    { batch: 3, height: 7, width: 6, inChannels: 3, outChannels: 4, kernel: 3, stride: 1, pad: [[0, 0], [1, 2], [0, 3], [0, 0]] },
  ] as ConvCase[])('one image or a few per chunk gives what one chunk gives, and the CPU backend: %j', async (c) => {
    await tf.setBackend('wasm');
    const whole = filterGradient(c, Number.MAX_SAFE_INTEGER);
    const perImage = filterGradient(c, 1); // the budget is below one image: one image per chunk
    const perTwo = filterGradient(c, 2 * c.kernel * c.kernel * c.inChannels * outputShape(c)[1] * outputShape(c)[2]);
    expect(relativeError(perImage, whole)).toBeLessThan(1e-6);
    expect(relativeError(perTwo, whole)).toBeLessThan(1e-6);
    const onCpu = await convGradients('cpu', c);
    expect(relativeError(whole, onCpu.filter)).toBeLessThan(1e-4);
  });

  it.each([
    { batch: 5, height: 9, width: 8, inChannels: 3, outChannels: 4, kernel: 3, stride: 1, pad: 'valid' },
    { batch: 3, height: 7, width: 6, inChannels: 3, outChannels: 4, kernel: 3, stride: 1, pad: [[0, 0], [1, 2], [0, 3], [0, 0]] },
    { batch: 4, height: 10, width: 9, inChannels: 5, outChannels: 3, kernel: 2, stride: 1, pad: 'same' },
  ] as ConvCase[])('gives the same numbers, bit for bit, with its columns written in WASM SIMD or in JavaScript: %j', async (c) => {
    await tf.setBackend('wasm');
    for (const chunk of [Number.MAX_SAFE_INTEGER, 1]) {
      const simd = filterGradient(c, chunk);
      const loop = await withJavaScriptLoops(() => filterGradient(c, chunk));
      expect(firstDifference(simd, loop)).toBe(-1);
    }
  });

  it('the earlier one-Conv2D kernel still gives the same answers when asked for', async () => {
    const c: ConvCase = { batch: 2, height: 9, width: 8, inChannels: 3, outChannels: 4, kernel: 3, stride: 2, pad: 'same' };
    const ours = await convGradients('wasm', c);
    expect(registerWasmKernels({ fastFilterGradient: false })).toContain('Conv2DBackpropFilter');
    try {
      const viaConv = await convGradients('wasm', c);
      expect(relativeError(viaConv.filter, ours.filter)).toBeLessThan(1e-5);
    } finally {
      registerWasmKernels();
    }
  });
});

describe('matrix products on wasm (a dense layer and its gradients) match the cpu backend', () => {
  /** a·b with the given transposes, on one backend. */
  async function product(backend: string, aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean) {
    await tf.setBackend(backend);
    const result = tf.tidy(() =>
      tf.matMul(
        tf.tensor(seededValues(aShape.reduce((x, y) => x * y), 4), aShape),
        tf.tensor(seededValues(bShape.reduce((x, y) => x * y), 5), bShape),
        transposeA,
        transposeB,
      ),
    );
    const values = { shape: result.shape, data: await result.data<'float32'>() };
    result.dispose();
    return values;
  }

  it.each([
    // [a, b, transposeA, transposeB]: a dense layer 40 → 7 on a batch of 5, and its gradients.
    [[5, 40], [40, 7], false, false],
    [[5, 40], [5, 7], true, false],
    [[5, 7], [40, 7], false, true],
    [[7, 5], [40, 7], true, true],
    // The other way round for a·bᵀ (taken as (b·aᵀ)ᵀ when that moves fewer numbers).
    [[40, 6], [3, 6], false, true],
    // Rank 3 with batch 1 keeps its shape; batch 3 goes to the shipped kernel.
    [[1, 6, 4], [1, 6, 5], true, false],
    [[3, 4, 6], [3, 5, 6], false, true],
  ] as [number[], number[], boolean, boolean][])('%j · %j transposeA=%s transposeB=%s', async (aShape, bShape, tA, tB) => {
    const onCpu = await product('cpu', aShape, bShape, tA, tB);
    const onWasm = await product('wasm', aShape, bShape, tA, tB);
    expect(onWasm.shape).toEqual(onCpu.shape);
    expect(relativeError(onWasm.data, onCpu.data)).toBeLessThan(1e-5);
  });

  it('leaves nothing behind', async () => {
    await tf.setBackend('wasm');
    const backend = wasmBackend();
    const a = tf.ones([6, 4]);
    const b = tf.ones([6, 5]);
    const before = backend.numDataIds();
    const out = tf.matMul(a, b, true, false);
    expect(backend.numDataIds()).toBe(before + 1);
    expect(Array.from(await out.data())).toEqual(new Array(20).fill(6));
    tf.dispose([out, a, b]);
    expect(backend.numDataIds()).toBe(before - 2);
  });
});

describe('wasm conv-gradient kernels', () => {
  it('registration is idempotent', () => {
    const first = registerWasmKernels();
    const kernelBefore = tf.getKernel('Conv2DBackpropFilter', 'wasm');
    expect(registerWasmKernels()).toEqual(first);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBe(kernelBefore);
  });

  it('leak no tensors and no backend memory', async () => {
    await tf.setBackend('wasm');
    const backend = wasmBackend();
    const x = tf.randomNormal([2, 10, 10, 3]) as tf.Tensor4D;
    const filter = tf.randomNormal([3, 3, 3, 5]) as tf.Tensor4D;
    const dy = tf.randomNormal([2, 5, 5, 5]);
    const tensorsBefore = tf.memory().numTensors;
    const dataBefore = backend.numDataIds();
    for (let step = 0; step < 3; step++) {
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'), dy)),
      )([x, filter]);
      tf.dispose(grads);
    }
    // Each kernel on its own: exactly one new buffer (its result) while it is alive.
    const attrs = { strides: [2, 2], pad: 'same', dataFormat: 'NHWC' };
    const filterGrad = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: [3, 3, 3, 5] });
    expect(backend.numDataIds()).toBe(dataBefore + 1);
    tf.dispose(filterGrad as tf.Tensor);
    const inputGrad = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { ...attrs, inputShape: x.shape });
    expect(backend.numDataIds()).toBe(dataBefore + 1);
    tf.dispose(inputGrad as tf.Tensor);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(backend.numDataIds()).toBe(dataBefore);
    tf.dispose([x, filter, dy]);
  });

  it('reject a dy that does not fit the convolution, saying so', async () => {
    await tf.setBackend('wasm');
    const tensorsBefore = tf.memory().numTensors;
    const x = tf.zeros([1, 6, 6, 2]);
    const dy = tf.zeros([1, 5, 5, 3]);
    expect(() =>
      tf.engine().runKernel(
        'Conv2DBackpropFilter',
        { x, dy },
        { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 2, 3] },
      ),
    ).toThrow(/dy has shape \[1, 5, 5, 3\] but the convolution produces \[1, 4, 4, 3\]/);
    tf.dispose([x, dy]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

describe('a small CNN on wasm', () => {
  it('trains: conv → relu → maxpool → flatten → dense softmax, loss falls', async () => {
    await tf.setBackend('wasm');
    // Two classes a conv net finds at once: a bright horizontal or vertical bar at a random place.
    const count = 64;
    const size = 10;
    const pixels = new Float32Array(count * size * size);
    const labels: number[] = [];
    const noise = seededValues(pixels.length + 2 * count, 7);
    for (let n = 0; n < count; n++) {
      const vertical = n % 2;
      const line = 1 + Math.floor(((noise[pixels.length + n] ?? 0) + 1) * 4); // 1..8
      for (let i = 0; i < size; i++) {
        for (let j = 0; j < size; j++) {
          const onBar = vertical ? j === line : i === line;
          const k = (n * size + i) * size + j;
          pixels[k] = (onBar ? 1 : 0) + 0.1 * (noise[k] ?? 0);
        }
      }
      labels.push(vertical);
    }
    const xs = tf.tensor4d(pixels, [count, size, size, 1]);
    const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 2).toFloat();

    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [size, size, 1],
          filters: 4,
          kernelSize: 3,
          activation: 'relu',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const history = await model.fit(xs, ys, { epochs: 8, batchSize: 16, shuffle: false, verbose: 0 });
    expect(tf.getBackend()).toBe('wasm');
    const losses = history.history.loss as number[];
    const firstLoss = losses[0] ?? Number.NaN;
    const lastLoss = losses[losses.length - 1] ?? Number.NaN;
    expect(lastLoss).toBeLessThan(0.5 * firstLoss);
    const accuracy = history.history.acc as number[];
    expect(accuracy[accuracy.length - 1]).toBeGreaterThan(0.9);
    // The optimizer's slots appear on the first step; after that, training adds nothing.
    await model.fit(xs, ys, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
    const tensorsAfterMore = tf.memory().numTensors;
    await model.fit(xs, ys, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
    expect(tf.memory().numTensors).toBe(tensorsAfterMore);
    model.dispose();
    tf.dispose([xs, ys]);
  });
});
