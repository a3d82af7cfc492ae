import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedDataset } from '../../src/engine/data/source';
import { TrainingRuntime } from '../../src/engine/runtime';
import { eventLog, loadPreset, mnistWithTestSubset, withParams } from './runtime-fixtures';

let data: LoadedDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  data = await mnistWithTestSubset(600);
});

describe('TrainingRuntime without what it needs', () => {
  it('answers with a coded failure instead of throwing', async () => {
    const runtime = new TrainingRuntime(tf);
    const log = eventLog();
    const outcome = await runtime.train(log.listener);
    expect(outcome).toMatchObject({ status: 'failed', failure: { code: 'NO_MODEL' } });
    expect(log.events.map((event) => event.type)).toEqual(['error', 'done']);
    expect(await runtime.evaluate()).toMatchObject({ ok: false, failure: { code: 'NO_MODEL' } });
    expect(await runtime.predict(new Float32Array(784))).toMatchObject({ ok: false, failure: { code: 'NO_MODEL' } });
    expect(runtime.getTestSamples([0])).toMatchObject({ ok: false, failure: { code: 'NO_DATA' } });
  });

  it('returns coded issues for a graph that cannot be compiled', async () => {
    const runtime = new TrainingRuntime(tf);
    const graph = loadPreset('mnist-logreg');
    const withoutLoss = { ...graph, nodes: graph.nodes.filter((node) => node.type !== 'loss'), edges: [] };
    const result = await runtime.compile(withoutLoss);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.code)).toContain('MISSING_LOSS');
    expect(runtime.hasModel).toBe(false);
  });

  it('reports dataset settings that do not fit the loaded data as a coded failure', async () => {
    const runtime = new TrainingRuntime(tf);
    runtime.setData(data);
    // One training image cannot be split into training and validation images.
    const graph = withParams(loadPreset('mnist-logreg'), 'dataset', { trainSubset: 1, validation: 'split' });
    const result = await runtime.compile(graph);
    expect(result).toMatchObject({ ok: false, issues: [], failure: { code: 'TOO_FEW_TO_SPLIT', vars: { count: 1 } } });
    expect(runtime.hasModel).toBe(false);
  });

  it('refuses a digit listed twice in the analysis, before the data pipeline sees it', async () => {
    const runtime = new TrainingRuntime(tf);
    runtime.setData(data);
    const result = await runtime.compile(withParams(loadPreset('mnist-logreg'), 'dataset', { classes: [3, 3] }));
    expect(result.ok).toBe(false);
    // The analysis refuses a digit listed twice before the data pipeline sees it.
    if (!result.ok) expect(result.issues).toContainEqual(expect.objectContaining({ code: 'DUPLICATE_CLASS', nodeId: 'dataset' }));
  });
});

describe('TrainingRuntime with a compiled graph', () => {
  it('summarises the model and plans the run from the graph', async () => {
    const runtime = new TrainingRuntime(tf);
    runtime.setData(data);
    const result = await runtime.compile(withParams(loadPreset('mnist-logreg'), 'dataset', { trainSubset: 300 }));
    if (!result.ok) throw new Error(result.issues[0]?.code);
    expect(result.summary.totalParams).toBe(7850);
    expect(result.summary.trainableParams).toBe(7850);
    expect(result.summary.layers.map((layer) => layer.nodeId)).toContain('dense');
    expect(result.plan).toMatchObject({
      epochs: 10,
      batchSize: 128,
      trainCount: 300,
      validationCount: 600,
      testCount: 600,
      backend: 'cpu',
      sampleShape: [28, 28, 1],
      sampleKind: 'ink',
      classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      notices: [],
    });
    await runtime.dispose();
  });

  it('predicts class probabilities for one drawn image', async () => {
    const runtime = new TrainingRuntime(tf);
    runtime.setData(data);
    await runtime.compile(withParams(loadPreset('mnist-logreg'), 'dataset', { trainSubset: 2000 }));
    await runtime.train(() => {}, { epochs: 1 });
    const shown = runtime.getTestSamples([0, 1, 2]);
    if (!shown.ok) throw new Error(shown.failure.code);
    const first = shown.samples[0];
    if (first?.kind !== 'ink') throw new Error('the first test sample is not an ink image');
    expect(first.shape).toEqual([28, 28, 1]);
    expect(first.pixels).toBeInstanceOf(Uint8Array);
    expect(first.pixels).toHaveLength(784);
    expect(first.className).toBe(String(data.test.labels[0]));
    const prediction = await runtime.predict(Float32Array.from(first.pixels, (value) => value / 255));
    if (!prediction.ok) throw new Error(prediction.failure.code);
    expect(prediction.probabilities).toHaveLength(10);
    expect(prediction.probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 4);
    expect(prediction.source).toBe('model');
    // The first MNIST test image is a clear 7.
    expect(prediction.classNames[prediction.predicted]).toBe('7');
    expect(await runtime.predict(new Float32Array(10))).toMatchObject({
      ok: false,
      failure: { code: 'SAMPLE_SIZE_MISMATCH', vars: { expected: 784, found: 10, shape: '28×28×1' } },
    });
    expect(runtime.getTestSamples([600])).toMatchObject({ ok: false, failure: { code: 'TEST_SAMPLE_MISSING', vars: { index: 600, count: 600 } } });
    await runtime.dispose();
  });

  it('trains a two-class task with labels re-indexed to the listed classes', async () => {
    const runtime = new TrainingRuntime(tf);
    runtime.setData(data);
    const graph = withParams(loadPreset('mnist-logreg'), 'dataset', { classes: [3, 8], trainSubset: 1000 });
    // The dense layer must output K = 2 values for a two-class data set.
    const twoUnits = withParams(graph, 'dense', { units: 2 });
    const result = await runtime.compile(twoUnits);
    if (!result.ok) throw new Error(result.issues[0]?.code);
    expect(result.plan.classNames).toEqual(['3', '8']);
    const outcome = await runtime.train(() => {}, { epochs: 1 });
    expect(outcome.status).toBe('completed');
    const evaluation = await runtime.evaluate();
    if (!evaluation.ok) throw new Error(evaluation.failure.code);
    expect(evaluation.confusionMatrix).toHaveLength(2);
    expect(evaluation.count).toBe(data.test.labels.filter((label) => label === 3 || label === 8).length);
    expect(evaluation.accuracy).toBeGreaterThan(0.8);
    const shown = runtime.getTestSamples([0]);
    if (!shown.ok) throw new Error(shown.failure.code);
    expect(['3', '8']).toContain(shown.samples[0]?.className);
    expect(shown.samples[0]?.label).toBe(shown.samples[0]?.className === '3' ? 0 : 1);
    await runtime.dispose();
  });

  it.each([
    ['sigmoid', 'binaryCrossentropy'],
    ['linear', 'hinge'],
  ])('trains a single-output two-class model on binary labels (%s + %s)', async (activation, lossFunction) => {
    const runtime = new TrainingRuntime(tf);
    runtime.setData(data);
    let graph = withParams(loadPreset('mnist-logreg'), 'dataset', { classes: [0, 1], labels: 'binary', trainSubset: 1000 });
    graph = withParams(withParams(graph, 'dense', { units: 1, activation }), 'loss', { function: lossFunction });
    graph = withParams(graph, 'optimizer', { learningRate: 0.05 });
    const result = await runtime.compile(graph);
    if (!result.ok) throw new Error(result.issues.map((issue) => issue.code).join('; '));
    const log = eventLog();
    const outcome = await runtime.train(log.listener, { epochs: 1 });
    expect(outcome.status, outcome.failure?.code).toBe('completed');
    expect(log.ofType('epoch')[0]?.valAccuracy).toBeGreaterThan(0.95);
    const evaluation = await runtime.evaluate();
    if (!evaluation.ok) throw new Error(evaluation.failure.code);
    expect(evaluation.confusionMatrix).toHaveLength(2);
    expect(evaluation.accuracy).toBeGreaterThan(0.95);
    const zero = new Float32Array(784);
    const prediction = await runtime.predict(zero);
    if (!prediction.ok) throw new Error(prediction.failure.code);
    expect(prediction.probabilities).toHaveLength(2);
    const [classZero = Number.NaN, classOne = Number.NaN] = prediction.probabilities;
    expect(classZero + classOne).toBeCloseTo(1, 6);
    expect(prediction.predicted).toBe(classOne > 0.5 ? 1 : 0);
    await runtime.dispose();
  });

  it('refuses a second run while one is in progress', async () => {
    const runtime = new TrainingRuntime(tf);
    runtime.setData(data);
    await runtime.compile(withParams(loadPreset('mnist-logreg'), 'dataset', { trainSubset: 2000, batchSize: 32 }));
    const first = runtime.train(() => {}, { epochs: 3 });
    const second = await runtime.train(() => {});
    expect(second.failure?.code).toBe('RUN_IN_PROGRESS');
    runtime.stop();
    expect((await first).status).toBe('stopped');
    await runtime.dispose();
  });

  it('fails the run when the backend is lost, and every later run until the backend is chosen again', async () => {
    const runtime = new TrainingRuntime(tf);
    runtime.setData(data);
    await runtime.compile(withParams(loadPreset('mnist-logreg'), 'dataset', { trainSubset: 2000, batchSize: 32 }));
    const log = eventLog();
    const run = runtime.train(
      (event) => {
        log.listener(event);
        if (event.type === 'batch' && event.batch === 2) {
          runtime.reportBackendFailure({ code: 'WEBGL_CONTEXT_LOST', vars: {} });
        }
      },
      { epochs: 1, eventIntervalMs: 0 },
    );
    const outcome = await run;
    expect(outcome).toMatchObject({ status: 'failed', failure: { code: 'WEBGL_CONTEXT_LOST' } });
    expect(log.ofType('error')[0]?.failure.code).toBe('WEBGL_CONTEXT_LOST');
    expect((await runtime.train(() => {})).failure?.code).toBe('WEBGL_CONTEXT_LOST');
    runtime.clearBackendFailure();
    expect((await runtime.train(() => {}, { epochs: 1 })).status).toBe('completed');
    await runtime.dispose();
  });
});
