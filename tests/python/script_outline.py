"""The outline of an exported script, read with Python's own parser (nothing in it is run, so a
Keras script can be checked where TensorFlow is not installed).

usage: script_outline.py SCRIPT.py
Prints one JSON object: the top-level functions and classes, the names the script imports, and
the literal WEIGHTS table (a dict of layer → weight names, or a list of (TF.js name, target, layout)).
"""
import ast
import json
import sys


def main(path):
    with open(path, encoding="utf-8") as file:
        tree = ast.parse(file.read(), path)
    functions, classes, imports, weights = [], [], [], None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            functions.append(node.name)
        elif isinstance(node, ast.ClassDef):
            classes.append(node.name)
        elif isinstance(node, ast.Import):
            imports += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            imports += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Assign) and any(isinstance(target, ast.Name) and target.id == "WEIGHTS" for target in node.targets):
            weights = ast.literal_eval(node.value)
    print(json.dumps({"functions": functions, "classes": classes, "imports": imports, "weights": weights}))


if __name__ == "__main__":
    main(sys.argv[1])
