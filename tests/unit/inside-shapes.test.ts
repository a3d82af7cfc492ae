/**
 * The inside views on data that is not MNIST, through the worker's own calls (the path the app
 * takes): colour pictures (8×8×3) and a table of four measurements. A dense layer reading colour
 * pictures gets colour templates; a conv layer on them shows 3-channel filters and its maps; a
 * table's layers show vectors and no templates; one step on either trains that sample (its loss
 * goes down), and a sample of the wrong size is refused with a code.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainingRuntime } from '../../src/engine/runtime';
import type { Graph } from '../../src/graph/types';
import type { LoadedDataset } from '../../src/engine/data/source';
import { backpropStepInWorker, inspectNodeInWorker } from '../../src/worker/inspect';
import { chainGraph, conv, dense, flatten, imageDatasetParams, syntheticData, tableDatasetParams } from './inside-fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function trained(graph: Graph, data: LoadedDataset): Promise<TrainingRuntime> {
  const runtime = new TrainingRuntime(tf);
  runtime.setData(data);
  const result = await runtime.compile(graph);
  if (!result.ok) throw new Error(result.failure?.code ?? result.issues.map((issue) => issue.code).join('; '));
  const outcome = await runtime.train(() => {}, { epochs: 1 });
  if (outcome.status !== 'completed') throw new Error(outcome.failure?.code ?? outcome.status);
  return runtime;
}

async function look(runtime: TrainingRuntime, nodeId: string, index = 0) {
  const answer = await inspectNodeInWorker(tf, runtime, nodeId, { kind: 'test', index });
  if (!answer.ok) throw new Error(answer.failure.code);
  return answer;
}

describe('inside a model of colour pictures', () => {
  it('a dense layer reading 8×8×3 pictures has one colour template per class; the input is the test picture', async () => {
    const runtime = await trained(chainGraph(imageDatasetParams(8), [flatten('flatten'), dense('dense', 3, 'softmax')]), syntheticData([8, 8, 3], 'images'));
    const { inside, input } = await look(runtime, 'dense', 4);
    expect(input).toMatchObject({ shape: [8, 8, 3], index: 4, label: 1, className: 'green' });
    expect(inside.templateShape).toEqual([8, 8, 3]);
    expect(inside.weights.find((weight) => weight.name === 'kernel')?.view.shape).toEqual([8 * 8 * 3, 3]);
    const probabilities = Array.from(inside.output.values ?? []);
    expect(probabilities).toHaveLength(3);
    expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 5);
    // The picture itself, as the dataset node passes it on.
    expect((await look(runtime, 'dataset', 4)).inside.output.shape).toEqual([8, 8, 3]);
    await runtime.dispose();
  });

  it('a conv layer on them: 3×3×3 filters, its u and z as 6×6 maps; one step lowers that picture’s loss', async () => {
    const graph = chainGraph(imageDatasetParams(8), [conv('conv', 4, 'relu'), flatten('flatten'), dense('dense', 3, 'softmax')]);
    const runtime = await trained(graph, syntheticData([8, 8, 3], 'images'));
    const before = tf.memory().numTensors;
    const { inside } = await look(runtime, 'conv', 2);
    expect(inside.weights.find((weight) => weight.name === 'kernel')?.view.shape).toEqual([3, 3, 3, 4]);
    expect(inside.output.shape).toEqual([6, 6, 4]);
    expect(inside.u?.shape).toEqual([6, 6, 4]);
    expect(inside.activation).toBe('relu');
    expect(inside.output.min).toBeGreaterThanOrEqual(0);
    const step = await backpropStepInWorker(tf, runtime, { input: { kind: 'test', index: 2 }, apply: true });
    if (!step.ok) throw new Error(step.failure.code);
    expect(step.classNames).toEqual(['red', 'green', 'blue']);
    expect(step.step.layers.find((layer) => layer.nodeId === 'conv')?.delta?.shape).toEqual([6, 6, 4]);
    expect(step.step.lossAfter).toBeLessThan(step.step.loss);
    expect(tf.memory().numTensors).toBe(before);
    await runtime.dispose();
  });
});

describe('inside a model of a table', () => {
  it('a hidden layer over four measurements: a vector of units, a 4×5 weight matrix, no templates; a row typed in is an input too', async () => {
    const graph = chainGraph(tableDatasetParams(4), [dense('hidden', 5, 'sigmoid'), dense('output', 3, 'softmax')]);
    const runtime = await trained(graph, syntheticData([4], 'table'));
    const { inside, input } = await look(runtime, 'hidden', 0);
    expect(input).toMatchObject({ shape: [4], label: 0, className: 'red' });
    expect(inside.input.shape).toEqual([4]);
    expect(inside.output.shape).toEqual([5]);
    expect(inside.u?.shape).toEqual([5]);
    expect(inside.activation).toBe('sigmoid');
    expect(inside.templateShape).toBeUndefined();
    expect(inside.weights.find((weight) => weight.name === 'kernel')?.view.shape).toEqual([4, 5]);
    const typed = await inspectNodeInWorker(tf, runtime, 'output', { kind: 'sample', values: Float32Array.from([0.9, 0.1, 0.1, 0.1]) });
    expect(typed.ok && typed.inside.output.shape).toEqual([3]);
    expect(await inspectNodeInWorker(tf, runtime, 'output', { kind: 'sample', values: new Float32Array(784) })).toMatchObject({
      ok: false,
      failure: { code: 'SAMPLE_SIZE_MISMATCH', vars: { expected: 4, found: 784 } },
    });
    const step = await backpropStepInWorker(tf, runtime, { input: { kind: 'test', index: 1 }, label: 2, apply: true });
    if (!step.ok) throw new Error(step.failure.code);
    expect(step.step.layers.map((layer) => layer.nodeId)).toEqual(['hidden', 'output']);
    expect(step.step.lossAfter).toBeLessThan(step.step.loss);
    await runtime.dispose();
  });
});
