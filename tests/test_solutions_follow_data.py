"""What the teaching notes state about the data must be what the data says (issue #29: the notes said Russia
sat at the table "every year" and that two failure modes were tripped by "14 each", both stale). Each fact is
recomputed here; when the data moves, the sentence must move with it."""

import re
from pathlib import Path

import pytest

from peacebook import compare, data, timeline
from peacebook.settlement import Catalogue

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "chapters" / "teaching-notes.md"


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def t():
    return data.load_tables()


def test_the_most_frequent_failure_modes_are_named_as_the_data_ranks_them(t):
    """The notes name the three failure modes tripped by the most texts, and leave the counts, which change as
    texts are added and recoded, to the chapter's solution that computes them."""
    flags = compare.rules_by_text(Catalogue(t))
    counts = flags["minsk_failure"].str.split("; ").explode().value_counts()
    third = counts.iloc[2]
    top_three = {mode.split()[0] for mode, n in counts.items() if n >= third}
    notes = one_line(NOTES.read_text(encoding="utf-8"))
    answer = notes[notes.index("*The most frequent failure mode.*") :][:600]
    assert set(re.findall(r"\((F\d+)\)", answer)) == top_three
    assert not re.search(r"\(\d+ each\)", answer)  # no count to go stale


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
    notes = one_line(NOTES.read_text(encoding="utf-8"))
    assert "every such year but 2024" in notes and "did not take part in the Bürgenstock summit" in notes
    assert "Geneva Statement of April 2014" in notes  # the US was one of its four parties
    assert "only from 2025" not in notes and "of every year;" not in notes
