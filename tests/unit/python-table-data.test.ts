/**
 * The Python exports read a table exactly as Kairo does: for a messy CSV (quoted cells, spaces,
 * missing cells in several spellings, a row without a label, a categorical column; gaps dropped or
 * filled), a semicolon file with a separate test file, and the built-in penguins table travelling
 * inside the script, the script's load_table gives Kairo's features (float32 for float32) and labels.
 * Run with Debian's python3 (numpy only).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_LABELS, builtinTable } from '../../src/engine/data/builtinTables';
import type { LoadedDataset } from '../../src/engine/data/source';
import { tableReference, tableToDataset } from '../../src/engine/data/tableEncode';
import { parseTable, type RawTable } from '../../src/engine/data/tableParse';
import { exportKeras } from '../../src/export/keras';
import { exportPytorch } from '../../src/export/pytorch';
import { parseGraphFile } from '../../src/graph/format';
import type { TableDataReference } from '../../src/graph/dataReference';
import type { Graph } from '../../src/graph/types';
import { PYTHON, PYTHON_TESTS, run } from './pythonHarness';

const work = mkdtempSync(path.join(tmpdir(), 'kairo-table-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const FINGERPRINT = `sha256:${'0'.repeat(64)}`;

const PLANTS = [
  'id,height,"leaf, colour",site,kind',
  '1, 3.5 ,green,north,a',
  '2,NA,red,south,b',
  '3,4.25,"green",north,a',
  '4,1e1,blue,?,b',
  '5,7,red,south,',
  '6,n/a,green,north,c',
  '7,2.5,,south,c',
  '8,9,blue,north,a',
  '9,0.5,green,south,b',
  '10,6,red,north,c',
  '11,3,green,north,a',
  '12,8,blue,south,b',
  '13,5.5,red,south,c',
  '14,4,green,north,a',
].join('\n');

function tableGraph(reference: TableDataReference, missing: 'drop' | 'fill', testSplit = 0.25): Graph {
  const parsed = parseGraphFile(readFileSync(path.join(import.meta.dirname, '../../presets/table-mlp.json'), 'utf8'));
  if (!parsed.ok) throw new Error('table-mlp does not load');
  return {
    ...parsed.graph,
    nodes: parsed.graph.nodes.map((node) => {
      if (node.type === 'dataset') return { ...node, params: { ...node.params, data: reference, missing, testSplit, shuffleSeed: 7 } };
      // The template's output layer has one unit per class of its placeholder table.
      if (node.id === 'dense2') return { ...node, params: { ...node.params, units: reference.classNames.length } };
      return node;
    }),
  };
}

interface PythonTable {
  train_x: number[];
  train_y: number[];
  test_x: number[];
  test_y: number[];
  width: number;
}

async function pythonTable(graph: Graph, args: string[], builtin?: RawTable): Promise<PythonTable> {
  const script = exportPytorch(graph, builtin ? { builtinTable: builtin } : {});
  if (!script.ok) throw new Error(`no script: ${JSON.stringify(script)}`);
  const file = path.join(work, `model-${Math.random().toString(36).slice(2)}.py`);
  writeFileSync(file, script.text);
  const result = await run(PYTHON, [path.join(PYTHON_TESTS, 'table_data.py'), file, ...args]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as PythonTable;
}

function expectSame(python: PythonTable, kairo: LoadedDataset): void {
  expect(python.width).toBe(kairo.train.sampleShape[0]);
  expect(python.train_y).toEqual(Array.from(kairo.train.labels));
  expect(python.test_y).toEqual(Array.from(kairo.test.labels));
  expect(python.train_x).toEqual(Array.from(kairo.train.features));
  expect(python.test_x).toEqual(Array.from(kairo.test.features));
}

describe('the Python exports encode a table as Kairo does', () => {
  const file = path.join(work, 'plants.csv');
  writeFileSync(file, PLANTS);
  const table = parseTable(PLANTS, 'plants.csv');
  const reference = tableReference(table, { name: 'plants.csv', fingerprint: FINGERPRINT, labelColumn: 'kind', featureColumns: ['height', 'leaf, colour', 'site'] });

  it.each(['drop', 'fill'] as const)('a messy CSV, rows with gaps: %s', async (missing) => {
    const kairo = tableToDataset(table, reference, { missing, testSplit: 0.25, seed: 7 });
    expect(kairo.test.count).toBeGreaterThan(0);
    expectSame(await pythonTable(tableGraph(reference, missing), [file]), kairo);
  });

  it('a semicolon file with a separate test file (which the script then requires)', async () => {
    const train = 'x;y;kind\n1;2;a\n2;3;b\n3;5;a\n4;1;b\n5;5;a\n';
    const test = 'kind;x;y\na;2;2\nb;4;4\n';
    const trainFile = path.join(work, 'train.csv');
    const testFile = path.join(work, 'test.csv');
    writeFileSync(trainFile, train);
    writeFileSync(testFile, test);
    const trainTable = parseTable(train, 'train.csv');
    const testTable = parseTable(test, 'test.csv');
    const withTest = tableReference(trainTable, { name: 'train.csv', fingerprint: FINGERPRINT, labelColumn: 'kind' }, testTable);
    const kairo = tableToDataset(trainTable, withTest, { missing: 'drop', testSplit: 0.25, seed: 7 }, testTable);
    const graph = tableGraph(withTest, 'drop');
    expectSame(await pythonTable(graph, [trainFile, testFile]), kairo);
    // Without --test the script says what it needs instead of holding out rows Kairo did not.
    const script = exportPytorch(graph);
    if (!script.ok) throw new Error('no script');
    const scriptFile = path.join(work, 'needs-test.py');
    writeFileSync(scriptFile, script.text);
    const refused = await run(PYTHON, [path.join(PYTHON_TESTS, 'table_data.py'), scriptFile, trainFile]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--test/);
  });

  it('the built-in penguins table travels inside the script (its 11 incomplete rows dropped)', async () => {
    const penguins = await builtinTable('penguins');
    const builtin = tableReference(penguins, { name: 'Palmer penguins', fingerprint: 'builtin:penguins', labelColumn: BUILTIN_LABELS.penguins, builtin: 'penguins' });
    const kairo = tableToDataset(penguins, builtin, { missing: 'drop', testSplit: 0.2, seed: 7 });
    expectSame(await pythonTable(tableGraph(builtin, 'drop', 0.2), [], penguins), kairo);
    // The Keras script carries the same loader and the same rows.
    const keras = exportKeras(tableGraph(builtin, 'drop', 0.2), { builtinTable: penguins });
    expect(keras.ok && keras.text.includes('def load_table(path, test_path=None):') && keras.text.includes('"Adelie"')).toBe(true);
  });
});
