import { type IssueCode, type IssueVars, shapeRef } from '../src/graph/issues';
import type { Dim, LocalizedText, Shape } from '../src/graph/types';
import type { NodeProblem, ParamSpec, PortSpec, ShapeResult, Tf } from './types';

/** Pieces every layer node shares: its ports, the common params, and small shape helpers. */

/** A [height, width] pair of positive whole numbers: the kernel, pool and stride sizes. */
export function sizePairParam(defaultValue: readonly [number, number], label: LocalizedText, help?: LocalizedText) {
  return { type: 'intList', default: defaultValue, minLength: 2, maxLength: 2, min: 1, label, help } as const satisfies ParamSpec;
}

export const TENSOR_INPUT: PortSpec = { name: 'in', kind: 'tensor', label: { en: 'Input', ja: '入力' } };
export const TENSOR_OUTPUT: PortSpec = { name: 'out', kind: 'tensor', label: { en: 'Output', ja: '出力' } };

/** Activations a dense or conv2d layer can apply to its own output. */
export const LAYER_ACTIVATIONS = [
  'linear',
  'relu',
  'sigmoid',
  'tanh',
  'softmax',
  'elu',
  'selu',
  'softplus',
  'leakyRelu',
] as const;
export type LayerActivation = (typeof LAYER_ACTIVATIONS)[number];

/**
 * The activation of dense and conv2d layers. relu by default: a new layer is far more often a
 * hidden layer (every course preset's hidden dense and conv layers use relu) than the output one,
 * and the layer that feeds the loss is offered a one-click "match the labels" (softmax for
 * cross-entropy) by the inspector.
 */
export const ACTIVATION_PARAM = {
  type: 'enum',
  default: 'relu',
  options: LAYER_ACTIVATIONS,
  label: { en: 'Activation', ja: '活性化関数' },
  help: {
    en: 'Function applied to the output of this layer. "linear" applies none. leakyRelu uses slope 0.2 below zero.',
    ja: 'この層の出力にかける関数。linear は何もしない。leakyRelu は負の側の傾きが 0.2。',
  },
} as const satisfies ParamSpec;

export const KERNEL_INITIALIZERS = [
  'glorotUniform',
  'glorotNormal',
  'heUniform',
  'heNormal',
  'lecunNormal',
  'zeros',
] as const;
export type KernelInitializer = (typeof KERNEL_INITIALIZERS)[number];

export const KERNEL_INITIALIZER_PARAM = {
  type: 'enum',
  default: 'glorotUniform',
  options: KERNEL_INITIALIZERS,
  label: { en: 'Weight initializer', ja: '重みの初期化' },
  help: {
    en: 'How the weights are drawn before training. He initializers suit relu; zeros keeps every unit identical.',
    ja: '学習前の重みの決め方。relu には He が向く。zeros ではすべてのユニットが同じままになる。',
  },
} as const satisfies ParamSpec;

export const USE_BIAS_PARAM = {
  type: 'bool',
  default: true,
  label: { en: 'Use bias', ja: 'バイアスを使う' },
} as const satisfies ParamSpec;

export const PADDING_PARAM = {
  type: 'enum',
  default: 'valid',
  options: ['valid', 'same'],
  label: { en: 'Padding', ja: 'パディング' },
  help: {
    en: '"valid": no padding, the output shrinks. "same": pad with zeros so that stride 1 keeps the size.',
    ja: 'valid: 余白なしで出力は小さくなる。same: 0 で余白を足し、ストライド 1 なら大きさを保つ。',
  },
} as const satisfies ParamSpec;

export type Padding = 'valid' | 'same';

export function shapeOk(outputs: Record<string, Shape>, warnings?: NodeProblem[]): ShapeResult {
  return warnings && warnings.length > 0 ? { ok: true, outputs, warnings } : { ok: true, outputs };
}

/** A refusal from inferShape: a code, the values its sentence names, and the port or param at fault. */
export function shapeProblem(
  code: IssueCode,
  details: { variant?: string; vars?: IssueVars; port?: string; param?: string } = {},
): ShapeResult {
  return { ok: false, problem: { code, ...details } };
}

/** The shape on an input port, or the problem to report when it is missing. */
export function inputShape(
  inputs: Readonly<Record<string, Shape>>,
  port: string,
): { shape: Shape } | { failure: ShapeResult } {
  const shape = Object.hasOwn(inputs, port) ? inputs[port] : undefined;
  if (shape === undefined) return { failure: shapeProblem('MISSING_INPUT', { port }) };
  return { shape };
}

/** WRONG_RANK on the input port: `needs` names what the node takes ('image', 'flat', ...). */
export function wrongRank(needs: string, shape: Shape): ShapeResult {
  return shapeProblem('WRONG_RANK', { variant: needs, vars: { shape: shapeRef(shape), rank: shape.length - 1 }, port: 'in' });
}

/** Product of the given dims; null when any of them is unknown. */
export function productOf(dims: readonly Dim[]): number | null {
  let product = 1;
  for (const dim of dims) {
    if (dim === null) return null;
    product *= dim;
  }
  return product;
}

/** Output length of a sliding window (convolution or pooling) along one axis, as tfjs computes it. */
export function windowOutputLength(input: Dim, window: number, stride: number, padding: Padding): Dim {
  if (input === null) return null;
  const covered = padding === 'same' ? input : input - window + 1;
  return Math.floor((covered + stride - 1) / stride);
}

/**
 * The output size of a 2-D window (kernel or pool) over an image tensor [batch, height, width,
 * channels]: WRONG_RANK for any other rank, WINDOW_TOO_LARGE when a "valid" window does not fit.
 * The window and strides are valid [height, width] pairs (their specs say so).
 */
export function windowedImageShape(
  input: Shape,
  window: readonly number[],
  strides: readonly number[],
  padding: Padding,
  windowParam: string,
): { height: Dim; width: Dim; channels: Dim } | { failure: ShapeResult } {
  if (input.length !== 4) return { failure: wrongRank('image', input) };
  const [windowHeight, windowWidth] = sizePair(window);
  const [strideHeight, strideWidth] = sizePair(strides);
  const inputHeight = input[1] ?? null;
  const inputWidth = input[2] ?? null;
  if (
    padding === 'valid' &&
    ((inputHeight !== null && windowHeight > inputHeight) || (inputWidth !== null && windowWidth > inputWidth))
  ) {
    return {
      failure: shapeProblem('WINDOW_TOO_LARGE', {
        vars: {
          param: windowParam,
          window: `${windowHeight}×${windowWidth}`,
          input: `${inputHeight ?? '?'}×${inputWidth ?? '?'}`,
        },
        param: windowParam,
      }),
    };
  }
  return {
    height: windowOutputLength(inputHeight, windowHeight, strideHeight, padding),
    width: windowOutputLength(inputWidth, windowWidth, strideWidth, padding),
    channels: input[3] ?? null,
  };
}

/** A seeded tfjs initializer, so the same graph starts from the same weights. */
export function buildKernelInitializer(tf: Tf, kind: KernelInitializer, seed: number) {
  switch (kind) {
    case 'glorotUniform':
      return tf.initializers.glorotUniform({ seed });
    case 'glorotNormal':
      return tf.initializers.glorotNormal({ seed });
    case 'heUniform':
      return tf.initializers.heUniform({ seed });
    case 'heNormal':
      return tf.initializers.heNormal({ seed });
    case 'lecunNormal':
      return tf.initializers.leCunNormal({ seed });
    case 'zeros':
      return tf.initializers.zeros();
  }
}

type DenseActivationIdentifier = NonNullable<Parameters<Tf['layers']['dense']>[0]['activation']>;

/**
 * The tfjs activation identifier for a layer's activation param. Leaky ReLU has no built-in
 * identifier in tfjs; the engine registers one (`leakyReluActivation`).
 */
export function layerActivationIdentifier(
  activation: LayerActivation,
  leakyReluActivation: string,
): DenseActivationIdentifier {
  // The registered name is a valid identifier at run time though tfjs's type lists only built-ins.
  return (activation === 'leakyRelu' ? leakyReluActivation : activation) as DenseActivationIdentifier;
}

/** A two-number list param as the [height, width] pair tfjs takes (params are validated to length 2). */
export function sizePair(list: readonly number[]): [number, number] {
  return [list[0] ?? 1, list[1] ?? 1];
}
