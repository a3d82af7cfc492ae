/**
 * The PyTorch script's loss, optimizer and training code, written from the graph's loss and
 * optimizer nodes with TF.js's numerics: the losses read probabilities (clipped at TF.js's ε) as
 * Kairo's do, never logits; labels are one-hot rows or one 0/1 column. Pure.
 */
import type { LossFunction } from '../../nodes/loss';
import type { OptimizerSettings } from '../../nodes/optimizer';
import { py } from './pythonCode';

const LOSS_BODIES: Readonly<Record<LossFunction, { doc: string; body: string }>> = {
  categoricalCrossentropy: {
    doc: 'Categorical cross-entropy of probabilities, as TF.js computes it (normalised, clipped to [ε, 1 − ε]; not from logits).',
    body: `p = (prediction / prediction.sum(dim=-1, keepdim=True)).clamp(EPSILON, 1 - EPSILON)
return -(target * torch.log(p)).sum(dim=-1)`,
  },
  binaryCrossentropy: {
    doc: "Binary cross-entropy of probabilities, as TF.js computes it: clipped to [ε, 1 − ε], turned back into logits, averaged over the outputs.",
    body: `p = prediction.clamp(EPSILON, 1 - EPSILON)
return F.binary_cross_entropy_with_logits(torch.log(p / (1 - p)), target, reduction="none").mean(dim=-1)`,
  },
  meanSquaredError: {
    doc: 'Mean squared error over the outputs.',
    body: 'return ((target - prediction) ** 2).mean(dim=-1)',
  },
  categoricalHinge: {
    doc: 'The multi-class SVM loss: max(0, 1 + (largest wrong-class score) − (true-class score)).',
    body: `true_score = (target * prediction).sum(dim=-1)
other_score = ((1 - target) * prediction).max(dim=-1).values
return F.relu(other_score - true_score + 1)`,
  },
  hinge: {
    doc: 'max(0, 1 − y·p) with the 0/1 labels read as y = −1/+1, averaged over the outputs.',
    body: `signs = 2 * target - 1
return F.relu(1 - signs * prediction).mean(dim=-1)`,
  },
};

function indentBody(body: string): string {
  return body
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** loss_per_sample, predicted_classes and true_classes for the graph's loss and label encoding. */
export function torchLossCode(loss: LossFunction, labels: 'onehot' | 'binary'): string {
  const { doc, body } = LOSS_BODIES[loss];
  // A single output unit: class 1 when it is above 0 (a ±1 or hinge score) or 0.5 (a probability).
  const threshold = loss === 'hinge' ? 0 : 0.5;
  const classes =
    labels === 'binary'
      ? `THRESHOLD = ${threshold}  # one output unit: class 1 above this


def predicted_classes(prediction):
    return (prediction.reshape(-1) > THRESHOLD).long()


def true_classes(target):
    return target.reshape(-1).long()`
      : `def predicted_classes(prediction):
    return prediction.argmax(dim=-1)


def true_classes(target):
    return target.argmax(dim=-1)`;
  return `EPSILON = 1e-7  # TF.js's epsilon


def loss_per_sample(prediction, target):
    """${doc}"""
${indentBody(body)}


${classes}`;
}

/** make_optimizer for the optimizer node (Kairo's Adadelta is Keras's, which is PyTorch's). */
export function torchOptimizerCode(settings: OptimizerSettings): string {
  const lr = py(settings.learningRate);
  let call: string;
  let note = '';
  switch (settings.algorithm) {
    case 'sgd':
      // PyTorch refuses Nesterov without momentum; TF.js's is then plain SGD anyway.
      call =
        settings.momentum > 0
          ? `torch.optim.SGD(parameters, lr=${lr}, momentum=${py(settings.momentum)}, nesterov=${py(settings.nesterov)})`
          : `torch.optim.SGD(parameters, lr=${lr})`;
      break;
    case 'adam':
      call = `torch.optim.Adam(parameters, lr=${lr}, betas=(${py(settings.beta1)}, ${py(settings.beta2)}), eps=${py(settings.epsilon)})`;
      break;
    case 'rmsprop':
      note = '    # TF.js adds ε inside the square root, PyTorch outside: they differ only while the mean square is below ~ε.\n';
      call = `torch.optim.RMSprop(parameters, lr=${lr}, alpha=${py(settings.rho)}, eps=${py(settings.epsilon)}, momentum=${py(settings.momentum)})`;
      break;
    case 'adadelta':
      call = `torch.optim.Adadelta(parameters, lr=${lr}, rho=${py(settings.rho)}, eps=${py(settings.epsilon)})`;
      break;
    case 'adagrad':
      call = `torch.optim.Adagrad(parameters, lr=${lr}, initial_accumulator_value=${py(settings.initialAccumulatorValue)}, eps=1e-7)`;
      break;
  }
  return `def make_optimizer(parameters):
    """The optimizer node's algorithm and settings."""
${note}    return ${call}`;
}

/** Training, evaluation and the processes torchrun starts. */
export const TORCH_TRAINING_CODE = `def start_distributed():
    """Under torchrun (WORLD_SIZE > 1): one process per GPU with NCCL, or per CPU share with gloo."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1:
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    rank = dist.get_rank() if world > 1 else 0
    if torch.cuda.is_available():
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
        torch.cuda.set_device(device)
    else:
        device = torch.device("cpu")
    return rank, world, device


class KairoOrder(torch.utils.data.Sampler):
    """One process: the training samples in the very order Kairo trains them, epoch by epoch."""

    def __init__(self, count, seed, shuffle):
        self.count, self.seed, self.shuffle, self.epoch = count, seed, shuffle, 0

    def set_epoch(self, epoch):
        self.epoch = epoch

    def __iter__(self):
        return iter(epoch_order(self.count, self.seed, self.epoch) if self.shuffle else range(self.count))

    def __len__(self):
        return self.count


def batches(split, batch_size, sampler):
    """Whole batches taken from memory at once."""
    images, targets = split
    dataset = torch.utils.data.TensorDataset(torch.from_numpy(images), torch.from_numpy(targets))
    return torch.utils.data.DataLoader(
        dataset, batch_size=None, sampler=torch.utils.data.BatchSampler(sampler, batch_size, drop_last=False)
    )


def run_epoch(model, loader, optimizer, device, world):
    """One pass over the training samples; the mean loss and accuracy over all processes."""
    model.train()
    totals = torch.zeros(3, dtype=torch.float64, device=device)
    for images, targets in loader:
        images, targets = images.to(device), targets.to(device)
        optimizer.zero_grad()
        prediction = model(images)
        loss = loss_per_sample(prediction, targets).mean()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            correct = (predicted_classes(prediction) == true_classes(targets)).sum()
            totals += torch.stack([loss.double() * len(images), correct.double(), torch.tensor(len(images), dtype=torch.float64, device=device)])
    if world > 1:
        dist.all_reduce(totals)
    loss_sum, correct, count = totals.tolist()
    return loss_sum / count, correct / count


@torch.no_grad()
def evaluate(model, split, device, with_logits=False, batch_size=1000):
    """Loss, accuracy and outputs (and logits) on a split, in inference mode (no dropout, batch norm's running statistics)."""
    model.eval()
    images, targets = split
    outputs, logits = [], []
    for start in range(0, len(images), batch_size):
        batch = torch.from_numpy(images[start : start + batch_size]).to(device)
        if with_logits:
            output, scores = model(batch, with_logits=True)
            outputs.append(output.cpu())
            logits.append(scores.cpu())
        else:
            outputs.append(model(batch).cpu())
    outputs = torch.cat(outputs)
    logits = torch.cat(logits) if with_logits else None
    target = torch.from_numpy(encode_labels(targets, SETTINGS))
    loss = loss_per_sample(outputs, target).mean().item()
    accuracy = (predicted_classes(outputs) == torch.from_numpy(targets)).double().mean().item()
    return loss, accuracy, outputs, logits


def train(model, data, args, rank, world, device, say):
    """The graph's training run; under torchrun, DistributedDataParallel with a DistributedSampler."""
    wrapped = model
    if world > 1:
        wrapped = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    optimizer = make_optimizer(wrapped.parameters())
    images, classes = data["train"]
    count = len(classes)
    if world > 1:
        sampler = DistributedSampler(range(count), num_replicas=world, rank=rank, shuffle=SETTINGS["shuffle"], seed=SETTINGS["shuffle_seed"])
    else:
        sampler = KairoOrder(count, SETTINGS["shuffle_seed"], SETTINGS["shuffle"])
    # The graph's batch is the global one: each of the processes takes its share.
    per_process = max(1, args.batch_size // world)
    loader = batches((images, encode_labels(classes, SETTINGS)), per_process, sampler)
    say(f"{count} training samples, batch {per_process * world} ({world} process{'es' if world > 1 else ''}), {args.epochs} epoch(s), on {device}")
    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)
        started = time.time()
        loss, accuracy = run_epoch(wrapped, loader, optimizer, device, world)
        line = f"epoch {epoch + 1}/{args.epochs}  loss {loss:.4f}  accuracy {accuracy:.4f}"
        if data["validation"] is not None and rank == 0:
            val_loss, val_accuracy, _, _ = evaluate(model, data["validation"], device)
            line += f"  val_loss {val_loss:.4f}  val_accuracy {val_accuracy:.4f}"
        say(f"{line}  {time.time() - started:.1f} s")
    return optimizer`;
