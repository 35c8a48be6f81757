"""Figures that the teaching notes and the chapters' solutions state about the data must be what the data says
(issue #29: the notes said Russia sat at the table "every year" and that two failure modes were tripped by
"14 each", both stale). Each figure is recomputed here; when the data moves, the sentence must move with it."""

import json
import re
from pathlib import Path

import pytest

from peacebook import compare, data, timeline
from peacebook.settlement import Catalogue

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "chapters" / "teaching-notes.md"


def notebook_text(name: str) -> str:
    cells = json.loads((ROOT / "chapters" / name).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells)


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def t():
    return data.load_tables()


def test_the_most_frequent_failure_modes_are_stated_as_the_data_counts_them(t):
    flags = compare.rules_by_text(Catalogue(t))
    counts = flags["minsk_failure"].str.split("; ").explode().value_counts()
    top = counts.iloc[0]
    leaders = sorted(mode.split()[0] for mode, n in counts.items() if n == top)
    assert leaders == ["F6", "F9"], "the notes name F6 and F9 as tied for the most texts; update them"
    notes = one_line(NOTES.read_text(encoding="utf-8"))
    solution = one_line(notebook_text("compare.ipynb"))
    assert f"tripped by the most texts ({top} each)" in notes
    assert f"two tied for the most texts ({top} each)" in solution


def _talks_years(t, actor: str) -> tuple[set[int], set[int]]:
    """(years with recorded talks, the years among them in which `actor` took part)."""
    talks = timeline.filter_events(t["events"], category="talks")
    years = set(talks["date"].dt.year)
    present = {row.date.year for row in talks.itertuples() if actor in data.split_list(row.actors)}
    return years, present


def test_who_sat_at_the_table_is_stated_as_the_data_has_it(t):
    years, ukraine = _talks_years(t, "Ukraine")
    _, russia = _talks_years(t, "Russia")
    assert ukraine == years  # "Ukraine appears in the recorded talks of every year that has any"
    assert years - russia == {2024}  # "Russia in every such year but 2024"
    summit = t["events"].set_index("event_id").loc["2024-summit-on-peace-in-ukraine-at"]
    assert "Russia did not take part" in summit["description"]
    for text in (one_line(NOTES.read_text(encoding="utf-8")), one_line(notebook_text("timeline.ipynb"))):
        assert "every such year but 2024" in text and "did not take part in the Bürgenstock summit" in text
        assert "only from 2025" not in text and "of every year;" not in text
        assert "Geneva Statement of April 2014" in text  # the US was one of its four parties
