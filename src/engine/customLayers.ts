/**
 * What the node library needs beyond tfjs's built-in layers: the perceptron's sign with a usable
 * gradient, and leaky ReLU as an activation of dense/conv2d layers. Built against the tfjs namespace
 * passed in, and registered once per namespace so saved models can be loaded again.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { CustomLayers, Tf } from '../../nodes/types';

/** Class name under which the sign layer is serialized. */
export const SIGN_LAYER_CLASS = 'KairoSign';
/** Activation identifier for leaky ReLU with slope 0.2, usable as `activation` of dense and conv2d. */
export const LEAKY_RELU_ACTIVATION = 'kairoLeakyRelu';
export const LEAKY_RELU_ACTIVATION_ALPHA = 0.2;

const customLayersByTf = new WeakMap<Tf, CustomLayers>();

/**
 * sign(x) forward. Its true derivative is 0 almost everywhere, which would stop all learning before
 * it; backward therefore passes the incoming gradient straight through where |x| ≤ 1 and blocks it
 * beyond (the straight-through estimator).
 */
export function signStraightThrough(tf: Tf): (x: tfTypes.Tensor) => tfTypes.Tensor {
  const signWithGradient = tf.customGrad((...args) => {
    const [x, save] = args as [tfTypes.Tensor, tfTypes.GradSaveFunc];
    save([x]);
    return {
      value: tf.sign(x),
      gradFunc: (dy: tfTypes.Tensor, saved: tfTypes.Tensor[]) => {
        const input = saved[0] ?? x;
        return tf.mul(dy, tf.cast(tf.lessEqual(tf.abs(input), 1), dy.dtype));
      },
    };
  });
  return (x) => signWithGradient(x);
}

/** The engine's custom layers for one tfjs namespace; registers their classes on first use. */
export function createCustomLayers(tf: Tf): CustomLayers {
  const known = customLayersByTf.get(tf);
  if (known) return known;

  const signOf = signStraightThrough(tf);

  class SignLayer extends tf.layers.Layer {
    static className = SIGN_LAYER_CLASS;

    override call(inputs: tfTypes.Tensor | tfTypes.Tensor[]): tfTypes.Tensor {
      return tf.tidy(() => {
        const x = Array.isArray(inputs) ? inputs[0] : inputs;
        if (x === undefined) throw new Error('The sign layer received no input.');
        return signOf(x);
      });
    }

    override computeOutputShape(inputShape: tfTypes.Shape | tfTypes.Shape[]): tfTypes.Shape | tfTypes.Shape[] {
      return inputShape;
    }
  }

  class LeakyReluActivation extends tf.serialization.Serializable {
    static className = LEAKY_RELU_ACTIVATION;

    override getClassName(): string {
      return LEAKY_RELU_ACTIVATION;
    }

    apply(x: tfTypes.Tensor): tfTypes.Tensor {
      return tf.leakyRelu(x, LEAKY_RELU_ACTIVATION_ALPHA);
    }

    getConfig(): tfTypes.serialization.ConfigDict {
      return {};
    }
  }

  tf.serialization.registerClass(SignLayer);
  tf.serialization.registerClass(LeakyReluActivation);

  const custom: CustomLayers = {
    sign: ({ name }) => new SignLayer({ name }),
    leakyReluActivation: LEAKY_RELU_ACTIVATION,
  };
  customLayersByTf.set(tf, custom);
  return custom;
}
