/**
 * The Keras export as a Colab-ready Jupyter notebook (nbformat 4.5): an introduction in English and
 * Japanese, then one markdown heading and one code cell per section of the Keras script, and a last
 * cell that runs it with arguments the reader edits. Pure; deterministic (cell ids are numbered), so
 * golden files can hold it.
 */
import type { Graph } from '../graph/types';
import { describeForExport, type ExportModel } from './exportModel';
import { kerasSections } from './keras';
import { py } from './pythonCode';
import type { CodeExport, CodeExportOptions } from './pytorch';

type Cell =
  | { cell_type: 'markdown'; id: string; metadata: Record<string, never>; source: string[] }
  | { cell_type: 'code'; id: string; metadata: Record<string, never>; execution_count: null; outputs: []; source: string[] };

/** Notebook sources are lists of lines, each but the last ending in a newline. */
function sourceLines(text: string): string[] {
  const lines = text.trim().split('\n');
  return lines.map((line, index) => (index < lines.length - 1 ? `${line}\n` : line));
}

/** Where the notebook's data comes from, in both languages. */
function dataText(model: ExportModel, options: CodeExportOptions): { en: string; ja: string } {
  const { settings } = model.dataset;
  const reference = settings.data;
  if (settings.source === 'table' && reference?.kind === 'table') {
    if (reference.builtin && options.builtinTable) {
      return {
        en: `**Run all** trains the graph's network with its settings on the table “${reference.name}” (it is inside the notebook) and prints the test accuracy.`,
        ja: `「すべてのセルを実行」で、グラフのネットワークをその設定のまま表「${reference.name}」（ノートブックに含まれている）で学習し、テスト正解率を表示する。`,
      };
    }
    return {
      en: `Upload the table “${reference.name}” (CSV or TSV; the Files panel on the left) and set \`ARGS\` in the last cell to \`["--data", "${reference.name}"]\`: **Run all** then trains the graph's network with its settings and prints the test accuracy.`,
      ja: `表「${reference.name}」（CSV または TSV）を左のファイル パネルからアップロードし、最後のセルの \`ARGS\` を \`["--data", "${reference.name}"]\` にする。そのうえで「すべてのセルを実行」すると、グラフのネットワークをその設定のまま学習し、テスト正解率を表示する。`,
    };
  }
  if (settings.source === 'images' && reference?.kind === 'images') {
    const zip = `${reference.name || 'images'}.zip`;
    const test = reference.testCounts.length > 0;
    const args = test ? `["--data", "${zip}", "--test", "test.zip"]` : `["--data", "${zip}"]`;
    const name = reference.name ? `“${reference.name}”` : '';
    return {
      en: `Upload the images${name ? ` ${name}` : ''} as a zip of the class folders (one subfolder per class${test ? ', and the test folders as a second zip' : ''}; the Files panel on the left) and set \`ARGS\` in the last cell to \`${args}\`: **Run all** then reads, fits and splits them as Kairo did, trains the graph's network with its settings and prints the test accuracy.`,
      ja: `画像${name ? `「${reference.name}」` : ''}をクラスごとのフォルダのまま zip にして${test ? '（テスト用のフォルダは別の zip に）' : ''}左のファイル パネルからアップロードし、最後のセルの \`ARGS\` を \`${args}\` にする。そのうえで「すべてのセルを実行」すると、Kairo と同じように画像を読み込み・大きさをそろえ・分割し、グラフのネットワークをその設定のまま学習して、テスト正解率を表示する。`,
    };
  }
  return {
    en: "**Run all** trains the graph's network with its settings on MNIST (downloaded by `keras.datasets`) and prints the test accuracy.",
    ja: '「すべてのセルを実行」で、グラフのネットワークをその設定のまま MNIST（`keras.datasets` がダウンロードする）で学習し、テスト正解率を表示する。',
  };
}

function introduction(model: ExportModel, options: CodeExportOptions): string {
  const { title, description } = model.meta;
  return `# ${title.en || 'Kairo graph'}${title.ja && title.ja !== title.en ? ` / ${title.ja}` : ''}

Exported from **Kairo (回路)** as a Keras notebook. ${description.en}

${dataText(model, options).en}
To evaluate the model Kairo trained instead, upload Kairo's \`model.json\` and \`weights.bin\` into a folder \`kairo-model\`
(the Files panel on the left) and set \`ARGS\` in the last cell to \`["--weights", "kairo-model", "--eval-only"]\`.
The optimizer's state does not carry over; \`--distribute mirrored\` uses every GPU of the machine.

Kairo（回路）から Keras のノートブックとして書き出したもの。${description.ja}

${dataText(model, options).ja}
Kairo で学習したモデルを評価するには、Kairo の \`model.json\` と \`weights.bin\` をフォルダ \`kairo-model\` にアップロードし（左のファイル パネル）、
最後のセルの \`ARGS\` を \`["--weights", "kairo-model", "--eval-only"]\` にする。最適化手法の内部状態は引き継がれない。`;
}

/** The notebook's JSON text. */
export function kerasNotebook(model: ExportModel, options: CodeExportOptions = {}): CodeExport {
  const built = kerasSections(model, options);
  if (!built) return { ok: false, source: model.dataset.settings.source, issues: [] };
  const cells: Cell[] = [];
  const add = (kind: 'markdown' | 'code', text: string) => {
    const id = `cell-${cells.length + 1}`;
    cells.push(
      kind === 'markdown'
        ? { cell_type: 'markdown', id, metadata: {}, source: sourceLines(text) }
        : { cell_type: 'code', id, metadata: {}, execution_count: null, outputs: [], source: sourceLines(text) },
    );
  };
  add('markdown', introduction(model, options));
  // The script's imports, without its docstring and shebang.
  add('code', built.header.slice(built.header.indexOf('import argparse')));
  for (const section of built.sections) {
    add('markdown', `## ${section.title}`);
    add('code', section.code);
  }
  add('markdown', '## Run / 実行');
  add(
    'code',
    `# The arguments, as on the command line: e.g. ["--weights", "kairo-model", "--eval-only"] or ["--epochs", "1"].
ARGS = ${py(options.weights ? ['--weights', options.weights] : [])}
main(ARGS)`,
  );
  const notebook = {
    cells,
    metadata: {
      colab: { provenance: [] },
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return { ok: true, text: `${JSON.stringify(notebook, null, 1)}\n` };
}

/** Graph → notebook (the analysis's errors when the graph cannot be trained). */
export function exportNotebook(graph: Pick<Graph, 'nodes' | 'edges' | 'meta'>, options: CodeExportOptions = {}): CodeExport {
  const description = describeForExport(graph);
  if (!description.ok) return description;
  return kerasNotebook(description.model, options);
}
