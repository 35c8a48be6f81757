"""The course reader (issue #31): the build prints the student chapters into one PDF with a table of contents,
page numbers and an outline, linked from the front page and served with the book (scripts/course_reader.py)."""

import importlib.util
import re
import unicodedata
from html import escape

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("course_reader", ROOT / "scripts" / "course_reader.py")
course_reader = importlib.util.module_from_spec(spec)
spec.loader.exec_module(course_reader)

MIN_PAGES = 60  # the student chapters with their charts; the target is under 250 (benchmarks/run.py prints it)


def _text(reader, index: int) -> str:
    """A page's text on one line, without ligatures (the PDF's "ﬁ" is "fi")."""
    return unicodedata.normalize("NFKC", reader.pages[index].extract_text()).replace("\n", " ")


@pytest.fixture(scope="module")
def reader(built_html):
    from pypdf import PdfReader

    path = built_html / course_reader.READER.name
    if not path.exists():
        pytest.fail(f"{path} was not printed: scripts/build.sh prints it (it needs Debian's chromium)")
    return PdfReader(path)


def test_the_reader_holds_every_student_chapter_in_order_with_its_first_page(reader, built_html):
    titles = [item.title for item in reader.outline]
    assert len(titles) == len(course_reader.CHAPTERS) and len(reader.pages) > MIN_PAGES
    firsts = [reader.get_destination_page_number(item) + 1 for item in reader.outline]
    assert firsts == sorted(firsts) and firsts[0] > 1  # after the contents
    contents = _text(reader, 0)
    assert "Contents" in contents
    for path, title, first in zip(course_reader.CHAPTERS, titles, firsts):
        assert escape(title[:30], quote=False) in (built_html / path).read_text(encoding="utf-8"), path
        # the contents give the chapter's first page, and that page opens the chapter
        assert re.search(re.escape(title[:25]) + r".*?\b" + str(first) + r"\b", contents), title
        assert title[:20] in _text(reader, first - 1), title


def test_every_page_carries_its_number(reader):
    total = len(reader.pages)
    for number in (1, total // 2, total):
        assert f"{number} / {total}" in reader.pages[number - 1].extract_text(), number


def _fill_colours(reader, pages) -> set:
    """The fill colours (r, g, b, 0-1) that `pages` paint, in their own content and in the forms they draw."""
    found = set()
    for i in pages:
        page = reader.pages[i]
        streams = [page.get_contents().get_data()]
        forms = page.get("/Resources", {}).get("/XObject")
        streams += [form.get_object().get_data() for form in (forms.get_object().values() if forms else [])]
        for stream in streams:
            found |= {tuple(map(float, m)) for m in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", stream)}
    return found


def test_the_charts_are_printed(reader):
    """The timeline chapter's chart is drawn in the PDF, not left an empty box: every event category's colour
    is painted on the chapter's pages."""
    from peacebook.data.vocabulary import book_vocabularies

    firsts = [reader.get_destination_page_number(item) for item in reader.outline]
    timeline = next(i for i, item in enumerate(reader.outline) if "timeline" in item.title.lower())
    painted = _fill_colours(reader, range(firsts[timeline], firsts[timeline + 1]))
    for colour in book_vocabularies().event_categories.colours:
        rgb = tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        assert any(max(abs(a - b) for a, b in zip(rgb, c)) < 0.003 for c in painted), colour


def test_the_front_page_links_to_the_reader(built_html):
    front = (built_html / "intro.html").read_text(encoding="utf-8")
    assert 'href="course-reader.pdf"' in front and (built_html / "course-reader.pdf").exists()
