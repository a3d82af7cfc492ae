/**
 * The Keras script and the Colab notebook of every course preset, checked structurally: TensorFlow
 * cannot be installed on this machine or in CI, so nothing here runs them. Each must match its
 * golden file (tests/unit/fixtures/export/; `UPDATE_GOLDEN=1 npx vitest run
 * tests/unit/keras-export.test.ts` rewrites them after a deliberate change), compile with
 * `python3 -m py_compile`, load every weight Kairo saves for the graph, and (the notebook) validate
 * with nbformat with its code cells compiling as one program.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinTableRows } from '../../src/export/builtinTableRows';
import { describeForExport } from '../../src/export/exportModel';
import { exportKeras } from '../../src/export/keras';
import { exportNotebook } from '../../src/export/notebook';
import { exportPytorch } from '../../src/export/pytorch';
import { parseGraphFile } from '../../src/graph/format';
import type { Graph } from '../../src/graph/types';
import { PYTHON, PYTHON_TESTS, run } from './pythonHarness';

const PRESETS_DIR = path.join(import.meta.dirname, '../../presets');
const GOLDEN_DIR = path.join(import.meta.dirname, 'fixtures/export');
const PRESETS = readdirSync(PRESETS_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.replace(/\.json$/, ''))
  .sort();
const work = mkdtempSync(path.join(tmpdir(), 'kairo-keras-'));

beforeAll(async () => {
  const nbformat = await run(PYTHON, ['-c', 'import nbformat']);
  if (nbformat.code !== 0) throw new Error(`${PYTHON} cannot import nbformat (install Debian's python3-nbformat; .ci/run does)`);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));


function preset(name: string): Graph {
  const parsed = parseGraphFile(readFileSync(path.join(PRESETS_DIR, `${name}.json`), 'utf8'));
  if (!parsed.ok) throw new Error(`${name} does not load`);
  return parsed.graph;
}

function matchGolden(file: string, text: string): void {
  const golden = path.join(GOLDEN_DIR, file);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(golden, text);
  }
  expect(existsSync(golden), `${file} has no golden file (UPDATE_GOLDEN=1 writes it)`).toBe(true);
  expect(text, `${file} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(golden, 'utf8'));
}

/** The options an export gets in the dialog and the CLI: a built-in table travels inside the script. */
async function optionsFor(graph: Graph) {
  const builtinTable = await builtinTableRows(graph);
  return builtinTable ? { builtinTable } : {};
}

describe.each(PRESETS)('%s', (name) => {
  it('Keras script: matches its golden file, compiles, and loads every weight Kairo saves', async () => {
    const graph = preset(name);
    const script = exportKeras(graph, await optionsFor(graph));
    if (!script.ok) throw new Error('no Keras script');
    matchGolden(`${name}.keras.py`, script.text);
    const file = path.join(work, `${name}_keras.py`);
    writeFileSync(file, script.text);
    const compiled = await run(PYTHON, ['-m', 'py_compile', file]);
    expect(compiled.code, compiled.stderr).toBe(0);

    const outline = await run(PYTHON, [path.join(PYTHON_TESTS, 'script_outline.py'), file]);
    expect(outline.code, outline.stderr).toBe(0);
    const { functions, imports, weights } = JSON.parse(outline.stdout) as { functions: string[]; imports: string[]; weights: Record<string, string[]> };
    expect(functions).toEqual(expect.arrayContaining(['build_model', 'load_kairo_weights', 'read_kairo_weights', 'prepare_data', 'make_optimizer', 'make_strategy', 'main']));
    expect(imports).toEqual(expect.arrayContaining(['numpy', 'tensorflow', 'tensorflow.keras']));
    expect(imports.some((module) => module.startsWith('torch'))).toBe(false);
    const description = describeForExport(graph);
    if (!description.ok) throw new Error('no description');
    expect(Object.values(weights).flat().sort()).toEqual(description.model.weights.map((weight) => weight.name).sort());
    expect(script.text).toContain('tf.distribute.MirroredStrategy()');
    expect(script.text).toContain('tf.distribute.MultiWorkerMirroredStrategy()');
  });

  it('notebook: matches its golden file, is valid nbformat 4, and its code cells compile as one program', async () => {
    const graph = preset(name);
    const notebook = exportNotebook(graph, await optionsFor(graph));
    if (!notebook.ok) throw new Error('no notebook');
    matchGolden(`${name}.ipynb`, notebook.text);
    const file = path.join(work, `${name}.ipynb`);
    writeFileSync(file, notebook.text);
    const checked = await run(PYTHON, [path.join(PYTHON_TESTS, 'check_notebook.py'), file]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(JSON.parse(checked.stdout)).toMatchObject({ nbformat: 4, nbformat_minor: 5 });
    // The introduction speaks both languages: the course's students read Japanese.
    const cells = (JSON.parse(notebook.text) as { cells: { cell_type: string; source: string[] }[] }).cells;
    expect(cells[0]?.cell_type).toBe('markdown');
    expect(cells[0]?.source.join('')).toMatch(/[ぁ-んァ-ン]/);
    expect(cells.at(-1)?.source.join('')).toContain('main(ARGS)');
  });

  it('PyTorch script: compiles, and its weight table covers every weight Kairo saves', async () => {
    const graph = preset(name);
    const script = exportPytorch(graph, await optionsFor(graph));
    if (!script.ok) throw new Error('no PyTorch script');
    const file = path.join(work, `${name}_torch.py`);
    writeFileSync(file, script.text);
    const outline = await run(PYTHON, [path.join(PYTHON_TESTS, 'script_outline.py'), file]);
    expect(outline.code, outline.stderr).toBe(0);
    const { weights } = JSON.parse(outline.stdout) as { weights: [string, string, string][] };
    const description = describeForExport(graph);
    if (!description.ok) throw new Error('no description');
    expect(weights.map(([tfjs]) => tfjs).sort()).toEqual(description.model.weights.map((weight) => weight.name).sort());
  });
});
