/**
 * What the run and its results mean for the graph on the canvas now: whether they are still its
 * own, and whether leaving the page would lose something. One definition each, read by every view
 * (panel, top bar, drawing pad, the leave prompt).
 */
import { graphFingerprint } from '../graph/fingerprint';
import type { Graph } from '../graph/types';
import type { KairoState } from './types';

const fingerprints = new WeakMap<Graph, string>();

/** graphFingerprint of the current graph, computed once per graph object. */
export function selectGraphFingerprint(state: Pick<KairoState, 'graph'>): string {
  let fingerprint = fingerprints.get(state.graph);
  if (fingerprint === undefined) {
    fingerprint = graphFingerprint(state.graph);
    fingerprints.set(state.graph, fingerprint);
  }
  return fingerprint;
}

/** Whether a run is preparing, training or paused. */
export function selectRunInProgress(state: Pick<KairoState, 'run'>): boolean {
  const status = state.run.status;
  return status === 'loading' || status === 'training' || status === 'paused';
}

/**
 * Whether the model the worker holds — and everything shown about it: the evaluation, the model
 * summary, the drawing pad's answers, a paused run — was built from the graph as it is now. False
 * without a model. Positions, titles and descriptions do not count (the fingerprint ignores them).
 */
export function selectResultIsCurrent(state: Pick<KairoState, 'graph' | 'model' | 'trainedFingerprint'>): boolean {
  return state.model !== null && state.trainedFingerprint !== null && state.trainedFingerprint === selectGraphFingerprint(state);
}

/** Whether there is a model (or a run) whose graph has since changed: its results are out of date. */
export function selectResultIsStale(state: Pick<KairoState, 'graph' | 'model' | 'trainedFingerprint'>): boolean {
  return state.model !== null && !selectResultIsCurrent(state);
}

/**
 * Whether closing or reloading the page now would lose work the graph file does not hold: a run in
 * progress, or trained weights of the worker's model that IndexedDB does not hold (the model keeper,
 * src/ui/export/modelKeeper.ts, stores each run's weights and marks its summary `stored`; storage
 * can refuse, and until the write ends they are kept nowhere).
 */
export function shouldConfirmLeaving(state: Pick<KairoState, 'run' | 'modelReady' | 'trainedFingerprint' | 'trainedModel'>): boolean {
  if (selectRunInProgress(state)) return true;
  if (!state.modelReady) return false;
  const kept = state.trainedModel;
  return !(kept?.stored === true && kept.fingerprint === state.trainedFingerprint);
}
