import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { expectFloat4D, expectOutputShape, forwardConvInfo, NCHW_TO_NHWC } from './convGeometry';
import { KernelScope } from './kernelScope';

const KERNEL = Conv2DBackpropFilter;

/**
 * Gradient of conv2d with respect to its filter, for a backend that has Conv2D but no
 * Conv2DBackpropFilter (the WASM backend).
 *
 * dW[i,j,c,o] = Σ_{n,p,q} x[n, p·s + i − padTop, q·s + j − padLeft, c] · dy[n,p,q,o]
 *
 * which is itself a convolution: take the input channels as the batch and the batch as the
 * channels (x → [Cin, H, W, N]), and dy as the filter (dy → [Ho, Wo, N, Cout]) applied with a
 * dilation equal to the forward stride. The result [Cin, kh, kw, Cout] is transposed to the filter
 * layout. The backend's own Conv2D (the optimised one) then does all the arithmetic. Measured on
 * the course CNN's second layer (batch 128) this beat the alternatives built from shipped kernels:
 * per-tap matrix products 1.5×, chunked im2col + matmul 3×, the plain-loop Conv3DBackpropFilterV2
 * on a depth-1 volume over 100×, and dy as the input with x as the filter 1.3×.
 */
export function conv2dBackpropFilterViaConv2D(
  args: Parameters<KernelFunc>[0],
  backendName: string,
): TensorInfo {
  const backend = args.backend as KernelBackend;
  const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  const xShape = expectFloat4D(KERNEL, 'x', args.inputs.x);
  const dyShape = expectFloat4D(KERNEL, 'dy', args.inputs.dy);
  const filterShape = attrs.filterShape;
  if (!Array.isArray(filterShape) || filterShape.length !== 4) {
    throw new Error(`${KERNEL}: attribute filterShape must have 4 entries [kh, kw, inChannels, outChannels].`);
  }
  const info = forwardConvInfo(xShape, filterShape, attrs);
  expectOutputShape(KERNEL, dyShape, info);

  const scope = new KernelScope(backend, backendName);
  try {
    const channelsFirst = info.dataFormat === 'channelsFirst';
    // Non-null: both were checked by expectFloat4D above.
    const x = args.inputs.x as TensorInfo;
    const dy = args.inputs.dy as TensorInfo;
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

/** Kernel config for a backend that lacks Conv2DBackpropFilter (registered for 'wasm'). */
export function conv2dBackpropFilterConfig(backendName: string): KernelConfig {
  return {
    kernelName: KERNEL,
    backendName,
    kernelFunc: (args) => conv2dBackpropFilterViaConv2D(args, backendName),
  };
}
