/**
 * One engine object for everything that trains: the browser worker and the Node CLI both hold a
 * TrainingRuntime, give it a loaded data set (from any data source) and a graph, and call train /
 * evaluate / predict. It owns the compiled model and at most one training run; it never throws for
 * bad input (results carry a coded failure). The sample shape and the classes come from the
 * compiled graph and the data, never from constants.
 */
import type { Graph } from '../graph/types';
import { type CompiledGraph, compileGraph, type LayerSummary, summarizeModel } from './compile';
import { DatasetError } from './data/datasetError';
import { type PreparedDataset, prepareDataset } from './data/prepare';
import { type LabelledSamples, sampleAt, sampleSizeOf } from './data/samples';
import type { LoadedDataset } from './data/source';
import { evaluateModel, predictSample } from './evaluate';
import { type EngineMessage, type EngineMessageCode, errorDetail, formatShape } from './failures';
import type { LabelFormat } from './losses';
import type {
  CompileOutcome,
  DataFitCode,
  EvaluateOutcome,
  ModelSummary,
  PredictOutcome,
  RunPlan,
  RuntimeFailure,
  RuntimeFailureCode,
  TestSample,
  TestSampleBase,
  TestSamplesOutcome,
} from './runtimeResults';
import { TrainingControl } from './trainingControl';
import type { TrainingEventListener, TrainingFailure, TrainingOutcome } from './trainingEvents';
import { type TrainingLoopOptions, trainModel } from './trainingLoop';

type Tf = typeof import('@tensorflow/tfjs');

export interface RuntimeTrainOptions extends TrainingLoopOptions {
  /** Overrides the optimizer node's epoch count. */
  epochs?: number;
}

const DATA_FIT_CODES: readonly EngineMessageCode[] = [
  'DATA_SHAPE_MISMATCH',
  'CLASS_NOT_IN_DATA',
  'CLASS_COUNT_MISMATCH',
  'NO_TRAINING_SAMPLES',
  'TOO_FEW_TO_SPLIT',
];

function isDataFit(message: EngineMessage): message is EngineMessage<DataFitCode> {
  return DATA_FIT_CODES.includes(message.code);
}

function failedOutcome(failure: TrainingFailure): TrainingOutcome {
  return { status: 'failed', epochsCompleted: 0, elapsedSeconds: 0, history: [], failure };
}

function refusal(code: RuntimeFailureCode, vars: EngineMessage['vars'] = {}): RuntimeFailure & { failure: EngineMessage<RuntimeFailureCode> } {
  return { ok: false, failure: { code, vars } };
}

/** Whether the model's input shape (-1 for a free axis) takes samples of `dataShape`. */
function shapeFits(modelShape: readonly number[], dataShape: readonly number[]): boolean {
  return modelShape.length === dataShape.length && modelShape.every((dim, axis) => dim < 0 || dim === dataShape[axis]);
}

/** One sample's values as bytes 0..255, for an image view. */
function sampleBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, values[i] as number)) * 255);
  return bytes;
}

export class TrainingRuntime {
  private readonly tf: Tf;
  private data: LoadedDataset | undefined;
  private compiled: CompiledGraph | undefined;
  private prepared: PreparedDataset | undefined;
  private control: TrainingControl | undefined;
  private running: Promise<TrainingOutcome> | undefined;
  private backendFailure: TrainingFailure | undefined;

  constructor(tf: Tf) {
    this.tf = tf;
  }

  /** Gives the runtime its data set (replaces any earlier one). */
  setData(data: LoadedDataset): void {
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

  /** How the compiled model's labels are written and scored. */
  get labelFormat(): LabelFormat | undefined {
    const compiled = this.compiled;
    if (!compiled) return undefined;
    return {
      numClasses: this.prepared?.classNames.length ?? compiled.numClasses,
      encoding: compiled.dataset.labels,
      lossName: compiled.lossName,
    };
  }

  /**
   * Compiles a graph into a fresh model (stopping and discarding any previous one) and, when data is
   * loaded, checks that the graph fits it and prepares the dataset node's splits.
   */
  async compile(graph: Graph): Promise<CompileOutcome> {
    await this.stopAndWait();
    this.disposeModel();
    const result = compileGraph(this.tf, graph);
    if (!result.ok) return { ok: false, issues: result.issues };
    this.compiled = result;
    const failure = this.prepare();
    if (failure) {
      this.disposeModel();
      return { ok: false, issues: [], failure };
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
      classNames: prepared ? [...prepared.classNames] : [],
      sampleShape: this.sampleShape() ?? [],
      sampleKind: this.data?.description.sampleKind ?? null,
      notices: prepared ? [...prepared.notices] : [],
      backend: this.tf.getBackend(),
    };
  }

  /** The shape of one sample: the data's when loaded (it fits the model), else the model's input. */
  private sampleShape(): number[] | undefined {
    if (this.data) return [...this.data.description.sampleShape];
    return this.compiled ? [...this.compiled.inputShape] : undefined;
  }

  /** Checks the graph against the loaded data and applies the dataset node's settings; a failure when they do not fit. */
  private prepare(): EngineMessage<DataFitCode | 'TRAINING_FAILED'> | undefined {
    const { compiled, data } = this;
    if (!compiled || !data) return undefined;
    this.prepared = undefined;
    const { sampleShape, name } = data.description;
    if (!shapeFits(compiled.inputShape, sampleShape)) {
      return { code: 'DATA_SHAPE_MISMATCH', vars: { model: formatShape(compiled.inputShape), data: formatShape(sampleShape), name } };
    }
    let prepared: PreparedDataset;
    try {
      prepared = prepareDataset(data, compiled.dataset);
    } catch (error) {
      if (error instanceof DatasetError) {
        const message = error.toMessage();
        if (isDataFit(message)) return message;
      }
      return { code: 'TRAINING_FAILED', vars: { detail: errorDetail(error) } };
    }
    if (prepared.classNames.length !== compiled.numClasses) {
      return { code: 'CLASS_COUNT_MISMATCH', vars: { model: compiled.numClasses, data: prepared.classNames.length, name } };
    }
    this.prepared = prepared;
    return undefined;
  }

  /**
   * Trains the compiled model. Resolves with the outcome (never rejects); events go to `onEvent`.
   * Only one run at a time.
   */
  async train(onEvent: TrainingEventListener, options: RuntimeTrainOptions = {}): Promise<TrainingOutcome> {
    const refuse = (failure: TrainingFailure): TrainingOutcome => {
      const outcome = failedOutcome(failure);
      onEvent({ type: 'error', failure });
      onEvent({ type: 'done', ...outcome });
      return outcome;
    };
    if (this.running) return refuse({ code: 'RUN_IN_PROGRESS', vars: {} });
    if (this.backendFailure) return refuse(this.backendFailure);
    if (!this.compiled) return refuse({ code: 'NO_MODEL', vars: {} });
    if (!this.data) return refuse({ code: 'NO_DATA', vars: {} });
    if (!this.prepared) {
      const failure = this.prepare();
      if (failure || !this.prepared) return refuse(failure ?? { code: 'NO_DATA', vars: {} });
    }
    const compiled = this.compiled;
    const prepared: PreparedDataset = this.prepared;
    const epochs = options.epochs ?? compiled.training.epochs;
    if (!(Number.isInteger(epochs) && epochs >= 1)) return refuse({ code: 'BAD_EPOCHS', vars: { epochs } });

    const control = new TrainingControl();
    this.control = control;
    const run = trainModel(
      this.tf,
      {
        model: compiled.model,
        optimizer: compiled.optimizer,
        lossName: compiled.lossName,
        numClasses: prepared.classNames.length,
        labelEncoding: compiled.dataset.labels,
        train: prepared.train,
        ...(prepared.validation ? { validation: prepared.validation } : {}),
        ...(compiled.memory ? { memory: compiled.memory } : {}),
        layerOrigins: compiled.layerOrigins,
        settings: {
          epochs,
          batchSize: compiled.dataset.batchSize,
          shuffle: compiled.dataset.shuffle,
          shuffleSeed: compiled.dataset.shuffleSeed,
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

  /** The compiled model with its prepared data, or why evaluation cannot run now. */
  private ready(): { compiled: CompiledGraph; prepared: PreparedDataset; format: LabelFormat } | RuntimeFailure {
    if (!this.compiled) return refusal('NO_MODEL');
    if (!this.data) return refusal('NO_DATA');
    if (this.running) return refusal('BUSY_TRAINING');
    if (!this.prepared) {
      const failure = this.prepare();
      if (failure) return { ok: false, failure };
    }
    const format = this.labelFormat;
    if (!this.prepared || !format) return refusal('NO_DATA');
    return { compiled: this.compiled, prepared: this.prepared, format };
  }

  /** Evaluates the model on the (class-filtered) test set. */
  async evaluate(): Promise<EvaluateOutcome> {
    const ready = this.ready();
    if ('ok' in ready) return ready;
    try {
      const result = await evaluateModel(this.tf, ready.compiled.model, ready.format, ready.prepared.test);
      return { ok: true, classNames: [...ready.prepared.classNames], ...result };
    } catch (error) {
      return refusal('EVALUATION_FAILED', { detail: errorDetail(error) });
    }
  }

  /** Class probabilities for one sample (its floats, as the data set stores them); works during training too. */
  async predict(sample: Float32Array): Promise<PredictOutcome> {
    const compiled = this.compiled;
    const format = this.labelFormat;
    const shape = this.sampleShape();
    if (!compiled || !format || !shape) return refusal('NO_MODEL');
    const expected = sampleSizeOf(shape);
    if (!(sample instanceof Float32Array) || sample.length !== expected) {
      return refusal('SAMPLE_SIZE_MISMATCH', {
        expected,
        found: sample instanceof Float32Array ? sample.length : 0,
        shape: formatShape(shape),
      });
    }
    try {
      const prediction = await predictSample(this.tf, compiled.model, sample, shape, format);
      const classNames = this.prepared?.classNames ?? prediction.probabilities.map((_, index) => String(index));
      return { ok: true, classNames: [...classNames], ...prediction };
    } catch (error) {
      return refusal('PREDICTION_FAILED', { detail: errorDetail(error) });
    }
  }

  /**
   * Test samples by index: into the compiled graph's class-filtered test split (the indices
   * evaluate() reports), or into the data set's whole test split before any graph is compiled.
   */
  getTestSamples(indices: readonly number[]): TestSamplesOutcome {
    const data = this.data;
    if (!data) return refusal('NO_DATA');
    const prepared = this.prepared;
    const split: LabelledSamples = prepared?.test ?? data.test;
    const classNames = prepared?.classNames ?? data.description.classNames;
    const { sampleKind } = data.description;
    const samples: TestSample[] = [];
    for (const index of indices) {
      if (!Number.isInteger(index) || index < 0 || index >= split.count) {
        return refusal('TEST_SAMPLE_MISSING', { index, count: split.count });
      }
      const label = split.labels[index] as number;
      const base: TestSampleBase = {
        index,
        sourceIndex: prepared ? (prepared.test.sourceIndices[index] as number) : index,
        label,
        className: classNames[label] ?? String(label),
        shape: [...split.sampleShape],
      };
      const values = sampleAt(split, index);
      samples.push(
        sampleKind === 'features'
          ? { ...base, kind: 'features', values: values.slice() }
          : { ...base, kind: sampleKind, pixels: sampleBytes(values) },
      );
    }
    return { ok: true, samples };
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
