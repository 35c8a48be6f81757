"""The real events table, the queries on it, and the HTML table built from it."""

import datetime as dt
from html import escape

import pandas as pd
import pytest

from peacebook import data
from peacebook.views import tables
from peacebook.model import timeline


@pytest.fixture(scope="module")
def events():
    return data.load_table("events")


def test_the_events_table_validates_and_every_row_names_its_source(events):
    assert len(events) >= 40
    assert events["source_url"].str.match(r"https?://").all()
    assert events["source_publisher"].str.len().gt(1).all()


def test_no_event_is_dated_after_the_data_was_checked(events):
    assert events["date"].max().date() <= data.as_of()
    assert data.as_of() <= dt.date.today()


def test_the_timeline_spans_the_three_moments(events):
    years = set(events["date"].dt.year)
    assert {2014, 2015, 2022, 2025} <= years


def test_filter_by_category_years_and_text(events):
    ceasefires = timeline.filter_events(events, category="ceasefire")
    assert len(ceasefires) > 0 and set(ceasefires["category"]) == {"ceasefire"}
    in_2022 = timeline.filter_events(events, years=(2022, 2022))
    assert len(in_2022) > 0 and set(in_2022["date"].dt.year) == {2022}
    osce = timeline.filter_events(events, text="osce")
    assert len(osce) > 0
    assert all("osce" in " ".join(map(str, row)).lower() for row in osce.itertuples())
    assert len(timeline.filter_events(events)) == len(events)


def test_text_filter_treats_input_literally(events):
    # Characters that mean something in a regular expression must not break or widen the search.
    for text in ["(((", "[Minsk", ".*", "\\d+", "<script>"]:
        assert len(timeline.filter_events(events, text=text)) == 0


def test_year_span_and_coverage_note(events):
    first, last = timeline.year_span(events)
    assert first == events["date"].dt.year.min() and last == events["date"].dt.year.max()
    note = tables.coverage_note_html(events, dt.date(2026, 11, 25))
    latest = events.sort_values("date").iloc[-1]
    assert note.startswith("<p><strong>As of 25 November 2026</strong>")
    assert f"<strong>{len(events)} events</strong>" in note and escape(latest["title"]) in note


def test_the_coverage_note_escapes_an_event_title(events):
    """A data change cannot put markup on the page: the latest event's title reaches it only as text."""
    hostile = events.copy()
    latest = hostile["date"].idxmax()
    hostile.loc[latest, "title"] = '<img src=x onerror="alert(1)"> [link](javascript:alert(1))'
    note = tables.coverage_note_html(hostile, dt.date(2026, 11, 25))
    assert "<img" not in note and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in note


def test_events_table_html_lists_every_event_with_its_sources(events):
    page = tables.events_table_html(events, caption="All events")
    assert page.count("<tr>") == len(events) + 1  # header row
    for row in events.itertuples():
        assert f'href="{row.source_url.replace("&", "&amp;")}"' in page
    assert "<caption>All events</caption>" in page


def test_events_table_html_escapes_text():
    hostile = pd.DataFrame(
        [
            {
                "event_id": "2020-x",
                "date": pd.Timestamp("2020-01-01"),
                "end_date": pd.NaT,
                "title": "<script>alert(1)</script>",
                "description": "a & b",
                "category": "talks",
                "actors": "A;B",
                "source_url": 'https://example.org/?q="><script>',
                "source_publisher": "<b>P</b>",
                "second_source_url": None,
                "second_source_publisher": None,
            }
        ]
    )
    page = tables.events_table_html(hostile)
    assert "<script>" not in page and "<b>P</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "a &amp; b" in page


def test_date_ranges_are_spelled_out():
    assert (
        tables.format_date_range(pd.Timestamp("2024-06-15"), pd.Timestamp("2024-06-16")) == "15 Jun 2024 – 16 Jun 2024"
    )
    assert tables.format_date_range(pd.Timestamp("2014-09-05"), pd.NaT) == "5 Sep 2014"


def run_cells(notebook: str, cell_ids: list[str], namespace: dict, before_last=None):
    """Run a chapter's cells by id, as its kernel would; return the value of the last cell's last expression.
    `before_last(namespace)` may change the data between the cells."""
    import ast

    import nbformat

    from conftest import ROOT

    sources = {c.id: c.source for c in nbformat.read(ROOT / "chapters" / notebook, as_version=4).cells}
    for number, cell_id in enumerate(cell_ids):
        tree = ast.parse(sources[cell_id])
        last = tree.body.pop() if number == len(cell_ids) - 1 and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, cell_id, "exec"), namespace)
        if number == len(cell_ids) - 2 and before_last:
            before_last(namespace)
    return eval(compile(ast.Expression(last.value), cell_ids[-1], "eval"), namespace)


def test_the_donbas_chapters_note_on_the_monitors_escapes_the_datas_text():
    hostile = '<img src=x onerror="alert(1)"> *emphasis* [link](javascript:alert(1))'

    def tamper(namespace):
        events = namespace["events"]
        events.loc[events["event_id"].str.startswith("2022-osce-monitoring"), "description"] = hostile
        events.loc[events["event_id"].str.startswith("2014-osce-decides"), "source_publisher"] = hostile

    shown = run_cells("donbas.ipynb", ["633b2ce0", "28ee8301"], {}, before_last=tamper)
    html = shown.data
    assert "<img" not in html  # HTML, not Markdown: the link syntax stays inert text
    assert html.count(escape(hostile)) == 2


def test_the_timeline_chapters_note_escapes_the_latest_events_title(monkeypatch):
    hostile = '<img src=x onerror="alert(1)">'
    real = data.load_table("events")
    latest = real["date"].idxmax()
    monkeypatch.setattr(
        data, "load_table", lambda name, *a: real.assign(title=real["title"].where(real.index != latest, hostile))
    )
    html = run_cells("timeline.ipynb", ["b3ae1511"], {}).data
    assert "<img" not in html and escape(hostile) in html
