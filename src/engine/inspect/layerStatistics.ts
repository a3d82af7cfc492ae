/**
 * Per-layer gradient and weight norms during training, sampled every k-th batch, for the gradient
 * charts, the canvas's wire colouring and `kairo train --json`. A measured batch takes the same
 * optimizer step as any other (computeGradients, then applyGradients: what `optimizer.minimize`
 * does inside), and on the way reduces each trainable node's gradients and weights to one sum of
 * squares; those few numbers ride along with the batch's loss and accuracy in the one read the loop
 * makes anyway, so sampling adds neither a forward/backward pass nor a wait for the device.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { LayerOrigin } from '../compile';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = tfTypes.Tensor;

/** Norms of one trainable node: √(Σ g²) over all its weights' gradients, and √(Σ w²) over the weights. */
export interface LayerNorms {
  node: string;
  gradNorm: number;
  weightNorm: number;
}

/** The norms measured on one batch (before that batch's update). */
export interface LayerSample {
  /** 1-based, like the batch events. */
  epoch: number;
  batch: number;
  layers: LayerNorms[];
}

export interface LayerStatisticsOptions {
  /** Measure batch 1 of each epoch and every `everyBatches`-th after it. */
  everyBatches: number;
  /**
   * Also measure a batch when this long has passed since the last measured one, so a slow model's
   * chart still gets a point every so often (off when absent: the batches measured are then fixed).
   */
  atLeastEveryMs?: number;
}

interface TrackedNode {
  node: string;
  /** Indices into the loop's variable list. */
  variables: number[];
}

/** The trainable nodes of a model, each with the indices of its variables in `variables`. */
function trackedNodes(
  model: tfTypes.LayersModel,
  layerOrigins: ReadonlyMap<string, LayerOrigin>,
  variables: readonly tfTypes.Variable[],
): TrackedNode[] {
  const byNode = new Map<string, number[]>();
  for (const layer of model.layers) {
    const node = layerOrigins.get(layer.name)?.nodeId ?? layer.name;
    for (const weight of layer.trainableWeights) {
      const index = variables.indexOf(weight.read() as tfTypes.Variable);
      if (index < 0) continue;
      const list = byNode.get(node) ?? [];
      list.push(index);
      byNode.set(node, list);
    }
  }
  return [...byNode].map(([node, indices]) => ({ node, variables: indices }));
}

export class LayerStatistics {
  private readonly tf: Tf;
  private readonly nodes: TrackedNode[];
  private readonly variables: readonly tfTypes.Variable[];
  private readonly options: LayerStatisticsOptions;
  private lastMeasuredAt = Number.NEGATIVE_INFINITY;
  private samples: LayerSample[] = [];
  /** Sum and count of the current epoch's gradient norms, per node. */
  private epochGradSums: number[];
  private epochCount = 0;

  constructor(
    tf: Tf,
    model: tfTypes.LayersModel,
    layerOrigins: ReadonlyMap<string, LayerOrigin>,
    variables: readonly tfTypes.Variable[],
    options: LayerStatisticsOptions,
  ) {
    this.tf = tf;
    this.variables = variables;
    this.options = options;
    this.nodes = trackedNodes(model, layerOrigins, variables);
    this.epochGradSums = this.nodes.map(() => 0);
  }

  /** Whether batch `batch` (1-based within its epoch) is measured; call once per batch, in order. */
  measures(batch: number): boolean {
    if (this.nodes.length === 0) return false;
    const every = Math.max(1, Math.floor(this.options.everyBatches));
    const due =
      (batch - 1) % every === 0 ||
      (this.options.atLeastEveryMs !== undefined && performance.now() - this.lastMeasuredAt >= this.options.atLeastEveryMs);
    if (due) this.lastMeasuredAt = performance.now();
    return due;
  }

  /**
   * One optimizer step that also measures (call inside the step's tidy): the loss, and a 1-D tensor
   * of 2N sums of squares — N gradients, then N weights (before the update), one per tracked node.
   */
  measuredStep(optimizer: tfTypes.Optimizer, loss: () => tfTypes.Scalar): { loss: tfTypes.Scalar; sums: Tensor } {
    const tf = this.tf;
    const { value, grads } = optimizer.computeGradients(loss, [...this.variables]);
    const sumOfSquares = (tensors: (Tensor | undefined)[]) =>
      tensors.reduce<Tensor>((total, tensor) => (tensor ? tf.add(total, tf.sum(tf.square(tensor))) : total), tf.scalar(0));
    const tensorsOf = (node: TrackedNode, pick: (variable: tfTypes.Variable) => Tensor | undefined) =>
      node.variables.map((index) => {
        const variable = this.variables[index];
        return variable ? pick(variable) : undefined;
      });
    const sums = tf.stack([
      ...this.nodes.map((node) => sumOfSquares(tensorsOf(node, (variable) => grads[variable.name]))),
      ...this.nodes.map((node) => sumOfSquares(tensorsOf(node, (variable) => variable))),
    ]);
    optimizer.applyGradients(this.variables.map((variable) => ({ name: variable.name, tensor: grads[variable.name] as Tensor })));
    return { loss: value, sums };
  }

  /** Takes the read sums of a measured batch (after the loss and accuracy, in the order measuredStep made them). */
  record(epoch: number, batch: number, sums: ArrayLike<number>): void {
    const count = this.nodes.length;
    const layers = this.nodes.map((tracked, index) => ({
      node: tracked.node,
      gradNorm: Math.sqrt(sums[index] ?? Number.NaN),
      weightNorm: Math.sqrt(sums[count + index] ?? Number.NaN),
    }));
    layers.forEach((layer, index) => {
      this.epochGradSums[index] = (this.epochGradSums[index] as number) + layer.gradNorm;
    });
    this.epochCount++;
    this.samples.push({ epoch, batch, layers });
  }

  /** The samples recorded since the last call (undefined when none), for the next batch event. */
  takeSamples(): LayerSample[] | undefined {
    if (this.samples.length === 0) return undefined;
    const taken = this.samples;
    this.samples = [];
    return taken;
  }

  /**
   * The epoch's summary, then starts the next epoch: per node the mean of the gradient norms sampled
   * in the epoch and the norm of its weights now, after the epoch's last update.
   */
  async epochSummary(): Promise<LayerNorms[]> {
    const tf = this.tf;
    const sums = tf.tidy(() =>
      tf.stack(
        this.nodes.map((node) =>
          node.variables.reduce<Tensor>((total, index) => {
            const variable = this.variables[index];
            return variable ? tf.add(total, tf.sum(tf.square(variable))) : total;
          }, tf.scalar(0)),
        ),
      ),
    );
    const weightSums = await sums.data();
    sums.dispose();
    const summary = this.nodes.map((tracked, index) => ({
      node: tracked.node,
      gradNorm: this.epochCount > 0 ? (this.epochGradSums[index] as number) / this.epochCount : Number.NaN,
      weightNorm: Math.sqrt(weightSums[index] ?? Number.NaN),
    }));
    this.epochGradSums = this.nodes.map(() => 0);
    this.epochCount = 0;
    return summary;
  }
}
