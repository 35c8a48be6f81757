"""Long tables in a real JupyterLab: a chapter's long table is itables' widget there (peacebook.views.live_tables),
searchable, sortable and paged with every off-machine request blocked, and a table of hostile text shows that
text as text (headless Debian Chromium)."""

import re

import nbformat
import pytest

from conftest import ROOT, let_injected_handlers_run
from jupyter_server import OFF_MACHINE, jupyter_lab, run_all_and_settle
from peacebook.data import load_table
from peacebook.files.sample_class import HOSTILE_TEXTS

pytestmark = pytest.mark.browser
HOSTILE_CELL = """import pandas as pd
from peacebook.views import tables
from peacebook.files.sample_class import HOSTILE_TEXTS

frame = pd.DataFrame({"Text": HOSTILE_TEXTS * 5, "Row": [f"row {i}" for i in range(len(HOSTILE_TEXTS) * 5)]})
tables.show(tables.frame_html(frame, caption=HOSTILE_TEXTS[1]))"""


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    staging = tmp_path_factory.mktemp("tables")
    hostile = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(HOSTILE_CELL)])
    hostile.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(hostile, staging / "hostile-table.ipynb")
    with jupyter_lab([ROOT / "chapters" / "timeline.ipynb", staging / "hostile-table.ipynb"]) as running:
        yield running


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.off_machine = []
    dialogs = page.dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def block(route):
        page.off_machine.append(route.request.url)
        route.abort()

    page.route(OFF_MACHINE, block)
    page.front_ends = []
    page.on("request", lambda r: "/peacebook/static/" in r.url and page.front_ends.append(r.url.split("?")[0]))
    yield page
    context.close()


def total_rows(table) -> int:
    """The row count in DataTables' info line ('Rows 1 to 5 of 120', '… of 3 (narrowed from 120)')."""
    info = table.locator(".dt-info").inner_text()
    return int(re.search(r"of ([\d,]+)", info).group(1).replace(",", ""))


def test_a_chapters_long_table_is_searched_in_jupyterlab_with_no_internet(lab, page):
    base_url, _ = lab
    run_all_and_settle(page, base_url, "timeline.ipynb")
    table = page.locator(".itables_anywidget", has=page.locator("caption", has_text="Events in the timeline"))
    table.locator(".dt-search input").wait_for(timeout=60_000)
    everything = total_rows(table)
    shown = table.locator("tbody tr").count()
    assert everything > 50 and shown < everything  # paged
    table.locator(".dt-search input").fill("Istanbul")
    page.wait_for_function(
        "el => /narrowed/.test(el.querySelector('.dt-info').textContent)", arg=table.element_handle()
    )
    narrowed = total_rows(table)
    assert 0 < narrowed < everything
    for row in table.locator("tbody tr").all():
        assert "istanbul" in row.inner_text().lower()
    # Sorted by date, by each date cell's data-order (as on the page): newest first on a second click.
    table.locator(".dt-search input").fill("")
    first = table.locator("tbody tr td.pb-date").first
    oldest = first.get_attribute("data-order")
    header = table.locator("thead th", has_text="Date")
    header.click()
    header.click()
    page.wait_for_function(
        "([el, old]) => el.querySelector('tbody td.pb-date').dataset.order > old", arg=[table.element_handle(), oldest]
    )
    newest = first.get_attribute("data-order")
    assert newest == f"{load_table('events')['date'].max():%Y-%m-%d}"
    page.screenshot(path=str(ROOT / "_build" / "screenshots" / "lab-timeline-table.png"))
    # DataTables came from the Jupyter server once for the page, not with each table (issue #32).
    assert sorted(url.rsplit("/", 1)[1] for url in page.front_ends if "itables" in url) == [
        "itables-widget.css",
        "itables-widget.js",
    ]
    assert page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count() == 0
    assert page.off_machine == []


def test_a_live_table_of_hostile_text_shows_it_as_text(lab, page):
    base_url, _ = lab
    run_all_and_settle(page, base_url, "hostile-table.ipynb")
    table = page.locator(".itables_anywidget")
    table.locator(".dt-search input").wait_for(timeout=60_000)
    let_injected_handlers_run(page)
    assert page.evaluate("() => window.__pwned") is None
    assert page.dialogs == []
    assert table.locator("tbody img, tbody svg, tbody script, caption img").count() == 0
    cells = table.locator("tbody td").all_inner_texts()
    assert any(text.strip() in HOSTILE_TEXTS for text in cells)
    assert table.locator("caption").inner_text().strip() == HOSTILE_TEXTS[1]
    table.locator(".dt-search input").fill("onerror")
    page.wait_for_function(
        "el => /narrowed/.test(el.querySelector('.dt-info').textContent)", arg=table.element_handle()
    )
    assert total_rows(table) == 5
    assert page.off_machine == []
