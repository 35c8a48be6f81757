"""Fixes for third-party markup that axe-core reports as serious or critical (tests/test_accessibility.py).

- Theme templates (_ext/templates/, searched before the theme's own): the search button's accessible
  name now contains its visible text, and the colour-mode icons lose the `title`s that axe counts as
  visible text the button's name lacks.
- Bibliography entries: docutils marks them `role="doc-biblioentry"`, a role ARIA 1.3 deprecated, so
  the surrounding `role="list"` has no list items; they become `role="listitem"`.
- static/accessibility.js names what vega-embed, the ipywidgets slider and the navigation toggles draw at run time.
"""

from pathlib import Path

HERE = Path(__file__).parent


def _prefer_our_templates(app, config):
    config.templates_path.insert(0, str(HERE / "templates"))


def _bibliography_roles(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("config-inited", _prefer_our_templates)
    app.connect("html-page-context", _bibliography_roles)
    app.add_js_file("accessibility.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
