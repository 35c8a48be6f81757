"""Settlement files: export a draft as versioned JSON, and import it back (the readable report is in
peacebook.files.report; files on disk in peacebook.files.storage; each field of an imported file is checked and placed
in the draft by peacebook.files.submission_fields).

Importing never changes the student's current draft: whatever bytes it is given, it either returns a new
draft (with warnings for anything it could not place) or raises SubmissionError with a message a student
can act on, never another exception. Anything in a file that this version of the book does not recognise
is kept aside and written back on the next export, so nothing a student wrote is lost.

The checksum is a SHA-256 of the file's content that anyone can recompute with this code: it shows that a
file was changed after export by accident or by hand, not who changed it, and it cannot prove that a file
was not changed. A file whose checksum does not match is therefore imported, marked "edited after export",
and the mark travels with the draft into its next export, its report and the instructor's dashboard.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .. import data
from . import storage
from .report import report_html
from ..model.settlement import EDITED_MARK, Catalogue, Draft, now
from .submission_fields import ImportResult, SubmissionError, to_draft

FORMAT = "peacebook-settlement"
VERSION = 4  # 1: choices and justifications only; 2: adds ratings, acknowledged flags, timestamps, checksum;
# 3: adds the role-play party and, per issue, the options acceptable to it; 4: adds the mediator role, the
# table, the fallback and, per issue, the party's priority (weight)
MAX_BYTES = 1_000_000

# --- export --------------------------------------------------------------------------------------


def _checksum(payload: dict) -> str:
    body = json.dumps({k: v for k, v in payload.items() if k != "checksum"}, sort_keys=True, ensure_ascii=False)
    # surrogatepass: a lone surrogate (a JSON escape such as \ud800) must yield a checksum, not an exception.
    return "sha256:" + hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def draft_to_dict(draft: Draft) -> dict:
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "book_data_as_of": data.as_of().isoformat(),
        "student": draft.student,
        "title": draft.title,
        "started_from": draft.started_from,
        "role": draft.role,
        "table": draft.table,
        "fallback": draft.fallback,
        "edited_after_export": draft.edited_after_export,
        "created": draft.created,
        "modified": draft.modified,
        "exported": now(),
        "choices": {
            issue: {
                "kind": c.kind,
                "option_id": c.option_id,
                "custom_text": c.custom_text,
                "justification": c.justification,
                "acceptable": list(c.acceptable),
                "weight": c.weight,
            }
            for issue, c in sorted(draft.choices.items())
        },
        "acknowledged": dict(sorted(draft.acknowledged.items())),
        "ratings": {m: {"score": r.score, "reason": r.reason} for m, r in sorted(draft.ratings.items())},
        "unrecognised": draft.unrecognised,
    }
    payload["checksum"] = _checksum(payload)
    return payload


def export_json(draft: Draft) -> str:
    payload = draft_to_dict(draft)
    text = json.dumps(payload, indent=2, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate typed or pasted into a box: write it as a JSON escape
        text = json.dumps(payload, indent=2, ensure_ascii=True)
    return text


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:40] or "draft"


def save_submission(draft: Draft, catalogue: Catalogue, folder: Path) -> tuple[Path, Path]:
    """Write the JSON file and the HTML report into `folder`; return both paths."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = f"settlement-{_slug(draft.student)}-{stamp}"
    json_path, html_path = folder / f"{stem}.json", folder / f"{stem}.html"
    storage.write_atomically(json_path, export_json(draft))
    storage.write_atomically(html_path, report_html(draft, catalogue, catalogue.feedback(draft)))
    return json_path, html_path


# --- import --------------------------------------------------------------------------------------


def _migrate_v1(payload: dict) -> dict:
    """Version 1 kept one value per issue (an option id, or 'custom: ...') and justifications apart."""
    choices = {}
    raw_choices = payload.get("choices", {})
    justifications = payload.get("justifications", {})
    if not isinstance(raw_choices, dict) or not isinstance(justifications, dict):
        raise SubmissionError("this version-1 file's 'choices' or 'justifications' is not a list of issues")
    for issue in sorted(set(raw_choices) | set(justifications)):
        value = raw_choices.get(issue)
        custom = isinstance(value, str) and value.startswith("custom:")
        choices[issue] = {
            "option_id": None if custom or not value else value,
            "custom_text": value[len("custom:") :].strip() if custom else "",
            "justification": justifications.get(issue),
        }
    # What format 1 lacked (where the draft started from, acknowledged flags, ratings) to_draft reads as empty, as
    # it reads a missing name, title or justification.
    return {"student": payload.get("student"), "title": payload.get("title"), "choices": choices}


def describe_wrong_kind(payload) -> str:
    if isinstance(payload, dict) and "nbformat" in payload and "cells" in payload:
        return "This is a Jupyter notebook, not a settlement file. Export your settlement from the workshop first."
    if isinstance(payload, dict) and "resources" in payload:
        return "This looks like a data package (datapackage.json), not a settlement file."
    if not isinstance(payload, dict):
        return "This file holds a JSON list or value, not a settlement."
    return f'This JSON file is not a settlement exported by the workshop (it has no "format": "{FORMAT}" field).'


def _decode(raw: bytes) -> str:
    """The file's text. UTF-8, with or without the byte-order mark a Windows editor adds; UTF-16 with its
    byte-order mark (Notepad's "Unicode")."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise SubmissionError("The file is not text (UTF-8). Is it the .json file the workshop exported?") from None


def _without_lone_surrogates(payload: dict) -> tuple[dict, bool]:
    """Replace lone surrogates (JSON escapes such as \\ud800 that stand for no character) with U+FFFD, so the
    draft can be shown and saved again; say whether any were replaced."""
    text = json.dumps(payload, ensure_ascii=False)
    try:
        text.encode("utf-8")
        return payload, False
    except UnicodeEncodeError:
        return json.loads(text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")), True


def parse_submission(raw: bytes | str, catalogue: Catalogue) -> ImportResult:
    """Read a settlement file's content; raise SubmissionError with a clear message if it cannot be used."""
    try:
        return _parse(raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass"), catalogue)
    except RecursionError:
        raise SubmissionError(
            "The file is nested far more deeply than any settlement file; it is not one the workshop exported."
        ) from None


def _parse(raw: bytes, catalogue: Catalogue) -> ImportResult:
    if len(raw) == 0:
        raise SubmissionError("The file is empty.")
    if len(raw) > MAX_BYTES:
        raise SubmissionError(
            f"The file is {len(raw) / 1e6:.1f} MB; a settlement file is at most {MAX_BYTES / 1e6:.0f} MB. "
            "Is it the right file?"
        )
    text = _decode(raw)
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as err:
        # The text ends where JSON still expects more, or inside a string that never closes: cut off, most likely.
        cut = err.pos >= len(text.rstrip()) - 1 or err.msg.startswith("Unterminated string")
        hint = " It may have been cut off while downloading." if cut else ""
        raise SubmissionError(
            f"The file is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg}).{hint}"
        ) from None
    except ValueError as err:  # e.g. a number with more digits than Python converts
        raise SubmissionError(f"The file is not valid JSON ({err}).") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise SubmissionError(describe_wrong_kind(payload))
    version = payload.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SubmissionError(f"The file's version ({str(version)[:40]!r}) is not one the workshop ever wrote.")
    if version > VERSION:
        raise SubmissionError(
            f"The file was written by a newer version of the book (settlement format {version}; "
            f"this one reads up to {VERSION}). Update the book, then import it again."
        )
    migrated_from = None
    # The mark is never lost: a file that says it was edited stays marked, in any format. Format 1 had no
    # checksum, so a format-1 file that carries one is a later file rewritten by hand, and is marked too.
    edited = payload.get("edited_after_export") is True
    if version == 1:
        edited = edited or "checksum" in payload
        payload, migrated_from = _migrate_v1(payload), 1
    else:
        edited = edited or payload.get("checksum") != _checksum(payload)
    payload, replaced = _without_lone_surrogates(payload)
    result = to_draft(payload, catalogue)
    result.migrated_from = migrated_from
    result.draft.edited_after_export = edited
    notes = []
    if migrated_from:
        notes.append(
            "This file was written in the older format 1; it was converted. Ratings and "
            "acknowledged flags did not exist then and start empty."
        )
    if edited:
        notes.append(
            f"This file was {EDITED_MARK}: it was changed after the workshop exported it, by hand or by "
            "accident. Everything in it was read. The mark stays with the draft, on its next export and its "
            "report, for your instructor to see."
        )
    if replaced:
        notes.append("Some characters in the file were not valid text; each was replaced with \ufffd.")
    result.warnings[:0] = notes
    return result


@dataclass
class Autosaved:
    """A draft found in an autosave slot, or the reason it could not be read (the file is left as it is)."""

    path: Path
    result: ImportResult | None = None
    problem: str = ""


def autosaved_drafts(folder: Path, catalogue: Catalogue) -> list[Autosaved]:
    """Every autosave slot in `folder`, readable drafts first, newest first, then the unreadable ones."""
    found = []
    for path in storage.autosave_slots(folder):
        try:
            found.append(Autosaved(path, parse_submission(path.read_bytes(), catalogue)))
        except SubmissionError as err:
            found.append(Autosaved(path, problem=str(err)))
        except OSError as err:
            found.append(Autosaved(path, problem=f"could not be read: {err.strerror}"))
    # Drafts record their time to the second; the file's own time breaks ties between quick successive saves.
    readable = sorted(
        (a for a in found if a.result), reverse=True, key=lambda a: (a.result.draft.modified, a.path.stat().st_mtime_ns)
    )
    return readable + [a for a in found if not a.result]
