/**
 * `kairo check [--json] FILE…`: loads each graph file exactly as the editor does, analyses it and
 * prints, per node, its output shape(s) and parameter count, then the total and every problem with
 * its code. Exit status 0 only when every file is valid (warnings allowed), 1 otherwise, 2 for a
 * wrong command line.
 */
import { readFile, stat } from 'node:fs/promises';
import { formatShape } from '../../nodes/shared';
import { analyzeGraph, type GraphAnalysis } from '../graph/analyze';
import { parseGraphFile } from '../graph/format';
import { hasErrors, type Issue, makeIssue } from '../graph/issues';
import { MAX_FILE_CHARS } from '../graph/schema';
import type { Graph, Shape } from '../graph/types';
import type { CommandOutput } from './kairo';

export const CHECK_USAGE = 'usage: kairo check [--json] FILE…';

/** What `check` found in one file. */
export interface FileCheck {
  file: string;
  valid: boolean;
  graph?: Graph;
  analysis?: GraphAnalysis;
  /** Every problem: from loading, then from the analysis. */
  issues: Issue[];
}

const count = (value: number) => value.toLocaleString('en-US');
const shapeText = (shape: Shape) => (shape.length === 0 ? 'scalar' : formatShape(shape));

/** Loads and analyses one graph file's text. */
export function checkGraphText(file: string, text: string): FileCheck {
  const parsed = parseGraphFile(text);
  if (!parsed.ok) return { file, valid: false, issues: parsed.issues };
  const analysis = analyzeGraph(parsed.graph);
  const issues = [...parsed.warnings, ...analysis.issues];
  return { file, valid: !hasErrors(issues), graph: parsed.graph, analysis, issues };
}

async function checkFile(file: string): Promise<FileCheck> {
  try {
    // Refuse a huge file before reading it; the exact limit (in characters) is parseGraphFile's.
    const { size } = await stat(file);
    if (size > 4 * MAX_FILE_CHARS) {
      const issue = makeIssue(
        'FILE_TOO_LARGE',
        `The file has ${count(size)} bytes; graph files are limited to ${count(MAX_FILE_CHARS)} characters.`,
      );
      return { file, valid: false, issues: [issue] };
    }
    return checkGraphText(file, await readFile(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { file, valid: false, issues: [makeIssue('INVALID_FILE', `Cannot read the file: ${reason}`)] };
  }
}

function where(issue: Issue): string {
  const parts = [
    issue.nodeId !== undefined ? `node ${issue.nodeId}` : undefined,
    issue.edgeId !== undefined ? `edge ${issue.edgeId}` : undefined,
    issue.port !== undefined ? `port ${issue.port}` : undefined,
    issue.param !== undefined ? `param ${issue.param}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? `[${parts.join(', ')}] ` : '';
}

function plural(value: number, word: string): string {
  return `${value} ${word}${value === 1 ? '' : 's'}`;
}

/** The human-readable report of one file, as lines. */
export function formatFileCheck(check: FileCheck): string[] {
  const lines: string[] = [];
  const title = check.graph?.meta.title.en;
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
            ? ['(no output)']
            : outputs.length === 1 && outputs[0]?.[0] === 'out'
              ? [shapeText(outputs[0][1])]
              : outputs.map(([port, shape]) => `${port} ${shapeText(shape)}`);
      return { id, type: typeOf.get(id) ?? '?', shapes, params: result ? count(result.params) : '—' };
    });
    const header = { id: 'Node', type: 'Type', shapes: ['Output shape'], params: 'Params' };
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
    lines.push(`  Total params: ${count(analysis.totalParams)}`);
  }
  const errors = check.issues.filter((issue) => issue.severity === 'error');
  const warnings = check.issues.filter((issue) => issue.severity === 'warning');
  if (check.issues.length === 0) {
    lines.push('  OK: no problems.');
  } else {
    const verdict = check.valid ? 'OK' : graph ? 'INVALID' : 'CANNOT LOAD';
    lines.push(`  ${verdict}: ${plural(errors.length, 'error')}, ${plural(warnings.length, 'warning')}`);
    for (const issue of [...errors, ...warnings]) {
      lines.push(`  ${issue.severity.padEnd(7)}  ${issue.code}  ${where(issue)}${issue.message}`);
    }
  }
  return lines;
}

/** A FileCheck as plain JSON data for `--json`. */
function jsonOfCheck(check: FileCheck) {
  return {
    file: check.file,
    valid: check.valid,
    totalParams: check.analysis?.totalParams ?? null,
    nodes: check.analysis ? { ...check.analysis.nodes } : null,
    issues: check.issues,
  };
}

export async function runCheckCommand(args: readonly string[], output: CommandOutput): Promise<number> {
  let json = false;
  const files: string[] = [];
  for (const arg of args) {
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') {
      output.out(CHECK_USAGE);
      return 0;
    } else if (arg.startsWith('-') && arg !== '-') {
      output.err(`kairo check: unknown option ${arg}`);
      output.err(CHECK_USAGE);
      return 2;
    } else files.push(arg);
  }
  if (files.length === 0) {
    output.err('kairo check: name at least one graph file');
    output.err(CHECK_USAGE);
    return 2;
  }
  const checks: FileCheck[] = [];
  for (const file of files) checks.push(await checkFile(file));
  if (json) {
    output.out(JSON.stringify(checks.map(jsonOfCheck), null, 2));
  } else {
    checks.forEach((check, index) => {
      if (index > 0) output.out('');
      for (const line of formatFileCheck(check)) output.out(line);
    });
  }
  return checks.every((check) => check.valid) ? 0 : 1;
}
