"""A student's file never runs code in an instructor's JupyterLab: the class dashboard is run in a real
JupyterLab (headless Debian Chromium) on folders of hostile files, with markup and `</script>` break-outs in
every free-text field, and no injected script may run.

The hostile texts (peacebook.sample_class.HOSTILE_TEXTS) each try to raise `window.__pwned` or open a dialog.
With altair's stock renderer the first of them runs (tests/test_hostile_files.py shows why); the book's
renderer keeps it inert.
"""

import shutil

import pytest

from conftest import ROOT, let_injected_handlers_run
from jupyter_server import jupyter_lab, run_all_and_settle
from peacebook.sample_class import write_sample_class
from peacebook.settlement import Catalogue

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_lab(tmp_path_factory):
    staging = tmp_path_factory.mktemp("hostile")
    catalogue = Catalogue.load()
    # The dashboard opens these two folder names by default: fill them with hostile files.
    write_sample_class(staging / "example-class", catalogue, size=16, seed=3, hostile=True)
    write_sample_class(staging / "example-roleplay", catalogue, size=12, seed=4, hostile=True)
    shutil.copy(ROOT / "chapters" / "dashboard.ipynb", staging / "dashboard.ipynb")
    with jupyter_lab([staging / "dashboard.ipynb", staging / "example-class", staging / "example-roleplay"]) as lab:
        yield lab


def test_the_dashboard_on_hostile_files_runs_no_injected_script(browser, hostile_lab):
    base_url, _ = hostile_lab
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
    finally:
        context.close()
