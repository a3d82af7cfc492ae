"""Compares Kairo's outputs on the test set with an exported script's (--save-outputs).

usage: compare_outputs.py KAIRO_DIR SCRIPT_OUTPUTS.npz
KAIRO_DIR holds outputs.npy, logits.npy and classes.npy written by the vitest harness.
Prints one JSON object: how many samples, the share whose predicted class agrees, and the largest
absolute difference of the outputs and of the logits (the scores before the last activation).
"""
import json
import os
import sys

import numpy as np


def main(kairo_dir, script_npz):
    kairo_outputs = np.load(os.path.join(kairo_dir, "outputs.npy"))
    kairo_logits = np.load(os.path.join(kairo_dir, "logits.npy"))
    kairo_classes = np.load(os.path.join(kairo_dir, "classes.npy"))
    script = np.load(script_npz)
    outputs, logits = script["outputs"], script["logits"]
    if outputs.shape != kairo_outputs.shape or logits.shape != kairo_logits.shape:
        raise SystemExit(f"shapes differ: Kairo {kairo_outputs.shape}/{kairo_logits.shape}, script {outputs.shape}/{logits.shape}")
    if outputs.shape[1] == 1:
        threshold = float(sys.argv[3]) if len(sys.argv) > 3 else 0.5
        classes = (outputs.reshape(-1) > threshold).astype(np.int64)
    else:
        classes = outputs.argmax(axis=1)
    print(
        json.dumps(
            {
                "count": int(len(classes)),
                "agreement": float((classes == kairo_classes).mean()),
                "maxOutputDiff": float(np.abs(outputs - kairo_outputs).max()),
                "maxLogitDiff": float(np.abs(logits - kairo_logits).max()),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
