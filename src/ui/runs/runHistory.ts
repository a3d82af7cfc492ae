/**
 * Keeps every finished run: watches the store, and when a run ends and its test set has been
 * evaluated, writes one record (graph as trained, settings, curves, test accuracy, parameters, time,
 * backend) to the browser's database; reads, renames and deletes them for the Runs tab. A failed
 * write is shown in the tab, never thrown; the run itself is unaffected.
 */
import { getNodeDefinition } from '../../../nodes/index';
import type { Graph } from '../../graph/types';
import { localized, translate } from '../../i18n/index';
import type { KairoStore } from '../../store/index';
import type { KairoState } from '../../store/types';
import { deleteRun, listRuns, newRunId, type RunCurvePoint, type RunRecord, renameRun, saveRun, thinCurve } from '../../storage/runs';
import type { TrainingSeries } from '../training/trainingSeries';

/** Reads the run history into the store (or the reason it cannot be read). */
export async function loadRuns(store: KairoStore): Promise<void> {
  const result = await listRuns();
  if (result.ok) {
    store.getState().setRuns(result.value);
    store.getState().setRunsFailure(null);
  } else {
    store.getState().setRunsFailure(result.error);
  }
}

export async function renameStoredRun(store: KairoStore, id: string, name: string): Promise<void> {
  const result = await renameRun(id, name);
  if (!result.ok) store.getState().setRunsFailure(result.error);
  await loadRuns(store);
}

export async function deleteStoredRun(store: KairoStore, id: string): Promise<void> {
  const result = await deleteRun(id);
  if (!result.ok) store.getState().setRunsFailure(result.error);
  await loadRuns(store);
}

/** The optimizer node's algorithm and learning rate in a graph. */
function optimizerOf(graph: Graph): { algorithm: string; learningRate: number } {
  const node = graph.nodes.find((each) => getNodeDefinition(each.type)?.role === 'optimizer');
  return {
    algorithm: String(node?.params.algorithm ?? '?'),
    learningRate: Number(node?.params.learningRate ?? Number.NaN),
  };
}

/** The smoothed per-batch training curve of the run that just ended. */
function curveOf(series: TrainingSeries): RunCurvePoint[] {
  const loss = series.loss.smoothed;
  const accuracy = series.accuracy.smoothed;
  const points: RunCurvePoint[] = [];
  for (let index = 0; index < Math.min(loss.length, accuracy.length); index++) {
    points.push({ x: loss.x(index), loss: loss.y(index), accuracy: accuracy.y(index) });
  }
  return thinCurve(points);
}

/** The record of a run that ended in `state` (its evaluation settled), trained from `graph`. */
export function runRecordOf(state: KairoState, graph: Graph, series: TrainingSeries, now = Date.now()): RunRecord | undefined {
  const run = state.run;
  const model = state.model;
  if (run.status !== 'done' || !model) return undefined;
  const evaluation = state.evaluation.status === 'ready' ? state.evaluation.result : null;
  const title = localized(graph.meta.title, state.language) || translate(state.language, 'topbar.untitled');
  const optimizer = optimizerOf(graph);
  return {
    id: newRunId(now),
    name: title,
    createdAt: now,
    graphTitle: graph.meta.title,
    graph,
    settings: {
      optimizer: optimizer.algorithm,
      learningRate: optimizer.learningRate,
      batchSize: model.plan.batchSize,
      epochs: model.plan.epochs,
      trainCount: model.plan.trainCount,
      classes: [...model.plan.classNames],
    },
    status: run.result,
    epochs: run.history,
    curve: curveOf(series),
    testAccuracy: evaluation?.accuracy ?? null,
    testLoss: evaluation?.loss ?? null,
    params: model.summary.totalParams,
    seconds: run.progress?.elapsedSeconds ?? run.history.reduce((sum, epoch) => sum + epoch.seconds, 0),
    backend: run.progress?.backend ?? state.backend?.backend ?? '?',
  };
}

/**
 * Records every run that ends: the graph is taken when the run starts (what was trained, even if
 * the user edits it meanwhile); the record is written once the test evaluation after the run has
 * settled (or, without one, when the next run starts). Returns the unsubscribe function.
 */
export function attachRunRecorder(store: KairoStore, series: TrainingSeries): () => void {
  let trainedGraph: Graph | null = null;
  /** The state the run ended in, until its record is written. */
  let ended: KairoState | null = null;
  const write = async (state: KairoState) => {
    ended = null;
    const record = trainedGraph ? runRecordOf(state, trainedGraph, series) : undefined;
    if (!record) return;
    const saved = await saveRun(record);
    if (!saved.ok) store.getState().setRunsFailure(saved.error);
    await loadRuns(store);
  };
  return store.subscribe((state, previous) => {
    if (state.run.status === 'loading' && previous.run.status !== 'loading') {
      // A new run before the last one's evaluation settled: keep the last one without a test accuracy.
      if (ended) void write(ended);
      trainedGraph = state.graph;
    }
    if (state.run.status === 'done' && previous.run.status !== 'done') ended = state;
    if (state.run.status === 'failed') ended = null;
    const settled =
      state.evaluation !== previous.evaluation && (state.evaluation.status === 'ready' || state.evaluation.status === 'failed');
    if (ended && settled && state.run.status === 'done') void write(state);
  });
}
