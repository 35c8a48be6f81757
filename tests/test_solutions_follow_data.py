"""What the teaching notes state about the data must be what the data says (issue #29: the notes said Russia
sat at the table "every year" and that two failure modes were tripped by "14 each", both stale). Each fact is
recomputed here; when the data moves, the sentence must move with it."""

import re
from pathlib import Path

import pytest

from peacebook.model import compare, timeline
from peacebook import data
from peacebook.model.settlement import Catalogue

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


MH17 = "2014-malaysia-airlines-mh17-downed-over-donetsk"


def _short_body(body: str) -> str:
    """The body's name without its parenthesis or its case ('European Court of Human Rights (Grand Chamber), ...')."""
    return body.split(" (")[0].split(",")[0]


def _section(notes: str, start: str, end: str) -> str:
    return notes[notes.index(start) : notes.index(end, notes.index(start))]


def test_the_mh17_answer_names_every_finding_on_mh17_whichever_way_it_cuts(t):
    """Issue #29: the expected answer to the MH17 exercise sets beside the statements every finding the findings
    table records on the event, the ICJ's judgment that made no ruling on MH17 as well as those against Russia."""
    notes = one_line(NOTES.read_text(encoding="utf-8"))
    answer = _section(notes, "*MH17.*", "**Misconceptions.**")
    findings = t["findings"][t["findings"]["event_id"] == MH17]
    assert len(findings) >= 5
    for row in findings.itertuples():
        assert _short_body(row.body) in answer and str(row.date.year) in answer, (row.finding_id, answer)


def test_the_claims_and_findings_section_presents_the_findings_of_every_body_both_ways(t):
    """Issue #29: the teaching note on claims and findings names every body and year in the findings table (MH17,
    Bucha, Ilovaisk, Odesa, Olenivka, the ICJ), including the findings that cut against Ukraine, beside the parties'
    statements and responses."""
    notes = one_line(NOTES.read_text(encoding="utf-8"))
    section = notes[notes.index("## Telling an attributed claim from an established finding") :]
    for row in t["findings"].itertuples():
        assert _short_body(row.body) in section and str(row.date.year) in section, row.finding_id
    for event in ("MH17", "Bucha", "Ilovaisk", "Odesa", "Olenivka"):
        assert event in section, event
    # findings that cut against Ukraine are named as such, not only those against Russia
    assert "Vyacheslavova" in section and "Ukrainian forces" in section


def test_the_ceasefire_answer_sorts_every_ceasefire_event_the_data_holds(t):
    """The expected answer to the ceasefire exercise names each ceasefire event of the timeline by its source, so
    an event added to the data is sorted in the notes too."""
    notes = one_line(NOTES.read_text(encoding="utf-8"))
    answer = _section(notes, "*Ceasefires.*", "*Who sat at the table.*")
    for row in timeline.filter_events(t["events"], category="ceasefire").itertuples():
        publisher = row.source_publisher.split(" (")[0]
        assert publisher.split()[0] in answer and str(row.date.year) in answer, (row.event_id, publisher)


def test_the_other_actors_at_the_table_are_placed_in_the_years_the_data_has_them(t):
    """The notes place France, Germany, the United States and Türkiye in the years of recorded talks the data
    gives them (Germany also in 2022, where Bennett's mediation took him to Berlin)."""
    years = {actor: _talks_years(t, actor)[1] for actor in ("France", "Germany", "United States", "Türkiye")}
    assert years["France"] == {2014, 2015, 2016, 2019, 2025}
    assert years["Germany"] == years["France"] | {2022}
    assert years["United States"] == {2014, 2025, 2026} and years["Türkiye"] == {2022, 2025, 2026}
    notes = one_line(NOTES.read_text(encoding="utf-8"))
    answer = _section(notes, "*Who sat at the table.*", "*The longest gap.*")
    assert "Normandy years (2014–19) and again in 2025" in answer and "Germany also in 2022" in answer
    assert "Geneva Statement of April 2014" in answer and "Türkiye in 2022 and from 2025" in answer
