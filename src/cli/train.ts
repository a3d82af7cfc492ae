/**
 * `kairo train FILE [--data PATH [--test PATH] [--label COLUMN]] [--epochs N] [--limit N] [--backend wasm|cpu]
 * [--seed N] [--json] [--lang en|ja]`: trains a graph file in Node with the same engine as the
 * browser (WASM with Kairo's kernels, CPU as fallback) on the data its dataset node names (MNIST, a
 * built-in table) or on the folder, zip or CSV given with --data (trainData.ts), prints one line
 * per epoch and the final test accuracy. The file goes
 * through the same stages as in the editor — parse, analyse, compile — and an invalid graph stops
 * before any backend or data is loaded, with the same problems `kairo check` reports. Exit status 0
 * on success, 1 when the file is invalid or training fails, 2 for a wrong command line.
 */
import { getNodeDefinition } from '../../nodes/index';
import { analyzeGraph } from '../graph/analyze';
import { parseGraphFile } from '../graph/format';
import { hasErrors, type Issue } from '../graph/issues';
import type { Graph, GraphNode } from '../graph/types';
import { type Language, translate } from '../i18n/index';
import { renderIssue } from '../i18n/renderIssue';
import { issueLine, parseLanguage } from './issueLines';
import type { CommandOutput } from './kairo';
import { readGraphFileText } from './readGraphFile';
import { safeOutput } from './terminalText';
import type { DataOptions } from './trainData';

export const TRAIN_USAGE =
  'usage: kairo train FILE [--data PATH [--test PATH] [--label COLUMN]] [--epochs N] [--limit N] [--backend wasm|cpu] [--seed N] [--save-model DIR] [--json] [--lang en|ja]';

export interface TrainCommandOptions extends DataOptions {
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
  /** Folder to write the trained model to (TF.js layers format: model.json + weights.bin). */
  saveModel?: string;
}


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
      case '--data':
      case '--test':
      case '--label': {
        const value = takeValue();
        if (value === undefined || value === '') return `${flag} needs a value`;
        options[flag === '--data' ? 'data' : flag === '--test' ? 'test' : 'label'] = value;
        break;
      }
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
      case '--save-model': {
        const value = takeValue();
        if (value === undefined || value.trim() === '') return '--save-model needs a folder';
        options.saveModel = value;
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
  if (options.data === undefined && (options.test !== undefined || options.label !== undefined)) return '--test and --label need --data';
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

/** Runs `kairo train`; resolves with the exit status. */
export async function runTrainCommand(args: readonly string[], printer: CommandOutput = consoleOutput): Promise<number> {
  const output = safeOutput(printer);
  if (args.includes('--help') || args.includes('-h')) {
    output.out(TRAIN_USAGE);
    output.out('  --data PATH  train on a folder of class folders, a .zip of one, or a .csv/.tsv table');
    output.out('               (default: the data the dataset node names: MNIST or a built-in table)');
    output.out('               images: JPEG, PNG and TIFF (WebP, GIF and BMP only in the browser)');
    output.out('  --test PATH  a separate test folder, zip or table (default: a seeded held-out fraction)');
    output.out('  --label COL  the label column of a table (default: the graph\'s, else the last text column)');
    output.out('  --epochs N   train N epochs (default: the optimizer node\'s)');
    output.out('  --limit N    use N training images (the dataset node\'s trainSubset)');
    output.out('  --backend B  wasm (default; CPU if WASM cannot start) or cpu');
    output.out('  --seed N     seed of the initial weights (the optimizer node\'s seed)');
    output.out('  --save-model DIR  write the trained model to DIR (TF.js layers format: model.json + weights.bin)');
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

  const read = await readGraphFileText(parsed.file);
  if (!read.ok) {
    if (read.issue.code === 'FILE_TOO_LARGE') return fail(translate(language, 'cli.notGraphFile', { file: parsed.file }), [read.issue]);
    return fail(`cannot read ${parsed.file}: ${String(read.issue.vars.reason)}`);
  }
  const file = parseGraphFile(read.text);
  if (!file.ok) return fail(translate(language, 'cli.notGraphFile', { file: parsed.file }), file.issues);
  const graph = applyOverrides(file.graph, parsed);
  // The analysis decides before anything heavy is loaded: an invalid graph fails in milliseconds.
  const analysis = analyzeGraph(graph);
  if (hasErrors(analysis.issues)) {
    return fail(translate(language, 'cli.cannotTrain', { file: parsed.file }), [...file.warnings, ...analysis.issues]);
  }
  for (const issue of [...file.warnings, ...analysis.issues]) output.err(`  ${issueLine(issue, language)}`);

  // tfjs and the data are loaded only now, for a graph the analysis has passed: a refused graph
  // costs neither the seconds of loading them nor their memory.
  const { trainAnalysedGraph } = await import('./trainRun');
  return trainAnalysedGraph({ graph, title: file.graph.meta.title.en || parsed.file, options: parsed, output, fail, started });
}
