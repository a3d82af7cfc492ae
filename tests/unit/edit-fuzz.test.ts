import { describe, expect, it } from 'vitest';
import { getNodeDefinition, NODE_DEFINITIONS } from '../../nodes/index';
import type { ParamSpec } from '../../nodes/types';
import { analyzeGraph } from '../../src/graph/analyze';
import { parseGraphFile, serializeGraph } from '../../src/graph/format';
import { GRAPH_LIMITS } from '../../src/graph/limits';
import { decodeSharePayload, encodeShareFragment } from '../../src/graph/shareLink';
import type { Graph } from '../../src/graph/types';
import { createKairoStore, type KairoStore } from '../../src/store/index';
import { parseIntListParam, parseNumberParam } from '../../src/ui/inspector/paramText';
import { PRESETS, type Random, randomSource } from './fuzzMutations';

/**
 * The fuzz test through the editor's own edits (issue 14): seeded random sequences of what a user
 * can do — add nodes, select, duplicate, copy and paste, wire, type a title, type into the
 * inspector's fields, move, delete, undo and redo — on the store, as the UI calls it. Every state
 * the editor reaches must save (the autosave's and Save's text) and reopen as the same graph, and
 * its share link must open too. A failure names its seed and step, and can be replayed.
 */

const TYPED_TEXT = [
  '',
  'MNIST',
  '手書き数字の分類',
  'x'.repeat(25_000),
  '題'.repeat(300),
  '\u001b]0;title\u0007',
  '\u202eevil',
  '"quoted" \\ backslash',
  'line\nbreak',
];
/** What a user may type into a number or list box (full-width digits from a Japanese IME included). */
const TYPED_NUMBERS = ['0', '1', '2', '3', '16', '65536', '65537', '4096', '1e308', '-1', '0.5', '3.5', 'abc', '１２８', '', '0, 1', '3 3', '2,2', '0,1,2,3,4,5,6,7,8,9', '1e-9'];
const FAR = [0, 40, -300, 1e5, 1e6, 2e6, -1e308, 1e308, Number.NaN, Number.POSITIVE_INFINITY];

function nodeIds(store: KairoStore): string[] {
  return store.getState().graph.nodes.map((node) => node.id);
}

/** What typing `text` into the inspector's field for this param commits (the inspector commits only valid values). */
function typedValue(spec: ParamSpec, random: Random): { ok: true; value: unknown } | { ok: false } {
  switch (spec.type) {
    case 'int':
    case 'float':
      return parseNumberParam(random.pick(TYPED_NUMBERS), spec);
    case 'intList':
      return parseIntListParam(random.pick(TYPED_NUMBERS), spec);
    case 'enum':
      return { ok: true, value: random.pick(spec.options) };
    case 'bool':
      return { ok: true, value: random.next() < 0.5 };
    default:
      return { ok: false };
  }
}

/** One user action, chosen by `random`; returns its name (for the failure message). */
function act(store: KairoStore, random: Random): string {
  const state = store.getState();
  const ids = nodeIds(store);
  switch (random.int(12)) {
    case 0: {
      const definition = random.pick(NODE_DEFINITIONS);
      state.addNodeOfType(definition.type, { x: random.pick(FAR), y: random.pick(FAR) });
      return `add ${definition.type}`;
    }
    case 1:
      state.selectAll();
      state.duplicateSelection();
      return 'select all + duplicate';
    case 2: {
      state.setSelection(ids.filter(() => random.next() < 0.3), []);
      state.copySelection();
      state.paste();
      return 'copy + paste';
    }
    case 3: {
      const meta = state.graph.meta;
      const field = random.pick(['title', 'description'] as const);
      const language = random.pick(['en', 'ja'] as const);
      state.setMeta({ ...meta, [field]: { ...meta[field], [language]: random.pick(TYPED_TEXT) } });
      return `type ${field}.${language}`;
    }
    case 4:
    case 5:
    case 6: {
      const node = random.pick(state.graph.nodes);
      const definition = node && getNodeDefinition(node.type);
      if (!node || !definition) return 'param (no node)';
      const names = Object.keys(definition.params);
      const name = names.length > 0 ? random.pick(names) : undefined;
      const spec = name === undefined ? undefined : definition.params[name];
      if (!spec || name === undefined) return 'param (none)';
      const typed = typedValue(spec, random);
      if (typed.ok) state.setParam(node.id, name, typed.value);
      return `param ${node.id}.${name}`;
    }
    case 7: {
      const source = random.pick(state.graph.nodes);
      const target = random.pick(state.graph.nodes);
      const output = source && getNodeDefinition(source.type)?.outputs[0];
      const input = target && random.pick(getNodeDefinition(target.type)?.inputs ?? []);
      if (source && target && output && input) {
        state.connect({ source: source.id, sourcePort: output.name, target: target.id, targetPort: input.name });
      }
      return 'connect';
    }
    case 8: {
      const moved = new Map(ids.filter(() => random.next() < 0.2).map((id) => [id, { x: random.pick(FAR), y: random.pick(FAR) }]));
      state.moveNodes(moved);
      return 'move';
    }
    case 9:
      state.deleteElements(
        ids.filter(() => random.next() < 0.15),
        state.graph.edges.filter(() => random.next() < 0.15).map((edge) => edge.id),
      );
      return 'delete';
    case 10:
      state.undo();
      return 'undo';
    default:
      state.redo();
      return 'redo';
  }
}

function expectReopens(graph: Graph, context: string): void {
  expect(graph.nodes.length, context).toBeLessThanOrEqual(GRAPH_LIMITS.maxNodes);
  const text = serializeGraph(graph);
  const reopened = parseGraphFile(text);
  expect(reopened.ok ? 'opens' : reopened.issues.map((issue) => `${issue.code}.${issue.variant ?? ''} ${JSON.stringify(issue.vars)}`).join('; '), context).toBe('opens');
  if (!reopened.ok) return;
  expect(serializeGraph(reopened.graph), context).toBe(text);
  expect(reopened.graph, context).toEqual(graph);
  // Whatever the analysis says about it, it says without throwing.
  expect(analyzeGraph(reopened.graph).issues.every((issue) => issue.variant !== 'internal'), context).toBe(true);
}

/** Runs seeds first..last (40 edits each) and checks every state reached; returns how many. */
function fuzzSeeds(first: number, last: number): number {
  let states = 0;
  for (let seed = first; seed <= last; seed++) {
    const random = randomSource(30_000 + seed);
    const start = parseGraphFile(PRESETS[seed % PRESETS.length] as string);
    if (!start.ok) throw new Error('preset does not load');
    const store = createKairoStore({ graph: start.graph, language: seed % 2 ? 'ja' : 'en' });
    for (let step = 1; step <= 40; step++) {
      const action = act(store, random);
      const context = `seed ${seed}, step ${step} (${action})`;
      const graph = store.getState().graph;
      expectReopens(graph, context);
      if (step % 10 === 0) {
        const link = decodeSharePayload(encodeShareFragment(graph).slice(2));
        expect(link.ok, `${context}: share link`).toBe(true);
        if (link.ok) expect(serializeGraph(link.graph), context).toBe(serializeGraph(graph));
      }
      states++;
    }
  }
  return states;
}

describe('fuzzing the editor’s own edits', () => {
  for (const [first, last] of [
    [1, 20],
    [21, 40],
    [41, 60],
    [61, 80],
  ] as const) {
    it(`every state of seeds ${first}–${last} (40 edits each) saves, reopens identically and shares`, () => {
      expect(fuzzSeeds(first, last)).toBe((last - first + 1) * 40);
    });
  }
});
