"""Publish the data tables with the book: copies data/*.csv and data/datapackage.json to
<html>/data/, so the data dictionary can link to each table and readers can download them. The tables go
through the book's one CSV writer for spreadsheets (peacebook.data.spreadsheet), so no cell a reader opens in a
spreadsheet can start a formula."""

import shutil
from pathlib import Path

from peacebook.data.spreadsheet import copy_csv


def _copy_data(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir, "data")
    target.mkdir(exist_ok=True)
    for path in Path(app.confdir, "data").iterdir():
        if path.suffix == ".csv":
            copy_csv(path, target / path.name)
        elif path.suffix == ".json":
            shutil.copy2(path, target / path.name)


def setup(app):
    app.connect("build-finished", _copy_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
