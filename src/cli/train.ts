/**
 * `kairo train FILE [--epochs N] [--limit N] [--backend wasm|cpu] [--seed N] [--json] [--lang en|ja]`:
 * trains a graph file on MNIST in Node with the same engine as the browser (WASM with Kairo's
 * kernels, CPU as fallback), prints one line per epoch and the final test accuracy. The file goes
 * through the same stages as in the editor — parse, analyse, compile — and an invalid graph stops
 * before any backend or data is loaded, with the same problems `kairo check` reports. Exit status 0
 * on success, 1 when the file is invalid or training fails, 2 for a wrong command line.
 */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { datasetFailureOf } from '../engine/data/datasetError';
import { mnistNodeSource } from '../engine/data/mnistNode';
import type { LoadedDataset } from '../engine/data/source';
import { type EngineMessage, engineMessageKey } from '../engine/failures';
import { TrainingRuntime } from '../engine/runtime';
import type { TrainingEvent } from '../engine/trainingEvents';
import { initWasmBackend } from '../engine/wasm/setup';
import { getNodeDefinition } from '../../nodes/index';
import { analyzeGraph } from '../graph/analyze';
import { parseGraphFile } from '../graph/format';
import { hasErrors, type Issue } from '../graph/issues';
import type { Graph, GraphNode } from '../graph/types';
import { type Language, translate } from '../i18n/index';
import { renderIssue } from '../i18n/renderIssue';
import { issueLine, parseLanguage } from './issueLines';
import type { CommandOutput } from './kairo';

export const TRAIN_USAGE =
  'usage: kairo train FILE [--epochs N] [--limit N] [--backend wasm|cpu] [--seed N] [--json] [--lang en|ja]';

export interface TrainCommandOptions {
  file: string;
  epochs?: number;
  /** Number of training images (the dataset node's trainSubset). */
  limit?: number;
  backend: 'wasm' | 'cpu';
  /** Seed of the initial weights (the optimizer node's seed). */
  seed?: number;
  json: boolean;
  /** Language of the problems printed. */
  language: Language;
}

/** Batches between two measurements of the per-layer norms (the batches measured are fixed by this). */
const LAYER_STATISTICS_EVERY = 10;

const consoleOutput: CommandOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Parses the arguments after `train`; a string is the problem with them. */
export function parseTrainArguments(args: readonly string[]): TrainCommandOptions | string {
  let file: string | undefined;
  const options: Omit<TrainCommandOptions, 'file'> = { backend: 'wasm', json: false, language: 'en' };
  const wholeNumber = (flag: string, text: string | undefined, min: number): number | string => {
    const value = Number(text);
    if (text === undefined || text.trim() === '' || !Number.isInteger(value) || value < min) {
      return `${flag} needs a whole number ≥ ${min}${text === undefined ? '' : `, got "${text}"`}`;
    }
    return value;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const takeValue = () => inlineValue ?? args[++i];
    switch (flag) {
      case '--json':
        options.json = true;
        break;
      case '--epochs':
      case '--limit':
      case '--seed': {
        const value = wholeNumber(flag, takeValue(), flag === '--seed' ? 0 : 1);
        if (typeof value === 'string') return value;
        if (flag === '--epochs') options.epochs = value;
        else if (flag === '--limit') options.limit = value;
        else options.seed = value;
        break;
      }
      case '--lang': {
        const value = parseLanguage(takeValue());
        if (value !== 'en' && value !== 'ja') return value;
        options.language = value;
        break;
      }
      case '--backend': {
        const value = takeValue();
        if (value !== 'wasm' && value !== 'cpu') return `--backend must be wasm or cpu${value === undefined ? '' : `, got "${value}"`}`;
        options.backend = value;
        break;
      }
      default:
        if (flag?.startsWith('-')) return `unknown option ${flag}`;
        if (file !== undefined) return `only one FILE, got "${file}" and "${arg}"`;
        file = arg;
    }
  }
  if (file === undefined) return 'missing FILE';
  return { file, ...options };
}

/** Each command-line override: the role of the node it is written into, and the param. */
const OVERRIDES = [
  { option: 'limit', role: 'dataset', param: 'trainSubset' },
  { option: 'epochs', role: 'optimizer', param: 'epochs' },
  { option: 'seed', role: 'optimizer', param: 'seed' },
] as const;

/**
 * The graph with the command line's overrides written into the nodes of the dataset and optimizer
 * roles (by role, for whichever node type plays it, where that type has the param). The analysis
 * then checks the overridden values like any other.
 */
export function applyOverrides(graph: Graph, options: Pick<TrainCommandOptions, 'epochs' | 'limit' | 'seed'>): Graph {
  const override = (node: GraphNode): GraphNode => {
    const definition = getNodeDefinition(node.type);
    let params = node.params;
    for (const { option, role, param } of OVERRIDES) {
      const value = options[option];
      if (value === undefined || definition?.role !== role || !Object.hasOwn(definition.params, param)) continue;
      params = { ...params, [param]: value };
    }
    return params === node.params ? node : { ...node, params };
  };
  return { ...graph, nodes: graph.nodes.map(override) };
}

/** An engine message in the chosen language, with its technical detail (if any) after it. */
function engineText(message: EngineMessage, language: Language): string {
  const detail = message.vars.detail;
  const text = translate(language, engineMessageKey(message.code), message.vars);
  return detail === undefined ? text : `${text} (${detail})`;
}

const fixed = (value: number | undefined, digits = 4) => (value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits));

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

/** Runs `kairo train`; resolves with the exit status. */
export async function runTrainCommand(args: readonly string[], output: CommandOutput = consoleOutput): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    output.out(TRAIN_USAGE);
    output.out('  --epochs N   train N epochs (default: the optimizer node\'s)');
    output.out('  --limit N    use N training images (the dataset node\'s trainSubset)');
    output.out('  --backend B  wasm (default; CPU if WASM cannot start) or cpu');
    output.out('  --seed N     seed of the initial weights (the optimizer node\'s seed)');
    output.out('  --json       one JSON object per line: start, epoch…, test (or failed); epoch lines carry');
    output.out('               layers: [{node, gradNorm, weightNorm}] per trainable node');
    output.out('  --lang L     language of the problems: en (default) or ja');
    return 0;
  }
  const parsed = parseTrainArguments(args);
  if (typeof parsed === 'string') {
    output.err(`kairo train: ${parsed}`);
    output.err(TRAIN_USAGE);
    return 2;
  }
  const { json, language } = parsed;
  const emitJson = (record: Record<string, unknown>) => output.out(JSON.stringify(record));
  const fail = (message: string, issues: Issue[] = [], code?: string): number => {
    if (json) {
      const rendered = issues.map((issue) => ({ ...issue, text: renderIssue(issue, language) }));
      emitJson({ type: 'failed', message, issues: rendered, ...(code ? { code } : {}) });
    }
    else {
      output.err(`kairo train: ${message}`);
      for (const issue of issues) output.err(`  ${issueLine(issue, language)}`);
    }
    return 1;
  };
  const started = performance.now();

  let text: string;
  try {
    text = await readFile(parsed.file, 'utf8');
  } catch (error) {
    return fail(`cannot read ${parsed.file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const file = parseGraphFile(text);
  if (!file.ok) return fail(translate(language, 'cli.notGraphFile', { file: parsed.file }), file.issues);
  const graph = applyOverrides(file.graph, parsed);
  // The analysis decides before anything heavy is loaded: an invalid graph fails in milliseconds.
  const analysis = analyzeGraph(graph);
  if (hasErrors(analysis.issues)) {
    return fail(translate(language, 'cli.cannotTrain', { file: parsed.file }), [...file.warnings, ...analysis.issues]);
  }
  for (const issue of [...file.warnings, ...analysis.issues]) output.err(`  ${issueLine(issue, language)}`);

  const backend = await activateBackend(parsed.backend, output);
  let data: LoadedDataset;
  try {
    data = await mnistNodeSource().load();
  } catch (error) {
    const failure = datasetFailureOf(error);
    return fail(engineText(failure, language), [], failure.code);
  }
  const runtime = new TrainingRuntime(tf);
  runtime.setData(data);
  const compiled = await runtime.compile(graph);
  if (!compiled.ok) {
    const cannot = translate(language, 'cli.cannotTrain', { file: parsed.file });
    if (compiled.failure) return fail(`${cannot}: ${engineText(compiled.failure, language)}`, [], compiled.failure.code);
    return fail(cannot, compiled.issues);
  }
  const { plan } = compiled;
  for (const notice of plan.notices) output.err(`note: ${engineText(notice, language)}`);

  const title = file.graph.meta.title.en || parsed.file;
  if (json) {
    emitJson({
      type: 'start',
      file: parsed.file,
      backend,
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
      `${title}: ${compiled.summary.totalParams} params, ${plan.trainCount} training images, batch ${plan.batchSize}, ${plan.epochs} epoch(s), backend ${backend}`,
    );
  }

  const onEvent = (event: TrainingEvent) => {
    if (event.type === 'epoch') {
      if (json) {
        const { type, ...fields } = event;
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
      `test accuracy ${fixed(evaluation.accuracy)}  loss ${fixed(evaluation.loss)}  (${evaluation.count} test images; training ${outcome.elapsedSeconds.toFixed(1)} s, total ${totalSeconds.toFixed(1)} s, backend ${backend})`,
    );
  }
  await runtime.dispose();
  return 0;
}
