"""The instructor dashboard's logic: a folder mixing good and broken files, the class's choices, the
grade sheet; and the dashboard notebook run in a real kernel."""

import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT
from peacebook import charts
from peacebook.classroom import class_files
from peacebook.files import submission
from peacebook.model.settlement import Catalogue
from peacebook.data.vocabulary import book_vocabularies

PARTIES = book_vocabularies().parties

EXAMPLES = ROOT / "chapters" / "example-class"


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue.load()


def test_the_example_folder_mixes_good_and_broken_files(catalogue):
    class_folder = class_files.load_class(EXAMPLES, catalogue)
    assert sorted(s.path.name for s in class_folder.submissions) == [f"example-{x}.json" for x in "abcd"]
    problems = dict(class_folder.problems)
    assert "not valid JSON" in problems["broken-truncated.json"]
    assert "not a settlement exported by the workshop" in problems["broken-not-a-settlement.json"]


def test_an_unreadable_folder_and_an_empty_one_are_reported_not_fatal(catalogue, tmp_path):
    assert class_files.load_class(tmp_path / "missing", catalogue).problems == [
        (str(tmp_path / "missing"), "is not a folder")
    ]
    empty = class_files.load_class(tmp_path, catalogue)
    assert empty.submissions == [] and empty.problems == []
    assert class_files.grade_sheet(empty, catalogue).empty


def test_the_grade_sheet_matches_each_settlement(catalogue, tmp_path):
    for path in EXAMPLES.glob("example-*.json"):
        shutil.copy(path, tmp_path / path.name)
    class_folder = class_files.load_class(tmp_path, catalogue)
    sheet = class_files.grade_sheet(class_folder, catalogue).set_index("file")
    for sub in class_folder.submissions:
        row = sheet.loc[sub.path.name]
        feedback = catalogue.feedback(sub.draft)
        for party in PARTIES:
            assert row[f"red lines: {party}"] == len(feedback.red_lines[party])
        assert row["flags raised"] == "; ".join(t.rule_id for t in feedback.tripped)
        assert row["issues decided"] == sum(sub.draft.choice(i).kind != "silent" for i in catalogue.issue_ids)
    assert all(column in sheet.columns for column in class_files.RUBRIC_COLUMNS)


def test_the_class_charts_count_every_choice(catalogue):
    class_folder = class_files.load_class(EXAMPLES, catalogue)
    choices = class_files.choices(class_folder, catalogue)
    assert len(choices) == len(class_folder.submissions) * len(catalogue.issue_ids)
    spec = charts.class_choices_chart(choices, catalogue.issues).to_dict()
    (rows,) = spec["datasets"].values()
    assert sum(r["size"] for r in rows) == len(choices)
    charts.class_red_lines_chart(class_files.grade_sheet(class_folder, catalogue)).to_dict()


def test_the_examples_are_current_with_the_data(catalogue):
    for path in EXAMPLES.glob("example-*.json"):
        assert submission.parse_submission(path.read_bytes(), catalogue).warnings == [], (
            f"{path.name} is out of date: run scripts/make-example-submissions.py"
        )


@pytest.mark.kernel
def test_the_dashboard_notebook_writes_a_grade_sheet_where_the_instructor_asks(tmp_path):
    """With GRADE_SHEET_FOLDER set, each run of the notebook writes a new dated sheet there, never over the last
    (a student's run, with it unset, writes nothing: tests/test_class_folder_files.py)."""
    grades = tmp_path / "grades"
    notebook = nbformat.read(ROOT / "chapters" / "dashboard.ipynb", as_version=4)
    (settings,) = [cell for cell in notebook.cells if "GRADE_SHEET_FOLDER = None" in cell.source]
    settings.source = settings.source.replace("GRADE_SHEET_FOLDER = None", f"GRADE_SHEET_FOLDER = {str(grades)!r}")
    for _ in range(2):  # the kernel starts where a reader opens the notebook
        NotebookClient(notebook, timeout=180, resources={"metadata": {"path": str(ROOT / "chapters")}}).execute()
    assert notebook.cells[1].outputs[0]["text"].startswith("4 settlement(s) read")
    sheets = sorted(grades.glob("grade-sheet-*.csv"), key=lambda path: path.stat().st_mtime_ns)
    assert len(sheets) == 2 and str(sheets[-1]) in notebook.cells[-1].outputs[0]["text"]
    written = sheets[0].read_text(encoding="utf-8-sig")
    assert written.startswith("student,file,edited after export,title") and "Example student A" in written


def test_the_flag_rating_and_closeness_charts_count_every_settlement(catalogue):
    class_folder = class_files.load_class(EXAMPLES, catalogue)
    flags = class_files.flags(class_folder, catalogue)
    expected = sum(len(catalogue.feedback(s.draft).tripped) for s in class_folder.submissions)
    assert len(flags) == expected and flags["kept"].any()  # example B keeps flag C1, with a reason
    spec = charts.class_flags_chart(flags).to_dict()
    (rows,) = spec["datasets"].values()
    assert sum(r["size"] for r in rows) == expected
    ratings = class_files.ratings(class_folder, catalogue)
    assert len(ratings) == len(class_folder.submissions) * len(catalogue.mechanism_ids)
    assert ratings.query("mechanism_id == 'D3'")["score"].tolist() == [2] * len(class_folder.submissions)
    spec = charts.class_ratings_chart(ratings, catalogue.mechanisms).to_dict()
    (rows,) = spec["datasets"].values()
    assert sum(r["size"] for r in rows) == len(ratings)
    closeness = class_files.resemblance(class_folder, catalogue)
    assert len(closeness) == len(class_folder.submissions) * len(catalogue.text_options)
    started = {s.draft.student: s.draft.started_from for s in class_folder.submissions}
    for student, text_code in started.items():  # each example starts from a text and changes a few issues
        row = closeness.query("student == @student and text_code == @text_code").iloc[0]
        assert row.matches >= row.comparable - 2
    for chart in (charts.class_resemblance_chart(closeness, catalogue.texts),):
        assert chart.to_dict()["description"]
    empty = class_files.ClassFolder()
    assert class_files.flags(empty, catalogue).empty and class_files.resemblance(empty, catalogue).empty
