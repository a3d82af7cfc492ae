/**
 * The compiled model as a list of steps a forward pass can walk one layer at a time: each layer
 * with the graph node it came from (the compiler's `layerOrigins`) and the layers that feed it.
 * Walking the layers ourselves, instead of calling model.predict, lets the inside views and the
 * step mode see every intermediate value: the pre-activation u of a dense or conv layer as well as
 * its output z, and (with probes added) the gradient of the loss with respect to each of them.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { CompiledGraph } from '../compile';

type Tensor = tfTypes.Tensor;
type Layer = tfTypes.layers.Layer;

/** One layer of the model, in an order where every layer comes after the layers it reads. */
export interface LayerStep {
  layer: Layer;
  /** The graph node this layer was built from. */
  nodeId: string;
  /** The node's type ('dense', 'conv2d', 'activation', …; 'dataset' for the input layer). */
  type: string;
  /** Names of the layers whose outputs this one takes, in the order it takes them (none for the input). */
  inputs: string[];
  /** Whether the layer applies its own activation after a weighted sum (dense, conv2d with activation ≠ linear). */
  fusedActivation: string | undefined;
}

/** An activation object as tfjs-layers keeps it on dense and conv layers (`layer.activation`). */
interface LayerActivation {
  getClassName(): string;
  apply(x: Tensor): Tensor;
}

/**
 * tfjs-layers keeps the activation of a dense or conv layer in a field it does not declare in its
 * public types; the only way to get u = Σ w x + b out of such a layer is to read and briefly swap it.
 */
type WithActivation = Layer & { activation?: LayerActivation | null };

const IDENTITY: LayerActivation = {
  getClassName: () => 'linear',
  apply: (x) => x,
};

/** The activation a layer applies to its weighted sum, if it applies one other than the identity. */
function fusedActivationOf(layer: Layer): string | undefined {
  const activation = (layer as WithActivation).activation;
  if (!activation) return undefined;
  const name = activation.getClassName();
  return name === 'linear' ? undefined : name;
}

/** The model's layers with their graph nodes and inputs, in topological order. */
export function layerPlan(compiled: Pick<CompiledGraph, 'model' | 'layerOrigins'>): LayerStep[] {
  return compiled.model.layers.map((layer) => {
    const origin = compiled.layerOrigins.get(layer.name);
    // The compiler applies every layer exactly once, so its first inbound node is its only one.
    const inbound = layer.inboundNodes[0];
    return {
      layer,
      nodeId: origin?.nodeId ?? layer.name,
      type: origin?.type ?? layer.getClassName(),
      inputs: inbound ? inbound.inboundLayers.map((each) => each.name) : [],
      fusedActivation: fusedActivationOf(layer),
    };
  });
}

/** What one layer computed in a forward pass. */
export interface LayerValues {
  /** The layer's inputs (the outputs of the layers it reads; the sample itself for the input layer). */
  inputs: Tensor[];
  /** The weighted sum before a fused activation (dense, conv2d); undefined for other layers. */
  u: Tensor | undefined;
  /** The layer's output. */
  z: Tensor;
}

/** Zero tensors added to values in the forward pass, so the gradient of the loss with respect to them can be taken. */
export interface Probes {
  /** By layer name: added to the layer's output z. */
  z?: ReadonlyMap<string, Tensor>;
  /** By layer name: added to a fused layer's weighted sum u before its activation. */
  u?: ReadonlyMap<string, Tensor>;
}

/** u = Σ w x + b of a layer with a fused activation: the same layer, applied once with the identity in its place. */
function weightedSum(layer: Layer, inputs: Tensor | Tensor[]): Tensor {
  const holder = layer as WithActivation;
  const saved = holder.activation;
  holder.activation = IDENTITY;
  try {
    return layer.apply(inputs, { training: false }) as Tensor;
  } finally {
    holder.activation = saved;
  }
}

/**
 * Runs the model on `x` (a batch, usually of one sample) layer by layer in inference mode and
 * returns every layer's values by layer name. Call inside a tidy (or dispose the tensors).
 */
export function forwardPass(plan: readonly LayerStep[], x: Tensor, probes: Probes = {}): Map<string, LayerValues> {
  const values = new Map<string, LayerValues>();
  for (const step of plan) {
    const name = step.layer.name;
    let inputs: Tensor[];
    let u: Tensor | undefined;
    let z: Tensor;
    if (step.inputs.length === 0) {
      inputs = [x];
      z = x;
    } else {
      inputs = step.inputs.map((input) => {
        const value = values.get(input);
        if (!value) throw new Error(`layer ${name} reads ${input}, which has not run yet`);
        return value.z;
      });
      const argument = inputs.length === 1 ? (inputs[0] as Tensor) : inputs;
      const activation = (step.layer as WithActivation).activation;
      if (step.fusedActivation && activation) {
        u = weightedSum(step.layer, argument);
        const uProbe = probes.u?.get(name);
        z = activation.apply(uProbe ? u.add(uProbe) : u);
      } else {
        z = step.layer.apply(argument, { training: false }) as Tensor;
      }
    }
    const zProbe = probes.z?.get(name);
    if (zProbe) z = z.add(zProbe);
    values.set(name, { inputs, u, z });
  }
  return values;
}

/** A weight's own name in its layer ('kernel', 'bias', …), without the layer's prefix or tfjs's uniqueness suffix. */
export function weightName(weight: tfTypes.LayerVariable): string {
  return weight.originalName.split('/').pop() ?? weight.originalName;
}

/** The model's output layer (the last in topological order). */
export function outputStep(plan: readonly LayerStep[]): LayerStep {
  const last = plan[plan.length - 1];
  if (!last) throw new Error('the model has no layers');
  return last;
}
