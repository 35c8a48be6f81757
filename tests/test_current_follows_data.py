"""Adding a newer proposal to data/ updates the current-proposal chapter with no edit to the notebook:
the chapter is run in a real kernel on a copy of the data with a fixture proposal added."""

import csv
import shutil

import pytest
from testbook import testbook

from conftest import ROOT
from peacebook import data

pytestmark = pytest.mark.kernel


def append_row(path, row):
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, header, lineterminator="\n", extrasaction="ignore").writerow(row)


def test_a_newer_proposal_becomes_the_current_one(tmp_path, monkeypatch):
    fixture = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, fixture)
    src = {
        "source_url": "https://www.example.org/fixture",
        "source_publisher": "Fixture Times",
        "source_date": "2026-11-01",
    }
    append_row(
        fixture / "texts.csv",
        {
            "text_code": "FX1",
            "short_title": "Fixture framework",
            "title": "Fixture framework for a ceasefire (test only)",
            "date": "2026-11-01",
            "moment": "current",
            "status": "formally_tabled",
            "parties": "Ukraine;Russia",
            "signatories": "",
            "description": "A proposal invented for a test.",
            **src,
            "full_text_url": "",
            "full_text_publisher": "",
        },
    )
    append_row(
        fixture / "provisions.csv",
        {
            "provision_id": "FX1-1",
            "text_code": "FX1",
            "point_ref": "1",
            "order": 1,
            "paraphrase": "Fixture point: a ceasefire before any talks.",
            "issue_id": "A01",
            "option_id": "A01.a",
            **src,
        },
    )
    append_row(
        fixture / "provisions.csv",
        {
            "provision_id": "FX1-2",
            "text_code": "FX1",
            "point_ref": "2",
            "order": 2,
            "paraphrase": "Fixture point: the line of control is frozen where it is.",
            "issue_id": "A02",
            "option_id": "A02.a",
            **src,
        },
    )
    monkeypatch.setenv("PEACEBOOK_DATA", str(fixture))
    with testbook(str(ROOT / "chapters" / "current.ipynb"), execute=True, timeout=120) as tb:
        banner = "".join(o.get("data", {}).get("text/html", "") for o in tb.cells[1].outputs)
        assert "Fixture framework for a ceasefire (test only)" in banner
        assert tb.value("proposal.text_code") == "FX1"
        assert tb.value("sorted(set(grid['point_ref']))") == ["1", "2"]
        page = "".join(o.get("data", {}).get("text/html", "") for cell in tb.cells for o in cell.get("outputs", []))
        assert "Fixture point: a ceasefire before any talks." in page
