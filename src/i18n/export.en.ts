/**
 * English texts of taking a model out of Kairo and bringing one in: the export dialog, the trained
 * model kept in the browser, the `kairo export` command, and why a model file, weights file or
 * bundle was refused (`export.problem.<CODE>`, one per code in src/export/modelProblems.ts).
 * Spread into en.ts; export.ja.ts has the same keys.
 */
import type { ModelProblemCode } from '../export/modelProblems';

export const exportEn = {
  'export.button': 'Export',
  'export.buttonTitle': 'Download the trained model, Keras or PyTorch code, or pictures; open a bundle or a TF.js model',
  'export.title': 'Export and import',
  'export.close': 'Close',

  'export.model.heading': 'Trained model',
  'export.model.none': 'This graph has no trained model yet: train it first. Code can be exported without one (it then starts from fresh weights).',
  'export.model.current': 'Trained model of this graph: {epochs} epochs, test accuracy {accuracy} ({date}).',
  'export.model.currentNoEval': 'Trained model of this graph: {epochs} epochs ({date}).',
  'export.model.outOfDate': 'The trained model belongs to an earlier version of this graph, which has changed since. Train again to export its weights.',
  'export.model.tfjs': 'TF.js model',
  'export.model.tfjsTitle': 'model.json + weights.bin (TensorFlow.js layers format)',
  'export.model.bundle': 'Bundle (.kairo.zip)',
  'export.model.bundleTitle': 'One file with the graph, the trained model and the run history: to hand the model to someone else',

  'export.code.heading': 'Code',
  'export.code.keras': 'Keras script',
  'export.code.notebook': 'Colab notebook',
  'export.code.pytorch': 'PyTorch script',
  'export.code.hint':
    'The scripts rebuild this network with its data, loss, optimizer and settings. For the trained weights, put the TF.js model (model.json + weights.bin) in a folder and pass it with --weights.',
  'export.code.invalid': 'The graph has errors; fix them to export code.',
  'export.code.unknownSource': 'The Python exports cannot read the data source “{source}” yet.',

  'export.pictures.heading': 'Pictures',
  'export.pictures.canvasPng': 'Canvas (PNG)',
  'export.pictures.canvasSvg': 'Canvas (SVG)',
  'export.pictures.charts': 'Training charts (PNG)',
  'export.pictures.matrix': 'Confusion matrix (PNG)',
  'export.pictures.noRun': 'The charts and the confusion matrix come from a training run and its evaluation.',
  'export.pictures.chartLoss': 'Loss',
  'export.pictures.chartAccuracy': 'Accuracy',
  'export.pictures.chartTraining': 'training (per batch)',
  'export.pictures.chartValidation': 'validation (per epoch)',
  'export.pictures.chartEpoch': 'epoch',
  'export.pictures.matrixTrue': 'true class',
  'export.pictures.matrixPredicted': 'predicted class',

  'export.open.heading': 'Open a trained model',
  'export.open.button': 'Open a bundle or TF.js model…',
  'export.open.hint': 'A .kairo.zip bundle, or a TF.js model.json together with its .bin files (select them all).',

  'export.status.working': 'Preparing…',
  'export.status.downloaded': 'Downloaded {name}.',
  'export.status.opened': 'Opened {name}: the graph and its trained weights are restored.',
  'export.status.refused': '{name} was not opened: {reason} Your graph is unchanged.',
  'export.status.failed': 'Could not export: {reason}',
  'export.stored.failed': 'The trained model could not be kept in this browser ({reason}); it is lost when the page reloads.',
  'export.restored': 'The trained model of this graph is back from your last visit.',
  'export.restore.failed': 'The trained model kept in this browser could not be restored: {reason}',

  'export.cli.cannotExport': '{file} cannot be exported:',
  'export.cli.unknownSource': 'the Python exports cannot read the data source “{source}” yet',
  'export.cli.written': 'wrote {file} ({target})',

  'export.problem.MODEL_FILE_TOO_LARGE': 'The model.json is {size}, more than the {limit} a model description can be.',
  'export.problem.MODEL_NOT_JSON': 'The model.json is not valid JSON.',
  'export.problem.MODEL_NOT_LAYERS_MODEL': 'This is not a TF.js layers model (format “{format}”). Kairo reads models saved with model.save() of tf.LayersModel.',
  'export.problem.MODEL_MANIFEST_INVALID': 'The weights manifest of the model.json is damaged at {where}.',
  'export.problem.MODEL_WEIGHTS_TOO_LARGE': 'The model claims {size} of weights, more than the {limit} Kairo opens.',
  'export.problem.MODEL_WEIGHT_DTYPE': 'The weight {name} is stored as {dtype}; Kairo reads float32 weights only.',
  'export.problem.MODEL_WEIGHTS_FILE_MISSING': 'The weights file {file} is missing: select it together with the model.json.',
  'export.problem.MODEL_WEIGHTS_TRUNCATED': 'The weights file {file} is cut short: {found} bytes instead of {expected}.',
  'export.problem.MODEL_WEIGHTS_TOO_LONG': 'The weights file {file} is longer than its model.json says: {found} bytes instead of {expected}.',
  'export.problem.MODEL_WEIGHT_MISSING': 'The weight {name} that this graph needs is not in the file.',
  'export.problem.MODEL_WEIGHT_SHAPE': 'The weight {name} has the shape {found}, but this graph needs {expected}.',
  'export.problem.MODEL_WEIGHT_UNEXPECTED': 'The file has a weight {name} that no layer of this graph has.',
  'export.problem.MODEL_WEIGHT_NOT_FINITE': 'The weight {name} contains NaN or infinite values.',
  'export.problem.MODEL_TOPOLOGY_INVALID': 'The model’s topology cannot be read ({where}).',
  'export.problem.MODEL_UNKNOWN_LAYERS': 'The model has layers that Kairo does not have: {layers}.',
  'export.problem.MODEL_LAYER_SETTING': 'The layer {layer} uses {setting}, which Kairo’s {type} node cannot do.',
  'export.problem.MODEL_INPUT_UNSUPPORTED': 'The model takes inputs of shape {shape}; Kairo’s data gives {data}.',
  'export.problem.MODEL_NOT_A_CLASSIFIER': 'The model’s output has the shape {shape}; Kairo trains classifiers with one output per class (2 to 10) or one output for two classes.',
  'export.problem.BUNDLE_NOT_ZIP': 'The file is not a zip archive (a .kairo.zip bundle is one).',
  'export.problem.BUNDLE_TOO_LARGE': 'The bundle’s {entry} would unpack to {size}, more than the {limit} Kairo opens.',
  'export.problem.BUNDLE_ENTRY_MISSING': 'The bundle has no {entry}.',
  'export.problem.BUNDLE_WRONG_FORMAT': 'The zip archive is not a Kairo bundle.',
  'export.problem.BUNDLE_TOO_NEW': 'The bundle was made by a newer Kairo (bundle version {version}); update Kairo to open it.',
  'export.problem.BUNDLE_GRAPH_INVALID': 'The graph in the bundle cannot be opened: {reason}',
  'export.problem.BUNDLE_HISTORY_INVALID': 'The run history in the bundle is damaged.',
  'export.problem.MODEL_OUT_OF_DATE': 'The trained model belongs to another version of the graph.',
  'export.problem.MODEL_NOT_TRAINED': 'There is no trained model: train the graph first.',
  'export.problem.MODEL_LOAD_FAILED': 'The weights could not be loaded into the model.',
} as const satisfies Record<`export.problem.${ModelProblemCode}`, string> & Record<`export.${string}`, string>;

export type ExportDictionaryKey = keyof typeof exportEn;
