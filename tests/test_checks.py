"""Every fact read twice (issue #30): each factual row has a second reader's check that matches the row as it
stands, a changed row is unchecked until read again, and a row a second reader could not confirm is marked
wherever a reader meets it (tables, chart tooltips and data tables, the workshop's sources)."""

import csv
import json
import shutil

import pytest

from peacebook.data import checks
from peacebook import data
from peacebook.views import tables
from peacebook.charts.timeline import _timeline_frame
from peacebook.model.settlement import Catalogue
from peacebook.data.vocabulary import book_vocabularies
from peacebook.views.workshop_issues import stances_html


def test_every_factual_row_has_a_current_check():
    states = checks.row_checks(data.load_table(checks.CHECKS_TABLE))
    waiting = [f"{s.table} {s.key} ({s.state})" for s in states if s.state != "current"]
    assert not waiting, (
        f"{len(waiting)} of {len(states)} factual rows have no current second reader's check "
        "(scripts/record-checks.py --unchecked lists them): " + ", ".join(waiting[:20])
    )


def test_the_checked_tables_are_every_table_that_states_facts():
    """Every table with a source column, and the assessments (whose source is the provisions they cite)."""
    package = data.load_package()
    sourced = {
        res["name"]
        for res in package["resources"]
        if any(f["name"].endswith("source_url") for f in res["schema"]["fields"])
    }
    assert set(checks.checked_tables(package)) == sourced | {"assessments"}
    assert checks.CHECKS_TABLE not in sourced


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the book's data with no checks recorded, so a test of how checks work does not depend on how far
    the real readings have got."""
    copy = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, copy)
    checks_csv = copy / "checks.csv"
    checks_csv.write_text(checks_csv.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return copy


def _rewrite_cell(folder, table, key_column, key, column, text):
    path = folder / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row[key_column] == key:
            row[column] = text
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _entry(table, key, verdict="confirmed"):
    return {
        "table": table,
        "row_key": key,
        "reader": "test reader",
        "verdict": verdict,
        "source_read": "https://www.osce.org/",
        "where": "the first paragraph",
        "note": "",
    }


def _state(folder, table, key):
    (state,) = [
        s for s in checks.row_checks(data.load_table("checks", folder), folder) if (s.table, s.key) == (table, key)
    ]
    return state


def test_a_changed_row_is_unchecked_until_read_again(data_copy):
    key = data.load_table("positions", data_copy)["position_id"].iloc[0]
    checks.record_checks([_entry("positions", key)], data_copy)
    assert _state(data_copy, "positions", key).shown_verdict == "confirmed"

    _rewrite_cell(data_copy, "positions", "position_id", key, "summary", "A different summary of what was said.")
    state = _state(data_copy, "positions", key)
    assert (state.state, state.verdict, state.shown_verdict) == ("changed", "confirmed", "unchecked")
    loaded = data.load_tables(data_copy)["positions"].set_index("position_id")
    assert loaded.loc[key, checks.VERDICT_COLUMN] == "unchecked"

    said = checks.record_checks([_entry("positions", key, "corrected")], data_copy)
    assert said == [f"re-checked positions {key}: corrected"]
    assert _state(data_copy, "positions", key).shown_verdict == "corrected"


def test_a_composite_key_is_recorded_with_a_slash(data_copy):
    first = data.load_table("assessments", data_copy).iloc[0]
    key = f"{first['text_code']}/{first['mechanism_id']}"
    checks.record_checks([_entry("assessments", key)], data_copy)
    assert _state(data_copy, "assessments", key).state == "current"


def test_a_check_of_a_row_that_is_gone_is_a_problem_named_by_file_row_and_column(data_copy):
    checks.record_checks([_entry("events", data.load_table("events", data_copy)["event_id"].iloc[0])], data_copy)
    recorded = len(data.load_table("checks", data_copy))
    with (data_copy / "checks.csv").open("a", encoding="utf-8") as handle:
        handle.write("events,no-such-event,0123456789abcdef,2026-12-07,test reader,confirmed,,the title,\n")
    with pytest.raises(data.DataValidationError) as caught:
        data.load_tables(data_copy)
    (problem,) = caught.value.problems
    assert problem.file.endswith("checks.csv") and problem.row == recorded + 1 and problem.column == "row_key"
    assert "no-such-event" in problem.message


@pytest.mark.parametrize(
    "entry, complaint",
    [
        ({"table": "nowhere"}, "not a checked table"),
        ({"row_key": "no-such-row"}, "has no row"),
        ({"verdict": "probably"}, "verdict 'probably'"),
        ({"where": " "}, "'where' is required"),
        ({"reader": ""}, "'reader' is required"),
    ],
)
def test_a_bad_entry_is_refused_and_nothing_is_recorded(data_copy, entry, complaint):
    good = _entry("events", data.load_table("events", data_copy)["event_id"].iloc[0])
    before = (data_copy / "checks.csv").read_bytes()
    with pytest.raises(ValueError, match=complaint):
        checks.record_checks([good, {**good, **entry}], data_copy)
    assert (data_copy / "checks.csv").read_bytes() == before


def test_unverified_rows_are_marked_wherever_readers_meet_them(data_copy):
    events = data.load_table("events", data_copy)
    doubted, trusted = events["event_id"].iloc[0], events["event_id"].iloc[1]
    positions = data.load_table("positions", data_copy).dropna(subset=["option_id"])
    position = positions.iloc[0]
    checks.record_checks(
        [
            _entry("events", doubted, "unverified"),
            _entry("events", trusted, "confirmed"),
            _entry("positions", position["position_id"], "unverified"),
        ],
        data_copy,
    )
    loaded = data.load_tables(data_copy)

    # the chapters' tables: the mark sits in the doubted row only
    html = tables.events_table_html(loaded["events"])
    rows = {
        event_id: html.split(title)[1].split("</tr>")[0]
        for event_id, title in zip(events["event_id"], events["title"])
        if event_id in (doubted, trusted)
    }
    assert "(unverified)" in rows[doubted] and "(unverified)" not in rows[trusted]
    assert "(not yet checked)" in html  # every other row has no check in this copy

    # a chart's tooltip and its "Show the data" table take the publisher with its mark
    frame = _timeline_frame(loaded["events"], book_vocabularies()).set_index("event_id")
    assert frame.loc[doubted, "source_publisher"].endswith("(unverified)")
    assert not frame.loc[trusted, "source_publisher"].endswith(")")

    # the workshop's sources beside each option
    catalogue = Catalogue(loaded)
    (stance,) = [s for s in catalogue.stances_for(position["option_id"]) if s.position_id == position["position_id"]]
    assert stance.check_verdict == "unverified"
    assert "(unverified)" in stances_html(catalogue, position["option_id"])


def test_the_data_chapter_counts_each_tables_checks(data_copy):
    key = data.load_table("texts", data_copy)["text_code"].iloc[0]
    checks.record_checks([_entry("texts", key, "unverified")], data_copy)
    counts = checks.coverage_by_table(checks.row_checks(data.load_table("checks", data_copy), data_copy))
    texts_row = counts.set_index("table").loc["texts"]
    assert (texts_row["current"], texts_row["unverified"], texts_row["missing"]) == (1, 1, texts_row["rows"] - 1)
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    assert list(counts["table"]) == checks.checked_tables(package)
