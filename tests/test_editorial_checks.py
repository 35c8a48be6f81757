"""The loader's editorial checks across tables (issue #15): each passes on the real data and fails on a
copy of the data broken in one row, the way the independent fact check found the book broken."""

import csv
import datetime as dt
import json
import shutil

import pandas as pd
import pytest

from peacebook import data
from peacebook.views import tables
from peacebook.data import DataValidationError
from peacebook.data.editorial import EDITORIAL_TABLES, editorial_problems
from peacebook.data.vocabulary import book_vocabularies


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the real data folder for a test to break."""
    for path in data.DATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    return tmp_path


def edit_row(data_dir, table, key_column, key, **changes):
    """Change some cells of the row whose key_column is key (the rest of the file is rewritten as is)."""
    path = data_dir / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    matches = [row for row in rows if row[key_column] == key]
    assert len(matches) == 1, f"{key} not found once in {table}"
    matches[0].update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, rows[0].keys(), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def editorial(data_dir):
    """The editorial problems of a data folder (its tables loaded one by one)."""
    loaded = {name: data.load_table(name, data_dir) for name in EDITORIAL_TABLES}
    return editorial_problems(loaded, data_dir)


def test_the_real_data_passes_every_editorial_check():
    assert [str(p) for p in editorial(data.DATA_DIR)] == []


# --- a signed text must be cited and signed by the speaker ---------------------------------------


def test_a_signed_text_credited_to_someone_who_did_not_sign_it_is_refused(data_copy):
    # The error the fact check found: Minsk II's position put in Putin's mouth, with evidence signed_text.
    edit_row(
        data_copy,
        "positions",
        "position_id",
        "RU-2015-02-12-A01",
        speaker="Vladimir Putin (Normandy-format Minsk summit)",
    )
    found = editorial(data_copy)
    assert any(
        p.column == "speaker"
        and "RU-2015-02-12-A01" in p.message
        and "not among its signatories" in p.message
        and "Mikhail Zurabov" in p.message
        for p in found
    )


def test_a_signed_text_position_must_cite_the_text_itself(data_copy):
    edit_row(
        data_copy,
        "positions",
        "position_id",
        "RU-2015-02-12-A03",
        source_url="https://themoscowtimes.com/2015/02/12/the-minsk-deal-what-was-agreed-at-ukraine-peace-talks-a43848",
        source_publisher="The Moscow Times",
    )
    found = editorial(data_copy)
    assert any(
        p.column == "source_url" and "RU-2015-02-12-A03" in p.message and "texts.csv" in p.message for p in found
    )


def test_a_signed_text_whose_parties_leave_out_the_speakers_side_is_refused(data_copy):
    edit_row(data_copy, "texts", "text_code", "M2", parties="Ukraine;OSCE;DPR;LPR")
    found = editorial(data_copy)
    assert any(
        p.column == "party" and "RU-2015-02-12-A01" in p.message and "do not include Russia" in p.message for p in found
    )


def test_a_signed_text_with_no_named_signatories_cannot_back_a_position(data_copy):
    edit_row(data_copy, "texts", "text_code", "M1", signatories="")
    found = editorial(data_copy)
    assert any(
        p.column == "speaker" and "UA-2014-09-05-A01" in p.message and "names no signatories" in p.message
        for p in found
    )


# --- every rule names its basis ------------------------------------------------------------------


def test_a_rule_with_no_basis_is_refused(data_copy):
    edit_row(data_copy, "rules", "rule_id", "C7", references="", source_url="", source_publisher="", source_date="")
    found = editorial(data_copy)
    assert [p.column for p in found if "rule C7" in p.message] == ["references"]


def test_every_real_rule_names_a_source_or_a_bibliography_key():
    for rule in data.load_table("rules").itertuples():
        assert data.split_list(rule.references) or isinstance(rule.source_url, str), rule.rule_id


# --- every contested question is told from more than one side ------------------------------------


def test_a_question_told_from_one_side_only_is_refused(data_copy):
    accounts = data.load_table("accounts", data_copy)
    for row in accounts.query("question == 'istanbul'").itertuples():
        if row.holder_type in book_vocabularies().side_holder_types:
            edit_row(data_copy, "accounts", "account_id", row.account_id, holder="Ukraine")
    found = editorial(data_copy)
    assert any("'istanbul'" in p.message and "only one side" in p.message for p in found)
    assert not any("'minsk'" in p.message for p in found)


def test_analysts_do_not_count_as_a_side(data_copy):
    accounts = data.load_table("accounts", data_copy)
    for row in accounts.query("question == 'minsk' and holder != 'Russia'").itertuples():
        edit_row(data_copy, "accounts", "account_id", row.account_id, holder_type="analyst")
    found = editorial(data_copy)
    assert any("'minsk'" in p.message and "(Russia)" in p.message for p in found)


# --- a legal limit is checked, and cited by its own party's officials (issue #29) ----------------


def test_a_legal_limit_whose_check_trips_on_none_of_its_options_is_refused(data_copy):
    # The error the third fact check found: a limit tied to an option its law does not govern.
    edit_row(data_copy, "legal_limits", "limit_id", "UA-rome-statute", options="A14.e")
    found = [p for p in editorial(data_copy) if "UA-rome-statute" in p.message]
    assert [(p.row, p.column) for p in found] == [(1, "check")]
    assert "rule C9 does not trip on A14.e, which the limit bars" in found[0].message


def test_a_legal_limit_with_one_option_its_check_does_not_trip_on_is_refused(data_copy):
    # Article 157 once listed A16.b under rule C20, which trips only on the NATO options: the flag would never show.
    edit_row(data_copy, "legal_limits", "limit_id", "UA-no-amendment-under-martial-law", options="A05.a;A05.b;A16.b")
    found = [p for p in editorial(data_copy) if "UA-no-amendment-under-martial-law" in p.message]
    assert [p.column for p in found] == ["check"] and "does not trip on A16.b," in found[0].message


def test_a_legal_limit_cited_by_another_partys_official_is_refused(data_copy):
    # Russia's spokesman citing Russia's constitution cannot stand for Ukraine's.
    edit_row(data_copy, "legal_limits", "limit_id", "UA-territory-referendum", cited_by="RU-2022-03-30-A04")
    found = [p for p in editorial(data_copy) if "RU-2022-03-30-A04" in p.message]
    assert [p.column for p in found] == ["cited_by"]
    assert "Ukraine's law" in found[0].message and "Russia's statement" in found[0].message


def test_a_legal_limit_cited_by_a_statement_on_another_issue_is_refused(data_copy):
    edit_row(data_copy, "legal_limits", "limit_id", "UA-territory-referendum", cited_by="UA-2025-02-25-A17")
    found = [p for p in editorial(data_copy) if "UA-2025-02-25-A17" in p.message]
    assert [p.column for p in found] == ["cited_by"]
    assert "issue A17" in found[0].message and "A02, A03, A04" in found[0].message


def test_a_legal_limit_cited_by_an_unknown_statement_names_the_row_and_column(data_copy):
    edit_row(data_copy, "legal_limits", "limit_id", "RU-annexed-regions", cited_by="RU-2099-01-01-A03")
    with pytest.raises(DataValidationError) as caught:
        data.load_table("legal_limits", data_copy)
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (4, "cited_by") and "positions" in problem.message


# --- the "as of" notices show both dates ---------------------------------------------------------


def test_an_as_of_date_before_the_latest_event_is_refused(data_copy):
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    package["as_of"] = "2026-01-01"
    (data_copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    found = editorial(data_copy)
    assert any(p.column == "as_of" and "before the latest event" in p.message for p in found)


def test_editorial_problems_are_reported_by_load_tables_with_the_rest(data_copy):
    edit_row(data_copy, "rules", "rule_id", "C7", references="", source_url="", source_publisher="", source_date="")
    with pytest.raises(DataValidationError) as caught:
        data.load_tables(data_copy)
    assert any("rule C7 records no basis" in p.message for p in caught.value.problems)


def test_coverage_gives_the_checked_date_and_the_latest_event():
    checked, latest = data.coverage()
    events = data.load_table("events")
    assert checked == data.as_of() and latest == events["date"].max().date() and latest <= checked


def test_the_as_of_phrase_names_both_dates_and_the_gap():
    phrase = data.as_of_phrase(dt.date(2026, 11, 25), dt.date(2026, 6, 3))
    assert "data checked 25 November 2026" in phrase and "latest event covered 3 June 2026" in phrase
    assert "about 5 months" in phrase
    assert "12 days" in data.as_of_phrase(dt.date(2026, 6, 15), dt.date(2026, 6, 3))


def test_the_current_chapters_banner_shows_both_dates():
    t = {name: data.load_table(name) for name in ("texts", "events")}
    latest = t["events"].sort_values("date").iloc[-1]
    proposal = t["texts"].sort_values("date").iloc[-1]
    checked = dt.date(2026, 11, 25)
    banner = tables.as_of_banner(checked, proposal, latest, t["texts"])
    last = pd.Timestamp(latest.date).date()
    assert "As of 25 November 2026 (data checked)" in banner
    assert f"latest event covered: {last.day} {last:%B %Y}" in banner


def test_the_timelines_note_shows_both_dates():
    events = data.load_table("events")
    last = events["date"].max().date()
    note = tables.coverage_note_html(events, dt.date(2026, 11, 25))
    assert "As of 25 November 2026" in note and f"{last.day} {last:%B %Y}" in note and "Mind the gap" in note


# --- the legal-limit checks' words in full (issue #35, from a reading of their mutants) ----------


def limit_problems(data_dir, limit_id):
    return [
        (p.row, p.column, p.message)
        for p in editorial(data_dir)
        if p.message.startswith(limit_id) or f"{limit_id} " in p.message
    ]


def test_a_legal_limit_the_rule_does_not_trip_on_is_named_in_full_with_every_such_option(data_copy):
    edit_row(data_copy, "legal_limits", "limit_id", "UA-euro-atlantic-course", options="A05.a;A05.c;A16.b")
    assert limit_problems(data_copy, "UA-euro-atlantic-course") == [
        (
            7,
            "check",
            "UA-euro-atlantic-course: rule C20 does not trip on A05.c, A16.b, which the limit bars; list only options "
            "its rule's if_any or and_any names, or name another rule",
        )
    ]


def test_a_legal_limit_may_bar_an_option_its_rule_names_in_and_any(data_copy):
    # C4 trips on A05.a together with A09.c or A09.d: a limit barring A09.d is one the workshop shows.
    edit_row(data_copy, "legal_limits", "limit_id", "UA-euro-atlantic-course", options="A05.a;A09.d", check="C4")
    assert limit_problems(data_copy, "UA-euro-atlantic-course") == []


def test_a_legal_limit_cited_by_another_party_or_another_issue_is_named_in_full(data_copy):
    edit_row(
        data_copy,
        "legal_limits",
        "limit_id",
        "UA-territory-referendum",
        cited_by="RU-2022-03-30-A04;UA-2025-02-25-A17;UA-2025-04-22-A04",
    )
    assert [p for p in limit_problems(data_copy, "UA-territory-referendum") if p[1] == "cited_by"] == [
        (
            5,
            "cited_by",
            "UA-territory-referendum is Ukraine's law, but RU-2022-03-30-A04 is Russia's statement: a limit is cited "
            "by its own party's officials",
        ),
        (
            5,
            "cited_by",
            "UA-2025-02-25-A17 concerns issue A17, but UA-territory-referendum bars options only on A02, A03, A04",
        ),
    ]


def test_a_statement_the_reference_check_names_is_passed_over_and_the_rest_still_checked():
    """load_tables reports an unknown statement (a foreign key); the legal-limit check reads on past it."""
    loaded = {name: data.load_table(name) for name in EDITORIAL_TABLES}
    limits = loaded["legal_limits"].copy()
    limits.loc[limits["limit_id"] == "UA-territory-referendum", "cited_by"] = "RU-2099-01-01-A03;RU-2022-03-30-A04"
    found = editorial_problems({**loaded, "legal_limits": limits})
    assert [(p.row, p.column, p.message[:60]) for p in found] == [
        (5, "cited_by", "UA-territory-referendum is Ukraine's law, but RU-2022-03-30-"),
    ]
