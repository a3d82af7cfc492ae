import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../src/graph/analyze';
import { canConnect } from '../../src/graph/connect';
import { parseGraphFile, readGraphDocument } from '../../src/graph/format';
import { ISSUE_CODES, type Issue, type IssueCode, makeIssue, portRef, shapeRef } from '../../src/graph/issues';
import type { Graph } from '../../src/graph/types';
import { issueTextsEn } from '../../src/i18n/issues.en';
import { issueTextsJa } from '../../src/i18n/issues.ja';
import { formatShape, issueTextKey, renderIssue } from '../../src/i18n/renderIssue';
import { presetMutations } from './fuzzMutations';

/**
 * Problems are data; their words live in the issue dictionaries. Every code has an English and a
 * Japanese sentence, and every sentence a producer picks gets every value it names.
 */

const BROKEN_DIR = join(__dirname, 'fixtures/broken');
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const PLACEHOLDER = /\{(\w+)\}/g;

function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
}

/** Every problem the fixtures and the fuzz test's preset mutations produce, at any stage. */
function producedIssues(): Issue[] {
  const inputs: unknown[] = readdirSync(BROKEN_DIR).map((file) => readFileSync(join(BROKEN_DIR, file), 'utf8'));
  for (const { input } of presetMutations()) inputs.push(input);
  const issues: Issue[] = [];
  for (const input of inputs) {
    const parsed = parseGraphFile(input);
    issues.push(...(parsed.ok ? parsed.warnings : parsed.issues));
    const document = readGraphDocument(input);
    if (document.ok) issues.push(...analyzeGraph(document.graph).issues);
  }
  return issues;
}

describe('issue texts', () => {
  it('every code has an English and a Japanese sentence, and Japanese has every English key', () => {
    for (const code of Object.keys(ISSUE_CODES) as IssueCode[]) {
      expect(issueTextsEn[code], code).toBeTruthy();
      expect(issueTextsJa[code], code).toBeTruthy();
    }
    expect(Object.keys(issueTextsJa).sort()).toEqual(Object.keys(issueTextsEn).sort());
  });

  it('every variant belongs to a code, and the two languages name the same values', () => {
    for (const key of Object.keys(issueTextsEn) as (keyof typeof issueTextsEn)[]) {
      const [code] = key.split('.');
      if (code !== 'phrase') expect(Object.keys(ISSUE_CODES), key).toContain(code);
      expect(placeholders(issueTextsJa[key]).sort(), key).toEqual(placeholders(issueTextsEn[key]).sort());
    }
  });

  it('the Japanese sentences are Japanese', () => {
    for (const [key, text] of Object.entries(issueTextsJa)) {
      // Fixed phrases may be symbols or JSON words (null, ":"); every sentence is written in Japanese.
      if (!key.startsWith('phrase.')) expect(text, key).toMatch(JAPANESE);
    }
  });

  it('every problem of every fixture and fuzz case has its own sentence, with every value it names', () => {
    const seen = new Set<string>();
    for (const issue of producedIssues()) {
      const key = issueTextKey(issue);
      // A variant always has its own sentence: none falls back to the code's general one unnoticed.
      expect(key, JSON.stringify(issue)).toBe(issue.variant === undefined ? issue.code : `${issue.code}.${issue.variant}`);
      for (const name of placeholders(issueTextsEn[key])) expect(Object.keys(issue.vars), `${key}: {${name}}`).toContain(name);
      seen.add(key);
    }
    // The fixtures reach most sentences; the rest are covered by their producers' own tests.
    expect(seen.size).toBeGreaterThan(40);
  });
});

describe('renderIssue', () => {
  it('renders words inside a problem in the reader\'s language: port labels, node titles, shapes', () => {
    const issue = makeIssue('MISSING_INPUT', { vars: { port: portRef('loss', 'labels') }, nodeId: 'loss', port: 'labels' });
    expect(renderIssue(issue, 'en')).toContain('Labels');
    expect(renderIssue(issue, 'ja')).toContain('正解ラベル');
    const unused = makeIssue('UNUSED_NODE', { vars: { node: 'conv2d-1', type: { ref: 'nodeType', type: 'conv2d' } } });
    expect(renderIssue(unused, 'en')).toContain('Conv2D');
    expect(renderIssue(unused, 'ja')).toContain('畳み込み層');
    const mismatch = makeIssue('LOSS_SHAPE_MISMATCH', { vars: { prediction: shapeRef([null, 5]), labels: shapeRef([null, 10]) } });
    expect(renderIssue(mismatch, 'ja')).toContain('[バッチ, 5]');
    expect(formatShape([null, 28, 28, 1], 'en')).toBe('[batch, 28, 28, 1]');
    expect(formatShape([], 'ja')).toBe('スカラー');
  });

  it('renders a refused connection, which is a problem too', () => {
    const graph: Graph = {
      meta: { title: { en: '', ja: '' }, description: { en: '', ja: '' } },
      nodes: [
        { id: 'data', type: 'dataset', version: 1, params: {}, position: { x: 0, y: 0 } },
        { id: 'dense', type: 'dense', version: 1, params: {}, position: { x: 0, y: 0 } },
      ],
      edges: [],
    };
    const refused = canConnect(graph, { source: 'data', sourcePort: 'labels', target: 'dense', targetPort: 'in' });
    expect(refused).toMatchObject({ ok: false, code: 'PORT_KIND_MISMATCH' });
    if (refused.ok) return;
    const ja = renderIssue(refused, 'ja');
    expect(ja).toContain('ラベル');
    expect(ja).toContain('テンソル');
    expect(ja).not.toMatch(PLACEHOLDER);
  });
});
