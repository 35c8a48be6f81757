"""What one cell may hold (peacebook.data.cells), field by field: each parser, each constraint, list items and the
source policy, each refusing the value just past its limit and accepting the value at it. Then the same
checks through the loader on a copy of the real data."""

import datetime as dt
import shutil

import pytest

from peacebook.data import cells
from peacebook import data

REFUSED = ["mirror.example"]


def check(text, **field):
    return cells.check_cell(text, field, REFUSED)


def refused(text, **field) -> str:
    with pytest.raises(ValueError) as caught:
        check(text, **field)
    return str(caught.value)


# --- types ---------------------------------------------------------------------------------------


def test_each_type_parses_its_text():
    assert check("2015-02-12", type="date") == dt.date(2015, 2, 12)
    assert check("-3", type="integer") == -3 and check("+4", type="integer") == 4
    assert check("2.5", type="number") == 2.5 and check("-1e3", type="number") == -1000.0
    assert check("some text") == "some text" and check("some text", type="string") == "some text"
    for text, value in [("true", True), ("Yes", True), ("1", True), ("FALSE", False), ("no", False), ("0", False)]:
        assert check(text, type="boolean") is value, text


@pytest.mark.parametrize(
    "text, kind, message",
    [
        ("2015-2-12", "date", "'2015-2-12' is not a date written YYYY-MM-DD"),
        ("12.02.2015", "date", "not a date written YYYY-MM-DD"),
        ("2015-02-30", "date", "'2015-02-30' is not a real calendar date"),
        ("3.0", "integer", "'3.0' is not a whole number"),
        ("3 ", "integer", "leading or trailing spaces"),
        ("12a", "integer", "'12a' is not a whole number"),
        ("a12", "integer", "'a12' is not a whole number"),
        ("--1", "integer", "not a whole number"),
        ("ten", "number", "'ten' is not a number"),
        ("nan", "number", "'nan' is not a finite number"),
        ("inf", "number", "'inf' is not a finite number"),
        ("-inf", "number", "'-inf' is not a finite number"),
        ("maybe", "boolean", "'maybe' is not true or false"),
    ],
)
def test_a_wrong_value_for_the_type_is_named(text, kind, message):
    assert message in refused(text, type=kind)


def test_empty_is_none_unless_required_and_spaces_around_are_refused():
    assert check("", type="integer") is None
    assert check("", type="date", constraints={"required": False}) is None
    assert refused("", constraints={"required": True}) == "is required but empty"
    assert refused(" x") == "' x' has leading or trailing spaces"
    assert refused("x\t") == "'x\\t' has leading or trailing spaces"


# --- constraints ---------------------------------------------------------------------------------


def test_a_value_outside_its_vocabulary_is_refused_and_the_allowed_values_named():
    field = {"constraints": {"enum": ["court", "un_commission"]}}
    assert check("court", **field) == "court"
    assert refused("Court", **field) == "'Court' is not one of the allowed values: court, un_commission"
    # an enum of numbers compares values, not text
    assert check("2", type="integer", constraints={"enum": [1, 2]}) == 2
    assert refused("3", type="integer", constraints={"enum": [1, 2]}) == "'3' is not one of the allowed values: 1, 2"


def test_pattern_and_length_are_exact():
    field = {"constraints": {"pattern": "[a-z]+-[0-9]+", "maxLength": 6}}
    assert check("ab-123", **field) == "ab-123"
    assert "does not match the pattern [a-z]+-[0-9]+" in refused("ab-12x", **field)
    assert "does not match" in refused("Xab-12", **field)  # the whole cell, not a part of it
    assert refused("abc-123", **field) == "is 7 characters long; at most 6 are allowed"


@pytest.mark.parametrize(
    "kind, low, high, inside, below, above",
    [
        ("integer", 0, 3, ["0", "3"], "-1", "4"),
        ("number", 0.5, 2.5, ["0.5", "2.5"], "0.49", "2.51"),
        ("date", "2014-01-01", "2026-12-31", ["2014-01-01", "2026-12-31"], "2013-12-31", "2027-01-01"),
    ],
)
def test_minimum_and_maximum_include_the_limit_itself(kind, low, high, inside, below, above):
    field = {"type": kind, "constraints": {"minimum": low, "maximum": high}}
    for text in inside:
        check(text, **field)
    assert refused(below, **field) == f"{below} is below the minimum {low}"
    assert refused(above, **field) == f"{above} is above the maximum {high}"


def test_each_item_of_a_list_cell_is_checked_and_the_text_kept():
    field = {
        "separator": ";",
        "peacebook:itemConstraints": {"enum": ["Ukraine", "Russia", "OSCE"], "pattern": "[A-Z][A-Za-z]+"},
    }
    assert check("Ukraine; Russia;OSCE", **field) == "Ukraine; Russia;OSCE"
    assert (
        refused("Ukraine;Atlantis", **field)
        == "item 'Atlantis' is not one of the allowed values: Ukraine, Russia, OSCE"
    )
    # the field's own separator
    piped = {"separator": "|", "peacebook:itemConstraints": {"pattern": "A[0-9]{2}"}}
    assert check("A01|A02", **piped) == "A01|A02"
    assert refused("A01|A2", **piped) == "item 'A2' does not match the pattern A[0-9]{2}"
    pattern_only = {"separator": ";", "peacebook:itemConstraints": {"pattern": "A[0-9]{2}"}}
    assert check("A01;A02", **pattern_only) == "A01;A02"
    assert refused("A01;A2", **pattern_only) == "item 'A2' does not match the pattern A[0-9]{2}"
    assert refused("A01;xA01", **pattern_only) == "item 'xA01' does not match the pattern A[0-9]{2}"
    assert check("anything; at all", separator=";") == "anything; at all"  # a list with no item rule
    assert cells.item_constraints({"name": "x"}) == {}


def test_split_list_trims_items_and_drops_empty_ones():
    assert cells.split_list("A; B ;;C") == ["A", "B", "C"]
    assert cells.split_list("A|B", "|") == ["A", "B"]
    assert cells.split_list(3) == ["3"] and cells.split_list(2.5) == ["2.5"]
    assert cells.split_list(float("nan")) == [] and cells.split_list(None) == []
    assert cells.split_list("") == [] and cells.split_list(" ; ") == []


# --- the source policy ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.osce.org/files/report.pdf",
        "http://kremlin.ru/events/president/news/1",
        "https://www.osce.org/report?a=1&b=2#part",
        "https://notmirror.example/story",  # ends like a refused host, but is another host
        "https://mirror.example.org/story",  # the refused domain inside another domain
    ],
)
def test_a_source_on_an_accepted_host_passes(url):
    assert cells.check_source_url(url, REFUSED) is None
    assert check(url, format="uri") == url


@pytest.mark.parametrize(
    "url",
    [
        "https://www.osce.org/a report.pdf",  # a space inside: a URL copied with its line break or a typo
        "https://www.osce.org/a\treport",
        "https://www.osce.org/a\nreport",
        "https://www.osce.org/report\u00a0",
        "ftp://www.osce.org/report",
        "javascript:alert(1)",
        "www.osce.org/report",
        "https://localhost/report",  # no dot in the host
        "https:///report",
    ],
)
def test_a_malformed_source_url_is_refused(url):
    with pytest.raises(ValueError, match="is not a well-formed http"):
        cells.check_source_url(url, REFUSED)


@pytest.mark.parametrize(
    "url", ["https://mirror.example/x", "https://news.MIRROR.example/x", "http://a.b.mirror.example"]
)
def test_a_refused_host_and_its_subdomains_are_refused(url):
    with pytest.raises(ValueError, match="is on the list of refused sources"):
        cells.check_source_url(url, REFUSED)
    assert "refused sources" in refused(url, format="uri")


# --- through the loader, on a copy of the real data ----------------------------------------------


@pytest.fixture
def data_copy(tmp_path):
    for path in data.DATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    return tmp_path


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_loader_refuses_a_value_outside_a_declared_vocabulary(data_copy):
    """findings.csv's evidence is declared with an enum of one value (an independent finding)."""
    field = next(f for f in data.resource("findings")["schema"]["fields"] if f["name"] == "evidence")
    assert field["constraints"]["enum"] == ["independent_finding"]
    replace_in(data_copy / "findings.csv", ",independent_finding,", ",on_record_statement,")
    with pytest.raises(data.DataValidationError) as caught:
        data.load_table("findings", data_copy)
    (problem,) = caught.value.problems
    assert problem.column == "evidence" and "is not one of the allowed values: independent_finding" in problem.message


def test_the_loader_refuses_a_source_url_with_a_space(data_copy):
    events = data.load_table("events")
    url = events["source_url"].iloc[0]
    broken = url.replace("://", "://www ", 1) if "://www." not in url else url.replace("://www.", "://www .", 1)
    replace_in(data_copy / "events.csv", url, broken)
    with pytest.raises(data.DataValidationError) as caught:
        data.load_table("events", data_copy)
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "source_url")]
    assert "is not a well-formed http(s) URL" in caught.value.problems[0].message


# --- an address that names an ad server (issue #35) ------------------------------------------------

AD_SERVER = (
    "the address names an ad server (DoubleClick.net), so it is not the article's own address: open the article and "
    "cite the address it has"
)


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/frame/securepubads.g.doubleclick.net/x",  # in the path
        "https://news.example/frame?src=https://ad.DOUBLECLICK.net/x",  # in the query, in capitals
        "https://news.example/story#ad.doubleclick.net",  # in the fragment
    ],
)
def test_an_address_naming_an_ad_server_anywhere_after_its_host_is_refused_in_any_case(url):
    with pytest.raises(ValueError) as caught:
        cells.check_source_url(url, [], ["DoubleClick.net"])
    assert str(caught.value) == AD_SERVER


def test_an_ad_servers_name_alone_is_not_refused_by_the_address_check():
    """The host itself is the refused-domains list's business; the check reads what comes after the host."""
    cells.check_source_url("https://doubleclick.net.example.org/story", [], ["doubleclick.net"])
    cells.check_source_url("https://news.example/story?id=1", [], ["doubleclick.net"])


# --- what a spreadsheet would read as a formula (mutants that survived issue #35's run) ---------------


def test_a_formula_cell_is_refused_with_its_start_and_its_first_forty_characters():
    text = '=HYPERLINK("https://evil.example/a-long-address", "click")'
    assert refused(text) == (
        f"{text[:40]!r} starts with '=', which a spreadsheet reads as the start of a formula; "
        "reword the cell so that it starts otherwise"
    )


def test_a_formula_start_is_read_after_spaces_only():
    # after spaces a tab still starts a formula; other leading characters are never skipped
    assert cells.starts_a_formula(" \tx") and cells.starts_a_formula("  -1")
    assert not cells.starts_a_formula("X=1") and not cells.starts_a_formula("a-b")


def test_one_cell_is_checked_against_the_ad_servers_too():
    with pytest.raises(ValueError, match="names an ad server"):
        cells.check_cell(
            "https://news.example/x/securepubads.doubleclick.net", {"format": "uri"}, [], ["doubleclick.net"]
        )


def test_anything_but_text_is_never_a_web_address():
    # a value read from a student's file may be a list or a mapping: it is no link, and asking is no error
    assert not any(cells.is_web_url(value) for value in (["https://a.example/"], {"u": 1}, None, float("nan"), 3))
