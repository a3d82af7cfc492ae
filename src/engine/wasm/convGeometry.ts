import { backend_util, type Conv2DBackpropFilterAttrs, type TensorInfo } from '@tensorflow/tfjs';

type Shape4 = [number, number, number, number];

/** NHWC ↔ NCHW permutations. */
export const NCHW_TO_NHWC = [0, 2, 3, 1];
export const NHWC_TO_NCHW = [0, 3, 1, 2];

/** Checks that a kernel input is a float32 rank-4 tensor and returns its shape. */
export function expectFloat4D(kernelName: string, inputName: string, tensor: TensorInfo | undefined): Shape4 {
  if (tensor === undefined) throw new Error(`${kernelName}: input '${inputName}' is missing.`);
  if (tensor.dtype !== 'float32') {
    throw new Error(`${kernelName}: input '${inputName}' must be float32, got ${tensor.dtype}.`);
  }
  if (tensor.shape.length !== 4) {
    throw new Error(`${kernelName}: input '${inputName}' must be rank 4, got shape [${tensor.shape.join(', ')}].`);
  }
  return tensor.shape as Shape4;
}

/**
 * Geometry of the forward convolution whose gradient is wanted, in NHWC terms, from the gradient
 * kernel's attributes. Gradient kernels only exist for dilation 1 (tfjs refuses dilated gradients).
 */
export function forwardConvInfo(
  inputShape: Shape4,
  filterShape: Shape4,
  attrs: Pick<Conv2DBackpropFilterAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'>,
): backend_util.Conv2DInfo {
  const dataFormat = backend_util.convertConv2DDataFormat(attrs.dataFormat ?? 'NHWC');
  return backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    dataFormat,
  );
}

/** Throws when dy's shape is not the forward convolution's output shape. */
export function expectOutputShape(kernelName: string, dyShape: Shape4, info: backend_util.Conv2DInfo): void {
  const expected = info.outShape;
  if (dyShape.some((size, axis) => size !== expected[axis])) {
    throw new Error(
      `${kernelName}: dy has shape [${dyShape.join(', ')}] but the convolution produces [${expected.join(', ')}].`,
    );
  }
}
