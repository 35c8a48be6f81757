"""A class's settlement files, gathered for the instructor: which files could be read (and why not), what
the class chose, and a grade sheet with the rubric's columns left to fill.

A bad file never stops the rest: it is listed with its problem. A file changed after export is read and
marked "edited after export" in the problems list and the grade sheet: the instructor decides what it means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .settlement import Catalogue, Draft
from .vocabulary import book_vocabularies
from .submission import SubmissionError, parse_submission

ASSIGNMENTS_PAGE = Path(__file__).resolve().parent.parent / "chapters" / "assignments.md"


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


@dataclass
class Submission:
    path: Path
    draft: Draft
    warnings: list[str]


@dataclass
class ClassFolder:
    submissions: list[Submission] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file name, what is wrong)
    parties: list[str] = field(default_factory=lambda: book_vocabularies().parties)  # in the catalogue's order

    def problems_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.problems, columns=["file", "problem"])


def load_class(folder: Path | str, catalogue: Catalogue) -> ClassFolder:
    """Read every *.json file in `folder`; keep the good ones, list each bad one with its problem."""
    folder = Path(folder)
    result = ClassFolder(parties=catalogue.parties)
    if not folder.is_dir():
        result.problems.append((str(folder), "is not a folder"))
        return result
    for path in sorted(folder.glob("*.json")):
        try:
            parsed = parse_submission(path.read_bytes(), catalogue)
        except SubmissionError as err:
            result.problems.append((path.name, str(err)))
        except OSError as err:
            result.problems.append((path.name, f"could not be read: {err.strerror}"))
        else:
            result.submissions.append(Submission(path, parsed.draft, parsed.warnings))
            for warning in parsed.warnings:
                result.problems.append((path.name, f"read, with a warning: {warning}"))
    return result


def student_name(submission: Submission) -> str:
    return submission.draft.student or f"(no name: {submission.path.name})"


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
        for rule in catalogue.feedback(sub.draft).tripped:
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
    frames = [catalogue.resemblance(sub.draft).assign(student=student_name(sub)) for sub in class_folder.submissions]
    columns = ["student", "text_code", "short_title", "matches", "comparable", "share"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def grade_sheet(class_folder: ClassFolder, catalogue: Catalogue) -> pd.DataFrame:
    """One row per submission: what the record says about it, and the rubric's columns to fill in."""
    marks = assignment_columns()
    rows = []
    for sub in class_folder.submissions:
        draft = sub.draft
        feedback = catalogue.feedback(draft)
        kinds = [draft.choice(i).kind for i in catalogue.issue_ids]
        tripped = [t.rule_id for t in feedback.tripped]
        closest = feedback.resemblance.iloc[0]
        row = {
            "student": student_name(sub),
            "file": sub.path.name,
            "edited after export": "yes: the checksum does not match" if draft.edited_after_export else "",
            "title": draft.title,
            "last changed": draft.modified,
            "issues decided": sum(k != "silent" for k in kinds),
            "custom options": kinds.count("custom"),
            "justifications": sum(bool(draft.choice(i).justification.strip()) for i in catalogue.issue_ids),
            **{f"red lines: {party}": count for party, count in feedback.red_line_counts().items()},
            "flags raised": "; ".join(tripped),
            "flags kept with a reason": "; ".join(r for r in tripped if draft.acknowledged.get(r)),
            "mechanisms rated": sum(r.score is not None for r in draft.ratings.values()),
            "closest text": f"{closest.short_title} ({closest.matches} of {closest.comparable})"
            if closest.matches
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
