/**
 * Each Kairo layer as PyTorch code: its module in `__init__`, its lines in `forward`, how its TF.js
 * weights map onto the module's tensors, and its initialiser. The layouts: Kairo (TF.js) keeps
 * images channels last (NHWC), PyTorch's convolutions and pools want NCHW. Every value knows which
 * it is; a layer that needs NCHW permutes its input when it is not, and a layer whose meaning
 * depends on the order (Flatten, Reshape, Dense, Concatenate, softmax over the channels) works on
 * the channels-last order — so a Flatten after convolutions gives TF.js's order and the weights of
 * the dense layer after it need no reordering.
 */
import { activationNode } from '../../nodes/activation';
import { avgpool2dNode } from '../../nodes/avgpool2d';
import { batchnormNode } from '../../nodes/batchnorm';
import { concatenateNode } from '../../nodes/concatenate';
import { conv2dNode } from '../../nodes/conv2d';
import { denseNode } from '../../nodes/dense';
import { dropoutNode } from '../../nodes/dropout';
import { maxpool2dNode } from '../../nodes/maxpool2d';
import { randomFourierFeaturesNode } from '../../nodes/randomFourierFeatures';
import type { KernelInitializer } from '../../nodes/shared';
import { paramsAs } from '../graph/analyze';
import type { Shape } from '../graph/types';
import type { ExportLayer } from './exportModel';
import { elementCount } from './modelFiles';
import { py, pyTuple } from './pythonCode';
import { samePadding2d } from './windowPadding';

/** Python helpers a layer may need (written into the script only when used). */
export type TorchHelper = 'sign' | 'rff' | 'padSame' | 'avgPoolSame' | 'truncatedNormal';

/** How a TF.js weight becomes the module's tensor: as it is, a dense kernel transposed, a conv kernel HWIO → OIHW. */
export type TorchWeightLayout = 'same' | 'dense' | 'conv';

export interface TorchWeight {
  tfjs: string;
  torch: string;
  layout: TorchWeightLayout;
}

export interface TorchValue {
  name: string;
  rank: number;
  /** A 4-D tensor held NCHW (after a convolution or pool) rather than NHWC. */
  nchw: boolean;
}

function asNchw(value: TorchValue): string {
  return value.nchw ? value.name : `${value.name}.permute(0, 3, 1, 2)`;
}

function asNhwc(value: TorchValue): string {
  return value.nchw ? `${value.name}.permute(0, 2, 3, 1)` : value.name;
}

export interface TorchLayerCode {
  init?: string;
  /** Lines that compute the layer's value before its activation. */
  body: string[];
  /** The line applying the activation, if any (the output layer returns its logits before it). */
  activation?: string;
  /** The variable holding the scores before the last activation. */
  logits: string;
  rank: number;
  nchw: boolean;
  weights: TorchWeight[];
  initialise: string[];
  helpers: TorchHelper[];
}

/** The activation applied to `expr`; softmax runs over the channels (dim 1 of an NCHW tensor, else the last). */
export function torchActivation(fn: string, expr: string, nchw: boolean, alpha = 0.2): string {
  switch (fn) {
    case 'linear':
      return expr;
    case 'relu':
      return `F.relu(${expr})`;
    case 'sigmoid':
      return `torch.sigmoid(${expr})`;
    case 'tanh':
      return `torch.tanh(${expr})`;
    case 'softmax':
      return `torch.softmax(${expr}, dim=${nchw ? 1 : -1})`;
    case 'elu':
      return `F.elu(${expr})`;
    case 'selu':
      return `F.selu(${expr})`;
    case 'softplus':
      return `F.softplus(${expr})`;
    case 'leakyRelu':
      return `F.leaky_relu(${expr}, negative_slope=${py(alpha)})`;
    case 'sign':
      return `SignStraightThrough.apply(${expr})`;
    default:
      throw new Error(`no PyTorch code for the activation ${fn}`);
  }
}

/** Fan-in and fan-out of a TF.js kernel shape, as Keras and PyTorch count them. */
function fans(shape: readonly number[]): [number, number] {
  if (shape.length === 2) return [shape[0] ?? 1, shape[1] ?? 1];
  const receptive = elementCount(shape.slice(0, -2));
  return [receptive * (shape[shape.length - 2] ?? 1), receptive * (shape[shape.length - 1] ?? 1)];
}

function round(value: number): string {
  return py(Number(value.toPrecision(8)));
}

/** The initialiser of a kernel (same distribution as TF.js; PyTorch draws other numbers from the seed). */
function kernelInit(kind: KernelInitializer, target: string, kernelShape: readonly number[]): { line: string; helpers: TorchHelper[] } {
  const [fanIn, fanOut] = fans(kernelShape);
  switch (kind) {
    case 'glorotUniform':
      return { line: `nn.init.xavier_uniform_(${target})`, helpers: [] };
    case 'heUniform':
      return { line: `nn.init.kaiming_uniform_(${target}, nonlinearity="relu")`, helpers: [] };
    case 'zeros':
      return { line: `nn.init.zeros_(${target})`, helpers: [] };
    case 'glorotNormal':
      return { line: `truncated_normal_(${target}, std=${round(Math.sqrt(2 / (fanIn + fanOut)))})  # Glorot normal`, helpers: ['truncatedNormal'] };
    case 'heNormal':
      return { line: `truncated_normal_(${target}, std=${round(Math.sqrt(2 / fanIn))})  # He normal`, helpers: ['truncatedNormal'] };
    case 'lecunNormal':
      return { line: `truncated_normal_(${target}, std=${round(Math.sqrt(1 / fanIn))})  # LeCun normal`, helpers: ['truncatedNormal'] };
  }
}

function lastDim(shape: Shape | undefined): number {
  const dim = shape?.[shape.length - 1];
  return typeof dim === 'number' ? dim : 0;
}

/** The PyTorch code of one layer, given its inputs' Python values. */
export function torchLayer(layer: ExportLayer, inputs: readonly TorchValue[]): TorchLayerCode {
  const { name, node } = layer;
  const self = `self.${name}`;
  const model = `model.${name}`;
  const input: TorchValue = inputs[0] ?? { name: 'x', rank: 2, nchw: false };
  const x = input.name;
  const inRank = input.rank;
  const outRank = layer.outputShape.length;
  const plain = (body: string, nchw: boolean, extra: Partial<TorchLayerCode> = {}): TorchLayerCode => ({
    body: [`${name} = ${body}`],
    logits: name,
    rank: outRank,
    nchw,
    weights: [],
    initialise: [],
    helpers: [],
    ...extra,
  });
  const activationLine = (fn: string, nchw: boolean) => (fn === 'linear' ? {} : { activation: `${name} = ${torchActivation(fn, name, nchw)}` });
  const weightTable = (layout: TorchWeightLayout) =>
    layer.weights.map((weight): TorchWeight => {
      const target = { kernel: 'weight', bias: 'bias', gamma: 'weight', beta: 'bias', movingMean: 'running_mean', movingVariance: 'running_var', projection: 'projection', phase: 'phase' }[weight.role];
      return { tfjs: weight.name, torch: `${name}.${target}`, layout: weight.role === 'kernel' ? layout : 'same' };
    });

  const dense = paramsAs(denseNode, node);
  if (dense) {
    const features = lastDim(layer.inputs[0]?.shape);
    // On an NCHW image a dense layer still acts on the channels (TF.js's last axis).
    const apply = input.nchw ? `${self}(${asNhwc(input)}).permute(0, 3, 1, 2)` : `${self}(${x})`;
    const init = kernelInit(dense.kernelInitializer, `${model}.weight`, [features, dense.units]);
    return {
      ...plain(apply, input.nchw),
      init: `${self} = nn.Linear(${features}, ${dense.units}, bias=${py(dense.useBias)})`,
      ...activationLine(dense.activation, input.nchw),
      weights: weightTable('dense'),
      initialise: [init.line, ...(dense.useBias ? [`nn.init.zeros_(${model}.bias)`] : [])],
      helpers: init.helpers,
    };
  }
  const conv = paramsAs(conv2dNode, node);
  if (conv) {
    const inShape = layer.inputs[0]?.shape ?? [];
    const channels = lastDim(inShape);
    const source = asNchw(input);
    const pads = conv.padding === 'same' ? samePadding2d(inShape[1] ?? null, inShape[2] ?? null, conv.kernelSize, conv.strides) : [0, 0, 0, 0];
    const symmetric = pads !== undefined && pads[0] === pads[1] && pads[2] === pads[3];
    const padding = symmetric && pads && (pads[0] ?? 0) + (pads[2] ?? 0) > 0 ? `, padding=${pyTuple([pads[2] ?? 0, pads[0] ?? 0])}` : '';
    const padded = symmetric ? source : pads ? `F.pad(${source}, ${pyTuple(pads)})` : `pad_same(${source}, ${pyTuple(conv.kernelSize)}, ${pyTuple(conv.strides)})`;
    const init = kernelInit(conv.kernelInitializer, `${model}.weight`, [...conv.kernelSize, channels, conv.filters]);
    return {
      ...plain(`${self}(${padded})`, true),
      init: `${self} = nn.Conv2d(${channels}, ${conv.filters}, kernel_size=${pyTuple(conv.kernelSize)}, stride=${pyTuple(conv.strides)}${padding}, bias=${py(conv.useBias)})`,
      ...activationLine(conv.activation, true),
      weights: weightTable('conv'),
      initialise: [init.line, ...(conv.useBias ? [`nn.init.zeros_(${model}.bias)`] : [])],
      helpers: [...init.helpers, ...(pads ? [] : (['padSame'] as const))],
    };
  }
  const maxPool = paramsAs(maxpool2dNode, node);
  const avgPool = paramsAs(avgpool2dNode, node);
  const pool = maxPool ?? avgPool;
  if (pool) {
    const inShape = layer.inputs[0]?.shape ?? [];
    const window = pyTuple(pool.poolSize);
    const stride = pyTuple(pool.strides);
    const source = asNchw(input);
    const pads = pool.padding === 'same' ? samePadding2d(inShape[1] ?? null, inShape[2] ?? null, pool.poolSize, pool.strides) : [0, 0, 0, 0];
    const padded = pads?.some((pad) => pad > 0) ?? true;
    if (maxPool) {
      // Max pooling pads with −∞, so a padded cell never wins.
      const from = !padded ? source : pads ? `F.pad(${source}, ${pyTuple(pads)}, value=-math.inf)` : `pad_same(${source}, ${window}, ${stride}, value=-math.inf)`;
      return { ...plain(`${self}(${from})`, true, { helpers: pads ? [] : ['padSame'] }), init: `${self} = nn.MaxPool2d(${window}, stride=${stride})` };
    }
    if (!padded) return { ...plain(`${self}(${source})`, true), init: `${self} = nn.AvgPool2d(${window}, stride=${stride})` };
    // TF's "same" average pooling divides by the cells inside the image only.
    return plain(`avg_pool_same(${source}, ${window}, ${stride}, ${pads ? pyTuple(pads) : 'None'})`, true, { helpers: ['avgPoolSame'] });
  }
  switch (layer.type) {
    case 'globalavgpool2d':
      return plain(`${x}.mean(dim=${input.nchw ? '(2, 3)' : '(1, 2)'})`, false);
    case 'flatten':
      return plain(input.nchw ? `torch.flatten(${asNhwc(input)}, 1)  # channels last, as TF.js flattens` : `torch.flatten(${x}, 1)`, false);
    case 'reshape': {
      const target = layer.outputShape.slice(1).map((dim) => (dim === null ? -1 : dim));
      return plain(`${asNhwc(input)}.reshape(-1, ${target.join(', ')})`, false);
    }
  }
  const sameLayout = inputs.every((value) => value.nchw === input.nchw);
  // Merged inputs in one layout: NCHW when any of them is.
  const merged = sameLayout ? inputs.map((value) => value.name) : inputs.map((value) => (value.rank === 4 ? asNchw(value) : value.name));
  const mergedNchw = inputs.some((value) => value.nchw);
  if (layer.type === 'add') return plain(merged.join(' + '), mergedNchw);
  const dropout = paramsAs(dropoutNode, node);
  if (dropout) return { ...plain(`${self}(${x})`, input.nchw), init: `${self} = nn.Dropout(${py(dropout.rate)})` };
  const norm = paramsAs(batchnormNode, node);
  if (norm) {
    const channels = lastDim(layer.inputs[0]?.shape);
    // PyTorch normalises over dim 1: an image goes NCHW; other channels-last values move their channels there and back.
    const apply = inRank === 4 ? `${self}(${asNchw(input)})` : inRank === 2 ? `${self}(${x})` : `${self}(${x}.movedim(-1, 1)).movedim(1, -1)`;
    const spatial = inRank === 4 ? 2 : Math.min(3, Math.max(1, inRank - 2));
    // TF.js's momentum weighs the old running value; PyTorch's weighs the new batch.
    const settings = `eps=${py(norm.epsilon)}, momentum=${round(1 - norm.momentum)}`;
    return { ...plain(apply, inRank === 4), init: `${self} = nn.BatchNorm${spatial}d(${channels}, ${settings})`, weights: weightTable('same') };
  }
  const rff = paramsAs(randomFourierFeaturesNode, node);
  if (rff) {
    const features = lastDim(layer.inputs[0]?.shape);
    return {
      ...plain(`${self}(${x})`, false),
      init: `${self} = RandomFourierFeatures(${features}, ${rff.features}, gamma=${py(rff.gamma)}, seed=${rff.seed})`,
      weights: weightTable('same'),
      helpers: ['rff'],
    };
  }
  const activation = paramsAs(activationNode, node);
  if (activation) {
    return {
      body: [],
      activation: `${name} = ${torchActivation(activation.function, x, input.nchw, activation.alpha)}`,
      logits: x,
      rank: outRank,
      nchw: input.nchw,
      weights: [],
      initialise: [],
      helpers: activation.function === 'sign' ? ['sign'] : [],
    };
  }
  const concatenate = paramsAs(concatenateNode, node);
  if (concatenate) {
    const axis = concatenate.axis < 0 ? inRank + concatenate.axis : concatenate.axis;
    // An NHWC axis of an image, in NCHW: height 1 → 2, width 2 → 3, channels 3 → 1.
    const dim = mergedNchw ? ([0, 2, 3, 1][axis] ?? axis) : axis;
    return plain(`torch.cat([${merged.join(', ')}], dim=${dim})`, mergedNchw);
  }
  throw new Error(`no PyTorch code for the node type ${layer.type}`);
}
