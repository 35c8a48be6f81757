"""Make altair charts render with no internet in the built book.

Altair's default HTML output loads vega, vega-lite and vega-embed from a CDN unless
`window.VEGA_DEBUG` says the versions it wants are already on the page. On every page whose body
holds altair output this adds <script> tags for the copies vendored in _vendor/ (served at
_static/) and that marker, with the versions read from the installed altair. It warns (fatal
under -W) when the vendored vega-lite differs from altair's, so a bump cannot silently go online.
VEGA_DEBUG is an internal of altair's template: the -W check and the offline browser tests guard it.

Long tables (peacebook.views.tables) become searchable, sortable and paged with DataTables, from the bundle
the pinned itables package ships (itables/html/dt_bundle.js and .css). That bundle is an ES module,
and Chromium refuses module imports from file:// pages, so the build rewrites its one `export{...}`
into `window.pbDataTables = {...}` inside a function wrapper and writes it once to
_static/datatables/; every page holding a book table loads that copy (cached after the first page),
then static/tables.js, which enhances the tables. Nothing is inlined into the pages.
"""

import json
import os
import re
from importlib import resources
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)
VENDOR_JS = ["vega/vega.min.js", "vega/vega-lite.min.js", "vega/vega-embed.min.js"]


def altair_js_versions():
    from altair.vegalite.v6 import display  # the renderer module altair uses by default

    return {
        "vega_version": display.VEGA_VERSION,
        "vegalite_version": display.VEGALITE_VERSION,
        "vegaembed_version": display.VEGAEMBED_VERSION,
    }


def vendored_vegalite_version(static_dir):
    """The version string inside a vendored vega-lite.min.js, or None if absent or unreadable."""
    path = Path(static_dir, "vega", "vega-lite.min.js")
    if not path.exists():
        return None
    match = re.search(r'var \w+="(\d+\.\d+\.\d+)"', path.read_text(encoding="utf-8")[:2000])
    return match.group(1) if match else None


def _check_vendor(app, config):
    want = altair_js_versions()["vegalite_version"]
    for static in config.html_static_path:
        if Path(app.confdir, static, "vega").is_dir():
            have = vendored_vegalite_version(Path(app.confdir, static))
            if have != want:
                logger.warning("vendored vega-lite %s != altair's %s: run scripts/vendor-js.sh", have, want)
            return
    logger.warning("vega/vega-lite.min.js not found in html_static_path: run scripts/vendor-js.sh")


def _add_scripts(app, pagename, templatename, context, doctree):
    if "vegaEmbed" not in context.get("body", ""):
        return
    for i, js in enumerate(VENDOR_JS):
        app.add_js_file(js, priority=200 + i)
    app.add_js_file(
        None,
        priority=210,
        body="window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {}, " + json.dumps(altair_js_versions()) + ");",
    )


DATATABLES_JS, DATATABLES_CSS = "datatables/dt_bundle.js", "datatables/dt_bundle.css"


def classic_datatables_bundle(module_source: str) -> str:
    """itables' ES-module bundle as a classic script that sets window.pbDataTables."""
    exports = re.findall(r"export\{([^}]*)\};?", module_source)
    if len(exports) != 1:
        raise ValueError(f"expected one export statement in itables' dt_bundle.js, found {len(exports)}")
    names = {}
    for item in exports[0].split(","):
        local, _, exported = item.strip().partition(" as ")
        names[exported or local] = local
    body = re.sub(r"export\{[^}]*\};?", "", module_source)
    mapping = ",".join(f"{json.dumps(k)}:{v}" for k, v in names.items())
    return "(function(){\n" + body + f"\nwindow.pbDataTables={{{mapping}}};\n}})();\n"


def _write_datatables(app):
    if app.builder.format != "html":
        return
    source = resources.files("itables") / "html"
    out = Path(app.outdir, "_static", "datatables")
    out.mkdir(parents=True, exist_ok=True)
    try:
        js = classic_datatables_bundle((source / "dt_bundle.js").read_text(encoding="utf-8"))
    except ValueError as error:
        logger.warning("%s: long tables will not be searchable", error)
        return
    (out / "dt_bundle.js").write_text(js, encoding="utf-8")
    (out / "dt_bundle.css").write_text((source / "dt_bundle.css").read_text(encoding="utf-8"), encoding="utf-8")


def _add_table_scripts(app, pagename, templatename, context, doctree):
    if '<table class="table' in context.get("body", ""):  # a Markdown table: cards on a phone
        app.add_js_file("text-tables.js", priority=302)
    if "pb-table" not in context.get("body", ""):
        return
    app.add_css_file(DATATABLES_CSS, priority=300)
    app.add_js_file(DATATABLES_JS, priority=300)
    app.add_js_file("tables.js", priority=301)


def _add_scroll_cue(app, pagename, templatename, context, doctree):
    """A chart or a table wider than the text column says that it scrolls (static/scroll-cue.js)."""
    body = context.get("body", "")
    if any(mark in body for mark in ("vegaEmbed", "pb-table", "dataframe")):
        app.add_js_file("scroll-cue.js", priority=500)


def setup(app):
    # The notebooks' kernels inherit this: charts come out as HTML drawn by the vega copies above, not as
    # the live-notebook widget (see peacebook/html/rendering.py).
    os.environ["PEACEBOOK_CHARTS"] = "html"
    app.connect("config-inited", _check_vendor)
    app.connect("builder-inited", _write_datatables)
    app.connect("html-page-context", _add_scripts)
    app.connect("html-page-context", _add_table_scripts)
    app.connect("html-page-context", _add_scroll_cue)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
