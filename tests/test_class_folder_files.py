"""Nothing a class folder holds can hang the dashboard, exhaust its memory, reach outside the folder, lose a
mark or mislead the instructor (issue #27): special files, huge files, links, odd names, files skipped for
their names, a flood of warnings, two briefs under one id, a table name with a carriage return, a rewrite in
format 1; and the grade sheet, written only when the instructor asks, never over an earlier one."""

import json
import os
import shutil
import subprocess
import sys
import threading
import tracemalloc

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from conftest import ROOT
from peacebook import charts
from peacebook.classroom import class_files, negotiation
from peacebook.files import submission
from peacebook.model.settlement import Catalogue

EXAMPLES = ROOT / "chapters" / "example-class"


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue.load()


def export(catalogue, code="M2", **meta) -> str:
    return submission.export_json(catalogue.draft_from_text(code, **meta))


def loaded_within(folder, catalogue, seconds=60):
    """load_class in a thread: a reader that hangs fails the test instead of hanging it."""
    found = {}
    worker = threading.Thread(
        target=lambda: found.update(result=class_files.load_class(folder, catalogue)), daemon=True
    )
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "reading the class folder hung"
    return found["result"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_skipped_with_its_reason_and_never_waited_on(catalogue, tmp_path):
    (tmp_path / "good.json").write_text(export(catalogue, student="Ana"), encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.json")
    folder = loaded_within(tmp_path, catalogue)
    assert [s.path.name for s in folder.submissions] == ["good.json"]
    assert "named pipe" in dict(folder.problems)["pipe.json"]


def test_a_file_over_the_limit_is_refused_without_being_read(catalogue, tmp_path):
    with open(tmp_path / "huge.json", "wb") as big:
        big.truncate(200_000_000)  # sparse: 200 MB to a reader, nothing on disk
    tracemalloc.start()
    try:
        folder = class_files.load_class(tmp_path, catalogue)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "at most 1 MB" in dict(folder.problems)["huge.json"]
    assert peak < 20_000_000, f"{peak / 1e6:.0f} MB allocated to refuse one file"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_link_out_of_the_folder_is_not_followed_and_one_inside_it_is(catalogue, tmp_path):
    outside, folder = tmp_path / "private", tmp_path / "class"
    outside.mkdir()
    folder.mkdir()
    (outside / "secret.json").write_text(export(catalogue, student="not in this class"), encoding="utf-8")
    (folder / "own.json").write_text(export(catalogue, student="Ana"), encoding="utf-8")
    os.symlink(outside / "secret.json", folder / "link-out.json")
    os.symlink(folder / "own.json", folder / "link-in.json")
    os.symlink(tmp_path / "nothing-here", folder / "dangling.json")
    loaded = class_files.load_class(folder, catalogue)
    assert sorted(s.path.name for s in loaded.submissions) == ["link-in.json", "own.json"]
    problems = dict(loaded.problems)
    assert "outside the class folder" in problems["link-out.json"] and "dangling.json" in problems
    assert "not in this class" not in str(class_files.grade_sheet(loaded, catalogue).to_dict())


def test_any_file_name_is_read_shown_and_written_to_the_grade_sheet(catalogue, tmp_path):
    names = [os.fsdecode(b"r\xe9sum\xe9-\xff.json"), "line\rbreak.json", "Жанна.json"]
    for name in names:
        (tmp_path / name).write_text(export(catalogue, student=name[:5]), encoding="utf-8")
    loaded = class_files.load_class(tmp_path, catalogue)
    assert sorted(s.name for s in loaded.submissions) == [
        "line\\x0dbreak.json",
        "r\\xe9sum\\xe9-\\xff.json",
        "Жанна.json",
    ]
    written = class_files.write_grade_sheet(class_files.grade_sheet(loaded, catalogue), tmp_path / "grades")
    sheet = pd.read_csv(written.path, encoding="utf-8-sig", dtype=str)
    assert sorted(sheet["file"]) == sorted(s.name for s in loaded.submissions)


def test_files_skipped_for_their_names_are_listed(catalogue, tmp_path):
    (tmp_path / "SHOUTING.JSON").write_text(export(catalogue, student="Caps"), encoding="utf-8")
    (tmp_path / "mine.json.txt").write_text(export(catalogue, student="Renamed"), encoding="utf-8")
    for name in ("report-1.html", "report-2.html", "notes.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    loaded = class_files.load_class(tmp_path, catalogue)
    assert [s.draft.student for s in loaded.submissions] == ["Caps"]  # any case of .json is read
    problems = dict(loaded.problems)
    assert "rename it to end in .json" in problems["mine.json.txt"]
    assert problems["(3 other files)"] == "not read: the names do not end in .json (2 .html files, 1 .txt file)"


def test_one_file_cannot_flood_the_problems_list(catalogue, tmp_path):
    payload = json.loads(export(catalogue, student="Flood"))
    payload["choices"].update({f"Z{n}": {} for n in range(50_000)})  # issues the book lacks: one warning each
    (tmp_path / "flood.json").write_text(json.dumps(payload, separators=(",", ":")), encoding="utf-8")
    (tmp_path / "other.json").write_text(export(catalogue, student="Ana") + " x", encoding="utf-8")
    loaded = class_files.load_class(tmp_path, catalogue)
    flood = [p for name, p in loaded.problems if name == "flood.json"]
    assert len(flood) <= 20 and "more warnings" in flood[-1]
    assert "other.json" in dict(loaded.problems)  # still in view


def test_a_second_brief_under_one_id_is_refused_naming_both_files(catalogue, tmp_path):
    first = catalogue.draft_from_text("M2", student="negotiator-4821", table="1")
    second = catalogue.draft_from_text("IC", student="Negotiator-4821 ", table="1")
    first.role, second.role = catalogue.parties[0], catalogue.parties[1]
    plain = catalogue.draft_from_text("M2", student="negotiator-4821")  # the same student's own settlement
    for name, draft in (("a.json", first), ("b.json", second), ("c.json", plain)):
        (tmp_path / name).write_text(submission.export_json(draft), encoding="utf-8")
    loaded = class_files.load_class(tmp_path, catalogue)
    assert sorted(s.name for s in loaded.submissions) == ["a.json", "c.json"]
    (message,) = [p for name, p in loaded.problems if name == "b.json"]
    assert "a.json" in message and "negotiator-4821" in message.lower()
    ranges = negotiation.ranges(loaded, catalogue)
    assert set(ranges["party"]) == {catalogue.parties[0]}  # no mark of the refused brief reaches the analysis


def test_suggested_ids_rarely_clash_in_a_class(monkeypatch):
    """With 9,000 suggested ids a class of 100 had a 42% chance that two students kept the same one (and one
    of their briefs would then be refused)."""
    import math
    import secrets

    from peacebook.views.workshop import suggested_id

    drawn = []
    monkeypatch.setattr(secrets, "randbelow", lambda n: drawn.append(n) or 0)
    assert suggested_id().startswith("negotiator-")
    (choices,) = drawn
    assert 1 - math.prod(1 - k / choices for k in range(100)) < 0.01


def test_a_carriage_return_in_a_table_name_cannot_rewrite_the_summary_line(catalogue, tmp_path):
    draft = catalogue.draft_from_text("M2", student="Ana")
    draft.role, draft.table = catalogue.parties[0], "A\r4 party briefs at 1 table(s): B\u202e\u2028C\x1b[2K"
    (tmp_path / "a.json").write_text(submission.export_json(draft), encoding="utf-8")
    loaded = class_files.load_class(tmp_path, catalogue)
    (table,) = negotiation.table_ids(loaded)
    assert table == "A 4 party briefs at 1 table(s): B C [2K"
    assert table.isprintable()


def test_rewriting_an_edited_file_in_format_1_keeps_the_mark(catalogue):
    payload = json.loads(export(catalogue, student="Ana"))
    payload["title"] = "changed by hand"  # the checksum no longer matches
    assert submission.parse_submission(json.dumps(payload), catalogue).edited
    marked = json.loads(submission.export_json(submission.parse_submission(json.dumps(payload), catalogue).draft))
    v1 = {
        "format": submission.FORMAT,
        "version": 1,
        "student": "Ana",
        "title": "changed by hand",
        "choices": {i: c["option_id"] for i, c in marked["choices"].items()},
        "justifications": {},
    }
    assert not submission.parse_submission(json.dumps(v1), catalogue).edited  # a genuine format-1 file
    for carried in ({"edited_after_export": True}, {"checksum": payload["checksum"]}):
        result = submission.parse_submission(json.dumps(v1 | carried), catalogue)
        assert result.edited and any(submission.EDITED_MARK in w for w in result.warnings)


# --- the grade sheet ------------------------------------------------------------------------------------------


def copy_examples(folder):
    folder.mkdir(exist_ok=True)
    for path in EXAMPLES.glob("example-*.json"):
        shutil.copy(path, folder / path.name)


def test_the_grade_sheet_never_overwrites_and_carries_the_marks(catalogue, tmp_path):
    copy_examples(tmp_path / "class")
    sheet = class_files.grade_sheet(class_files.load_class(tmp_path / "class", catalogue), catalogue)
    grades = tmp_path / "grades"
    first = class_files.write_grade_sheet(sheet, grades)
    # The instructor marks in a spreadsheet, adds a column of their own, and saves.
    edited = pd.read_csv(first.path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    edited.loc[edited["file"] == "example-a.json", ["Use of evidence (0-4)", "Comments"]] = ["3", "clear =sources"]
    edited["late?"] = "no"
    edited.to_csv(first.path, index=False)
    before = first.path.read_bytes()
    (tmp_path / "class" / "example-a.json").unlink()  # a file leaves the class, another arrives
    shutil.copy(EXAMPLES / "example-b.json", tmp_path / "class" / "late.json")
    sheet = class_files.grade_sheet(class_files.load_class(tmp_path / "class", catalogue), catalogue)
    second = class_files.write_grade_sheet(sheet, grades)
    assert second.path != first.path and first.path.read_bytes() == before  # the edited sheet is untouched
    rows = pd.read_csv(second.path, encoding="utf-8-sig", dtype=str, keep_default_na=False).set_index("file")
    assert rows.loc["example-a.json", "Use of evidence (0-4)"] == "3"  # kept, with its marks
    assert rows.loc["example-a.json", "Comments"] == "clear =sources" and set(rows["late?"]) == {"no", ""}
    assert "late.json" in rows.index and rows.index[-1] == "example-a.json"
    assert second.rows_kept == 1 and "new file" in second.message() and first.path.name in second.message()


@pytest.mark.kernel
def test_run_by_a_student_the_dashboard_writes_no_file(tmp_path, monkeypatch):
    """Run All in JupyterLab runs every cell, whatever its tags: a student trying the dashboard on the example
    folders must find nothing new in their own folder."""
    for name in ("example-class", "example-roleplay"):
        shutil.copytree(ROOT / "chapters" / name, tmp_path / name)
    before = {p.relative_to(tmp_path) for p in tmp_path.rglob("*")}
    notebook = nbformat.read(ROOT / "chapters" / "dashboard.ipynb", as_version=4)
    NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        skip_cells_with_tag="no-such-tag",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    assert {p.relative_to(tmp_path) for p in tmp_path.rglob("*")} == before
    assert "No grade sheet written" in notebook.cells[-1].outputs[0]["text"]


# --- size -----------------------------------------------------------------------------------------------------


def test_the_class_charts_do_not_grow_with_the_class(catalogue):
    """Each chart counts students in pandas first: its data is as long for 1,600 students as for 4, and altair's
    row limit (5,000) is never reached."""
    loaded = class_files.load_class(EXAMPLES, catalogue)

    def scaled(frame: pd.DataFrame, times: int) -> pd.DataFrame:
        copies = [frame.assign(student=frame["student"] + f" #{n}") for n in range(times)]
        return pd.concat(copies, ignore_index=True)

    tables = {
        "choices": (class_files.choices(loaded, catalogue), lambda f: charts.class_choices_chart(f, catalogue.issues)),
        "red lines": (class_files.grade_sheet(loaded, catalogue), charts.class_red_lines_chart),
        "flags": (class_files.flags(loaded, catalogue), charts.class_flags_chart),
        "ratings": (
            class_files.ratings(loaded, catalogue),
            lambda f: charts.class_ratings_chart(f, catalogue.mechanisms),
        ),
        "closeness": (
            class_files.resemblance(loaded, catalogue),
            lambda f: charts.class_resemblance_chart(f, catalogue.texts),
        ),
    }
    for name, (frame, chart) in tables.items():
        small, large = (chart(scaled(frame, n)).to_dict()["datasets"] for n in (1, 400))
        assert [len(rows) for rows in small.values()] == [len(rows) for rows in large.values()], name
        assert max(len(rows) for rows in large.values()) < 5000, name


def test_the_benchmark_runs_the_dashboard_on_a_class_of_50():
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--dashboard-only", "--class-sizes", "50"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for step in ("gather the files", "closeness", "role-play", "write the grade sheet", "the whole dashboard on 50"):
        assert step in done.stdout, done.stdout
    assert "peak memory" in done.stdout
