/**
 * One Keras/TF.js layer (class name + config, as a layers-format model.json writes it) as a Kairo
 * node: its type and params, or why it cannot be one (a layer class Kairo lacks, or a setting its
 * node cannot express). Settings that only shape training (regularizers, constraints) are dropped.
 * Pure.
 */
import { LEAKY_RELU_ACTIVATION, RANDOM_FOURIER_FEATURES_CLASS, SIGN_LAYER_CLASS } from '../engine/customLayers';
import type { KernelInitializer } from '../../nodes/shared';

export type LayerConfig = Record<string, unknown>;

export type MappedLayer =
  | { kind: 'node'; type: string; params: Record<string, unknown> }
  | { kind: 'input'; shape: (number | null)[] }
  | { kind: 'unknown'; className: string }
  | { kind: 'setting'; setting: string; type: string };

const ACTIVATIONS: Readonly<Record<string, string>> = {
  linear: 'linear',
  relu: 'relu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  elu: 'elu',
  selu: 'selu',
  softplus: 'softplus',
  [LEAKY_RELU_ACTIVATION]: 'leakyRelu',
};

function asNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function pair(value: unknown, fallback: [number, number]): [number, number] {
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((item) => Number.isInteger(item))) return [value[0], value[1]];
  return fallback;
}

/** The Kairo name of an activation config ('relu', {class_name: 'relu'}, null), or undefined. */
function activationName(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'linear';
  const name = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? (value as LayerConfig).class_name : undefined;
  return typeof name === 'string' ? ACTIVATIONS[name] ?? ACTIVATIONS[name.toLowerCase()] : undefined;
}

/** A kernel initializer config as Kairo's nearest initializer (glorotUniform when unknown). */
function kernelInitializer(value: unknown): KernelInitializer {
  if (typeof value !== 'object' || value === null) return 'glorotUniform';
  const { class_name: className, config } = value as { class_name?: unknown; config?: LayerConfig };
  const byName: Readonly<Record<string, KernelInitializer>> = {
    GlorotUniform: 'glorotUniform',
    GlorotNormal: 'glorotNormal',
    HeUniform: 'heUniform',
    HeNormal: 'heNormal',
    LecunNormal: 'lecunNormal',
    Zeros: 'zeros',
  };
  if (typeof className === 'string' && byName[className]) return byName[className];
  if (className === 'VarianceScaling' && config) {
    const normal = config.distribution !== 'uniform';
    if (config.mode === 'fan_avg' || config.mode === 'fanAvg') return normal ? 'glorotNormal' : 'glorotUniform';
    if (asNumber(config.scale, 1) === 2) return normal ? 'heNormal' : 'heUniform';
    return 'lecunNormal';
  }
  return 'glorotUniform';
}

function channelsLast(config: LayerConfig): boolean {
  return config.data_format === undefined || config.data_format === null || config.data_format === 'channels_last';
}

/** A Keras/TF.js layer as a Kairo node (or the input, or why not). */
export function mapLayer(className: string, config: LayerConfig): MappedLayer {
  const node = (type: string, params: Record<string, unknown>): MappedLayer => ({ kind: 'node', type, params });
  const setting = (name: string, type: string): MappedLayer => ({ kind: 'setting', setting: name, type });
  switch (className) {
    case 'InputLayer': {
      const shape = config.batch_input_shape ?? config.batch_shape;
      return Array.isArray(shape) ? { kind: 'input', shape: shape.map((dim) => (typeof dim === 'number' ? dim : null)) } : { kind: 'unknown', className };
    }
    case 'Dense': {
      const activation = activationName(config.activation);
      if (!activation) return setting(`activation ${JSON.stringify(config.activation)}`, 'dense');
      return node('dense', {
        units: asNumber(config.units, 1),
        activation,
        useBias: config.use_bias !== false,
        kernelInitializer: kernelInitializer(config.kernel_initializer),
      });
    }
    case 'Conv2D': {
      const activation = activationName(config.activation);
      if (!activation) return setting(`activation ${JSON.stringify(config.activation)}`, 'conv2d');
      if (!channelsLast(config)) return setting('data_format channels_first', 'conv2d');
      if (pair(config.dilation_rate, [1, 1]).some((rate) => rate !== 1)) return setting('dilation_rate', 'conv2d');
      if (asNumber(config.groups, 1) !== 1) return setting('groups', 'conv2d');
      if (config.padding !== 'valid' && config.padding !== 'same') return setting(`padding ${String(config.padding)}`, 'conv2d');
      return node('conv2d', {
        filters: asNumber(config.filters, 1),
        kernelSize: pair(config.kernel_size, [3, 3]),
        strides: pair(config.strides, [1, 1]),
        padding: config.padding,
        activation,
        useBias: config.use_bias !== false,
        kernelInitializer: kernelInitializer(config.kernel_initializer),
      });
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const type = className === 'MaxPooling2D' ? 'maxpool2d' : 'avgpool2d';
      if (!channelsLast(config)) return setting('data_format channels_first', type);
      if (config.padding !== 'valid' && config.padding !== 'same') return setting(`padding ${String(config.padding)}`, type);
      const poolSize = pair(config.pool_size, [2, 2]);
      return node(type, { poolSize, strides: pair(config.strides, poolSize), padding: config.padding });
    }
    case 'GlobalAveragePooling2D':
      if (!channelsLast(config)) return setting('data_format channels_first', 'globalavgpool2d');
      if (config.keepdims === true) return setting('keepdims', 'globalavgpool2d');
      return node('globalavgpool2d', {});
    case 'Flatten':
      return node('flatten', {});
    case 'Reshape':
      return Array.isArray(config.target_shape) ? node('reshape', { targetShape: [...config.target_shape] }) : setting('target_shape', 'reshape');
    case 'Dropout':
      return node('dropout', { rate: asNumber(config.rate, 0.5) });
    case 'BatchNormalization': {
      const axis = Array.isArray(config.axis) ? config.axis[0] : config.axis;
      if (axis !== undefined && axis !== -1 && axis !== 3 && axis !== 1) return setting(`axis ${String(axis)}`, 'batchnorm');
      if (config.center === false || config.scale === false) return setting('center / scale off', 'batchnorm');
      return node('batchnorm', { momentum: asNumber(config.momentum, 0.99), epsilon: asNumber(config.epsilon, 0.001) });
    }
    case 'Activation': {
      const activation = activationName(config.activation);
      return activation ? node('activation', { function: activation }) : setting(`activation ${JSON.stringify(config.activation)}`, 'activation');
    }
    case 'ReLU':
      if (config.max_value !== undefined && config.max_value !== null) return setting('max_value', 'activation');
      return node('activation', { function: 'relu' });
    case 'Softmax':
      return node('activation', { function: 'softmax' });
    case 'LeakyReLU':
      return node('activation', { function: 'leakyRelu', alpha: asNumber(config.alpha ?? config.negative_slope, 0.3) });
    case 'Add':
      return node('add', {});
    case 'Concatenate':
      return node('concatenate', { axis: asNumber(config.axis, -1) });
    case SIGN_LAYER_CLASS:
      return node('activation', { function: 'sign' });
    case RANDOM_FOURIER_FEATURES_CLASS:
      return node('randomFourierFeatures', { features: asNumber(config.features, 1), gamma: asNumber(config.gamma, 1), seed: asNumber(config.seed, 1) });
    default:
      return { kind: 'unknown', className };
  }
}
