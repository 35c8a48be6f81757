"""The chapters are written for both media (_ext/portable_myst.py): no role that JupyterLab cannot show, each
citation's text names its reference as the book's style does, each link's page, term or label exists, and the
build turns the links back into the book's roles. tests/test_lab_workshop.py reads the chapters in a real
JupyterLab and follows the links; the built pages are checked in tests/test_book_browser.py."""

import re
import nbformat
import pytest

from conftest import ROOT
import portable_myst

PORTABLE = sorted((ROOT / "chapters").glob("*.ipynb")) + [
    ROOT / "chapters" / n for n in ("glossary.md", "references.md")
]
LAB_CANNOT_SHOW = re.compile(r"\{(cite(:\w+)?|term|doc|ref|numref)\}`")


def markdown(path):
    if path.suffix == ".ipynb":
        return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]
    return [path.read_text(encoding="utf-8")]


def lab_text(text):
    """What Lab shows: book-only blocks are comments there."""
    return re.sub(r"^<!-- book-only\n.*?^-->", "", text, flags=re.M | re.S)


@pytest.mark.parametrize("path", PORTABLE, ids=lambda p: p.name)
def test_no_chapter_uses_a_role_jupyterlab_cannot_show(path):
    found = [m.group(0) for text in markdown(path) for m in LAB_CANNOT_SHOW.finditer(lab_text(text))]
    assert found == [], f"run scripts/portable-myst.py {path.relative_to(ROOT)}"
    binder = [t for t in markdown(path) if "{binder-link}" in lab_text(t)]
    assert binder == [], "a {binder-link} is for the published book only: put it in a book-only block"


@pytest.mark.parametrize("path", PORTABLE, ids=lambda p: p.name)
def test_each_link_names_what_exists_and_each_citation_reads_as_the_book_cites_it(path):
    keys, terms = portable_myst.bibliography_keys(), portable_myst.glossary_terms()
    for text in markdown(path):
        for group in re.finditer(r"\((\[[^\]\n]*\]\(references\.md#[\w:.-]+\)(?:; )?)+\)", text):
            for words, key in re.findall(r"\[([^\]\n]*)\]\(references\.md#([\w:.-]+)\)", group.group(0)):
                assert key in keys and words == portable_myst.citation_text(key, True), (words, key)
        outside = re.sub(r"\((\[[^\]\n]*\]\(references\.md#[\w:.-]+\)(?:; )?)+\)", "", text)
        for words, key in re.findall(r"\[([^\]\n]*)\]\(references\.md#([\w:.-]+)\)", outside):
            if key in keys:
                assert words == portable_myst.citation_text(key, False), (words, key)
        for slug in re.findall(r"\]\(glossary\.md#term-([\w-]+)\)", text):
            assert slug in terms, slug
        for page in re.findall(r"\]\((?:\./)?([\w./-]+\.(?:md|ipynb))(?:#[\w-]+)?\)", text):
            assert (path.parent / page).exists(), page
        closed = len(portable_myst._BOOK_ONLY.findall(text))
        assert text.count("<!-- book-only") == closed, "a book-only block needs a line '-->' to close it"


def test_the_build_reads_the_links_as_the_roles_they_replace():
    """The published pages are what the roles made: a text rewritten by scripts/portable-myst.py, read as the
    build reads it, gives back its roles (a {doc} or {ref} with no text gains the title it showed)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("portable_script", ROOT / "scripts" / "portable-myst.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    roles = (
        "As {cite:t}`charap2024talks` argue {cite:p}`fortna2003scraps,fortna2004peace`, {term}`neutral <Neutrality>`"
        " and {term}`Minsk II` mean what {doc}`data` and {ref}`contested-terms` say."
    )
    lab = script.convert(roles, ROOT / "chapters" / "x.ipynb")
    assert lab == (
        "As [Charap and Radchenko (2024)](references.md#charap2024talks) argue ([Fortna, 2003]"
        "(references.md#fortna2003scraps); [Fortna, 2004](references.md#fortna2004peace)), [neutral]"
        "(glossary.md#term-neutrality) and [Minsk II](glossary.md#term-minsk-ii) mean what [The data behind the "
        "book](data.ipynb) and [Contested terms](glossary.md#contested-terms) say."
    )
    assert portable_myst.to_sphinx(lab) == roles.replace(
        "{doc}`data`", "{doc}`The data behind the book <data>`"
    ).replace("{ref}`contested-terms`", "{ref}`Contested terms <contested-terms>`")
