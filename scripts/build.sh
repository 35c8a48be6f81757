#!/usr/bin/env bash
# Build the book into _build/html: sets up .venv (first run only), executes every notebook, and
# treats every warning as an error. Extra arguments go to jupyter-book (e.g. --all for a clean build).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python-env.sh
.venv/bin/jupyter-book build . -W --keep-going "$@"
# The course reader: the student chapters in one PDF (_build/html/course-reader.pdf), printed by Debian's Chromium
.venv/bin/python scripts/course_reader.py
echo "== built: open $(pwd)/_build/html/index.html"
