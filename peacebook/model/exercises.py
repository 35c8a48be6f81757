"""Every chapter's exercises, gathered for assigning: one page per chapter with the questions only (for
students), and one self-contained HTML pack with every solution (for instructors, kept out of the book).

Chapters write each exercise as a paragraph starting "**Exercise N.**", followed by its solution in a
dropdown admonition ("````{admonition} Solution" ... "````"); this module reads that convention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

import nbformat

CHAPTERS = ["timeline", "donbas", "istanbul", "current", "compare", "workshop"]
EXERCISE = re.compile(
    r"^\*\*Exercise (\d+)\.\*\*\s*(.*?)\n\s*\n````\{admonition\} Solution\n:class: dropdown\n(.*?)\n````", re.S | re.M
)
ROLE = re.compile(r"\{(?:term|doc|ref|cite:t|cite:p|cite)\}`([^`<]*?)\s*(?:<[^>]*>)?`")


@dataclass(frozen=True)
class Exercise:
    chapter: str
    number: int
    question: str  # MyST markdown
    solution: str  # MyST markdown


@dataclass(frozen=True)
class Chapter:
    name: str
    title: str
    exercises: list[Exercise]


def read_chapter(path: Path) -> Chapter:
    """The chapter's title and exercises, in order. Raises ValueError if the numbering has a gap."""
    notebook = nbformat.read(path, as_version=4)
    markdown = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    title = next((m.splitlines()[0].lstrip("# ").strip() for m in markdown if m.startswith("# ")), path.stem)
    exercises = [
        Exercise(path.stem, int(n), q.strip(), s.strip()) for text in markdown for n, q, s in EXERCISE.findall(text)
    ]
    numbers = [e.number for e in exercises]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(
            f"{path.name}: exercises are numbered {numbers}; expected 1 to {len(numbers)} in order, "
            "each followed by its Solution dropdown"
        )
    return Chapter(path.stem, title, exercises)


def read_chapters(folder: Path) -> list[Chapter]:
    return [read_chapter(folder / f"{name}.ipynb") for name in CHAPTERS]


def student_page(chapter: Chapter) -> str:
    """A MyST page with the chapter's exercises and no solutions."""
    items = "\n\n".join(f"**Exercise {e.number}.** {e.question}" for e in chapter.exercises)
    return (
        f"# Exercises: {chapter.title}\n\n"
        "<!-- Written by scripts/make-exercise-pages.py from the chapter; edit the chapter, then rerun it. -->\n\n"
        f"These exercises go with the chapter {{doc}}`../{chapter.name}`, which has the charts, tables and data they\n"
        "ask about. Work in the chapter's notebook or in the workshop. This page shows the questions only, for\n"
        "setting them; the chapter shows a worked solution under each one, hidden until you click *Solution*: try the\n"
        "question first.\n\n"
        f"{items}\n"
    )


def index_page(chapters: list[Chapter]) -> str:
    rows = "\n".join(f"| {{doc}}`{c.name}` | {len(c.exercises)} |" for c in chapters)
    return (
        "# Exercises by chapter\n\n"
        "<!-- Written by scripts/make-exercise-pages.py; edit the chapters, then rerun it. -->\n\n"
        "Each page below collects one chapter's exercises, without solutions, so that you can assign them. The\n"
        "chapters themselves show a solution when a reader clicks it; the pages here do not. Instructors can\n"
        "write all the solutions into one printable file: see {doc}`../instructors`.\n\n"
        "| chapter | exercises |\n|---|---|\n" + rows + "\n"
    )


def _plain_roles(text: str) -> str:
    """MyST roles ({term}`x <y>`, {doc}`x`) as their text, for a renderer that does not know them."""
    return ROLE.sub(lambda m: m.group(1), text)


def instructor_pack_html(chapters: list[Chapter], as_of: str) -> str:
    """Every exercise with its solution, as one self-contained, printable HTML file. Raw HTML in the
    chapters' text is shown as text, never run."""
    from markdown_it import MarkdownIt  # a dependency of the book's build tools, not of the notebooks

    render = MarkdownIt("commonmark", {"html": False}).render
    sections = []
    for chapter in chapters:
        items = "".join(
            f"<section class='exercise'><h3>Exercise {e.number}</h3>{render(_plain_roles(e.question))}"
            f"<div class='solution'><h4>Solution</h4>{render(_plain_roles(e.solution))}</div></section>"
            for e in chapter.exercises
        )
        sections.append(f"<h2>{escape(chapter.title)}</h2>{items}")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Exercises with solutions (instructors)</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.45}}
pre{{background:#f4f4f4;padding:.6rem;overflow-x:auto}} .solution{{border-left:4px solid #1565c0;padding-left:1rem}}
section.exercise{{break-inside:avoid}} @media print{{body{{margin:0}} h2{{break-before:page}}}}</style></head><body>
<h1>Exercises with solutions</h1>
<p>For instructors: every chapter's exercises with the book's solutions. Book data: {escape(as_of)}.
The code in the solutions runs in the chapter's notebook, after its first cells.</p>
{"".join(sections)}
</body></html>"""


def write_pages(chapters: list[Chapter], folder: Path) -> list[Path]:
    """Write the index and one page per chapter into `folder`; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "index.md"]
    written[0].write_text(index_page(chapters), encoding="utf-8")
    for chapter in chapters:
        path = folder / f"{chapter.name}.md"
        path.write_text(student_page(chapter), encoding="utf-8")
        written.append(path)
    return written
