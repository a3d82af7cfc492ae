/**
 * The weights each node type's layer owns, named and shaped as tfjs names and shapes them
 * (`<layer>/<weight>`, kernels [in, out] and [h, w, in, out]): what a saved `model.json` lists, what
 * an import must supply, and what the Python exports map onto their own layouts. Pure.
 */
import { batchnormNode } from '../../nodes/batchnorm';
import { conv2dNode } from '../../nodes/conv2d';
import { denseNode } from '../../nodes/dense';
import { randomFourierFeaturesNode } from '../../nodes/randomFourierFeatures';
import { paramsAs, type ResolvedNode } from '../graph/analyze';
import type { Shape } from '../graph/types';

/** What a weight is to its layer; the exports translate each role to their framework's layout. */
export type WeightRole = 'kernel' | 'bias' | 'gamma' | 'beta' | 'movingMean' | 'movingVariance' | 'projection' | 'phase';

export interface WeightSpec {
  /** `<layer name>/<weight name>`, as in a TF.js `model.json`. */
  name: string;
  /** The tfjs layer name. */
  layer: string;
  role: WeightRole;
  shape: number[];
  /** Whether training changes it (batch-norm statistics and the random Fourier projection do not go through the optimizer). */
  trainable: boolean;
}

/** Layer types without weights: the exports know them, so they never count as unknown. */
const WEIGHTLESS_TYPES: ReadonlySet<string> = new Set([
  'maxpool2d',
  'avgpool2d',
  'globalavgpool2d',
  'flatten',
  'reshape',
  'dropout',
  'activation',
  'add',
  'concatenate',
]);

const TFJS_WEIGHT_NAMES: Readonly<Record<WeightRole, string>> = {
  kernel: 'kernel',
  bias: 'bias',
  gamma: 'gamma',
  beta: 'beta',
  movingMean: 'moving_mean',
  movingVariance: 'moving_variance',
  projection: 'projection',
  phase: 'phase',
};

function lastDim(shape: Shape | undefined): number | undefined {
  const dim = shape?.[shape.length - 1];
  return typeof dim === 'number' ? dim : undefined;
}

/**
 * The weights of one layer, in tfjs's order; undefined for a layer type the exports do not know
 * (or one whose input size is not known).
 */
export function layerWeights(node: ResolvedNode, layer: string, inputs: readonly { shape: Shape }[]): WeightSpec[] | undefined {
  const spec = (role: WeightRole, shape: number[], trainable = true): WeightSpec => ({
    name: `${layer}/${TFJS_WEIGHT_NAMES[role]}`,
    layer,
    role,
    shape,
    trainable,
  });
  const type = node.definition.type;
  if (WEIGHTLESS_TYPES.has(type)) return [];
  const inputWidth = lastDim(inputs[0]?.shape);
  if (inputWidth === undefined) return undefined;
  const dense = paramsAs(denseNode, node);
  if (dense) {
    return [spec('kernel', [inputWidth, dense.units]), ...(dense.useBias ? [spec('bias', [dense.units])] : [])];
  }
  const conv = paramsAs(conv2dNode, node);
  if (conv) {
    const [height = 1, width = 1] = conv.kernelSize;
    return [spec('kernel', [height, width, inputWidth, conv.filters]), ...(conv.useBias ? [spec('bias', [conv.filters])] : [])];
  }
  if (paramsAs(batchnormNode, node)) {
    return [
      spec('gamma', [inputWidth]),
      spec('beta', [inputWidth]),
      spec('movingMean', [inputWidth], false),
      spec('movingVariance', [inputWidth], false),
    ];
  }
  const rff = paramsAs(randomFourierFeaturesNode, node);
  if (rff) return [spec('projection', [inputWidth, rff.features], false), spec('phase', [rff.features], false)];
  return undefined;
}
