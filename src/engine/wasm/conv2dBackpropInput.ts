import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { expectFloat4D, expectOutputShape, forwardConvInfo, NCHW_TO_NHWC, NHWC_TO_NCHW } from './convGeometry';
import { KernelScope } from './kernelScope';

const KERNEL = Conv2DBackpropInput;

/**
 * Gradient of conv2d with respect to its input, computed by the backend's optimised Conv2D.
 *
 * The WASM backend ships a Conv2DBackpropInput, but it is a plain loop: on the course CNN's second
 * layer it takes 10–13× as long as the forward convolution and dominated a training step. The input
 * gradient is the "full" correlation of dy with the filter flipped in space and with in/out
 * channels swapped; a forward stride s becomes s − 1 zeros inserted between the rows and columns
 * of dy first.
 */
export function conv2dBackpropInputViaConv2D(args: Parameters<KernelFunc>[0], backendName: string): TensorInfo {
  const backend = args.backend as KernelBackend;
  const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
  const dyShape = expectFloat4D(KERNEL, 'dy', args.inputs.dy);
  const filterShape = expectFloat4D(KERNEL, 'filter', args.inputs.filter);
  const inputShape = attrs.inputShape;
  if (!Array.isArray(inputShape) || inputShape.length !== 4) {
    throw new Error(`${KERNEL}: attribute inputShape must have 4 entries.`);
  }
  const info = forwardConvInfo(inputShape, filterShape, attrs);
  expectOutputShape(KERNEL, dyShape, info);

  const scope = new KernelScope(backend, backendName);
  try {
    const channelsFirst = info.dataFormat === 'channelsFirst';
    const dy = args.inputs.dy as TensorInfo;
    const filter = args.inputs.filter as TensorInfo;
    const dyNhwc = channelsFirst ? scope.run('Transpose', { x: dy }, { perm: NCHW_TO_NHWC }) : dy;

    const [kh, kw] = filterShape;
    const { batchSize, inHeight, inWidth, outHeight, outWidth, outChannels, strideHeight, strideWidth } = info;
    const { top, left } = info.padInfo;

    // Zero insertion: [N, Ho, 1, Wo, 1, C] padded to [N, Ho, sh, Wo, sw, C] is dy with sh − 1 zero
    // rows after each row (and likewise for columns), trailing zeros included.
    let spread = dyNhwc;
    let spreadRows = outHeight;
    let spreadCols = outWidth;
    if (strideHeight > 1 || strideWidth > 1) {
      const padded = scope.run(
        'PadV2',
        { x: scope.view(dyNhwc, [batchSize, outHeight, 1, outWidth, 1, outChannels]) },
        {
          paddings: [
            [0, 0],
            [0, 0],
            [0, strideHeight - 1],
            [0, 0],
            [0, strideWidth - 1],
            [0, 0],
          ],
          constantValue: 0,
        },
      );
      spreadRows = outHeight * strideHeight;
      spreadCols = outWidth * strideWidth;
      spread = scope.view(padded, [batchSize, spreadRows, spreadCols, outChannels]);
    }

    // dx[h] = Σ_i spread[h + top − i] · W[i]: a correlation with the flipped filter, after padding
    // kh − 1 − top rows above and whatever completes H rows of output below. Either can be
    // negative (explicit padding wider than the kernel, unused trailing zeros): crop those rows.
    const padTop = kh - 1 - top;
    const padLeft = kw - 1 - left;
    const padBottom = inHeight + top - spreadRows;
    const padRight = inWidth + left - spreadCols;
    let source = spread;
    if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
      const cropTop = Math.max(0, -padTop);
      const cropLeft = Math.max(0, -padLeft);
      source = scope.run(
        'Slice',
        { x: spread },
        {
          begin: [0, cropTop, cropLeft, 0],
          size: [
            batchSize,
            spreadRows - cropTop - Math.max(0, -padBottom),
            spreadCols - cropLeft - Math.max(0, -padRight),
            outChannels,
          ],
        },
      );
    }

    const flipped = scope.run('Reverse', { x: filter }, { dims: [0, 1] });
    const swapped = scope.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] }); // [kh, kw, Cout, Cin]
    const inputGradNhwc = scope.run(
      'Conv2D',
      { x: source, filter: swapped },
      {
        strides: [1, 1],
        pad: [
          [0, 0],
          [Math.max(0, padTop), Math.max(0, padBottom)],
          [Math.max(0, padLeft), Math.max(0, padRight)],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dilations: [1, 1],
      },
    );
    const inputGrad = channelsFirst
      ? scope.run('Transpose', { x: inputGradNhwc }, { perm: NHWC_TO_NCHW })
      : inputGradNhwc;
    scope.release(inputGrad);
    return inputGrad;
  } catch (error) {
    scope.release();
    throw error;
  }
}

/** Kernel config that replaces a backend's slow Conv2DBackpropInput (registered for 'wasm'). */
export function conv2dBackpropInputConfig(backendName: string): KernelConfig {
  return {
    kernelName: KERNEL,
    backendName,
    kernelFunc: (args) => conv2dBackpropInputViaConv2D(args, backendName),
  };
}
