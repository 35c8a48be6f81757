"""Charts draw in a real JupyterLab with every off-machine request blocked: a student on an offline laptop or a
hub without outside access sees every chart, and no browser is sent to a CDN (peacebook/html/rendering.py). The
charts' front end (vega bundled in) comes from the Jupyter server once a page, not with every chart, and where
the server does not serve it, from the kernel, still once a page."""

import re

import pytest

from conftest import ROOT
from jupyter_server import OFF_MACHINE, jupyter_lab, run_all_and_settle

pytestmark = pytest.mark.browser
CHAPTERS = ["timeline.ipynb", "donbas.ipynb", "istanbul.ipynb", "current.ipynb", "compare.ipynb", "dashboard.ipynb"]
DRAWN = "() => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length"
SIZES = """() => [...document.querySelectorAll('.vega-embed')].filter(e => e.offsetParent).map(e => {
    const drawn = e.querySelector('.chart-wrapper > svg, .chart-wrapper > canvas') || e.querySelector('svg, canvas');
    return [Math.round(drawn.getBoundingClientRect().width),
            Math.round(e.closest('.jp-OutputArea-output').getBoundingClientRect().width)]; })"""


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


def offline_page(browser):
    """A page in a fresh context with every off-machine request blocked (and listed in `page.off_machine`), and the
    requests for the book's served front ends listed in `page.front_ends`."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.off_machine, page.front_ends = [], []

    def block(route):
        page.off_machine.append(route.request.url)
        route.abort()

    page.route(OFF_MACHINE, block)
    page.on("request", lambda r: "/peacebook/static/" in r.url and page.front_ends.append(r.url.split("?")[0]))
    return page


@pytest.mark.parametrize("notebook", CHAPTERS)
def test_every_chart_draws_in_jupyterlab_with_no_internet(browser, lab, notebook):
    base_url, _ = lab
    page = offline_page(browser)
    try:
        run_all_and_settle(page, base_url, notebook)
        expected = chart_cells(notebook)
        assert expected > 0, "the chapter should draw charts"
        page.wait_for_function(f"() => ({DRAWN})() >= {expected}", timeout=60_000)
        # issue #31: a chart takes its width from its output area, never collapsing nor reaching past it
        sizes = page.evaluate(SIZES)
        assert sizes and all(200 <= chart <= area + 1 for chart, area in sizes), sizes
        assert page.locator(".jp-OutputArea-output", has_text="JavaScript Error").count() == 0
        assert page.locator(".jp-OutputArea-output", has_text="Error loading script").count() == 0
        assert page.off_machine == []
        charts = [url for url in page.front_ends if url.endswith("/jupyterchart-offline.js")]
        assert len(charts) == 1, page.front_ends  # once for the page, however many charts
    finally:
        page.context.close()


def test_charts_draw_from_the_kernel_where_the_server_does_not_serve_their_front_end(browser, lab):
    """A kernel installed apart from the Jupyter server (or an editable install with no link, or another front
    end): the server answers 404 for the front end, so the first chart asks its kernel for it, once, and the
    charts draw although the kernel answers only after the cells run before the request."""
    base_url, _ = lab
    page = offline_page(browser)
    page.route(re.compile(r"/peacebook/static/"), lambda route: route.fulfill(status=404, body="not here"))
    asked = []  # the widgets' requests to the kernel for the charts' front end, read off the kernel's websocket

    def watch(socket):
        def sent(payload):
            text = payload if isinstance(payload, str) else payload.decode("utf-8", "replace")
            if '"front end"' in text and "jupyterchart-offline.js" in text:
                asked.append(text)

        socket.on("framesent", sent)

    page.on("websocket", watch)
    try:
        # The timeline has charts and a long table (78 events; tables of 20 rows or fewer are plain HTML).
        run_all_and_settle(page, base_url, "timeline.ipynb")
        page.wait_for_function(f"() => ({DRAWN})() >= {chart_cells('timeline.ipynb')}", timeout=60_000)
        assert len(asked) == 1  # once for the page, however many charts
        # The chapter's long table takes the same way (its front end is served, or asked of the kernel, alike).
        page.locator(".itables_anywidget .dt-search input").first.wait_for(timeout=60_000)
        assert page.off_machine == []
    finally:
        page.context.close()
