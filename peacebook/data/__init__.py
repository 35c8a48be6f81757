"""The data layer: the tables in data/ loaded and validated, what a cell may hold, the vocabularies, the checks.
May import nothing else of peacebook; its modules import each other, never this package.

This package is where loading meets the checks over what it loaded: `load_tables` reads every table
(`loading`), then runs the editorial checks across them (`editorial`) and the second readers' checks (`checks`).
Those modules read `loading`; none of them runs another, so the layer has no import circle.

The chapters write `from peacebook import data` and call `data.load_tables()`, `data.load_table("events")`,
`data.as_of()`…: this package keeps those names (the public names of `loading`, and `split_list` from `cells`).
Code that needs anything else imports the module that holds it: `from peacebook.data.cells import check_cell`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .cells import split_list
from .checks import CHECKS_TABLE, attach_verdicts, check_problems, row_checks
from .editorial import EDITORIAL_TABLES, editorial_problems
from .loading import (
    BIBLIOGRAPHY,
    DATA_DIR,
    PACKAGE_FILE,
    DataValidationError,
    Problem,
    _reading_once,
    as_of,
    as_of_gap,
    as_of_phrase,
    bibliography_problems,
    bibliography_urls,
    coverage,
    foreign_keys,
    load_package,
    load_table,
    read_table,
    resource,
    written_rows,
)

__all__ = [
    "BIBLIOGRAPHY",
    "DATA_DIR",
    "PACKAGE_FILE",
    "DataValidationError",
    "Problem",
    "as_of",
    "as_of_gap",
    "as_of_phrase",
    "bibliography_problems",
    "bibliography_urls",
    "coverage",
    "foreign_keys",
    "load_package",
    "load_table",
    "load_tables",
    "read_table",
    "resource",
    "split_list",
    "written_rows",
]


def load_tables(data_dir: Path | str = DATA_DIR) -> dict[str, pd.DataFrame]:
    """Every table of the data package, validated, by name. Reports the problems of all tables at once.

    Once the tables they read are valid, the editorial checks across tables run too, and their problems
    are reported with the rest (see peacebook.data.editorial). Each table whose rows need a second reader's check
    gains the column `check_verdict` (peacebook.data.checks): confirmed, corrected, unverified, or unchecked."""
    tables, problems = {}, []
    with _reading_once():
        for res in load_package(data_dir)["resources"]:
            try:
                tables[res["name"]] = load_table(res["name"], data_dir)
            except DataValidationError as err:
                problems += err.problems
        if EDITORIAL_TABLES <= set(tables):  # the editorial checks need these tables valid; report with the rest
            problems += editorial_problems(tables, data_dir)
        if not problems and CHECKS_TABLE in tables:  # each factual row's second reading (peacebook.data.checks)
            states = row_checks(tables[CHECKS_TABLE], data_dir)
            problems += check_problems(tables[CHECKS_TABLE], data_dir, states)
            attach_verdicts(tables, states)
    if problems:
        raise DataValidationError(problems)
    return tables
