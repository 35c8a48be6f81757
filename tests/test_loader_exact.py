"""The loader's reports, exactly (issue #35, from the mutation run): each kind of problem with its file, row,
line, column and words; every problem of a file reported, not only the first; where the book finds its data;
how a problem and a list of them read; and the "as of" gap in words, at each of its edges."""

import csv
import datetime as dt
import json
import shutil

import pytest

from peacebook import data
from peacebook.data import loading
from peacebook.data import DataValidationError, Problem

EVENTS_HEADER = (
    "event_id,date,end_date,title,description,category,actors,source_url,source_publisher,"
    "source_date,second_source_url,second_source_publisher"
)


def event(event_id="2014-a", date="2014-09-05", **cells) -> str:
    row = dict(
        event_id=event_id,
        date=date,
        end_date="",
        title="Minsk Protocol",
        description="A protocol was signed.",
        category="agreement",
        actors="Ukraine;Russia",
        source_url="https://www.osce.org/home/123",
        source_publisher="OSCE",
        source_date="2014-09-05",
        second_source_url="",
        second_source_publisher="",
    )
    row.update(cells)
    return ",".join(row.values())


@pytest.fixture
def events_dir(tmp_path):
    """The real data package with an events table the test writes itself (and the vocabulary it refers to)."""
    shutil.copy(data.DATA_DIR / "datapackage.json", tmp_path / "datapackage.json")
    shutil.copy(data.DATA_DIR / "event_categories.csv", tmp_path / "event_categories.csv")
    return tmp_path


def write(folder, *lines, name="events.csv"):
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def problems_of(folder, table="events") -> list[Problem]:
    with pytest.raises(DataValidationError) as caught:
        data.load_table(table, folder)
    return caught.value.problems


def at(folder, row, line, column, message, name="events.csv") -> Problem:
    return Problem(str(folder / name), row, line, column, message)


# --- the file and its header ---------------------------------------------------------------------


def test_an_empty_file_is_named(events_dir):
    (events_dir / "events.csv").write_text("", encoding="utf-8")
    assert problems_of(events_dir) == [at(events_dir, None, 1, None, "file is empty (no header)")]


def test_every_header_problem_is_named_on_line_1(events_dir):
    header = EVENTS_HEADER.replace("source_publisher,", "publisher,") + ",title"
    write(events_dir, header, event() + ",x")
    assert problems_of(events_dir) == [
        at(events_dir, None, 1, "source_publisher", "column declared in the schema is missing"),
        at(events_dir, None, 1, "publisher", "column is not declared in the schema"),
        at(events_dir, None, 1, "title", "column appears more than once"),
    ]


def test_rows_with_the_wrong_number_of_cells_are_each_named_with_their_line(events_dir):
    write(events_dir, EVENTS_HEADER, "2014-short,2014-09-05", event("2014-b"), "2014-long," + event("2014-c"))
    assert problems_of(events_dir) == [
        at(events_dir, 1, 2, None, "has 2 cells; the header has 12"),
        at(events_dir, 3, 4, None, "has 13 cells; the header has 12"),
    ]


def test_a_quoted_cell_over_several_lines_keeps_its_line_ends_and_the_lines_are_counted(events_dir):
    write(
        events_dir,
        EVENTS_HEADER,
        event("2014-a", description='"First line.\r\nSecond line."'),
        event("2014-b", date="x"),
    )
    (problem,) = problems_of(events_dir)
    assert (problem.row, problem.line) == (2, 4)
    write(events_dir, EVENTS_HEADER, event("2014-a", description='"First line.\r\nSecond line."'))
    (row,) = data.read_table("events", events_dir)
    assert row["description"] == "First line.\r\nSecond line."


def test_text_that_is_not_csv_is_named_with_its_line(events_dir):
    write(events_dir, EVENTS_HEADER, event("2014-a"), event("2014-b", title='"Minsk" Protocol'))
    assert problems_of(events_dir) == [at(events_dir, None, 3, None, "not valid CSV: ',' expected after '\"'")]


# --- rows and tables -----------------------------------------------------------------------------


def test_each_row_rule_names_the_row_its_line_and_the_column(events_dir):
    write(
        events_dir,
        EVENTS_HEADER,
        event("2014-a", end_date="2014-09-01"),
        event("2014-b", second_source_url="https://www.bbc.com/news/1"),
        event("2014-c", end_date="2014-09-05"),  # ends on the day it starts: allowed
    )
    assert problems_of(events_dir) == [
        at(events_dir, 1, 2, "end_date", "2014-09-01 is before date 2014-09-05"),
        at(events_dir, 2, 3, "second_source_publisher", "is required when second_source_url is given"),
    ]


def test_a_quote_of_exactly_the_word_limit_passes_and_one_word_more_does_not():
    rule = [{"rule": "max_words", "field": "quote", "max": 3}]
    assert loading._check_row_rules({"quote": "one two three"}, rule) == []
    assert loading._check_row_rules({"quote": "one two three four"}, rule) == [
        ("quote", "has 4 words; at most 3 are allowed")
    ]
    assert loading._check_row_rules({"quote": None}, rule) == []
    with pytest.raises(ValueError, match=r"^unknown row rule 'shorter_than' in datapackage.json$"):
        loading._check_row_rules({}, [{"rule": "shorter_than", "field": "x"}])


def test_every_repeated_value_of_a_unique_column_names_the_row_it_repeats(events_dir):
    write(
        events_dir,
        EVENTS_HEADER,
        event("2014-a"),
        event("", date="2014-09-06"),  # an empty id: its own problem, and no row to repeat
        event("2014-a", date="2014-09-07"),
        event("2014-a", date="2014-09-08"),
    )
    found = problems_of(events_dir)
    assert [p for p in found if p.message.startswith("'2014-a'")] == [
        at(events_dir, 3, 4, "event_id", "'2014-a' repeats row 1; it must be unique"),
        at(events_dir, 4, 5, "event_id", "'2014-a' repeats row 1; it must be unique"),
    ]


def test_a_repeated_composite_key_names_its_first_column_row_and_line(tmp_path):
    for path in data.DATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    path = tmp_path / "assessments.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    blank = {**rows[0], "mechanism_id": ""}
    rows[1:1] = [blank]  # a row with part of its key empty is skipped by the key check
    rows.append(dict(rows[0]))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, rows[0].keys(), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    found = problems_of(tmp_path, "assessments")
    repeated = [p for p in found if "repeats row" in p.message]
    first = rows[0]
    assert repeated == [
        at(
            tmp_path,
            len(rows),
            len(rows) + 1,
            "text_code",
            f"text_code={first['text_code']!r}, mechanism_id={first['mechanism_id']!r} repeats row 1; the key must be "
            "unique",
            name="assessments.csv",
        )
    ]


def test_a_package_without_a_source_policy_refuses_no_host(events_dir):
    package = json.loads((events_dir / "datapackage.json").read_text(encoding="utf-8"))
    refused = package.pop("sourcePolicy")["refusedDomains"][0]
    (events_dir / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    write(events_dir, EVENTS_HEADER, event(source_url=f"https://www.{refused}/page"))
    assert data.read_table("events", events_dir)[0]["source_url"] == f"https://www.{refused}/page"


def test_the_books_own_files_are_named_data_slash_and_a_copys_by_their_path(events_dir):
    res = data.resource("events")
    assert loading._shown_path(data.DATA_DIR, res) == "data/events.csv"
    assert loading._shown_path(events_dir, res) == str(events_dir / "events.csv")


# --- all tables at once --------------------------------------------------------------------------


def test_load_tables_reports_table_problems_and_editorial_problems_together(tmp_path):
    for path in data.DATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    text = (tmp_path / "figures.csv").read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    cells = next(csv.reader([text[1]]))
    cells[header.index("value")] = "many"
    text[1] = ",".join(f'"{c}"' if "," in c or '"' in c else c for c in cells)
    (tmp_path / "figures.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    with (tmp_path / "rules.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    (c7,) = [r for r in rows if r["rule_id"] == "C7"]
    c7.update(references="", source_url="", source_publisher="", source_date="")
    with (tmp_path / "rules.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, rows[0].keys(), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(DataValidationError) as caught:
        data.load_tables(tmp_path)
    found = caught.value.problems
    assert {(p.file, p.column) for p in found} == {
        (str(tmp_path / "figures.csv"), "value"),
        (str(tmp_path / "rules.csv"), "references"),
    }


# --- where the data is ---------------------------------------------------------------------------


def test_the_data_is_found_from_the_variable_beside_the_package_or_above_the_working_folder(tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "data").mkdir(parents=True)
    (elsewhere / "data" / "datapackage.json").write_text("{}")
    monkeypatch.setenv("PEACEBOOK_DATA", str(elsewhere / "data" / ".." / "data"))
    assert loading._find_data_dir() == (elsewhere / "data").resolve()
    monkeypatch.setenv("PEACEBOOK_DATA", "")
    assert loading._find_data_dir() == data.DATA_DIR  # a checkout: the data beside the package
    # The package copied into site-packages: the data of the checkout the kernel runs in, or above it.
    monkeypatch.setattr(loading, "__file__", str(tmp_path / "site-packages" / "peacebook" / "data" / "loading.py"))
    monkeypatch.chdir(elsewhere)
    assert loading._find_data_dir() == (elsewhere / "data").resolve()
    (elsewhere / "chapters").mkdir()
    monkeypatch.chdir(elsewhere / "chapters")
    assert loading._find_data_dir() == (elsewhere / "data").resolve()
    monkeypatch.chdir(tmp_path)
    assert loading._find_data_dir() == (tmp_path / "site-packages" / "data").resolve()  # found nowhere: beside


# --- how problems read ---------------------------------------------------------------------------


def test_a_problem_reads_file_row_line_and_column():
    assert str(Problem("data/events.csv", 2, 3, "date", "is wrong")) == (
        "data/events.csv, row 2 (line 3), column 'date': is wrong"
    )
    assert str(Problem("data/events.csv", 2, None, None, "is wrong")) == "data/events.csv, row 2: is wrong"
    assert str(Problem("data/events.csv", None, 1, "x", "is wrong")) == "data/events.csv, column 'x': is wrong"
    assert str(Problem("data/events.csv", None, None, None, "file not found")) == "data/events.csv: file not found"


def test_the_error_lists_fifty_problems_and_counts_the_rest():
    def many(n):
        return [Problem("f.csv", i, None, None, f"problem {i}") for i in range(1, n + 1)]

    fifty = str(DataValidationError(many(50)))
    assert fifty.startswith("50 problem(s) in the data:\n  - f.csv, row 1: problem 1\n  - f.csv, row 2: problem 2")
    assert fifty.endswith("  - f.csv, row 50: problem 50") and "more" not in fifty
    more = str(DataValidationError(many(52)))
    assert more.endswith("  - f.csv, row 50: problem 50\n  … and 2 more") and "problem 51" not in more
    assert DataValidationError(many(52)).problems == many(52)
    assert str(DataValidationError(many(51))).endswith("  … and 1 more")  # one past fifty is counted too


def test_a_tables_rows_hold_its_schemas_columns_and_nothing_of_the_loaders():
    for name in ("parties", "events"):
        columns = [field["name"] for field in data.resource(name)["schema"]["fields"]]
        assert all(list(row) == columns for row in data.read_table(name)), name


# --- the "as of" gap -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "checked, latest, words",
    [
        ("2026-11-25", "2026-06-03", "about 5 months"),
        ("2026-11-02", "2026-06-03", "about 4 months"),  # the 3rd of November is not yet five months on
        ("2026-11-03", "2026-06-03", "about 5 months"),
        ("2027-01-10", "2026-11-05", "about 2 months"),
        ("2026-07-03", "2026-06-03", "about 1 month"),
        ("2026-07-02", "2026-06-03", "29 days"),
        ("2026-06-04", "2026-06-03", "1 day"),
        ("2026-06-03", "2026-06-03", "0 days"),
    ],
)
def test_the_as_of_gap_in_words(checked, latest, words):
    assert data.as_of_gap(dt.date.fromisoformat(checked), dt.date.fromisoformat(latest)) == words


def test_coverage_without_tables_reads_the_events_of_the_folder_it_is_given(tmp_path):
    for path in data.DATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    with (tmp_path / "events.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    latest = max(rows, key=lambda r: r["date"])
    rows = [r for r in rows if r["date"] != latest["date"]]  # every event of the latest day
    with (tmp_path / "events.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, latest.keys(), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    checked, covered = data.coverage(data_dir=tmp_path)
    assert checked == data.as_of(tmp_path) and covered.isoformat() == max(r["date"] for r in rows)


# --- the 'as of' wording and the bibliography's addresses in full (issue #35) ---------------------


def test_the_as_of_phrase_in_full():
    assert data.as_of_phrase(dt.date(2026, 11, 5), dt.date(2026, 6, 3)) == (
        "data checked 5 November 2026; latest event covered 3 June 2026 (about 5 months earlier: nothing after that "
        "date is in the book)"
    )
    assert data.as_of_phrase(dt.date(2026, 6, 4), dt.date(2026, 6, 3)) == (
        "data checked 4 June 2026; latest event covered 3 June 2026 (1 day earlier: nothing after that date is in the "
        "book)"
    )


def test_every_address_the_references_page_links_is_read_and_each_bad_one_named(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@misc{a,\n  URL = { javascript:alert(1) },\n  note = {see \\url {https://ok.example/x} and "
        "\\href{ data:text/html,hi }{here}}\n}\n@misc{b,\n  title = {No address}\n}\n",
        encoding="utf-8",
    )
    assert data.bibliography_urls(bib) == [
        ("a", "URL", "javascript:alert(1)"),
        ("a", "note", "https://ok.example/x"),
        ("a", "note", "data:text/html,hi"),
    ]
    assert data.bibliography_problems(bib) == [
        "refs.bib, entry 'a', field 'URL': 'javascript:alert(1)' is not an http(s) address",
        "refs.bib, entry 'a', field 'note': 'data:text/html,hi' is not an http(s) address",
    ]


def test_a_reference_to_a_small_vocabulary_names_all_it_holds_up_to_twelve(events_dir):
    path = events_dir / "event_categories.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    held = sorted(row.split(",")[0] for row in rows)
    write(events_dir, EVENTS_HEADER, event(category="battle"))

    def message():
        (problem,) = problems_of(events_dir)
        assert (problem.row, problem.line, problem.column) == (1, 2, "category")
        return problem.message

    def with_extra(count):
        names = [f"extra_{letter}" for letter in "abcde"[:count]]
        extra = [f"{name},{20 + n},Extra {name},,#000000,circle" for n, name in enumerate(names)]
        write(events_dir, header, *rows, *extra, name="event_categories.csv")
        return sorted(held + names)

    unknown = "refers to category='battle', which is not in the event_categories table"
    assert message() == f"{unknown} (it holds: {', '.join(held)})"
    twelve = with_extra(12 - len(rows))
    assert message() == f"{unknown} (it holds: {', '.join(twelve)})"
    with_extra(13 - len(rows))
    assert message() == unknown


def test_a_missing_or_broken_package_and_an_unknown_table_are_named_in_full(tmp_path):
    with pytest.raises(DataValidationError) as caught:
        data.load_package(tmp_path)
    assert caught.value.problems == [
        Problem(str(tmp_path.resolve() / "datapackage.json"), None, None, None, "data package file not found")
    ]
    (tmp_path / "datapackage.json").write_text('{"resources": [\n  {"name": "a"},\n  {"name": "b"}\n', "utf-8")
    with pytest.raises(DataValidationError) as caught:
        data.load_package(tmp_path)
    assert caught.value.problems == [
        Problem(
            str(tmp_path.resolve() / "datapackage.json"),
            None,
            4,
            None,
            "not valid JSON: Expecting ',' delimiter (line 4)",
        )
    ]
    (tmp_path / "datapackage.json").write_text('{"resources": [{"name": "a"}, {"name": "b"}]}', "utf-8")
    with pytest.raises(KeyError) as caught:
        data.resource("c", tmp_path)
    assert caught.value.args == ("no table named 'c' in datapackage.json; the tables are: a, b",)


def test_text_that_is_not_utf8_is_named_with_the_reason(events_dir):
    (events_dir / "events.csv").write_bytes((EVENTS_HEADER + "\n" + event(title="Minsk Ukra\xefne")).encode("latin-1"))
    assert problems_of(events_dir) == [at(events_dir, None, None, None, "not UTF-8 text: invalid continuation byte")]
