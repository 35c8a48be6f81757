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


def write_atomically(path: Path, text: str) -> None:
    """Write so that a crash or a full disk never leaves a half-written file in place of a good one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
