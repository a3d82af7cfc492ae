import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphFingerprint } from '../../src/graph/fingerprint';
import { parseGraphFile } from '../../src/graph/format';
import type { Graph } from '../../src/graph/types';
import { createKairoStore } from '../../src/store/index';
import type { CompiledModelInfo } from '../../src/store/runSlice';
import { selectResultIsCurrent, selectResultIsStale, shouldConfirmLeaving } from '../../src/store/runStatus';

function preset(name: string): Graph {
  const result = parseGraphFile(readFileSync(new URL(`../../presets/${name}.json`, import.meta.url), 'utf8'));
  if (!result.ok) throw new Error(name);
  return result.graph;
}

// What the panel shows of a model does not matter here, only that there is one.
const model = {} as CompiledModelInfo;

describe('whether the results are still the graph’s own', () => {
  it('are current for the graph they were trained from, and stale once a param, node or wire changes', () => {
    const store = createKairoStore({ graph: preset('mnist-mlp') });
    const state = () => store.getState();
    expect(selectResultIsCurrent(state())).toBe(false);
    expect(selectResultIsStale(state())).toBe(false);
    state().setModel(model, true, graphFingerprint(state().graph));
    expect(selectResultIsCurrent(state())).toBe(true);

    state().setParam('dense1', 'units', 256);
    expect(selectResultIsCurrent(state())).toBe(false);
    expect(selectResultIsStale(state())).toBe(true);
    // Undo back to the trained graph: current again.
    state().undo();
    expect(selectResultIsCurrent(state())).toBe(true);

    state().deleteElements(['dropout1'], []);
    expect(selectResultIsStale(state())).toBe(true);
  });

  it('do not go stale when a card is moved or the graph renamed', () => {
    const store = createKairoStore({ graph: preset('mnist-logreg') });
    const state = () => store.getState();
    state().setModel(model, true, graphFingerprint(state().graph));
    state().moveNodes(new Map([['dense', { x: 999, y: 999 }]]));
    state().setMeta({ ...state().graph.meta, title: { en: 'Mine', ja: 'Mine' } });
    expect(selectResultIsCurrent(state())).toBe(true);
  });
});

describe('whether leaving the page needs a word first', () => {
  it('asks while a run is on, or while trained weights are kept nowhere else', () => {
    const store = createKairoStore({ graph: preset('mnist-logreg') });
    const state = () => store.getState();
    expect(shouldConfirmLeaving(state())).toBe(false);
    state().applyRunEvent({ type: 'prepare', step: 'engine' });
    expect(shouldConfirmLeaving(state())).toBe(true);
    state().applyRunEvent({ type: 'prepare-cancelled' });
    expect(shouldConfirmLeaving(state())).toBe(false);

    state().setModel(model, true, graphFingerprint(state().graph));
    expect(shouldConfirmLeaving(state())).toBe(true);
    // Being written to IndexedDB is not kept yet; once stored, only a run in progress asks.
    const kept = { fingerprint: graphFingerprint(state().graph), epochs: 1, accuracy: null, savedAt: '2026-12-01T00:00:00Z', stored: false };
    state().setTrainedModel(kept);
    expect(shouldConfirmLeaving(state())).toBe(true);
    state().setTrainedModel({ ...kept, stored: true });
    expect(shouldConfirmLeaving(state())).toBe(false);
    // Weights stored for another graph do not keep this one's.
    state().setTrainedModel({ ...kept, fingerprint: 'another graph', stored: true });
    expect(shouldConfirmLeaving(state())).toBe(true);
  });
});
