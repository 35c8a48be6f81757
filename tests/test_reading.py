"""Reading the built book as a reader does (issue #18), in headless Chromium with the network cut off,
at a laptop's 1280x900 and a phone's 390x844: page length, no sideways scrolling, no label cut short,
every chart with its data table, long tables searchable and paged on the static page, and printing
(Chromium's PDF) that keeps every row of every table and prints the event list once.

Each chapter is also saved as a full-page screenshot at both widths into _build/screenshots/ for review;
nothing is asserted on pixels."""

import io
import re
import unicodedata

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import BUILT_HTML, ROOT, let_injected_handlers_run, wait_until_drawn
from test_book_browser import PageVisit

pytestmark = pytest.mark.browser

LAPTOP, PHONE = (1280, 900), (390, 844)
MAX_SCREENS = 15
SCREENSHOTS = ROOT / "_build" / "screenshots"


def _chapters():
    """The chapter pages: every page of the table of contents except the exercise pages."""
    if not BUILT_HTML.exists():
        return []
    pages = ["intro.html"] + [
        p.relative_to(BUILT_HTML).as_posix() for p in sorted((BUILT_HTML / "chapters").glob("*.html"))
    ]
    return pages


CHAPTERS = _chapters()


def open_page(browser, path, viewport):
    v = PageVisit(browser, path, viewport)
    page = v.page
    charts = page.locator(".vega-embed")
    for i in range(charts.count()):
        charts.nth(i).locator("svg").first.wait_for(state="attached", timeout=15000)
    if page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count():
        page.locator(".jupyter-widgets").first.wait_for(timeout=15000)
    wait_until_drawn(page)
    return v


def wait_for_every(page, boxes_js: str, good_js: str, what: str, timeout_ms: int = 10000) -> list:
    """Wait until every box `boxes_js` lists meets `good_js` (the cue follows each box's size through a
    ResizeObserver, and its shadow fades in); fail naming the boxes that never do. Returns the boxes."""
    try:
        page.wait_for_function(f"() => ({boxes_js})().every({good_js})", timeout=timeout_ms)
    except PlaywrightTimeout:
        boxes = page.evaluate(boxes_js)
        bad = page.evaluate(f"(boxes) => boxes.map({good_js})", boxes)
        pytest.fail(f"{what}: " + "; ".join(str(b) for b, ok in zip(boxes, bad) if not ok))
    return page.evaluate(boxes_js)


@pytest.fixture
def reader(browser, built_html):
    opened = []

    def _open(path, viewport=LAPTOP):
        opened.append(open_page(browser, path, viewport))
        return opened[-1].page

    yield _open
    for v in opened:
        v.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1280x900", "390x844"])
@pytest.mark.parametrize("path", CHAPTERS)
def test_page_length_and_no_sideways_scroll(reader, path, viewport):
    page = reader(path, viewport)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = path.replace("/", "-").removesuffix(".html")
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{viewport[0]}x{viewport[1]}.png"), full_page=True)
    height, scroll_width, client_width = page.evaluate(
        "() => [document.documentElement.scrollHeight, document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, f"{path} scrolls sideways at {viewport}: {scroll_width} > {client_width} px"
    if viewport == LAPTOP:
        # The text, charts and controls; not the rows of the book's tables, which since issue #31 show 10 or more
        # a page, and all of them up to 20 (a reader scrolls rows faster than paging through them).
        rows = page.evaluate(
            "() => [...document.querySelectorAll('table.pb-table:not(.pb-print-copy) > tbody')]"
            ".reduce((sum, body) => sum + body.getBoundingClientRect().height, 0)"
        )
        screens = (height - rows) / viewport[1]
        assert screens <= MAX_SCREENS, f"{path} is {screens:.1f} screens long at {viewport} (at most {MAX_SCREENS})"


CUT = """() => [...document.querySelectorAll(
        '.jupyter-widgets *, .vega-bindings *, .pb-datatable .dt-search *, .pb-datatable .dt-length *, th, caption, summary')]
    .filter(e => e.children.length === 0 && e.textContent.trim() && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1
                 && getComputedStyle(e).overflowX !== 'visible')
    .map(e => e.textContent.trim())"""
# A widget's row or a button cut at the column's edge (a leaf-only check misses a button's label beside its icon,
# and a row of controls that scrolls inside its own box).
CLIPPED = """() => [...document.querySelectorAll('.jupyter-widgets.widget-box, .jupyter-widgets button')]
    .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
    .map(e => e.textContent.trim().slice(0, 80))"""


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1280x900", "390x844"])
@pytest.mark.parametrize("path", ["chapters/workshop.html", "chapters/timeline.html", "chapters/current.html"])
def test_no_label_is_cut_short(reader, path, viewport):
    page = reader(path, viewport)
    tabs = page.locator(".lm-TabBar-tabLabel")
    cut_tabs = page.evaluate(
        "() => [...document.querySelectorAll('.lm-TabBar-tabLabel')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"
    )
    assert cut_tabs == [], f"tab labels cut short at {viewport}: {cut_tabs}"
    if path == "chapters/workshop.html":
        assert tabs.count() >= 6
    assert page.evaluate(CUT) == []
    assert page.evaluate(CLIPPED) == [], f"widget rows or buttons cut at {viewport}"


CHART_BOXES = """() => [...document.querySelectorAll('.cell_output .vega-embed')].map(box => {
    const hint = box.previousElementSibling;
    const after = getComputedStyle(box, '::after');
    return {overflows: box.scrollWidth > box.clientWidth + 1, cue: box.classList.contains('pb-overflows'),
            hint: !!hint && hint.classList.contains('pb-scroll-hint') && !hint.hidden && hint.offsetHeight > 0
                  && hint.textContent.includes('Scroll sideways'),
            shadow: after.backgroundImage.includes('gradient') && after.opacity === '1',
            focusable: box.tabIndex === 0};
})"""


@pytest.mark.parametrize("path", [p for p in CHAPTERS if p.startswith("chapters/")])
def test_a_wide_chart_shows_that_it_scrolls(reader, path):
    """At 390x844 a chart wider than the column scrolls inside its own box, with a visible cue: a line that
    says so and a shadow on the edge that hides more of it; a chart that fits shows neither."""
    page = reader(path, PHONE)
    # Charts one click away (in a closed block) are laid out but not shown, so their shadows never fade in: open
    # every block first, as a reader would, and judge every chart.
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    # a chart that overflows shows every cue; a chart that fits shows none
    wait_for_every(
        page,
        CHART_BOXES,
        "b => b.overflows ? (b.cue && b.hint && b.shadow && b.focusable) : (!b.cue && !b.hint)",
        f"{path}: charts whose scroll cue does not match whether they overflow",
    )


CHART_FIT = """() => {
  const article = document.querySelector('article.bd-article'), style = getComputedStyle(article);
  const column = article.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [...document.querySelectorAll('.cell_output .vega-embed')].filter(box => box.offsetParent).map(box => {
    const drawn = box.querySelector('.chart-wrapper > svg, .chart-wrapper > canvas'), hint = box.previousElementSibling;
    const reason = box.dataset.pbScrollReason || '';
    return {chart: (drawn.getAttribute('aria-label') || '').slice(0, 70), column: Math.round(column),
            width: Math.round(drawn.getBoundingClientRect().width), box: Math.round(box.getBoundingClientRect().width),
            reason: reason, said: !!reason && !!hint && hint.classList.contains('pb-scroll-hint') && !hint.hidden
                                  && hint.textContent.includes(reason)};
  });
}"""
CHART_PAGES = [p for p in CHAPTERS if "altair-viz" in (BUILT_HTML / p).read_text(encoding="utf-8")]


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1280x900", "390x844"])
@pytest.mark.parametrize("path", CHART_PAGES)
def test_every_chart_fits_its_column_or_says_why_it_scrolls(reader, path, viewport):
    """Issue #31: at a laptop's and a phone's width, every chart drawn on the page is no wider than the text
    column; a chart that keeps a wider layout (the role-play's grids, on a phone) says why above it."""
    page = reader(path, viewport)
    boxes = wait_for_every(
        page,
        CHART_FIT,
        "b => b.width <= b.column + 1 && b.box <= b.column + 1 || (b.reason && b.said)",
        f"{path} at {viewport}: charts wider than the column that do not say why",
    )
    assert boxes, f"{path}: no chart drawn"
    if viewport == LAPTOP:
        assert not [b for b in boxes if b["width"] > b["column"] + 1], "at 1280 every chart fits, role-play's too"


TABLE_BOXES = """() => {
  const column = document.querySelector('article.bd-article').getBoundingClientRect().right;
  const scrolling = t => { for (let e = t.parentElement; e && e.tagName !== 'ARTICLE'; e = e.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) return e; } return null; };
  return [...document.querySelectorAll('table.pb-table, table.dataframe')].filter(t => t.offsetParent).map(table => {
    const box = scrolling(table);
    const place = box && box.classList.contains('dt-layout-cell') ? box.parentElement : box;
    const hint = place && place.previousElementSibling;
    return {table: [...table.querySelectorAll('th')].slice(0, 3).map(h => h.textContent.slice(0, 20)).join('|'),
            pastColumn: table.getBoundingClientRect().right > column + 1 && !box,
            overflows: !!box && box.scrollWidth > box.clientWidth + 1, cue: !!box && box.classList.contains('pb-overflows'),
            hint: !!hint && hint.classList.contains('pb-scroll-hint') && !hint.hidden && hint.textContent.includes('whole table'),
            shadow: !!box && getComputedStyle(box).backgroundImage.includes('gradient'), focusable: !!box && box.tabIndex === 0};
  });
}"""


@pytest.mark.parametrize(
    "path", ["chapters/current.html", "chapters/compare.html", "chapters/dashboard.html", "chapters/roleplay.html"]
)
def test_a_wide_table_scrolls_in_its_own_box_with_a_cue(reader, path):
    """At 1280x900, with every collapsed block open, no table reaches past the text column: one wider than the
    column scrolls inside its own box, with the chart's cue (a line that says so, shadows, keyboard focus)."""
    page = reader(path, LAPTOP)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    boxes = wait_for_every(
        page,
        TABLE_BOXES,
        "b => !b.pastColumn && (!b.overflows || (b.cue && b.hint && b.shadow && b.focusable))",
        f"{path}: tables past the column, or wide tables without their cue",
    )
    assert boxes, f"{path}: no table found"
    assert any(b["overflows"] for b in boxes), f"{path}: expected at least one wide table here"


@pytest.mark.parametrize("path", [p for p in CHAPTERS if p.startswith("chapters/")])
def test_every_chart_has_its_data_table(reader, path):
    page = reader(path)
    outputs = page.locator(".cell_output:has(.vega-embed)")
    for i in range(outputs.count()):
        output = outputs.nth(i)
        table = output.locator("details.pb-chart-data table tbody tr")
        reference = output.locator(".pb-chart-data-ref a[href^='#']")
        assert table.count() or reference.count(), f"{path}: chart {i + 1} has no data table"
        if table.count():
            # A cell may draw several charts (one per role-play table): each has its own data table.
            boxes = output.locator("details.pb-chart-data")
            assert boxes.count() >= output.locator(".vega-embed").count(), f"{path}: output {i + 1} lacks a data table"
            for b in range(boxes.count()):
                assert boxes.nth(b).locator("summary").inner_text().startswith("Show the data")
                assert boxes.nth(b).get_attribute("open") is None  # collapsed
        else:
            anchor = reference.first.get_attribute("href")[1:]
            assert page.locator(f"[id='{anchor}'] table.pb-table, [id='{anchor}'] ~ * table.pb-table").count(), anchor


def test_the_ceilings_of_april_2022_are_text_on_the_page(reader):
    """Key numbers are not only inside a chart: the April 2022 draft's competing ceilings are in its data table."""
    from peacebook import data
    from peacebook.model import figures

    limits = figures.series(
        data.load_table("figures"),
        "Limits on Ukraine's armed forces proposed in the April 2022 draft treaty",
        measures=["peacetime personnel"],
    )
    page = reader("chapters/istanbul.html")
    text = page.locator("details.pb-chart-data").all_text_contents()
    for value in limits["value"]:
        assert any(f"{int(value):,}" in t for t in text), value


def test_a_table_search_narrows_the_rows_on_the_static_page(reader):
    from peacebook import data

    events = data.load_table("events")
    page = reader("chapters/timeline.html")
    box = page.locator(".pb-datatable").filter(has=page.locator("caption", has_text="Events in the timeline")).first
    search = box.locator(".dt-search input")
    search.wait_for(timeout=5000)
    info = box.locator(".dt-info")
    assert f"of {len(events)}" in info.inner_text()
    assert box.locator("tbody tr").count() < len(events)  # paged
    search.fill("Minsk")
    page.wait_for_function("(el) => el.textContent.includes('narrowed')", arg=info.element_handle(), timeout=5000)
    rows = box.locator("tbody tr")
    assert 0 < rows.count() < len(events)
    for i in range(rows.count()):
        assert "minsk" in rows.nth(i).inner_text().lower()
    shown = int(re.search(r"of ([\d,]+)", info.inner_text()).group(1).replace(",", ""))
    assert 0 < shown < len(events)
    # Sorting by date follows the date (each date cell's ISO data-order), not the text of the cell.
    search.fill("")
    order = "(el) => [...el.querySelectorAll('tbody tr td:first-child')].map(td => td.dataset.order)"
    seen = set()
    header = box.locator("thead th", has_text="Date")
    for _ in range(2):
        before = header.get_attribute("aria-sort")
        header.click()
        # DataTables marks the column it sorts by; wait for the mark to change, then read the order.
        page.wait_for_function(
            "([th, old]) => th.getAttribute('aria-sort') !== old", arg=[header.element_handle(), before]
        )
        dates = page.evaluate(order, box.element_handle())
        assert dates in (sorted(dates), sorted(dates, reverse=True)), dates
        seen.add(dates[0])
    assert events["date"].max().strftime("%Y-%m-%d") in seen and events["date"].min().strftime("%Y-%m-%d") in seen


def test_the_timeline_page_has_one_event_list_and_no_dead_widget(reader):
    page = reader("chapters/timeline.html")
    assert page.locator(".jupyter-widgets").count() == 0
    assert page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count() == 0
    assert page.locator("table.pb-events").count() == 2  # the paged list and its full copy for printing
    assert page.locator("table.pb-events.pb-print-copy").count() == 1
    link = page.locator("a.pb-binder-link")
    assert link.count() >= 1
    href = link.first.get_attribute("href")  # a local build has no Binder: the link leads to the front page's note
    assert "timeline.ipynb" in href or href.endswith("intro.html#no-launch-buttons")
    assert "runs in a live notebook" in page.inner_text("main")


def test_table_cells_stay_text_never_markup(browser, built_html, tmp_path):
    """A hostile cell (from a data file or a student's file) is shown as text by the enhanced table."""
    from html import escape

    from peacebook.views import tables

    import pandas as pd

    # 30 rows: a table of 20 or fewer is not paged (issue #31), and this one must be
    frame = pd.DataFrame({"Name": [f"<img src=x onerror=window.pwned=1>{i}" for i in range(30)], "n": range(30)})
    body = tables.frame_html(frame, caption="hostile")
    page_html = (built_html / "chapters" / "data.html").read_text(encoding="utf-8")
    page_html = page_html.replace("</main>", f"<div class='cell_output'>{body}</div></main>", 1)
    path = built_html / "chapters" / "_pb_hostile_test.html"
    path.write_text(page_html, encoding="utf-8")
    try:
        v = PageVisit(browser, "chapters/_pb_hostile_test.html")
        page = v.page
        box = page.locator(".pb-datatable").filter(has=page.locator("caption", has_text="hostile"))
        box.wait_for(timeout=5000)
        box.locator(".dt-search input").fill("pwned=1>1")  # rows 1 and 10 to 19: the table redraws its rows
        page.wait_for_function("(el) => /narrowed/.test(el.textContent)", arg=box.locator(".dt-info").element_handle())
        assert box.locator("tbody tr").count() == 11
        let_injected_handlers_run(page)
        assert page.evaluate("() => window.pwned") is None
        assert escape("<img") not in box.inner_text() and "<img src=x" in box.inner_text()
        v.close()
    finally:
        path.unlink()


def pdf_text(page) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=False)))
    return "".join(p.extract_text() or "" for p in reader.pages), len(reader.pages)


def _squash(text: str) -> str:
    """Letters and digits only, without ligatures (the PDF's "ﬁ" is "fi"): line breaks, and the quotation
    marks that CSS adds around a quote, do not matter."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text))


def printed(browser, path, extra=None):
    v = open_page(browser, path, LAPTOP)
    page = v.page
    page.emulate_media(media="print")
    # Every row of every table that prints: a table folded away ("Show the data") prints only when opened.
    rows = page.evaluate("""() => [...document.querySelectorAll('table.pb-table')]
        .filter(t => !t.closest('.pb-datatable') && !t.closest('details:not([open])'))
        .flatMap(t => [...t.tBodies].flatMap(b => [...b.rows].map(r => [...r.cells].map(c => c.innerText))))""")
    found = page.evaluate(extra) if extra else None
    text, pages = pdf_text(page)
    v.close()
    return (rows, text, pages, found) if extra else (rows, text, pages)


@pytest.mark.parametrize("path", [p for p in CHAPTERS if p.startswith("chapters/")])
def test_printing_keeps_every_row_of_every_table(browser, built_html, path):
    rows, text, pages = printed(browser, path)
    # in print each link is followed by its address, which would split a cell's text ("RFE/RL (unverified)")
    # (an address may wrap inside "https://" too)
    flat = _squash(re.sub(r"\s*\(\s*h\s*t\s*t\s*p\s*s?\s*:\s*/\s*/[^)]*\)", "", text))
    # A row is printed when each of its cells is: the start of each line of a cell and of each of its
    # sources (in print a link is followed by its URL; cells may print as labelled lines, and wrap).
    missing = [
        " | ".join(r)[:60]
        for r in rows
        if any(_squash(part)[:25] not in flat for cell in r for part in re.split(r"[;\n]", cell) if part.strip())
    ]
    assert not missing, (
        f"{path}: {len(missing)} of {len(rows)} table rows missing from the printout, e.g. {missing[:3]}"
    )


def test_the_event_list_prints_once_and_whole(browser, built_html):
    """The event list prints as one table of every event, and each event's title prints as often as the printed
    page shows it: a title may also stand in the chapter's prose or among its contested events, but print must
    neither cut one off nor repeat one."""
    from peacebook import data

    events = data.load_table("events")
    shown = """() => [[...document.querySelectorAll('table.pb-events')].filter(t => t.offsetParent !== null)
        .map(t => t.tBodies[0].rows.length), document.querySelector('main').innerText]"""
    rows, text, pages, (tables_printed, page_text) = printed(browser, "chapters/timeline.html", shown)
    assert tables_printed == [len(events)], "the printed page must hold the event list once, every row"
    flat, on_page = _squash(text), _squash(page_text)
    wrong = [
        (title, on_page.count(_squash(title)), flat.count(_squash(title)))
        for title in events["title"]
        if flat.count(_squash(title)) != on_page.count(_squash(title)) or not flat.count(_squash(title))
    ]
    assert not wrong, f"titles printed other than as the page shows them (title, on the page, printed): {wrong[:5]}"
