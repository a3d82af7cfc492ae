import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { denseNode } from '../../nodes/dense';
import { compileAnalysed } from '../../src/engine/compile';
import type { LoadedDataset } from '../../src/engine/data/source';
import { engineMessageKey, isOutOfMemory } from '../../src/engine/failures';
import { TrainingRuntime } from '../../src/engine/runtime';
import { analyzeGraph } from '../../src/graph/analyze';
import { translate } from '../../src/i18n/index';
import { renderIssue } from '../../src/i18n/renderIssue';
import { eventLog, loadPreset, mnistWithTestSubset, withParams } from './runtime-fixtures';

/**
 * Issue 14, case 8: two conv2d(4096) ended in "Training failed: Training failed: Aborted(). Build
 * with -sASSERTIONS for more info." — the backend's words, and the failure said twice. An engine
 * that runs out of memory now says how much the graph needs, which node needs most, and what to try.
 */

let data: LoadedDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  data = await mnistWithTestSubset(100);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const WASM_ABORT = 'Aborted(). Build with -sASSERTIONS for more info.';

describe('out of memory, in plain words (case 8)', () => {
  it('knows each backend’s way of saying it, and nothing else', () => {
    expect(isOutOfMemory(new WebAssembly.RuntimeError(WASM_ABORT))).toBe(true);
    expect(isOutOfMemory(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isOutOfMemory(new Error('Cannot enlarge memory arrays'))).toBe(true);
    expect(isOutOfMemory(new Error('WebGL error GL_OUT_OF_MEMORY'))).toBe(true);
    expect(isOutOfMemory(new Error('Error when checking : expected input to have shape [null,784]'))).toBe(false);
    expect(isOutOfMemory(new Error('Cannot read properties of undefined'))).toBe(false);
  });

  it('a run that runs out of memory names the figure and the layer, in both languages', async () => {
    const graph = withParams(loadPreset('mnist-mlp'), 'dataset', { trainSubset: 256 });
    const runtime = new TrainingRuntime(tf);
    runtime.setData(data);
    const compiled = await runtime.compile(graph);
    if (!compiled.ok) throw new Error('did not compile');
    const optimizer = runtime.compiledGraph?.optimizer;
    if (!optimizer) throw new Error('no optimizer');
    vi.spyOn(optimizer, 'minimize').mockImplementation(() => {
      throw new WebAssembly.RuntimeError(WASM_ABORT);
    });
    const log = eventLog();
    const outcome = await runtime.train(log.listener, { epochs: 1 });
    expect(outcome.status).toBe('failed');
    expect(outcome.failure?.code).toBe('OUT_OF_MEMORY');
    // The MLP's largest layer: dense1 (784 × 512 weights, with RMSprop's two slots per weight).
    expect(outcome.failure?.vars.node).toBe('dense1');
    expect(outcome.failure?.vars.detail).toBe(WASM_ABORT);
    for (const language of ['en', 'ja'] as const) {
      const text = translate(language, engineMessageKey('OUT_OF_MEMORY'), outcome.failure?.vars);
      expect(text).toContain('dense1');
      expect(text).toMatch(/\d+ MB/);
      expect(text).not.toContain('Aborted');
      expect(text).not.toMatch(/\{\w+\}/);
    }
    await runtime.dispose();
  });

  it('another tfjs error stays TRAINING_FAILED, worded once (the panel’s title already says the run stopped)', async () => {
    const graph = withParams(loadPreset('mnist-logreg'), 'dataset', { trainSubset: 256 });
    const runtime = new TrainingRuntime(tf);
    runtime.setData(data);
    await runtime.compile(graph);
    const optimizer = runtime.compiledGraph?.optimizer;
    if (!optimizer) throw new Error('no optimizer');
    vi.spyOn(optimizer, 'minimize').mockImplementation(() => {
      throw new Error('something else inside tfjs');
    });
    const outcome = await runtime.train(() => {}, { epochs: 1 });
    expect(outcome.failure?.code).toBe('TRAINING_FAILED');
    const shown = `${translate('en', 'training.error.title')} ${translate('en', engineMessageKey('TRAINING_FAILED'))}`;
    expect(shown.match(/Training (?:failed|stopped)/g) ?? []).toHaveLength(1);
    await runtime.dispose();
  });

  it('building a model the machine cannot hold is COMPILE_FAILED on the largest layer, not the backend’s words', () => {
    vi.spyOn(denseNode, 'build').mockImplementation(() => {
      throw new RangeError('Array buffer allocation failed');
    });
    const result = compileAnalysed(tf, analyzeGraph(loadPreset('mnist-mlp')));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const [issue] = result.issues;
    expect(`${issue?.code}.${issue?.variant}`).toBe('COMPILE_FAILED.outOfMemory');
    expect(issue?.nodeId).toBe('dense1');
    expect(renderIssue(issue ?? { code: 'COMPILE_FAILED', vars: {} }, 'ja')).toContain('dense1');
  });
});
