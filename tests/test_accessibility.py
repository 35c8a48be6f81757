"""Every built page checked with axe-core (tests/axe, installed by scripts/test.sh) in headless Chromium
with the network cut off: no serious or critical violations of WCAG 2.1 A/AA or axe's best practices.
Charts and saved widgets are drawn before the check, so what they add to the page is checked too."""

from pathlib import Path

import pytest

from test_book_browser import PAGES, visit  # noqa: F401  (the page-opening fixture)

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
STANDARDS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SERIOUS = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix tests/axe` (scripts/test.sh does)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags}})).violations
             .map(v => ({id: v.id, impact: v.impact, help: v.help,
                         nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)}))""",
        STANDARDS,
    )


# The controls accessibility.js names, before it has named them.
UNLABELLED = """[...document.querySelectorAll(
    '.vega-embed > details > summary:not([aria-label]), li.has-children > details > summary:not([aria-label]),'
    + '.vega-embed g.role-mark[class*="_brush"]:not([aria-hidden]), .widget-slider .noUi-handle:not([aria-label])')]"""


def drawn(visit_, path):
    v = visit_(path)
    charts = v.page.locator(".vega-embed")
    for i in range(charts.count()):
        charts.nth(i).locator("svg").first.wait_for(state="attached", timeout=15000)
    if v.page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count():
        v.page.locator(".jupyter-widgets").first.wait_for(timeout=15000)
    # The labelling script (_ext/static/accessibility.js) runs on the next animation frame: wait until every
    # control it names has its name.
    v.page.wait_for_function(UNLABELLED + ".length === 0", timeout=15000)
    return v.page


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(visit, path):
    page = drawn(visit, path)
    # Every chart is named for assistive technology by its text description: vega puts it on the
    # chart's container (role graphics-document) as its aria-label.
    unnamed = page.evaluate("""() => [...document.querySelectorAll('.vega-embed')].filter(embed => {
        const chart = embed.querySelector('[role="graphics-document"]');
        return !chart || (chart.getAttribute('aria-label') || '').length < 30; }).length""")
    assert unnamed == 0, f"{path}: {unnamed} chart(s) without a text description"
    found = [v for v in axe_violations(page) if v["impact"] in SERIOUS]
    report = "\n".join(f"{v['impact']} {v['id']} ({v['help']}):\n    " + "\n    ".join(v["nodes"][:5]) for v in found)
    assert not found, f"{path}: axe-core found\n{report}"


def test_axe_finds_a_planted_violation(visit):
    """The check itself works: an unlabelled image button is reported."""
    page = drawn(visit, "intro.html")
    page.evaluate("""() => { const b = document.createElement("button");
        b.innerHTML = "<svg width='10' height='10'></svg>"; document.querySelector("main").append(b); }""")
    assert "button-name" in {v["id"] for v in axe_violations(page) if v["impact"] in SERIOUS}


def test_a_chart_menu_works_from_the_keyboard(visit):
    """The provision matrix's reference menu, focused and changed by typing, redraws the chart."""
    page = drawn(visit, "chapters/compare.html")
    menu = page.locator(".vega-bind", has=page.locator("text=/^Compare with/")).locator("select")
    before = menu.input_value()
    green = "() => [...document.querySelectorAll('.vega-embed .mark-rect.role-mark path')].filter(p => p.getAttribute('fill') === '#1b7837').length"
    greens_before = page.evaluate(green)
    menu.focus()
    # A closed menu jumps to the next option starting with the typed letter. Two texts can share a count of
    # matching cells, so keep typing (at most five times) until the chart shows a different count.
    for _ in range(5):
        page.keyboard.press("M")
        assert menu.input_value() != before and menu.input_value().startswith("M"), "typing did not move the menu"
        try:
            page.wait_for_function(f"() => ({green})() !== {greens_before}", timeout=2000)
            break
        except Exception:  # same count for this text: try the next one
            continue
    else:
        raise AssertionError("choosing texts from the keyboard never redrew the chart")


def test_a_long_table_is_searched_and_paged_from_the_keyboard(visit):
    """The event list's search box and pager (DataTables) are labelled and work from the keyboard."""
    page = drawn(visit, "chapters/timeline.html")
    box = page.locator(".pb-datatable").first
    search = box.locator(".dt-search input")
    assert page.evaluate("(el) => el.labels.length > 0 || !!el.getAttribute('aria-label')", search.element_handle())
    search.focus()
    page.keyboard.type("Istanbul")
    page.wait_for_function(
        "(el) => el.textContent.includes('narrowed')", arg=box.locator(".dt-info").element_handle(), timeout=5000
    )
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    info = box.locator(".dt-info").inner_text()
    next_page = box.locator(".dt-paging button.next")
    next_page.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"(el) => el.textContent !== {info!r}", arg=box.locator(".dt-info").element_handle(), timeout=5000
    )
