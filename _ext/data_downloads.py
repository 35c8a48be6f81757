"""Publish the data tables with the book: copies data/*.csv and data/datapackage.json to
<html>/data/, so the data dictionary can link to each table and readers can download them."""

import shutil
from pathlib import Path


def _copy_data(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir, "data")
    target.mkdir(exist_ok=True)
    for path in Path(app.confdir, "data").iterdir():
        if path.suffix in (".csv", ".json"):
            shutil.copy2(path, target / path.name)


def setup(app):
    app.connect("build-finished", _copy_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
