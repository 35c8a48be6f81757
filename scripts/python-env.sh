# Sourced by build.sh and test.sh: make .venv/ and install the pinned requirements into it.
# REQUIREMENTS names the file to install (default requirements-book.txt). pip runs only when a
# requirements file or pyproject.toml changed since the last install, so a no-op rebuild stays fast.
REQUIREMENTS="${REQUIREMENTS:-requirements-book.txt}"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(basename "$REQUIREMENTS" .txt)"
want="$(cat requirements*.txt pyproject.toml | sha256sum | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "== installing $REQUIREMENTS into .venv"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$REQUIREMENTS"
  echo "$want" > "$stamp"
fi
# The live notebook's chart and table front ends (peacebook/vendor/), which JupyterLab serves from its
# labextensions path: `pip install .` copies them there (pyproject.toml's data-files), an editable install does
# not, so link them in, as `jupyter labextension develop` does for an extension (peacebook/html/rendering.py).
served=.venv/share/jupyter/labextensions/peacebook/static
if [ ! -e "$served" ] || [ -L "$served" ]; then
  mkdir -p "$(dirname "$served")" && ln -sfn "$(pwd)/peacebook/vendor" "$served"
fi
