/**
 * What the node library needs beyond tfjs's built-in layers: the perceptron's sign with a usable
 * gradient, leaky ReLU as an activation of dense/conv2d layers, and random Fourier features (the
 * SVM exercise's RBF kernel as a fixed layer). Built against the tfjs namespace passed in, and
 * registered once per namespace so saved models can be loaded again.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { CustomLayers, Tf } from '../../nodes/types';
import { augmentLayerClass } from './augmentLayer';
import { dropoutLayerClass } from './dropoutLayer';

/** Class name under which the sign layer is serialized. */
export const SIGN_LAYER_CLASS = 'KairoSign';
/** Class name under which the random Fourier features layer is serialized. */
export const RANDOM_FOURIER_FEATURES_CLASS = 'KairoRandomFourierFeatures';
/** Activation identifier for leaky ReLU with slope 0.2, usable as `activation` of dense and conv2d. */
export const LEAKY_RELU_ACTIVATION = 'kairoLeakyRelu';
export const LEAKY_RELU_ACTIVATION_ALPHA = 0.2;

const customLayersByTf = new WeakMap<Tf, CustomLayers>();

/** The settings of a random Fourier features layer (see the `randomFourierFeatures` node). */
export interface RandomFourierFeaturesConfig {
  /** D, the number of features (output width). */
  features: number;
  /** γ of the RBF kernel exp(−γ‖x − y‖²) being approximated. */
  gamma: number;
  /** Seed of the fixed random projection and phases. */
  seed: number;
}

/** Why a config cannot make a layer, as the end of a sentence; null when it can. */
function describeRandomFourierFeaturesProblem(config: RandomFourierFeaturesConfig): string | null {
  if (!(Number.isInteger(config.features) && config.features >= 1)) {
    return `features must be a whole number ≥ 1, not ${config.features}`;
  }
  if (!(Number.isFinite(config.gamma) && config.gamma > 0)) return `gamma must be a number > 0, not ${config.gamma}`;
  if (!Number.isInteger(config.seed)) return `seed must be a whole number, not ${config.seed}`;
  return null;
}

/** The phases' seed: a different stream from the projection's, still fixed by the node's seed. */
function phaseSeed(seed: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) >>> 0) % 2_147_483_647;
}

/**
 * sign(x) forward. Its true derivative is 0 almost everywhere, which would stop all learning before
 * it; backward therefore passes the incoming gradient straight through, unchanged, for every x (the
 * identity straight-through estimator). With the hinge loss on sgn(w·x + b) this is exactly
 * Rosenblatt's perceptron rule: a correctly classified example gives no gradient, a wrong one moves
 * w by η·y·x however far it is from the boundary (a gradient clipped to |x| ≤ 1 would never correct
 * a confidently wrong example).
 */
export function signStraightThrough(tf: Tf): (x: tfTypes.Tensor) => tfTypes.Tensor {
  const signWithGradient = tf.customGrad((...args) => {
    const [x] = args as [tfTypes.Tensor, tfTypes.GradSaveFunc];
    return {
      value: tf.sign(x),
      gradFunc: (dy: tfTypes.Tensor) => dy,
    };
  });
  return (x) => signWithGradient(x);
}

/** What a tfjs Dense layer holds privately, read by the training path below. */
interface DenseInternals {
  kernel?: tfTypes.LayerVariable | null;
  bias?: tfTypes.LayerVariable | null;
  activation?: { apply(x: tfTypes.Tensor): tfTypes.Tensor } | null;
  invokeCallHook?: (inputs: tfTypes.Tensor | tfTypes.Tensor[], kwargs: Record<string, unknown>) => void;
}

/**
 * tfjs's Dense layer, except under a gradient tape. There tfjs multiplies through its fused
 * matMul op whenever the activation is linear or one it cannot fuse (softmax, tanh), and that op's
 * gradient computes the gradient of *both* operands at once — also the input's, which nobody needs
 * when the layer is the first of the model (logistic regression: a third of its products). Taken
 * as matMul, bias add and activation (what tfjs itself does for ReLU layers while training), each
 * op's gradient is computed only where the tape needs it. Inference and saved models are tfjs's
 * Dense unchanged: the layer is tfjs's class, only its `call` is wrapped.
 */
export function denseTakingOnlyNeededGradients(tf: Tf, config: Parameters<Tf['layers']['dense']>[0]): tfTypes.layers.Layer {
  const layer = tf.layers.dense(config);
  const internals = layer as unknown as DenseInternals;
  const tfjsCall = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const kernel = internals.kernel;
    if (tf.engine().state.gradientDepth === 0 || x === undefined || x.rank !== 2 || !kernel) return tfjsCall(inputs, kwargs);
    return tf.tidy(() => {
      internals.invokeCallHook?.call(layer, inputs, kwargs);
      let output = tf.matMul(x, kernel.read());
      if (internals.bias) output = tf.add(output, internals.bias.read());
      return internals.activation ? internals.activation.apply(output) : output;
    });
  };
  return layer;
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

  type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
  type RandomFourierFeaturesArgs = LayerArgs & RandomFourierFeaturesConfig;

  /**
   * z(x) = sqrt(2/D)·cos(x·W + b) with W ~ N(0, 2γ) and b ~ U[0, 2π): z(x)·z(y) ≈ exp(−γ‖x − y‖²),
   * the RBF kernel (Rahimi & Recht 2007), so a linear classifier on z acts like a kernel SVM.
   * W and b are drawn once from the seed and never trained: they are weights only so that a saved
   * model carries them.
   */
  class RandomFourierFeaturesLayer extends tf.layers.Layer {
    static className = RANDOM_FOURIER_FEATURES_CLASS;
    private readonly features: number;
    private readonly gamma: number;
    private readonly seed: number;
    private projection: tfTypes.LayerVariable | undefined;
    private phase: tfTypes.LayerVariable | undefined;

    constructor(args: RandomFourierFeaturesArgs) {
      super(args);
      const problem = describeRandomFourierFeaturesProblem(args);
      if (problem !== null) throw new Error(`Random Fourier features: ${problem}.`);
      this.features = args.features;
      this.gamma = args.gamma;
      this.seed = args.seed;
    }

    override build(inputShape: tfTypes.Shape | tfTypes.Shape[]): void {
      const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfTypes.Shape;
      const inputDim = shape[shape.length - 1];
      if (typeof inputDim !== 'number') {
        throw new Error('Random Fourier features need a known number of input features (put a Flatten before).');
      }
      this.projection = this.addWeight(
        'projection',
        [inputDim, this.features],
        'float32',
        tf.initializers.randomNormal({ mean: 0, stddev: Math.sqrt(2 * this.gamma), seed: this.seed }),
        undefined,
        false,
      );
      this.phase = this.addWeight(
        'phase',
        [this.features],
        'float32',
        // tfjs replaces a falsy minval (0) by its default −0.05; the smallest positive number is 0 in float32.
        tf.initializers.randomUniform({ minval: Number.MIN_VALUE, maxval: 2 * Math.PI, seed: phaseSeed(this.seed) }),
        undefined,
        false,
      );
      this.built = true;
    }

    override call(inputs: tfTypes.Tensor | tfTypes.Tensor[]): tfTypes.Tensor {
      return tf.tidy(() => {
        const x = Array.isArray(inputs) ? inputs[0] : inputs;
        if (x === undefined || this.projection === undefined || this.phase === undefined) {
          throw new Error('The random Fourier features layer was called before it was built.');
        }
        const angles = tf.add(tf.matMul(x, this.projection.read()), this.phase.read());
        return tf.mul(tf.cos(angles), Math.sqrt(2 / this.features));
      });
    }

    override computeOutputShape(inputShape: tfTypes.Shape | tfTypes.Shape[]): tfTypes.Shape | tfTypes.Shape[] {
      const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfTypes.Shape;
      return [...shape.slice(0, -1), this.features];
    }

    override getConfig(): tfTypes.serialization.ConfigDict {
      return { ...super.getConfig(), features: this.features, gamma: this.gamma, seed: this.seed };
    }
  }

  tf.serialization.registerClass(SignLayer);
  tf.serialization.registerClass(LeakyReluActivation);
  tf.serialization.registerClass(RandomFourierFeaturesLayer);
  const AugmentLayer = augmentLayerClass(tf);
  tf.serialization.registerClass(AugmentLayer);

  // Not registered: it serializes as tfjs's 'Dropout', which loads it back as tfjs's own dropout.
  const Dropout = dropoutLayerClass(tf);

  const custom: CustomLayers = {
    dense: (config) => denseTakingOnlyNeededGradients(tf, config),
    dropout: (config) => new Dropout(config),
    sign: ({ name }) => new SignLayer({ name }),
    randomFourierFeatures: (config) => new RandomFourierFeaturesLayer(config),
    leakyReluActivation: LEAKY_RELU_ACTIVATION,
    augment: (config) => new AugmentLayer(config),
  };
  customLayersByTf.set(tf, custom);
  return custom;
}
