import type { IssueCode, IssueVars } from '../src/graph/issues';
import type { DataReference } from '../src/graph/dataReference';
import type { AugmentSettings } from './augment';
import type { LocalizedText, Shape } from '../src/graph/types';

/**
 * The tfjs namespace as a type only. Node files never load tfjs: the engine passes it to `build`,
 * so the node library stays importable by the editor's main thread without pulling tfjs in.
 */
export type Tf = typeof import('@tensorflow/tfjs');
export type TfLayer = import('@tensorflow/tfjs').layers.Layer;

export type PortKind = 'tensor' | 'labels' | 'loss';

export interface PortSpec {
  name: string;
  kind: PortKind;
  label: LocalizedText;
  /** An optional input may stay unconnected (e.g. the third input of `add`). */
  optional?: boolean;
}

interface ParamBase {
  label: LocalizedText;
  help?: LocalizedText;
  /** The inspector shows this param only while another param has one of these values. */
  showWhen?: { param: string; values: readonly (string | number | boolean)[] };
}

export type ParamSpec =
  | (ParamBase & { type: 'int'; default: number; min?: number; max?: number })
  | (ParamBase & {
      type: 'float';
      default: number;
      min?: number;
      max?: number;
      minExclusive?: boolean;
      /** The value must stay below `max` (e.g. a dropout rate of 1 would drop everything). */
      maxExclusive?: boolean;
    })
  | (ParamBase & { type: 'bool'; default: boolean })
  | (ParamBase & { type: 'enum'; default: string; options: readonly string[] })
  | (ParamBase & {
      type: 'intList';
      default: readonly number[];
      minLength: number;
      maxLength: number;
      min?: number;
      max?: number;
    })
  /**
   * Names data the node reads without holding it (src/graph/dataReference.ts); null while there is
   * none (MNIST needs none). The inspector shows it as a card with "choose data", never as text.
   */
  | (ParamBase & { type: 'dataRef'; default: null });

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

type ParamValue<S extends ParamSpec> = S extends { type: 'int' | 'float' }
  ? number
  : S extends { type: 'bool' }
    ? boolean
    : S extends { type: 'enum'; options: readonly (infer O)[] }
      ? O
      : S extends { type: 'intList' }
        ? number[]
        : S extends { type: 'dataRef' }
          ? DataReference | null
          : never;

/** The params of one node, typed from its param specs. */
export type ParamValues<P extends ParamSpecs> = { [K in keyof P]: ParamValue<P[K]> };

/** A problem found by one node type about its own inputs or params: a code and values, never prose. */
export interface NodeProblem {
  code: IssueCode;
  variant?: string;
  vars?: IssueVars;
  port?: string;
  param?: string;
}

/**
 * One step of a node type's params from version `from` to `from + 1`: named, pure, tested. A file
 * with a node of an older version is brought up to date step by step when it is read.
 */
export interface NodeMigration {
  from: number;
  name: string;
  migrate(params: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

/** What the node card draws under the title, beyond the summary line. */
export type NodePreview =
  | { kind: 'activationCurve'; fn: string; alpha: number }
  /** Whether this browser holds the data the node names, with a "choose" button when it does not. */
  | { kind: 'data' };

export type ShapeResult =
  | { ok: true; outputs: Record<string, Shape>; warnings?: NodeProblem[] }
  | { ok: false; problem: NodeProblem };

/** Layers the engine provides for what tfjs-layers lacks (sign with a straight-through gradient, ...). */
export interface CustomLayers {
  /** tfjs's dense layer, trained without the gradient of its input where nothing needs it (src/engine/customLayers.ts). */
  dense(config: Parameters<Tf['layers']['dense']>[0]): TfLayer;
  /** Dropout (tfjs's semantics and serialization) with masks drawn by a fast generator. */
  dropout(config: { name: string; rate: number }): TfLayer;
  /** sign(x) forward; straight-through gradient backward (the identity: the incoming gradient passes unchanged). */
  sign(config: { name: string }): TfLayer;
  /**
   * sqrt(2/D)·cos(x·W + b) with a fixed, seeded, non-trainable W ~ N(0, 2γ) (D columns) and
   * b ~ U[0, 2π): random Fourier features approximating the RBF kernel exp(−γ‖x − y‖²).
   */
  randomFourierFeatures(config: { name: string; features: number; gamma: number; seed: number }): TfLayer;
  /** A registered tfjs activation identifier for leaky ReLU (slope 0.2 below zero), for dense/conv2d. */
  leakyReluActivation: string;
  /** Random image changes while training, the identity at inference (nodes/augment.ts). */
  augment(config: { name: string } & AugmentSettings): TfLayer;
}

export interface BuildContext {
  /** Unique, stable layer name (derived from the node id). */
  name: string;
  /** Seed for this node's initializers: the same graph gives the same initial weights. */
  seed: number;
  custom: CustomLayers;
  /** The analysed shapes on the connected inputs (what `inferShape` was given). */
  inputShapes: Readonly<Record<string, Shape>>;
  /** The analysed shapes on the outputs (what `inferShape` returned). */
  outputShapes: Readonly<Record<string, Shape>>;
}

export type NodeRole = 'dataset' | 'layer' | 'loss' | 'optimizer';
export type NodeCategory = 'data' | 'layers' | 'activations' | 'merge' | 'training';

export interface NodeDefinition<P extends ParamSpecs = ParamSpecs> {
  type: string;
  /** Version of this node type's params; a file with a newer one is refused, an older one migrated. */
  version: number;
  /** Steps from each older version to the next, oldest first (none while the type is at version 1). */
  migrations?: readonly NodeMigration[];
  role: NodeRole;
  category: NodeCategory;
  title: LocalizedText;
  description: LocalizedText;
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
  params: P;
  /**
   * Rules between params that no single ParamSpec can say (e.g. binary labels need exactly two
   * classes). Called with params that each passed their own spec; returns the problems, if any.
   */
  validate?(params: ParamValues<P>): NodeProblem[];
  /** The output carries its input's values unchanged in range (dropout, flatten, reshape): checks look through it. */
  valuePreserving?: boolean;
  /** The activation this node applies last, when it applies one (for the loss/activation check). */
  outputActivation?(params: ParamValues<P>): string | undefined;
  /**
   * Inputs that expect values from particular activations (cross-entropy expects probabilities):
   * port name → the activations that give such values. The analysis warns when the producer differs.
   */
  expectedActivations?(params: ParamValues<P>): Readonly<Record<string, readonly string[]>>;
  /** For role 'dataset': samples per training step (sizes the memory estimate of src/graph/limits.ts). */
  batchSize?(params: ParamValues<P>): number;
  /** For role 'optimizer': values kept per weight between steps (Adam: 2; plain SGD: 0). */
  stateSlotsPerWeight?(params: ParamValues<P>): number;
  /** A picture of what the node does, drawn on its card. */
  preview?(params: ParamValues<P>): NodePreview | undefined;
  /**
   * Pure: output shapes from the shapes on the connected inputs (batch dimension included, `null`).
   * Called only when every required input has a shape and every param is valid (specs and
   * `validate`), so it checks only what depends on the input shapes.
   */
  inferShape(inputs: Readonly<Record<string, Shape>>, params: ParamValues<P>): ShapeResult;
  /** Number of weights (trainable and not) this node adds, given valid input shapes. */
  paramCount(inputs: Readonly<Record<string, Shape>>, params: ParamValues<P>): number;
  /** For role 'layer': the tfjs layer; its inputs are applied in `inputs` order. */
  build?(tf: Tf, params: ParamValues<P>, ctx: BuildContext): TfLayer;
  /** A short line for the node card, e.g. "512 · relu". */
  summary?(params: ParamValues<P>): string;
}

/** Declares a node type with its params typed from the specs (`const` keeps enum options literal). */
export function defineNode<const P extends ParamSpecs>(definition: NodeDefinition<P>): NodeDefinition<P> {
  return definition;
}

/** Defaults of a param table, as the params of a freshly added node. */
export function defaultParams<P extends ParamSpecs>(specs: P): ParamValues<P> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    values[name] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
  }
  return values as ParamValues<P>;
}
