/**
 * The heavy half of `kairo train`: backend, MNIST, compile, the run and the test evaluation, for a
 * graph the analysis has already passed (src/cli/train.ts). Loaded only then, so a refused graph
 * never pays for tfjs.
 */
import * as tf from '@tensorflow/tfjs';
import { type EngineMessage, engineMessageKey } from '../engine/failures';
import { TrainingRuntime } from '../engine/runtime';
import { chooseWasmThreadsForModel, type ThreadChoice, threadChoiceWasTrial } from '../engine/threadTiming';
import type { TrainingEvent } from '../engine/trainingEvents';
import { initWasmBackend } from '../engine/wasm/setup';
import { analyzeGraph } from '../graph/analyze';
import { hasErrors, type Issue } from '../graph/issues';
import type { Graph } from '../graph/types';
import { type DictionaryKey, type Language, type TranslateVars, translate } from '../i18n/index';
import type { CommandOutput } from './kairo';
import type { TrainCommandOptions } from './train';
import { writeTrainedModel } from './modelFolder';
import { resolveTrainingData } from './trainData';
import { wasmThreadsText } from '../ui/backendText';

/** Batches between two measurements of the per-layer norms (the batches measured are fixed by this). */
const LAYER_STATISTICS_EVERY = 10;

export interface AnalysedTrainJob {
  graph: Graph;
  /** How the run is announced: the graph's title, else the file name. */
  title: string;
  options: TrainCommandOptions;
  output: CommandOutput;
  /** Reports a failure the way the command does (text or JSON) and returns the exit status. */
  fail(message: string, issues?: Issue[], code?: string): number;
  /** performance.now() when the command started. */
  started: number;
}

/** An engine message in the chosen language, with its technical detail (if any) after it. */
function engineText(message: EngineMessage, language: Language): string {
  const detail = message.vars.detail;
  const text = translate(language, engineMessageKey(message.code), message.vars);
  return detail === undefined ? text : `${text} (${detail})`;
}

const fixed = (value: number | undefined, digits = 4) => (value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits));

/** "on 1 of 2 threads: the fastest for this model … (2 threads 1.6 ms/step · 1 thread 0.9 ms/step)". */
function threadChoiceText(choice: ThreadChoice, language: Language): string {
  const t = (key: DictionaryKey, vars?: TranslateVars) => translate(language, key, vars);
  return wasmThreadsText({ threads: choice.threads, threadsCode: choice.code, threadsAvailable: choice.available, threadTimings: choice.timings }, t);
}

/** Activates the requested backend; WASM falls back to CPU with a note. Returns the active name. */
async function activateBackend(requested: 'wasm' | 'cpu', output: CommandOutput): Promise<string> {
  if (requested === 'wasm') {
    const result = await initWasmBackend(tf);
    if (result.error) output.err(`note: ${result.error} Training on the ${result.backend} backend instead (slower).`);
    return result.backend;
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}

/** Trains the analysed graph and prints the epochs and the test accuracy; resolves with the exit status. */
export async function trainAnalysedGraph(job: AnalysedTrainJob): Promise<number> {
  const { graph, title, options: parsed, output, fail, started } = job;
  const { json, language } = parsed;
  const emitJson = (record: Record<string, unknown>) => output.out(JSON.stringify(record));
  const resolved = await resolveTrainingData(graph, parsed, language);
  if (!resolved.ok) {
    if (resolved.failure) return fail(engineText(resolved.failure, language), [], resolved.failure.code);
    return fail(resolved.message ?? translate(language, 'cli.cannotTrain', { file: parsed.file }));
  }
  for (const note of resolved.notes) output.err(`note: ${note}`);
  // Given data changes the dataset node (its reference, so its classes and shape): analyse again.
  if (resolved.graph !== graph) {
    const again = analyzeGraph(resolved.graph);
    if (hasErrors(again.issues)) return fail(translate(language, 'cli.cannotTrain', { file: parsed.file }), again.issues);
  }
  const backend = await activateBackend(parsed.backend, output);
  const runtime = new TrainingRuntime(tf);
  runtime.setData(resolved.data);
  const compiled = await runtime.compile(resolved.graph);
  if (!compiled.ok) {
    const cannot = translate(language, 'cli.cannotTrain', { file: parsed.file });
    if (compiled.failure) return fail(`${cannot}: ${engineText(compiled.failure, language)}`, [], compiled.failure.code);
    return fail(cannot, compiled.issues);
  }
  const { plan } = compiled;
  for (const notice of plan.notices) output.err(`note: ${engineText(notice, language)}`);
  // On all cores, the thread count this model trains fastest on (a small model: one thread).
  // A trial that fails leaves all threads on; the run goes on with them.
  const threads = backend === 'wasm' ? await chooseWasmThreadsForModel(tf, resolved.graph).catch(() => undefined) : undefined;
  if (threads !== undefined && threadChoiceWasTrial(threads)) output.err(`note: WASM ${threadChoiceText(threads, language)}`);

  // A table's rows are samples, not images.
  const samples = plan.sampleKind === 'features' ? 'samples' : 'images';
  if (json) {
    emitJson({
      type: 'start',
      file: parsed.file,
      backend,
      ...(threads !== undefined ? { threads: threads.threads } : {}),
      epochs: plan.epochs,
      batchSize: plan.batchSize,
      trainCount: plan.trainCount,
      validationCount: plan.validationCount,
      testCount: plan.testCount,
      classes: plan.classNames,
      params: compiled.summary.totalParams,
    });
  } else {
    output.out(
      `${title}: ${compiled.summary.totalParams} params, ${plan.trainCount} training ${samples}, batch ${plan.batchSize}, ${plan.epochs} epoch(s), backend ${backend}`,
    );
  }

  const onEvent = (event: TrainingEvent) => {
    if (event.type === 'epoch') {
      if (json) {
        // The batch samples that missed a batch event are for the app's charts; the line keeps `layers`.
        const { type, layerSamples: _forCharts, ...fields } = event;
        emitJson({ type, ...fields });
      } else {
        output.out(
          `epoch ${event.epoch}/${event.epochs}  loss ${fixed(event.loss)}  accuracy ${fixed(event.accuracy)}  val_loss ${fixed(event.valLoss)}  val_accuracy ${fixed(event.valAccuracy)}  ${event.seconds.toFixed(1)} s  (${Math.round(event.samplesPerSecond)} samples/s)`,
        );
      }
    }
  };
  // Per-layer gradient and weight norms ride on the epoch events (`layers`); measured every 10th batch.
  const outcome = await runtime.train(onEvent, { layerStatistics: { everyBatches: LAYER_STATISTICS_EVERY } });
  if (outcome.status !== 'completed') {
    return outcome.failure ? fail(engineText(outcome.failure, language), [], outcome.failure.code) : fail(`training ${outcome.status}`);
  }

  const evaluation = await runtime.evaluate();
  if (!evaluation.ok) return fail(engineText(evaluation.failure, language), [], evaluation.failure.code);
  const totalSeconds = (performance.now() - started) / 1000;
  if (json) {
    emitJson({
      type: 'test',
      accuracy: evaluation.accuracy,
      loss: evaluation.loss,
      count: evaluation.count,
      perClassAccuracy: evaluation.perClassAccuracy,
      confusionMatrix: evaluation.confusionMatrix,
      classes: evaluation.classNames,
      trainingSeconds: outcome.elapsedSeconds,
      totalSeconds,
      backend,
    });
  } else {
    output.out(
      `test accuracy ${fixed(evaluation.accuracy)}  loss ${fixed(evaluation.loss)}  (${evaluation.count} test ${samples}; training ${outcome.elapsedSeconds.toFixed(1)} s, total ${totalSeconds.toFixed(1)} s, backend ${backend})`,
    );
  }
  if (parsed.saveModel !== undefined) {
    const written = await writeTrainedModel(tf, runtime, resolved.graph, parsed.saveModel);
    if (!written.ok) return fail(`cannot save the model to ${parsed.saveModel}: ${written.reason}`);
    if (json) emitJson({ type: 'saved', dir: parsed.saveModel, files: written.files });
    else output.out(`model saved to ${parsed.saveModel} (${written.files.join(', ')})`);
  }
  await runtime.dispose();
  return 0;
}
