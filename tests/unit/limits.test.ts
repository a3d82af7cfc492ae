import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hugeConvGraph as hugeConv, hugeDenseGraph as hugeDense } from '../../bench/hostileInputs';
import { runKairo } from '../../src/cli/kairo';
import { analyzeGraph } from '../../src/graph/analyze';
import { emptyGraph } from '../../src/graph/edits';
import { parseGraphFile, serializeGraph } from '../../src/graph/format';
import { GRAPH_LIMITS } from '../../src/graph/limits';
import { decodeSharePayload, encodeShareFragment } from '../../src/graph/shareLink';
import type { Graph } from '../../src/graph/types';
import { renderIssue } from '../../src/i18n/renderIssue';
import { createKairoStore } from '../../src/store/index';

/**
 * One set of limits (src/graph/limits.ts) for the loader, the analysis, the editor and the CLI:
 * issue 14's cases 3 (the editor made graphs its loader refused), 7 and 8 (models far beyond any
 * machine passed every check) and 11 (positions of ±1e308 were accepted).
 */

const ROOT = join(__dirname, '../..');

function presetText(name: string): string {
  return readFileSync(join(ROOT, 'presets', `${name}.json`), 'utf8');
}

function preset(name: string): Graph {
  const result = parseGraphFile(presetText(name));
  if (!result.ok) throw new Error(`preset ${name} does not load`);
  return result.graph;
}

async function kairo(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runKairo(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

function reopens(graph: Graph): void {
  const text = serializeGraph(graph);
  const again = parseGraphFile(text);
  expect(again.ok ? 'opens' : again.issues.map((issue) => `${issue.code}.${issue.variant ?? ''}`).join(', ')).toBe('opens');
  if (again.ok) expect(serializeGraph(again.graph)).toBe(text);
}

describe('the memory budget (cases 7 and 8)', () => {
  it('refuses two dense(65536) layers in the analysis, naming them and the figures', () => {
    const analysis = analyzeGraph(hugeDense());
    expect(analysis.totalParams).toBeGreaterThan(4.3e9);
    const codes = analysis.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.code);
    expect(codes).toContain('TOO_MANY_PARAMS');
    expect(codes).toContain('OVER_MEMORY_BUDGET');
    const memory = analysis.issues.find((issue) => issue.code === 'OVER_MEMORY_BUDGET');
    expect(memory?.nodeId).toBe('dense2');
    expect(memory?.variant).toBe('weights');
    expect(memory?.vars.nodes).toEqual({ ref: 'list', items: ['dense2'] });
    for (const language of ['en', 'ja'] as const) {
      const text = renderIssue(memory ?? { code: 'OVER_MEMORY_BUDGET', vars: {} }, language);
      expect(text).toContain('dense2');
      expect(text).toMatch(/\d+\.\d GB/);
      expect(text).not.toMatch(/\{\w+\}/);
    }
  });

  it('refuses two conv2d(4096) layers for their activations, and advises a smaller batch', () => {
    const analysis = analyzeGraph(hugeConv());
    const memory = analysis.issues.find((issue) => issue.code === 'OVER_MEMORY_BUDGET');
    expect(memory?.severity).toBe('error');
    expect(memory?.variant).toBe('activations');
    expect(memory?.nodeId).toBe('conv2');
    expect(analysis.memory?.totalBytes).toBeGreaterThan(GRAPH_LIMITS.memoryBudgetBytes);
  });

  it('lets every preset through with room to spare', () => {
    for (const name of ['mnist-cnn', 'mnist-mlp', 'mnist-logreg', 'mnist-svm', 'mnist-perceptron']) {
      const analysis = analyzeGraph(preset(name));
      expect(analysis.issues.filter((issue) => issue.severity === 'error'), name).toEqual([]);
      expect(analysis.memory?.totalBytes ?? 0, name).toBeLessThan(GRAPH_LIMITS.memoryBudgetBytes / 10);
    }
  });

  it('makes kairo check say INVALID and kairo train stop before loading anything, within a second', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kairo-limits-'));
    const file = join(dir, 'huge.kairo.json');
    writeFileSync(file, serializeGraph(hugeDense()));
    const checked = await kairo('check', file);
    expect(checked.status).toBe(1);
    expect(checked.stdout).toContain('OVER_MEMORY_BUDGET');
    expect(checked.stdout).not.toContain('Ready to train');

    // CPU time, not wall time (the machine running the tests may be busy); bench/refusals.ts measures both.
    const before = process.memoryUsage().rss;
    const cpuBefore = process.cpuUsage();
    const trained = await kairo('train', file, '--backend', 'cpu');
    const cpu = process.cpuUsage(cpuBefore);
    expect(trained.status).toBe(1);
    expect(trained.stderr).toContain('TOO_MANY_PARAMS');
    expect((cpu.user + cpu.system) / 1e6).toBeLessThan(1);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });
});

describe('positions (case 11)', () => {
  it('refuses a file with a node at ±1e308 and names the field', () => {
    const data = JSON.parse(presetText('mnist-logreg'));
    data.nodes[1].position = { x: 1e308, y: -1e308 };
    const result = parseGraphFile(JSON.stringify(data));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((issue) => `${issue.code}.${issue.variant}`)).toContain('INVALID_FILE.outOfRange');
      expect(result.issues[0]?.vars.path).toBe('nodes[1].position.x');
    }
  });

  it('keeps every edit of the editor on the canvas: a move or a paste far away is pulled back', () => {
    const store = createKairoStore({ graph: preset('mnist-logreg') });
    store.getState().moveNodes(new Map([['dense', { x: 1e308, y: Number.NEGATIVE_INFINITY }]]));
    const moved = store.getState().graph.nodes.find((node) => node.id === 'dense');
    expect(moved?.position).toEqual({ x: GRAPH_LIMITS.maxCoordinate, y: -GRAPH_LIMITS.maxCoordinate });
    store.getState().setSelection(['dense'], []);
    store.getState().copySelection();
    expect(store.getState().paste()).toBe(1);
    for (const node of store.getState().graph.nodes) expect(Math.abs(node.position.x)).toBeLessThanOrEqual(GRAPH_LIMITS.maxCoordinate);
    reopens(store.getState().graph);
  });
});

describe('the editor stays within what its loader opens (case 3)', () => {
  it('caps a 25,000-character title at the title limit, in both languages', () => {
    const store = createKairoStore({ graph: preset('mnist-cnn') });
    const meta = store.getState().graph.meta;
    store.getState().setMeta({ ...meta, title: { en: 'x'.repeat(25_000), ja: '題'.repeat(25_000) } });
    const { title } = store.getState().graph.meta;
    expect(title.en.length).toBe(GRAPH_LIMITS.maxTitleChars);
    expect(title.ja.length).toBe(GRAPH_LIMITS.maxTitleChars);
    reopens(store.getState().graph);
  });

  it('refuses a duplicate or paste past the node limit with a toast, and every state reopens', () => {
    const store = createKairoStore({ graph: preset('mnist-cnn'), language: 'ja' });
    let refused = false;
    for (let round = 0; round < 10; round++) {
      store.getState().selectAll();
      const before = store.getState().graph.nodes.length;
      const added = store.getState().duplicateSelection();
      expect(store.getState().graph.nodes.length).toBeLessThanOrEqual(GRAPH_LIMITS.maxNodes);
      if (added === 0) {
        refused = true;
        expect(store.getState().graph.nodes.length).toBe(before);
        expect(store.getState().toast?.tone).toBe('error');
        expect(store.getState().toast?.text).toContain('5,000');
      }
    }
    expect(refused).toBe(true);
    reopens(store.getState().graph);
    // The share link of the largest graph the editor made opens too.
    expect(decodeSharePayload(encodeShareFragment(store.getState().graph).slice(2)).ok).toBe(true);
  });

  it('refuses the node after the limit, from the palette as from a paste', () => {
    const store = createKairoStore({ graph: emptyGraph() });
    for (let index = 0; index < GRAPH_LIMITS.maxNodes; index++) store.getState().addNodeOfType('dropout', { x: index, y: 0 });
    expect(store.getState().graph.nodes).toHaveLength(GRAPH_LIMITS.maxNodes);
    expect(store.getState().addNodeOfType('dense', { x: 0, y: 0 })).toBeUndefined();
    expect(store.getState().graph.nodes).toHaveLength(GRAPH_LIMITS.maxNodes);
    store.getState().setSelection(['dropout-1'], []);
    store.getState().copySelection();
    expect(store.getState().paste()).toBe(0);
    reopens(store.getState().graph);
  });
});
