"""The per-chapter exercise pages (questions only) stay in step with the chapters, and the instructors'
pack carries every solution, with the chapters' text escaped."""

import html
import re

import nbformat
import pytest

from conftest import ROOT
from peacebook.model import exercises

CHAPTERS = ROOT / "chapters"


@pytest.fixture(scope="module")
def chapters():
    return exercises.read_chapters(CHAPTERS)


def test_every_chapter_has_at_least_three_exercises(chapters):
    assert {c.name: len(c.exercises) >= 3 for c in chapters} == {name: True for name in exercises.CHAPTERS}


def test_the_exercise_pages_are_current(chapters, tmp_path):
    for path in exercises.write_pages(chapters, tmp_path):
        committed = CHAPTERS / "exercises" / path.name
        assert committed.exists() and committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"chapters/exercises/{path.name} is out of date: run scripts/make-exercise-pages.py"
        )


# A solution counts as shown on a page when any run of this many of its words, in order, is in the page's text.
LEAK_WORDS = 8


def words(page_html: str) -> list[str]:
    """The words a reader sees on an HTML page, lower-cased. Markup, entities and punctuation are dropped, so
    Sphinx's changes (curly quotes and dashes, **bold** made <strong>, a {term} role made a link) leave the
    words as the chapter's source has them."""
    page_html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page_html)
    return re.findall(r"\w+", html.unescape(re.sub(r"<[^>]+>", " ", page_html)).lower())


def solution_words(markdown: str) -> list[str]:
    """The words of an exercise's MyST source as a reader sees them (rendered, roles as their text)."""
    from markdown_it import MarkdownIt

    return words(MarkdownIt("commonmark", {"html": False}).render(exercises._plain_roles(markdown)))


def shown_on(solution: str, page_html: str) -> bool:
    said = solution_words(solution)
    page = " " + " ".join(words(page_html)) + " "
    runs = {" " + " ".join(said[i : i + LEAK_WORDS]) + " " for i in range(max(1, len(said) - LEAK_WORDS + 1))}
    return any(run in page for run in runs)


def test_the_leak_check_sees_every_solution_where_the_book_shows_it(chapters, built_html):
    """The check can fail: each chapter's page shows its solutions (in dropdowns), and the check finds every
    one of them there, whatever Sphinx did to its quotes and markup."""
    assert sum(len(c.exercises) for c in chapters) >= 18
    for chapter in chapters:
        page = (built_html / "chapters" / f"{chapter.name}.html").read_text(encoding="utf-8")
        for exercise in chapter.exercises:
            assert shown_on(exercise.solution, page), (chapter.name, exercise.number)


def test_the_built_exercise_pages_show_questions_but_no_solutions(chapters, built_html):
    for chapter in chapters:
        page = (built_html / "chapters" / "exercises" / f"{chapter.name}.html").read_text(encoding="utf-8")
        assert page.count("Exercise ") >= len(chapter.exercises)
        for exercise in chapter.exercises:
            assert " ".join(solution_words(exercise.question)[:LEAK_WORDS]) in " ".join(words(page)), (
                chapter.name,
                exercise.number,
            )
            assert not shown_on(exercise.solution, page), (chapter.name, exercise.number)


def test_the_words_survive_what_sphinx_does_to_text():
    solution = 'It\'s "the record" -- **bold**, {term}`a term <Glossary entry>` and `code()`.'
    page = "<p>It’s “the record” – <strong>bold</strong>, <a href='#g'>a term</a> and <code>code()</code>.</p>"
    assert solution_words(solution) == words(page)


def test_the_instructors_pack_has_every_solution_and_escapes_text(chapters):
    pack = exercises.instructor_pack_html(chapters, "2026-11-25")
    assert pack.count("<div class='solution'>") == sum(len(c.exercises) for c in chapters)
    hostile = exercises.Chapter(
        "x",
        "A <b>title</b>",
        [exercises.Exercise("x", 1, "Why <script>alert(1)</script>?", "Because {term}`the record <Record>`.")],
    )
    html = exercises.instructor_pack_html([hostile], "2026-11-25")
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html and "A &lt;b&gt;title" in html
    assert "Because the record." in html and "{term}" not in html


def test_a_gap_in_the_numbering_is_reported(tmp_path):
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "# A chapter\n\n**Exercise 2.** A question?\n\n````{admonition} Solution\n:class: dropdown\nAn answer.\n````"
            )
        ]
    )
    path = tmp_path / "gap.ipynb"
    nbformat.write(notebook, path)
    with pytest.raises(ValueError, match=r"gap.ipynb: exercises are numbered \[2\]"):
        exercises.read_chapter(path)
