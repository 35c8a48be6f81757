"""A student's file never runs code in anyone's browser: hostile text in every free-text field of a class's
files reaches the dashboard's charts, tables and grade sheet, and the report, only as escaped text.

The charts' HTML is checked the way a browser parses it: one script element per chart, closed only by its
own end tag, and no tag from a student's text anywhere in the markup.
"""

from html.parser import HTMLParser

import pytest

from peacebook import charts, classroom, negotiation, submission, tables
from peacebook.sample_class import HOSTILE_TEXTS, write_sample_class
from peacebook.settlement import Catalogue

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
    loaded = classroom.load_class(folder, catalogue)
    assert loaded.submissions and kinds["good"] > 5
    return loaded


def dashboard_charts(class_folder, catalogue):
    ranges = negotiation.ranges(class_folder, catalogue)
    players = negotiation.players_per_party(class_folder)
    return {
        "choices": charts.class_choices_chart(classroom.choices(class_folder, catalogue), catalogue.issues),
        "red lines": charts.class_red_lines_chart(classroom.grade_sheet(class_folder, catalogue)),
        "flags": charts.class_flags_chart(classroom.flags(class_folder, catalogue)),
        "ratings": charts.class_ratings_chart(classroom.ratings(class_folder, catalogue), catalogue.mechanisms),
        "resemblance": charts.class_resemblance_chart(classroom.resemblance(class_folder, catalogue), catalogue.texts),
        "zone": charts.zone_chart(negotiation.zone(ranges, catalogue, players), catalogue.issues),
    }


def test_the_hostile_text_really_is_in_the_charts_data(hostile_class, catalogue):
    """A guard on the test: the students' names, with their break-outs, are in some charts' data."""
    carrying = [
        name
        for name, chart in dashboard_charts(hostile_class, catalogue).items()
        if any(
            "</script>" in str(value)
            for rows in chart.to_dict().get("datasets", {}).values()
            for row in rows
            for value in row.values()
        )
    ]
    assert carrying


@pytest.mark.parametrize("name", ["choices", "red lines", "flags", "ratings", "resemblance", "zone"])
def test_every_dashboard_chart_embeds_student_text_as_data_only(name, hostile_class, catalogue):
    html = dashboard_charts(hostile_class, catalogue)[name]._repr_mimebundle_()["text/html"]
    page = parsed(html)
    assert page.tags.count("script") == 1 and len(page.scripts) == 1
    assert not INJECTED_TAGS & set(page.tags)
    assert "</script" not in page.scripts[0] and "<!--" not in page.scripts[0]


def test_tables_and_grade_sheet_show_student_text_escaped(hostile_class, catalogue):
    sheet = classroom.grade_sheet(hostile_class, catalogue)
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
