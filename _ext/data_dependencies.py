"""Re-execute the notebooks when the data or the book's package changes.

Sphinx re-reads a page only when its own source file changed, so an edit to data/events.csv or to
peacebook/charts.py would leave stale charts in an incremental build. This extension fingerprints
data/ and peacebook/ and marks every notebook page outdated when the fingerprint changes.
"""
import hashlib
from pathlib import Path

WATCHED = ("data", "peacebook")


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for folder in WATCHED:
        for path in sorted(Path(root, folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _outdated_notebooks(app, env, added, changed, removed):
    current = fingerprint(Path(app.confdir))
    if getattr(env, "peacebook_inputs", None) == current:
        return []
    env.peacebook_inputs = current
    return [doc for doc in env.found_docs if env.doc2path(doc).endswith(".ipynb")]


def setup(app):
    app.connect("env-get-outdated", _outdated_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
