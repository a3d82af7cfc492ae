/**
 * Dropout whose masks cost little. tfjs's dropout draws its uniform numbers one at a time in
 * JavaScript with seedrandom's Alea generator, then adds, floors and divides them on the backend:
 * on the course CNN (a mask of 1.2 million numbers per step) that was about 5 % of a WASM training
 * step, outside any kernel. Here a small fast generator (sfc32) writes the multipliers 0 and
 * 1/(1 − rate) directly, and one multiplication applies them. The distribution is tfjs's: each value
 * is kept with probability 1 − rate and scaled by 1/(1 − rate); at inference the layer passes its
 * input through. Masks are not seeded (as in tfjs-layers without a seed): every batch draws anew.
 *
 * The layer serializes as tfjs's own 'Dropout' (same configuration), so saved models load anywhere
 * as ordinary dropout.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../../nodes/types';
import { heapBackend } from './wasm/heap';
import { simdKernels } from './wasm/simd/kernels';

/** Four 32-bit words of state from the platform's random source (Math.random where there is none). */
function freshState(): Uint32Array {
  const state = new Uint32Array(4);
  const cryptoSource = (globalThis as { crypto?: { getRandomValues?(array: Uint32Array): Uint32Array } }).crypto;
  if (typeof cryptoSource?.getRandomValues === 'function') cryptoSource.getRandomValues(state);
  else for (let i = 0; i < 4; i++) state[i] = Math.floor(Math.random() * 2 ** 32);
  if (state.every((word) => word === 0)) state[3] = 1;
  return state;
}

/**
 * A value is kept when its 32-bit draw is below keep·2³², i.e. with probability keep; compared as
 * signed numbers (the draw's top bit flipped), which stay small integers for the compiler. 2³¹
 * (keep all) only for a keep within 2⁻³³ of 1.
 */
function dropoutThreshold(keep: number): number {
  return Math.min(2 ** 32, Math.round(keep * 2 ** 32)) - 2 ** 31;
}

/**
 * Fills `out` with dropout multipliers: `scale` with probability `keep`, else 0, from the sfc32
 * generator whose state is `state` (advanced in place).
 */
export function fillDropoutMultipliers(out: Float32Array, keep: number, scale: number, state: Uint32Array): void {
  const threshold = dropoutThreshold(keep);
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  for (let i = 0; i < out.length; i++) {
    // sfc32 (Chris Doty-Humphrey's small fast counting generator).
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    out[i] = (t ^ -0x80000000) < threshold ? scale : 0;
  }
  state[0] = a;
  state[1] = b;
  state[2] = c;
  state[3] = d;
}

type LayerArgs = NonNullable<ConstructorParameters<Tf['layers']['Layer']>[0]>;

/** The dropout layer class for one tfjs namespace. */
export function dropoutLayerClass(tf: Tf) {
  return class KairoDropout extends tf.layers.Layer {
    /** Serialized as tfjs's dropout: same configuration, same meaning. */
    static className = 'Dropout';
    readonly rate: number;
    private readonly state = freshState();
    /** The SIMD kernel's four generators (16 words), drawn on first use. */
    private lanes: Uint32Array | undefined;
    private scratch: Float32Array | undefined;

    constructor(args: LayerArgs & { rate: number }) {
      super(args);
      if (!(args.rate >= 0 && args.rate < 1)) throw new Error(`Dropout: the rate must be at least 0 and below 1, not ${args.rate}.`);
      this.rate = args.rate;
      this.supportsMasking = true;
    }

    override call(inputs: tfTypes.Tensor | tfTypes.Tensor[], kwargs: Record<string, unknown>): tfTypes.Tensor {
      return tf.tidy(() => {
        const x = Array.isArray(inputs) ? inputs[0] : inputs;
        if (x === undefined) throw new Error('The dropout layer received no input.');
        if (kwargs.training !== true || this.rate === 0) return tf.clone(x);
        const keep = 1 - this.rate;
        const onHeap = this.maskOnHeap(x.shape, keep);
        if (onHeap !== undefined) return tf.mul(x, onHeap);
        const multipliers = this.buffer(x.size);
        fillDropoutMultipliers(multipliers, keep, 1 / keep, this.state);
        return tf.mul(x, tf.tensor(multipliers, x.shape, 'float32'));
      });
    }

    /**
     * On the WASM backend with Kairo's SIMD kernels: the mask drawn where it will lie, on the
     * backend's heap, by four sfc32 generators side by side (kernels.wat), with no copy from
     * JavaScript. undefined elsewhere (the JavaScript generator then draws it).
     */
    private maskOnHeap(shape: number[], keep: number): tfTypes.Tensor | undefined {
      if (tf.getBackend() !== 'wasm') return undefined;
      const simd = simdKernels(tf.backend());
      const threshold = dropoutThreshold(keep);
      if (simd === undefined || threshold > 2 ** 31 - 1) return undefined; // (keep all: past a signed 32-bit number)
      const backend = heapBackend(tf.backend(), 'Dropout');
      // Four generators' states, in the kernel's order: the four a words, then b, c and d.
      if (this.lanes === undefined) {
        const states = [freshState(), freshState(), freshState(), freshState()];
        this.lanes = Uint32Array.from({ length: 16 }, (_, i) => states[i % 4]?.[Math.floor(i / 4)] as number);
      }
      const mask = backend.makeOutput([...shape], 'float32');
      const scratch = backend.makeOutput([16], 'float32');
      // Views after both allocations, which may grow the heap.
      const out = backend.typedArrayFromHeap(mask);
      const words = backend.typedArrayFromHeap(scratch);
      const state = new Uint32Array(words.buffer, words.byteOffset, 16);
      state.set(this.lanes);
      simd.dropoutMask(out.byteOffset, out.length, threshold, 1 / keep, state.byteOffset);
      this.lanes.set(state);
      backend.disposeData(scratch.dataId);
      return tf.engine().makeTensorFromTensorInfo(mask);
    }

    /**
     * Where to write a mask of `size` numbers. The WASM backend copies a new tensor's values onto
     * its heap at once, so there one buffer serves every batch (no 4.7 MB of garbage per step on
     * the course CNN); other backends may keep the array they were given, so they get a new one.
     */
    private buffer(size: number): Float32Array {
      if (tf.getBackend() !== 'wasm') return new Float32Array(size);
      if (this.scratch?.length !== size) this.scratch = new Float32Array(size);
      return this.scratch;
    }

    override computeOutputShape(inputShape: tfTypes.Shape | tfTypes.Shape[]): tfTypes.Shape | tfTypes.Shape[] {
      return inputShape;
    }

    override getConfig(): tfTypes.serialization.ConfigDict {
      return { ...super.getConfig(), rate: this.rate, noiseShape: null, seed: null };
    }
  };
}
