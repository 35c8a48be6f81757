#!/usr/bin/env python3
"""Check that notebooks are committed without outputs or execution counts (the build executes them),
as a pre-commit hook. Clear a notebook with:
    .venv/bin/jupyter nbconvert --clear-output --inplace chapters/NAME.ipynb

    .venv/bin/python scripts/check-notebooks.py chapters/*.ipynb
"""

import json
import sys


def problems(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    found = []
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            found.append(f"{path}: cell {index} has outputs")
        if cell.get("execution_count") is not None:
            found.append(f"{path}: cell {index} has an execution count")
    return found


def main(argv: list[str]) -> int:
    found = [p for path in argv for p in problems(path)]
    if found:
        print("\n".join(found) + "\nClear them: .venv/bin/jupyter nbconvert --clear-output --inplace NOTEBOOK")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
