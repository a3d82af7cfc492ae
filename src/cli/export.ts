/**
 * `kairo export FILE --to keras|pytorch|notebook [--weights MODEL_DIR] [-o OUT] [--lang en|ja]`:
 * writes the graph as code — a Keras script, a PyTorch script, or a Colab notebook. With --weights
 * (a folder written by `kairo train --save-model`, or any TF.js layers model of the same graph),
 * the weights are checked against the graph first and become the script's default --weights.
 * Exit status 0 on success, 1 when the graph or the weights cannot be exported, 2 for a wrong
 * command line. Loads no tfjs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { builtinTableRows } from '../export/builtinTableRows';
import { describeForExport, type ExportModel } from '../export/exportModel';
import { kerasScript } from '../export/keras';
import type { ModelProblem } from '../export/modelProblems';
import { kerasNotebook } from '../export/notebook';
import { type CodeExport, type CodeExportOptions, pytorchScript } from '../export/pytorch';
import { checkWeights } from '../export/trainedModel';
import { parseGraphFile } from '../graph/format';
import { type Language, translate } from '../i18n/index';
import { issueLine, parseLanguage } from './issueLines';
import type { CommandOutput } from './kairo';
import { readModelFolder } from './modelFolder';

export const EXPORT_USAGE = 'usage: kairo export FILE --to keras|pytorch|notebook [--weights MODEL_DIR] [-o OUT] [--lang en|ja]';

const TARGETS = {
  keras: (model: ExportModel, options: CodeExportOptions) => kerasScript(model, options),
  pytorch: (model: ExportModel, options: CodeExportOptions) => pytorchScript(model, options),
  notebook: (model: ExportModel, options: CodeExportOptions) => kerasNotebook(model, options),
} as const;

export type ExportTarget = keyof typeof TARGETS;

export interface ExportCommandOptions {
  file: string;
  to: ExportTarget;
  weights?: string;
  out?: string;
  language: Language;
}

function isTarget(value: string | undefined): value is ExportTarget {
  return value !== undefined && Object.hasOwn(TARGETS, value);
}

/** Parses the arguments after `export`; a string is the problem with them. */
export function parseExportArguments(args: readonly string[]): ExportCommandOptions | string {
  let file: string | undefined;
  let to: ExportTarget | undefined;
  const options: { weights?: string; out?: string; language: Language } = { language: 'en' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const takeValue = () => inlineValue ?? args[++i];
    switch (flag) {
      case '--to': {
        const value = takeValue();
        if (!isTarget(value)) return `--to must be keras, pytorch or notebook${value === undefined ? '' : `, got "${value}"`}`;
        to = value;
        break;
      }
      case '--weights':
      case '-o':
      case '--out': {
        const value = takeValue();
        if (value === undefined || value.trim() === '') return `${flag} needs a path`;
        if (flag === '--weights') options.weights = value;
        else options.out = value;
        break;
      }
      case '--lang': {
        const value = parseLanguage(takeValue());
        if (value !== 'en' && value !== 'ja') return value;
        options.language = value;
        break;
      }
      default:
        if (flag?.startsWith('-')) return `unknown option ${flag}`;
        if (file !== undefined) return `only one FILE, got "${file}" and "${arg}"`;
        file = arg;
    }
  }
  if (file === undefined) return 'missing FILE';
  if (to === undefined) return 'missing --to keras|pytorch|notebook';
  return { file, to, ...options };
}

function problemText(problem: ModelProblem, language: Language): string {
  return translate(language, `export.problem.${problem.code}`, problem.vars);
}

/** Runs `kairo export`; resolves with the exit status. */
export async function runExportCommand(args: readonly string[], output: CommandOutput): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    output.out(EXPORT_USAGE);
    output.out('  --to T           keras (script), pytorch (script, runs under torchrun too) or notebook (Keras, for Colab)');
    output.out('  --weights DIR    Kairo\'s trained model (kairo train --save-model DIR): checked against the graph,');
    output.out('                   and the script\'s default --weights');
    output.out('  -o OUT           write to OUT (default: standard output)');
    output.out('  --lang L         language of the problems: en (default) or ja');
    return 0;
  }
  const parsed = parseExportArguments(args);
  if (typeof parsed === 'string') {
    output.err(`kairo export: ${parsed}`);
    output.err(EXPORT_USAGE);
    return 2;
  }
  const { language } = parsed;
  let text: string;
  try {
    text = await readFile(parsed.file, 'utf8');
  } catch (error) {
    output.err(`kairo export: cannot read ${parsed.file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const file = parseGraphFile(text);
  if (!file.ok) {
    output.err(`kairo export: ${translate(language, 'cli.notGraphFile', { file: parsed.file })}`);
    for (const issue of file.issues) output.err(`  ${issueLine(issue, language)}`);
    return 1;
  }
  const description = describeForExport(file.graph);
  if (!description.ok) {
    output.err(`kairo export: ${translate(language, 'export.cli.cannotExport', { file: parsed.file })}`);
    for (const issue of description.issues) output.err(`  ${issueLine(issue, language)}`);
    return 1;
  }
  if (parsed.weights !== undefined) {
    const read = await readModelFolder(parsed.weights);
    const problem = read.ok ? checkWeights(read.weights, description.model.weights) : read.problem;
    if (problem) {
      output.err(`kairo export: ${parsed.weights}: ${problemText(problem, language)}`);
      return 1;
    }
  }
  const builtinTable = await builtinTableRows(file.graph);
  const result: CodeExport = TARGETS[parsed.to](description.model, {
    ...(parsed.weights === undefined ? {} : { weights: parsed.weights }),
    ...(builtinTable ? { builtinTable } : {}),
  });
  if (!result.ok) {
    const source = 'source' in result ? result.source : '?';
    output.err(`kairo export: ${translate(language, 'export.cli.unknownSource', { source })}`);
    return 1;
  }
  if (parsed.out === undefined) {
    output.out(result.text.replace(/\n$/, ''));
    return 0;
  }
  try {
    await writeFile(parsed.out, result.text);
  } catch (error) {
    output.err(`kairo export: cannot write ${parsed.out}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  output.out(translate(language, 'export.cli.written', { file: parsed.out, target: parsed.to }));
  return 0;
}
