"""The per-chapter exercise pages (questions only) stay in step with the chapters, and the instructors'
pack carries every solution, with the chapters' text escaped."""

import nbformat
import pytest

from conftest import ROOT
from peacebook import exercises

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


def test_the_built_exercise_pages_show_questions_but_no_solutions(chapters, built_html):
    for chapter in chapters:
        page = (built_html / "chapters" / "exercises" / f"{chapter.name}.html").read_text(encoding="utf-8")
        assert page.count("Exercise ") >= len(chapter.exercises)
        for exercise in chapter.exercises:
            closing_line = exercise.solution.splitlines()[-1].strip()  # the solution's closing prose
            assert closing_line and closing_line not in page, (chapter.name, exercise.number)


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
