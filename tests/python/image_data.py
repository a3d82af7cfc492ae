"""The images an exported script reads, as numbers.

usage: image_data.py SCRIPT.py DATA [TEST]
Loads the exported script as a module (its main() does not run), calls its load_images and prints,
on its last line, JSON: the training and test pixels (the float32 values they are), labels and
shapes — for the vitest harness to compare with what Kairo's CLI imports.
"""
import importlib.util
import json
import sys


def main(script, data, test=None):
    spec = importlib.util.spec_from_file_location("exported", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (train_x, train_y), (test_x, test_y) = module.load_images(data, test)
    print(
        json.dumps(
            {
                "train_x": [float(value) for value in train_x.reshape(-1)],
                "train_y": train_y.tolist(),
                "test_x": [float(value) for value in test_x.reshape(-1)],
                "test_y": test_y.tolist(),
                "train_shape": list(train_x.shape),
                "test_shape": list(test_x.shape),
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
