"""The data package passes the Frictionless standard's own validator (frictionless-py, the reference
implementation), so anyone reusing the data with the standard's tools sees a valid package. The book's stricter
rules live in custom properties that the standard ignores and peacebook.data enforces; the test shows both."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from peacebook import data
from peacebook.data import DataValidationError

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def validate(package: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(FRICTIONLESS), "validate", str(package), "--json"], capture_output=True, text=True, timeout=600
    )


def test_the_data_package_is_valid_by_the_standard():
    result = validate(ROOT / "data" / "datapackage.json")
    report = json.loads(result.stdout)
    errors = [(t["name"], e["message"]) for t in report["tasks"] for e in t.get("errors", [])]
    assert report["valid"] and not errors, errors[:10]


def test_the_books_own_rules_still_hold_where_the_standard_is_silent(tmp_path):
    """A list item that names no option passes the standard but not the book's loader."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    rules = (copy / "rules.csv").read_text(encoding="utf-8")
    (copy / "rules.csv").write_text(rules.replace("A06.d;A06.e", "A06.d;A99.z", 1), encoding="utf-8")
    assert json.loads(validate(copy / "datapackage.json").stdout)["valid"]
    with pytest.raises(DataValidationError, match="A99.z"):
        data.read_table("rules", copy)
