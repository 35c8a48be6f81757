"""Load the book's tables from data/ and validate them against data/datapackage.json.

Every table is declared in the data package (a Frictionless Data Package: field names, types and
constraints). Loading checks each cell against its field (peacebook.data.cells), each row against the table's
own rules (end dates after start dates, a publisher for every URL) and the whole table against its keys
and its references to other tables; it reports every problem at once, each naming the file, the row, the
line in the file and the column, so a maintainer can fix a broken table in one pass. `load_tables`
(peacebook.data, the layer's package) loads every table and runs the editorial checks and the second readers'
checks over them: this module runs none of them, so they can read it.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .cells import cell_checker, is_web_url, split_list


def _find_data_dir() -> Path:
    """The book's own data; PEACEBOOK_DATA points the whole package at another copy (tests use fixtures).
    Beside the package in a checkout (an editable install); else, when the package was copied into
    site-packages (Binder's repo2docker runs `pip install .` after requirements.txt), the data/ of the
    checkout the kernel runs in: the working directory or one of its parents."""
    if os.environ.get("PEACEBOOK_DATA"):
        return Path(os.environ["PEACEBOOK_DATA"]).resolve()
    beside = Path(__file__).resolve().parents[2] / "data"
    if (beside / "datapackage.json").is_file():
        return beside.resolve()
    for folder in (Path.cwd(), *Path.cwd().parents):
        if (folder / "data" / "datapackage.json").is_file():
            return (folder / "data").resolve()
    return beside.resolve()


DATA_DIR = _find_data_dir()
PACKAGE_FILE = "datapackage.json"
BIBLIOGRAPHY = DATA_DIR.parent / "references.bib"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or one row, or one file) of a table."""

    file: str
    row: int | None  # 1-based data row (the header is not a row); None for file-level problems
    line: int | None  # line of the file where the row ends (quoted cells may span lines)
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}" + (f" (line {self.line})" if self.line is not None else ""))
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class DataValidationError(ValueError):
    """A table in data/ does not match its schema. `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the data:\n{shown}{more}")


# While `load_tables` reads every table: each data package parsed once, and each table's rows read once, where
# every table's references would otherwise read the package and the tables they point at again (issue #32).
_one_reading: ContextVar[dict | None] = ContextVar("peacebook_one_reading", default=None)


@contextmanager
def _reading_once():
    token = _one_reading.set({})
    try:
        yield
    finally:
        _one_reading.reset(token)


def _once_a_reading(key: tuple, compute):
    """`compute()`, kept under `key` while `load_tables` reads (so done once for the whole load); else every time."""
    reading = _one_reading.get()
    if reading is None:
        return compute()
    if key not in reading:
        reading[key] = compute()
    return reading[key]


def load_package(data_dir: Path | str = DATA_DIR) -> dict:
    """The data package descriptor (datapackage.json) as a dict."""
    return _once_a_reading(("package", str(data_dir)), lambda: _read_package(data_dir))


def _read_package(data_dir: Path | str) -> dict:
    path = Path(data_dir).resolve() / PACKAGE_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataValidationError([Problem(str(path), None, None, None, "data package file not found")]) from None
    except json.JSONDecodeError as err:
        raise DataValidationError(
            [Problem(str(path), None, err.lineno, None, f"not valid JSON: {err.msg} (line {err.lineno})")]
        ) from None


def resource(name: str, data_dir: Path | str = DATA_DIR) -> dict:
    """The descriptor of one table (a 'resource' of the data package)."""
    package = load_package(data_dir)
    for res in package["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in package["resources"])
    raise KeyError(f"no table named {name!r} in {PACKAGE_FILE}; the tables are: {known}")


def as_of(data_dir: Path | str = DATA_DIR) -> dt.date:
    """The date up to which the dataset has been checked against its sources."""
    return dt.date.fromisoformat(load_package(data_dir)["as_of"])


def coverage(tables: dict | None = None, data_dir: Path | str = DATA_DIR) -> tuple[dt.date, dt.date]:
    """The two dates every 'as of' notice must show: when the data was last checked against its sources
    (`as_of` in the package) and the date of the latest event the data covers."""
    events = tables["events"] if tables is not None else load_table("events", data_dir)
    return as_of(data_dir), events["date"].max().date()


def as_of_gap(checked: dt.date, latest: dt.date) -> str:
    """How much older the latest event is than the check: 'about 5 months', or '12 days'."""
    months = (checked.year - latest.year) * 12 + checked.month - latest.month - (checked.day < latest.day)
    if months >= 1:
        return f"about {months} month{'s' if months != 1 else ''}"
    days = (checked - latest).days
    return f"{days} day{'s' if days != 1 else ''}"


def as_of_phrase(checked: dt.date, latest: dt.date) -> str:
    """The 'as of' wording for any page: both dates and the gap between them."""
    return (
        f"data checked {checked.day} {checked:%B %Y}; latest event covered {latest.day} {latest:%B %Y} "
        f"({as_of_gap(checked, latest)} earlier: nothing after that date is in the book)"
    )


# --- rows and tables -----------------------------------------------------------------------------


def _check_row_rules(row: dict, rules: list[dict]) -> list[tuple[str, str]]:
    """The table's cross-column rules (declared in the schema under 'rowRules'): (column, message)."""
    found = []
    for rule in rules:
        kind, value = rule["rule"], row.get(rule["field"])
        if kind == "not_before":  # a later date must not precede an earlier one
            earlier = row.get(rule["other"])
            if value is not None and earlier is not None and value < earlier:
                found.append((rule["field"], f"{value} is before {rule['other']} {earlier}"))
        elif kind == "requires":  # a filled field needs its companion filled too
            if value is not None and row.get(rule["other"]) is None:
                found.append((rule["other"], f"is required when {rule['field']} is given"))
        elif kind == "max_words":  # e.g. quotations are kept short
            if value is not None and len(str(value).split()) > rule["max"]:
                found.append((rule["field"], f"has {len(str(value).split())} words; at most {rule['max']} are allowed"))
        else:
            raise ValueError(f"unknown row rule {kind!r} in {PACKAGE_FILE}")
    return found


def _shown_path(data_dir: Path, res: dict) -> str:
    path = data_dir / res["path"]
    return f"data/{res['path']}" if _resolved(data_dir) == DATA_DIR else str(path)


def _resolved(data_dir: Path | str) -> Path:
    """The data folder's real path: once for each load of the tables, not once for each table and reference."""
    return _once_a_reading(("resolved", str(data_dir)), lambda: Path(data_dir).resolve())


def _read_rows(name: str, data_dir: Path) -> tuple[list[dict], list[Problem]]:
    """Parse and check one table on its own: (rows with '_row' and '_line', problems)."""
    return _once_a_reading(("rows", _resolved(data_dir), name), lambda: _parse_rows(name, data_dir, _one_reading.get()))


def written_rows(name: str, data_dir: Path) -> list[dict[str, str]] | None:
    """A table's cells as written in its file, if `load_tables` has read it already (else None)."""
    reading = _one_reading.get()
    return None if reading is None else reading.get(("written", _resolved(data_dir), name))


def _parse_rows(name: str, data_dir: Path, reading: dict | None = None) -> tuple[list[dict], list[Problem]]:
    res = resource(name, data_dir)
    schema = res["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    policy = load_package(data_dir).get("sourcePolicy", {})
    refused, refused_in_address = policy.get("refusedDomains", []), policy.get("refusedInAddress", [])
    shown_path = _shown_path(data_dir, res)
    problems: list[Problem] = []
    rows: list[dict] = []
    written: list[dict[str, str]] = []  # the cells as written, for the second reader's fingerprints (checks)
    try:
        handle = (data_dir / res["path"]).open(encoding="utf-8", newline="")
    except FileNotFoundError:
        return [], [Problem(shown_path, None, None, None, "file not found")]
    with handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                return [], [Problem(shown_path, None, 1, None, "file is empty (no header)")]
            for col in (f for f in fields if f not in header):
                problems.append(Problem(shown_path, None, 1, col, "column declared in the schema is missing"))
            for col in (h for h in header if h not in fields):
                problems.append(Problem(shown_path, None, 1, col, "column is not declared in the schema"))
            for col in sorted({h for h in header if header.count(h) > 1}):
                problems.append(Problem(shown_path, None, 1, col, "column appears more than once"))
            if problems:
                return [], problems
            checkers = [cell_checker(fields[column], refused, refused_in_address) for column in header]
            row_rules = schema.get("rowRules", [])
            for row_number, cells in enumerate(reader, start=1):
                line = reader.line_num
                if len(cells) != len(header):
                    problems.append(
                        Problem(
                            shown_path, row_number, line, None, f"has {len(cells)} cells; the header has {len(header)}"
                        )
                    )
                    continue
                written.append(dict(zip(header, cells)))
                row = {"_row": row_number, "_line": line}  # the columns follow, as read_table strips these two
                for column, text, check in zip(header, cells, checkers):
                    try:
                        row[column] = check(text)
                    except ValueError as err:
                        problems.append(Problem(shown_path, row_number, line, column, str(err)))
                        row[column] = None
                for column, message in _check_row_rules(row, row_rules):
                    problems.append(Problem(shown_path, row_number, line, column, message))
                rows.append(row)
        except csv.Error as err:
            problems.append(Problem(shown_path, None, reader.line_num, None, f"not valid CSV: {err}"))
        except UnicodeDecodeError as err:
            problems.append(Problem(shown_path, None, None, None, f"not UTF-8 text: {err.reason}"))

    for column, field in fields.items():
        if field.get("constraints", {}).get("unique"):
            seen: dict = {}
            for row in rows:
                value = row.get(column)
                if value is None:
                    continue
                if value in seen:
                    problems.append(
                        Problem(
                            shown_path,
                            row["_row"],
                            row["_line"],
                            column,
                            f"{value!r} repeats row {seen[value]}; it must be unique",
                        )
                    )
                else:
                    seen[value] = row["_row"]
    key = schema.get("primaryKey")
    if isinstance(key, list):  # a key of several columns: each combination may appear once
        seen_keys: dict = {}
        for row in rows:
            combination = tuple(row.get(column) for column in key)
            if None in combination:
                continue
            if combination in seen_keys:
                shown = ", ".join(f"{c}={v!r}" for c, v in zip(key, combination))
                problems.append(
                    Problem(
                        shown_path,
                        row["_row"],
                        row["_line"],
                        key[0],
                        f"{shown} repeats row {seen_keys[combination]}; the key must be unique",
                    )
                )
            else:
                seen_keys[combination] = row["_row"]
    if reading is not None:
        reading["written", _resolved(data_dir), name] = written
    return rows, problems


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


# The book's conventions that the Frictionless standard does not express are declared in custom properties,
# which the standard's validator ignores and this loader enforces (see the maintainer guide and peacebook.data.cells):
# references from a list field, and composite references with a part that may be empty, are listed in
# "peacebook:foreignKeys" beside the standard "foreignKeys".
def foreign_keys(schema: dict) -> list[dict]:
    """Every reference a table makes: the standard's foreign keys and the book's own."""
    return schema.get("foreignKeys", []) + schema.get("peacebook:foreignKeys", [])


def _check_foreign_keys(name: str, rows: list[dict], data_dir: Path, cache: dict) -> list[Problem]:
    """Every reference from `name` to another table points at a row that exists there.

    A key is checked only when all its local fields are filled. A field declared with a
    'separator' holds a list, and each item must exist in the referenced table.
    """
    res = resource(name, data_dir)
    fields = {f["name"]: f for f in res["schema"]["fields"]}
    shown_path = _shown_path(data_dir, res)
    problems = []
    for key in foreign_keys(res["schema"]):
        local = _as_list(key["fields"])
        target, remote = key["reference"]["resource"], _as_list(key["reference"]["fields"])
        if target not in cache:
            cache[target] = _read_rows(target, data_dir)[0] if target != name else rows
        existing = _keys_of(target, remote, cache[target], data_dir)
        # a small table is a vocabulary: name what it allows, so the fix is in the message
        allowed = f" (it holds: {', '.join(sorted(str(v[0]) for v in existing))})" if 0 < len(existing) <= 12 else ""
        for row in rows:
            values = [row.get(f) for f in local]
            if any(v is None for v in values):
                continue
            separator = fields[local[0]].get("separator")
            wanted = [(item,) for item in split_list(values[0], separator)] if separator else [tuple(values)]
            for item in wanted:
                if item not in existing:
                    shown = ", ".join(f"{f}={v!r}" for f, v in zip(remote, item))
                    problems.append(
                        Problem(
                            shown_path,
                            row["_row"],
                            row["_line"],
                            local[0],
                            f"refers to {shown}, which is not in the {target} table{allowed}",
                        )
                    )
    return problems


def _keys_of(target: str, remote: list[str], rows: list[dict], data_dir: Path) -> set[tuple]:
    """The values of `remote` in a table's rows: once for each load of the tables, where many tables refer to the
    same one (issues, options, parties)."""
    return _once_a_reading(
        ("keys", _resolved(data_dir), target, tuple(remote)), lambda: {tuple(r[f] for f in remote) for r in rows}
    )


def read_table(name: str, data_dir: Path | str = DATA_DIR) -> list[dict]:
    """Read and validate one table, and its references to other tables; return its rows as dicts.

    Raises DataValidationError listing every problem, each with file, row, line and column.
    """
    return [{k: v for k, v in row.items() if not k.startswith("_")} for row in _valid_rows(name, data_dir)]


def _valid_rows(name: str, data_dir: Path | str) -> list[dict]:
    """read_table's rows, still with their '_row' and '_line' (load_table takes only the schema's columns)."""
    data_dir = Path(data_dir)
    rows, problems = _read_rows(name, data_dir)
    problems = problems + _check_foreign_keys(name, rows, data_dir, cache={})  # cells found broken are None: skipped
    if problems:
        raise DataValidationError(problems)
    return rows


# Each field type's pandas dtype; dates become datetime64, anything else is text.
_DTYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean"}


def load_table(name: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """One validated table as a DataFrame, columns in schema order, dates as datetime64."""
    res = resource(name, data_dir)
    rows = _valid_rows(name, data_dir)
    columns = {}
    for field in res["schema"]["fields"]:  # each column made once with its dtype: faster than converting a frame
        col, kind = field["name"], field.get("type", "string")
        values = [row[col] for row in rows]
        if kind == "date":
            columns[col] = pd.to_datetime(pd.Series(values, dtype=object))
        else:
            columns[col] = pd.array(values, dtype=_DTYPES.get(kind, "string"))
    return pd.DataFrame(columns)


# --- the bibliography -----------------------------------------------------------------------------


def bibliography_urls(path: Path | str = BIBLIOGRAPHY) -> list[tuple[str, str, str]]:
    """Every address in a BibTeX file that the references page makes a link of, whatever its scheme: (entry key,
    field, address), from `url` fields and from `\\url{...}` or `\\href{...}` in any field. (A `doi` is linked
    as https://doi.org/ followed by it, so its scheme is never in doubt.) Reads with pybtex, which the book's
    build installs; the chapters never need it."""
    from pybtex.database import parse_file

    found = []
    for key, entry in parse_file(str(path)).entries.items():
        for name, value in entry.fields.items():
            if name.lower() == "url":
                found.append((key, name, value.strip()))
            found += [(key, name, url.strip()) for url in re.findall(r"\\(?:url|href)\s*\{([^}]*)\}", value)]
    return found


def bibliography_problems(path: Path | str = BIBLIOGRAPHY) -> list[str]:
    """Each address in the bibliography that is not an http(s) URL (peacebook.data.cells.is_web_url): a `javascript:`
    address there would become a link on the references page."""
    return [
        f"{Path(path).name}, entry '{key}', field '{name}': {url!r} is not an http(s) address"
        for key, name, url in bibliography_urls(path)
        if not is_web_url(url)
    ]
