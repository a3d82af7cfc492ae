/**
 * `kairo check [--json] [--lang en|ja] FILE…`: loads each graph file exactly as the editor does,
 * analyses it and prints, per node, its output shape(s) and parameter count, then the total and
 * every problem with its code, in English or Japanese. Exit status 0 only when every file is
 * valid (warnings allowed), 1 otherwise, 2 for a wrong command line.
 */
import { analyzeGraph, type GraphAnalysis } from '../graph/analyze';
import { parseGraphFile } from '../graph/format';
import { hasErrors, type Issue } from '../graph/issues';
import type { Graph } from '../graph/types';
import { formatCount, type Language, localized, translate } from '../i18n/index';
import { formatShape, renderIssue } from '../i18n/renderIssue';
import { issueLine, parseLanguage } from './issueLines';
import type { CommandOutput } from './kairo';
import { readGraphFileText } from './readGraphFile';
import { safeOutput } from './terminalText';

export const CHECK_USAGE = 'usage: kairo check [--json] [--lang en|ja] FILE…';

/** What `check` found in one file. */
export interface FileCheck {
  file: string;
  valid: boolean;
  graph?: Graph;
  analysis?: GraphAnalysis;
  /** Every problem: from loading, then from the analysis. */
  issues: Issue[];
}

/** Loads and analyses one graph file's text. */
export function checkGraphText(file: string, text: string): FileCheck {
  const parsed = parseGraphFile(text);
  if (!parsed.ok) return { file, valid: false, issues: parsed.issues };
  const analysis = analyzeGraph(parsed.graph);
  const issues = [...parsed.warnings, ...analysis.issues];
  return { file, valid: !hasErrors(issues), graph: parsed.graph, analysis, issues };
}

async function checkFile(file: string): Promise<FileCheck> {
  // A huge file is refused before it is read; the exact limit (in characters) is parseGraphFile's.
  const read = await readGraphFileText(file);
  return read.ok ? checkGraphText(file, read.text) : { file, valid: false, issues: [read.issue] };
}

/** The human-readable report of one file, as lines in `language`. */
export function formatFileCheck(check: FileCheck, language: Language = 'en'): string[] {
  const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(language, key, vars);
  const count = (value: number) => formatCount(value, language);
  const lines: string[] = [];
  const title = check.graph ? localized(check.graph.meta.title, language) : '';
  lines.push(title ? `${check.file} — ${title}` : check.file);
  const { graph, analysis } = check;
  if (graph && analysis) {
    const ordered = [...analysis.order, ...graph.nodes.map((node) => node.id).filter((id) => !analysis.order.includes(id))];
    const typeOf = new Map(graph.nodes.map((node) => [node.id, node.type]));
    const rows = ordered.map((id) => {
      const result = analysis.nodes[id];
      const outputs = result ? Object.entries(result.outputs) : [];
      const shapes =
        result === undefined
          ? ['—']
          : outputs.length === 0
            ? [t('cli.noOutput')]
            : outputs.length === 1 && outputs[0]?.[0] === 'out'
              ? [formatShape(outputs[0][1], language)]
              : outputs.map(([port, shape]) => `${port} ${formatShape(shape, language)}`);
      return { id, type: typeOf.get(id) ?? '?', shapes, params: result ? count(result.params) : '—' };
    });
    const header = { id: t('cli.node'), type: t('cli.type'), shapes: [t('cli.outputShape')], params: t('cli.params') };
    const all = [header, ...rows];
    const idWidth = Math.max(...all.map((row) => row.id.length));
    const typeWidth = Math.max(...all.map((row) => row.type.length));
    const shapeWidth = Math.max(...all.flatMap((row) => row.shapes.map((shape) => shape.length)));
    const paramWidth = Math.max(...all.map((row) => row.params.length));
    for (const row of all) {
      row.shapes.forEach((shape, index) => {
        const first = index === 0;
        lines.push(
          `  ${(first ? row.id : '').padEnd(idWidth)}  ${(first ? row.type : '').padEnd(typeWidth)}  ${shape.padEnd(shapeWidth)}  ${(first ? row.params : '').padStart(paramWidth)}`.trimEnd(),
        );
      });
    }
    lines.push(`  ${t('cli.total', { count: count(analysis.totalParams) })}`);
  }
  const errors = check.issues.filter((issue) => issue.severity === 'error');
  const warnings = check.issues.filter((issue) => issue.severity === 'warning');
  if (check.issues.length === 0) {
    lines.push(`  ${t('cli.noProblems')}`);
  } else {
    const verdict = t(check.valid ? 'cli.verdict.ok' : graph ? 'cli.verdict.invalid' : 'cli.verdict.cannotLoad');
    lines.push(`  ${verdict}: ${t('topbar.problems', { errors: errors.length, warnings: warnings.length })}`);
    for (const issue of [...errors, ...warnings]) lines.push(`  ${issueLine(issue, language)}`);
  }
  return lines;
}

/** A FileCheck as plain JSON data for `--json`: each problem as data, with its sentence in `language`. */
function jsonOfCheck(check: FileCheck, language: Language) {
  return {
    file: check.file,
    valid: check.valid,
    totalParams: check.analysis?.totalParams ?? null,
    nodes: check.analysis ? { ...check.analysis.nodes } : null,
    issues: check.issues.map((issue) => ({ ...issue, text: renderIssue(issue, language) })),
  };
}

export async function runCheckCommand(args: readonly string[], printer: CommandOutput): Promise<number> {
  const output = safeOutput(printer);
  let json = false;
  let language: Language = 'en';
  const files: string[] = [];
  const refuse = (problem: string) => {
    output.err(`kairo check: ${problem}`);
    output.err(CHECK_USAGE);
    return 2;
  };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--json') json = true;
    else if (arg === '--lang' || arg.startsWith('--lang=')) {
      const chosen = parseLanguage(arg === '--lang' ? args[++index] : arg.slice('--lang='.length));
      if (chosen !== 'en' && chosen !== 'ja') return refuse(chosen);
      language = chosen;
    } else if (arg === '--help' || arg === '-h') {
      output.out(CHECK_USAGE);
      return 0;
    } else if (arg.startsWith('-') && arg !== '-') return refuse(`unknown option ${arg}`);
    else files.push(arg);
  }
  if (files.length === 0) return refuse('name at least one graph file');
  const checks: FileCheck[] = [];
  for (const file of files) checks.push(await checkFile(file));
  if (json) {
    // One call per line: a printed line never contains a line break (JSON keeps them out of strings).
    for (const line of JSON.stringify(checks.map((check) => jsonOfCheck(check, language)), null, 2).split('\n')) output.out(line);
  } else {
    checks.forEach((check, index) => {
      if (index > 0) output.out('');
      for (const line of formatFileCheck(check, language)) output.out(line);
    });
  }
  return checks.every((check) => check.valid) ? 0 : 1;
}
