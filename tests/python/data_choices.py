"""Which training and validation samples an exported script picks, and in what order it trains them.

usage: data_choices.py SCRIPT.py MNIST_DIR SETTINGS_JSON
Loads the exported script as a module (its main() does not run), replaces each training image by
its own index, and prints JSON: the source indices of the training and validation samples its
prepare_data() chose, and the first 64 positions of its epoch order for epochs 0 and 1 — for the
vitest harness to compare with Kairo's prepareDataset and epochOrder.
"""
import importlib.util
import json
import sys

import numpy as np


def main(script, mnist_dir, settings_json):
    spec = importlib.util.spec_from_file_location("exported", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    settings = dict(module.SETTINGS, **json.loads(settings_json))
    (train_x, train_y), test = module.load_mnist(mnist_dir)
    indices = np.arange(len(train_y), dtype=np.float32).reshape(-1, 1, 1, 1)
    prepared = module.prepare_data(((indices, train_y), test), settings)
    train_indices = prepared["train"][0].reshape(-1).astype(np.int64).tolist()
    validation = prepared["validation"]
    held_out = [] if validation is None or validation is prepared["test"] else validation[0].reshape(-1).astype(np.int64).tolist()
    count = len(train_indices)
    print(
        json.dumps(
            {
                "train": train_indices,
                "validation": held_out,
                "epoch0": module.epoch_order(count, settings["shuffle_seed"], 0)[:64],
                "epoch1": module.epoch_order(count, settings["shuffle_seed"], 1)[:64],
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
