import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { expectFloat4D, expectOutputShape, forwardConvInfo, NCHW_TO_NHWC } from './convGeometry';
import { floatIndex, heapBackend, heapFloats } from './heap';
import { KernelScope } from './kernelScope';
import { simdKernels } from './simd/kernels';

const KERNEL = Conv2DBackpropFilter;

type Shape4 = [number, number, number, number];

function expectFilterShape(filterShape: unknown): Shape4 {
  if (!Array.isArray(filterShape) || filterShape.length !== 4 || !filterShape.every((size) => Number.isInteger(size) && size >= 0)) {
    throw new Error(`${KERNEL}: attribute filterShape must have 4 entries [kh, kw, inChannels, outChannels].`);
  }
  return filterShape as Shape4;
}

/** The filter gradient's inputs, checked: x and dy float32 rank 4, dy the forward convolution's output shape. */
function checkedArguments(args: Parameters<KernelFunc>[0]): {
  x: TensorInfo;
  dy: TensorInfo;
  filterShape: Shape4;
  info: ReturnType<typeof forwardConvInfo>;
} {
  const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  const xShape = expectFloat4D(KERNEL, 'x', args.inputs.x);
  const dyShape = expectFloat4D(KERNEL, 'dy', args.inputs.dy);
  const filterShape = expectFilterShape(attrs.filterShape);
  const info = forwardConvInfo(xShape, filterShape, attrs);
  expectOutputShape(KERNEL, dyShape, info);
  // Non-null: both were checked by expectFloat4D above.
  return { x: args.inputs.x as TensorInfo, dy: args.inputs.dy as TensorInfo, filterShape, info };
}

/** Where the windows of a convolution lie (NHWC, dilation 1). */
interface WindowGeometry {
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  kh: number;
  kw: number;
  strideHeight: number;
  strideWidth: number;
  top: number;
  left: number;
}

/**
 * The transposed column matrix of images first … first + images − 1, written at heap index `at`:
 * one row per filter tap (i, j, c) in the filter's order, one column per output pixel (n, p, q),
 * holding the input value under that tap (zero over the padding). The input is read channels
 * first ([C, N, H, W] at `xAt`), so that with stride 1 a window row's pixels are one run of Wo
 * adjacent numbers.
 */
function writeTransposedColumns(
  heap: Float32Array,
  xAt: number,
  at: number,
  first: number,
  images: number,
  batchSize: number,
  g: WindowGeometry,
): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, kh, kw, strideHeight, strideWidth, top, left } = g;
  const columns = images * outHeight * outWidth;
  const imageSize = inHeight * inWidth;
  let to = at;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      // Output columns q whose input column q·s + j − left lies inside the image.
      const qFrom = Math.min(outWidth, Math.max(0, Math.ceil((left - j) / strideWidth)));
      const qTo = Math.max(qFrom, Math.min(outWidth, Math.floor((inWidth - 1 + left - j) / strideWidth) + 1));
      for (let c = 0; c < inChannels; c++) {
        const rowEnd = to + columns;
        for (let n = first; n < first + images; n++) {
          const imageAt = xAt + (c * batchSize + n) * imageSize;
          for (let p = 0; p < outHeight; p++) {
            const h = p * strideHeight - top + i;
            if (h < 0 || h >= inHeight) {
              heap.fill(0, to, to + outWidth);
              to += outWidth;
              continue;
            }
            if (qFrom > 0) heap.fill(0, to, to + qFrom);
            const source = imageAt + h * inWidth + qFrom * strideWidth + j - left;
            const count = qTo - qFrom;
            if (strideWidth === 1 && count >= RUN_MIN) heap.copyWithin(to + qFrom, source, source + count);
            else for (let k = 0; k < count; k++) heap[to + qFrom + k] = heap[source + k * strideWidth] as number;
            if (qTo < outWidth) heap.fill(0, to + qTo, to + outWidth);
            to += outWidth;
          }
        }
        if (to !== rowEnd) throw new Error(`${KERNEL}: column matrix row has the wrong length.`);
      }
    }
  }
}

/** A stride-1 convolution's input, padded: [C, N, height, width] with `height − kh + 1` output rows. */
interface PaddedInput {
  height: number;
  width: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  kh: number;
  kw: number;
}

/**
 * The transposed column matrix of a stride-1 convolution, "wide": each image contributes
 * outHeight × width columns (every input column, not only the outWidth where a window fits), so
 * that a tap's row for one image is a single run of adjacent input numbers. The columns past
 * outWidth in each output row are set to zero (as dy's rows for them are), so they add nothing.
 * Reads stop at `sourceEnd` (the last image's run of the last taps would reach past the input).
 */
function writeWideColumns(
  heap: Float32Array,
  sourceAt: number,
  sourceEnd: number,
  at: number,
  first: number,
  images: number,
  batchSize: number,
  g: PaddedInput,
): void {
  const { height, width, inChannels, outHeight, outWidth, kh, kw } = g;
  const run = outHeight * width;
  const imageSize = height * width;
  let to = at;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      for (let c = 0; c < inChannels; c++) {
        for (let n = first; n < first + images; n++) {
          const from = sourceAt + (c * batchSize + n) * imageSize + i * width + j;
          const end = Math.min(from + run, sourceEnd);
          heap.copyWithin(to, from, end);
          if (end < from + run) heap.fill(0, to + (end - from), to + run);
          for (let rowEnd = to + width; rowEnd <= to + run; rowEnd += width) {
            for (let k = rowEnd - width + outWidth; k < rowEnd; k++) heap[k] = 0;
          }
          to += run;
        }
      }
    }
  }
}

/**
 * Gradient of conv2d with respect to its filter, for a backend that has Conv2D but no
 * Conv2DBackpropFilter (the WASM backend).
 *
 * dW[i,j,c,o] = Σ_{n,p,q} x[n, p·s + i − padTop, q·s + j − padLeft, c] · dy[n,p,q,o]
 *
 * which is itself a convolution: take the input channels as the batch and the batch as the
 * channels (x → [Cin, H, W, N]), and dy as the filter (dy → [Ho, Wo, N, Cout]) applied with a
 * dilation equal to the forward stride. The result [Cin, kh, kw, Cout] is transposed to the filter
 * layout. The backend's own Conv2D (the optimised one) then does all the arithmetic. It makes
 * XNNPACK pack all of dy as a filter, which the kernel by chunks below avoids (2× faster on the
 * course CNN's second layer, bench/kernels.ts); this one stays as that bench's baseline.
 */
export function conv2dBackpropFilterViaConv2D(
  args: Parameters<KernelFunc>[0],
  backendName: string,
): TensorInfo {
  const backend = args.backend as KernelBackend;
  const { x, dy, filterShape, info } = checkedArguments(args);

  const scope = new KernelScope(backend, backendName);
  try {
    const channelsFirst = info.dataFormat === 'channelsFirst';
    const xNhwc = channelsFirst ? scope.run('Transpose', { x }, { perm: NCHW_TO_NHWC }) : x;
    const dyNhwc = channelsFirst ? scope.run('Transpose', { x: dy }, { perm: NCHW_TO_NHWC }) : dy;

    const [kh, kw, inChannels, outChannels] = filterShape;
    const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth } = info;
    const { top, left } = info.padInfo;

    const inputAsBatch = scope.run('Transpose', { x: xNhwc }, { perm: [3, 1, 2, 0] }); // [Cin, H, W, N]
    const dyAsFilter = scope.run('Transpose', { x: dyNhwc }, { perm: [1, 2, 0, 3] }); // [Ho, Wo, N, Cout]

    // Rows below the input that the forward pass padded in. When the forward stride left input rows
    // unused this is negative: pad nothing and drop the extra output rows below.
    const padBottom = Math.max(0, kh + (outHeight - 1) * strideHeight - inHeight - top);
    const padRight = Math.max(0, kw + (outWidth - 1) * strideWidth - inWidth - left);
    const correlated = scope.run(
      'Conv2D',
      { x: inputAsBatch, filter: dyAsFilter },
      {
        strides: [1, 1],
        pad: [
          [0, 0],
          [top, padBottom],
          [left, padRight],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dilations: [strideHeight, strideWidth],
      },
    ); // [Cin, kh', kw', Cout] with kh' ≥ kh, kw' ≥ kw
    const [, rowsOut, colsOut] = correlated.shape;
    const exact =
      rowsOut === kh && colsOut === kw
        ? correlated
        : scope.run('Slice', { x: correlated }, { begin: [0, 0, 0, 0], size: [inChannels, kh, kw, outChannels] });
    const filterGrad = scope.run('Transpose', { x: exact }, { perm: [1, 2, 0, 3] });
    scope.release(filterGrad);
    return filterGrad;
  } catch (error) {
    scope.release();
    throw error;
  }
}

/** Numbers in one chunk's column matrix (4 MiB of float32): bounded memory, and operands that stay near the cache. */
export const FILTER_GRADIENT_CHUNK = 1 << 20;
/**
 * Output pixels (the products' reduction) in one chunk at most: XNNPACK streams the whole reduction
 * through every tile of a product, so a long one runs from memory rather than the cache.
 */
const CHUNK_PIXELS = 4096;

/** Runs at least this long are moved by copyWithin; shorter ones by a loop (cheaper than the call). */
const RUN_MIN = 64;

/**
 * Gradient of conv2d with respect to its filter as matrix products over chunks of images, for the
 * WASM backend.
 *
 * With the output pixels as the reduction, dW[(i,j,c), o] = Σ_(n,p,q) col[(i,j,c), (n,p,q)] · dy[(n,p,q), o],
 * where col holds the input value under each filter tap for each output pixel (im2col,
 * transposed). XNNPACK's matrix product (the shipped BatchMatMul's fast path) first repacks its
 * right-hand operand, which costs far more per number than the product itself, so that operand
 * is dy (O numbers per pixel) rather than col (kh·kw·Cin per pixel); col is the left operand, read
 * in place. A chunk of whole images at a time: its columns are written on the heap from the input
 * read channels first, its rows of dy copied out, the product taken, and the chunks' products added
 * up in double precision. Memory stays bounded by the chunk, whatever the batch.
 */
export function conv2dBackpropFilterByChunks(
  args: Parameters<KernelFunc>[0],
  backendName: string,
  chunkNumbers: number = FILTER_GRADIENT_CHUNK,
): TensorInfo {
  const backend = heapBackend(args.backend, KERNEL);
  const { x, dy, filterShape, info } = checkedArguments(args);

  const scope = new KernelScope(backend, backendName);
  try {
    const channelsFirst = info.dataFormat === 'channelsFirst';
    // The input channels first ([C, N, H, W]) and dy channels last.
    const xByChannel = scope.run('Transpose', { x }, { perm: channelsFirst ? [1, 0, 2, 3] : [3, 0, 1, 2] });
    const dyNhwc = channelsFirst ? scope.run('Transpose', { x: dy }, { perm: NCHW_TO_NHWC }) : dy;

    const [kh, kw, inChannels, outChannels] = filterShape;
    const { batchSize, inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth } = info;
    const { top, left } = info.padInfo;
    const taps = kh * kw * inChannels;
    const perImage = outHeight * outWidth;
    const totals = new Float64Array(taps * outChannels); // [(i, j, c), o]: the filter's layout
    const { bottom, right } = info.padInfo;
    const paddedHeight = inHeight + top + bottom;
    const paddedWidth = inWidth + left + right;
    // Stride 1: the "wide" columns (one run per tap and image) over the input padded explicitly.
    const wide = strideHeight === 1 && strideWidth === 1 && paddedHeight - kh + 1 === outHeight && paddedWidth - kw + 1 === outWidth;
    const source =
      wide && (top > 0 || bottom > 0 || left > 0 || right > 0)
        ? scope.run('PadV2', { x: xByChannel }, { paddings: [[0, 0], [0, 0], [top, bottom], [left, right]], constantValue: 0 })
        : xByChannel;
    const columnsPerImage = wide ? outHeight * paddedWidth : perImage;
    // The wide columns are written by Kairo's SIMD kernel where it loads (the same numbers).
    const simd = wide ? simdKernels(backend) : undefined;
    if (batchSize > 0 && perImage > 0 && taps > 0 && outChannels > 0) {
      const imagesPerChunk = Math.max(
        1,
        Math.min(batchSize, Math.floor(chunkNumbers / (taps * columnsPerImage)), Math.floor(CHUNK_PIXELS / columnsPerImage)),
      );
      const geometry: WindowGeometry = { inHeight, inWidth, inChannels, outHeight, outWidth, kh, kw, strideHeight, strideWidth, top, left };
      const padded: PaddedInput = { height: paddedHeight, width: paddedWidth, inChannels, outHeight, outWidth, kh, kw };
      for (let first = 0; first < batchSize; first += imagesPerChunk) {
        const images = Math.min(imagesPerChunk, batchSize - first);
        const pixels = images * columnsPerImage;
        const columns = scope.make([1, taps, pixels]);
        const gradient = scope.make([1, pixels, outChannels]);
        // Views of the heap only after the allocations, which may grow (and detach) it.
        const heap = heapFloats(backend, columns);
        const sourceAt = floatIndex(backend, source);
        const columnsAt = floatIndex(backend, columns);
        const gradientAt = floatIndex(backend, gradient);
        const dyFrom = floatIndex(backend, dyNhwc) + first * perImage * outChannels;
        if (wide) {
          const sourceEnd = sourceAt + inChannels * batchSize * paddedHeight * paddedWidth;
          if (simd === undefined) writeWideColumns(heap, sourceAt, sourceEnd, columnsAt, first, images, batchSize, padded);
          else {
            const bytes = Float32Array.BYTES_PER_ELEMENT;
            simd.wideColumns(sourceAt * bytes, sourceEnd * bytes, columnsAt * bytes, first, images, batchSize, paddedHeight, paddedWidth, inChannels, outHeight, outWidth, kh, kw);
          }
          // dy's rows likewise widened, with zeros for the columns no window starts at.
          const rowNumbers = outWidth * outChannels;
          const wideRowNumbers = paddedWidth * outChannels;
          for (let row = 0; row < images * outHeight; row++) {
            const to = gradientAt + row * wideRowNumbers;
            heap.copyWithin(to, dyFrom + row * rowNumbers, dyFrom + (row + 1) * rowNumbers);
            heap.fill(0, to + rowNumbers, to + wideRowNumbers);
          }
        } else {
          writeTransposedColumns(heap, sourceAt, columnsAt, first, images, batchSize, geometry);
          heap.copyWithin(gradientAt, dyFrom, dyFrom + pixels * outChannels);
        }
        const partial = scope.run('BatchMatMul', { a: columns, b: gradient }, { transposeA: false, transposeB: false });
        const sums = backend.typedArrayFromHeap(partial);
        for (let k = 0; k < totals.length; k++) totals[k] = (totals[k] as number) + (sums[k] as number);
        // Freeing dy's chunk also drops the XNNPACK operator cached on it.
        scope.free(partial);
        scope.free(columns);
        scope.free(gradient);
      }
    }
    const output = backend.makeOutput([kh, kw, inChannels, outChannels], 'float32');
    backend.typedArrayFromHeap(output).set(totals);
    scope.release();
    return output;
  } catch (error) {
    scope.release();
    throw error;
  }
}

/**
 * Kernel config for a backend that lacks Conv2DBackpropFilter (registered for 'wasm'): matrix
 * products over chunks of pixels, or (`byChunks` false) the single Conv2D above, which
 * bench/kernels.ts keeps as the baseline.
 */
export function conv2dBackpropFilterConfig(backendName: string, byChunks = true): KernelConfig {
  return {
    kernelName: KERNEL,
    backendName,
    kernelFunc: byChunks
      ? (args) => conv2dBackpropFilterByChunks(args, backendName)
      : (args) => conv2dBackpropFilterViaConv2D(args, backendName),
  };
}
