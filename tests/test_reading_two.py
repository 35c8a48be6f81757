"""Reading, part two (issue #31): the menu opens on a phone and toggles on a laptop, no page changes its height while
it is idle, tables page by 10 rows or more, printing fits a chapter on at most 25 A4 pages and leaves out what
the reader folded away, the ending of a folded list stays in view, a local build says it has no launch buttons,
and the front page says in one screen what the book is, for whom and where to start.

Browser tests run in headless Chromium with the network cut off (tests/conftest.py); charts that fit their column
are issue #31's other half (h31b): the tests here hold whether or not a chart overflows."""

import io
import re

import pytest

from conftest import BUILT_HTML, ROOT, wait_until_drawn
from test_reading import CHAPTERS, LAPTOP, PHONE, open_page, reader  # noqa: F401  (reader: the same page fixture)

browser_test = pytest.mark.browser
CHAPTER_PAGES = [p for p in CHAPTERS if p.startswith("chapters/")]
# Pages that draw charts: the ones whose scroll cue could make them shake.
CHART_PAGES = [p for p in CHAPTER_PAGES if "vegaEmbed" in (BUILT_HTML / p).read_text(encoding="utf-8")]
MAX_PRINTED_PAGES = 25


# --- 1. the menu ---


@pytest.fixture
def phone(browser, built_html):
    """A page on a touch screen of 390x844, with the network cut off."""
    opened = []

    def _open(path):
        context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]}, has_touch=True, is_mobile=True)
        context.route(re.compile(r"^(?!file:|data:|blob:)"), lambda route: route.abort())
        opened.append(context)
        page = context.new_page()
        page.goto((BUILT_HTML / path).as_uri())
        wait_until_drawn(page)
        return page

    yield _open
    for context in opened:
        context.close()


@browser_test
@pytest.mark.parametrize("path", ["intro.html", "chapters/donbas.html", "chapters/exercises/current.html"])
def test_the_menu_opens_on_a_phone(phone, path):
    """At 390x844 a tap on ☰ opens the book's navigation and one on the contents button this page's sections
    (pydata-sphinx-theme#2451 left both dead: _ext/static/sidebar-toggles.js)."""
    page = phone(path)
    menu = page.locator(".primary-toggle:visible")
    assert menu.count() == 1, "one ☰ button in view"
    menu.tap()
    drawer = page.locator("#pst-primary-sidebar-modal")
    drawer.wait_for(state="visible", timeout=5000)
    link = drawer.get_by_role("link", name=re.compile("The Donbas ceasefires"))
    assert link.first.is_visible(), "the navigation lists the chapters"
    page.keyboard.press("Escape")
    drawer.wait_for(state="hidden", timeout=5000)
    if path != "intro.html":  # the front page's contents button, if any, is optional
        contents = page.locator(".secondary-toggle:visible")
        if contents.count():
            contents.first.tap()
            toc = page.locator("#pst-secondary-sidebar-modal")
            toc.wait_for(state="visible", timeout=5000)
            assert toc.locator("a").first.is_visible(), "the contents list this page's sections"


@browser_test
def test_the_menu_toggles_the_sidebar_on_a_laptop(reader):
    page = reader("chapters/donbas.html", LAPTOP)
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    menu = page.locator(".primary-toggle:visible")
    assert menu.count() == 1
    menu.click()
    sidebar.wait_for(state="hidden", timeout=5000)
    page.locator(".primary-toggle:visible").click()
    sidebar.wait_for(state="visible", timeout=5000)
    assert page.locator("#pst-primary-sidebar-modal[open]").count() == 0, "a laptop hides the sidebar, no drawer"


# --- 3. calm pages ---

SAMPLE_HEIGHTS = """(ms) => new Promise(done => {
  const heights = new Set(), flips = {n: 0};
  const seen = new MutationObserver(changes => { flips.n += changes.length; });
  seen.observe(document.body, {subtree: true, attributes: true, attributeFilter: ['hidden', 'class'], childList: true});
  const end = performance.now() + ms;
  const sample = () => {
    heights.add(document.documentElement.scrollHeight);
    if (performance.now() < end) requestAnimationFrame(sample);
    else { seen.disconnect(); done({heights: [...heights], changes: flips.n}); }
  };
  requestAnimationFrame(sample);
})"""


@browser_test
@pytest.mark.parametrize("width", [1280, 1200, 1024, 768, 390])
@pytest.mark.parametrize("path", CHART_PAGES)
def test_no_page_changes_its_height_while_idle(reader, path, width):
    """Sampled every frame for a second of idleness, once the page is drawn, its height never changes: the
    scroll cue ("Scroll sideways") does not switch on and off (issue #31, item 3)."""
    page = reader(path, (width, 844 if width == 390 else 900))
    # settled: the scroll cue watches each chart box as it resizes; give its observers two frames
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    sampled = page.evaluate(SAMPLE_HEIGHTS, 1000)
    assert len(sampled["heights"]) == 1, f"{path} at {width}px changes height while idle: {sampled}"


# --- 4. tables page by 10 rows or more ---

PAGED = """() => [...document.querySelectorAll('.pb-datatable')].map(box => ({
  caption: (box.querySelector('caption') || {}).textContent,
  shown: box.querySelectorAll('tbody tr').length,
  total: box.nextElementSibling && box.nextElementSibling.classList.contains('pb-print-copy')
         ? box.nextElementSibling.tBodies[0].rows.length : null}))"""


@browser_test
@pytest.mark.parametrize(
    "path", ["chapters/timeline.html", "chapters/donbas.html", "chapters/current.html", "chapters/roleplay.html"]
)
def test_tables_page_by_ten_rows_or_more_and_short_ones_do_not_page(reader, path):
    page = reader(path)
    for table in page.evaluate(PAGED):
        assert table["total"] > 20, f"{path}: a table of {table['total']} rows is paged: {table['caption']}"
        assert table["shown"] >= 10, f"{path}: {table['shown']} rows a page: {table['caption']}"
    plain = page.evaluate(
        "() => [...document.querySelectorAll('table.pb-table:not(.pb-print-copy)')]"
        ".filter(t => !t.closest('.pb-datatable, details') && t.checkVisibility()).map(t => t.tBodies[0].rows.length)"
    )
    # a table in the text that is left plain fits one page; tables folded away ("Show the data") scroll in their box
    assert all(rows <= 25 for rows in plain), f"{path}: a long table was left unpaged: {plain}"


@browser_test
def test_a_reader_can_show_every_row(reader):
    from peacebook import data

    events = data.load_table("events")
    page = reader("chapters/timeline.html")
    box = page.locator(".pb-datatable").filter(has=page.locator("caption", has_text="Events in the timeline")).first
    assert 10 <= box.locator("tbody tr").count() < len(events)
    box.locator(".dt-length select").select_option(label="All")
    page.wait_for_function(
        "([el, n]) => el.querySelectorAll('tbody tr').length === n", arg=[box.element_handle(), len(events)]
    )


# --- 5. print ---


def printed(browser, path, before=None):
    """The page as Chromium prints it on A4: its PDF's text and page count."""
    from pypdf import PdfReader

    v = open_page(browser, path, LAPTOP)
    page = v.page
    if before:
        page.evaluate(before)
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    v.close()
    return "".join(p.extract_text() or "" for p in pdf.pages), len(pdf.pages)


@browser_test
@pytest.mark.parametrize("path", CHAPTERS)
def test_every_chapter_prints_on_at_most_25_a4_pages(browser, built_html, path):
    text, pages = printed(browser, path)
    assert pages <= MAX_PRINTED_PAGES, f"{path} prints on {pages} A4 pages (at most {MAX_PRINTED_PAGES})"


@browser_test
def test_show_the_data_prints_only_when_opened(browser, built_html):
    closed_text, closed_pages = printed(browser, "chapters/donbas.html")
    opened_text, opened_pages = printed(
        browser,
        "chapters/donbas.html",
        "() => document.querySelectorAll('details.pb-chart-data').forEach(d => d.open = true)",
    )
    assert "openitinthebooktoprintit" in re.sub(r"\W+", "", closed_text), "a folded table says it is left out"
    assert opened_pages > closed_pages, "an opened data table prints"


@browser_test
def test_solutions_print_closed_and_the_point_column_keeps_whole_words(reader):
    page = reader("chapters/donbas.html")
    page.emulate_media(media="print")
    solutions = page.locator(".admonition.dropdown")
    assert solutions.count() >= 3
    hidden = page.evaluate(
        "() => [...document.querySelectorAll('.admonition.dropdown > :not(.admonition-title)')].every(e => !e.offsetParent)"
    )
    assert hidden, "a solution prints open"
    broken = page.evaluate("""() => [...document.querySelectorAll('table.pb-table tbody th[scope=row]')]
        .filter(th => th.offsetParent && th.textContent.trim())
        .filter(th => { const r = document.createRange(); r.selectNodeContents(th);
                        const lines = new Set([...r.getClientRects()].map(b => Math.round(b.top)));
                        return lines.size > 1 && !/\\s/.test(th.textContent.trim()); })
        .map(th => th.textContent.trim())""")
    assert broken == [], f"row headings broken inside a word in print: {broken}"
    starts = page.evaluate(
        "() => [...document.querySelectorAll('.bd-article section > h1')].map(h => getComputedStyle(h).breakBefore)"
    )
    assert starts and set(starts) == {"page"}, "a chapter starts on a new page"


# --- 6. a folded list keeps its ending in view ---


@browser_test
def test_what_became_of_a_point_shows_its_latest_outcome(reader):
    page = reader("chapters/donbas.html")
    hidden_latest = page.evaluate("""() => [...document.querySelectorAll('td')].filter(td => td.querySelector('details.pb-more'))
        .map(td => [...td.querySelectorAll('li')].pop()).filter(li => !li.checkVisibility()).map(li => li.textContent.slice(0, 60))""")
    folded = page.locator("td details.pb-more")
    assert folded.count() >= 1, "expected a point with more than three outcomes"
    assert hidden_latest == [], f"the latest outcome is folded away: {hidden_latest}"
    objectives = page.locator(".admonition", has_text="Learning objectives")
    for i in range(objectives.count()):
        items = objectives.nth(i).locator("li")
        assert all(items.nth(j).is_visible() for j in range(items.count()))


@browser_test
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1280x900", "390x844"])
def test_the_current_chapter_has_at_most_one_box_before_its_first_paragraph(reader, viewport):
    page = reader("chapters/current.html", viewport)
    before = page.evaluate("""() => { const boxes = [];
        for (const e of document.querySelector('article section').children) {
          if (e.tagName === 'P') break;
          if (e.matches('.admonition') || e.querySelector('.admonition')) boxes.push(e.textContent.trim().slice(0, 40)); }
        return boxes; }""")
    assert len(before) <= 1, before


# --- 8. dead ends on the static page ---


@browser_test
def test_a_placeholder_build_has_no_launch_buttons_and_says_so_once(reader):
    from test_book_browser import placeholder_build

    if not placeholder_build():
        pytest.skip("built for a real repository: its launch buttons are tested in test_book_browser.py")
    for path in ["chapters/donbas.html", "chapters/workshop.html"]:
        page = reader(path, LAPTOP)
        assert page.locator(".dropdown-launch-buttons, a[href*='mybinder.org/v2'], a[href*='your-org']").count() == 0
        assert page.locator("#no-launch-buttons").count() == 0
    front = reader("intro.html", LAPTOP)
    note = front.locator("#no-launch-buttons")
    assert note.count() == 1 and "no launch buttons" in note.inner_text()
    assert "rocket button" not in front.inner_text("main"), "the front page must not send students to a missing button"


@browser_test
def test_the_workshops_static_form_says_it_saves_nothing_beside_the_form(reader):
    page = reader("chapters/workshop.html", LAPTOP)
    note = page.locator(".pb-static-form-note")
    assert "saves nothing" in note.inner_text()
    form = page.locator(".jupyter-widgets.widget-tab").first
    form.scroll_into_view_if_needed()
    page.mouse.wheel(0, 1500)  # well into the form
    page.wait_for_function(
        "(el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }",
        arg=note.element_handle(),
        timeout=5000,
    )


def test_exercise_pages_say_where_the_solutions_are():
    for page in sorted((ROOT / "chapters" / "exercises").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        assert "instructor has the solutions" not in text, page.name
        if page.name != "index.md":
            assert "click *Solution*" in text, page.name


# --- 9. smaller ---


@browser_test
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1280x900", "390x844"])
def test_the_front_page_says_what_for_whom_and_where_to_start_in_one_screen(reader, viewport):
    page = reader("intro.html", viewport)
    first_screen = page.evaluate(
        """(h) => [...document.querySelectorAll('article p, article a.pb-start-button')]
        .filter(e => e.getBoundingClientRect().bottom <= h).map(e => e.innerText).join(' ')""",
        viewport[1],
    )
    for words in ("teaching book", "for students and instructors", "start with", "Start reading"):
        assert words in first_screen, f"{words!r} is not in the first screen at {viewport}"
    button = page.locator("a.pb-start-button")
    assert button.get_attribute("href").endswith("timeline.html")


@browser_test
@pytest.mark.parametrize(
    "path",
    [
        "chapters/timeline.html",
        "chapters/donbas.html",
        "chapters/istanbul.html",
        "chapters/current.html",
        "chapters/compare.html",
        "chapters/roleplay.html",
    ],
)
def test_student_pages_show_no_code(reader, path):
    page = reader(path)
    code = page.evaluate(
        "() => [...document.querySelectorAll('.cell_input')].filter(e => e.offsetParent).map(e => e.innerText.slice(0, 60))"
    )
    assert code == [], f"{path} shows code cells: {code}"


@browser_test
def test_the_syllabus_table_reads_as_cards_on_a_phone(reader):
    page = reader("chapters/syllabus.html", PHONE)
    table = page.locator("article table.table").first
    assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1"), (
        "the syllabus table is cut on a phone"
    )
    assert table.locator("td[data-label='topic']").first.is_visible()


@browser_test
@pytest.mark.parametrize("path", ["chapters/timeline.html", "chapters/current.html"])
def test_table_captions_span_the_column_on_a_phone(reader, path):
    page = reader(path, PHONE)
    narrow = page.evaluate("""() => { const column = document.querySelector('article').clientWidth;
        return [...document.querySelectorAll('table caption')].filter(c => c.offsetParent)
          .filter(c => c.getBoundingClientRect().width < 0.8 * column).map(c => c.textContent.slice(0, 40)); }""")
    assert narrow == [], f"captions squeezed on a phone: {narrow}"


def test_the_icon_script_is_the_icons_the_pages_use(built_html):
    script = built_html / "_static" / "scripts" / "fontawesome.js"
    assert script.stat().st_size < 50_000, "the theme's full Font Awesome script is back"
    assert '"fas bars"' in script.read_text(encoding="utf-8")


@browser_test
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1280x900", "390x844"])
def test_every_icon_is_drawn(reader, viewport):
    page = reader("chapters/donbas.html", viewport)
    left = page.evaluate(
        "() => [...document.querySelectorAll('.fa, .fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands')]"
        ".filter(e => e.namespaceURI !== 'http://www.w3.org/2000/svg').map(e => e.className)"
    )
    assert left == [], f"icons not drawn: {left}"
    assert page.locator("svg.svg-inline--fa.fa-bars").count() >= 1


@browser_test
def test_the_provision_matrix_keeps_every_rows_year_on_a_phone(reader):
    """On a phone the matrix's row labels are cut to fit; each starts with its text's year, so the rows still read
    in order of date (the tooltip and the menu give each title whole)."""
    page = reader("chapters/compare.html", PHONE)
    chart = page.locator(".vega-embed").first
    chart.locator("svg.marks").wait_for()
    labels = chart.evaluate("""c => [...c.querySelectorAll('g.role-axis')]
        .filter(a => /Y-axis/.test(a.getAttribute('aria-label') || ''))
        .flatMap(a => [...a.querySelectorAll('g.role-axis-label text')].map(t => t.textContent))""")
    assert len(labels) >= 10, labels
    assert all(re.match(r"(19|20)\d\d ", label) for label in labels), labels
