/**
 * What the export tests need to run Python: Debian's python3 with PyTorch (python3-torch, which
 * .ci/run installs), the helper scripts in tests/python/, .npy files for them, and Kairo's own
 * outputs and logits (the scores before the last activation) for a trained model.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { CompiledGraph } from '../../src/engine/compile';
import type { LabelledSamples } from '../../src/engine/data/samples';
import type { ExportModel } from '../../src/export/exportModel';

/** Debian's Python (the pyenv python3 first on PATH has no torch). */
export const PYTHON = process.env.KAIRO_PYTHON ?? '/usr/bin/python3';
/** torchrun of the same installation. */
export const TORCHRUN = process.env.KAIRO_TORCHRUN ?? '/usr/bin/torchrun';
export const PYTHON_TESTS = path.join(import.meta.dirname, '../python');

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end; never rejects (a failure is in `code` and `stderr`). */
export function run(program: string, args: readonly string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(
      program,
      [...args],
      { timeout: options.timeoutMs ?? 600_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...options.env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** A float32 or int64 array as a NumPy .npy file (format 1.0). */
export function writeNpy(file: string, values: Float32Array | BigInt64Array, shape: readonly number[]): void {
  const descr = values instanceof Float32Array ? '<f4' : '<i8';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Magic (6) + version (2) + length (2) + header, padded with spaces to a multiple of 64, ending in \n.
  const unpadded = 10 + header.length + 1;
  header += `${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const preamble = new Uint8Array(10);
  preamble.set([0x93, ...Array.from('NUMPY', (char) => char.charCodeAt(0)), 1, 0]);
  new DataView(preamble.buffer).setUint16(8, header.length, true);
  writeFileSync(file, Buffer.concat([preamble, Buffer.from(header, 'latin1'), Buffer.from(values.buffer, values.byteOffset, values.byteLength)]));
}

export interface KairoOutputs {
  outputs: Float32Array;
  logits: Float32Array;
  classes: BigInt64Array;
  width: number;
}

/**
 * Kairo's outputs on a split and its logits: the output layer's input when it is an activation
 * node, a dense layer's x·W + b when it applies its own activation, else the outputs themselves.
 */
export async function kairoOutputs(compiled: CompiledGraph, description: ExportModel, split: LabelledSamples, threshold: number): Promise<KairoOutputs> {
  const { model } = compiled;
  const output = description.layers.find((layer) => layer.id === description.outputId);
  if (!output) throw new Error('no output layer');
  const x = tf.tensor(split.features, [split.count, ...split.sampleShape]);
  const layer = model.getLayer(output.name);
  const activation = (output.node.params as { activation?: string }).activation;
  const splitsActivation = output.type === 'activation' || (output.type === 'dense' && activation !== undefined && activation !== 'linear');
  // One pass gives the outputs and the output layer's input together.
  const both = tf.model({ inputs: model.inputs, outputs: [model.outputs[0] as tf.SymbolicTensor, layer.input as tf.SymbolicTensor] });
  const [outputs, before] = both.predict(x, { batchSize: 500 }) as [tf.Tensor, tf.Tensor];
  let logits: tf.Tensor;
  if (output.type === 'activation') logits = before.clone();
  else if (splitsActivation) {
    const [kernel, bias] = layer.getWeights();
    logits = tf.tidy(() => {
      const scores = tf.matMul(before as tf.Tensor2D, kernel as tf.Tensor2D);
      return bias ? tf.add(scores, bias) : scores;
    });
  } else logits = outputs.clone();
  before.dispose();
  const width = outputs.shape[1] ?? 1;
  const classes = tf.tidy(() => (width === 1 ? tf.cast(tf.greater(tf.reshape(outputs, [-1]), threshold), 'int32') : tf.argMax(outputs, -1)));
  const result: KairoOutputs = {
    outputs: (await outputs.data()) as Float32Array,
    logits: (await logits.data()) as Float32Array,
    classes: BigInt64Array.from(Array.from(await classes.data(), (value) => BigInt(value))),
    width,
  };
  tf.dispose([x, outputs, logits, classes]);
  return result;
}
