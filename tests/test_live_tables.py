"""Long tables in a live notebook (peacebook.views.live_tables): which tables become itables' widget, with the same
words and rows-a-page rule as the published page (_ext/static/tables.js), and their cells kept escaped."""

import json
import re
from pathlib import Path

import pandas as pd

from conftest import ROOT
from peacebook.views import live_tables, tables
from peacebook.files.sample_class import HOSTILE_TEXTS

TABLES_JS = (ROOT / "_ext" / "static" / "tables.js").read_text(encoding="utf-8")


def test_the_live_table_speaks_as_the_page_does():
    for key, value in live_tables.LANGUAGE.items():
        if isinstance(value, str):
            assert f"{key}: {json.dumps(value)}" in TABLES_JS, key
    rule = re.search(r"function pageLength\(chars\) \{ return (.*?); \}", TABLES_JS).group(1)
    for chars in (0, 200, 201, 400, 401, 1000, 1001, 5000):
        assert live_tables.page_length(chars) == _js_rule(rule, chars), chars
        assert live_tables.page_length(chars) >= 10  # issue #31: never a page of 2 or 3 rows
    assert str(live_tables.LENGTH_MENU[0]).replace(" ", "") in TABLES_JS.replace(" ", "")
    assert live_tables.LENGTH_MENU[1][-1] == "All"  # a reader can show every row
    assert f"var UNPAGED_ROWS = {live_tables.UNPAGED_ROWS};" in TABLES_JS
    assert "rows <= Math.max(UNPAGED_ROWS, pageLength(chars))" in TABLES_JS


def _js_rule(rule: str, chars: int) -> int:
    """Evaluate tables.js's `a > n ? x : b > m ? y : z` chain."""
    for test, value in re.findall(r"chars > (\d+) \? (\d+)", rule):
        if chars > int(test):
            return int(value)
    return int(rule.rsplit(":", 1)[1])


def test_only_one_long_book_table_becomes_a_live_table():
    frame = pd.DataFrame({"Name": [f"row {i}" for i in range(30)]})
    assert live_tables.long_table(tables.frame_html(frame)) is not None
    assert live_tables.long_table(tables.frame_html(frame.head(20))) is None  # 20 rows or fewer: stays plain
    assert live_tables.long_table(tables.frame_html(frame.head(21))) is None  # fits one page of 25 short rows
    long_rows = pd.DataFrame({"Text": ["x" * 300] * 21})
    assert live_tables.long_table(tables.frame_html(long_rows))["page_length"] == 10
    assert live_tables.long_table(tables.frame_html(long_rows.head(20))) is None
    assert live_tables.long_table(tables.collapsed(tables.frame_html(frame), "more")) is None
    assert live_tables.long_table(tables.frame_html(frame) + tables.frame_html(frame)) is None
    assert live_tables.long_table("<p>text</p>") is None


def test_outside_a_live_kernel_show_is_the_html():
    html = tables.frame_html(pd.DataFrame({"Name": [f"row {i}" for i in range(30)]}))
    shown = tables.show(html)
    assert shown.data == html


def test_the_live_table_keeps_hostile_cells_escaped():
    frame = pd.DataFrame({"Text": [HOSTILE_TEXTS[i % len(HOSTILE_TEXTS)] for i in range(30)]})
    html = tables.frame_html(frame, caption="<img src=x onerror=alert(1)>")
    widget = live_tables.live_table(html)
    inner = widget._dt_args["table_html"]
    assert inner == live_tables.long_table(html)["inner_html"]
    assert "<img" not in inner and "<script" not in inner.lower()
    assert "&lt;img src=x onerror=alert(1)&gt;" in inner
    assert widget._dt_args["pageLength"] == 25 and widget._dt_args["order"] == []  # 30 short rows
    assert "data_json" not in widget._dt_args  # the rows are read from the escaped HTML, not given as data


def test_the_live_table_carries_a_few_lines_and_the_server_serves_itables_own_front_end():
    """Each table widget imports itables' front end (DataTables bundled in) from the Jupyter server once a page
    (peacebook.html.rendering.served_front_end), instead of carrying 0.7 MB of it (issue #32). The copies the server
    serves are itables' own: after bumping itables, run scripts/vendor-jupyterchart.py and commit the result."""
    import itables.widget

    from peacebook.html import rendering

    widget = live_tables.live_table(tables.frame_html(pd.DataFrame({"Name": [f"row {i}" for i in range(30)]})))
    assert len(widget._esm) < 10_000 and '"script": "itables-widget.js"' in widget._esm and widget._css == ""
    static = Path(itables.widget.__file__).parent / "static"
    for served, shipped in (("itables-widget.js", "widget.js"), ("itables-widget.css", "widget.css")):
        assert (rendering.VENDOR / served).read_bytes() == (static / shipped).read_bytes(), (
            f"peacebook/vendor/{served} is not itables' own: run scripts/vendor-jupyterchart.py"
        )
