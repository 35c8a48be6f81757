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


def test_the_live_notebook_chart_is_altairs_jupyterchart_with_the_shipped_front_end():
    chart_class = rendering.offline_chart_class()
    assert issubclass(chart_class, alt.JupyterChart)
    assert chart_class._esm == rendering.OFFLINE_FRONT_END.read_text(encoding="utf-8")
    assert "https://esm.sh" not in chart_class._esm  # nothing is fetched from a CDN
    bundle, _metadata = rendering._render_widget(alt.Chart(pd.DataFrame({"a": [1]})).mark_point().to_dict())
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_the_shipped_front_end_is_what_altair_bundles_today():
    """After bumping altair or vl-convert-python, run scripts/vendor-jupyterchart.py and commit the result."""
    spec = importlib.util.spec_from_file_location("vendor_jupyterchart", ROOT / "scripts" / "vendor-jupyterchart.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.bundle() == rendering.OFFLINE_FRONT_END.read_text(encoding="utf-8"), (
        "peacebook/vendor/jupyterchart-offline.js is out of date: run scripts/vendor-jupyterchart.py"
    )
