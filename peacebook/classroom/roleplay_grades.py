"""Grading the role-play: which marks in a brief rest on a row the student cited, and a grade sheet with the
rubric's criteria left to fill (assignment 5's for a party's brief; the mediator's rubric, on the role-play
grading page, for a mediator's or chair's file).

A mark (an option a brief marks acceptable, or opens with) *rests on a cited row* when the justification on its
issue cites, by its id, a row of the positions table in which the brief's own party proposed, accepted or left
open that very option. A citation of a row in which the party rejected the option is shown as such: the kit
allows that only with a written reason, which the instructor reads. Nothing here judges the reasoning itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .class_files import ASSIGNMENTS_PAGE, ClassFolder, student_name
from .negotiation import briefs, mediators, table_of
from ..model.settlement import Catalogue

GRADING_PAGE = ASSIGNMENTS_PAGE.parent / "roleplay-grading.md"
POSITION_ID = re.compile(r"\b[A-Z]{2}-\d{4}-\d{2}-\d{2}-(?:A\d{2}|NA)(?:-\d+)?\b")

RESTS = "rests on a cited row"
REJECTED = "cites a row that rejects it (needs a written reason)"
ISSUE_ONLY = "cites the party's rows on the issue, none on this option"
OTHERS = "cites only other parties' rows"
UNKNOWN = "cites ids that are not in the data"
NONE = "no row cited"
MARK_COLUMNS = ["student", "file", "party", "issue_id", "option_id", "mark", "cited", "grounding"]


def rubric_criteria(page: Path, heading: str) -> list[str]:
    r"""The criteria of the first rubric table under `heading` on a page (first cells like "Grounding (30%)"), as
    grade-sheet columns ("Grounding (30%) (0-4)"). One source: the page the students read.

    >>> import tempfile; page = Path(tempfile.mkdtemp()) / "a.md"
    >>> _ = page.write_text("## 5. Role-play\n\n| criterion | 4 |\n|---|---|\n| Grounding (30%) | all |\n| Realism (70%) | x |\n\n## 6. Next\n")
    >>> rubric_criteria(page, "## 5.")
    ['Grounding (30%) (0-4)', 'Realism (70%) (0-4)']
    """
    text = page.read_text(encoding="utf-8") if page.exists() else ""
    start = text.find(heading)
    if start < 0:
        return []
    section = re.split(r"\n#{1,3} ", text[start + len(heading) :])[0]
    return [f"{name.strip()} (0-4)" for name in re.findall(r"^\| *([^|]+?\(\d+%\)) *\|", section, re.M)]


def cited_marks(class_folder: ClassFolder, catalogue: Catalogue, positions: pd.DataFrame) -> pd.DataFrame:
    """One row per mark in each brief (each option marked acceptable, and an opening outside the range), with
    the row ids its issue's justification cites and whether the mark rests on one of them."""
    known = {
        row.position_id: row
        for row in positions[["position_id", "party", "issue_id", "option_id", "stance"]]
        .astype(object)
        .fillna("")
        .itertuples(index=False)
    }
    within = set(catalogue.vocab.within_range_stances)
    rows = []
    for sub in briefs(class_folder):
        party = sub.draft.role
        for issue_id in catalogue.issue_ids:
            choice = sub.draft.choice(issue_id)
            cited = list(dict.fromkeys(POSITION_ID.findall(choice.justification)))
            found = [known[c] for c in cited if c in known]
            own = [r for r in found if r.party == party]
            marks = [
                *choice.acceptable,
                *([choice.option_id] if choice.option_id not in (None, *choice.acceptable) else []),
            ]
            for option_id in marks:
                on_option = [r for r in own if r.option_id == option_id]
                if any(r.stance in within for r in on_option):
                    grounding = RESTS
                elif on_option and any(r.stance == "rejected" for r in on_option):
                    grounding = REJECTED
                elif any(r.issue_id == issue_id for r in own):
                    grounding = ISSUE_ONLY
                elif found:
                    grounding = OTHERS
                else:
                    grounding = UNKNOWN if cited else NONE
                rows.append(
                    {
                        "student": student_name(sub),
                        "file": sub.path.name,
                        "party": party,
                        "issue_id": issue_id,
                        "option_id": option_id,
                        "mark": "acceptable" if option_id in choice.acceptable else "opening only",
                        "cited": "; ".join(cited),
                        "grounding": grounding,
                    }
                )
    return pd.DataFrame(rows, columns=MARK_COLUMNS)


def grade_sheet(
    class_folder: ClassFolder,
    catalogue: Catalogue,
    positions: pd.DataFrame,
    assignments_page: Path = ASSIGNMENTS_PAGE,
    grading_page: Path = GRADING_PAGE,
) -> pd.DataFrame:
    """One row per role-play file: what the file shows (ranges, marks resting on cited rows, priorities set, the
    deal-breakers' justifications, the fallback), then the rubric's columns to fill: assignment 5's criteria for
    a party's brief, the mediator's rubric for a mediator's or chair's file."""
    party_rubric = rubric_criteria(assignments_page, "## 5.")
    mediator_rubric = rubric_criteria(grading_page, "### The mediator")
    marks = cited_marks(class_folder, catalogue, positions)
    rows = []
    for sub in briefs(class_folder) + mediators(class_folder):
        draft = sub.draft
        mine = marks[marks["file"] == sub.path.name]
        stated = [i for i in catalogue.issue_ids if draft.choice(i).acceptable]
        high = [i for i in stated if (draft.choice(i).weight or 0) >= 4]
        is_party = draft.role in class_folder.parties
        rows.append(
            {
                "student": student_name(sub),
                "file": sub.path.name,
                "role": draft.role,
                "table": table_of(sub),
                "edited after export": "yes: the checksum does not match" if draft.edited_after_export else "",
                "issues with a range": len(stated),
                "marks": len(mine),
                "marks resting on a cited row": int((mine["grounding"] == RESTS).sum()),
                "marks citing a row that rejects them": int((mine["grounding"] == REJECTED).sum()),
                "marks with no row cited": int((mine["grounding"] == NONE).sum()),
                "priorities set": sum(draft.choice(i).weight is not None for i in stated),
                "priorities of 4 or 5 with a justification": sum(
                    bool(draft.choice(i).justification.strip()) for i in high
                ),
                "priorities of 4 or 5": len(high),
                "fallback (words)": len(draft.fallback.split()),
                "issues the text decides": sum(draft.choice(i).kind != "silent" for i in catalogue.issue_ids),
                "rubric": "assignment 5" if is_party else "the mediator's rubric",
            }
            | {column: "" for column in party_rubric + mediator_rubric}
            | {"Comments": ""}
        )
    columns = [
        "student",
        "file",
        "role",
        "table",
        "edited after export",
        "issues with a range",
        "marks",
        "marks resting on a cited row",
        "marks citing a row that rejects them",
        "marks with no row cited",
        "priorities set",
        "priorities of 4 or 5",
        "priorities of 4 or 5 with a justification",
        "fallback (words)",
        "issues the text decides",
        "rubric",
        *party_rubric,
        *mediator_rubric,
        "Comments",
    ]
    return pd.DataFrame(rows, columns=columns)
