"""Chapters written once for both media: the published book (Sphinx, this build) and JupyterLab, where a student
runs the notebooks and jupyterlab-myst renders their text (Binder, a hub, a laptop).

jupyterlab-myst renders a notebook on its own: it knows no bibliography, no other page's glossary or labels,
and none of the book's own roles, so a citation role showed there as a raw key marked "Citation Not Found", a
glossary or cross-reference role as a link that did nothing, and `{binder-link}` as raw text (issue #32). The
chapters therefore use the forms both media understand, and this extension turns them, as each page is read,
into the book's roles, so the published pages are exactly what the roles make:

- a citation is a link to the reference's entry on the references page, `[Allan (2020)](references.md#allan2020minsk)`,
  which becomes {cite:t}; a parenthesis holding only such links, `([Allan, 2020](references.md#allan2020minsk))`
  or several separated by "; ", becomes one {cite:p}. The link's text is what Lab shows (`citation_text`);
- a glossary term is a link to the glossary, `[neutrality](glossary.md#term-neutrality)`, which becomes {term};
- a link to another page, `[The book's data](data.ipynb)`, becomes {doc}, and a link to a labelled section,
  `[Contested terms](glossary.md#contested-terms)` or `[…](#label)`, becomes {ref};
- text for one medium only: a block between a line `<!-- book-only` and a line `-->` is a comment in Lab (not
  shown) and shown in the book; a block between `<!-- lab-only -->` and `<!-- /lab-only -->` is shown in Lab and
  left out of the book.

In Lab the links open the page they name (the glossary, the references page, another chapter), in the same
JupyterLab. `scripts/portable-myst.py` rewrites roles into these forms; tests/test_portable_myst.py checks that
no chapter uses a role Lab cannot show and that each citation's text names its reference's authors and year.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "chapters" / "glossary.md"
BIBLIOGRAPHY = ROOT / "references.bib"

CITE_LINK = r"\[[^\]\n]*\]\(references\.md#(?P<key>[\w:.-]+)\)"
_CITE_GROUP = re.compile(rf"\((?P<links>{CITE_LINK}(?:; {CITE_LINK})*)\)".replace("(?P<key>", "(?:"))
_CITE = re.compile(CITE_LINK)
_TERM = re.compile(r"\[(?P<text>[^\]\n]+)\]\((?:\./)?glossary\.md#term-(?P<slug>[\w-]+)\)")
_LABEL = re.compile(r"\[(?P<text>[^\]\n]+)\]\((?:(?:\./)?[\w./-]+\.(?:md|ipynb))?#(?P<label>[\w-]+)\)")
_DOC = re.compile(r"\[(?P<text>[^\]\n]+)\]\((?:\./)?(?P<doc>[\w./-]+)\.(?:md|ipynb)\)")
_BOOK_ONLY = re.compile(r"^<!-- book-only[ \t]*\n(?P<body>.*?)^-->[ \t]*(?:\n|\Z)", re.M | re.S)
_LAB_ONLY = re.compile(r"^<!-- lab-only -->[ \t]*\n.*?^<!-- /lab-only -->[ \t]*(?:\n|\Z)", re.M | re.S)


def term_slug(term: str) -> str:
    """A glossary term as the fragment of a link to it.

    >>> term_slug("DPR- and LPR-held areas"), term_slug("Article 5")
    ('dpr-and-lpr-held-areas', 'article-5')
    """
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


@cache
def glossary_terms(path: Path = GLOSSARY) -> dict[str, str]:
    """Every term of the glossary's {glossary} blocks, by its slug."""
    terms, inside = {}, False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```{glossary}"):
            inside = True
        elif inside and line.startswith("```"):
            inside = False
        elif inside and line and not line[0].isspace():
            terms[term_slug(line)] = line.strip()
    return terms


def to_sphinx(text: str, terms: dict[str, str] | None = None, keys: set[str] | None = None) -> str:
    """A markdown text in the portable forms, as the book's roles.

    >>> to_sphinx("As [Allan (2020)](references.md#allan2020minsk) shows ([A, 1](references.md#a1); [B, 2](references.md#b2)).",
    ...           keys={"allan2020minsk", "a1", "b2"})
    'As {cite:t}`allan2020minsk` shows {cite:p}`a1,b2`.'
    >>> to_sphinx("See [Further reading](references.md#further-reading)", keys={"a1"})
    'See {ref}`Further reading <further-reading>`'
    >>> to_sphinx("[neutral](glossary.md#term-neutrality), [data](data.ipynb), [see](primer.md#primer-zopa)",
    ...           {"neutrality": "Neutrality"}, set())
    '{term}`neutral <Neutrality>`, {doc}`data <data>`, {ref}`see <primer-zopa>`'
    >>> to_sphinx("a\\n<!-- book-only\\nBook.\\n-->\\n<!-- lab-only -->\\nLab.\\n<!-- /lab-only -->\\nb", {}, set())
    'a\\nBook.\\nb'
    >>> to_sphinx("write `[data](data.ipynb)` for [data](data.ipynb)", {}, set())
    'write `[data](data.ipynb)` for {doc}`data <data>`'
    """
    terms = glossary_terms() if terms is None else terms
    keys = bibliography_keys() if keys is None else keys
    text = _LAB_ONLY.sub("", text)
    text = _BOOK_ONLY.sub(lambda m: m.group("body"), text)
    # inline code (`[x](data.ipynb)` shown as an example) is left as it is
    parts = re.split(r"(`[^`\n]+`)", text)
    return "".join(part if i % 2 else _links_to_roles(part, terms, keys) for i, part in enumerate(parts))


def _links_to_roles(text: str, terms: dict[str, str], keys: set[str]) -> str:
    def cite_p(match: re.Match) -> str:
        cited = _CITE.findall(match.group("links"))
        return "{cite:p}`" + ",".join(cited) + "`" if set(cited) <= keys else match.group(0)

    text = _CITE_GROUP.sub(cite_p, text)
    # a link to the references page names a reference by its key, or else a labelled section of the page
    text = _CITE.sub(lambda m: "{cite:t}`" + m.group("key") + "`" if m.group("key") in keys else m.group(0), text)

    def term(match: re.Match) -> str:
        name = terms.get(match.group("slug"))
        if name is None:
            raise ValueError(f"{match.group(0)}: no glossary term has the slug {match.group('slug')!r}")
        return "{term}`" + (name if match.group("text") == name else f"{match.group('text')} <{name}>") + "`"

    text = _TERM.sub(term, text)
    text = _LABEL.sub(lambda m: "{ref}`" + f"{m.group('text')} <{m.group('label')}>" + "`", text)
    return _DOC.sub(lambda m: "{doc}`" + f"{m.group('text')} <{m.group('doc')}>" + "`", text)


def notebook_to_sphinx(source: str) -> str:
    """A notebook's JSON with each markdown cell's text as the book's roles."""
    notebook = json.loads(source)
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = to_sphinx(text)
    return json.dumps(notebook, ensure_ascii=False)


def bibliography_keys() -> set[str]:
    return set(_bibliography().entries)


@cache
def _bibliography(path: Path = BIBLIOGRAPHY):
    import latexcodec  # noqa: F401  (registers the "latex" codec: {\AA}tland is Åtland)
    from pybtex.database import parse_file

    return parse_file(str(path))


def citation_text(key: str, parenthetical: bool) -> str:
    """What a citation says in Lab, as the book's author-year style says it: 'Charap and Radchenko (2024)', or
    inside parentheses 'Charap and Radchenko, 2024'; three authors or more are 'Shelest et al.'.

    >>> citation_text("charap2024talks", False), citation_text("un2022grain", True), citation_text("atland2020destined", False)
    ('Charap and Radchenko (2024)', 'United Nations, 2022', 'Åtland (2020)')
    """
    entry = _bibliography().entries[key]
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(p.last_names).encode("utf-8").decode("latex").replace("{", "").replace("}", "") for p in people]
    who = names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2 else f"{names[0]} et al."
    year = entry.fields.get("year", "n.d.")
    return f"{who}, {year}" if parenthetical else f"{who} ({year})"


def _on_source_read(app, docname, source):
    path = Path(app.env.doc2path(docname))
    source[0] = notebook_to_sphinx(source[0]) if path.suffix == ".ipynb" else to_sphinx(source[0])


def setup(app):
    app.connect("source-read", _on_source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
