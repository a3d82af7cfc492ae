/**
 * What one node of the trained model holds and does for one input: its output (feature maps,
 * unit values), the weighted sum u beside z where it has one, its weights with a histogram each,
 * and — for a dense layer that reads an image through value-preserving nodes (flatten, reshape,
 * dropout) — the shape of that image, so each unit's weights can be drawn as a template. Any sample
 * shape the data has ([28, 28, 1], [32, 32, 3], a feature vector) goes through the same code; the
 * shapes come from the compiled model, whose shapes the compiler checked against the analysis.
 */
import { getNodeDefinition } from '../../../nodes/index';
import type { CompiledGraph } from '../compile';
import { forwardPass, type LayerStep, layerPlan, weightName } from './layerPlan';
import { type Histogram, histogram, type TensorView, tensorView } from './tensorView';

type Tf = typeof import('@tensorflow/tfjs');

export interface WeightInside {
  /** 'kernel', 'bias', 'gamma', … */
  name: string;
  trainable: boolean;
  view: TensorView;
  histogram: Histogram;
}

export interface NodeInside {
  nodeId: string;
  type: string;
  /** The sample the model was run on, as it takes it. */
  input: TensorView;
  /** The node's output z for that sample. */
  output: TensorView;
  /** u before the activation: a dense/conv layer's weighted sum, or an activation node's input. */
  u?: TensorView;
  /** The activation applied to u (the layer's own, or the activation node's function). */
  activation?: string;
  weights: WeightInside[];
  /**
   * For a dense layer whose input is an image flattened: that image's shape [h, w, c] (c = 1 or 3),
   * so that column k of the kernel is unit k's template.
   */
  templateShape?: number[];
}

/** Templates are drawn only for images at least this high and wide. */
const MIN_TEMPLATE_SIDE = 4;

function outputShapeOf(step: LayerStep): (number | null)[] {
  const shape = step.layer.outputShape;
  return (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
}

/**
 * The image a dense layer reads, walking back from its input through layers that pass values on
 * unchanged, if the first shape with height, width and channels found there has exactly as many
 * values as the layer has inputs and can be drawn (1 or 3 channels, at least 4×4).
 */
export function templateShapeFor(plan: readonly LayerStep[], step: LayerStep): number[] | undefined {
  if (step.type !== 'dense') return undefined;
  const features = outputShapeOf(step).length === 2 ? step.layer.getWeights()[0]?.shape[0] : undefined;
  if (features === undefined) return undefined;
  const byName = new Map(plan.map((each) => [each.layer.name, each]));
  let current = step.inputs.length === 1 ? byName.get(step.inputs[0] ?? '') : undefined;
  while (current) {
    const shape = outputShapeOf(current).slice(1);
    if (shape.length === 3) {
      const [height, width, channels] = shape as number[];
      // A picture needs some extent: a 1×2 "image" (two pooled features) reads better as numbers.
      const drawable =
        (channels === 1 || channels === 3) &&
        (height as number) >= MIN_TEMPLATE_SIDE &&
        (width as number) >= MIN_TEMPLATE_SIDE &&
        (height as number) * (width as number) * channels === features;
      return drawable ? [height as number, width as number, channels] : undefined;
    }
    const passesOn = getNodeDefinition(current.type)?.valuePreserving === true && current.inputs.length === 1;
    current = passesOn ? byName.get(current.inputs[0] ?? '') : undefined;
  }
  return undefined;
}

/** The node's layer in the compiled model, or undefined when the model has none for it. */
export function stepOfNode(plan: readonly LayerStep[], nodeId: string): LayerStep | undefined {
  return plan.find((step) => step.nodeId === nodeId);
}

/**
 * Runs the model on one sample and reads what `nodeId` did. Undefined when the model has no layer
 * for the node (not on the dataset→loss path, or added after training). Tensors are all disposed.
 */
export async function inspectNode(
  tf: Tf,
  compiled: Pick<CompiledGraph, 'model' | 'layerOrigins'>,
  sample: Float32Array,
  sampleShape: readonly number[],
  nodeId: string,
): Promise<NodeInside | undefined> {
  const plan = layerPlan(compiled);
  const step = stepOfNode(plan, nodeId);
  if (!step) return undefined;
  // One synchronous pass: the output and the weights it was computed with (during training the
  // loop may take a step between the reads below).
  const { output, u, weights: weightCopies } = tf.tidy(() => {
    const x = tf.tensor(sample, [1, ...sampleShape], 'float32');
    const values = forwardPass(plan, x).get(step.layer.name);
    if (!values) throw new Error(`no values for layer ${step.layer.name}`);
    const pre = step.fusedActivation ? values.u : step.type === 'activation' ? values.inputs[0] : undefined;
    return { output: values.z, u: pre, weights: step.layer.weights.map((weight) => tf.clone(weight.read())) };
  });
  try {
    const outputValues = (await output.data()) as Float32Array;
    const uValues = u ? ((await u.data()) as Float32Array) : undefined;
    const weights: WeightInside[] = [];
    for (const [index, weight] of step.layer.weights.entries()) {
      const copy = weightCopies[index];
      if (!copy) continue;
      const values = (await copy.data()) as Float32Array;
      weights.push({
        name: weightName(weight),
        trainable: weight.trainable,
        view: tensorView(values, weight.shape as number[]),
        histogram: histogram(values),
      });
    }
    const config = step.layer.getConfig();
    const activation =
      step.fusedActivation ?? (step.type === 'activation' && typeof config.activation === 'string' ? config.activation : undefined);
    const templateShape = templateShapeFor(plan, step);
    return {
      nodeId,
      type: step.type,
      input: tensorView(sample, sampleShape),
      output: tensorView(outputValues, output.shape.slice(1)),
      ...(u && uValues ? { u: tensorView(uValues, u.shape.slice(1)) } : {}),
      ...(activation ? { activation } : {}),
      weights,
      ...(templateShape ? { templateShape } : {}),
    };
  } finally {
    for (const tensor of [output, u, ...weightCopies]) if (tensor && !tensor.isDisposed) tensor.dispose();
  }
}
