/**
 * One engine object for everything that trains: the browser worker and the Node CLI both hold a
 * TrainingRuntime, give it MNIST and a graph, and call train / evaluate / predict. It owns the
 * compiled model and at most one training run; it never throws for bad input (results say what is
 * wrong).
 */
import type { Issue } from '../graph/issues';
import { makeIssue } from '../graph/issues';
import type { Graph } from '../graph/types';
import { renderIssue } from '../i18n/renderIssue';
import { type CompiledGraph, compileGraph, type LayerSummary, summarizeModel } from './compile';
import { DatasetError } from './data/datasetError';
import { type MnistData, type MnistSplit, type PreparedDataset, prepareDataset } from './data/mnist';
import { type EvaluationResult, evaluateModel, type Prediction, predictImage } from './evaluate';
import {
  type LabelEncoding,
  PIXELS_PER_IMAGE,
  TrainingControl,
  type TrainingEventListener,
  type TrainingFailure,
  type TrainingLoopOptions,
  type TrainingOutcome,
  trainModel,
} from './train';

type Tf = typeof import('@tensorflow/tfjs');

export interface ModelSummary {
  layers: LayerSummary[];
  totalParams: number;
  trainableParams: number;
}

/** What the compiled graph will do when trained, so the UI can show it before the run. */
export interface RunPlan {
  epochs: number;
  batchSize: number;
  /** null until the data set is loaded. */
  trainCount: number | null;
  validationCount: number | null;
  testCount: number | null;
  /** Digits in re-indexed order: classes[k] is the digit of output k. */
  classes: number[];
  /** Dataset settings that were adjusted (e.g. a subset larger than the data). */
  warnings: string[];
  backend: string;
}

export type CompileOutcome = { ok: true; summary: ModelSummary; plan: RunPlan } | { ok: false; issues: Issue[] };

/** A failure of a runtime call, as a sentence for the user. */
export type RuntimeFailure = { ok: false; message: string };

/** A test image for display. */
export interface TestImage {
  /** Index in the test split the indices refer to (class-filtered once a graph is compiled). */
  index: number;
  /** Index in the original 10,000 MNIST test images. */
  sourceIndex: number;
  /** Re-indexed label 0..K-1 (the digit itself before any graph is compiled). */
  label: number;
  /** The digit shown in the image. */
  digit: number;
  /** 784 grey values 0..255, row-major. */
  pixels: Uint8Array;
}

export type EvaluateOutcome = ({ ok: true; classes: number[] } & EvaluationResult) | RuntimeFailure;
export type PredictOutcome = ({ ok: true; classes: number[] } & Prediction) | RuntimeFailure;
export type TestImagesOutcome = { ok: true; images: TestImage[] } | RuntimeFailure;

export interface RuntimeTrainOptions extends TrainingLoopOptions {
  /** Overrides the optimizer node's epoch count. */
  epochs?: number;
}

/** The dataset node's label encoding ('binary': two classes in one 0/1 column). */
function labelEncodingOf(compiled: CompiledGraph): LabelEncoding {
  return (compiled.dataset as { labels?: string }).labels === 'binary' ? 'binary' : 'onehot';
}

function failedOutcome(failure: TrainingFailure): TrainingOutcome {
  return { status: 'failed', epochsCompleted: 0, elapsedSeconds: 0, history: [], failure };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class TrainingRuntime {
  private readonly tf: Tf;
  private data: MnistData | undefined;
  private compiled: CompiledGraph | undefined;
  private prepared: PreparedDataset | undefined;
  private control: TrainingControl | undefined;
  private running: Promise<TrainingOutcome> | undefined;
  private backendFailure: TrainingFailure | undefined;

  constructor(tf: Tf) {
    this.tf = tf;
  }

  /** Gives the runtime its data set (replaces any earlier one). */
  setData(data: MnistData): void {
    this.data = data;
    this.prepared = undefined;
  }

  get hasData(): boolean {
    return this.data !== undefined;
  }

  get hasModel(): boolean {
    return this.compiled !== undefined;
  }

  get isTraining(): boolean {
    return this.running !== undefined;
  }

  /** The compiled graph (model, settings); undefined before a successful compile. */
  get compiledGraph(): CompiledGraph | undefined {
    return this.compiled;
  }

  /** The prepared data of the compiled graph, when data is loaded. */
  get preparedData(): PreparedDataset | undefined {
    return this.prepared;
  }

  /**
   * Compiles a graph into a fresh model (stopping and discarding any previous one) and prepares the
   * data set for its dataset node when data is loaded.
   */
  async compile(graph: Graph): Promise<CompileOutcome> {
    await this.stopAndWait();
    this.disposeModel();
    const result = compileGraph(this.tf, graph);
    if (!result.ok) return { ok: false, issues: result.issues };
    this.compiled = result;
    const prepareIssue = this.prepare();
    if (prepareIssue) {
      this.disposeModel();
      return { ok: false, issues: [prepareIssue] };
    }
    return { ok: true, summary: this.summary(), plan: this.plan() };
  }

  private summary(): ModelSummary {
    const compiled = this.compiled;
    if (!compiled) return { layers: [], totalParams: 0, trainableParams: 0 };
    const layers: LayerSummary[] = summarizeModel(compiled);
    const trainableParams = compiled.model.trainableWeights.reduce(
      (sum, weight) => sum + this.tf.util.sizeFromShape(weight.shape as number[]),
      0,
    );
    return { layers, totalParams: compiled.model.countParams(), trainableParams };
  }

  private plan(): RunPlan {
    const compiled = this.compiled;
    const prepared = this.prepared;
    return {
      epochs: compiled?.training.epochs ?? 0,
      batchSize: compiled?.dataset.batchSize ?? 0,
      trainCount: prepared?.train.count ?? null,
      validationCount: prepared ? (prepared.validation?.count ?? 0) : null,
      testCount: prepared?.test.count ?? null,
      classes: compiled ? [...compiled.dataset.classes] : [],
      warnings: prepared ? [...prepared.warnings] : [],
      backend: this.tf.getBackend(),
    };
  }

  /** Applies the dataset node's settings to the loaded data; an issue when they cannot be applied. */
  private prepare(): Issue | undefined {
    if (!this.compiled || !this.data) return undefined;
    try {
      this.prepared = prepareDataset(this.data, this.compiled.dataset);
      return undefined;
    } catch (error) {
      this.prepared = undefined;
      return makeIssue('INVALID_PARAM', { variant: 'dataset', vars: { reason: messageOf(error) }, nodeId: this.compiled.datasetNodeId });
    }
  }

  /**
   * Trains the compiled model. Resolves with the outcome (never rejects); events go to `onEvent`.
   * Only one run at a time.
   */
  async train(onEvent: TrainingEventListener, options: RuntimeTrainOptions = {}): Promise<TrainingOutcome> {
    const refuse = (message: string): TrainingOutcome => {
      const failure: TrainingFailure = { code: 'TRAINING_FAILED', message };
      const outcome = failedOutcome(failure);
      onEvent({ type: 'error', ...failure });
      onEvent({ type: 'done', ...outcome });
      return outcome;
    };
    if (this.running) return refuse('A training run is already in progress; stop it first.');
    if (this.backendFailure) {
      const outcome = failedOutcome(this.backendFailure);
      onEvent({ type: 'error', ...this.backendFailure });
      onEvent({ type: 'done', ...outcome });
      return outcome;
    }
    if (!this.compiled) return refuse('Compile a graph before training.');
    if (!this.data) return refuse('Load the data set before training.');
    if (!this.prepared) {
      const issue = this.prepare();
      if (issue || !this.prepared) return refuse(issue ? renderIssue(issue, 'en') : 'The data set could not be prepared.');
    }
    const compiled = this.compiled;
    const prepared: PreparedDataset = this.prepared;
    const epochs = options.epochs ?? compiled.training.epochs;
    if (!(Number.isInteger(epochs) && epochs >= 1)) return refuse(`Epochs must be a whole number ≥ 1; got ${epochs}.`);

    const control = new TrainingControl();
    this.control = control;
    const run = trainModel(
      this.tf,
      {
        model: compiled.model,
        optimizer: compiled.optimizer,
        lossName: compiled.lossName,
        numClasses: prepared.numClasses,
        labelEncoding: labelEncodingOf(compiled),
        train: prepared.train,
        ...(prepared.validation ? { validation: prepared.validation } : {}),
        settings: {
          epochs,
          batchSize: prepared.batchSize,
          shuffle: prepared.shuffle,
          shuffleSeed: prepared.shuffleSeed,
          learningRate: compiled.optimizerSettings.learningRate,
        },
      },
      control,
      onEvent,
      options,
    );
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = undefined;
      this.control = undefined;
    }
  }

  pause(): void {
    this.control?.pause();
  }

  resume(): void {
    this.control?.resume();
  }

  stop(): void {
    this.control?.stop();
  }

  /**
   * The backend can no longer compute (e.g. the WebGL context was lost): the current run fails with
   * this reason, and so does every later run until clearBackendFailure().
   */
  reportBackendFailure(failure: TrainingFailure): void {
    this.backendFailure = failure;
    this.control?.fail(failure);
  }

  clearBackendFailure(): void {
    this.backendFailure = undefined;
  }

  /** Stops a run in progress and waits until it has ended. */
  async stopAndWait(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.control?.stop();
    await running;
  }

  private unavailable(): RuntimeFailure | undefined {
    if (!this.compiled) return { ok: false, message: 'Compile a graph first.' };
    if (!this.data) return { ok: false, message: 'Load the data set first.' };
    if (this.running) return { ok: false, message: 'Wait until training has ended (or stop it).' };
    if (!this.prepared) {
      const issue = this.prepare();
      if (issue) return { ok: false, message: renderIssue(issue, 'en') };
    }
    return undefined;
  }

  /** Evaluates the model on the (class-filtered) test set. */
  async evaluate(): Promise<EvaluateOutcome> {
    const problem = this.unavailable();
    if (problem) return problem;
    const compiled = this.compiled as CompiledGraph;
    const prepared = this.prepared as PreparedDataset;
    try {
      const result = await evaluateModel(this.tf, compiled.model, compiled.lossName, prepared.numClasses, prepared.test, {
        binaryLabels: labelEncodingOf(compiled) === 'binary',
      });
      return { ok: true, classes: [...prepared.classes], ...result };
    } catch (error) {
      return { ok: false, message: `Evaluation failed: ${messageOf(error)}` };
    }
  }

  /** Class probabilities for one image (784 floats in [0,1]); works during training too. */
  async predict(pixels: Float32Array): Promise<PredictOutcome> {
    const compiled = this.compiled;
    if (!compiled) return { ok: false, message: 'Compile a graph first.' };
    if (!(pixels instanceof Float32Array) || pixels.length !== PIXELS_PER_IMAGE) {
      return { ok: false, message: `An image must be ${PIXELS_PER_IMAGE} floats (28×28); got ${pixels?.length ?? 'none'}.` };
    }
    try {
      const prediction = await predictImage(this.tf, compiled.model, pixels, {
        encoding: labelEncodingOf(compiled),
        lossName: compiled.lossName,
      });
      return { ok: true, classes: [...compiled.dataset.classes], ...prediction };
    } catch (error) {
      return { ok: false, message: `Prediction failed: ${messageOf(error)}` };
    }
  }

  /**
   * Test images by index: into the compiled graph's class-filtered test split (the indices
   * evaluate() reports), or into the whole MNIST test set before any graph is compiled.
   */
  getTestImages(indices: readonly number[]): TestImagesOutcome {
    if (!this.data) return { ok: false, message: 'Load the data set first.' };
    const prepared = this.prepared;
    const split: MnistSplit = prepared?.test ?? this.data.test;
    const classes = prepared?.classes;
    const images: TestImage[] = [];
    for (const index of indices) {
      if (!Number.isInteger(index) || index < 0 || index >= split.count) {
        return { ok: false, message: `Test image ${index} does not exist (there are ${split.count}).` };
      }
      const pixels = new Uint8Array(PIXELS_PER_IMAGE);
      const offset = index * PIXELS_PER_IMAGE;
      for (let i = 0; i < PIXELS_PER_IMAGE; i++) pixels[i] = Math.round((split.images[offset + i] as number) * 255);
      const label = split.labels[index] as number;
      images.push({
        index,
        sourceIndex: prepared ? (prepared.test.sourceIndices[index] as number) : index,
        label,
        digit: classes ? (classes[label] as number) : label,
        pixels,
      });
    }
    return { ok: true, images };
  }

  private disposeModel(): void {
    this.compiled?.dispose();
    this.compiled = undefined;
    this.prepared = undefined;
  }

  /** Stops any run and frees the model; the data stays loaded. */
  async dispose(): Promise<void> {
    await this.stopAndWait();
    this.disposeModel();
  }
}

/** A clear message for a data loading failure (DatasetError carries its own). */
export function datasetFailure(error: unknown): { ok: false; code: string; message: string } {
  if (error instanceof DatasetError) return { ok: false, code: error.code, message: error.message };
  return { ok: false, code: 'unknown', message: `The data set could not be loaded: ${messageOf(error)}` };
}
