/**
 * Each Kairo layer as a Keras layer call in a functional model. TF.js is Keras's port, so layouts
 * (channels last), "same" padding, batch-norm momentum and the weight shapes are already Keras's;
 * only the layers Kairo adds (sign with a straight-through gradient, random Fourier features, leaky
 * ReLU with its slope) need code of their own. Pure.
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
import { reshapeNode } from '../../nodes/reshape';
import type { KernelInitializer } from '../../nodes/shared';
import { layerSeed } from '../engine/compile';
import { paramsAs } from '../graph/analyze';
import type { ExportLayer } from './exportModel';
import { py, pyTuple } from './pythonCode';

export type KerasHelper = 'sign' | 'rff' | 'leakyRelu';

export interface KerasLayerCode {
  /** Lines computing `<name>`; the output layer splits off its activation so its logits can be read. */
  lines: string[];
  /** The line applying the activation separately (only for the output layer), else undefined. */
  activation?: string;
  logits: string;
  weights: string[];
  helpers: KerasHelper[];
}

const KERAS_INITIALIZERS: Readonly<Record<KernelInitializer, string>> = {
  glorotUniform: 'GlorotUniform',
  glorotNormal: 'GlorotNormal',
  heUniform: 'HeUniform',
  heNormal: 'HeNormal',
  lecunNormal: 'LecunNormal',
  zeros: 'Zeros',
};

function initializer(kind: KernelInitializer, seed: number): string {
  return kind === 'zeros' ? 'keras.initializers.Zeros()' : `keras.initializers.${KERAS_INITIALIZERS[kind]}(seed=${seed})`;
}

/** A Keras activation argument: a name, or Kairo's leaky ReLU / sign as a function. */
export function kerasActivation(fn: string, alpha = 0.2): { value: string; helpers: KerasHelper[] } {
  switch (fn) {
    case 'leakyRelu':
      return { value: `leaky_relu(${py(alpha)})`, helpers: ['leakyRelu'] };
    case 'sign':
      return { value: 'sign_straight_through', helpers: ['sign'] };
    case 'linear':
      return { value: 'None', helpers: [] };
    default:
      return { value: py(fn), helpers: [] };
  }
}

/** Keras code for one layer; `isOutput` splits the activation off so the logits stay reachable. */
export function kerasLayer(layer: ExportLayer, inputs: readonly string[], graphSeed: number, isOutput: boolean): KerasLayerCode {
  const { name, node } = layer;
  const x = inputs[0] ?? 'inputs';
  const nameArg = `name=${py(name)}`;
  const seed = layerSeed(graphSeed, layer.id);
  const call = (construct: string, extra: Partial<KerasLayerCode> = {}): KerasLayerCode => ({
    lines: [`${name} = ${construct}(${x})`],
    logits: name,
    weights: layer.weights.map((weight) => weight.name),
    helpers: [],
    ...extra,
  });
  /** A layer with its own activation: as one layer, or (the output) the layer then its activation. */
  const withActivation = (construct: (activation: string) => string, fn: string): KerasLayerCode => {
    const activation = kerasActivation(fn);
    if (!isOutput || fn === 'linear') return call(construct(activation.value), { helpers: activation.helpers });
    return {
      ...call(construct('None'), { helpers: activation.helpers }),
      activation: `${name}_activation = keras.layers.Activation(${activation.value}, name=${py(`${name}_activation`)})(${name})`,
      logits: name,
    };
  };

  const dense = paramsAs(denseNode, node);
  if (dense) {
    return withActivation(
      (activation) =>
        `keras.layers.Dense(${dense.units}, activation=${activation}, use_bias=${py(dense.useBias)}, kernel_initializer=${initializer(dense.kernelInitializer, seed)}, ${nameArg})`,
      dense.activation,
    );
  }
  const conv = paramsAs(conv2dNode, node);
  if (conv) {
    return withActivation(
      (activation) =>
        `keras.layers.Conv2D(${conv.filters}, ${pyTuple(conv.kernelSize)}, strides=${pyTuple(conv.strides)}, padding=${py(conv.padding)}, activation=${activation}, use_bias=${py(conv.useBias)}, kernel_initializer=${initializer(conv.kernelInitializer, seed)}, ${nameArg})`,
      conv.activation,
    );
  }
  const maxPool = paramsAs(maxpool2dNode, node);
  if (maxPool) return call(`keras.layers.MaxPooling2D(${pyTuple(maxPool.poolSize)}, strides=${pyTuple(maxPool.strides)}, padding=${py(maxPool.padding)}, ${nameArg})`);
  const avgPool = paramsAs(avgpool2dNode, node);
  if (avgPool) return call(`keras.layers.AveragePooling2D(${pyTuple(avgPool.poolSize)}, strides=${pyTuple(avgPool.strides)}, padding=${py(avgPool.padding)}, ${nameArg})`);
  if (layer.type === 'globalavgpool2d') return call(`keras.layers.GlobalAveragePooling2D(${nameArg})`);
  if (layer.type === 'flatten') return call(`keras.layers.Flatten(${nameArg})`);
  if (paramsAs(reshapeNode, node)) {
    const target = layer.outputShape.slice(1).map((dim) => (dim === null ? -1 : dim));
    return call(`keras.layers.Reshape(${pyTuple(target)}, ${nameArg})`);
  }
  const dropout = paramsAs(dropoutNode, node);
  if (dropout) return call(`keras.layers.Dropout(${py(dropout.rate)}, ${nameArg})`);
  const norm = paramsAs(batchnormNode, node);
  if (norm) return call(`keras.layers.BatchNormalization(axis=-1, momentum=${py(norm.momentum)}, epsilon=${py(norm.epsilon)}, ${nameArg})`);
  const rff = paramsAs(randomFourierFeaturesNode, node);
  if (rff) {
    return call(`RandomFourierFeatures(${rff.features}, gamma=${py(rff.gamma)}, seed=${rff.seed}, ${nameArg})`, { helpers: ['rff'] });
  }
  const activation = paramsAs(activationNode, node);
  if (activation) {
    const fn = kerasActivation(activation.function, activation.alpha);
    return { ...call(`keras.layers.Activation(${fn.value === 'None' ? py('linear') : fn.value}, ${nameArg})`, { helpers: fn.helpers }), logits: x };
  }
  if (layer.type === 'add') return { ...call(`keras.layers.Add(${nameArg})`), lines: [`${name} = keras.layers.Add(${nameArg})([${inputs.join(', ')}])`] };
  const concatenate = paramsAs(concatenateNode, node);
  if (concatenate) {
    return { ...call(''), lines: [`${name} = keras.layers.Concatenate(axis=${concatenate.axis}, ${nameArg})([${inputs.join(', ')}])`] };
  }
  throw new Error(`no Keras code for the node type ${layer.type}`);
}

export const KERAS_HELPERS: Readonly<Record<KerasHelper, string>> = {
  sign: `@tf.custom_gradient
def sign_straight_through(x):
    """sign(x) forward; backward passes the gradient through unchanged (Kairo's sign: with the hinge
    loss, one SGD step is Rosenblatt's perceptron rule)."""
    return tf.sign(x), lambda gradient: gradient`,
  leakyRelu: `def leaky_relu(alpha):
    """Leaky ReLU with Kairo's slope below zero, as an activation function."""
    return lambda x: tf.nn.leaky_relu(x, alpha=alpha)`,
  rff: `class RandomFourierFeatures(keras.layers.Layer):
    """sqrt(2/D)·cos(x·W + b) with a fixed W ~ N(0, 2γ) and b ~ U[0, 2π) (Rahimi & Recht 2007).

    W and b are weights that are never trained. Kairo's weights (--weights) bring Kairo's exact W and
    b; without them they are drawn here from the seed (other numbers than TF.js draws from it)."""

    def __init__(self, features, gamma, seed, **kwargs):
        super().__init__(**kwargs)
        self.features, self.gamma, self.seed = features, gamma, seed

    def build(self, input_shape):
        self.projection = self.add_weight(
            name="projection",
            shape=(int(input_shape[-1]), self.features),
            initializer=keras.initializers.RandomNormal(stddev=math.sqrt(2 * self.gamma), seed=self.seed),
            trainable=False,
        )
        self.phase = self.add_weight(
            name="phase",
            shape=(self.features,),
            initializer=keras.initializers.RandomUniform(0.0, 2 * math.pi, seed=self.seed + 1),
            trainable=False,
        )

    def call(self, x):
        return tf.cos(tf.matmul(x, self.projection) + self.phase) * math.sqrt(2 / self.features)

    def get_config(self):
        return {**super().get_config(), "features": self.features, "gamma": self.gamma, "seed": self.seed}`,
};

export const KERAS_HELPER_ORDER: readonly KerasHelper[] = ['sign', 'leakyRelu', 'rff'];
