"""Files on disk: writes that never leave half a file, and the workshop's autosave slots.

Two sessions can open the workshop on one folder: two notebooks, two browser tabs, two kernels. Each
session autosaves into a slot file and remembers what it last read or wrote there. Before it writes, it
looks: if another session has written the slot since, it leaves that draft alone, moves to a new slot of
its own and says so. When the workshop starts it lists every slot, newest draft first, and the student
chooses which to open. No draft is ever replaced by another without the student's say.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import uuid
from pathlib import Path

AUTOSAVE_NAME = ".settlement-autosave.json"  # the first slot; later ones add a stamp before ".json"
AUTOSAVE_PATTERN = ".settlement-autosave*.json"


def write_atomically(path: Path, text: str, *, replace: bool = True) -> None:
    """Write so that a crash or a full disk never leaves a half-written file in place of a good one. With
    `replace=False` an existing file is never replaced: FileExistsError is raised instead."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        if replace:
            os.replace(tmp, path)
        else:
            _link_new(Path(tmp), path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _link_new(tmp: Path, path: Path) -> None:
    """Give the finished file `tmp` the name `path` only if no file has it (a hard link fails if one does)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: create the name exclusively, then copy the content in
        with open(path, "xb") as out:
            out.write(tmp.read_bytes())


def write_new(folder: Path, stem: str, suffix: str, text: str) -> Path:
    """Write `text` to a new file in `folder` named `stem` + `suffix`, or `stem-2` + `suffix` and so on if that
    name is taken: never over another file, however quickly two writes follow each other. Returns the path."""
    for number in range(1, 10_000):
        path = Path(folder) / f"{stem}{'' if number == 1 else f'-{number}'}{suffix}"
        if path.exists():
            continue
        try:
            write_atomically(path, text, replace=False)
        except FileExistsError:  # taken between the look and the write
            continue
        return path
    raise FileExistsError(f"no free name for {stem}{suffix} in {folder}")


def _digest(path: Path) -> str | None:
    """What the file holds now, as a digest; None if there is no file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def autosave_slots(folder: Path) -> list[Path]:
    """Every autosave slot in `folder` (unsorted by age: the caller reads the drafts' own times)."""
    return sorted(Path(folder).glob(AUTOSAVE_PATTERN))


class Autosaver:
    """One session's autosave. `save` never overwrites a slot that another session wrote since this one
    last read or wrote it; it moves to a fresh slot instead and reports the move."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.path = self.folder / AUTOSAVE_NAME
        self._seen: str | None = None  # digest of the slot as this session last knew it

    def adopt(self, path: Path) -> None:
        """Continue saving into `path`, a slot this session has just read its draft from."""
        self.path, self._seen = Path(path), _digest(Path(path))

    def save(self, text: str) -> tuple[Path, Path | None]:
        """Save `text`; return the slot written and, if this session had to leave its slot because another
        session wrote it, the slot it left (which keeps the other session's draft)."""
        left = None
        if _digest(self.path) not in (None, self._seen):
            left, self.path = self.path, self._fresh_slot()
        write_atomically(self.path, text)
        self._seen = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return self.path, left

    def _fresh_slot(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        return self.folder / f"{Path(AUTOSAVE_NAME).stem}-{stamp}-{uuid.uuid4().hex[:6]}.json"
