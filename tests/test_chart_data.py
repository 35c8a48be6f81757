"""The reading helpers of issue #18, without a browser: each chart's "Show the data" table comes from the
chart's own data and escapes every cell; the DataTables bundle is rewritten into a classic script;
long outcome lists keep their later items one click away."""

import re
import sys
from importlib import resources
from pathlib import Path

import pandas as pd

from peacebook import charts, data
from peacebook.model import figures
from peacebook.html import table_cells
from peacebook.views import tables

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))
import offline_assets  # noqa: E402


def test_the_data_table_is_built_from_the_charts_own_frame():
    rows = figures.series(
        data.load_table("figures"), "Limits on Ukraine's armed forces proposed in the April 2022 draft treaty"
    )
    chart = charts.army_limits_chart(rows)
    shown = charts.with_data(chart, ["party", "measure", "value", "unit", "source_url", "source_publisher"])
    (frame,) = shown.frames()
    assert len(frame) == len(rows)
    html = shown.data_html()
    assert html.startswith("<details class='pb-chart-data'><summary>Show the data")
    for value in rows["value"]:
        assert f"{int(value):,}" in html  # the competing ceilings are text on the page
    assert html.count("<tr>") == len(rows) + 1
    assert all(publisher in html for publisher in rows["source_publisher"].unique())


def test_inline_values_are_found_too():
    from peacebook.model.settlement import Catalogue

    chart = charts.try_it_chart(Catalogue.load())
    frames = charts.chart_frames(chart)
    assert len(frames) == 2 and {"party", "option_id"} <= set(frames[0].columns)


def test_hostile_cell_text_is_escaped_in_the_data_table():
    hostile = "</script><img src=x onerror=alert(1)>"
    import altair as alt

    frame = pd.DataFrame(
        {"student": [hostile], "red_lines": [3], "source_url": ["javascript:alert(1)"], "source_publisher": [hostile]}
    )
    html = charts.with_data(alt.Chart(frame).mark_point().encode(x="red_lines:Q")).data_html()
    assert "<img" not in html and "</script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "href" not in html  # only http(s) sources become links


def test_a_reference_replaces_the_table_when_the_page_lists_the_data_in_full():
    events = data.load_table("events")
    html = charts.with_data(
        charts.timeline_chart(events), see=("every-event", "Show the data: the list below")
    ).data_html()
    assert html == "<p class='pb-chart-data-ref'><a href='#every-event'>Show the data: the list below</a></p>"


def test_the_datatables_bundle_becomes_a_classic_script():
    source = (resources.files("itables") / "html" / "dt_bundle.js").read_text(encoding="utf-8")
    script = offline_assets.classic_datatables_bundle(source)
    assert not re.search(r"export\{[^}]*\}", script)
    assert script.startswith("(function(){") and script.rstrip().endswith("})();")
    assert re.search(r'window\.pbDataTables=\{[^}]*"default":', script)
    assert "import(" not in script[-2000:]


def test_dates_sort_by_their_iso_value_and_wrap_only_at_the_dash():
    events = data.load_table("events").sort_values("date")
    html = tables.events_table_html(events.head(3))
    first = events.iloc[0]
    assert f'data-order="{first.date:%Y-%m-%d}"' in html
    assert table_cells.unbroken("5 Sep 2014 – 7 Sep 2014") == "5\u00a0Sep\u00a02014 – 7\u00a0Sep\u00a02014"


def test_long_outcome_lists_keep_the_first_and_the_latest_in_view():
    """Issue #31: what became of a point ends with its latest outcome, which stays in view; only those between fold."""
    items = [f"<li>{i}</li>" for i in range(5)]
    html = table_cells.first_and_latest(items, "outcome")
    assert html.startswith("<ul><li>0</li></ul><details class='pb-more'><summary>3 outcomes between</summary>")
    assert html.endswith("</details><ul><li>4</li></ul>")
    assert table_cells.first_and_latest(items[:3], "outcome") == "<ul>" + "".join(items[:3]) + "</ul>"


def test_the_data_dictionary_keeps_each_tables_fields_one_click_away():
    package = data.load_package()
    html = tables.data_dictionary_html(package, data.load_tables())
    assert html.count("<details class='pb-fields'>") == len(package["resources"])
    assert html.count("download>") == len(package["resources"])  # the download links stay in view
