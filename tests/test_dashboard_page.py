"""The published dashboard page shows the example class's numbers (issue #35): the files read and the
problems listed, the grade sheet's rows, and how many students took each choice. Each expected number is
worked out here from the example files and data/ themselves (json and csv, not the book's code), so a
dashboard that miscounts fails. The role-play part of the page is tested with the role-play."""

import csv
import json
from collections import Counter

import pytest
from bs4 import BeautifulSoup  # ships with the book's theme (pydata-sphinx-theme)

from conftest import ROOT
from peacebook import data

EXAMPLES = ROOT / "chapters" / "example-class"


@pytest.fixture(scope="module")
def page(built_html):
    return BeautifulSoup((built_html / "chapters" / "dashboard.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def files():
    """The example class's settlement files as JSON, and the broken ones with why json refuses them."""
    good, broken = {}, {}
    for path in sorted(EXAMPLES.glob("*.json")):
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            broken[path.name] = f"not valid JSON (line {err.lineno}, column {err.colno}"
            continue
        if payload.get("format") == "peacebook-settlement":
            good[path.name] = payload
        else:
            broken[path.name] = "not a settlement exported by the workshop"
    return good, broken


def csv_rows(name):
    with (data.DATA_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def rows_of(table) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]


def table_headed(page, *headings):
    """The one table on the page whose header row starts with these headings."""
    found = [t for t in page.find_all("table") if rows_of(t) and rows_of(t)[0][: len(headings)] == list(headings)]
    assert len(found) == 1, f"{len(found)} tables headed {headings}"
    return rows_of(found[0])


def decided(choice) -> bool:
    return bool(choice.get("option_id") or (choice.get("custom_text") or "").strip())


def test_the_page_says_how_many_files_were_read_and_lists_each_problem(page, files):
    good, broken = files
    assert (len(good), len(broken)) == (4, 2)  # the example folder: four settlements, two broken files
    text = page.get_text(" ")
    assert f"{len(good)} settlement(s) read; {len(broken)} problem(s) listed below." in text
    problems = table_headed(page, "file", "problem")[1:]
    assert sorted(row[0] for row in problems) == sorted(broken)
    for name, shown in problems:  # each reason as the dashboard words it, shortened by pandas
        assert shown.rstrip(".…").removeprefix("The file is ").removeprefix("This JSON file is ")[:30] in broken[name]


def test_the_grade_sheet_has_a_row_per_settlement_with_its_numbers(page, files):
    good, _ = files
    # Each party's red lines: its latest recorded stance on an option (by date) is 'rejected'.
    latest = {}
    for row in sorted(csv_rows("positions"), key=lambda r: r["date"]):
        if row["option_id"]:
            latest[(row["party"], row["option_id"])] = row["stance"]
    rejected = {key for key, stance in latest.items() if stance == "rejected"}
    sheet = table_headed(page, "", "student", "file", "edited after export")
    header, rows = sheet[0], sheet[1:]
    assert len(rows) == len(good)
    shown = {row[header.index("file")]: dict(zip(header, row)) for row in rows}
    assert set(shown) == set(good)
    for name, payload in good.items():
        row, choices = shown[name], payload["choices"].values()
        chosen = {c["option_id"] for c in choices if c.get("option_id")}
        assert row["student"] == payload["student"] and row["title"] == payload["title"], name
        assert row["edited after export"].startswith("yes") is payload["edited_after_export"], name
        assert row["edited after export"] in ("", "yes: the checksum does not match"), name
        assert row["issues decided"] == str(sum(decided(c) for c in choices)), name
        assert row["custom options"] == str(sum(1 for c in choices if decided(c) and not c.get("option_id"))), name
        assert row["justifications"] == str(sum(1 for c in choices if (c.get("justification") or "").strip())), name
        for party in ("Ukraine", "Russia"):
            expected = sum(1 for p, option in rejected if p == party and option in chosen)
            assert row[f"red lines: {party}"] == str(expected), (name, party)


def test_the_class_choices_are_counted_student_by_student(page, files):
    good, _ = files
    issues = {r["issue_id"]: r["title"] for r in csv_rows("issues")}
    labels = {r["option_id"]: r["label"] for r in csv_rows("options")}
    expected = Counter()
    for payload in good.values():
        for issue_id in issues:
            choice = payload["choices"].get(issue_id, {})
            if choice.get("option_id"):
                expected[(f"{issue_id} {issues[issue_id]}", labels[choice["option_id"]])] += 1
            elif decided(choice):
                expected[(f"{issue_id} {issues[issue_id]}", "custom option")] += 1
            else:
                expected[(f"{issue_id} {issues[issue_id]}", "silent")] += 1
    shown = Counter()
    for issue, choice, count, *_who in table_headed(page, "Issue", "Choice", "Students (count)")[1:]:
        shown[(issue, choice)] += int(count)
    assert shown == expected
    assert sum(shown.values()) == len(good) * len(issues)
