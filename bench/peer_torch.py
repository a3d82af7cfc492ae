"""The peer in `npm run bench`: the course's three models trained in PyTorch on this CPU.

Started by bench/peers.ts with Debian's /usr/bin/python3 (which has torch). Reads one command per
line on stdin and answers each with one JSON line on stdout, so that the Node side can alternate
rounds between Kairo and PyTorch in one run:

    round <model> <threads> <batches>   ->  {"model": ..., "threads": ..., "seconds": ..., "samples": ...}
    blas                                ->  {"libraries": [the BLAS files loaded], "gflops": one thread, 1024²}
    quit

<model> is logreg, mlp or cnn: the same networks, losses, optimizers (with the presets' settings)
and batch size (128) as the presets in presets/. The images are random numbers of MNIST's shape;
a round of <batches> batches is one epoch over <batches> × 128 images held in memory, in a fresh
shuffled order, each batch gathered by index: what Kairo's round does with as many MNIST images
(the same number of distinct images, so both gather from memory of the same size). Timing covers
the optimizer steps and reading the loss back, as Kairo's loop does.
"""

import json
import sys
import time

import torch
from torch import nn

BATCH = 128


def build(name):
    if name == "logreg":
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
        optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    elif name == "mlp":
        model = nn.Sequential(
            nn.Flatten(),
            nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2),
            nn.Linear(512, 512), nn.ReLU(), nn.Dropout(0.2),
            nn.Linear(512, 10),
        )
        optimizer = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
    elif name == "cnn":
        model = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(),
            nn.Conv2d(32, 64, 3), nn.ReLU(),
            nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(),
            nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(128, 10),
        )
        optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0, rho=0.95, eps=1e-7)
    else:
        raise ValueError(f"unknown model {name}")
    model.train()
    return model, optimizer


def blas_report():
    """Which BLAS this process loaded, and what one thread of it reaches on a 1024² product."""
    with open("/proc/self/maps", encoding="utf-8") as maps:
        libraries = sorted({line.split()[-1] for line in maps if "blas" in line.rsplit("/", 1)[-1]})
    torch.set_num_threads(1)
    a, b = torch.rand(1024, 1024), torch.rand(1024, 1024)
    a @ b
    start = time.perf_counter()
    for _ in range(5):
        a @ b
    gflops = 5 * 2 * 1024**3 / (time.perf_counter() - start) / 1e9
    return {"libraries": libraries, "gflops": gflops, "torch": torch.__version__}


def main():
    torch.manual_seed(1)
    images = torch.rand(0, 1, 28, 28)
    labels = torch.randint(0, 10, (0,))
    # The softmax of the presets' last layer and categorical cross-entropy, as PyTorch spells it.
    loss_fn = nn.CrossEntropyLoss()
    models = {}
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words == ["blas"]:
            print(json.dumps(blas_report()), flush=True)
            continue
        if words[0] != "round" or len(words) != 4:
            print(json.dumps({"error": f"bad command: {line.strip()}"}), flush=True)
            continue
        name, threads, batches = words[1], int(words[2]), int(words[3])
        torch.set_num_threads(threads)
        if name not in models:
            models[name] = build(name)
        model, optimizer = models[name]
        count = batches * BATCH
        if images.shape[0] < count:
            images = torch.rand(count, 1, 28, 28)
            labels = torch.randint(0, 10, (count,))
        order = torch.randperm(count)
        start = time.perf_counter()
        for index in range(batches):
            rows = order[index * BATCH:(index + 1) * BATCH]
            x = images.index_select(0, rows)
            y = labels.index_select(0, rows)
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            loss.item()
        seconds = time.perf_counter() - start
        print(json.dumps({"model": name, "threads": threads, "seconds": seconds, "samples": batches * BATCH}), flush=True)


if __name__ == "__main__":
    main()
