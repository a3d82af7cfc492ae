/**
 * The inside views' plain parts: tensor views and histograms, the per-layer norm series the charts
 * read, the wire colours by gradient size, the worker's refusals as codes, and texts for every code
 * in both languages.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { histogram, reduceMatrix, tensorView } from '../../src/engine/inspect/tensorView';
import { TrainingRuntime } from '../../src/engine/runtime';
import { translate } from '../../src/i18n/index';
import { gradientLevel, gradientStroke } from '../../src/ui/inside/edgeGradient';
import { INSIDE_FAILURE_CODES } from '../../src/ui/inside/insideText';
import { LayerSeries } from '../../src/ui/inside/layerSeries';
import { formatValue } from '../../src/ui/inside/numberText';
import { backpropStepInWorker, inspectNodeInWorker } from '../../src/worker/inspect';
import { loadPreset, mnistWithTestSubset, withParams } from './runtime-fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('tensor views', () => {
  it('keep the values of a small tensor and reduce a large one to block means', () => {
    const small = tensorView(Float32Array.from([1, -2, 3]), [3]);
    expect(small).toMatchObject({ shape: [3], min: -2, max: 3 });
    expect(small.norm).toBeCloseTo(Math.sqrt(14), 6);
    expect(Array.from(small.values ?? [])).toEqual([1, -2, 3]);
    const large = tensorView(new Float32Array(400 * 300).fill(2), [400, 300], 1000);
    expect(large.values).toBeUndefined();
    expect(large.reduced).toMatchObject({ rows: 80, cols: 75, rowsPerCell: 5, colsPerCell: 4 });
    expect(Array.from(new Set(large.reduced?.values))).toEqual([2]);
    const reduced = reduceMatrix(Float32Array.from([1, 2, 3, 4, 5]), 2, 3, 1);
    expect(Array.from(reduced.values)).toEqual([3]); // a vector folded into rows: the missing sixth value is not counted
  });

  it('count every value in a histogram, a constant tensor in the middle bin', () => {
    const counts = histogram(Float32Array.from([0, 0.5, 1, 1]), 4).counts;
    expect(counts).toEqual([1, 0, 1, 2]);
    expect(histogram(new Float32Array(5), 4).counts).toEqual([0, 0, 5, 0]);
  });

  it('write numbers short', () => {
    expect([0, 0.12345, -4.5, 0.000274, 123456, 1].map(formatValue)).toEqual(['0', '0.123', '−4.5', '2.74e−4', '1.23e+5', '1']);
  });
});

describe('the per-layer norm series', () => {
  it('files each measured batch under its node at x = epoch − 1 + batch / batches per epoch', () => {
    const series = new LayerSeries();
    let heard = 0;
    series.subscribe(() => heard++);
    series.reset(3);
    series.addBatch({ batchesPerEpoch: 10, layerSamples: [{ epoch: 2, batch: 5, layers: [{ node: 'dense1', gradNorm: 0.1, weightNorm: 3 }, { node: 'out', gradNorm: 1, weightNorm: 2 }] }] });
    series.addBatch({ batchesPerEpoch: 10 });
    expect(series.nodes()).toEqual(['dense1', 'out']);
    expect(series.of('dense1')?.gradient.x(0)).toBe(1.5);
    expect(series.of('dense1')?.gradient.y(0)).toBeCloseTo(0.1, 6);
    expect(series.latest.get('out')?.weightNorm).toBe(2);
    expect(heard).toBe(2); // the reset and the event with samples; one without changes nothing
  });

  it('places the samples an epoch event brings with the batches per epoch its batch events gave', () => {
    const series = new LayerSeries();
    series.reset(2);
    series.addBatch({ batchesPerEpoch: 8 });
    series.addEpoch({ layerSamples: [{ epoch: 1, batch: 6, layers: [{ node: 'out', gradNorm: 0.5, weightNorm: 1 }] }] });
    expect(series.of('out')?.gradient.x(0)).toBe(0.75);
    expect(series.latest.get('out')?.gradNorm).toBe(0.5);
  });
});

describe('wires coloured by gradient', () => {
  it('map 1e−6 and below to the palest, thinnest stroke and 1 and above to the strongest', () => {
    expect(gradientLevel(1e-9)).toBe(0);
    expect(gradientLevel(1e-3)).toBeCloseTo(0.5, 6);
    expect(gradientLevel(10)).toBe(1);
    expect(gradientStroke(1e-6).strokeWidth).toBeLessThan(gradientStroke(1e-2).strokeWidth);
    expect(gradientStroke(1).stroke).toBe('rgb(200 30 30)');
  });
});

describe('the worker’s inside calls', () => {
  it('answer with codes: no model, a missing test sample, a wrong sample size, a node not in the model, a step while training', async () => {
    const runtime = new TrainingRuntime(tf);
    expect(await inspectNodeInWorker(tf, runtime, 'dense', { kind: 'test', index: 0 })).toMatchObject({ ok: false, failure: { code: 'NO_MODEL' } });
    runtime.setData(await mnistWithTestSubset(50));
    const compiled = await runtime.compile(withParams(loadPreset('mnist-logreg'), 'dataset', { trainSubset: 256 }));
    expect(compiled.ok).toBe(true);
    expect(await inspectNodeInWorker(tf, runtime, 'dense', { kind: 'test', index: 50 })).toMatchObject({ ok: false, failure: { code: 'TEST_SAMPLE_MISSING', vars: { index: 50, count: 50 } } });
    expect(await inspectNodeInWorker(tf, runtime, 'dense', { kind: 'sample', values: new Float32Array(10) })).toMatchObject({ ok: false, failure: { code: 'SAMPLE_SIZE_MISMATCH' } });
    expect(await inspectNodeInWorker(tf, runtime, 'nowhere', { kind: 'test', index: 0 })).toMatchObject({ ok: false, failure: { code: 'NODE_NOT_IN_MODEL' } });
    const drawn = await inspectNodeInWorker(tf, runtime, 'dense', { kind: 'sample', values: new Float32Array(784).fill(0.5) });
    expect(drawn.ok && drawn.inside.output.shape).toEqual([10]);
    expect(await backpropStepInWorker(tf, runtime, { input: { kind: 'sample', values: new Float32Array(784) }, apply: false })).toMatchObject({
      ok: false,
      failure: { code: 'LABEL_OUT_OF_RANGE' },
    });
    const test = await backpropStepInWorker(tf, runtime, { input: { kind: 'test', index: 3 }, apply: false });
    expect(test.ok && test.step.label).toBe(test.ok ? test.input.label : -1);
    // While a run trains, looking is fine, changing the weights is not.
    const training = runtime.train(() => {}, { epochs: 1 });
    expect(await backpropStepInWorker(tf, runtime, { input: { kind: 'test', index: 0 }, apply: true })).toMatchObject({ ok: false, failure: { code: 'BUSY_TRAINING' } });
    expect((await inspectNodeInWorker(tf, runtime, 'dense', { kind: 'test', index: 0 })).ok).toBe(true);
    await training;
    await runtime.dispose();
  });

  it('have a sentence for every failure code of their own, in English and Japanese', () => {
    for (const code of INSIDE_FAILURE_CODES) {
      const en = translate('en', `inside.failure.${code}`, { node: 'n', count: 2, label: 5 });
      const ja = translate('ja', `inside.failure.${code}`, { node: 'n', count: 2, label: 5 });
      expect(en.length).toBeGreaterThan(10);
      expect(ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(`${en}${ja}`).not.toMatch(/\{\w+\}/);
    }
  });
});
