"""Make altair charts render with no internet in the built book.

Altair's default HTML output loads vega, vega-lite and vega-embed from a CDN unless
`window.VEGA_DEBUG` says the versions it wants are already on the page. On every page whose body
holds altair output this adds <script> tags for the copies vendored in _vendor/ (served at
_static/) and that marker, with the versions read from the installed altair. It warns (fatal
under -W) when the vendored vega-lite differs from altair's, so a bump cannot silently go online.
VEGA_DEBUG is an internal of altair's template: the -W check and the offline browser tests guard it.
"""
import json
import os
import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)
VENDOR_JS = ["vega/vega.min.js", "vega/vega-lite.min.js", "vega/vega-embed.min.js"]


def altair_js_versions():
    from altair.vegalite.v6 import display  # the renderer module altair uses by default

    return {"vega_version": display.VEGA_VERSION, "vegalite_version": display.VEGALITE_VERSION,
            "vegaembed_version": display.VEGAEMBED_VERSION}


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
    app.add_js_file(None, priority=210, body="window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {}, "
                    + json.dumps(altair_js_versions()) + ");")


def setup(app):
    # The notebooks' kernels inherit this: charts come out as HTML drawn by the vega copies above, not as
    # the live-notebook widget (see peacebook/rendering.py).
    os.environ["PEACEBOOK_CHARTS"] = "html"
    app.connect("config-inited", _check_vendor)
    app.connect("html-page-context", _add_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
