"""How the book's altair charts become HTML: one renderer, through which every chart passes.

A chart's data can hold text from a student's file (a name, a title, a justification) or from a data file.
Altair's stock HTML output writes the chart's JSON inside a ``<script>`` element as it is, so a value
containing ``</script>`` would close that element early and the rest would run as the reader's own code
(in an instructor's JupyterLab, with the power to use their server). This renderer writes the same JSON
with ``<``, ``>`` and ``&`` as JSON escapes (``\\u003c`` …): the chart receives exactly the same strings,
and no byte sequence inside the script can end it or open a comment. Tooltips show text through
vega-tooltip, which escapes it.

In a live notebook (JupyterLab, Binder, a hub) charts are drawn instead by altair's JupyterChart widget
with vega bundled in (`peacebook/vendor/jupyterchart-offline.js`, what ``alt.JupyterChart.enable_offline()``
builds), so they draw with no internet and no request to a CDN; the chart's data then travels as widget
state, never as markup. The widget carries only a few lines of front end (`served_front_end`), which import
that bundle from the Jupyter server once a browser page: a widget carrying the 0.9 MB bundle itself made a
notebook of many charts move tens of MB over the kernel's connection (issue #32). A chart that changes in
place (the workshop's) is one widget whose data changes (`LiveChart`). The book's build sets ``PEACEBOOK_CHARTS=html`` for its kernels: the published pages
get the HTML above, drawn by the vega copies the book serves itself (``_ext/offline_assets.py``).

Importing this module registers both renderers and enables the one that fits; ``peacebook.charts`` imports
it, so every notebook that draws a book chart uses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from functools import cache
from html import escape
from pathlib import Path

import altair as alt
from altair.utils.display import HTMLRenderer
from altair.vegalite.v6 import display as _altair_display

RENDERER = "peacebook-html"
# Readers may save a chart as SVG or PNG; the menu's links to the online Vega editor are left out,
# since the book works offline and those links would leave it.
# A chart's links (a click on a symbol opens its source) open in a new tab, like every source link in the book.
EMBED_OPTIONS = {
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
    "loader": {"target": "_blank", "rel": "noopener noreferrer"},
}
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


class ScriptSafeJSONEncoder(json.JSONEncoder):
    """JSON that can sit inside an HTML ``<script>`` element whatever its strings contain.

    Outside strings, JSON never uses these characters, so replacing them everywhere only touches strings,
    where the JSON escape stands for the same character.

    >>> json.dumps({"name": "</script><script>alert(1)</script>"}, cls=ScriptSafeJSONEncoder)
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    >>> json.loads(json.dumps({"a": "<b>&amp;</b>"}, cls=ScriptSafeJSONEncoder))
    {'a': '<b>&amp;</b>'}
    """

    def encode(self, o) -> str:
        text = super().encode(o)
        for char, escaped in _ESCAPES.items():
            text = text.replace(char, escaped)
        return text

    def iterencode(self, o, _one_shot=False):
        # json.dumps(..., indent=...) and json.dump go through iterencode: escape there too.
        for chunk in super().iterencode(o, _one_shot):
            for char, escaped in _ESCAPES.items():
                chunk = chunk.replace(char, escaped)
            yield chunk


def script_safe_json(value) -> str:
    """`value` as JSON that is safe inside a ``<script>`` element (see ScriptSafeJSONEncoder)."""
    return json.dumps(value, cls=ScriptSafeJSONEncoder)


_html_renderer = HTMLRenderer(
    mode="vega-lite",
    template="universal",
    vega_version=_altair_display.VEGA_VERSION,
    vegaembed_version=_altair_display.VEGAEMBED_VERSION,
    vegalite_version=_altair_display.VEGALITE_VERSION,
    json_kwds={"cls": ScriptSafeJSONEncoder},  # the embed options are json-dumped plainly: the book's own constants
)


def _renderer(spec: dict, **metadata):
    """Altair's HTML, with the reason a chart keeps a width that scrolls in a phone's column (`titled(scrolls=)`)
    on its box, escaped, for the page's scroll cue (_ext/static/scroll-cue.js) to show beside "Scroll sideways"."""
    bundle = _html_renderer(spec, **metadata)
    reason = (spec.get("usermeta") or {}).get("peacebook", {}).get("scrolls")
    if reason:
        html = bundle["text/html"]
        box = re.search(r'<div id="(altair-viz-[0-9a-f]+)"></div>', html)
        if box:
            marked = f'<div id="{box.group(1)}" data-pb-scroll-reason="{escape(reason, quote=True)}"></div>'
            bundle = {**bundle, "text/html": html[: box.start()] + marked + html[box.end() :]}
    return bundle


VENDOR = Path(__file__).parent.parent / "vendor"
OFFLINE_FRONT_END = VENDOR / "jupyterchart-offline.js"
LOADER = VENDOR / "front-end-loader.js"
WIDGET_RENDERER = "peacebook-widget"


@cache
def served_front_end(script: str, stylesheet: str | None = None) -> str:
    """The `_esm` of a widget whose front end, `script` in peacebook/vendor (and its `stylesheet`), the Jupyter
    server serves: `pip install` puts them on JupyterLab's labextensions path (pyproject.toml's data-files), and
    the widget imports them from there once a browser page (vendor/front-end-loader.js). Where the server does
    not serve them, the widget asks its kernel for them (`ServedFrontEnd`). The version, a digest of the files,
    keeps a browser from using a cached copy of another version."""
    files = [script] + ([stylesheet] if stylesheet else [])
    version = hashlib.sha256(b"".join((VENDOR / f).read_bytes() for f in files)).hexdigest()[:12]
    settings = {"script": script, "stylesheet": stylesheet, "version": version}
    return f"const FRONT_END = {json.dumps(settings)};\n" + LOADER.read_text(encoding="utf-8")


class ServedFrontEnd:
    """Mixed into an anywidget whose `_esm` is `served_front_end(SCRIPT, STYLESHEET)`: answers the widget's
    request for its front end where the Jupyter server does not serve it (VS Code, a kernel installed apart
    from the server), so the widget still draws, with no internet."""

    SCRIPT: str
    STYLESHEET: str | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.on_msg(self._send_front_end)

    def _send_front_end(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict) or content.get("peacebook") != "front end":
            return
        self.send(
            {
                "peacebook": self.SCRIPT,
                "script": (VENDOR / self.SCRIPT).read_text(encoding="utf-8"),
                "stylesheet": (VENDOR / self.STYLESHEET).read_text(encoding="utf-8") if self.STYLESHEET else None,
            }
        )


@cache
def offline_chart_class():
    """altair's JupyterChart drawing with the bundled front end, served by the Jupyter server."""

    class OfflineJupyterChart(ServedFrontEnd, alt.JupyterChart):
        SCRIPT = OFFLINE_FRONT_END.name
        _esm = served_front_end(SCRIPT)

    return OfflineJupyterChart


# A live notebook's output area (JupyterLab, Notebook, a hub) gives a chart widget no width to take when the chart is
# drawn, so a chart whose width comes from its container (the book's charts: peacebook/charts/style.py) is drawn
# there at this width instead: with its axes and legends, narrower than a notebook's output area at a laptop's width.
LIVE_WIDTH = 480  # the plot; its axes and legends take more, as in the book before #31


def fixed_width(spec, width: int = LIVE_WIDTH):
    """`spec` with every width taken from the container set to `width` px, and no fitting to the container.

    >>> fixed_width({"autosize": {"type": "fit-x"}, "vconcat": [{"width": "container"}, {"width": 100}]})
    {'vconcat': [{'width': 480}, {'width': 100}]}
    """
    if isinstance(spec, list):
        return [fixed_width(item, width) for item in spec]
    if not isinstance(spec, dict):
        return spec
    return {
        key: width if key == "width" and value == "container" else fixed_width(value, width)
        for key, value in spec.items()
        if not (key == "autosize" and isinstance(value, dict) and value.get("type") == "fit-x")
    }


def live_chart(chart):
    """`chart` as the live notebook's chart widget draws it: at a fixed width (`fixed_width`)."""
    return alt.Chart.from_dict(fixed_width(chart.to_dict() if hasattr(chart, "to_dict") else chart))


def _render_widget(spec: dict, **metadata):
    chart = offline_chart_class()(chart=live_chart(spec), embed_options=metadata.get("embed_options"))
    return chart._repr_mimebundle_()


class LiveChart:
    """A place on the page for a chart that changes as the reader works (the workshop's closest texts).

    In a live notebook it holds one chart widget; `show` gives that widget the new chart, so only the chart's
    data travels, and nothing at all when the chart is unchanged. In the book's build it holds an Output that
    shows the chart's HTML. `widget` is what to place on the page."""

    def __init__(self):
        import ipywidgets as w

        self._live = in_live_kernel()
        self._spec = None
        self.chart_widget = None  # in a live notebook: the one chart widget, made at the first `show`
        self.widget = w.VBox() if self._live else w.Output()

    def show(self, chart) -> None:
        spec = chart.to_dict()
        if spec == self._spec:
            return
        self._spec = spec
        if not self._live:
            from IPython.display import display

            self.widget.clear_output(wait=True)
            with self.widget:
                display(chart)
        elif self.chart_widget is None:
            self.chart_widget = offline_chart_class()(chart=live_chart(chart), embed_options=EMBED_OPTIONS)
            self.widget.children = [self.chart_widget]
        else:
            self.chart_widget.chart = live_chart(chart)


def in_live_kernel() -> bool:
    """True in a Jupyter kernel that a person's browser may be showing (not in the book's build)."""
    if os.environ.get("PEACEBOOK_CHARTS") == "html" or "ipykernel" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


alt.renderers.register(RENDERER, _renderer)
alt.renderers.register(WIDGET_RENDERER, _render_widget)
alt.renderers.enable(WIDGET_RENDERER if in_live_kernel() else RENDERER, embed_options=EMBED_OPTIONS)
