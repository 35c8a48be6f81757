#!/usr/bin/env python3
"""Check data package descriptors (default: data/datapackage.json) against the Frictionless Data Package
schema, as a pre-commit hook. The book's own rules beyond the standard (rowRules, sourcePolicy) are
checked by peacebook/data/loading.py, which the tests run over every table.

    .venv/bin/python scripts/check-datapackage.py [data/datapackage.json ...]
"""

import sys
from pathlib import Path

from frictionless import Package

ROOT = Path(__file__).resolve().parent.parent


def problems(path: Path) -> list[str]:
    report = Package.validate_descriptor(str(path))
    errors = list(report.errors) + [e for task in report.tasks for e in task.errors]
    return [f"{path}: {e.type}: {e.message}" for e in errors]


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or [ROOT / "data" / "datapackage.json"]
    found = [p for path in paths for p in problems(path)]
    print("\n".join(found) or f"ok: {', '.join(map(str, paths))} matches the Data Package schema")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
