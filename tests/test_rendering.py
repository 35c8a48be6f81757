"""How charts are rendered: script-safe HTML for the book's pages, and in a live notebook the JupyterChart
widget with the vega bundle shipped in the package (tests/test_lab_charts.py draws them in JupyterLab)."""

import importlib.util
import json

import altair as alt
import pandas as pd

from conftest import ROOT
from peacebook import rendering


def test_the_book_renders_charts_as_script_safe_html_outside_a_live_kernel():
    assert alt.renderers.active == rendering.RENDERER and not rendering.in_live_kernel()
    html = (
        alt.Chart(pd.DataFrame({"a": ["</script>&<!--"]})).mark_point().encode(x="a:N")._repr_mimebundle_()["text/html"]
    )
    assert "</script>&<!--" not in html and "\\u003c/script\\u003e\\u0026\\u003c!--" in html


def test_the_script_safe_json_reads_back_unchanged():
    value = {"a": "</script><script>x</script>", "b": ["&amp;", "\u2028", "<!-- -->"], "c": 1.5}
    text = rendering.script_safe_json(value)
    assert json.loads(text) == value and "<" not in text and ">" not in text and "&" not in text


def test_the_live_notebook_chart_is_altairs_jupyterchart_whose_front_end_the_server_serves():
    """Each chart widget carries a few lines that import the bundle from the Jupyter server once a page, not the
    0.9 MB bundle itself (issue #32); tests/test_lab_charts.py draws them in JupyterLab."""
    chart_class = rendering.offline_chart_class()
    assert issubclass(chart_class, alt.JupyterChart) and issubclass(chart_class, rendering.ServedFrontEnd)
    loader = chart_class._esm
    assert len(loader) < 10_000 and '"script": "jupyterchart-offline.js"' in loader
    assert "fullLabextensionsUrl" in loader and "/peacebook/static/" in loader
    assert "https://" not in loader  # nothing is fetched from another machine
    bundle, _metadata = rendering._render_widget(alt.Chart(pd.DataFrame({"a": [1]})).mark_point().to_dict())
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_a_chart_whose_front_end_the_server_does_not_serve_gets_it_from_its_kernel():
    chart = rendering.offline_chart_class()(chart=alt.Chart(pd.DataFrame({"a": [1]})).mark_point())
    sent = []
    chart.send = lambda content, buffers=None: sent.append(content)
    chart._send_front_end(chart, {"peacebook": "something else"}, [])
    assert sent == []
    chart._send_front_end(chart, {"peacebook": "front end", "script": "jupyterchart-offline.js"}, [])
    (reply,) = sent
    assert reply["peacebook"] == "jupyterchart-offline.js"
    assert reply["script"] == rendering.OFFLINE_FRONT_END.read_text(encoding="utf-8")


def test_a_live_chart_changes_its_data_not_its_widget(monkeypatch):
    """The workshop's closest texts: one chart widget for the session; a change that leaves the chart as it was
    (a justification typed) sends nothing."""
    monkeypatch.setattr(rendering, "in_live_kernel", lambda: True)
    place = rendering.LiveChart()

    def chart(values):
        return alt.Chart(pd.DataFrame({"a": values})).mark_bar().encode(x="a:Q")

    place.show(chart([1, 2]))
    widget = place.chart_widget
    assert place.widget.children == (widget,)
    specs = []
    widget.observe(lambda change: specs.append(change["new"]), names="spec")
    place.show(chart([1, 2]))
    assert specs == []  # unchanged: nothing sent
    place.show(chart([3]))
    assert place.chart_widget is widget and place.widget.children == (widget,)
    assert len(specs) == 1 and [3] == [row["a"] for row in next(iter(specs[0]["datasets"].values()))]


def test_the_shipped_front_end_is_what_altair_bundles_today():
    """After bumping altair or vl-convert-python, run scripts/vendor-jupyterchart.py and commit the result."""
    spec = importlib.util.spec_from_file_location("vendor_jupyterchart", ROOT / "scripts" / "vendor-jupyterchart.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.bundle() == rendering.OFFLINE_FRONT_END.read_text(encoding="utf-8"), (
        "peacebook/vendor/jupyterchart-offline.js is out of date: run scripts/vendor-jupyterchart.py"
    )
