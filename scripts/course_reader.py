"""Print the student chapters of the built book into one PDF, the course reader: _build/html/course-reader.pdf.

Each chapter is printed from its built page by Debian's headless Chromium (Playwright), as a reader's browser
prints it: charts drawn as vectors, the book's print styles, no network. The chapters follow a title page and a
table of contents that gives each chapter's first page; every page carries its number, and the PDF's outline
(bookmarks) lists the chapters. (LaTeX would drop every chart and HTML table: shared/research/feasibility.md, 14.)

    .venv/bin/python scripts/course_reader.py          # after a build; scripts/build.sh runs it

Without Debian's chromium it says so and writes nothing (the build goes on); PEACEBOOK_READER=required makes
that an error. It prints how many pages it wrote and how long it took.
"""

from __future__ import annotations

import io
import os
import re
import sys
import time
from html import escape, unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILT = ROOT / "_build" / "html"
READER = BUILT / "course-reader.pdf"
CHROMIUM = "/usr/bin/chromium"
# Chromium's flags for a machine without a display or network (as tests/conftest.py)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# The student chapters, in the order of the table of contents (_toc.yml): the front page, the war and the talks,
# the workshop, and the reference pages a student reads. The instructors' pages are left out.
CHAPTERS = [
    "intro.html",
    "chapters/timeline.html",
    "chapters/donbas.html",
    "chapters/istanbul.html",
    "chapters/current.html",
    "chapters/compare.html",
    "chapters/workshop.html",
    "chapters/glossary.html",
    "chapters/primer.html",
    "chapters/references.html",
]
A4 = {"format": "A4", "margin": {"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}}
PRINTED_WIDTH = 680  # CSS px between the margins: (210 - 2 * 15) mm at 96 px an inch
# The reader prints the text and the charts; each chart's "Show the data" table, and each collapsed block's
# content, stay in the web book (the title page says so), as on a page printed with its blocks closed.
READER_CSS = """@media print { details.pb-chart-data, .pb-chart-data-ref { display: none !important; }
    details:not([open]) > :not(summary) { display: none !important; } }"""
DRAWN = """() => [...document.querySelectorAll('.vega-embed')].every(e => e.querySelector('svg, canvas'))
    && document.readyState === 'complete'"""


def print_page(browser, path: str) -> tuple[str, bytes]:
    """The chapter's title and its pages as a PDF, printed once its charts are drawn."""
    # Laid out for print from the start, as wide as the printed column: the charts, which take their width from
    # the column when they are drawn, are drawn at the width they print at.
    page = browser.new_page(viewport={"width": PRINTED_WIDTH, "height": 1000})
    page.emulate_media(media="print")
    page.route(re.compile(r"^(?!file:|data:|blob:)"), lambda route: route.abort())  # the book works offline
    page.goto((BUILT / path).as_uri())
    page.add_style_tag(content=READER_CSS)
    page.wait_for_function(DRAWN, timeout=60_000)
    page.evaluate(
        "() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))"
    )
    title = page.evaluate("() => (document.querySelector('article h1') || document.querySelector('h1')).innerText")
    pdf = page.pdf(print_background=False, **A4)
    page.close()
    return title.replace("#", "").strip(), pdf


def html_pdf(browser, html: str) -> bytes:
    page = browser.new_page()
    page.set_content(html)
    pdf = page.pdf(print_background=False, **A4)
    page.close()
    return pdf


def contents_html(book_title: str, entries: list[tuple[str, int]], built_on: str) -> str:
    """The title page and the table of contents: each chapter with the number of its first page."""
    rows = "".join(f"<tr><td>{escape(title)}</td><td class='n'>{number}</td></tr>" for title, number in entries)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
        body {{ font-family: sans-serif; color: #222; }}
        h1 {{ font-size: 24pt; margin: 30mm 0 4mm; }} p {{ font-size: 11pt; }}
        h2 {{ font-size: 16pt; margin-top: 14mm; }}
        table {{ width: 100%; border-collapse: collapse; font-size: 12pt; }}
        td {{ padding: 2.5mm 0; border-bottom: 1px dotted #999; }} td.n {{ text-align: right; width: 20mm; }}
        </style></head><body>
        <h1>{escape(book_title)}</h1>
        <p>Course reader: the student chapters, printed from the book's web pages on {escape(built_on)}. The
        charts are as the pages draw them when they open; their menus, tooltips and links to sources work in the
        web pages and the live notebooks. Every table of data and every source is in the web book.</p>
        <h2>Contents</h2><table>{rows}</table></body></html>"""


def numbers_html(first: int, count: int, total: int) -> str:
    """`count` blank A4 pages with a page number at the foot of each, from `first`: laid over the reader's pages."""
    pages = "".join(f"<div class='p'><span>{n} / {total}</span></div>" for n in range(first, first + count))
    return f"""<!doctype html><html><head><style>
        @page {{ size: A4; margin: 0; }} body {{ margin: 0; font-family: sans-serif; font-size: 9pt; color: #555; }}
        .p {{ height: 297mm; position: relative; break-after: page; }}
        .p span {{ position: absolute; bottom: 7mm; left: 0; right: 0; text-align: center; }}
        </style></head><body>{pages}</body></html>"""


def build() -> int:
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    started = time.perf_counter()
    missing = [path for path in CHAPTERS if not (BUILT / path).exists()]
    if missing:
        raise SystemExit(f"course reader: the book is not built ({', '.join(missing)} missing): run scripts/build.sh")
    book_title = re.search(r"<title>(.*?)</title>", (BUILT / "intro.html").read_text(encoding="utf-8"), re.S)
    book_title = unescape(re.sub(r"\s+", " ", book_title.group(1))).split(" — ")[-1].strip() if book_title else "Book"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        chapters = [print_page(browser, path) for path in CHAPTERS]
        readers = [(title, PdfReader(io.BytesIO(pdf))) for title, pdf in chapters]
        # The contents first, with numbers counted from after it (its own length found by printing it once).
        built_on = time.strftime("%d %B %Y")
        front = PdfReader(
            io.BytesIO(html_pdf(browser, contents_html(book_title, [(t, 0) for t, _ in readers], built_on)))
        )
        start, entries = len(front.pages) + 1, []
        for title, reader in readers:
            entries.append((title, start))
            start += len(reader.pages)
        total = start - 1
        front = PdfReader(io.BytesIO(html_pdf(browser, contents_html(book_title, entries, built_on))))
        numbers = PdfReader(io.BytesIO(html_pdf(browser, numbers_html(1, total, total))))
        browser.close()
    writer = PdfWriter()
    for page in front.pages:
        writer.add_page(page)
    for (title, reader), (_, first) in zip(readers, entries):
        for page in reader.pages:
            writer.add_page(page)
        writer.add_outline_item(title=title, page_number=first - 1)
    for page, number in zip(writer.pages, numbers.pages):
        page.merge_page(number)
    writer.add_metadata({"/Title": f"{book_title}: course reader"})
    READER.parent.mkdir(parents=True, exist_ok=True)
    with READER.open("wb") as out:
        writer.write(out)
    print(f"== course reader: {total} pages, {len(CHAPTERS)} chapters, {time.perf_counter() - started:.0f} s: {READER}")
    return total


def main() -> None:
    global BUILT, READER
    if len(sys.argv) > 1:  # another built book (a copy, say)
        BUILT = Path(sys.argv[1])
        READER = BUILT / READER.name
    if not Path(CHROMIUM).exists():
        message = f"course reader not printed: {CHROMIUM} not found (Debian: apt-get install chromium)"
        if os.environ.get("PEACEBOOK_READER") == "required":
            raise SystemExit(message)
        print(f"== {message}", file=sys.stderr)
        return
    build()


if __name__ == "__main__":
    main()
