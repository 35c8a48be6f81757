"""A student's file never runs code in anyone's browser: hostile text in every free-text field of a class's
files reaches the dashboard's charts, tables and grade sheet, and the report, only as escaped text.

The charts' HTML is checked the way a browser parses it: one script element per chart, closed only by its
own end tag, and no tag from a student's text anywhere in the markup.
"""

import json
from html.parser import HTMLParser

import pytest

from peacebook import charts
from peacebook.classroom import class_files, negotiation
from peacebook.files import submission
from peacebook.views import tables
from peacebook.files.sample_class import HOSTILE_TEXTS, write_sample_class
from peacebook.model.settlement import Catalogue

INJECTED_TAGS = {"img", "svg", "b"}  # tags that appear only in the hostile texts, never in the book's own markup


class TagCounter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        if self.lasttag == "script":
            self.scripts.append(data)


def parsed(html: str) -> TagCounter:
    counter = TagCounter()
    counter.feed(html)
    counter.close()
    return counter


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue.load()


@pytest.fixture(scope="module")
def hostile_class(catalogue, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-class")
    kinds = write_sample_class(folder, catalogue, size=24, seed=7, hostile=True)
    loaded = class_files.load_class(folder, catalogue)
    assert loaded.submissions and kinds["good"] > 5
    return loaded


def dashboard_charts(class_folder, catalogue):
    """Every chart the dashboard draws, on the class's files: the class charts (each names the first few students
    it counts) and the role-play's zone chart for a table the students named."""
    table = next(t for t in negotiation.table_ids(class_folder) if "</script>" in t)  # a table name breaking out
    at_table = negotiation.at_table(class_folder, table)
    players = negotiation.players_per_party(at_table)
    zone = negotiation.zone(negotiation.ranges(at_table, catalogue), catalogue, players)
    return {
        "choices": charts.class_choices_chart(class_files.choices(class_folder, catalogue), catalogue.issues),
        "red lines": charts.class_red_lines_chart(class_files.grade_sheet(class_folder, catalogue)),
        "flags": charts.class_flags_chart(class_files.flags(class_folder, catalogue)),
        "ratings": charts.class_ratings_chart(class_files.ratings(class_folder, catalogue), catalogue.mechanisms),
        "resemblance": charts.class_resemblance_chart(
            class_files.resemblance(class_folder, catalogue), catalogue.texts
        ),
        "zone": charts.zone_chart(zone, catalogue.issues, table=table),
    }


CHARTS = ["choices", "red lines", "flags", "ratings", "resemblance", "zone"]


@pytest.mark.parametrize("name", CHARTS)
def test_the_hostile_text_really_reaches_every_chart(name, hostile_class, catalogue):
    """A guard on the test below: each chart's spec (data, title) holds a student's break-out, so each case
    would fail if the renderer stopped escaping."""
    spec = dashboard_charts(hostile_class, catalogue)[name].to_dict()
    assert "</script>" in json.dumps(spec, ensure_ascii=False), name


@pytest.mark.parametrize("name", CHARTS)
def test_every_dashboard_chart_embeds_student_text_as_data_only(name, hostile_class, catalogue):
    html = dashboard_charts(hostile_class, catalogue)[name]._repr_mimebundle_()["text/html"]
    page = parsed(html)
    assert page.tags.count("script") == 1 and len(page.scripts) == 1
    assert not INJECTED_TAGS & set(page.tags)
    assert "</script" not in page.scripts[0] and "<!--" not in page.scripts[0]


def test_tables_and_grade_sheet_show_student_text_escaped(hostile_class, catalogue):
    sheet = class_files.grade_sheet(hostile_class, catalogue)
    assert (sheet["edited after export"] != "").any()
    players = negotiation.players_per_party(hostile_class)
    deal = negotiation.package(negotiation.zone(negotiation.ranges(hostile_class, catalogue), catalogue, players))
    for html in (
        sheet._repr_html_(),
        hostile_class.problems_frame()._repr_html_(),
        tables.frame_html(sheet, caption="grade sheet"),
        tables.frame_html(deal, caption="package"),
    ):
        page = parsed(html)
        assert "script" not in page.tags and not INJECTED_TAGS & set(page.tags)


def test_every_report_shows_student_text_escaped(hostile_class, catalogue):
    for sub in hostile_class.submissions:
        page = parsed(submission.report_html(sub.draft, catalogue, catalogue.feedback(sub.draft)))
        assert "script" not in page.tags and not INJECTED_TAGS & set(page.tags)


def test_the_renderer_would_catch_a_break_out_that_altairs_stock_output_lets_through(catalogue):
    """Why the book has its own renderer: altair's stock HTML output is broken open by a student's name."""
    import altair as alt
    import pandas as pd

    chart = alt.Chart(pd.DataFrame({"student": HOSTILE_TEXTS})).mark_point().encode(y="student:N")
    with alt.renderers.enable("default"):
        assert parsed(chart._repr_mimebundle_()["text/html"]).tags.count("script") > 1
    assert parsed(chart._repr_mimebundle_()["text/html"]).tags.count("script") == 1
