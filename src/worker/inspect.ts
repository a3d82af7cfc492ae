/**
 * The worker's inside views: one node of the trained model for one input (a test sample by index,
 * or any sample of the model's input shape: the drawn digit, an own image), and one backprop step.
 * Functions of the runtime, wired into the worker API one line each. They answer during training
 * too (between batches), except a step that would change the weights. Never reject: a failure is
 * a code the UI words.
 */
import type { BackpropStep } from '../engine/inspect/backpropStep';
import { backpropStep } from '../engine/inspect/backpropStep';
import { inspectNode, type NodeInside } from '../engine/inspect/nodeInside';
import { type EngineMessage, errorDetail, formatShape } from '../engine/failures';
import { sampleAt, sampleSizeOf } from '../engine/data/samples';
import type { TrainingRuntime } from '../engine/runtime';

type Tf = typeof import('@tensorflow/tfjs');

/** Which input the model is run on. */
export type InspectInput =
  | { kind: 'test'; index: number }
  /** One sample of the model's input shape, row-major, as the data set stores its values. */
  | { kind: 'sample'; values: Float32Array };

/** Why the inside view cannot answer, beyond the engine's own codes. */
export type InsideFailureCode = 'NODE_NOT_IN_MODEL' | 'INSPECTION_FAILED' | 'STEP_FAILED' | 'LABEL_OUT_OF_RANGE';

export interface InsideFailure {
  code: InsideFailureCode;
  vars: EngineMessage['vars'];
}

export type InsideRefusal = { ok: false; failure: EngineMessage | InsideFailure };

/** The input the answer was computed for: its shape and, for a test sample, its class. */
export interface InspectedInput {
  shape: number[];
  /** The test sample's index, when the input was one. */
  index?: number;
  label?: number;
  className?: string;
}

export type InspectNodeOutcome = { ok: true; inside: NodeInside; input: InspectedInput } | InsideRefusal;
export type BackpropStepOutcome = { ok: true; step: BackpropStep; input: InspectedInput; classNames: string[] } | InsideRefusal;

export interface BackpropStepCall {
  input: InspectInput;
  /** The class the step trains towards; a test sample's own label when omitted. */
  label?: number;
  /** Change the model's weights by Δw (refused while a run is training). */
  apply: boolean;
}

interface ResolvedInput {
  sample: Float32Array;
  info: InspectedInput;
}

function refuse(code: EngineMessage['code'] | InsideFailureCode, vars: EngineMessage['vars'] = {}): InsideRefusal {
  return { ok: false, failure: { code, vars } as EngineMessage | InsideFailure };
}

/** The sample the input names, copied (a view into the data set must not cross the boundary), with its shape and class. */
function resolveInput(runtime: TrainingRuntime, input: InspectInput): ResolvedInput | InsideRefusal {
  const compiled = runtime.compiledGraph;
  if (!compiled) return refuse('NO_MODEL');
  const prepared = runtime.preparedData;
  if (input.kind === 'test') {
    if (!prepared) return refuse('NO_DATA');
    const { test } = prepared;
    if (!Number.isInteger(input.index) || input.index < 0 || input.index >= test.count) {
      return refuse('TEST_SAMPLE_MISSING', { index: input.index, count: test.count });
    }
    const label = test.labels[input.index] as number;
    return {
      sample: sampleAt(test, input.index).slice(),
      info: { shape: [...test.sampleShape], index: input.index, label, className: prepared.classNames[label] ?? String(label) },
    };
  }
  const shape = prepared ? [...prepared.test.sampleShape] : [...compiled.inputShape];
  const expected = sampleSizeOf(shape);
  if (!(input.values instanceof Float32Array) || input.values.length !== expected) {
    return refuse('SAMPLE_SIZE_MISMATCH', {
      expected,
      found: input.values instanceof Float32Array ? input.values.length : 0,
      shape: formatShape(shape),
    });
  }
  return { sample: input.values.slice(), info: { shape } };
}

/** What `nodeId` of the trained model does with the input. */
export async function inspectNodeInWorker(tf: Tf, runtime: TrainingRuntime, nodeId: string, input: InspectInput): Promise<InspectNodeOutcome> {
  const resolved = resolveInput(runtime, input);
  if ('ok' in resolved) return resolved;
  const compiled = runtime.compiledGraph;
  if (!compiled) return refuse('NO_MODEL');
  try {
    const inside = await inspectNode(tf, compiled, resolved.sample, resolved.info.shape, nodeId);
    if (!inside) return refuse('NODE_NOT_IN_MODEL', { node: nodeId });
    return { ok: true, inside, input: resolved.info };
  } catch (error) {
    return refuse('INSPECTION_FAILED', { detail: errorDetail(error) });
  }
}

/** One backprop step for the input, applied to the weights when asked. */
export async function backpropStepInWorker(tf: Tf, runtime: TrainingRuntime, call: BackpropStepCall): Promise<BackpropStepOutcome> {
  if (call.apply && runtime.isTraining) return refuse('BUSY_TRAINING');
  const resolved = resolveInput(runtime, call.input);
  if ('ok' in resolved) return resolved;
  const compiled = runtime.compiledGraph;
  const format = runtime.labelFormat;
  if (!compiled || !format) return refuse('NO_MODEL');
  const label = call.label ?? resolved.info.label;
  if (label === undefined || !Number.isInteger(label) || label < 0 || label >= format.numClasses) {
    return refuse('LABEL_OUT_OF_RANGE', { label: label ?? '?', count: format.numClasses });
  }
  try {
    const step = await backpropStep(tf, compiled, format, {
      sample: resolved.sample,
      sampleShape: resolved.info.shape,
      label,
      apply: call.apply,
    });
    const classNames = runtime.preparedData?.classNames ?? Array.from({ length: format.numClasses }, (_, index) => String(index));
    return { ok: true, step, input: resolved.info, classNames: [...classNames] };
  } catch (error) {
    return refuse('STEP_FAILED', { detail: errorDetail(error) });
  }
}
