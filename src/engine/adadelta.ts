import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../../nodes/types';

/** The name of Kairo's fused Adadelta kernel (registered for WASM in src/engine/wasm/registerKernels.ts). */
const FUSED_ADADELTA = 'KairoAdadeltaUpdate';

interface Accumulators {
  squaredGradients: tfTypes.Variable;
  squaredUpdates: tfTypes.Variable;
}

/**
 * Adadelta as Zeiler (2012) and Keras define it. tfjs 4.22's own Adadelta divides by the running
 * mean of squared gradients *before* adding the current gradient, so its first step is a plain
 * gradient step times the learning rate: with the course CNN's learning rate 1.0 that step wrecks
 * the network and it ends up predicting a single class. Here the current gradient is included
 * first, so the first step is about sqrt(ε/(1−ρ)) per weight, as in Keras.
 */
export function createAdadelta(tf: Tf, learningRate: number, rho: number, epsilon: number): tfTypes.Optimizer {
  class KerasAdadelta extends tf.Optimizer {
    static get className(): string {
      return 'KairoAdadelta';
    }

    private readonly accumulators = new Map<string, Accumulators>();

    applyGradients(variableGradients: Parameters<tfTypes.Optimizer['applyGradients']>[0]): void {
      const entries: [string, tfTypes.Tensor | undefined][] = Array.isArray(variableGradients)
        ? variableGradients.map(({ name, tensor }) => [name, tensor])
        : Object.entries(variableGradients);
      // The backend's fused Adadelta step, where it has one (WASM, with Kairo's kernels).
      const fusedStep = tf.getKernel(FUSED_ADADELTA, tf.getBackend()) !== undefined ? FUSED_ADADELTA : undefined;
      for (const [name, gradient] of entries) {
        const value = tf.engine().registeredVariables[name];
        if (gradient === undefined || value === undefined) continue;
        let state = this.accumulators.get(name);
        if (state === undefined) {
          state = {
            squaredGradients: tf.variable(tf.zerosLike(value), false),
            squaredUpdates: tf.variable(tf.zerosLike(value), false),
          };
          this.accumulators.set(name, state);
        }
        const { squaredGradients, squaredUpdates } = state;
        if (fusedStep !== undefined) {
          // One kernel instead of eleven (src/engine/wasm/adadeltaUpdate.ts), same arithmetic.
          const [nextValue, nextGradients, nextUpdates] = tf.engine().runKernel(
            fusedStep,
            { value, gradient, squaredGradients, squaredUpdates },
            { learningRate, rho, epsilon },
          ) as tfTypes.Tensor[];
          squaredGradients.assign(nextGradients as tfTypes.Tensor);
          squaredUpdates.assign(nextUpdates as tfTypes.Tensor);
          value.assign(nextValue as tfTypes.Tensor);
          tf.dispose([nextValue, nextGradients, nextUpdates] as tfTypes.Tensor[]);
          continue;
        }
        tf.tidy(() => {
          const meanSquaredGradient = tf.add(tf.mul(squaredGradients, rho), tf.mul(tf.square(gradient), 1 - rho));
          const update = tf.mul(
            tf.div(tf.sqrt(tf.add(squaredUpdates, epsilon)), tf.sqrt(tf.add(meanSquaredGradient, epsilon))),
            gradient,
          );
          squaredGradients.assign(meanSquaredGradient);
          squaredUpdates.assign(tf.add(tf.mul(squaredUpdates, rho), tf.mul(tf.square(update), 1 - rho)));
          value.assign(tf.sub(value, tf.mul(update, learningRate)));
        });
      }
      this.incrementIterations();
    }

    override dispose(): void {
      super.dispose();
      for (const { squaredGradients, squaredUpdates } of this.accumulators.values()) {
        squaredGradients.dispose();
        squaredUpdates.dispose();
      }
      this.accumulators.clear();
    }

    getConfig(): tfTypes.serialization.ConfigDict {
      return { learningRate, rho, epsilon };
    }
  }
  return new KerasAdadelta();
}
