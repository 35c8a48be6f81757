"""A student's file never runs code in an instructor's JupyterLab: the class dashboard is run in a real
JupyterLab (headless Debian Chromium) on folders of hostile files, with markup and `</script>` break-outs in
every free-text field, and no injected script may run. The folders also hold the rest of a hostile class
(peacebook.files.sample_class.write_hostile_extras): a file whose name and id start a spreadsheet formula, a named
pipe, a file name that is not UTF-8, a second brief under one id with a carriage return in its table name, a
link out of the folder and a 3 GB file. The dashboard must finish, list each with its reason, keep the role-play
summary line whole and write a grade sheet in which no cell starts a formula.

The hostile texts (peacebook.files.sample_class.HOSTILE_TEXTS) each try to raise `window.__pwned` or open a dialog.
With altair's stock renderer the first of them runs (tests/test_hostile_files.py shows why); the book's
renderer keeps it inert.
"""

import csv
import re

import pytest

from conftest import ROOT, let_injected_handlers_run
from jupyter_server import jupyter_lab, run_all_and_settle
from peacebook.classroom import class_files, negotiation
from peacebook.files.sample_class import write_hostile_extras, write_sample_class
from peacebook.model.settlement import Catalogue

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_lab(tmp_path_factory):
    staging = tmp_path_factory.mktemp("hostile")
    catalogue = Catalogue.load()
    # The dashboard opens these two folder names by default: fill them with hostile files.
    write_sample_class(staging / "example-class", catalogue, size=16, seed=3, hostile=True)
    write_sample_class(staging / "example-roleplay", catalogue, size=12, seed=4, hostile=True)
    notebook = (ROOT / "chapters" / "dashboard.ipynb").read_text(encoding="utf-8")
    assert "GRADE_SHEET_FOLDER = None" in notebook  # the instructor asks for the grade sheet, in grades/
    (staging / "dashboard.ipynb").write_text(
        notebook.replace("GRADE_SHEET_FOLDER = None", 'GRADE_SHEET_FOLDER = \\"grades\\"'), encoding="utf-8"
    )
    with jupyter_lab([staging / "dashboard.ipynb", staging / "example-class", staging / "example-roleplay"]) as lab:
        _, root = lab
        # Written where Lab serves them (a copy would open the pipe and copy 3 GB).
        for name in ("example-class", "example-roleplay"):
            write_hostile_extras(root / name, catalogue)
        yield lab


def test_the_dashboard_on_hostile_files_runs_no_injected_script(browser, hostile_lab):
    base_url, root = hostile_lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        run_all_and_settle(page, base_url, "dashboard.ipynb")
        # The charts are drawn, with the students' names in their data ...
        page.wait_for_function(
            "() => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= 6", timeout=60_000
        )
        assert page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count() == 0
        let_injected_handlers_run(page)
        # ... and nothing from a student's file ran.
        assert page.evaluate("() => window.__pwned") is None
        assert dialogs == []
        # The hostile text is shown as text (escaped in the tables), not dropped.
        assert page.get_by_text("window.__pwned", exact=False).count() > 0
        # The rest of the hostile folder: each file listed with its reason (searched for, if the list is paged).
        problems = page.locator(".jp-Notebook .jp-Cell").nth(1)
        search = problems.locator(".dt-search input")
        for reason in ("named pipe", "outside the class folder", "at most 1 MB", "refused: a second role-play brief"):
            if search.count():
                search.fill(reason)
                page.wait_for_function(
                    "el => /narrowed/.test(el.querySelector('.dt-info').textContent)", arg=problems.element_handle()
                )
            assert reason in problems.inner_text(), reason
        shown = page.locator(".jp-Notebook").inner_text()
        assert "r\\xe9sum\\xe9-\\xff.json" in shown  # read, and shown with escapes
        # The role-play summary line is whole: a table name cannot rewrite it.
        roleplay = class_files.load_class(root / "example-roleplay", Catalogue.load())
        tables = negotiation.table_ids(roleplay)
        # (The line as chapters/dashboard.ipynb prints it; the hostile table name forges one in the same words.)
        summary = (
            f"{len(negotiation.briefs(roleplay))} party briefs and {len(negotiation.mediators(roleplay))} mediator "
            f"or chair file(s) at {len(tables)} table(s): {', '.join(tables)}"
        )
        assert "<!-- <script>" in summary and summary in shown
        # The grade sheet was written, with no cell a spreadsheet would run.
        (sheet,) = (root / "grades").glob("grade-sheet-*.csv")
        rows = list(csv.reader(sheet.read_text(encoding="utf-8-sig").splitlines()))
        plain_number = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
        formulas = [
            c for row in rows for c in row if re.match(r" *[-=+@\t\r]", c) and not re.fullmatch(plain_number, c)
        ]
        assert formulas == [] and any(c.startswith("'=HYPERLINK") for row in rows for c in row)
    finally:
        context.close()
