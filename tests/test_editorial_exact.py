"""Each editorial check's problem in full (issue #35, from the mutation run): on a copy of the data broken in
one place, the check reports exactly one problem naming the copy's file, the row (counted in the file, as the
loader counts it), the column and the words a maintainer reads; and each check's limit is where the
maintainer guide puts it (two sides are enough, an "as of" date on the day of the latest event is enough)."""

import csv
import datetime as dt
import json
import shutil

import pandas as pd
import pytest

from peacebook import data
from peacebook.data import editorial
from peacebook.data import Problem
from peacebook.data.editorial import EDITORIAL_TABLES, editorial_problems


@pytest.fixture
def copy(tmp_path):
    for path in data.DATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    return tmp_path


def rows(folder, table) -> list[dict]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def row_number(folder, table, key_column, key) -> int:
    return next(i for i, row in enumerate(rows(folder, table), start=1) if row[key_column] == key)


def edit(folder, table, key_column, key, **changes):
    found = rows(folder, table)
    (target,) = [row for row in found if row[key_column] == key]
    target.update(changes)
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, found[0].keys(), lineterminator="\n")
        writer.writeheader()
        writer.writerows(found)


def problems(folder) -> list[Problem]:
    return editorial_problems({name: data.load_table(name, folder) for name in EDITORIAL_TABLES}, folder)


def at(folder, table, row, column, message) -> Problem:
    return Problem(str(folder / f"{table}.csv"), row, None, column, message)


# --- signed texts --------------------------------------------------------------------------------


def test_each_position_that_does_not_cite_its_signed_text_is_named(copy):
    moved = {"source_url": "https://www.themoscowtimes.com/2015/02/12/a43848", "source_publisher": "The Moscow Times"}
    edit(copy, "positions", "position_id", "RU-2015-02-12-A03", **moved)
    edit(copy, "positions", "position_id", "UA-2014-09-05-A03", **moved)  # a second one, further down the file
    expected = [
        at(
            copy,
            "positions",
            row_number(copy, "positions", "position_id", pid),
            "source_url",
            f"{pid} has evidence signed_text but its source is not the source or full text of any row in texts.csv: "
            "cite the signed text itself (add it to texts.csv with its signatories), or, for an act the party "
            "adopted and published rather than signed, use formally_tabled",
        )
        for pid in ("RU-2015-02-12-A03", "UA-2014-09-05-A03")
    ]
    assert problems(copy) == expected


def test_a_signed_text_whose_parties_leave_out_the_speakers_side_is_named_exactly(copy):
    edit(copy, "texts", "text_code", "M2", parties="Ukraine;OSCE;DPR;LPR")
    citing = [
        r["position_id"] for r in rows(copy, "positions") if r["party"] == "Russia" and r["evidence"] == "signed_text"
    ]
    found = [p for p in problems(copy) if p.column == "party"]
    assert found and all(p.file == str(copy / "positions.csv") for p in found)
    for p in found:
        pid = p.message.split(" ")[0]
        assert pid in citing and p.row == row_number(copy, "positions", "position_id", pid)
        assert (
            p.message == f"{pid} cites the signed text M2, whose parties (Ukraine;OSCE;DPR;LPR) do not include Russia"
        )


def test_a_side_may_sign_under_another_of_its_names(copy):
    """parties.csv's also_named: a text may list a side under another name (the European Union for Europe)."""
    edit(copy, "parties", "party", "Russia", also_named="Russian Federation")
    edit(copy, "texts", "text_code", "M2", parties="Ukraine;Russian Federation;OSCE;DPR;LPR")
    assert problems(copy) == []


def test_signatories_missing_or_not_including_the_speaker_are_named_exactly(copy):
    edit(copy, "texts", "text_code", "M1", signatories="")
    row = row_number(copy, "positions", "position_id", "UA-2014-09-05-A01")
    assert at(
        copy,
        "positions",
        row,
        "speaker",
        "UA-2014-09-05-A01 cites M1 as a signed text, but texts.csv names no signatories for it",
    ) in problems(copy)
    edit(copy, "texts", "text_code", "M1", signatories="Heidi Tagliavini;Mikhail Zurabov")
    speaker = rows(copy, "positions")[row - 1]["speaker"]
    assert at(
        copy,
        "positions",
        row,
        "speaker",
        f"UA-2014-09-05-A01 names {speaker!r} as the speaker of the signed text M1, who is not among its signatories "
        "(Heidi Tagliavini, Mikhail Zurabov)",
    ) in problems(copy)


def test_a_party_missing_from_the_parties_table_is_checked_under_its_own_name():
    tables = {name: data.load_table(name) for name in EDITORIAL_TABLES}
    positions = tables["positions"].copy()
    first = positions.index[positions["position_id"] == "RU-2015-02-12-A01"][0]
    positions.loc[first, "party"] = "OSCE"  # in M2's parties, though not a party of the book's vocabulary
    assert [p for p in editorial.signed_text_problems({**tables, "positions": positions}) if p.column == "party"] == []


# --- rules, accounts, coverage --------------------------------------------------------------------


def test_a_rule_with_no_basis_is_named_exactly(copy):
    edit(copy, "rules", "rule_id", "C7", references="", source_url="", source_publisher="", source_date="")
    row = row_number(copy, "rules", "rule_id", "C7")
    assert problems(copy) == [
        at(
            copy,
            "rules",
            row,
            "references",
            "rule C7 records no basis: give a source_url (with its publisher) or a bibliography key in references",
        )
    ]


def accounts(*holders) -> pd.DataFrame:
    return pd.DataFrame(
        [{"question": "q", "holder": holder, "holder_type": kind} for holder, kind in holders],
        columns=["question", "holder", "holder_type"],
    )


@pytest.mark.parametrize(
    "holders, sides",
    [
        ([("Russia", "party_official"), ("Analysts", "analyst")], "Russia"),
        ([("Analysts", "analyst"), ("A paper", "journalist_reporting")], "none"),
        ([("Ukraine", "party_official"), ("Ukraine", "former_official")], "Ukraine"),
    ],
)
def test_a_question_with_fewer_than_two_sides_is_named_exactly(holders, sides):
    tables = {name: data.load_table(name) for name in EDITORIAL_TABLES}
    found = editorial.account_balance_problems({**tables, "accounts": accounts(*holders)})
    assert found == [
        Problem(
            "data/accounts.csv",
            None,
            None,
            "holder",
            f"the question 'q' has accounts from only one side ({sides}); give the other side's account, in its own "
            "officials' words",
        )
    ]


def test_two_sides_are_enough():
    tables = {name: data.load_table(name) for name in EDITORIAL_TABLES}
    two = accounts(("Ukraine", "party_official"), ("Russia", "former_official"))
    assert editorial.account_balance_problems({**tables, "accounts": two}) == []


def set_as_of(folder, day: str):
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    package["as_of"] = day
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")


def test_as_of_on_the_day_of_the_latest_event_is_enough_and_a_day_earlier_is_not(copy):
    latest = data.load_table("events", copy)["date"].max().date()
    set_as_of(copy, latest.isoformat())
    assert problems(copy) == []
    earlier = latest - dt.timedelta(days=1)
    set_as_of(copy, earlier.isoformat())
    assert problems(copy) == [
        Problem(
            str(copy / "datapackage.json"),
            None,
            None,
            "as_of",
            f"as_of {earlier} is before the latest event ({latest}): move as_of to the day you checked",
        )
    ]


def test_coverage_reads_the_events_it_is_given(copy):
    tables = {name: data.load_table(name, copy) for name in EDITORIAL_TABLES}
    events = tables["events"].copy()
    events.loc[events.index[0], "date"] = pd.Timestamp("2099-01-01")  # in the tables given, not on disk
    found = editorial.coverage_problems({**tables, "events": events}, copy)
    assert [p.column for p in found] == ["as_of"] and "(2099-01-01)" in found[0].message


# --- analysts' packages and the vocabularies -----------------------------------------------------


def test_a_position_resting_on_an_analysts_package_is_named_exactly(copy):
    package = next(r for r in rows(copy, "texts") if r["status"] == "analyst_proposal")
    pid = rows(copy, "positions")[4]["position_id"]
    edit(copy, "positions", "position_id", pid, source_url=package["source_url"], evidence="on_record_statement")
    assert problems(copy) == [
        at(
            copy,
            "positions",
            5,
            "source_url",
            f"cites {package['text_code']}, analyst's proposal (not a party's text): a package that is not a party's "
            "text is never a party's position; cite the party's own statement",
        )
    ]


def test_a_position_with_the_wrong_code_stance_or_evidence_is_named_exactly(copy):
    tables = {name: data.load_table(name, copy) for name in EDITORIAL_TABLES}
    positions = tables["positions"].copy()
    row = next(i for i, p in enumerate(positions.itertuples(), start=1) if p.party == "Russia")
    index = positions.index[row - 1]
    pid = positions.loc[index, "position_id"]
    positions.loc[index, "position_id"] = "UA" + pid[2:]
    positions.loc[index, "stance"] = "contested"
    positions.loc[index, "evidence"] = "independent_finding"
    found = editorial.vocabulary_use_problems({**tables, "positions": positions}, copy)
    assert found == [
        at(
            copy,
            "positions",
            row,
            "position_id",
            f"UA{pid[2:]} should start with RU-, the code of Russia in parties.csv",
        ),
        at(copy, "positions", row, "stance", "'contested' is not a stance a position may record"),
        at(
            copy,
            "positions",
            row,
            "evidence",
            "'independent_finding' is not evidence a party's position may rest on (an independent finding belongs in "
            "findings.csv)",
        ),
    ]
