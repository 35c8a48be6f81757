"""Fail the build on a bibliography address that is not http(s): sphinxcontrib-bibtex makes a link of every
`url` in references.bib, so a `javascript:` address there would run script on the references page. The check is
peacebook.data.bibliography_problems (the data's own URLs are checked by its loader, with the same rule)."""

from pathlib import Path

from sphinx.errors import ExtensionError

from peacebook.data import bibliography_problems


def check_bibliography(app) -> None:
    problems = [p for name in app.config.bibtex_bibfiles for p in bibliography_problems(Path(app.confdir, name))]
    if problems:
        raise ExtensionError(
            "addresses in the bibliography that would become unsafe links:\n  - " + "\n  - ".join(problems)
        )


def setup(app):
    app.connect("builder-inited", check_bibliography)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
