import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getNodeDefinition, NODE_DEFINITIONS } from '../../nodes/index';
import type { NodeMigration } from '../../nodes/types';
import { analyzeGraph } from '../../src/graph/analyze';
import { parseGraphFile, serializeGraph } from '../../src/graph/format';
import { hasErrors, ISSUE_CODES, type Issue, type IssueCode } from '../../src/graph/issues';
import {
  GRAPH_MIGRATIONS,
  type GraphMigration,
  migrateGraphFile,
  oldestReadableVersion,
} from '../../src/graph/migrations';
import { locateJsonError } from '../../src/graph/jsonLocator';
import { MAX_FILE_CHARS } from '../../src/graph/schema';
import { GRAPH_FORMAT_VERSION, type Graph } from '../../src/graph/types';

const PRESET_DIR = join(__dirname, '../../presets');
const BROKEN_DIR = join(__dirname, 'fixtures/broken');
const presetText = (name: string) => readFileSync(join(PRESET_DIR, `${name}.json`), 'utf8');
const PRESETS = ['mnist-logreg', 'mnist-mlp', 'mnist-cnn', 'mnist-svm', 'mnist-perceptron'];

function loaded(input: unknown): Graph {
  const result = parseGraphFile(input);
  if (!result.ok) throw new Error(`expected the file to load: ${JSON.stringify(result.issues, null, 2)}`);
  return result.graph;
}

function failureCodes(input: unknown, options?: Parameters<typeof parseGraphFile>[1]): IssueCode[] {
  const result = parseGraphFile(input, options);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.issues.map((issue) => issue.code);
}

/** A small valid file as data, to break in one place per test. */
function logregFile(): Record<string, unknown> & { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] } {
  return JSON.parse(presetText('mnist-logreg'));
}

describe('presets', () => {
  it.each(PRESETS)('%s loads without problems and saves back to the identical text', (name) => {
    const text = presetText(name);
    const result = parseGraphFile(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([]);
    expect(serializeGraph(result.graph)).toBe(text);
  });

  it.each(PRESETS)('%s has English and Japanese titles naming the course', (name) => {
    const graph = loaded(presetText(name));
    expect(graph.meta.title.en).not.toBe('');
    expect(graph.meta.title.ja).not.toBe('');
    expect(graph.meta.description.ja).toContain('数理生物学演習 第13回');
    expect(graph.meta.description.en).toContain('数理生物学演習 第13回');
  });

  it('the course presets fix the whole run: batch, epochs, optimizer settings, validation, seeds', () => {
    const params = (graph: Graph, id: string) => graph.nodes.find((node) => node.id === id)?.params;
    const mlp = loaded(presetText('mnist-mlp'));
    expect(params(mlp, 'optimizer')).toMatchObject({ algorithm: 'rmsprop', learningRate: 0.001, rho: 0.9, epochs: 20, seed: 1 });
    expect(params(mlp, 'dataset')).toMatchObject({ batchSize: 128, validation: 'test', shuffleSeed: 42 });
    const cnn = loaded(presetText('mnist-cnn'));
    expect(params(cnn, 'optimizer')).toMatchObject({ algorithm: 'adadelta', learningRate: 1, rho: 0.95, epsilon: 1e-7, epochs: 12 });
    expect(params(cnn, 'dataset')).toMatchObject({ batchSize: 128, validation: 'test' });
  });
});

describe('broken files', () => {
  // The file name says the code: CODE.what-is-wrong.json. Where one mistake rightly shows up twice
  // (no dataset: nothing feeds the first layer either), the extra codes are listed here.
  const ALSO_EXPECTED: Record<string, IssueCode[]> = {
    'MISSING_DATASET.no-dataset-node.json': ['MISSING_INPUT'],
    'MISSING_LOSS.no-loss-node.json': ['MISSING_INPUT'],
  };
  const files = readdirSync(BROKEN_DIR).filter((file) => file.endsWith('.json'));

  it('there is a broken file for every failure the loader and the analysis name', () => {
    const covered = new Set(files.map((file) => file.split('.')[0]));
    for (const code of [
      'NOT_JSON', 'WRONG_FORMAT', 'INVALID_VERSION', 'VERSION_TOO_NEW', 'INVALID_FILE', 'UNKNOWN_NODE_TYPE',
      'NODE_VERSION_TOO_NEW', 'UNKNOWN_PARAM', 'INVALID_PARAM', 'DANGLING_EDGE', 'DUPLICATE_NODE_ID',
      'DUPLICATE_EDGE_ID', 'UNKNOWN_PORT', 'PORT_USED_TWICE', 'CYCLE', 'MISSING_LOSS', 'MISSING_OPTIMIZER',
      'MISSING_DATASET', 'MULTIPLE_LOSSES', 'MISSING_INPUT', 'PORT_KIND_MISMATCH', 'WRONG_RANK',
      'LOSS_SHAPE_MISMATCH', 'INCOMPATIBLE_SHAPES', 'INVALID_SHAPE', 'WINDOW_TOO_LARGE', 'DUPLICATE_CLASS',
      'BINARY_NEEDS_TWO_CLASSES', 'INVALID_TARGET_SHAPE', 'AXIS_OUT_OF_RANGE',
    ]) {
      expect(covered, code).toContain(code);
    }
  });

  it.each(files)('%s fails with exactly its own error code', (file) => {
    const expected = file.split('.')[0] as IssueCode;
    expect(Object.keys(ISSUE_CODES)).toContain(expected);
    const result = parseGraphFile(readFileSync(join(BROKEN_DIR, file), 'utf8'));
    const issues: Issue[] = result.ok ? analyzeGraph(result.graph).issues : result.issues;
    expect(hasErrors(issues)).toBe(true);
    const errorCodes = new Set(issues.filter((issue) => issue.severity === 'error').map((issue) => issue.code));
    expect(errorCodes).toEqual(new Set([expected, ...(ALSO_EXPECTED[file] ?? [])]));
  });
});

describe('parseGraphFile layers', () => {
  it('refuses text over the size limit before parsing it', () => {
    const padded = `${' '.repeat(MAX_FILE_CHARS)}${presetText('mnist-logreg')}`;
    const result = parseGraphFile(padded);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.code)).toEqual(['FILE_TOO_LARGE']);
    expect(result.issues[0]?.vars).toMatchObject({ size: padded.length, limit: MAX_FILE_CHARS });
  });

  it('says where JSON breaks, by line and column', () => {
    const text = '{\n  "format": "kairo-graph",\n  "version": 1\n  "nodes": []\n}';
    const result = parseGraphFile(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.code).toBe('NOT_JSON');
    expect(result.issues[0]).toMatchObject({ variant: 'at', vars: { line: 4, column: 3 } });
  });

  it('locates JSON errors exactly where JSON.parse would fail', () => {
    expect(locateJsonError('{"a": [1, 2,]}')).toEqual({ offset: 12, expected: expect.any(String) });
    expect(locateJsonError('{"a": tru}')?.offset).toBe(6);
    expect(locateJsonError('"\\x"')?.offset).toBe(1);
    expect(locateJsonError('[1] 2')?.offset).toBe(4);
    expect(locateJsonError('{"a": [1, {"b": null}], "c": -0.5e3}')).toBeUndefined();
  });

  it('reads a file that starts with a byte-order mark', () => {
    expect(parseGraphFile(`\uFEFF${presetText('mnist-logreg')}`).ok).toBe(true);
  });

  it('accepts already-parsed data as well as text', () => {
    expect(loaded(logregFile())).toEqual(loaded(presetText('mnist-logreg')));
  });

  it('names the versions when a file is too new', () => {
    const file = { ...logregFile(), version: 7 };
    const result = parseGraphFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.code).toBe('VERSION_TOO_NEW');
    expect(result.issues[0]?.vars).toEqual({ version: 7, supported: GRAPH_FORMAT_VERSION });
  });

  it.each([[null], [0.5], [-1], ['one']])('refuses version %j as invalid', (version) => {
    expect(failureCodes({ ...logregFile(), version })).toEqual(['INVALID_VERSION']);
  });

  it('names the node and the field of an unknown param, and lists the real ones', () => {
    const file = logregFile();
    const dense = file.nodes.find((node) => node.id === 'dense') as { params: Record<string, unknown> };
    dense.params.activaton = 'relu';
    const result = parseGraphFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_PARAM', nodeId: 'dense', param: 'activaton' }),
    ]);
    expect(result.issues[0]?.vars).toMatchObject({
      param: 'activaton',
      known: { ref: 'list', items: ['units', 'activation', 'useBias', 'kernelInitializer'] },
    });
  });

  it('names node, field and the allowed values of an invalid param', () => {
    const file = logregFile();
    const optimizer = file.nodes.find((node) => node.id === 'optimizer') as { params: Record<string, unknown> };
    optimizer.params.epochs = 5000;
    optimizer.params.algorithm = 'lbfgs';
    const result = parseGraphFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byParam = Object.fromEntries(result.issues.map((issue) => [issue.param, issue]));
    expect(byParam.epochs).toMatchObject({ code: 'INVALID_PARAM', nodeId: 'optimizer', vars: { max: 1000, value: '5000' } });
    expect(byParam.algorithm).toMatchObject({ code: 'INVALID_PARAM', variant: 'option', vars: { value: '"lbfgs"' } });
    expect(byParam.algorithm?.vars.options).toMatchObject({ items: expect.arrayContaining(['sgd', 'adam']) });
  });

  it('collects every problem of a file, not just the first', () => {
    const file = logregFile();
    const [dataset, , dense] = file.nodes as { params: Record<string, unknown> }[];
    if (!dataset || !dense) throw new Error('preset changed');
    dataset.params.batchSize = -1;
    dense.params.units = 1.5;
    dense.params.bias = true;
    (file.edges[0] as Record<string, unknown>).target = 'nowhere';
    expect(failureCodes(file).sort()).toEqual(['DANGLING_EDGE', 'INVALID_PARAM', 'INVALID_PARAM', 'UNKNOWN_PARAM']);
    // A node that is not even shaped like a node is left out, so wiring is not checked (every
    // edge to it would dangle); its params and the other nodes' params still are.
    (file.nodes[1] as Record<string, unknown>).position = 'left';
    expect(failureCodes(file).sort()).toEqual(['INVALID_FILE', 'INVALID_PARAM', 'INVALID_PARAM', 'UNKNOWN_PARAM']);
  });

  it('fills missing params, versions, positions and meta from defaults', () => {
    const graph = loaded({
      format: 'kairo-graph',
      version: 1,
      nodes: [{ id: 'd', type: 'dense', params: { units: 4 } }],
      edges: [],
    });
    expect(graph.meta).toEqual({ title: { en: '', ja: '' }, description: { en: '', ja: '' } });
    expect(graph.nodes[0]).toEqual({
      id: 'd',
      type: 'dense',
      version: 1,
      params: { units: 4, activation: 'relu', useBias: true, kernelInitializer: 'glorotUniform' },
      position: { x: 0, y: 0 },
    });
  });

  it('refuses a misspelt field outside params too', () => {
    const file = logregFile();
    (file.nodes[0] as Record<string, unknown>).parms = {};
    const result = parseGraphFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ code: 'INVALID_FILE', nodeId: 'dataset', variant: 'unknownKey' });
    expect(result.issues[0]?.vars).toMatchObject({ key: 'parms', path: 'nodes[0]' });
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses %s as a node id', (id) => {
    const file = logregFile();
    (file.nodes[1] as Record<string, unknown>).id = id;
    expect(failureCodes(file)).toContain('INVALID_FILE');
  });
});

describe('nothing in a file is executed or reaches a prototype', () => {
  const hostile = () =>
    presetText('mnist-logreg')
      .replace('"format": "kairo-graph",', '"__proto__": { "polluted": "top" }, "format": "kairo-graph",')
      .replace('"params": { "units": 10,', '"params": { "__proto__": { "polluted": "params" }, "constructor": { "prototype": { "polluted": 1 } }, "units": 10,')
      .replace('"id": "flatten",', '"id": "flatten", "__proto__": { "type": "dense", "polluted": "node" },');

  it('drops __proto__, constructor and prototype keys with a warning, and loads the rest', () => {
    const text = hostile();
    expect(text.match(/__proto__/g)).toHaveLength(3);
    const result = parseGraphFile(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings.map((warning) => warning.code)).toEqual(['IGNORED_KEY', 'IGNORED_KEY', 'IGNORED_KEY', 'IGNORED_KEY']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const flatten = result.graph.nodes.find((node) => node.id === 'flatten');
    expect(flatten?.type).toBe('flatten');
    expect(Object.getPrototypeOf(flatten)).toBe(Object.prototype);
    const dense = result.graph.nodes.find((node) => node.id === 'dense');
    expect(Object.keys(dense?.params ?? {})).toEqual(['units', 'activation', 'useBias', 'kernelInitializer']);
    expect(dense?.params.polluted).toBeUndefined();
  });

  it('copies already-parsed input, so later changes to it cannot reach the graph', () => {
    const file = logregFile();
    const graph = loaded(file);
    (file.nodes[2] as { params: Record<string, unknown> }).params.units = 99;
    expect(graph.nodes[2]?.params.units).toBe(10);
  });

  it('refuses data that JSON cannot hold: functions, cycles, absurd nesting, throwing getters', () => {
    const withFunction = { ...logregFile(), meta: { title: { en: () => 'hi', ja: '' } } };
    expect(failureCodes(withFunction)).toEqual(['INVALID_FILE']);
    const cyclic: Record<string, unknown> = logregFile();
    cyclic.self = cyclic;
    expect(failureCodes(cyclic)).toEqual(['INVALID_FILE']);
    expect(failureCodes(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toEqual(['INVALID_FILE']);
    const trap = Object.defineProperty(logregFile(), 'nodes', {
      enumerable: true,
      get() {
        throw new Error('trap');
      },
    });
    expect(failureCodes(trap)).toEqual(['INVALID_FILE']);
  });
});

describe('serializeGraph', () => {
  it('round-trips any graph exactly, positions and all', () => {
    const graph = loaded(presetText('mnist-cnn'));
    const moved: Graph = {
      ...graph,
      meta: { title: { en: 'Moved "quoted"\nline', ja: '移動した' }, description: { en: '', ja: '改行\nあり' } },
      nodes: graph.nodes.map((node, index) => ({ ...node, position: { x: index * 0.1 - 3.75, y: -1e-9 * (index + 1) } })),
    };
    const text = serializeGraph(moved);
    expect(loaded(text)).toEqual(moved);
    expect(serializeGraph(loaded(text))).toBe(text);
  });

  it('writes the same text whatever order the params were set in', () => {
    const graph = loaded(presetText('mnist-logreg'));
    const reordered: Graph = {
      ...graph,
      nodes: graph.nodes.map((node) => ({ ...node, params: Object.fromEntries(Object.entries(node.params).reverse()) })),
    };
    expect(serializeGraph(reordered)).toBe(serializeGraph(graph));
  });
});

describe('migrations', () => {
  // A made-up earlier format, only to prove the mechanism: version 0 called edges "links",
  // wrote them as "node.port" strings and had no edge ids.
  const linksBecomeEdges: GraphMigration = {
    from: 0,
    name: 'links-become-edges',
    migrate(file) {
      const { links, ...rest } = file;
      const edges = (links as { from: string; to: string }[]).map((link, index) => {
        const [source, sourcePort] = link.from.split('.');
        const [target, targetPort] = link.to.split('.');
        return { id: `e${index + 1}`, source, sourcePort, target, targetPort };
      });
      return { ...rest, edges };
    },
  };
  const versionZero = () => {
    const file = logregFile();
    const links = file.edges.map((edge) => ({ from: `${edge.source}.${edge.sourcePort}`, to: `${edge.target}.${edge.targetPort}` }));
    const { edges: _edges, ...rest } = file;
    return { ...rest, version: 0, links };
  };

  it('brings an old file up to date, step by step, and says which steps ran', () => {
    const result = parseGraphFile(versionZero(), { migrations: [linksBecomeEdges] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.migrations).toEqual(['links-become-edges']);
    expect(result.graph).toEqual(loaded(presetText('mnist-logreg')));
  });

  it('does not touch the file it is given', () => {
    const input = versionZero();
    const before = JSON.stringify(input);
    migrateGraphFile(input, 0, [linksBecomeEdges], 1);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('refuses a version it has no step for', () => {
    expect(failureCodes(versionZero())).toEqual(['INVALID_VERSION']);
    expect(oldestReadableVersion([linksBecomeEdges], 1)).toBe(0);
    expect(oldestReadableVersion([], 1)).toBe(1);
  });

  it('reports a failing step by name instead of throwing', () => {
    const broken: GraphMigration = { from: 0, name: 'explodes', migrate: () => { throw new Error('boom'); } };
    const result = parseGraphFile(versionZero(), { migrations: [broken] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.code).toBe('MIGRATION_FAILED');
    expect(result.issues[0]?.vars).toMatchObject({ step: 'explodes', reason: 'boom', from: 0, to: 1 });
  });

  it('the shipped steps form one chain ending at the current version', () => {
    const froms = GRAPH_MIGRATIONS.map((step) => step.from);
    expect(new Set(froms).size).toBe(froms.length);
    froms.forEach((from, index) => {
      expect(from).toBe(GRAPH_FORMAT_VERSION - froms.length + index);
    });
  });
});

describe('node migrations', () => {
  // A made-up version 2 of dense, only to prove the mechanism: version 1 called `units` "neurons".
  const neuronsBecomeUnits: NodeMigration = {
    from: 1,
    name: 'dense-neurons-become-units',
    migrate: ({ neurons, ...rest }) => ({ ...rest, units: neurons }),
  };
  const withDenseV2 = (migrations: readonly NodeMigration[], run: () => void) => {
    const dense = getNodeDefinition('dense');
    if (!dense) throw new Error('no dense');
    const saved = { version: dense.version, migrations: dense.migrations };
    dense.version = 2;
    dense.migrations = migrations;
    try {
      run();
    } finally {
      dense.version = saved.version;
      dense.migrations = saved.migrations;
    }
  };
  const oldDenseFile = () => {
    const file = logregFile();
    const dense = file.nodes.find((node) => node.id === 'dense') as { params: Record<string, unknown> };
    const { units, ...rest } = dense.params;
    dense.params = { ...rest, neurons: units };
    return file;
  };

  it('the step turns old params into new ones', () => {
    expect(neuronsBecomeUnits.migrate({ neurons: 10, activation: 'softmax' })).toEqual({ units: 10, activation: 'softmax' });
  });

  it('a file with an older node version is migrated when read, and saved at the current version', () => {
    withDenseV2([neuronsBecomeUnits], () => {
      const graph = loaded(oldDenseFile());
      const dense = graph.nodes.find((node) => node.id === 'dense');
      expect(dense).toMatchObject({ version: 2, params: { units: 10, activation: 'softmax' } });
      expect(dense?.params).not.toHaveProperty('neurons');
      expect(serializeGraph(graph)).toContain('"version": 2');
    });
  });

  it('a missing or failing step is MIGRATION_FAILED on that node', () => {
    withDenseV2([], () => {
      const result = parseGraphFile(oldDenseFile());
      expect(result.ok ? [] : result.issues).toEqual([
        expect.objectContaining({ code: 'MIGRATION_FAILED', variant: 'nodeNoStep', nodeId: 'dense' }),
      ]);
    });
    const explodes: NodeMigration = { from: 1, name: 'explodes', migrate: () => { throw new Error('boom'); } };
    withDenseV2([explodes], () => {
      const result = parseGraphFile(oldDenseFile());
      expect(result.ok ? [] : result.issues).toEqual([
        expect.objectContaining({ code: 'MIGRATION_FAILED', variant: 'nodeThrew', nodeId: 'dense', vars: expect.objectContaining({ step: 'explodes', reason: 'boom' }) }),
      ]);
    });
  });

  it('every shipped node type lists one step per older version', () => {
    for (const definition of NODE_DEFINITIONS) {
      const froms = (definition.migrations ?? []).map((step) => step.from).sort((a, b) => a - b);
      expect(froms, definition.type).toEqual(Array.from({ length: definition.version - 1 }, (_, index) => index + 1));
    }
  });
});
