/**
 * What the export dialog's buttons do: download the trained model (TF.js files or a bundle), the
 * code (Keras, notebook, PyTorch) and the pictures, and open picked files. Each returns what to
 * tell the user; none of them changes the graph except a successful open.
 */
import { builtinTableRows } from '../../export/builtinTableRows';
import { bundleFileName, writeBundle } from '../../export/bundle';
import { graphSvg } from '../../export/graphPicture';
import { exportKeras } from '../../export/keras';
import { writeModelFiles } from '../../export/modelFiles';
import { type ModelProblem, modelProblem } from '../../export/modelProblems';
import { exportNotebook } from '../../export/notebook';
import { type CodeExport, exportPytorch } from '../../export/pytorch';
import { translate } from '../../i18n/index';
import { kairoStore, selectAnalysis } from '../../store/index';
import { trainingSession } from '../training/useTrainingSession';
import { ModelKeeper, type OpenResult } from './modelKeeper';
import { downloadBlob } from '../download';
import { chartsPng, confusionMatrixPng, svgToPng } from './pictureFiles';

/** The app's model keeper (started by the export button when the editor mounts). */
export const modelKeeper = new ModelKeeper(kairoStore, trainingSession);

export type ActionResult = { ok: true; files: string[] } | { ok: false; problem: ModelProblem } | { ok: false; issues: true } | { ok: false; source: string };

function slug(): string {
  const title = kairoStore.getState().graph.meta.title.en || 'kairo-graph';
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'kairo-graph'
  );
}

function currentModel() {
  return modelKeeper.modelFor(kairoStore.getState().graph);
}

export function downloadTfjsModel(): ActionResult {
  const model = currentModel();
  if (!model) return { ok: false, problem: modelProblem(kairoStore.getState().trainedModel ? 'MODEL_OUT_OF_DATE' : 'MODEL_NOT_TRAINED') };
  const files = writeModelFiles(model.modelTopology, model.weights, { kairo: { fingerprint: model.fingerprint } });
  downloadBlob(new Blob([files.modelJson], { type: 'application/json' }), 'model.json');
  downloadBlob(new Blob([files.weightsBin], { type: 'application/octet-stream' }), 'weights.bin');
  return { ok: true, files: ['model.json', 'weights.bin'] };
}

export function downloadBundle(): ActionResult {
  const model = currentModel();
  if (!model) return { ok: false, problem: modelProblem(kairoStore.getState().trainedModel ? 'MODEL_OUT_OF_DATE' : 'MODEL_NOT_TRAINED') };
  const name = bundleFileName(model.graph);
  downloadBlob(new Blob([writeBundle(model)], { type: 'application/zip' }), name);
  return { ok: true, files: [name] };
}

export type CodeTarget = 'keras' | 'notebook' | 'pytorch';

const CODE_FILES: Readonly<Record<CodeTarget, { make: typeof exportKeras; suffix: string; type: string }>> = {
  keras: { make: exportKeras, suffix: '_keras.py', type: 'text/x-python' },
  notebook: { make: exportNotebook, suffix: '.ipynb', type: 'application/x-ipynb+json' },
  pytorch: { make: exportPytorch, suffix: '_pytorch.py', type: 'text/x-python' },
};

export async function downloadCode(target: CodeTarget): Promise<ActionResult> {
  const { make, suffix, type } = CODE_FILES[target];
  const graph = kairoStore.getState().graph;
  const builtinTable = await builtinTableRows(graph);
  const result: CodeExport = make(graph, builtinTable ? { builtinTable } : {});
  if (!result.ok) return 'source' in result ? { ok: false, source: result.source } : { ok: false, issues: true };
  const name = `${slug()}${suffix}`;
  downloadBlob(new Blob([result.text], { type }), name);
  return { ok: true, files: [name] };
}

function canvasSvg(): string {
  const state = kairoStore.getState();
  return graphSvg(state.graph, selectAnalysis(state), state.language);
}

export function downloadCanvasSvg(): ActionResult {
  const name = `${slug()}.svg`;
  downloadBlob(new Blob([canvasSvg()], { type: 'image/svg+xml' }), name);
  return { ok: true, files: [name] };
}

export async function downloadCanvasPng(): Promise<ActionResult> {
  const name = `${slug()}.png`;
  downloadBlob(await svgToPng(canvasSvg()), name);
  return { ok: true, files: [name] };
}

export async function downloadCharts(): Promise<ActionResult> {
  const language = kairoStore.getState().language;
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key);
  const blob = await chartsPng(trainingSession.series, {
    loss: t('export.pictures.chartLoss'),
    accuracy: t('export.pictures.chartAccuracy'),
    training: t('export.pictures.chartTraining'),
    validation: t('export.pictures.chartValidation'),
    epoch: t('export.pictures.chartEpoch'),
  });
  const name = `${slug()}-training.png`;
  downloadBlob(blob, name);
  return { ok: true, files: [name] };
}

export async function downloadConfusionMatrix(): Promise<ActionResult> {
  const state = kairoStore.getState();
  if (state.evaluation.status !== 'ready') return { ok: false, problem: modelProblem('MODEL_NOT_TRAINED') };
  const blob = await confusionMatrixPng(state.evaluation.result, {
    trueClass: translate(state.language, 'export.pictures.matrixTrue'),
    predicted: translate(state.language, 'export.pictures.matrixPredicted'),
  });
  const name = `${slug()}-confusion-matrix.png`;
  downloadBlob(blob, name);
  return { ok: true, files: [name] };
}

/** Opens files the user picked (a bundle, or model.json with its .bin files). */
export function openModelFiles(files: readonly File[]): Promise<OpenResult> {
  const byName = new Map(files.map((file) => [file.name, file]));
  return modelKeeper.open(
    files.map((file) => ({ name: file.name, size: file.size })),
    async (name) => new Uint8Array(await (byName.get(name) ?? new Blob()).arrayBuffer()),
  );
}
