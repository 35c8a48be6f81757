"""The role-play as the instructor sees and projects it: the charts (the projected zone carries nothing of any
party's range), the debrief's tables with headers in words, the projection switch, the grading (marks resting on
cited rows, the grade sheet and its rubrics), and the worked example's prose checked against what the example
folder shows."""

import re
from html import escape
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT
from peacebook import charts, data
from peacebook.classroom import class_files, negotiation, roleplay_grades
from peacebook.views import debrief, tables
from peacebook.charts import roleplay as roleplay_charts
from peacebook.files.sample_class import HOSTILE_TEXTS
from peacebook.model.settlement import Catalogue, Choice, Draft
from peacebook.data.vocabulary import MEDIATOR

EXAMPLES = ROOT / "chapters" / "example-roleplay"


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue.load()


@pytest.fixture(scope="module")
def results(catalogue):
    class_folder = class_files.load_class(EXAMPLES, catalogue)
    return {t: negotiation.analyse(class_folder, catalogue, table=t) for t in negotiation.table_ids(class_folder)}


@pytest.fixture(scope="module")
def positions():
    return data.load_table("positions")


def chart_rows(chart):
    return [row for rows in chart.to_dict()["datasets"].values() for row in rows]


# --- charts ---------------------------------------------------------------------------------------------


def test_the_projected_zone_carries_the_zone_and_nothing_of_any_range(results, catalogue):
    """Finding 7: in projection mode no party's range, opening, name or count reaches the chart: not its marks,
    not its tooltips, not its data."""
    result = results["A"]
    chart = charts.zone_chart(result.zone, catalogue.issues, table="A", projection=True)
    rows = chart_rows(chart)
    assert {key for row in rows for key in row} == {
        "issue_label",
        "position",
        "text",
        "on_issue",
        "dark",
        "option",
        "zone",
        "outlined",
    }
    spec = str(chart.to_dict())
    for secret in ("accepted_by", "opened_by", "stated_by", "not_stated", "accepting", "stating"):
        assert secret not in spec
    first_column = {row["on_issue"] for row in rows if row["position"] == roleplay_charts.ZONE_COLUMN}
    assert all(
        row["text"].endswith(row["on_issue"]) and row["text"].startswith(row["issue_label"][:3])
        for row in rows
        if row["position"] == roleplay_charts.ZONE_COLUMN
    )
    assert all(
        re.fullmatch(r"(✓ zone: \d options?|no zone)\n\(\d of 4 stated a range\)|one party only|no party stated", t)
        for t in first_column
    ), first_column
    assert not any(re.search(r"\d+/\d+", row["text"]) for row in rows)
    # the zone it shows is the model's
    assert sum(bool(row.get("outlined")) for row in rows) == int(result.zone.in_zone.sum())
    assert {row["option"] for row in rows if row.get("outlined")} == set(result.zone.loc[result.zone.in_zone, "label"])
    instructor = charts.zone_chart(result.zone, catalogue.issues, table="A")
    assert "accepted_by" in str(instructor.to_dict()) and "not for projection" in charts.title_of(instructor.to_dict())
    first = {r["issue_label"][:3]: r["on_issue"] for r in chart_rows(instructor) if r["position"] == 0}
    assert first["A10"] == "only Europe stated" and first["A16"] == "only Russia stated"
    assert first["A15"] == "✓ zone: 1 option\n(2 of 4 stated a range)" and first["A08"] == "no party stated"
    assert first["A02"] == "no zone\n(2 of 4 stated a range)" and first["A01"] == "no zone\n(4 of 4 stated a range)"
    projected = {r["issue_label"][:3]: r["on_issue"] for r in rows if r["position"] == 0}
    assert projected["A10"] == projected["A16"] == "one party only"


def test_options_sit_along_each_issues_spectrum_with_whole_labels(results, catalogue):
    """Finding 8: options in the order of the issue's spectrum, each with its whole label."""
    rows = [
        r for r in chart_rows(charts.zone_chart(results["B"].zone, catalogue.issues, projection=True)) if r["position"]
    ]
    by_issue = {}
    for row in rows:
        by_issue.setdefault(row["issue_label"][:3], []).append(row)
    options = catalogue.options
    for issue_id, cells in by_issue.items():
        expected = options[options.issue_id == issue_id].sort_values("order")
        assert [c["position"] for c in cells] == list(expected.order)
        assert [c["option"] for c in cells] == list(expected.label)
        for cell in cells:  # every label whole, never cut
            assert cell["text"].removeprefix("✓ ").replace("-\n", "-").replace("\n", " ") == cell["option"]
    for label in catalogue.options.label:
        assert roleplay_charts.wrapped(label).replace("-\n", "-").replace("\n", " ") == label
    assert roleplay_charts.wrapped("Ukraine leaves the rest of Donetsk") == "Ukraine\nleaves the\nrest of\nDonetsk"
    long = roleplay_charts.wrapped("word " * 30)
    assert long.count("\n") == roleplay_charts.LINES - 1 and long.endswith("…")


def test_the_package_chart_outlines_what_the_package_takes(results, catalogue):
    result = results["A"]
    rows = chart_rows(charts.package_chart(result.package, result.zone, catalogue.issues, table="A"))
    outlined = {(r["issue_label"][:3], r["option"]) for r in rows if r.get("outlined")}
    taken = result.package[result.package.option_id != ""]
    assert outlined == set(zip(taken.issue_id, taken.label))
    a02 = [r for r in rows if r["issue_label"].startswith("A02") and r["position"] == roleplay_charts.ZONE_COLUMN]
    assert a02[0]["on_issue"] == "deadlock:\nRussia or Ukraine\ngives ground"
    assert a02[0]["text"] == "A02 Line of control\ndeadlock:\nRussia or Ukraine\ngives ground"
    a05 = [r for r in rows if r["issue_label"].startswith("A05") and r["position"] == roleplay_charts.ZONE_COLUMN]
    assert a05[0]["on_issue"] == "tie:\nRussia; United States or United States; Europe\ngives ground"
    a02_taken = [r for r in rows if r["issue_label"].startswith("A02") and r.get("outlined")]
    assert [r["deal_breakers_broken"] for r in a02_taken] == ["Russia", "Russia", "Ukraine", "Ukraine"]
    assert all(r["text"].startswith("✗ ") for r in a02_taken)
    assert not any(r["text"].startswith("✗") for r in rows if r["position"] and not r.get("deal_breakers_broken"))
    a15 = {r["option"]: r["text"] for r in rows if r["issue_label"].startswith("A15") and r["position"]}
    assert a15["Phased exchanges by category"] == "Phased\nexchanges by\ncategory\n2/2"
    a08 = {r["option"]: r["text"] for r in rows if r["issue_label"].startswith("A08") and r["position"]}
    assert a08["Non-nuclear under the NPT"] == "Non-nuclear\nunder the NPT\n–"
    open_issue = [
        r for r in rows if r["issue_label"].startswith("A08") and r["position"] == roleplay_charts.ZONE_COLUMN
    ]
    assert open_issue[0]["on_issue"] == "open:\nno party stated a range"


def test_the_concessions_priorities_and_outcome_charts_draw_the_models_numbers(results, catalogue):
    result = results["B"]
    rows = chart_rows(charts.concessions_chart(result.concessions, table="B"))
    assert [r["points_given_up"] for r in rows] == list(result.concessions.points_given_up)
    assert all(r["text"].split(" ")[0] == str(n) for r, n in zip(rows, result.concessions.gives_ground_on))
    rows = chart_rows(charts.priorities_chart(result.priorities, catalogue.issues, table="B"))
    assert len(rows) == len(result.priorities) and sum(r["text"].endswith("★") for r in rows) == int(
        result.priorities.deal_breaker.sum()
    )
    outcome_rows = negotiation.outcomes(results)
    rows = chart_rows(charts.outcome_chart(outcome_rows, catalogue.issues))
    assert len(rows) == len(outcome_rows) == 2 * len(catalogue.issue_ids)
    assert {r["outcome"] for r in rows} <= set(negotiation.OUTCOMES)
    for chart in (
        charts.concessions_chart(result.concessions),
        charts.priorities_chart(result.priorities, catalogue.issues),
        charts.outcome_chart(outcome_rows, catalogue.issues),
        charts.package_chart(result.package, result.zone, catalogue.issues),
    ):
        spec = chart.to_dict()
        assert spec["description"] and spec["title"]["text"]


# --- the debrief's views ---------------------------------------------------------------------------------


def test_the_debrief_tables_have_headers_in_words(results):
    """Finding 8: no raw field names (issue_id, gives_ground) in what the instructor reads."""
    result = results["A"]
    frames = [
        debrief.package_table(result.package),
        debrief.concessions_table(result.concessions),
        debrief.checks_table(result.checks),
        debrief.text_table(negotiation.text_against_zone(result.zone, result.final_text.draft)),
        debrief.fallbacks_table(result),
    ]
    for frame in frames:
        for column in frame.columns:
            assert "_" not in column and column[0].isupper(), column
    package = debrief.package_table(result.package).set_index("Issue")
    assert len(package) == len(result.package.issue_id.unique())
    a02 = package.loc["A02 Line of control"]
    assert a02["Where it lies"] == negotiation.DEADLOCK and "Russia" in a02["Deal-breakers broken"]
    assert "Ukraine" in a02["Deal-breakers broken"] and " | " in a02["Gives ground"]
    assert package.loc["A08 Nuclear status", "The package takes"] == "nothing: the issue is left open"


def test_projecting_hides_every_confidential_view(results, catalogue, monkeypatch):
    shown = []
    monkeypatch.setattr(debrief, "display", lambda *items: shown.extend(items))
    result = results["A"]
    debrief.show_instructor(result, catalogue.issues, project=True)
    debrief.show_sensitivity(result, project=True)
    debrief.show_texts(result, project=True)
    debrief.show_reveal(result, catalogue.issues, project=True)
    assert len(shown) == 4 and all(escape(debrief.HIDDEN) in item.data for item in shown)
    # in a live notebook every view is drawn where it is
    monkeypatch.setattr(debrief.rendering, "in_live_kernel", lambda: True)
    shown.clear()
    debrief.show_projection(result, catalogue.issues)
    assert len(shown) == 1 and isinstance(shown[0], charts.ChartWithData)
    shown.clear()
    debrief.show_instructor(result, catalogue.issues)
    assert [type(item).__name__ for item in shown] == ["ChartWithData"] * 2 + ["HTML"]
    assert "Table A: the package in a table" in shown[-1].data
    shown.clear()
    debrief.show_reveal(result, catalogue.issues)
    assert isinstance(shown[0], charts.ChartWithData)
    assert "Example negotiator" in shown[-1].data and "Fallback" in shown[-1].data
    shown.clear()
    debrief.show_outcomes({"A": result}, catalogue.issues)
    debrief.show_outcomes({}, catalogue.issues)
    assert isinstance(shown[0], charts.ChartWithData) and "no outcome" in shown[1].data
    shown.clear()
    debrief.show_class(result, catalogue.issues, project=True)
    debrief.show_class(result, catalogue.issues)
    assert "accepted_by" not in str(shown[0].chart.to_dict()) and "accepted_by" in str(shown[1].chart.to_dict())


def test_on_the_books_page_the_charts_wait_one_click_away(results, catalogue, monkeypatch):
    """The book's dashboard page is an example to read: its role-play charts are collapsed, each with its data,
    except the first zone for the room, so the page stays short."""
    shown = []
    monkeypatch.setattr(debrief, "display", lambda *items: shown.extend(items))
    monkeypatch.setattr(debrief.rendering, "in_live_kernel", lambda: False)
    result = results["B"]
    debrief.show_projection(result, catalogue.issues)
    debrief.show_instructor(result, catalogue.issues)
    debrief.show_reveal(result, catalogue.issues)
    debrief.show_class(result, catalogue.issues)
    assert all(type(item).__name__ == "HTML" for item in shown)
    folded = [item.data for item in shown if "vega" in item.data]
    assert len(folded) == 5
    for html in folded:
        assert html.startswith("<details class='pb-more'><summary>")
        chart, data_table = html.split("</details><details class='pb-chart-data'>")
        assert "vega" in chart and data_table.startswith("<summary>Show the data")
    assert folded[0].startswith(
        "<details class='pb-more'><summary>Table B: the zone of possible agreement, for the room"
    )
    shown.clear()
    debrief.show_projection(result, catalogue.issues, open_in_book=True)
    debrief.show_outcomes(results, catalogue.issues, open_in_book=True)
    debrief.show_outcomes(results, catalogue.issues)
    assert [type(item).__name__ for item in shown] == ["ChartWithData", "ChartWithData", "HTML"]


def test_a_table_with_no_text_says_so(catalogue, monkeypatch):
    shown = []
    monkeypatch.setattr(debrief, "display", lambda *items: shown.extend(items))
    folder = class_files.ClassFolder(submissions=[])
    debrief.show_texts(negotiation.analyse(folder, catalogue, table="9"), project=False)
    assert "Table 9: no single text" in shown[0].data


def test_hostile_text_in_a_fallback_or_a_name_stays_text(catalogue, monkeypatch):
    shown = []
    monkeypatch.setattr(debrief, "display", lambda *items: shown.extend(items))
    draft = Draft(student=HOSTILE_TEXTS[1], role="Ukraine", table="T", fallback=HOSTILE_TEXTS[0])
    draft.choices["A01"] = Choice(acceptable=("A01.a",), weight=5)
    folder = class_files.ClassFolder(submissions=[class_files.Submission(Path("h.json"), draft, [])])
    result = negotiation.analyse(folder, catalogue, table="T")
    debrief.show_reveal(result, catalogue.issues)
    html = shown[-1].data
    assert "<img" not in html and "</script><script>" not in html and "&lt;img" in html


def test_the_table_summary_says_what_the_dashboard_shows(results):
    text = debrief.table_summary(results["A"])
    assert text.startswith("Table A: a zone on 3 issues (A13 Frozen assets and reconstruction;")
    assert "deadlocked (every option breaks a deal-breaker): A02" in text
    assert re.search(r"crosses \d+ red lines on the record whatever the table chooses", text)


# --- grading ----------------------------------------------------------------------------------------------


def test_the_rubrics_are_read_from_the_pages_students_read():
    party = roleplay_grades.rubric_criteria(class_files.ASSIGNMENTS_PAGE, "## 5.")
    assert party == [
        "Grounding (30%) (0-4)",
        "Realism (25%) (0-4)",
        "Negotiation (25%) (0-4)",
        "Reflection (20%) (0-4)",
    ]
    page = roleplay_grades.GRADING_PAGE
    for heading in ("### The mediator", "### The rapporteur", "### The observer"):
        criteria = roleplay_grades.rubric_criteria(page, heading)
        assert len(criteria) == 4, heading
        assert sum(int(re.search(r"\((\d+)%\)", c).group(1)) for c in criteria) == 100, heading
    assert roleplay_grades.rubric_criteria(page, "### Nowhere") == []
    assert roleplay_grades.rubric_criteria(Path("/nonexistent.md"), "## 5.") == []


def test_which_marks_rest_on_a_cited_row(catalogue, positions):
    def sub(name, party, issue_id, acceptable, justification, opening=None):
        draft = Draft(student=name, role=party)
        draft.choices[issue_id] = Choice(option_id=opening, acceptable=acceptable, justification=justification)
        return class_files.Submission(Path(f"{name}.json"), draft, [])

    folder = class_files.ClassFolder(
        submissions=[
            sub("rests", "Ukraine", "A06", ("A06.d",), "Ukraine proposed it (UA-2025-06-02-A06)."),
            sub("rejects", "Russia", "A06", ("A06.d",), "Despite RU-2026-01-08-A06, a later statement may move it."),
            sub("issue", "Russia", "A06", ("A06.b",), "Russia's memorandum: RU-2025-06-02-A06."),
            sub("others", "Russia", "A06", ("A06.d",), "Ukraine wants it: UA-2025-06-02-A06."),
            sub("unknown", "Russia", "A06", ("A06.d",), "See RU-2031-01-01-A06."),
            sub("none", "Russia", "A06", ("A06.a",), "My own view.", opening="A06.b"),
        ]
    )
    marks = roleplay_grades.cited_marks(folder, catalogue, positions).set_index(["student", "option_id"])
    assert list(roleplay_grades.cited_marks(folder, catalogue, positions).columns) == roleplay_grades.MARK_COLUMNS
    assert marks.loc[("rests", "A06.d"), "grounding"] == roleplay_grades.RESTS
    assert marks.loc[("rejects", "A06.d"), "grounding"] == roleplay_grades.REJECTED
    assert marks.loc[("issue", "A06.b"), "grounding"] == roleplay_grades.ISSUE_ONLY
    assert marks.loc[("others", "A06.d"), "grounding"] == roleplay_grades.OTHERS
    assert marks.loc[("unknown", "A06.d"), "grounding"] == roleplay_grades.UNKNOWN
    assert marks.loc[("none", "A06.a"), "grounding"] == roleplay_grades.NONE
    assert marks.loc[("none", "A06.b"), "mark"] == "opening only"
    assert (
        marks.loc[("rests", "A06.d"), "cited"] == "UA-2025-06-02-A06"
        and marks.loc[("rests", "A06.d"), "mark"] == "acceptable"
    )
    sheet = roleplay_grades.grade_sheet(folder, catalogue, positions).set_index("student")
    assert (
        sheet.loc["rests", "marks resting on a cited row"] == 1
        and sheet.loc["rejects", "marks citing a row that rejects them"] == 1
    )
    assert sheet.loc["none", "marks with no row cited"] == 2 and sheet.loc["none", "marks"] == 2


def test_the_role_play_grade_sheet_has_the_rubric_for_each_role(catalogue, positions):
    class_folder = class_files.load_class(EXAMPLES, catalogue)
    sheet = roleplay_grades.grade_sheet(class_folder, catalogue, positions)
    assert len(sheet) == len(class_folder.submissions) == 9
    assert set(sheet.loc[sheet.role == MEDIATOR, "rubric"]) == {"the mediator's rubric"}
    assert set(sheet.loc[sheet.role != MEDIATOR, "rubric"]) == {"assignment 5"}
    for column in ("Grounding (30%) (0-4)", "Single text (30%) (0-4)", "Comments"):
        assert column in sheet.columns and set(sheet[column]) == {""}
    parties = sheet[sheet.role != MEDIATOR]
    # the example briefs cite the row behind every mark
    assert (parties["marks resting on a cited row"] == parties["marks"]).all() and (parties["marks"] > 0).all()
    assert (parties["fallback (words)"] > 10).all()
    assert (sheet.loc[sheet.role == MEDIATOR, "issues the text decides"] > 0).all()
    html = tables.frame_html(sheet, caption="grade sheet")
    assert "<th scope='col'>marks resting on a cited row</th>" in html


# --- the worked example's prose --------------------------------------------------------------------------


def test_the_worked_examples_prose_matches_what_the_example_folder_shows(results, catalogue):
    """chapters/roleplay-dry-run.ipynb describes the dry run in words; if the data moves, this says which words to
    change."""
    for table, result in results.items():
        zone = result.zone
        issues = zone.drop_duplicates("issue_id").set_index("issue_id")
        assert sorted(issues.index[issues.issue_status == negotiation.ZONE]) == ["A13", "A15", "A17"], table
        assert (issues.issue_status == negotiation.ONE_PARTY).sum() == 6, table
        assert list(zone.loc[zone.in_zone & (zone.issue_id == "A15"), "option_id"]) == ["A15.c"]
        assert sorted(zone.loc[zone.in_zone & (zone.issue_id == "A17"), "option_id"]) == ["A17.b", "A17.c"]
        ukraine = next(s for s in result.briefs if s.draft.role == "Ukraine").draft
        russia = next(s for s in result.briefs if s.draft.role == "Russia").draft
        assert "A15.b" in ukraine.choice("A15").acceptable and "A15.b" not in russia.choice("A15").acceptable
        for cited in ("UA-2025-06-02-A15-2", "UA-2025-06-02-A15"):
            assert cited in ukraine.choice("A15").justification
        assert "RU-2025-06-07-A15" in russia.choice("A15").justification
        a02 = result.package[result.package.issue_id == "A02"]
        assert set(a02.status) == {negotiation.DEADLOCK}
        assert set(ukraine.choice("A02").acceptable) == {"A02.a", "A02.e"}
        assert set(russia.choice("A02").acceptable) == {"A02.b", "A02.c"}
        for row in ("UA-2025-10-22-A02", "UA-2022-11-15-A02"):
            assert row in ukraine.choice("A02").justification
        for row in ("RU-2026-01-26-A02", "RU-2025-12-19-A02"):
            assert row in russia.choice("A02").justification
        given = result.concessions.set_index("party")
        assert given.loc["Ukraine", "gives_ground_on"] >= 1 and given.loc["Russia", "gives_ground_on"] >= 1
        priority = result.priorities.set_index(["party", "issue_id"])["priority"]
        for party in ("Ukraine", "Russia"):  # "each gives ground on issues it weighted lower"
            issues_given = given.loc[party, "issues"].split("; ")
            assert all(priority[(party, i)] <= 3 for i in issues_given) and max(priority[party]) == 5
        assert {"UA-2025-04-22-A04", "RU-2026-01-08-A06", "C1"} <= set(result.checks.id)
    outcomes = negotiation.outcomes(results)
    counts = outcomes.groupby(["table", "outcome"]).size()
    decided = {
        t: int(
            (
                outcomes[(outcomes.table == t)].outcome.isin(
                    [negotiation.AGREED, negotiation.PARTLY, negotiation.NOT_AGREED]
                )
            ).sum()
        )
        for t in ("A", "B")
    }
    within = {
        t: int(counts.get((t, negotiation.AGREED), 0) + counts.get((t, negotiation.PARTLY), 0)) for t in ("A", "B")
    }
    assert within["A"] > decided["A"] / 2 and within["B"] < decided["B"] / 2
    assert counts.get(("B", negotiation.NOT_AGREED), 0) > counts.get(("A", negotiation.NOT_AGREED), 0)
    texts = {t: r.final_text.draft.started_from for t, r in results.items()}
    assert texts == {"A": "F20", "B": "US28"}
    assert pd.Series(texts).notna().all()


def test_a_hostile_title_on_a_final_text_reaches_the_outcome_chart_as_data_only(catalogue):
    from test_hostile_files import INJECTED_TAGS, parsed

    text = Draft(role=MEDIATOR, table="T", title=HOSTILE_TEXTS[0] + HOSTILE_TEXTS[1], choices={"A01": Choice("A01.a")})
    brief = Draft(student=HOSTILE_TEXTS[2], role="Ukraine", table="T", choices={"A01": Choice(acceptable=("A01.a",))})
    class_folder = class_files.ClassFolder(
        submissions=[
            class_files.Submission(Path("t.json"), text, []),
            class_files.Submission(Path("u.json"), brief, []),
        ]
    )
    results = {"T": negotiation.analyse(class_folder, catalogue, table="T")}
    chart = charts.outcome_chart(negotiation.outcomes(results), catalogue.issues)
    assert any("</script>" in str(row["text"]) for row in chart_rows(chart))  # the hostile title is in the data
    page = parsed(chart._repr_mimebundle_()["text/html"])
    assert page.tags.count("script") == 1 and not INJECTED_TAGS & set(page.tags)
