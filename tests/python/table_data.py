"""The table an exported script reads, as numbers.

usage: table_data.py SCRIPT.py [DATA [TEST]]
Loads the exported script as a module (its main() does not run), calls its load_table (without
DATA: the built-in table inside the script) and prints JSON: the training and test features (as
the float32 values they are) and labels — for the vitest harness to compare with Kairo's encoder.
"""
import importlib.util
import json
import sys


def main(script, data=None, test=None):
    spec = importlib.util.spec_from_file_location("exported", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (train_x, train_y), (test_x, test_y) = module.load_table(data, test)
    print(
        json.dumps(
            {
                "train_x": [float(value) for value in train_x.reshape(-1)],
                "train_y": train_y.tolist(),
                "test_x": [float(value) for value in test_x.reshape(-1)],
                "test_y": test_y.tolist(),
                "width": int(train_x.shape[1]),
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
