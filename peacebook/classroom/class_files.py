"""A class's settlement files, gathered for the instructor: which files could be read (and why not), what
the class chose, and a grade sheet with the rubric's columns left to fill.

A bad file never stops the rest: it is listed with its problem. A file changed after export is read and
marked "edited after export" in the problems list and the grade sheet: the instructor decides what it means.

Reading a folder treats every file as hostile: only regular files named *.json (in any case) are opened,
never more than a settlement file's size limit is read, a link leading out of the folder is not followed, a
named pipe or a device is skipped with its reason, any file name is accepted (one that is not UTF-8 is shown
with escapes), a file's warnings are capped so that one file cannot crowd out the rest, and two role-play
briefs under one student id are not merged: the second is refused, naming the first.

The grade sheet is written only where the instructor asks (`write_grade_sheet`), always as a new dated file
through the book's spreadsheet writer (peacebook.data.spreadsheet), with the marks of the newest earlier sheet in
that folder carried into it: re-running the dashboard never overwrites a sheet the instructor has edited.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..data import spreadsheet
from ..files import storage
from ..model.settlement import Catalogue, Draft
from ..data.vocabulary import book_vocabularies
from ..files.submission import MAX_BYTES, SubmissionError, parse_submission

MAX_PROBLEMS_PER_FILE = 10  # warnings listed for one file; the rest are counted in one line
GRADE_SHEET = "grade-sheet"  # the grade sheets' names: grade-sheet-2026-12-01.csv, grade-sheet-2026-12-01-2.csv…

ASSIGNMENTS_PAGE = Path(__file__).resolve().parents[2] / "chapters" / "assignments.md"


def assignment_columns(page: Path = ASSIGNMENTS_PAGE) -> list[str]:
    r"""One mark column per assignment, as the assignments page numbers them ("## 1. Title (length)").

    >>> import tempfile; page = Path(tempfile.mkdtemp()) / "a.md"
    >>> _ = page.write_text("# Assignments\n\n## 1. The Minsk sequence (1,200 words)\n\n## 2. A memo\n")
    >>> assignment_columns(page)
    ['Assignment 1: The Minsk sequence (mark)', 'Assignment 2: A memo (mark)']
    """
    if not page.exists():
        return []
    return [
        f"Assignment {number}: {title.strip()} (mark)"
        for number, title in re.findall(r"^## (\d+)\. ([^(\n]+)", page.read_text(encoding="utf-8"), re.M)
    ]


# The settlement assignment's rubric, criterion by criterion (see chapters/assignments.md).
RUBRIC_COLUMNS = [
    "Use of evidence (0-4)",
    "Internal consistency (0-4)",
    "Durability reasoning (0-4)",
    "Fairness to each party's stated position (0-4)",
    "Comments",
]


def shown_name(name: str) -> str:
    """A file name as the dashboard shows it: bytes that are not UTF-8 (a learning platform's zip unpacked on
    another system) as escapes such as \\xe9, and control characters (a carriage return, say) likewise, so a
    name can never break a line or a CSV file.

    >>> shown_name("caf\\udce9.json"), shown_name("a\\rb.json"), shown_name("Ж.json")
    ('caf\\\\xe9.json', 'a\\\\x0db.json', 'Ж.json')
    """
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)


@dataclass
class Submission:
    path: Path
    draft: Draft
    warnings: list[str]

    @property
    def name(self) -> str:
        """The file's name as the dashboard shows it (see `shown_name`)."""
        return shown_name(self.path.name)


@dataclass
class ClassFolder:
    submissions: list[Submission] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file name, what is wrong)
    parties: list[str] = field(default_factory=lambda: book_vocabularies().parties)  # in the catalogue's order

    def problems_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.problems, columns=["file", "problem"])


_KINDS = {
    stat.S_IFDIR: "is a folder, not a file",
    stat.S_IFIFO: "is a named pipe (FIFO), not a file: reading it could wait for ever",
    stat.S_IFCHR: "is a device, not a file",
    stat.S_IFBLK: "is a device, not a file",
    stat.S_IFSOCK: "is a socket, not a file",
}


def _not_a_file(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "is not a regular file")


def _read_bounded(path: Path, root: Path) -> bytes:
    """A file's bytes, at most one more than a settlement file may hold (the rest is never read); raises
    SubmissionError with the reason a file is not read: a link out of the class folder, anything but a regular
    file, a file over the size limit."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # a link to nothing, or a loop of links
            raise SubmissionError("is a link that leads to no file: not followed") from None
        if not target.is_relative_to(root):
            raise SubmissionError("is a link to a file outside the class folder: not followed")
        path = target
    # Neither following a link nor waiting on a pipe, whatever the name has turned into since it was listed.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except OSError as err:
        raise SubmissionError(f"could not be read: {err.strerror}") from None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise SubmissionError(_not_a_file(status.st_mode))
        if status.st_size > MAX_BYTES:
            raise SubmissionError(
                f"is {status.st_size / 1e6:,.1f} MB; a settlement file is at most {MAX_BYTES / 1e6:.0f} MB: not read"
            )
        chunks, size = [], 0
        while size <= MAX_BYTES:
            chunk = os.read(handle, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)


def _listed(name: str, warnings: list[str]) -> list[tuple[str, str]]:
    """One file's warnings as rows of the problems list, at most MAX_PROBLEMS_PER_FILE and a count of the rest."""
    rows = [(name, f"read, with a warning: {w}") for w in warnings[:MAX_PROBLEMS_PER_FILE]]
    if len(warnings) > MAX_PROBLEMS_PER_FILE:
        rows.append(
            (
                name,
                f"read, with {len(warnings) - MAX_PROBLEMS_PER_FILE:,} more warnings not listed here "
                "(import the file in the workshop to see them all)",
            )
        )
    return rows


def _other_files(skipped: Counter) -> tuple[str, str]:
    """One row of the problems list for the files not read for their names: how many, of which kinds."""
    total = sum(skipped.values())
    kinds = ", ".join(
        f"{count} {kind}" + ("s" if count != 1 else "")
        for kind, count in sorted(skipped.items(), key=lambda i: (-i[1], i[0]))
    )
    return f"({total} other file{'s' if total != 1 else ''})", f"not read: the names do not end in .json ({kinds})"


def load_class(folder: Path | str, catalogue: Catalogue) -> ClassFolder:
    """Read every *.json file in `folder` (the name's ending in any case); keep the good ones, list each bad one
    with its problem, and list the files not read for their names (see the module's notes)."""
    folder = Path(folder)
    result = ClassFolder(parties=catalogue.parties)
    if not folder.is_dir():
        result.problems.append((str(folder), "is not a folder"))
        return result
    root = folder.resolve()
    skipped: Counter = Counter()
    try:
        paths = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as err:
        result.problems.append((str(folder), f"could not be listed: {err.strerror}"))
        return result
    for path in paths:
        name = shown_name(path.name)
        if not path.name.lower().endswith(".json"):
            if ".json" in path.name.lower():  # settlement.json.txt: a browser or a mail program added an ending
                ending = path.name[path.name.lower().rindex(".json") + 5 :]
                result.problems.append(
                    (
                        name,
                        f"not read: the name ends in {shown_name(ending)!r} after '.json'; if it is a settlement "
                        "file, rename it to end in .json",
                    )
                )
            else:
                skipped["folder" if path.is_dir() else f"{shown_name(path.suffix.lower()) or 'no-ending'} file"] += 1
            continue
        try:
            parsed = parse_submission(_read_bounded(path, root), catalogue)
        except SubmissionError as err:
            result.problems.append((name, str(err)))
        except OSError as err:
            result.problems.append((name, f"could not be read: {err.strerror}"))
        else:
            result.submissions.append(Submission(path, parsed.draft, parsed.warnings))
            result.problems += _listed(name, parsed.warnings)
    if skipped:
        result.problems.append(_other_files(skipped))
    _refuse_duplicate_briefs(result)
    return result


def _refuse_duplicate_briefs(class_folder: ClassFolder) -> None:
    """Two role-play briefs under one student id would be merged into one player by the role-play analysis,
    which would then report marks no student made: the first (by file name) is kept, each later one refused."""
    first: dict[str, Submission] = {}
    kept = []
    for sub in class_folder.submissions:
        key = sub.draft.student.strip().casefold()
        if sub.draft.role not in class_folder.parties or not key:
            kept.append(sub)
        elif key in first:
            class_folder.problems.append(
                (
                    sub.name,
                    f"refused: a second role-play brief under the id of {first[key].name} ({sub.draft.student!r}); two "
                    "briefs under one id would be merged into one player. If they are two students, ask one to change "
                    "their id and export again; if one student sent both, remove the one that should not count.",
                )
            )
        else:
            first[key] = sub
            kept.append(sub)
    class_folder.submissions = kept


def student_name(submission: Submission) -> str:
    return submission.draft.student or f"(no name: {submission.name})"


def choices(class_folder: ClassFolder, catalogue: Catalogue) -> pd.DataFrame:
    """One row per (student, issue): what the student chose."""
    rows = []
    for sub in class_folder.submissions:
        for issue_id in catalogue.issue_ids:
            choice = sub.draft.choice(issue_id)
            label = (
                catalogue.option_label.get(choice.option_id, "")
                if choice.kind == "option"
                else "custom option"
                if choice.kind == "custom"
                else "silent"
            )
            rows.append(
                {
                    "student": student_name(sub),
                    "issue_id": issue_id,
                    "issue": catalogue.issue_title[issue_id],
                    "kind": choice.kind,
                    "option_id": choice.option_id or "",
                    "choice": label,
                    "justified": bool(choice.justification.strip()),
                }
            )
    return pd.DataFrame(rows, columns=["student", "issue_id", "issue", "kind", "option_id", "choice", "justified"])


def flags(class_folder: ClassFolder, catalogue: Catalogue) -> pd.DataFrame:
    """One row per (student, flag raised by their settlement): whether they kept it with a reason."""
    rows = []
    for sub in class_folder.submissions:
        for rule in catalogue.check_rules(sub.draft)[0]:
            rows.append(
                {
                    "student": student_name(sub),
                    "rule_id": rule.rule_id,
                    "title": rule.title,
                    "kept": bool(rule.acknowledged),
                }
            )
    return pd.DataFrame(rows, columns=["student", "rule_id", "title", "kept"])


def ratings(class_folder: ClassFolder, catalogue: Catalogue) -> pd.DataFrame:
    """One row per (student, mechanism): the student's 0-3 rating, or None if not rated."""
    rows = []
    for sub in class_folder.submissions:
        for mechanism_id in catalogue.mechanism_ids:
            rating = sub.draft.ratings.get(mechanism_id)
            rows.append(
                {
                    "student": student_name(sub),
                    "mechanism_id": mechanism_id,
                    "score": None if rating is None else rating.score,
                }
            )
    return pd.DataFrame(rows, columns=["student", "mechanism_id", "score"])


def resemblance(class_folder: ClassFolder, catalogue: Catalogue) -> pd.DataFrame:
    """One row per (student, text): on how many of the issues the text covers the settlement agrees."""
    rows = [
        {"student": student_name(sub), **row}
        for sub in class_folder.submissions
        for row in catalogue.resemblance_rows(sub.draft)
    ]
    return pd.DataFrame(rows, columns=["student", "text_code", "short_title", "matches", "comparable", "share"])


def grade_sheet(class_folder: ClassFolder, catalogue: Catalogue) -> pd.DataFrame:
    """One row per submission: what the record says about it, and the rubric's columns to fill in."""
    marks = assignment_columns()
    rows = []
    for sub in class_folder.submissions:
        draft = sub.draft
        kinds = [draft.choice(i).kind for i in catalogue.issue_ids]
        tripped = [t.rule_id for t in catalogue.check_rules(draft)[0]]
        closest = catalogue.resemblance_rows(draft)[0]
        row = {
            "student": student_name(sub),
            "file": sub.name,
            "edited after export": "yes: the checksum does not match" if draft.edited_after_export else "",
            "title": draft.title,
            "last changed": draft.modified,
            "issues decided": sum(k != "silent" for k in kinds),
            "custom options": kinds.count("custom"),
            "justifications": sum(bool(draft.choice(i).justification.strip()) for i in catalogue.issue_ids),
            **{f"red lines: {party}": len(crossed) for party, crossed in catalogue.red_lines(draft).items()},
            "flags raised": "; ".join(tripped),
            "flags kept with a reason": "; ".join(r for r in tripped if draft.acknowledged.get(r)),
            "mechanisms rated": sum(r.score is not None for r in draft.ratings.values()),
            "closest text": f"{closest['short_title']} ({closest['matches']} of {closest['comparable']})"
            if closest["matches"]
            else "",
        }
        rows.append(row | {column: "" for column in marks + RUBRIC_COLUMNS})
    columns = (
        [
            "student",
            "file",
            "edited after export",
            "title",
            "last changed",
            "issues decided",
            "custom options",
            "justifications",
        ]
        + [f"red lines: {p}" for p in catalogue.parties]
        + ["flags raised", "flags kept with a reason", "mechanisms rated", "closest text"]
        + marks
        + RUBRIC_COLUMNS
    )
    return pd.DataFrame(rows, columns=columns)


def mark_columns() -> list[str]:
    """The grade sheet's columns for the instructor to fill: a mark per assignment, then the rubric's."""
    return assignment_columns() + RUBRIC_COLUMNS


@dataclass
class WrittenSheet:
    """A grade sheet written by `write_grade_sheet`, and what was carried into it from an earlier one."""

    path: Path
    carried_from: Path | None = None
    rows_with_marks: int = 0  # rows of the new sheet into which the earlier sheet's marks were carried
    rows_kept: int = 0  # the earlier sheet's rows for files no longer in the class, kept at the end
    problem: str = ""  # why the earlier sheet's marks could not be carried, if they could not

    def message(self) -> str:
        text = f"Wrote the grade sheet {self.path} (a new file: no earlier sheet was changed)."
        if self.carried_from:
            text += (
                f" Carried the marks and your own columns from {self.carried_from.name} into "
                f"{self.rows_with_marks} row(s), matched by file name"
                + (
                    f"; kept {self.rows_kept} row(s) for files no longer in the class folder at the end"
                    if self.rows_kept
                    else ""
                )
                + "."
            )
        if self.problem:
            text += f" {self.problem}"
        return text


def _latest_grade_sheet(folder: Path) -> Path | None:
    """The most recently changed grade sheet in `folder` (the one the instructor last edited), if any."""
    sheets = [p for p in folder.glob(f"{GRADE_SHEET}*.csv") if p.is_file() and not p.is_symlink()]
    return max(sheets, key=lambda p: p.stat().st_mtime_ns, default=None)


def _carry_marks(sheet: pd.DataFrame, earlier: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """`sheet` with the instructor's entries from `earlier` (the mark columns, and any column the book does not
    write) filled in, row by file; the earlier rows whose files are gone appended. Entries of the book's own
    columns (issues decided, flags…) come from the files as they are now."""
    own = [c for c in earlier.columns if c in mark_columns() or c not in sheet.columns]
    merged = sheet.astype(object).copy()
    for column in own:
        if column not in merged.columns:
            merged[column] = ""
    by_file = earlier.drop_duplicates("file").set_index("file")
    carried = 0
    for index, name in merged["file"].items():
        if name in by_file.index:
            values = {c: by_file.at[name, c] for c in own if by_file.at[name, c] != ""}
            for column, value in values.items():
                merged.at[index, column] = value
            carried += bool(values)
    gone = earlier[~earlier["file"].isin(set(merged["file"]))]
    if len(gone):
        merged = pd.concat([merged, gone.reindex(columns=merged.columns, fill_value="")], ignore_index=True)
    return merged.fillna(""), carried, len(gone)


def write_grade_sheet(sheet: pd.DataFrame, folder: Path | str, today: dt.date | None = None) -> WrittenSheet:
    """Write `sheet` into `folder` as a new file, grade-sheet-YYYY-MM-DD.csv (-2, -3… if that name is taken),
    never over an earlier one, through the book's spreadsheet writer (no cell can start a formula). The marks
    and any columns the instructor added in the newest earlier grade sheet in `folder` are carried into it, row
    by file name; rows of files that have left the class are kept at the end with their marks."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    earlier_path = _latest_grade_sheet(folder)
    result = WrittenSheet(path=folder)
    merged = sheet
    if earlier_path is not None:
        try:
            earlier = spreadsheet.read_csv(earlier_path)
        except (OSError, ValueError, pd.errors.ParserError) as err:
            result.problem = f"The earlier sheet {earlier_path.name} could not be read ({err}); its marks were not carried over, and it is left as it is."
        else:
            if "file" in earlier.columns:
                merged, result.rows_with_marks, result.rows_kept = _carry_marks(sheet, earlier)
                result.carried_from = earlier_path
            else:
                result.problem = (
                    f"The earlier sheet {earlier_path.name} has no 'file' column to match its rows by, so its marks "
                    "were not carried over; it is left as it is."
                )
    stem = f"{GRADE_SHEET}-{(today or dt.date.today()).isoformat()}"
    result.path = storage.write_new(folder, stem, ".csv", spreadsheet.frame_csv(merged))
    return result
