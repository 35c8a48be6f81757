#!/usr/bin/env python3
"""Rewrite citation, glossary and cross-reference roles in chapters into the forms both the published book and
JupyterLab show well (see _ext/portable_myst.py, which turns them back into the same roles when the book is
built). Idempotent: run it after adding text with roles, or after merging chapters that still use them.

    .venv/bin/python scripts/portable-myst.py                    # every chapter notebook, the glossary, the references
    .venv/bin/python scripts/portable-myst.py chapters/x.ipynb   # the files named

{cite:t}`k` becomes [Author (Year)](references.md#k); {cite:p}`k1,k2` becomes ([Author, Year](references.md#k1);
…); {term}`text <Term>` becomes [text](glossary.md#term-slug); {doc}`text <page>` becomes [text](page.ipynb) (or
.md; without a text, the page's title); {ref}`text <label>` becomes [text](page.md#label) (without a text, the
section's title). {binder-link} is left alone: it is for the published book only (write it in a book-only block).
"""

import os
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
from portable_myst import citation_text, glossary_terms, term_slug  # noqa: E402

ROLE = re.compile(r"\{(?P<role>cite:t|cite:p|term|doc|ref)\}`(?P<body>[^`]+)`")
DEFAULT = sorted((ROOT / "chapters").glob("*.ipynb")) + [
    ROOT / "chapters" / "glossary.md",
    ROOT / "chapters" / "references.md",
]


def text_and_target(body: str) -> tuple[str | None, str]:
    match = re.fullmatch(r"(.*?)\s*<([^<>]+)>", body)
    return (match.group(1), match.group(2)) if match else (None, body.strip())


def page_text(path: Path) -> str:
    if path.suffix == ".ipynb":
        notebook = nbformat.read(path, as_version=4)
        return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    return path.read_text(encoding="utf-8")


def title(path: Path) -> str:
    return next(line[2:].strip() for line in page_text(path).splitlines() if line.startswith("# "))


def pages() -> list[Path]:
    return [p for p in ROOT.rglob("*") if p.suffix in (".md", ".ipynb") and not {"_build", ".venv"} & set(p.parts)]


def labelled(label: str) -> tuple[Path, str]:
    """The page holding `(label)=` and the title of the section it labels."""
    for path in pages():
        lines = page_text(path).splitlines()
        for i, line in enumerate(lines):
            if line.strip() == f"({label})=":
                heading = next(x for x in lines[i + 1 :] if x.startswith("#"))
                return path, heading.lstrip("#").strip()
    raise KeyError(f"no page labels {label!r}")


def link_to(page: Path, here: Path) -> str:
    return Path(os.path.relpath(page, here.parent)).as_posix()


def convert(text: str, here: Path) -> str:
    def replace(match: re.Match) -> str:
        role, body = match.group("role"), match.group("body")
        if role.startswith("cite:"):
            keys = [k.strip() for k in body.split(",")]
            refs = link_to(ROOT / "chapters" / "references.md", here)
            if role == "cite:p":
                return "(" + "; ".join(f"[{citation_text(k, True)}]({refs}#{k})" for k in keys) + ")"
            return "; ".join(f"[{citation_text(k, False)}]({refs}#{k})" for k in keys)
        text, target = text_and_target(body)
        if role == "term":
            if term_slug(target) not in glossary_terms():
                raise KeyError(f"{match.group(0)} in {here}: no such glossary term")
            glossary = link_to(ROOT / "chapters" / "glossary.md", here)
            return f"[{text or target}]({glossary}#term-{term_slug(target)})"
        if role == "doc":
            base = ROOT if target.startswith("/") else here.parent
            page = next(p for p in (base / f"{target.lstrip('/')}{s}" for s in (".ipynb", ".md")) if p.exists())
            return f"[{text or title(page)}]({link_to(page, here)})"
        page, heading = labelled(target)
        return f"[{text or heading}]({'' if page == here else link_to(page, here)}#{target})"

    return ROLE.sub(replace, text)


def main(paths: list[Path]) -> int:
    for path in paths:
        path = path.resolve()
        if path.suffix == ".ipynb":
            notebook = nbformat.read(path, as_version=4)
            changed = False
            for cell in notebook.cells:
                if cell.cell_type == "markdown" and ROLE.search(cell.source):
                    cell.source, changed = convert(cell.source, path), True
            if changed:
                nbformat.write(notebook, path)
                print(f"rewrote {path.relative_to(ROOT)}")
        else:
            text = path.read_text(encoding="utf-8")
            if ROLE.search(text):
                path.write_text(convert(text, path), encoding="utf-8")
                print(f"rewrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main([Path(a) for a in sys.argv[1:]] or DEFAULT))
