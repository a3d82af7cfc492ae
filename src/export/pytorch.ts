/**
 * The PyTorch export: one self-contained script (Python 3, numpy, PyTorch ≥ 1.13) that rebuilds the
 * graph's network, reads the data as Kairo reads it, loads Kairo's trained weights from its TF.js
 * files, trains with the graph's loss, optimizer, batch size and epochs — in one process, or under
 * `torchrun --nproc_per_node=N` with DistributedDataParallel — and prints `test accuracy 0.xxxx`
 * as `kairo train` does. Pure: analysed graph in, text out.
 */
import { type ExportDescription, type ExportModel, describeForExport } from './exportModel';
import { type PythonSection, docText, indent, joinSections, py } from './pythonCode';
import { DATASET_CHOICES_SECTION, dataSourceSection, KAIRO_WEIGHTS_SECTION, type PythonDataSource, pythonImports, settingsSection, usageLines } from './pythonData';
import type { TableText } from './pythonTable';
import { type TorchHelper, type TorchLayerCode, type TorchValue, torchLayer } from './pytorchLayers';
import { TORCH_TRAINING_CODE, torchLossCode, torchOptimizerCode } from './pytorchTraining';
import type { Graph } from '../graph/types';

const HELPERS: Readonly<Record<TorchHelper, string>> = {
  sign: `class SignStraightThrough(torch.autograd.Function):
    """sign(x) forward; backward passes the gradient through unchanged (Kairo's sign: with the hinge
    loss, one SGD step is Rosenblatt's perceptron rule)."""

    @staticmethod
    def forward(ctx, x):
        return torch.sign(x)

    @staticmethod
    def backward(ctx, gradient):
        return gradient`,
  rff: `class RandomFourierFeatures(nn.Module):
    """sqrt(2/D)·cos(x·W + b) with a fixed W ~ N(0, 2γ) and b ~ U[0, 2π) (Rahimi & Recht 2007).

    W and b are buffers, never trained. Kairo's weights (--weights) bring Kairo's exact W and b;
    without them they are drawn here from the seed (other numbers than TF.js draws from it)."""

    def __init__(self, inputs, features, gamma, seed):
        super().__init__()
        generator = torch.Generator().manual_seed(seed)
        self.register_buffer("projection", torch.randn(inputs, features, generator=generator) * math.sqrt(2 * gamma))
        self.register_buffer("phase", torch.rand(features, generator=generator) * 2 * math.pi)
        self.scale = math.sqrt(2 / features)

    def forward(self, x):
        return torch.cos(x @ self.projection + self.phase) * self.scale`,
  padSame: `def pad_same(x, kernel, stride, value=0.0):
    """TF's "same" padding of an NCHW image: an odd total pads one more at the bottom and right."""
    pads = []
    for size, k, s in reversed(list(zip(x.shape[2:], kernel, stride))):
        total = max((math.ceil(size / s) - 1) * s + k - size, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads, value=value)`,
  avgPoolSame: `def avg_pool_same(x, kernel, stride, pads):
    """TF's "same" average pooling: the mean over the part of each window inside the image."""
    if pads is None:
        total = F.avg_pool2d(pad_same(x, kernel, stride), kernel, stride)
        inside = F.avg_pool2d(pad_same(torch.ones_like(x[:1, :1]), kernel, stride), kernel, stride)
    else:
        total = F.avg_pool2d(F.pad(x, pads), kernel, stride)
        inside = F.avg_pool2d(F.pad(torch.ones_like(x[:1, :1]), pads), kernel, stride)
    return total / inside`,
  truncatedNormal: `def truncated_normal_(tensor, std):
    """A normal distribution cut at two standard deviations, as TF.js draws its "normal" initialisers."""
    return nn.init.trunc_normal_(tensor, mean=0.0, std=std, a=-2 * std, b=2 * std)`,
};

const HELPER_ORDER: readonly TorchHelper[] = ['sign', 'rff', 'padSame', 'avgPoolSame', 'truncatedNormal'];

interface ModelCode {
  sections: PythonSection[];
}

function modelSections(model: ExportModel): ModelCode {
  const values = new Map<string, TorchValue>();
  const rank = model.dataset.sampleShape.length + 1;
  values.set(model.dataset.nodeId, { name: 'x', rank, nchw: false });
  const init: string[] = [];
  const forward: string[] = [];
  const codes: TorchLayerCode[] = [];
  let logits = 'x';
  for (const layer of model.layers) {
    const inputs = layer.inputs.map((input) => values.get(input.nodeId) ?? { name: 'x', rank, nchw: false });
    const code = torchLayer(layer, inputs);
    codes.push(code);
    if (code.init) init.push(code.init);
    forward.push(...code.body);
    if (layer.id === model.outputId) {
      // The scores before the last activation, kept before the activation line overwrites them.
      if (code.activation && code.logits === layer.name) forward.push(`logits = ${code.logits}  # the scores before the last activation`);
      logits = code.activation && code.logits === layer.name ? 'logits' : code.logits;
    }
    if (code.activation) forward.push(code.activation);
    values.set(layer.id, { name: layer.name, rank: code.rank, nchw: code.nchw });
  }
  const output = values.get(model.outputId)?.name ?? 'x';
  forward.push(`return (${output}, ${logits}) if with_logits else ${output}`);

  const helpers = new Set(codes.flatMap((code) => code.helpers));
  if (helpers.has('avgPoolSame')) helpers.add('padSame');
  const sections: PythonSection[] = [];
  const used = HELPER_ORDER.filter((helper) => helpers.has(helper));
  if (used.length > 0) {
    sections.push({ title: 'What Kairo has and PyTorch lacks', code: used.map((helper) => HELPERS[helper]).join('\n\n\n') });
  }
  const modelClass = `class KairoModel(nn.Module):
    """The graph's network. It takes samples channels last, as Kairo does: [batch, ${model.dataset.sampleShape.join(', ')}]."""

    def __init__(self):
        super().__init__()
${indent(init.length > 0 ? init.join('\n') : 'pass', 2)}

    def forward(self, x, with_logits=False):
        """The network's output (with_logits: and the scores before its last activation)."""
${indent(forward.join('\n'), 2)}`;
  sections.push({ title: 'The network', code: modelClass });

  const initialise = codes.flatMap((code) => code.initialise);
  const weights = codes.flatMap((code) => code.weights);
  const table = weights.map((weight) => `    (${py(weight.tfjs)}, ${py(weight.torch)}, ${py(weight.layout)}),`).join('\n');
  sections.push({
    title: "Initial weights, or Kairo's trained ones",
    code: `def initialise(model):
    """Kairo's initialisers: the same distributions (PyTorch draws other numbers from the seed than TF.js)."""
${indent(initialise.length > 0 ? initialise.join('\n') : 'pass')}


# Each TF.js weight, the PyTorch tensor it becomes, and how: "dense" [in, out] → [out, in],
# "conv" [h, w, in, out] → [out, in, h, w], "same" as it is.
WEIGHTS = [
${table}
]


def load_kairo_weights(model, location):
    """Kairo's trained weights (its model.json + weights.bin) into the model."""
    weights = read_kairo_weights(location)
    state = model.state_dict()
    for name, target, layout in WEIGHTS:
        if name not in weights:
            raise SystemExit(f"{location}: the weight {name} is missing (a model of another graph?)")
        value = weights[name]
        if layout == "dense":
            value = value.T
        elif layout == "conv":
            value = value.transpose(3, 2, 0, 1)
        if tuple(value.shape) != tuple(state[target].shape):
            raise SystemExit(f"{location}: {name} is {list(weights[name].shape)}, this network needs another shape")
        state[target] = torch.from_numpy(np.array(value, dtype=np.float32))
    model.load_state_dict(state)`,
  });
  return { sections };
}

function header(model: ExportModel, data: PythonDataSource): string {
  const title = docText(model.meta.title.en || 'Kairo graph');
  const description = docText(model.meta.description.en).trim();
  return `#!/usr/bin/env python3
"""${title}: a PyTorch script exported from Kairo (回路).
${description ? `\n${description}\n` : ''}
The network, its initialisers, the data and how it is prepared, the loss, the optimizer and its
settings, the batch size and the epochs are the graph's. Kairo's trained weights load with
--weights (the folder of its model.json + weights.bin); the optimizer's state does not carry over.

${usageLines(
    [
      [`python3 model.py ${data.example} --weights kairo-model/ --eval-only`, "Kairo's model on the test set"],
      [`python3 model.py ${data.example} --checkpoint model.pt`, 'train here (on a GPU if there is one)'],
      [`torchrun --nproc_per_node=4 model.py ${data.example} --checkpoint model.pt`, ''],
    ],
    4,
  )}
                                    # 4 processes: one per GPU (NCCL) or CPU share (gloo)

Exported from the graph with fingerprint ${model.fingerprint}. Needs numpy and PyTorch 1.13 or newer.
"""
${pythonImports(['argparse', 'gzip', 'json', 'math', 'os', 'struct', 'time'], data.imports)}

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data.distributed import DistributedSampler`;
}

function mainSection(data: PythonDataSource, weights: string | undefined): PythonSection {
  return {
    title: 'Command line',
    code: `def main(argv=None):
    parser = argparse.ArgumentParser(description="Train or evaluate the network of a Kairo graph.")
${data.arguments.map((line) => `    ${line}`).join('\n')}
    parser.add_argument("--epochs", type=int, default=SETTINGS["epochs"], help="epochs to train (default: the graph's)")
    parser.add_argument("--limit", type=int, help="train on N samples: the first N after Kairo's seeded shuffle")
    parser.add_argument("--batch-size", type=int, default=SETTINGS["batch_size"], help="the batch over all processes")
    parser.add_argument("--weights", default=${py(weights ?? null)}, help="Kairo's trained model: the folder with model.json and weights.bin")
    parser.add_argument("--eval-only", action="store_true", help="do not train: evaluate on the test set")
    parser.add_argument("--checkpoint", help="after training, save the model and optimizer state here (once, by rank 0)")
    parser.add_argument("--save-outputs", help="write the test set's outputs, logits and labels to this .npz")
    parser.add_argument("--seed", type=int, default=SETTINGS["seed"], help="seed of the initial weights")
    args = parser.parse_args(argv)

    rank, world, device = start_distributed()
    say = print if rank == 0 else (lambda *_: None)
    data = prepare_data(${data.load}, SETTINGS, limit=args.limit)
    torch.manual_seed(args.seed)
    model = KairoModel()
    initialise(model)
    if args.weights:
        load_kairo_weights(model, args.weights)
        say(f"loaded Kairo's weights from {args.weights}")
    model.to(device)
    optimizer = None if args.eval_only else train(model, data, args, rank, world, device, say)
    if rank == 0:
        loss, accuracy, outputs, logits = evaluate(model, data["test"], device, with_logits=bool(args.save_outputs))
        print(f"test accuracy {accuracy:.4f}  loss {loss:.4f}  ({len(data['test'][1])} test images)")
        if args.save_outputs:
            np.savez(args.save_outputs, outputs=outputs.numpy(), logits=logits.numpy(), labels=data["test"][1])
        if args.checkpoint and optimizer is not None:
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "settings": SETTINGS}, args.checkpoint)
            print(f"checkpoint written to {args.checkpoint}")
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()`,
  };
}

export type CodeExport = { ok: true; text: string } | Extract<ExportDescription, { ok: false }> | { ok: false; source: string; issues: [] };

export interface CodeExportOptions {
  /** Where Kairo's trained model is (a folder with model.json): the default of the script's --weights. */
  weights?: string;
  /** The rows of a built-in table the graph trains on (they travel inside the script). */
  builtinTable?: TableText;
}

/** The PyTorch script of a described model; refuses a data source the Python exports cannot read. */
export function pytorchScript(model: ExportModel, options: CodeExportOptions = {}): CodeExport {
  const data = dataSourceSection(model.dataset.settings, options);
  if (!data) return { ok: false, source: model.dataset.settings.source, issues: [] };
  const { sections } = modelSections(model);
  const all: PythonSection[] = [
    settingsSection(model),
    data.section,
    DATASET_CHOICES_SECTION,
    KAIRO_WEIGHTS_SECTION,
    ...sections,
    { title: 'Loss and optimizer', code: `${torchLossCode(model.loss, model.dataset.settings.labels)}\n\n\n${torchOptimizerCode(model.optimizer)}` },
    { title: 'Training, evaluation, distributed processes', code: TORCH_TRAINING_CODE },
    mainSection(data, options.weights),
  ];
  return { ok: true, text: `${joinSections(header(model, data), all)}` };
}

/** Graph → PyTorch script (the analysis's errors when the graph cannot be trained). */
export function exportPytorch(graph: Pick<Graph, 'nodes' | 'edges' | 'meta'>, options: CodeExportOptions = {}): CodeExport {
  const description = describeForExport(graph);
  if (!description.ok) return description;
  return pytorchScript(description.model, options);
}
