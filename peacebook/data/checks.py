"""Second readers' checks (issue #30): every factual row is read against its source by someone who did not
write it, and the check is recorded in `data/checks.csv` with a fingerprint of the row's cells.

A row changed after its check no longer matches the fingerprint, so it counts as unchecked until it is read
again: the check certifies the row as it was read, not whatever the row later became. Which tables need a
check is declared in the data package (the custom property `peacebook:secondReader` on a table).

This module receives the tables and the raw rows and returns states and problems; it runs no loading of its
own beyond reading a table's cells as written, which the fingerprint is taken over.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .loading import DATA_DIR, Problem, _shown_path, load_package, resource, written_rows

CHECKED_PROPERTY = "peacebook:secondReader"
CHECKS_TABLE = "checks"
VERDICTS = ("confirmed", "corrected", "unverified")
UNCHECKED = "unchecked"  # no check on record, or the row changed since it was read
VERDICT_COLUMN = "check_verdict"  # the column load_tables adds to every checked table


# What a reader of the book is told of a row no second reader has confirmed: a short label beside its source,
# and a sentence saying what the label means (a table cell's title, the data chapter).
MARKS = {
    "unverified": ("unverified", "A second reader could not confirm this row against its source."),
    UNCHECKED: ("not yet checked", "No second reader has checked this row against its source since it last changed."),
}


def mark(verdict) -> str | None:
    """The short label shown beside a row's source, or None for a row a second reader confirmed (or corrected).

    >>> mark("unverified"), mark("confirmed"), mark(None)
    ('unverified', None, None)
    """
    return MARKS[verdict][0] if isinstance(verdict, str) and verdict in MARKS else None


def marked_publisher(publisher, verdict) -> str:
    """A publisher as a chart's tooltip or data table shows it: 'RFE/RL (unverified)' where no second reader
    confirmed the row.

    >>> marked_publisher("RFE/RL", "unchecked"), marked_publisher("RFE/RL", "confirmed")
    ('RFE/RL (not yet checked)', 'RFE/RL')
    """
    text = "" if publisher is None or pd.isna(publisher) else str(publisher)
    label = mark(verdict)
    return text if label is None else f"{text} ({label})"


def marked_publishers(publishers: pd.Series, verdicts: pd.Series | None) -> pd.Series:
    """marked_publisher for a column; `verdicts` is a table's check_verdict column (None: nothing to mark)."""
    if verdicts is None:
        return publishers.map(lambda p: marked_publisher(p, None))
    return pd.Series([marked_publisher(p, v) for p, v in zip(publishers, verdicts)], index=publishers.index)


def checked_tables(package: dict) -> list[str]:
    """The tables whose every row needs a second reader's check, in the package's order."""
    return [res["name"] for res in package["resources"] if res.get(CHECKED_PROPERTY)]


def key_fields(res: dict) -> list[str]:
    key = res["schema"]["primaryKey"]
    return key if isinstance(key, list) else [key]


def key_of(row: Mapping[str, str], fields: list[str]) -> str:
    """A row's key as the checks table writes it: the key's cells joined by '/'.

    >>> key_of({"text_code": "M2", "mechanism_id": "D1", "score": "2"}, ["text_code", "mechanism_id"])
    'M2/D1'
    """
    return "/".join(str(row[f]) for f in fields)


def fingerprint(row: Mapping[str, str]) -> str:
    """A short hash of a row's cells as written in its file. Empty cells are left out, so adding an empty
    column to a table does not unsettle its checks; any change to a filled cell does.

    >>> fingerprint({"a": "1", "b": ""}) == fingerprint({"a": "1"})
    True
    >>> fingerprint({"a": "1"}) == fingerprint({"a": "2"})
    False
    >>> len(fingerprint({"a": "1"}))
    16
    """
    filled = {column: text for column, text in row.items() if text not in ("", None)}
    return hashlib.sha256(_FINGERPRINT_JSON.encode(filled).encode("utf-8")).hexdigest()[:16]


# json.dumps(..., sort_keys=True, ensure_ascii=False) builds this encoder on every call; every load fingerprints
# each factual row, so one is kept (the text it writes, and so every recorded fingerprint, is the same)
_FINGERPRINT_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def raw_rows(name: str, data_dir: Path | str = DATA_DIR) -> list[dict[str, str]]:
    """A table's rows as the cells are written in its file (strings), in file order."""
    already_read = written_rows(name, data_dir)
    if already_read is not None:
        return already_read
    res = resource(name, data_dir)
    with (Path(data_dir) / res["path"]).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, strict=True))


@dataclass(frozen=True)
class RowCheck:
    """Where one factual row stands with its second reader."""

    table: str
    key: str
    state: str  # 'current' (checked as it stands), 'changed' (changed since its check) or 'missing'
    verdict: str | None  # the reader's verdict, whatever the state; None if never checked
    checked_on: dt.date | None
    reader: str | None

    @property
    def shown_verdict(self) -> str:
        """What a reader of the book is told: the verdict of a current check, else 'unchecked'."""
        return self.verdict if self.state == "current" else UNCHECKED


def _records(checks: pd.DataFrame) -> dict[tuple[str, str], dict]:
    # column by column, not DataFrame.to_dict: this runs on every load of the tables
    columns = {
        name: [None if v is pd.NA or v is pd.NaT else v for v in checks[name].tolist()] for name in checks.columns
    }
    records = [dict(zip(columns, values)) for values in zip(*columns.values())]
    return {(r["table"], r["row_key"]): r for r in records}


def row_checks(checks: pd.DataFrame, data_dir: Path | str = DATA_DIR) -> list[RowCheck]:
    """Every factual row with its check state, table by table in file order."""
    package = load_package(data_dir)
    records = _records(checks)
    states = []
    for name in checked_tables(package):
        fields = key_fields(resource(name, data_dir))
        for row in raw_rows(name, data_dir):
            key = key_of(row, fields)
            record = records.get((name, key))
            if record is None:
                states.append(RowCheck(name, key, "missing", None, None, None))
                continue
            state = "current" if record["fingerprint"] == fingerprint(row) else "changed"
            checked_on = record["checked_on"].date() if record["checked_on"] is not None else None
            states.append(RowCheck(name, key, state, record["verdict"], checked_on, record["reader"]))
    return states


def check_problems(
    checks: pd.DataFrame, data_dir: Path | str = DATA_DIR, states: list[RowCheck] | None = None
) -> list[Problem]:
    """A check must be of a row that exists: a record left behind by a deleted or renamed row is a problem,
    named by its row in checks.csv. `states`: the rows' row_checks, where the caller has them already."""
    states = row_checks(checks, data_dir) if states is None else states
    existing = {(state.table, state.key) for state in states}
    shown = _shown_path(Path(data_dir), resource(CHECKS_TABLE, data_dir))
    found = []
    for number, record in enumerate(checks.itertuples(index=False), start=1):
        if (record.table, record.row_key) not in existing:
            found.append(
                Problem(
                    shown,
                    number,
                    None,
                    "row_key",
                    f"is a check of {record.table} row {record.row_key!r}, which is not in that table: "
                    "move the check to the row's new key, or delete it with the row",
                )
            )
    return found


def attach_verdicts(tables: dict[str, pd.DataFrame], states: list[RowCheck]) -> None:
    """Add to each checked table the column `check_verdict`: what its readers are told of each row
    (confirmed, corrected, unverified, or unchecked). Rows are in file order in both."""
    by_table: dict[str, list[str]] = {}
    for state in states:
        by_table.setdefault(state.table, []).append(state.shown_verdict)
    for name, verdicts in by_table.items():
        if name in tables and len(tables[name]) == len(verdicts):
            tables[name][VERDICT_COLUMN] = pd.array(verdicts, dtype="string")


def coverage_by_table(states: list[RowCheck]) -> pd.DataFrame:
    """Per table: how many rows, how many checked as they stand, and the verdicts of those checks."""
    frame = pd.DataFrame([{"table": s.table, "state": s.state, "verdict": s.shown_verdict} for s in states])
    columns = ["rows", "current", *VERDICTS, "changed", "missing"]
    if frame.empty:
        return pd.DataFrame(columns=["table", *columns])
    table_order = list(dict.fromkeys(frame["table"]))
    counts = pd.DataFrame(index=pd.Index(table_order, name="table"))
    counts["rows"] = frame.groupby("table").size()
    for state in ("current", "changed", "missing"):
        counts[state] = frame[frame["state"] == state].groupby("table").size()
    for verdict in VERDICTS:
        counts[verdict] = frame[frame["verdict"] == verdict].groupby("table").size()
    return counts[columns].fillna(0).astype(int).reset_index()


# --- recording a check ------------------------------------------------------------------------------------


CHECK_COLUMNS = ("table", "row_key", "fingerprint", "checked_on", "reader", "verdict", "source_read", "where", "note")


def record_checks(
    entries: list[Mapping[str, str]], data_dir: Path | str = DATA_DIR, today: dt.date | None = None
) -> list[str]:
    """Record second readers' checks in checks.csv: each entry names the table, row_key, reader, verdict,
    where the source says it, and optionally source_read, note and checked_on. The fingerprint is taken of
    the row as it stands now, so record a check only after any correction to the row is made. A new check
    of a row replaces its old one (git keeps the history). Returns one line per entry saying what was done;
    raises ValueError, naming the entry, for an unknown table or row, or a verdict the book does not use."""
    data_dir = Path(data_dir)
    package = load_package(data_dir)
    tables = checked_tables(package)
    rows_by_table: dict[str, dict[str, dict]] = {}
    path = data_dir / resource(CHECKS_TABLE, data_dir)["path"]
    with path.open(encoding="utf-8", newline="") as handle:
        existing = {(r["table"], r["row_key"]): r for r in csv.DictReader(handle, strict=True)}
    said = []
    for number, entry in enumerate(entries, start=1):
        table, key = entry.get("table", ""), entry.get("row_key", "")
        if table not in tables:
            raise ValueError(f"entry {number}: {table!r} is not a checked table ({', '.join(tables)})")
        if table not in rows_by_table:
            fields = key_fields(resource(table, data_dir))
            rows_by_table[table] = {key_of(r, fields): r for r in raw_rows(table, data_dir)}
        if key not in rows_by_table[table]:
            raise ValueError(f"entry {number}: {table} has no row {key!r}")
        if entry.get("verdict") not in VERDICTS:
            raise ValueError(f"entry {number}: verdict {entry.get('verdict')!r} is not one of {', '.join(VERDICTS)}")
        for required in ("reader", "where"):
            if not (entry.get(required) or "").strip():
                raise ValueError(f"entry {number} ({table} {key}): '{required}' is required")
        record = {column: (entry.get(column) or "").strip() for column in CHECK_COLUMNS}
        record["fingerprint"] = fingerprint(rows_by_table[table][key])
        record["checked_on"] = record["checked_on"] or (today or dt.date.today()).isoformat()
        said.append(f"{'re-checked' if (table, key) in existing else 'checked'} {table} {key}: {record['verdict']}")
        existing[(table, key)] = record
    order = {name: i for i, name in enumerate(tables)}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CHECK_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for _, record in sorted(existing.items(), key=lambda item: (order.get(item[0][0], len(order)), item[0][1])):
            writer.writerow({column: record.get(column, "") for column in CHECK_COLUMNS})
    return said
