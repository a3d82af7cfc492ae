/**
 * The tfjs layer of the Augment node (nodes/augment.ts has the exact semantics): random flips, one
 * affine warp (rotation, zoom, shift) and a brightness shift per image while training; the identity
 * at inference. Built against the tfjs namespace passed in, like the other custom layers.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { AugmentSettings } from '../../nodes/augment';
import type { Tf } from '../../nodes/types';
import { mixSeeds } from './data/seededRandom';

export const AUGMENT_LAYER_CLASS = 'KairoAugment';

type LayerArgs = NonNullable<ConstructorParameters<Tf['layers']['Layer']>[0]>;
export type AugmentLayerArgs = LayerArgs & AugmentSettings;

/** The augment layer class for one tfjs namespace (registered by createCustomLayers). */
export function augmentLayerClass(tf: Tf) {
  /** Per image: [a0, a1, a2, b0, b1, b2, 0, 0], mapping an output pixel to the input pixel it samples. */
  function warps(count: number, height: number, width: number, settings: AugmentSettings, seed: number): tfTypes.Tensor2D {
    const radians = (settings.rotation * Math.PI) / 180;
    const angle = tf.randomUniform([count], -radians, radians, 'float32', mixSeeds(seed, 1));
    const scale = tf.randomUniform([count], 1 - settings.zoom, 1 + settings.zoom, 'float32', mixSeeds(seed, 2));
    const tx = tf.mul(tf.randomUniform([count], -settings.shift, settings.shift, 'float32', mixSeeds(seed, 3)), width);
    const ty = tf.mul(tf.randomUniform([count], -settings.shift, settings.shift, 'float32', mixSeeds(seed, 4)), height);
    const cx = (width - 1) / 2;
    const cy = (height - 1) / 2;
    const cos = tf.div(tf.cos(angle), scale);
    const sin = tf.div(tf.sin(angle), scale);
    // in = R(−θ)(out − c − t)/s + c, written as in_x = a0·x + a1·y + a2, in_y = b0·x + b1·y + b2.
    const ox = tf.add(tx, cx);
    const oy = tf.add(ty, cy);
    const a2 = tf.sub(cx, tf.add(tf.mul(cos, ox), tf.mul(sin, oy)));
    const b2 = tf.sub(cy, tf.sub(tf.mul(cos, oy), tf.mul(sin, ox)));
    const zeros = tf.zeros([count]);
    return tf.stack([cos, sin, a2, tf.neg(sin), cos, b2, zeros, zeros], 1) as tfTypes.Tensor2D;
  }

  /** Mirrors along `axis` the images whose coin came up (probability ½ each). */
  function randomFlip(images: tfTypes.Tensor4D, axis: 1 | 2, seed: number): tfTypes.Tensor4D {
    const count = images.shape[0];
    const coin = tf.less(tf.randomUniform([count, 1, 1, 1], 0, 1, 'float32', seed), 0.5);
    return tf.where(tf.broadcastTo(coin, images.shape), tf.reverse(images, axis), images) as tfTypes.Tensor4D;
  }

  return class AugmentLayer extends tf.layers.Layer {
    static className = AUGMENT_LAYER_CLASS;
    private readonly settings: AugmentSettings;
    /** Training calls so far: each draws its own random numbers from (seed, call). */
    private calls = 0;

    constructor(args: AugmentLayerArgs) {
      super(args);
      this.settings = { flip: args.flip, rotation: args.rotation, shift: args.shift, zoom: args.zoom, brightness: args.brightness, seed: args.seed };
    }

    private augment(images: tfTypes.Tensor4D, seed: number): tfTypes.Tensor4D {
      const { flip, rotation, shift, zoom, brightness } = this.settings;
      const [count, height, width] = images.shape;
      let out = images;
      if (flip === 'horizontal' || flip === 'both') out = randomFlip(out, 2, mixSeeds(seed, 5));
      if (flip === 'vertical' || flip === 'both') out = randomFlip(out, 1, mixSeeds(seed, 6));
      if (rotation > 0 || shift > 0 || zoom > 0) {
        out = tf.image.transform(out, warps(count, height, width, this.settings, seed), 'bilinear', 'reflect');
      }
      if (brightness > 0) {
        const delta = tf.randomUniform([count, 1, 1, 1], -brightness, brightness, 'float32', mixSeeds(seed, 7));
        out = tf.clipByValue(tf.add(out, delta), 0, 1) as tfTypes.Tensor4D;
      }
      return out;
    }

    override call(inputs: tfTypes.Tensor | tfTypes.Tensor[], kwargs: Record<string, unknown>): tfTypes.Tensor {
      return tf.tidy(() => {
        const x = Array.isArray(inputs) ? inputs[0] : inputs;
        if (x === undefined) throw new Error('The augment layer received no input.');
        if (kwargs.training !== true) return tf.clone(x);
        const seed = mixSeeds(this.settings.seed, this.calls++);
        // Straight through backward: nothing before this layer should learn (see nodes/augment.ts).
        const augmented = tf.customGrad((...args) => {
          const [images] = args as [tfTypes.Tensor, tfTypes.GradSaveFunc];
          return { value: this.augment(images as tfTypes.Tensor4D, seed), gradFunc: (dy: tfTypes.Tensor) => dy };
        });
        return augmented(x);
      });
    }

    override computeOutputShape(inputShape: tfTypes.Shape | tfTypes.Shape[]): tfTypes.Shape | tfTypes.Shape[] {
      return inputShape;
    }

    override getConfig(): tfTypes.serialization.ConfigDict {
      return { ...super.getConfig(), ...this.settings };
    }
  };
}
