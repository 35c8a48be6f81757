"""Charts draw in a real JupyterLab with every off-machine request blocked: a student on an offline laptop or a
hub without outside access sees every chart, and no browser is sent to a CDN (peacebook/rendering.py)."""

import re

import pytest

from conftest import ROOT
from jupyter_server import jupyter_lab, run_all_and_settle

pytestmark = pytest.mark.browser
CHAPTERS = ["timeline.ipynb", "donbas.ipynb", "istanbul.ipynb", "current.ipynb", "compare.ipynb", "dashboard.ipynb"]
DRAWN = "() => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length"


def chart_cells(notebook: str) -> int:
    """Code cells that draw a book chart (a call to charts.xxx_chart), run in a live notebook: a floor for the
    charts expected (a cell may draw several)."""
    import nbformat

    cells = nbformat.read(ROOT / "chapters" / notebook, as_version=4).cells
    return sum(
        1
        for c in cells
        if c.cell_type == "code"
        and "skip-execution" not in c.metadata.get("tags", [])
        and re.search(r"\bcharts\.\w+_chart\(", c.source)
    )


@pytest.fixture(scope="module")
def lab():
    files = [ROOT / "chapters" / n for n in CHAPTERS] + [
        ROOT / "chapters" / "example-class",
        ROOT / "chapters" / "example-roleplay",
    ]
    with jupyter_lab(files) as running:
        yield running


@pytest.mark.parametrize("notebook", CHAPTERS)
def test_every_chart_draws_in_jupyterlab_with_no_internet(browser, lab, notebook):
    base_url, _ = lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    off_machine = []

    def block(route):
        off_machine.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|blob:)"), block)
    try:
        run_all_and_settle(page, base_url, notebook)
        expected = chart_cells(notebook)
        assert expected > 0, "the chapter should draw charts"
        page.wait_for_function(f"() => ({DRAWN})() >= {expected}", timeout=60_000)
        assert page.locator(".jp-OutputArea-output", has_text="JavaScript Error").count() == 0
        assert page.locator(".jp-OutputArea-output", has_text="Error loading script").count() == 0
        assert off_machine == []
    finally:
        context.close()
