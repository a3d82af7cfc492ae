/**
 * The trained model on the main thread: after each run its weights come out of the worker and go,
 * with the run's history (curves, test evaluation), into IndexedDB under the graph's fingerprint;
 * when the editor shows a graph that has a kept model (after a reload, an undo, reopening a file),
 * the model goes back into the worker, and the evaluation, the charts and the drawing pad are there
 * again. A model is only ever restored for the graph it was trained from (isModelCurrent): a
 * changed graph gets none. Also opens bundles and TF.js models picked by the user.
 */
import { type ModelProblem, modelProblem } from '../../export/modelProblems';
import { openPickedFiles, type PickedFile } from '../../export/importFiles';
import { type CurvePoints, isModelCurrent, type RunHistory, type TrainedModel } from '../../export/trainedModel';
import { graphFingerprint } from '../../graph/fingerprint';
import type { Graph } from '../../graph/types';
import { translate } from '../../i18n/index';
import type { KairoStore } from '../../store/index';
import { storeTrainedModel, trainedModelFor } from '../../storage/models';
import type { TrainingOutcome } from '../../worker/api';
import { PRESET_LAYOUT_WIDTH } from '../canvas/framing';
import type { TrainingSession } from '../training/trainingSession';
import type { PointSeries, TrainingSeries } from '../training/trainingSeries';

/** Chart points kept per curve (a long run's thousands of batches are thinned evenly). */
const CURVE_POINTS = 2000;
/** A restored curve is replayed as batches of a virtual epoch this long. */
const VIRTUAL_BATCHES = 1000;
const RESTORE_DELAY_MS = 300;

function curvePoints(series: PointSeries): CurvePoints {
  const step = Math.max(1, Math.ceil(series.length / CURVE_POINTS));
  const points: CurvePoints = [];
  for (let index = 0; index < series.length; index += step) points.push([series.x(index), series.y(index)]);
  return points;
}

/** The charts of a kept run, drawn again. */
function replayCurves(series: TrainingSeries, history: RunHistory): void {
  series.reset(Math.max(1, history.plannedEpochs, history.epochs.length));
  const { loss, accuracy } = history.curves;
  for (let index = 0; index < Math.max(loss.length, accuracy.length); index++) {
    const x = loss[index]?.[0] ?? accuracy[index]?.[0] ?? 0;
    const epoch = Math.floor(x) + 1;
    series.addBatch({
      type: 'batch',
      epoch,
      batch: Math.round((x - (epoch - 1)) * VIRTUAL_BATCHES),
      batchesPerEpoch: VIRTUAL_BATCHES,
      loss: Number.NaN,
      accuracy: Number.NaN,
      batchLoss: loss[index]?.[1] ?? Number.NaN,
      batchAccuracy: accuracy[index]?.[1] ?? Number.NaN,
      samplesPerSecond: 0,
      elapsedSeconds: 0,
      etaSeconds: 0,
      progress: 0,
    });
  }
  for (const record of history.epochs) {
    series.addEpoch({ type: 'epoch', epochs: series.epochs, samplesPerSecond: 0, elapsedSeconds: 0, etaSeconds: 0, numTensors: 0, ...record });
  }
}

export type OpenResult = { ok: true; name: string } | { ok: false; name: string; problem: ModelProblem };

export class ModelKeeper {
  /** The model this session holds in memory (the last trained, restored or opened one). */
  private current: TrainedModel | null = null;
  /** Fingerprint of the model the worker holds now. */
  private inWorker: string | null = null;
  private restoreTimer: ReturnType<typeof setTimeout> | undefined;
  /** The restore in flight, so a second one for the same graph waits for it instead of repeating it. */
  private restoring: { fingerprint: string; done: Promise<true | ModelProblem | undefined> } | undefined;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly store: KairoStore,
    private readonly session: TrainingSession,
  ) {}

  /** The kept model, when it belongs to the graph on the canvas. */
  modelFor(graph: Pick<Graph, 'nodes' | 'edges'>): TrainedModel | null {
    return isModelCurrent(this.current, graph) ? this.current : null;
  }

  /** Starts keeping models: after runs, and restoring them when their graph is shown. */
  start(): void {
    this.listeners.push(this.session.onRunFinished((graph, outcome) => void this.keepRun(graph, outcome)));
    this.listeners.push(
      this.store.subscribe((state, previous) => {
        if (state.graph === previous.graph) return;
        clearTimeout(this.restoreTimer);
        this.restoreTimer = setTimeout(() => void this.restoreForGraph(), RESTORE_DELAY_MS);
      }),
    );
    void this.restoreForGraph();
  }

  stop(): void {
    for (const unsubscribe of this.listeners.splice(0)) unsubscribe();
    clearTimeout(this.restoreTimer);
  }

  /** After a run: the weights out of the worker, with the run's history, into memory and IndexedDB. */
  private async keepRun(graph: Graph, outcome: TrainingOutcome): Promise<void> {
    const api = await this.session.idleWorker();
    if (!api) return;
    const saved = await api.saveModel();
    if (!saved.ok) return;
    const state = this.store.getState();
    const series = this.session.series;
    const evaluation = state.evaluation.status === 'ready' ? state.evaluation.result : null;
    const model: TrainedModel = {
      fingerprint: graphFingerprint(graph),
      graph,
      modelTopology: saved.saved.modelTopology,
      weights: saved.saved.weights,
      history: {
        result: outcome.status === 'stopped' ? 'stopped' : 'completed',
        epochs: outcome.history,
        plannedEpochs: series.epochs,
        curves: { loss: curvePoints(series.loss.batch), accuracy: curvePoints(series.accuracy.batch) },
        evaluation,
        backend: state.backend?.backend ?? '',
      },
      savedAt: new Date().toISOString(),
    };
    this.inWorker = model.fingerprint;
    await this.keep(model);
  }

  /** Holds `model` as the session's, and writes it to IndexedDB (the summary says whether that worked). */
  private async keep(model: TrainedModel): Promise<void> {
    this.current = model;
    const summary = {
      fingerprint: model.fingerprint,
      epochs: model.history.epochs.length,
      accuracy: model.history.evaluation?.accuracy ?? null,
      savedAt: model.savedAt,
    };
    this.store.getState().setTrainedModel({ ...summary, stored: false });
    const stored = await storeTrainedModel(model);
    if (this.current === model) this.store.getState().setTrainedModel({ ...summary, stored: stored.ok });
    // `stored` is what the leave prompt reads (runStatus.ts: shouldConfirmLeaving): once IndexedDB holds
    // the weights of the trained graph, leaving the page loses nothing.
    if (!stored.ok) this.store.getState().showToast(this.text('export.stored.failed', { reason: stored.error.code }), 'error');
  }

  private text(key: 'export.stored.failed' | 'export.restored' | 'export.restore.failed', vars: Record<string, string> = {}): string {
    return translate(this.store.getState().language, key, vars);
  }

  /** The kept model of the graph on the canvas back into the worker, if there is one and it is not there yet. */
  async restoreForGraph(): Promise<void> {
    const graph = this.store.getState().graph;
    const fingerprint = graphFingerprint(graph);
    if ((this.inWorker === fingerprint && this.store.getState().modelReady) || this.restoring?.fingerprint === fingerprint) return;
    const model = this.modelFor(graph) ?? (await this.lookUp(graph));
    if (!model || graphFingerprint(this.store.getState().graph) !== fingerprint) return;
    const restored = await this.restore(model);
    if (restored === true) this.store.getState().showToast(this.text('export.restored'));
  }

  private async lookUp(graph: Graph): Promise<TrainedModel | null> {
    const found = await trainedModelFor(graph);
    return found.ok ? found.value : null;
  }

  /**
   * Puts a model into the worker (its graph compiled, its weights loaded, the data set loaded for
   * evaluations) and its history into the panel. True when done; a problem when the worker refused
   * it; undefined when the worker is busy (a run started meanwhile).
   */
  restore(model: TrainedModel, evaluation: 'kept' | 'again' = 'kept'): Promise<true | ModelProblem | undefined> {
    if (this.restoring?.fingerprint === model.fingerprint) return this.restoring.done;
    const done = this.restoreNow(model, evaluation);
    const restoring = { fingerprint: model.fingerprint, done };
    this.restoring = restoring;
    void done.finally(() => {
      if (this.restoring === restoring) this.restoring = undefined;
    });
    return done;
  }

  private async restoreNow(model: TrainedModel, evaluation: 'kept' | 'again'): Promise<true | ModelProblem | undefined> {
    const api = await this.session.idleWorker();
    if (!api) return undefined;
    // The data the model's graph names (a failure shows when the model is restored without it).
    await this.session.loadDataFor(api, model.graph);
    const restored = await api.restoreModel(model.graph, model.weights);
    if (!restored.ok) {
      const problem = 'problem' in restored ? restored.problem : modelProblem('MODEL_LOAD_FAILED', { detail: restored.issues.map((issue) => issue.code).join(', ') });
      this.store.getState().showToast(this.text('export.restore.failed', { reason: problem.code }), 'error');
      return problem;
    }
    const now = this.store.getState();
    if (now.run.status === 'loading' || now.run.status === 'training' || now.run.status === 'paused') return undefined;
    this.inWorker = model.fingerprint;
    now.setModel({ summary: restored.summary, plan: restored.plan }, true, model.fingerprint);
    const kept = model.history.evaluation;
    now.setEvaluation(kept && evaluation === 'kept' ? { status: 'ready', result: kept } : { status: 'none' });
    replayCurves(this.session.series, model.history);
    // Weights from a file are evaluated afresh: what the panel shows is what they do here.
    if (evaluation === 'again') void this.session.evaluate();
    if (model.history.result === 'imported' && this.current !== model) {
      // An imported model is kept with Kairo's own topology, so it exports like a trained one.
      const saved = await api.saveModel();
      if (saved.ok) await this.keep({ ...model, modelTopology: saved.saved.modelTopology, weights: saved.saved.weights });
    } else if (this.current !== model) {
      this.current = model;
      this.store.getState().setTrainedModel({
        fingerprint: model.fingerprint,
        epochs: model.history.epochs.length,
        accuracy: kept?.accuracy ?? null,
        savedAt: model.savedAt,
        stored: true,
      });
    }
    return true;
  }

  /**
   * Opens picked files (a bundle, or a TF.js model.json with its .bin files). The graph on the
   * canvas is replaced only when everything checked out — as one step Undo takes back — and the
   * model is then restored and kept. A refusal leaves the graph exactly as it was.
   */
  async open(files: readonly PickedFile[], read: (name: string) => Promise<Uint8Array>): Promise<OpenResult> {
    const name = files.map((file) => file.name).join(', ');
    let opened: Awaited<ReturnType<typeof openPickedFiles>>;
    try {
      // The layered layout (and its library) loads only when a model is imported.
      const { layoutGraph } = await import('../../graph/layout');
      opened = await openPickedFiles(files, read, (graph) => layoutGraph(graph, { maxWidth: PRESET_LAYOUT_WIDTH }));
    } catch (error) {
      return { ok: false, name, problem: modelProblem('MODEL_LOAD_FAILED', { detail: error instanceof Error ? error.message : String(error) }) };
    }
    if (!opened.ok) return { ok: false, name, problem: opened.problem };
    this.store.getState().replaceGraph(opened.graph);
    // This open restores the model itself (and evaluates it afresh): no restore from storage as well.
    clearTimeout(this.restoreTimer);
    this.inWorker = null;
    if (opened.model.history.result !== 'imported') await this.keep(opened.model);
    const restored = await this.restore(opened.model, 'again');
    if (restored !== true && restored !== undefined) return { ok: false, name, problem: restored };
    return { ok: true, name };
  }
}
