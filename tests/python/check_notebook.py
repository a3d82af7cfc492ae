"""Checks an exported notebook: valid nbformat 4 (with the nbformat package, Debian's
python3-nbformat, which .ci/run installs) and every code cell compiles as one Python program.

usage: check_notebook.py NOTEBOOK.ipynb
Prints one JSON object: the nbformat version, the number of cells, the number of code cells.
"""
import json
import sys

import nbformat


def main(path):
    notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    nbformat.validate(notebook)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    # One program, as "Run all" executes it: a name used in a later cell must be defined earlier.
    compile("\n\n".join(code), path, "exec")
    print(json.dumps({"nbformat": notebook.nbformat, "nbformat_minor": notebook.nbformat_minor, "cells": len(notebook.cells), "codeCells": len(code)}))


if __name__ == "__main__":
    main(sys.argv[1])
