#!/usr/bin/env bash
# Run every test: installs what the tests need (Debian chromium, axe-core from npm, the pinned Python packages),
# builds the whole book from scratch with warnings as errors, then runs pytest (unit tests, notebooks
# in a real kernel, the built pages in headless Chromium with the network blocked, JupyterLab end to end,
# the Binder environment built from requirements.txt alone (pip's cache reused), the link checker against a
# local server, the workflows linted and the pre-commit hooks).
# Extra arguments go to pytest.
#
#   bash scripts/test.sh --quick [pytest arguments]
# is the loop for changing one thing and checking it: the unit, property and doctest layer only, with no apt, no
# npm and no build. It deselects the slow tests by their markers (pyproject.toml): those that read the built book
# or run a Sphinx build (build), drive Chromium or JupyterLab (browser), run a kernel (kernel) or build Binder's
# environment (binder). It passes on a tree with no _build/. benchmarks/run.py --quick-tests times it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--quick" ]; then
  shift
  REQUIREMENTS=requirements-dev.txt source scripts/python-env.sh
  exec .venv/bin/python -m pytest -m "not build and not browser and not kernel and not binder" "$@"
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian chromium (apt-get)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ ! -f tests/axe/node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "== installing Debian nodejs and npm (apt-get)"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
  fi
  echo "== installing axe-core for the accessibility tests (npm, pinned in tests/axe/package-lock.json)"
  npm ci --prefix tests/axe --no-audit --no-fund --loglevel=error
fi
REQUIREMENTS=requirements-dev.txt source scripts/python-env.sh
bash scripts/build.sh --all
.venv/bin/python -m pytest "$@"
