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
state, never as markup. The book's build sets ``PEACEBOOK_CHARTS=html`` for its kernels: the published pages
get the HTML above, drawn by the vega copies the book serves itself (``_ext/offline_assets.py``).

Importing this module registers both renderers and enables the one that fits; ``peacebook.charts`` imports
it, so every notebook that draws a book chart uses it.
"""

from __future__ import annotations

import json
import os
import sys
from functools import cache
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


_renderer = HTMLRenderer(
    mode="vega-lite",
    template="universal",
    vega_version=_altair_display.VEGA_VERSION,
    vegaembed_version=_altair_display.VEGAEMBED_VERSION,
    vegalite_version=_altair_display.VEGALITE_VERSION,
    json_kwds={"cls": ScriptSafeJSONEncoder},  # the embed options are json-dumped plainly: the book's own constants
)


OFFLINE_FRONT_END = Path(__file__).parent / "vendor" / "jupyterchart-offline.js"
WIDGET_RENDERER = "peacebook-widget"


@cache
def offline_chart_class():
    """altair's JupyterChart with the bundled front end (an anywidget subclass with its own `_esm`)."""

    class OfflineJupyterChart(alt.JupyterChart):
        _esm = OFFLINE_FRONT_END.read_text(encoding="utf-8")

    return OfflineJupyterChart


def _render_widget(spec: dict, **metadata):
    chart = offline_chart_class()(chart=alt.Chart.from_dict(spec), embed_options=metadata.get("embed_options"))
    return chart._repr_mimebundle_()


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
