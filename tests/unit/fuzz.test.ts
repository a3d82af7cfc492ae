import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../src/graph/analyze';
import { parseGraphFile, serializeGraph } from '../../src/graph/format';
import { ISSUE_CODES, type Issue } from '../../src/graph/issues';
import { renderIssue } from '../../src/i18n/renderIssue';
import { PRESETS, presetMutations, randomJson, randomSource } from './fuzzMutations';

/**
 * Thousands of damaged graph files, all seeded (a failure names its seed and can be replayed):
 * nothing may escape parseGraphFile or analyzeGraph as an exception, every refusal has a known
 * code, and whatever loads saves back to text that loads to the same graph.
 */

const KNOWN_CODES = new Set(Object.keys(ISSUE_CODES));

function expectWellFormedIssues(issues: readonly Issue[], context: string) {
  for (const issue of issues) {
    expect(KNOWN_CODES.has(issue.code), `${context}: unknown code ${issue.code}`).toBe(true);
    expect(issue.severity, context).toBe(ISSUE_CODES[issue.code]);
    // The catch-all variants mean a layer threw: a bug, even though it was caught.
    expect(issue.variant, context).not.toBe('internal');
    expect(issue.variant, context).not.toBe('inferFailed');
    // Every problem renders to a whole sentence in both languages: no placeholder left unfilled.
    for (const language of ['en', 'ja'] as const) {
      expect(renderIssue(issue, language), `${context} ${issue.code} ${language}`).not.toMatch(/\{\w+\}/);
    }
  }
}

/** Parses one input and checks every promise parseGraphFile and analyzeGraph make. */
function checkOne(input: unknown, context: string): 'loaded' | 'refused' {
  const result = parseGraphFile(input);
  if (!result.ok) {
    expect(result.issues.some((issue) => issue.severity === 'error'), context).toBe(true);
    expectWellFormedIssues(result.issues, context);
    return 'refused';
  }
  expectWellFormedIssues(result.warnings, context);
  const analysis = analyzeGraph(result.graph);
  expectWellFormedIssues(analysis.issues, context);
  expect(Number.isFinite(analysis.totalParams), context).toBe(true);
  const text = serializeGraph(result.graph);
  const again = parseGraphFile(text);
  expect(again.ok, context).toBe(true);
  if (again.ok) expect(again.graph, context).toEqual(result.graph);
  return 'loaded';
}

describe('fuzzing parseGraphFile', () => {
  it('survives 1,200 seeded mutations of the presets, as data and as text', () => {
    const tally = { loaded: 0, refused: 0 };
    for (const { seed, input } of presetMutations()) tally[checkOne(input, `seed ${seed}`)] += 1;
    // Both outcomes must actually occur, or the mutations are too weak (or too strong) to test anything.
    expect(tally.loaded).toBeGreaterThan(50);
    expect(tally.refused).toBeGreaterThan(500);
  });

  it('survives 600 damaged texts: truncated, with characters flipped or inserted', () => {
    for (let seed = 1; seed <= 600; seed++) {
      const random = randomSource(10_000 + seed);
      let text = PRESETS[seed % PRESETS.length] as string;
      const operation = random.int(3);
      const at = random.int(text.length);
      if (operation === 0) text = text.slice(0, at);
      else if (operation === 1) text = `${text.slice(0, at)}${random.pick(['{', '}', '[', ']', '"', ',', ':', '\\', '0', 'x', '\n'])}${text.slice(at + 1)}`;
      else text = `${text.slice(0, at)}${random.pick(['"__proto__": {}, ', ', null', '{', '-', '1e999', '\u0000'])}${text.slice(at)}`;
      checkOne(text, `text seed ${seed}`);
    }
  });

  it('survives 600 arbitrary JSON values and a few non-JSON ones', () => {
    for (let seed = 1; seed <= 600; seed++) {
      const random = randomSource(20_000 + seed);
      const value = randomJson(random, 0);
      checkOne(value, `value seed ${seed}`);
      checkOne(JSON.stringify(value), `value text seed ${seed}`);
      // The same value where a graph file's fields are expected.
      checkOne({ format: 'kairo-graph', version: 1, nodes: value, edges: [] }, `nodes seed ${seed}`);
      checkOne({ format: 'kairo-graph', version: 1, nodes: [{ id: 'n', type: 'dense', params: value }], edges: [] }, `params seed ${seed}`);
    }
    for (const odd of [undefined, Symbol('s'), () => 1, 10n, new Date(0), new Map(), Number.NaN, Number.POSITIVE_INFINITY]) {
      checkOne(odd, String(typeof odd));
    }
  });

  it('left Object.prototype alone after all of that', () => {
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
