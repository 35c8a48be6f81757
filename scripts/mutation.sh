#!/usr/bin/env bash
# Mutation testing of the core (issue #35): mutmut on the modules named (default: the settlement file format
# and its fields, cell and data validation, the editorial checks, the settlement model's rules and feedback, the
# role-play's negotiation analysis and the chart renderer).
# Prints the score per module and writes _build/mutation/report.md. Minutes per module, so not part of
# scripts/test.sh: the weekly workflow (.github/workflows/mutation.yml) runs it. See scripts/mutation.py.
#   bash scripts/mutation.sh                        # the core
#   bash scripts/mutation.sh submission cells       # only the modules named (any module of peacebook/, by its file's name)
set -euo pipefail
cd "$(dirname "$0")/.."
REQUIREMENTS=requirements-dev.txt source scripts/python-env.sh
exec .venv/bin/python scripts/mutation.py "$@"
