"""The built book in headless Debian Chromium with every off-machine request blocked: each page loads
without failed requests or console errors, every chart draws, every saved widget view renders, and the
timeline's inputs change what the chart shows."""

import json
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import BUILT_HTML, wait_until_drawn
from peacebook import data
from peacebook.model import timeline

pytestmark = pytest.mark.browser

# Known harmless console messages, each with why it is harmless:
BENIGN_CONSOLE = (
    "Identifier 'THEBE_JS_URL' has already been declared",  # sphinx-thebe emits its config twice (Sphinx 7.4)
    "Got invalid theme mode",  # pydata-sphinx-theme resets an empty stored mode to 'auto'
)
PAGES = (
    sorted(
        p.relative_to(BUILT_HTML).as_posix()
        for p in BUILT_HTML.rglob("*.html")
        if "_sources" not in p.parts and "_static" not in p.parts
    )
    if BUILT_HTML.exists()
    else []
)


class PageVisit:
    """A page opened with the network cut off, recording what went wrong. The viewport is set before the page
    loads: resizing a page after it has laid out leaves the theme's layout as it was."""

    def __init__(self, browser, path, viewport=(1280, 1000)):
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.off_site, self.failed, self.errors = [], [], []
        self.page.route(re.compile(r"^(?!file:|data:|blob:)"), self._block)
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self._record(f"pageerror: {e}"))
        self.page.goto((BUILT_HTML / path).as_uri())
        self.page.wait_for_load_state("load")

    def _block(self, route):
        self.off_site.append(route.request.url)
        route.abort()

    def _console(self, message):
        if message.type == "error":
            self._record(message.text)

    def _record(self, text):
        if not any(benign in text for benign in BENIGN_CONSOLE):
            self.errors.append(text)

    def close(self):
        self.page.close()


@pytest.fixture
def visit(browser, built_html):
    opened = []

    def open_page(path):
        opened.append(PageVisit(browser, path))
        return opened[-1]

    yield open_page
    for v in opened:
        v.close()


def test_the_book_has_its_pages(built_html):
    assert {"intro.html", "chapters/timeline.html", "chapters/references.html"} <= set(PAGES)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_works_offline(visit, path):
    v = visit(path)
    page = v.page
    charts = page.locator(".vega-embed")
    for i in range(charts.count()):
        charts.nth(i).locator("svg").first.wait_for(state="attached", timeout=15000)  # some sit in hidden tabs
    widget_states = page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count()
    if widget_states:
        page.locator(".jupyter-widgets").first.wait_for(timeout=15000)
    wait_until_drawn(page)  # so that a late request or error is caught below
    assert v.off_site == [], f"{path} asked for off-site resources"
    assert v.failed == [], f"{path} had failed requests"
    assert v.errors == [], f"{path} logged console errors"
    assert page.locator(".vega-embed .error, .vega-embed .vega-error").count() == 0
    assert "Error loading script" not in page.inner_text("body")


def _visible_symbols(page):
    return page.locator(".vega-embed .mark-symbol.role-mark path").count()


def _counter(page):
    texts = page.locator(".vega-embed svg text").all_text_contents()
    return next(t for t in texts if t.startswith("Showing "))


def test_the_timeline_filters_respond_without_a_kernel(visit):
    events = data.load_table("events")
    page = visit("chapters/timeline.html").page
    page.locator(".vega-embed svg").first.wait_for(timeout=15000)
    page.wait_for_function("() => document.querySelectorAll('.vega-embed .mark-symbol.role-mark path').length > 0")
    total = len(events)
    assert _visible_symbols(page) == total
    assert _counter(page) == f"Showing {total} of {total} events"

    expected = len(timeline.filter_events(events, category="ceasefire"))
    page.locator(".vega-bindings select").select_option("Ceasefire")
    page.wait_for_function(
        f"() => document.querySelectorAll('.vega-embed .mark-symbol.role-mark path').length === {expected}"
    )
    assert _counter(page) == f"Showing {expected} of {total} events"

    page.locator(".vega-bindings select").select_option("all")
    search = page.locator(".vega-bindings input[type=search]")
    search.fill("OSCE")
    search.dispatch_event("input")
    expected = len(timeline.filter_events(events, text="OSCE"))
    assert 0 < expected < total
    page.wait_for_function(
        f"() => document.querySelectorAll('.vega-embed .mark-symbol.role-mark path').length === {expected}"
    )
    assert _counter(page) == f"Showing {expected} of {total} events"


def test_dragging_across_the_overview_zooms_the_timeline(visit):
    page = visit("chapters/timeline.html").page
    page.locator(".vega-embed svg").first.wait_for(timeout=15000)
    axis_labels = "() => [...document.querySelectorAll('.vega-embed .role-axis-label text')].map(t => t.textContent)"
    before = page.evaluate(axis_labels)
    overview = page.locator(".vega-embed svg g.timeline_overview_group").first
    overview.scroll_into_view_if_needed()
    strip = overview.bounding_box()
    y = strip["y"] + 18  # the middle of the 36-pixel strip
    page.mouse.move(strip["x"] + strip["width"] * 0.05, y)
    page.mouse.down()
    page.mouse.move(strip["x"] + strip["width"] * 0.15, y, steps=5)
    page.mouse.up()
    page.wait_for_function(f"() => JSON.stringify(({axis_labels})()) !== {json.dumps(json.dumps(before))}")
    after = page.evaluate(axis_labels)
    assert after != before
    # The overview keeps its years; the detail axis now shows a finer scale (months) for the zoomed span.
    assert set(after) - set(before)


def test_the_explorer_widget_is_a_launch_point_on_the_published_page(visit):
    """The explorer needs a kernel: the page says so and links to Binder instead of showing dead controls
    (the chart and the searchable event list do the filtering without a kernel). In the notebook it stays."""
    page = visit("chapters/timeline.html").page
    assert page.locator(".jupyter-widgets, .widget-dropdown").count() == 0
    section = page.locator("section", has=page.locator("h2", has_text="in a live notebook")).last
    assert "runs in a live notebook" in section.inner_text()
    href = section.locator("a.pb-binder-link").get_attribute("href")
    assert href.endswith("#no-launch-buttons") if placeholder_build() else "timeline.ipynb" in href
    notebook = json.loads((BUILT_HTML.parent.parent / "chapters" / "timeline.ipynb").read_text(encoding="utf-8"))
    explorer = [c for c in notebook["cells"] if "TimelineExplorer(" in "".join(c["source"])]
    assert explorer and {"remove-cell", "skip-execution"} <= set(explorer[0]["metadata"]["tags"])


def test_the_data_dictionary_links_every_table_for_download(visit, built_html):
    from peacebook import data as data_module

    page = visit("chapters/data.html").page
    links = page.locator("a[download]")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert sorted(h.split("/")[-1] for h in hrefs) == sorted(r["path"] for r in data_module.load_package()["resources"])
    for href in hrefs:
        assert (built_html / "chapters" / href).resolve().is_file(), href
    assert data_module.as_of().strftime("%B %Y") in page.inner_text("body")


def test_the_static_workshop_counts_red_lines_and_closest_texts_without_a_kernel(visit):
    from peacebook.model.settlement import Catalogue, Choice, Draft

    catalogue = Catalogue.load()
    page = visit("chapters/workshop.html").page
    page.locator(".vega-bindings select").first.wait_for(timeout=15000)

    def choose(issue_id, option_id):
        binding = page.locator(".vega-bind", has=page.locator(f"text=/^{issue_id} /"))
        binding.locator("select").select_option(option_id)

    def labels():
        return page.evaluate(
            "() => [...document.querySelectorAll('.vega-embed .mark-text.role-mark text')].map(t => t.textContent)"
        )

    minsk = catalogue.text_options["M2"]
    for issue_id, option_id in minsk.items():
        choose(issue_id, option_id)
    page.wait_for_function(
        f"() => [...document.querySelectorAll('.vega-embed text')].some(t => t.textContent === '{len(minsk)} of {len(minsk)}')"
    )

    draft = Draft(choices={i: Choice(o) for i, o in minsk.items()} | {"A06": Choice("A06.d")})
    choose("A06", "A06.d")
    expected = catalogue.feedback(draft).red_line_counts()
    want = [str(expected[p]) for p in ("Ukraine", "Russia", "United States", "Europe")]
    assert expected["Russia"] >= 1
    # the first chart's bar labels, in party order, once the chart has redrawn for the new choice
    shown = "() => [...document.querySelectorAll('.vega-embed .mark-text.role-mark text')].map(t => t.textContent).slice(0, 4)"
    try:
        page.wait_for_function(
            f"(want) => JSON.stringify(({shown})()) === JSON.stringify(want)", arg=want, timeout=10000
        )
    except PlaywrightTimeout:
        pytest.fail(f"the red-line counts read {labels()[:4]}; the model says {want}")


def placeholder_build() -> bool:
    """Whether the book was built with the placeholder repository (a local build): no launch buttons, and the
    front page says why (_ext/launch_link.py)."""
    return 'id="no-launch-buttons"' in (BUILT_HTML / "intro.html").read_text(encoding="utf-8")


def test_the_binder_link_in_the_text_matches_the_launch_button(built_html):
    page = (built_html / "chapters" / "workshop.html").read_text(encoding="utf-8")
    ours = re.search(r'class="pb-binder-link[^"]*" href="([^"]+)"|href="([^"]+)"[^>]*class="[^"]*pb-binder-link', page)
    assert ours, "no {binder-link} in the workshop page"
    link = ours.group(1) or ours.group(2)
    if placeholder_build():  # no launch button, and the link leads to the front page's note instead of a dead end
        assert link == "../intro.html#no-launch-buttons" and "mybinder.org/v2" not in page
        return
    assert link.startswith("https://mybinder.org/v2/gh/") and link.endswith("urlpath=lab/tree/chapters/workshop.ipynb")
    assert f'href="{link}"' in page.replace(ours.group(0), "")  # the rocket button offers the same URL


def test_the_army_limits_chart_switches_category_without_a_kernel(visit):
    table = data.load_table("figures")
    limits = table.query("series.str.startswith('Limits on Ukraine')")
    now = table.query("series.str.startswith('Size of Ukraine')").sort_values("date").iloc[-1]
    page = visit("chapters/istanbul.html").page
    menu = page.locator(".vega-bind", has=page.locator("text=/^Compare/")).locator("select")
    menu.wait_for(timeout=15000)
    for measure, rows in limits.groupby("measure"):
        menu.select_option(measure)
        expected = sorted(f"{int(v):,}" for v in rows["value"])
        if measure == "peacetime personnel":  # beside it, the army's size now, as stated
            expected.append(f"{int(now.value):,}")
        page.wait_for_function(
            "(want) => want.every(w => [...document.querySelectorAll('.vega-embed text')].some(t => t.textContent === w))",
            arg=expected,
            timeout=5000,
        )


def test_the_stance_grid_filters_by_party_without_a_kernel(visit):
    from peacebook.model import current

    t = data.load_tables()
    proposal = current.current_proposal(t["texts"], t["provisions"])
    grid = current.stance_grid(proposal.text_code, t["provisions"], t["positions"], t["options"])
    page = visit("chapters/current.html").page
    menu = page.locator(".vega-bind", has=page.locator("text=/^Party/")).locator("select")
    menu.wait_for(timeout=15000)
    opaque = "() => [...document.querySelectorAll('.vega-embed .mark-rect.role-mark path')].filter(p => (p.getAttribute('opacity') ?? '1') === '1').length"
    assert page.evaluate(opaque) == len(grid)
    menu.select_option("Russia")
    page.wait_for_function(f"() => ({opaque})() === {int((grid.party == 'Russia').sum())}", timeout=5000)


def test_the_provision_matrix_compares_with_a_chosen_text_without_a_kernel(visit):
    from peacebook.model import compare

    t = data.load_tables()
    matrix = compare.matrix(t["provisions"], t["texts"], t["options"], t["issues"])
    page = visit("chapters/compare.html").page
    menu = page.locator(".vega-bind", has=page.locator("text=/^Compare with/")).locator("select")
    menu.wait_for(timeout=15000)
    green = "() => [...document.querySelectorAll('.vega-embed .mark-rect.role-mark path')].filter(p => p.getAttribute('fill') === '#1b7837').length"
    for code in ("M2", "RM"):
        ref = matrix[matrix.text_code == code]
        label = f"{ref.short_title.iloc[0]} ({ref.date.iloc[0]:%Y})"
        same = matrix[
            (matrix.text_code != code)
            & matrix.set_index(["issue_id", "option_id"]).index.isin(ref.set_index(["issue_id", "option_id"]).index)
        ]
        menu.select_option(label)
        page.wait_for_function(f"() => ({green})() === {len(same)}", timeout=5000)


def test_a_printed_chapter_keeps_its_charts_and_drops_the_navigation(visit):
    page = visit("chapters/istanbul.html").page
    page.locator(".vega-embed svg").first.wait_for(timeout=15000)
    page.emulate_media(media="print")
    assert page.locator(".vega-embed svg").first.is_visible()
    assert not page.locator(".bd-sidebar-primary").first.is_visible()
    assert not page.locator(".vega-bindings").first.is_visible()  # the menus, useless on paper


def test_the_comparison_charts_name_every_text_in_full(visit):
    """Issue #29: a package's short title says what it is and, where only a summary was coded, 'summary only';
    the provision matrix (title and year) and the rubric chart must show each name whole, never cut with '…'."""
    t = data.load_tables()
    page = visit("chapters/compare.html").page
    page.locator(".vega-embed svg").first.wait_for(timeout=15000)
    page.wait_for_function("() => document.querySelectorAll('.vega-embed svg').length >= 3", timeout=15000)
    labels = set(page.locator(".vega-embed svg text").all_text_contents())
    scored = set(t["assessments"]["text_code"])
    coded = set(t["provisions"].dropna(subset=["option_id"])["text_code"])
    for text in t["texts"].itertuples():
        if text.text_code in coded:
            assert f"{text.short_title} ({text.date:%Y})" in labels, text.short_title
        if text.text_code in scored:
            assert text.short_title in labels, text.short_title
    assert any("summary only" in label for label in labels)
