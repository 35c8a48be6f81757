#!/usr/bin/env bash
# Build the book into _build/html: sets up .venv (first run only), executes every notebook, and
# treats every warning as an error. Extra arguments go to jupyter-book (e.g. --all for a clean build).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python-env.sh
.venv/bin/jupyter-book build . -W --keep-going "$@"
echo "== built: open $(pwd)/_build/html/index.html"
