"""The settlement workshop in the browser (issue #33): on the workshop page, a plain script (static/workshop.js)
lets a student draft, critique and export a settlement with no kernel.

At the end of the build this writes what the script needs, from the same tables and code the Python model reads
(peacebook.files.browser_workshop), to _static/workshop/: `workshop-data.json`, and `workshop-data.js`, the same JSON
set as `window.pbWorkshopData` (a page opened from a file cannot fetch a JSON file; it can load a script). No
rule is written twice by hand. The page that holds the workshop's container (`id="pb-browser-workshop"`) loads
the data, the script and its style sheet; no other page does.
"""

from pathlib import Path

MARKER = 'id="pb-browser-workshop"'
DATA_JS = "workshop/workshop-data.js"


def _write_data(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    from peacebook.files.browser_workshop import workshop_data_json
    from peacebook.model.settlement import Catalogue

    text = workshop_data_json(Catalogue.load())
    out = Path(app.outdir, "_static", "workshop")
    out.mkdir(parents=True, exist_ok=True)
    (out / "workshop-data.json").write_text(text + "\n", encoding="utf-8")
    (out / "workshop-data.js").write_text(f"window.pbWorkshopData = {text};\n", encoding="utf-8")


def _add_scripts(app, pagename, templatename, context, doctree):
    if MARKER not in context.get("body", ""):
        return
    app.add_css_file("workshop.css", priority=600)
    app.add_js_file(DATA_JS, priority=600)
    app.add_js_file("workshop.js", priority=601)


def setup(app):
    app.connect("build-finished", _write_data)
    app.connect("html-page-context", _add_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
