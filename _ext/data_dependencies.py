"""Rebuild every page when the data, the book's package or its extensions change.

Sphinx re-reads a page only when its own source file changed, so an edit to data/events.csv,
a module of peacebook/charts/ or an extension in _ext/ would leave stale pages in an incremental build. This
extension fingerprints those folders and marks every page outdated (notebooks are then re-executed)
when the fingerprint changes.
"""

import hashlib
from pathlib import Path

WATCHED = ("data", "peacebook", "_ext")


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for folder in WATCHED:
        for path in sorted(Path(root, folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _outdated_pages(app, env, added, changed, removed):
    current = fingerprint(Path(app.confdir))
    if getattr(env, "peacebook_inputs", None) == current:
        return []
    env.peacebook_inputs = current
    return sorted(env.found_docs)


def setup(app):
    app.connect("env-get-outdated", _outdated_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
