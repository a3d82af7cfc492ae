/**
 * One step of backpropagation on one sample, every number shown: forward (u and z of every layer),
 * backward (δ = ∂E/∂u from the loss back, and ∂E/∂z), and the plain gradient-descent update
 * Δw = −ε·∂E/∂w. The numbers are TensorFlow.js's own: the forward pass runs the model's layers, and
 * the gradients come from one tf.variableGrads over the weights and zero "probes" added to every u
 * and z (the gradient with respect to a probe is the gradient with respect to the value it was added
 * to). Inference mode: dropout is off, so the step is the same every time it is asked for.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { CompiledGraph } from '../compile';
import { type LabelFormat, labelWidth, lossFunctionFor } from '../losses';
import { forwardPass, type LayerStep, type LayerValues, layerPlan, outputStep, weightName } from './layerPlan';
import { type TensorView, tensorView } from './tensorView';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = tfTypes.Tensor;

/** One weight of a layer in the step: its value before, its gradient and the update. */
export interface StepWeight {
  /** 'kernel', 'bias', … (tfjs's name for it inside the layer). */
  name: string;
  value: TensorView;
  /** ∂E/∂w, as TensorFlow.js computes it. */
  gradient: TensorView;
  /** Δw = −ε·∂E/∂w. */
  update: TensorView;
}

/** One layer of the model in the step. */
export interface StepLayer {
  nodeId: string;
  type: string;
  /** The activation f this layer applies (a dense/conv layer's own, or an activation node's function). */
  activation?: string;
  /** What the layer reads: z of the layer before (x for the first). */
  input: TensorView;
  /** The weighted sum u = Σ w z + b (dense/conv with an activation), or the input u of an activation node. */
  u?: TensorView;
  /** The output z = f(u). */
  z: TensorView;
  /** ∂E/∂z: what arrives from the layers above (formula B's Σ w δ). */
  gradZ: TensorView;
  /** δ = ∂E/∂u, where the layer has a u. */
  delta?: TensorView;
  weights: StepWeight[];
}

export interface BackpropStep {
  /** The sample as the model takes it, and its class. */
  input: TensorView;
  label: number;
  /** The label row t the loss compares the output with. */
  target: TensorView;
  prediction: TensorView;
  /** E for this sample before the step (and after it, when the update was applied). */
  loss: number;
  lossAfter?: number;
  /** ε: the optimizer node's learning rate. */
  learningRate: number;
  /** The optimizer node's algorithm; the step shown and applied is always plain gradient descent. */
  algorithm: string;
  applied: boolean;
  /** Every layer after the input, in the order the forward pass runs them. */
  layers: StepLayer[];
}

export interface StepRequest {
  /** One sample of the model's input shape, row-major. */
  sample: Float32Array;
  sampleShape: readonly number[];
  /** Class index 0..K-1. */
  label: number;
  /** Whether to change the model's weights by Δw (then `lossAfter` is measured). */
  apply: boolean;
}

/** The input tensor [1, ...shape] and the label row [1, width] for one sample. */
export function oneSample(tf: Tf, format: LabelFormat, request: Pick<StepRequest, 'sample' | 'sampleShape' | 'label'>) {
  const width = labelWidth(format);
  const row = new Float32Array(width);
  if (width === 1) row[0] = request.label;
  else row[request.label] = 1;
  return {
    x: tf.tensor(request.sample, [1, ...request.sampleShape], 'float32'),
    y: tf.tensor2d(row, [1, width]),
  };
}

/** A layer's activation as the step names it: the fused one, or the function of an activation node. */
function activationOf(step: LayerStep): string | undefined {
  if (step.fusedActivation) return step.fusedActivation;
  if (step.type !== 'activation') return undefined;
  const config = step.layer.getConfig();
  return typeof config.activation === 'string' ? config.activation : step.layer.getClassName();
}

/** The tensor's values without the batch axis, as a view. */
async function viewOf(tensor: Tensor, batched = true): Promise<TensorView> {
  const values = (await tensor.data()) as Float32Array;
  return tensorView(values, batched ? tensor.shape.slice(1) : tensor.shape);
}

/** The loss of one sample as a function of the zero probes: what the gradients are taken of. */
export function lossWithProbes(
  tf: Tf,
  plan: readonly LayerStep[],
  format: LabelFormat,
  x: Tensor,
  y: Tensor,
  probes: { z: ReadonlyMap<string, Tensor>; u: ReadonlyMap<string, Tensor> },
): tfTypes.Scalar {
  const lossFn = lossFunctionFor(tf, format.lossName);
  const values = forwardPass(plan, x, probes);
  const prediction = values.get(outputStep(plan).layer.name)?.z;
  if (!prediction) throw new Error('the model produced no output');
  return tf.mean(lossFn(y, prediction)) as tfTypes.Scalar;
}

/** Zero variables shaped like every layer's z and every fused layer's u (the input layer's excepted). */
export function createProbes(tf: Tf, plan: readonly LayerStep[], x: Tensor) {
  const shapes = tf.tidy(() => {
    const values = forwardPass(plan, x);
    return plan.slice(1).map((step) => {
      const value = values.get(step.layer.name);
      return { name: step.layer.name, z: value?.z.shape ?? [], u: value?.u?.shape };
    });
  });
  const z = new Map<string, tfTypes.Variable>();
  const u = new Map<string, tfTypes.Variable>();
  // tf.variable keeps its own copy of the zeros; the tidy frees the zeros themselves.
  tf.tidy(() => {
    for (const shape of shapes) {
      z.set(shape.name, tf.variable(tf.zeros(shape.z), true));
      if (shape.u) u.set(shape.name, tf.variable(tf.zeros(shape.u), true));
    }
  });
  return {
    z,
    u,
    all: [...z.values(), ...u.values()],
    dispose() {
      for (const probe of [...z.values(), ...u.values()]) probe.dispose();
    },
  };
}

/** A forward pass whose values (u, z, inputs of every layer) outlive it; everything else it made is freed. */
function keptForwardPass(tf: Tf, plan: readonly LayerStep[], x: Tensor): Map<string, LayerValues> {
  const engine = tf.engine();
  engine.startScope();
  let values = new Map<string, LayerValues>();
  try {
    values = forwardPass(plan, x);
  } finally {
    engine.endScope([...values.values()].flatMap((value) => [...value.inputs, ...(value.u ? [value.u] : []), value.z]));
  }
  return values;
}

/**
 * Computes one step for one sample; with `apply`, also changes the model's weights by Δw. Tensors
 * are all disposed before it resolves. Throws only on a tfjs failure.
 */
export async function backpropStep(
  tf: Tf,
  compiled: Pick<CompiledGraph, 'model' | 'layerOrigins' | 'optimizerSettings'>,
  format: LabelFormat,
  request: StepRequest,
): Promise<BackpropStep> {
  const plan = layerPlan(compiled);
  const learningRate = compiled.optimizerSettings.learningRate;
  const { x, y } = oneSample(tf, format, request);
  const probes = createProbes(tf, plan, x);
  const tracked = plan.flatMap((step) => step.layer.trainableWeights.map((weight) => ({ step, weight, variable: weight.read() as tfTypes.Variable })));
  const disposeLater: Tensor[] = [x, y];
  try {
    const { value: lossTensor, grads } = tf.variableGrads(
      () => lossWithProbes(tf, plan, format, x, y, probes),
      [...probes.all, ...tracked.map((each) => each.variable)],
    );
    disposeLater.push(lossTensor, ...Object.values(grads));
    // The weights the gradients were taken at, copied now: during training the loop may take a step
    // between the reads below.
    const weightsAt = new Map(tracked.map(({ variable }) => [variable.name, tf.clone(variable)]));
    disposeLater.push(...weightsAt.values());
    const forward = keptForwardPass(tf, plan, x);
    for (const value of forward.values()) disposeLater.push(...value.inputs, ...(value.u ? [value.u] : []), value.z);

    const layers: StepLayer[] = [];
    for (const step of plan.slice(1)) {
      const name = step.layer.name;
      const values = forward.get(name);
      const gradZ = grads[probes.z.get(name)?.name ?? ''];
      const firstInput = values?.inputs[0];
      if (!values || !gradZ || !firstInput) continue;
      const isActivationNode = step.type === 'activation';
      // An activation node's u is its input; its δ is the gradient with respect to that input.
      const inputLayer = step.inputs[0];
      const uGrad = step.fusedActivation
        ? grads[probes.u.get(name)?.name ?? '']
        : isActivationNode && inputLayer !== undefined
          ? grads[probes.z.get(inputLayer)?.name ?? '']
          : undefined;
      const u = step.fusedActivation ? values.u : isActivationNode ? firstInput : undefined;
      const weights: StepWeight[] = [];
      for (const { weight, variable } of tracked.filter((each) => each.step === step)) {
        const gradient = grads[variable.name];
        if (!gradient) continue;
        const update = tf.mul(gradient, -learningRate);
        disposeLater.push(update);
                weights.push({
          name: weightName(weight),
          value: await viewOf(weightsAt.get(variable.name) ?? variable, false),
          gradient: await viewOf(gradient, false),
          update: await viewOf(update, false),
        });
      }
      const activation = activationOf(step);
      layers.push({
        nodeId: step.nodeId,
        type: step.type,
        ...(activation ? { activation } : {}),
        input: await viewOf(firstInput),
        ...(u ? { u: await viewOf(u) } : {}),
        z: await viewOf(values.z),
        gradZ: await viewOf(gradZ),
        ...(uGrad ? { delta: await viewOf(uGrad) } : {}),
        weights,
      });
    }
    const prediction = forward.get(outputStep(plan).layer.name)?.z;
    const result: BackpropStep = {
      input: await viewOf(x),
      label: request.label,
      target: await viewOf(y),
      prediction: prediction ? await viewOf(prediction) : tensorView(new Float32Array(0), [0]),
      loss: (await lossTensor.data())[0] as number,
      learningRate,
      algorithm: compiled.optimizerSettings.algorithm,
      applied: false,
      layers,
    };
    if (request.apply) {
      tf.tidy(() => {
        for (const { variable } of tracked) {
          const gradient = grads[variable.name];
          if (gradient) variable.assign(tf.sub(variable, tf.mul(gradient, learningRate)));
        }
      });
      const after = tf.tidy(() => lossWithProbes(tf, plan, format, x, y, { z: new Map(), u: new Map() }));
      result.lossAfter = (await after.data())[0] as number;
      after.dispose();
      result.applied = true;
    }
    return result;
  } finally {
    probes.dispose();
    for (const tensor of new Set(disposeLater)) if (!tensor.isDisposed) tensor.dispose();
  }
}
