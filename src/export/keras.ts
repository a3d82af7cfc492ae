/**
 * The Keras export: a script (and, from the same sections, a Colab notebook — the course's
 * environment) that rebuilds the graph's network with the same initialisers, reads the data as
 * Kairo reads it (or, without --data, from keras.datasets), loads Kairo's trained weights from its
 * TF.js files with numpy, trains with the graph's loss, optimizer, batch size and epochs — on one
 * device, or with --distribute under tf.distribute (MirroredStrategy on one machine,
 * MultiWorkerMirroredStrategy across machines) — and prints `test accuracy 0.xxxx`. Pure.
 */
import type { LossFunction } from '../../nodes/loss';
import type { OptimizerSettings } from '../../nodes/optimizer';
import type { Graph } from '../graph/types';
import { describeForExport, type ExportModel } from './exportModel';
import { KERAS_HELPER_ORDER, KERAS_HELPERS, type KerasHelper, kerasLayer } from './kerasLayers';
import { docText, indent, joinSections, type PythonSection, py } from './pythonCode';
import { DATASET_CHOICES_SECTION, dataSourceSection, KAIRO_WEIGHTS_SECTION, type PythonDataSource, pythonImports, settingsSection, usageLines } from './pythonData';
import type { CodeExport, CodeExportOptions } from './pytorch';

const KERAS_LOSSES: Readonly<Record<LossFunction, string>> = {
  categoricalCrossentropy: 'categorical_crossentropy',
  binaryCrossentropy: 'binary_crossentropy',
  meanSquaredError: 'mean_squared_error',
  categoricalHinge: 'categorical_hinge',
  hinge: 'hinge',
};

function optimizerCall(settings: OptimizerSettings): string {
  const lr = py(settings.learningRate);
  switch (settings.algorithm) {
    case 'sgd':
      return `keras.optimizers.SGD(learning_rate=${lr}, momentum=${py(settings.momentum)}, nesterov=${py(settings.nesterov)})`;
    case 'adam':
      return `keras.optimizers.Adam(learning_rate=${lr}, beta_1=${py(settings.beta1)}, beta_2=${py(settings.beta2)}, epsilon=${py(settings.epsilon)})`;
    case 'rmsprop':
      return `keras.optimizers.RMSprop(learning_rate=${lr}, rho=${py(settings.rho)}, momentum=${py(settings.momentum)}, epsilon=${py(settings.epsilon)})`;
    case 'adadelta':
      return `keras.optimizers.Adadelta(learning_rate=${lr}, rho=${py(settings.rho)}, epsilon=${py(settings.epsilon)})`;
    case 'adagrad':
      return `keras.optimizers.Adagrad(learning_rate=${lr}, initial_accumulator_value=${py(settings.initialAccumulatorValue)}, epsilon=1e-07)`;
  }
}

/** The sections of the Keras export (a script joins them; a notebook makes cells of them). */
export function kerasSections(model: ExportModel, options: CodeExportOptions = {}): { sections: PythonSection[]; header: string } | undefined {
  const data = dataSourceSection(model.dataset.settings, options);
  if (!data) return undefined;
  const names = new Map<string, string>([[model.dataset.nodeId, 'inputs']]);
  const lines: string[] = [];
  const helpers = new Set<KerasHelper>();
  const weightLayers: [string, string[]][] = [];
  let output = 'inputs';
  let logits = 'inputs';
  for (const layer of model.layers) {
    const inputs = layer.inputs.map((input) => names.get(input.nodeId) ?? 'inputs');
    const isOutput = layer.id === model.outputId;
    const code = kerasLayer(layer, inputs, model.training.seed, isOutput);
    lines.push(...code.lines);
    if (code.activation) lines.push(code.activation);
    for (const helper of code.helpers) helpers.add(helper);
    if (code.weights.length > 0) weightLayers.push([layer.name, code.weights]);
    names.set(layer.id, layer.name);
    if (isOutput) {
      output = code.activation ? `${layer.name}_activation` : layer.name;
      logits = code.logits;
    }
  }
  const sampleShape = model.dataset.sampleShape;
  const sections: PythonSection[] = [settingsSection(model), data.section, DATASET_CHOICES_SECTION, KAIRO_WEIGHTS_SECTION];
  const usedHelpers = KERAS_HELPER_ORDER.filter((helper) => helpers.has(helper));
  if (usedHelpers.length > 0) {
    sections.push({ title: 'What Kairo has and Keras lacks', code: usedHelpers.map((helper) => KERAS_HELPERS[helper]).join('\n\n\n') });
  }
  const table = weightLayers.map(([layer, weights]) => `    ${py(layer)}: ${py(weights)},`).join('\n');
  sections.push({
    title: 'The network',
    code: `def build_model():
    """The graph's network, and a second view of it that ends before the last activation (the logits)."""
    inputs = keras.Input(shape=(${sampleShape.join(', ')}${sampleShape.length === 1 ? ',' : ''}), name=${py(model.dataset.name)})
${indent(lines.join('\n'))}
    return keras.Model(inputs, ${output}, name="kairo_model"), keras.Model(inputs, ${logits}, name="kairo_logits")


# The weights of each layer, in Keras's order, by their TF.js names.
WEIGHTS = {
${table}
}


def load_kairo_weights(model, location):
    """Kairo's trained weights (its model.json + weights.bin) into the model; the layouts are the same."""
    weights = read_kairo_weights(location)
    for layer, names in WEIGHTS.items():
        missing = [name for name in names if name not in weights]
        if missing:
            raise SystemExit(f"{location}: the weights {missing} are missing (a model of another graph?)")
        model.get_layer(layer).set_weights([weights[name] for name in names])`,
  });
  const binary = model.dataset.settings.labels === 'binary';
  const threshold = model.loss === 'hinge' ? 0 : 0.5;
  sections.push({
    title: 'Loss, optimizer, training',
    code: `LOSS = ${py(KERAS_LOSSES[model.loss])}  # Keras's own, which TF.js's is a port of


def make_optimizer():
    """The optimizer node's algorithm and settings (Kairo's Adadelta is Keras's)."""
    return ${optimizerCall(model.optimizer)}


def accuracy_metric():
    return ${binary ? `keras.metrics.BinaryAccuracy(name="accuracy", threshold=${threshold})` : 'keras.metrics.CategoricalAccuracy(name="accuracy")'}


def make_strategy(kind):
    """--distribute: "mirrored" (every GPU of this machine), "multiworker" (machines listed in TF_CONFIG), or none."""
    if kind == "mirrored":
        return tf.distribute.MirroredStrategy()
    if kind == "multiworker":
        return tf.distribute.MultiWorkerMirroredStrategy()
    return tf.distribute.get_strategy()


def is_chief(strategy):
    resolver = getattr(strategy, "cluster_resolver", None)
    return resolver is None or resolver.task_type in (None, "chief") or (resolver.task_type == "worker" and resolver.task_id == 0)`,
  });
  sections.push({ title: 'Command line', code: mainCode(data, options.weights) });
  return { sections, header: header(model, data) };
}

// MNIST without --data comes from keras.datasets (Colab has it at hand).
const MNIST_LOAD_DATA = `def load_data(args):
    """The data from --data, or (for a notebook on Colab) MNIST from keras.datasets."""
    if args.data:
        return load_mnist(args.data)
    (train_images, train_labels), (test_images, test_labels) = keras.datasets.mnist.load_data()
    return mnist_arrays(train_images, train_labels, test_images, test_labels)`;
const MNIST_DATA_ARGUMENT = '    parser.add_argument("--data", help="the folder with the four MNIST IDX files (plain or .gz); default: keras.datasets")';

function mainCode(data: PythonDataSource, weights: string | undefined): string {
  return `${data.load === 'load_mnist(args.data)' ? MNIST_LOAD_DATA : `def load_data(args):\n    return ${data.load}`}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Train or evaluate the network of a Kairo graph with Keras.")
${data.load === 'load_mnist(args.data)' ? MNIST_DATA_ARGUMENT : data.arguments.map((line) => `    ${line}`).join('\n')}
    parser.add_argument("--epochs", type=int, default=SETTINGS["epochs"], help="epochs to train (default: the graph's)")
    parser.add_argument("--limit", type=int, help="train on N samples: the first N after Kairo's seeded shuffle")
    parser.add_argument("--batch-size", type=int, default=SETTINGS["batch_size"], help="the batch over all replicas")
    parser.add_argument("--weights", default=${py(weights ?? null)}, help="Kairo's trained model: the folder with model.json and weights.bin")
    parser.add_argument("--eval-only", action="store_true", help="do not train: evaluate on the test set")
    parser.add_argument("--checkpoint", help="after training, save the weights here (a name ending in .weights.h5)")
    parser.add_argument("--save-outputs", help="write the test set's outputs, logits and labels to this .npz")
    parser.add_argument("--distribute", choices=["none", "mirrored", "multiworker"], default="none", help="tf.distribute strategy")
    parser.add_argument("--seed", type=int, default=SETTINGS["seed"], help="seed of the initial weights")
    args = parser.parse_args(argv)

    keras.utils.set_random_seed(args.seed)
    data = prepare_data(load_data(args), SETTINGS, limit=args.limit)
    strategy = make_strategy(args.distribute)
    with strategy.scope():
        model, logits_model = build_model()
        if args.weights:
            load_kairo_weights(model, args.weights)
            print(f"loaded Kairo's weights from {args.weights}")
        model.compile(optimizer=make_optimizer(), loss=LOSS, metrics=[accuracy_metric()])
    train_x, train_y = data["train"]
    test_x, test_y = data["test"]
    if not args.eval_only:
        validation = data["validation"]
        model.fit(
            train_x,
            encode_labels(train_y, SETTINGS),
            batch_size=args.batch_size,
            epochs=args.epochs,
            shuffle=SETTINGS["shuffle"],  # Keras's own order: Kairo's per-epoch order is not reproduced here
            validation_data=None if validation is None else (validation[0], encode_labels(validation[1], SETTINGS)),
            verbose=2,
        )
    loss, accuracy = model.evaluate(test_x, encode_labels(test_y, SETTINGS), batch_size=1000, verbose=0)
    print(f"test accuracy {accuracy:.4f}  loss {loss:.4f}  ({len(test_y)} test images)")
    if args.save_outputs:
        outputs = model.predict(test_x, batch_size=1000, verbose=0)
        np.savez(args.save_outputs, outputs=outputs, logits=logits_model.predict(test_x, batch_size=1000, verbose=0), labels=test_y)
    if args.checkpoint and not args.eval_only:
        if is_chief(strategy):
            model.save_weights(args.checkpoint)
            print(f"checkpoint written to {args.checkpoint}")
        else:
            # Every worker of a multi-worker run must save; only the chief's copy is kept.
            scratch = os.path.join(tempfile.mkdtemp(), os.path.basename(args.checkpoint))
            model.save_weights(scratch)
            shutil.rmtree(os.path.dirname(scratch), ignore_errors=True)`;
}

function header(model: ExportModel, data: PythonDataSource): string {
  const isMnist = data.load === 'load_mnist(args.data)';
  const title = docText(model.meta.title.en || 'Kairo graph');
  const description = docText(model.meta.description.en).trim();
  return `#!/usr/bin/env python3
"""${title}: a Keras script exported from Kairo (回路).
${description ? `\n${description}\n` : ''}
The network, its initialisers (the same kinds; TensorFlow draws other numbers from the seeds than
TF.js), the data and how it is prepared, the loss, the optimizer and its settings, the batch size and
the epochs are the graph's. Kairo's trained weights load with --weights (the folder of its
model.json + weights.bin); the optimizer's state does not carry over.

${usageLines(
    [
      [`python3 model_keras.py ${data.example} --weights kairo-model/ --eval-only`, "Kairo's model on the test set"],
      isMnist
        ? ['python3 model_keras.py --checkpoint model.weights.h5', 'train (MNIST from keras.datasets)']
        : [`python3 model_keras.py ${data.example} --checkpoint model.weights.h5`, 'train'],
      [`python3 model_keras.py ${isMnist ? '' : data.example} --distribute mirrored`, 'every GPU of this machine'],
      [`TF_CONFIG=... python3 model_keras.py ${isMnist ? '' : data.example} --distribute multiworker`, 'on each machine of a cluster'],
    ],
    3,
  )}

Exported from the graph with fingerprint ${model.fingerprint}. Needs TensorFlow 2.12 or newer.
"""
${pythonImports(['argparse', 'gzip', 'json', 'math', 'os', 'shutil', 'struct', 'tempfile'], data.imports)}

import numpy as np
import tensorflow as tf
from tensorflow import keras`;
}

/** The Keras script of a described model. */
export function kerasScript(model: ExportModel, options: CodeExportOptions = {}): CodeExport {
  const built = kerasSections(model, options);
  if (!built) return { ok: false, source: model.dataset.settings.source, issues: [] };
  const sections = [...built.sections, { title: 'Run', code: 'if __name__ == "__main__":\n    main()' }];
  return { ok: true, text: joinSections(built.header, sections) };
}

/** Graph → Keras script (the analysis's errors when the graph cannot be trained). */
export function exportKeras(graph: Pick<Graph, 'nodes' | 'edges' | 'meta'>, options: CodeExportOptions = {}): CodeExport {
  const description = describeForExport(graph);
  if (!description.ok) return description;
  return kerasScript(description.model, options);
}
