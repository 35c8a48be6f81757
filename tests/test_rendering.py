"""How charts are rendered: script-safe HTML for the book's pages, and in a live notebook the JupyterChart
widget with the vega bundle shipped in the package (tests/test_lab_charts.py draws them in JupyterLab)."""

import importlib.util
import json

import altair as alt
import pandas as pd

from conftest import ROOT
from peacebook.html import rendering


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


# --- at the edges (issue #35, from the mutation run) ---------------------------------------------


def test_json_written_with_indents_or_to_a_file_is_script_safe_too():
    """json.dumps(..., indent=...) and json.dump go through iterencode, not encode."""
    import io

    value = {"name": "</script><!-- & \u2028 \u2029"}
    for text in (
        json.dumps(value, cls=rendering.ScriptSafeJSONEncoder, indent=2),
        json.dumps(value, cls=rendering.ScriptSafeJSONEncoder, indent=None, separators=(",", ":")),
    ):
        assert json.loads(text) == value and not set("<>&\u2028\u2029") & set(text), text
    written = io.StringIO()
    json.dump(value, written, cls=rendering.ScriptSafeJSONEncoder)
    assert written.getvalue() == '{"name": "\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028 \\u2029"}'
    assert rendering.script_safe_json(value) == written.getvalue()


def test_a_chart_widget_asks_for_its_front_end_only_with_the_books_request():
    chart = rendering.offline_chart_class()(chart=alt.Chart(pd.DataFrame({"a": [1]})).mark_point())
    sent = []
    chart.send = lambda content, buffers=None: sent.append(content)
    for content in ("front end", ["front end"], None, {"front end": "peacebook"}, {}):
        chart._send_front_end(chart, content, [])
    assert sent == []
    chart._send_front_end(chart, {"peacebook": "front end"}, [])
    assert sent == [
        {
            "peacebook": "jupyterchart-offline.js",
            "script": rendering.OFFLINE_FRONT_END.read_text(encoding="utf-8"),
            "stylesheet": None,  # the chart has no stylesheet of its own
        }
    ]


def test_a_front_end_with_a_stylesheet_sends_both():
    from peacebook.views.live_tables import live_table_class

    table = live_table_class()()
    sent = []
    table.send = lambda content, buffers=None: sent.append(content)
    table._send_front_end(table, {"peacebook": "front end"}, [])
    assert sent == [
        {
            "peacebook": "itables-widget.js",
            "script": (rendering.VENDOR / "itables-widget.js").read_text(encoding="utf-8"),
            "stylesheet": (rendering.VENDOR / "itables-widget.css").read_text(encoding="utf-8"),
        }
    ]


def test_a_live_notebooks_chart_keeps_the_books_menu_and_link_options(monkeypatch):
    """Save as SVG or PNG, no links to the online editor, and a symbol's link opens in a new tab: in a live
    notebook too, for a chart shown once and for the workshop's live chart."""
    from ipywidgets.widgets.widget import _instances

    spec = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().to_dict()
    bundle, _metadata = rendering._render_widget(spec, embed_options=rendering.EMBED_OPTIONS)
    widget = _instances[bundle["application/vnd.jupyter.widget-view+json"]["model_id"]]
    assert widget.embed_options == rendering.EMBED_OPTIONS and widget.chart.to_dict() == spec
    monkeypatch.setattr(rendering, "in_live_kernel", lambda: True)
    place = rendering.LiveChart()
    place.show(alt.Chart(pd.DataFrame({"a": [1]})).mark_point())
    assert place.chart_widget.embed_options == rendering.EMBED_OPTIONS


def test_outside_a_live_notebook_a_live_chart_is_an_output_shown_again_only_when_it_changes(monkeypatch):
    import ipywidgets

    monkeypatch.setattr(rendering, "in_live_kernel", lambda: False)
    place = rendering.LiveChart()
    assert isinstance(place.widget, ipywidgets.Output) and place.chart_widget is None
    cleared = []
    monkeypatch.setattr(place.widget, "clear_output", lambda wait=False: cleared.append(wait))
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_point()
    place.show(chart)
    place.show(chart)
    assert cleared == [True] and place.chart_widget is None  # shown once, replaced without a flicker
    place.show(chart.mark_bar())
    assert cleared == [True, True]


def test_a_live_kernel_is_one_a_browser_may_show_and_not_the_books_build(monkeypatch):
    import sys
    import types

    import IPython

    class Shell:
        kernel = object()

    monkeypatch.delenv("PEACEBOOK_CHARTS", raising=False)
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    monkeypatch.setattr(IPython, "get_ipython", lambda: Shell())
    assert not rendering.in_live_kernel()  # no kernel at all
    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    assert rendering.in_live_kernel()
    monkeypatch.setenv("PEACEBOOK_CHARTS", "html")
    assert not rendering.in_live_kernel()  # the book's build
    monkeypatch.setenv("PEACEBOOK_CHARTS", "widget")
    assert rendering.in_live_kernel()
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    assert not rendering.in_live_kernel()  # ipykernel imported, but no shell
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace())
    assert not rendering.in_live_kernel()  # a terminal IPython: no kernel
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=None))
    assert not rendering.in_live_kernel()


def test_a_chart_widget_takes_its_chart_as_altairs_does_by_position_or_by_name():
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_point()
    by_position = rendering.offline_chart_class()(chart, embed_options=rendering.EMBED_OPTIONS)
    assert by_position.chart.to_dict() == chart.to_dict() and by_position.embed_options == rendering.EMBED_OPTIONS


def test_the_front_end_request_arrives_as_a_widget_message_and_the_live_chart_shows_its_first_chart(monkeypatch):
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_point()
    widget = rendering.offline_chart_class()(chart=chart)
    sent = []
    widget.send = lambda content, buffers=None: sent.append(content)
    widget._handle_custom_msg({"peacebook": "front end"}, [])  # what the browser's request becomes in the kernel
    assert [reply["peacebook"] for reply in sent] == ["jupyterchart-offline.js"]
    monkeypatch.setattr(rendering, "in_live_kernel", lambda: True)
    place = rendering.LiveChart()
    place.show(chart)
    assert place.chart_widget.chart.to_dict() == chart.to_dict()
