import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { allocateWithViews, heapBackend } from './heap';
import { simdKernels } from './simd/kernels';

const KERNEL = MaxPoolGrad;

/**
 * Gradient of max pooling for the WASM backend, in JavaScript on the WASM heap.
 *
 * The shipped kernel takes, for every input element, a pass over every window that could hold it
 * and searches that window for its maximum again: on the course CNN (128 × 24×24×64 into 2×2
 * windows) it took 11 % of a training step. Here each window is searched once, all channels of a
 * window position at a time (they are adjacent in memory), and its gradient added where its
 * maximum is. The first maximum in row-major window order wins ties, as in tfjs's CPU backend
 * (ReLU outputs tie at zero often); a window without a finite maximum passes no gradient on.
 */
export function maxPoolGradOnHeap(args: Parameters<KernelFunc>[0]): TensorInfo {
  const backend = heapBackend(args.backend, KERNEL);
  const { dy, input } = args.inputs as { dy?: TensorInfo; input?: TensorInfo };
  if (dy === undefined || input === undefined) throw new Error(`${KERNEL}: inputs 'dy' and 'input' are required.`);
  if (input.dtype !== 'float32' || dy.dtype !== 'float32') throw new Error(`${KERNEL}: float32 inputs only.`);
  const attrs = args.attrs as unknown as MaxPoolGradAttrs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const filterHeight = info.effectiveFilterHeight;
  const filterWidth = info.effectiveFilterWidth;
  const { top, left } = info.padInfo;
  const expected = [batchSize, outHeight, outWidth, channels];
  if (dy.shape.length !== 4 || dy.shape.some((size, axis) => size !== expected[axis])) {
    throw new Error(`${KERNEL}: dy has shape [${dy.shape.join(', ')}] but the pooling produces [${expected.join(', ')}].`);
  }

  const {
    output,
    out: dx,
    views: [x, gradient],
  } = allocateWithViews(backend, [...input.shape], [input, dy]);
  if (x === undefined || gradient === undefined) throw new Error(`${KERNEL}: inputs could not be read.`);
  if (filterHeight === 2 && filterWidth === 2 && strideHeight === 2 && strideWidth === 2 && top === 0 && left === 0) {
    // Both write only the windows' part of dx: rows and columns past the last window (odd sizes) get no gradient.
    if (inHeight !== 2 * outHeight || inWidth !== 2 * outWidth) dx.fill(0);
    const simd = channels % 4 === 0 ? simdKernels(backend) : undefined;
    // The same rule four channels at a time (kernels.wat), else in JavaScript.
    if (simd === undefined) pool2x2Gradient(x, gradient, dx, batchSize, inHeight, inWidth, channels, outHeight, outWidth);
    else simd.maxPool2x2Grad(x.byteOffset, gradient.byteOffset, dx.byteOffset, batchSize, inHeight, inWidth, channels, outHeight, outWidth);
    return output;
  }
  dx.fill(0);
  const best = new Float32Array(channels);
  const where = new Int32Array(channels);
  for (let b = 0; b < batchSize; b++) {
    const imageBase = b * inHeight * inWidth * channels;
    for (let outRow = 0; outRow < outHeight; outRow++) {
      const rowStart = outRow * strideHeight - top;
      const rowFrom = Math.max(0, rowStart);
      const rowTo = Math.min(inHeight, rowStart + filterHeight);
      for (let outCol = 0; outCol < outWidth; outCol++) {
        const colStart = outCol * strideWidth - left;
        const colFrom = Math.max(0, colStart);
        const colTo = Math.min(inWidth, colStart + filterWidth);
        best.fill(Number.NEGATIVE_INFINITY);
        where.fill(-1);
        for (let row = rowFrom; row < rowTo; row++) {
          for (let col = colFrom; col < colTo; col++) {
            const base = imageBase + (row * inWidth + col) * channels;
            for (let channel = 0; channel < channels; channel++) {
              const value = x[base + channel] as number;
              if (value > (best[channel] as number)) {
                best[channel] = value;
                where[channel] = base + channel;
              }
            }
          }
        }
        const gradientBase = ((b * outHeight + outRow) * outWidth + outCol) * channels;
        for (let channel = 0; channel < channels; channel++) {
          const at = where[channel] as number;
          if (at >= 0) dx[at] = (dx[at] as number) + (gradient[gradientBase + channel] as number);
        }
      }
    }
  }
  return output;
}

/**
 * The common case (2×2 windows, stride 2, no padding) without bookkeeping: the four candidates of
 * a window compared directly and all four gradient entries written at once (the windows' part of
 * dx only: the caller zeroes the rest).
 */
function pool2x2Gradient(
  x: Float32Array,
  gradient: Float32Array,
  dx: Float32Array,
  batchSize: number,
  inHeight: number,
  inWidth: number,
  channels: number,
  outHeight: number,
  outWidth: number,
): void {
  const rowStride = inWidth * channels;
  for (let b = 0; b < batchSize; b++) {
    for (let outRow = 0; outRow < outHeight; outRow++) {
      for (let outCol = 0; outCol < outWidth; outCol++) {
        const p0 = ((b * inHeight + 2 * outRow) * inWidth + 2 * outCol) * channels;
        const p1 = p0 + channels;
        const p2 = p0 + rowStride;
        const p3 = p2 + channels;
        const g = ((b * outHeight + outRow) * outWidth + outCol) * channels;
        for (let channel = 0; channel < channels; channel++) {
          const v0 = x[p0 + channel] as number;
          const v1 = x[p1 + channel] as number;
          const v2 = x[p2 + channel] as number;
          const v3 = x[p3 + channel] as number;
          // First maximum in window order; NaN and -Infinity never count as one.
          let max = Number.NEGATIVE_INFINITY;
          let at = -1;
          if (v0 > max) {
            max = v0;
            at = 0;
          }
          if (v1 > max) {
            max = v1;
            at = 1;
          }
          if (v2 > max) {
            max = v2;
            at = 2;
          }
          if (v3 > max) at = 3;
          const value = gradient[g + channel] as number;
          dx[p0 + channel] = at === 0 ? value : 0;
          dx[p1 + channel] = at === 1 ? value : 0;
          dx[p2 + channel] = at === 2 ? value : 0;
          dx[p3 + channel] = at === 3 ? value : 0;
        }
      }
    }
  }
}

/** Kernel config that replaces the WASM backend's MaxPoolGrad. */
export function maxPoolGradConfig(backendName: string): KernelConfig {
  return { kernelName: KERNEL, backendName, kernelFunc: maxPoolGradOnHeap };
}
