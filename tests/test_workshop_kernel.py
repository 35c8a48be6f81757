"""The workshop notebook run in a real kernel, its widgets driven as a student would drive them."""

import json

import pytest
from testbook import testbook

from conftest import ROOT
from peacebook.model.settlement import Catalogue, Choice

pytestmark = pytest.mark.kernel
NOTEBOOK = str(ROOT / "chapters" / "workshop.ipynb")


@pytest.fixture(scope="module")
def tb(tmp_path_factory):
    folder = tmp_path_factory.mktemp("student")
    with testbook(NOTEBOOK, execute=True, timeout=180) as notebook:
        notebook.inject(f"from pathlib import Path; app.folder = Path({str(folder)!r})")
        notebook.folder = folder
        yield notebook


def test_start_from_a_text_fills_the_issues(tb):
    tb.inject("app.start_from.value = 'M2'; app.start_button.click()")
    expected = Catalogue.load().text_options["M2"]
    for issue_id, option_id in expected.items():
        assert tb.value(f"app.issue_panels[{issue_id!r}].option.value") == option_id
    assert tb.value("app.draft.started_from") == "M2"


def test_choosing_an_option_updates_red_lines_flags_and_stances(tb):
    catalogue = Catalogue.load()
    tb.inject("app.issue_panels['A06'].option.value = 'A06.d'")
    draft = catalogue.draft_from_text("M2")
    draft.choices["A06"] = Choice("A06.d")
    feedback = catalogue.feedback(draft)
    red = tb.value("app.red_lines.value")
    for party, count in feedback.red_line_counts().items():
        assert f"<th scope='row'>{party}</th><td>{count}</td>" in red
    assert "Russia" in red and feedback.red_line_counts()["Russia"] >= 1
    flags = tb.value("' '.join(box.children[0].value for box in app.flags.children)")
    assert "C1 Foreign forces against a recorded rejection" in flags
    assert "✖ rejected (red line)" in tb.value("app.issue_panels['A06'].stances.value")


def test_a_custom_option_and_escaped_text(tb):
    tb.inject("app.issue_panels['A08'].option.value = '__custom__'")
    assert tb.value("app.issue_panels['A08'].custom.layout.display is None")  # the custom box is shown
    tb.inject("app.issue_panels['A08'].custom.value = 'Nuclear-free <script>alert(1)</script>'")
    assert tb.value("app.draft.choices['A08'].custom_text") == "Nuclear-free <script>alert(1)</script>"
    tb.inject("app.issue_panels['A08'].justification.value = 'Because <b>reasons</b>'")
    assert tb.value("app.draft.choices['A08'].kind") == "custom"


def test_acknowledging_a_flag_and_rating_a_mechanism(tb):
    tb.inject("app.flag_reasons['C1'].value = 'A force is the only credible guarantee.'")
    assert tb.value("app.draft.acknowledged['C1']") == "A force is the only credible guarantee."
    tb.inject("app.ratings['D3'][0].value = 2; app.ratings['D3'][1].value = 'Monitoring specified'")
    assert tb.value("(app.draft.ratings['D3'].score, app.draft.ratings['D3'].reason)") == [2, "Monitoring specified"]


def test_export_then_reimport_and_refuse_a_bad_file(tb):
    tb.inject("app.student.value = 'Student 7'; app.export_button.click()")
    files = sorted(p.name for p in tb.folder.iterdir())
    exported = [f for f in files if f.startswith("settlement-Student-7-") and f.endswith(".json")]
    assert exported and any(f.endswith(".html") for f in files)
    report = next(tb.folder.glob("settlement-Student-7-*.html")).read_text()
    assert "<script>alert(1)</script>" not in report and "&lt;script&gt;" in report
    before = tb.value("sorted(app.draft.choices)")
    assert tb.value('app.import_bytes(b\'{"format": "peacebook-settlement", "version": 2\', \'broken.json\')') is False
    assert "Your current draft is unchanged" in tb.value("app.import_status.value")
    assert tb.value("sorted(app.draft.choices)") == before
    path = tb.folder / exported[0]
    assert tb.value(f"app.import_bytes(open({str(path)!r}, 'rb').read(), 'mine.json')") is True
    assert tb.value("app.draft.choices['A06'].option_id") == "A06.d"
    assert json.loads(path.read_text())["acknowledged"]["C1"] == "A force is the only credible guarantee."


def test_work_in_progress_survives_a_restart(tb):
    tb.inject("app.issue_panels['A19'].option.value = 'A19.c'")
    tb.inject("app2 = WorkshopApp(catalogue, folder=app.folder)")
    assert tb.value("app2.draft.choices['A19'].option_id") == "A19.c"
    assert "restored" in tb.value("app2.autosave_status.value")


def test_a_role_play_brief_is_built_checked_and_exported(tb):
    assert tb.value("app.issue_panels['A01'].acceptable.layout.display") == "none"  # hidden until a role is chosen
    tb.inject("app.role.value = 'Ukraine'")
    assert tb.value("app.issue_panels['A01'].acceptable.layout.display != 'none'")
    tb.inject(
        "app.issue_panels['A01'].option.value = 'A01.c'; app.issue_panels['A01'].acceptable.value = ('A01.a', 'A01.b')"
    )
    status = tb.value("app.role_status.value")
    assert "Role-play brief for Ukraine" in status and "A01 Ceasefire: your opening position is not among" in status
    tb.inject("app.issue_panels['A01'].acceptable.value = ('A01.a', 'A01.b', 'A01.c')")
    assert "A01 Ceasefire" not in tb.value("app.role_status.value")
    tb.inject("app.student.value = 'Negotiator 3'; app.export_button.click()")
    exported = json.loads(next(tb.folder.glob("settlement-Negotiator-3-*.json")).read_text())
    assert exported["role"] == "Ukraine" and exported["choices"]["A01"]["acceptable"] == ["A01.a", "A01.b", "A01.c"]
    tb.inject("app.role.value = '__no_role__'")
    assert (
        tb.value("app.issue_panels['A01'].acceptable.layout.display") == "none"
        and tb.value("app.role_status.value") == ""
    )


def _autosaved_students(folder):
    return sorted(
        json.loads(p.read_text(encoding="utf-8"))["student"] for p in folder.glob(".settlement-autosave*.json")
    )


def test_two_workshops_in_one_kernel_keep_both_drafts(tb):
    folder = tb.folder / "two-tabs"
    tb.inject(
        f"tab1 = WorkshopApp(catalogue, folder={str(folder)!r}); tab2 = WorkshopApp(catalogue, folder={str(folder)!r})"
    )
    tb.inject("tab1.student.value = 'one'; tab2.student.value = 'two'; tab1.title.value = 'one, again'")
    assert _autosaved_students(folder) == ["one", "two"]
    assert "Another session" in tb.value("tab2.autosave_status.value")
    tb.inject(f"tab3 = WorkshopApp(catalogue, folder={str(folder)!r})")
    assert tb.value("tab3.student.value") == "one" and tb.value("len(tab3.other_drafts.options)") == 1


def test_two_kernels_on_one_folder_keep_both_drafts(tmp_path):
    start = (
        "from peacebook.model.settlement import Catalogue\nfrom peacebook.views.workshop import WorkshopApp\n"
        f"app = WorkshopApp(Catalogue.load(), folder={str(tmp_path)!r})"
    )
    with (
        testbook(NOTEBOOK, execute=False, timeout=120) as first,
        testbook(NOTEBOOK, execute=False, timeout=120) as second,
    ):
        first.inject(start)
        second.inject(start)
        first.inject("app.student.value = 'kernel one'")
        second.inject("app.student.value = 'kernel two'")
        first.inject("app.title.value = 'kernel one, later'")
        assert _autosaved_students(tmp_path) == ["kernel one", "kernel two"]
        second.inject(f"restarted = WorkshopApp(Catalogue.load(), folder={str(tmp_path)!r})")
        assert second.value("restarted.student.value") == "kernel one"
        assert "kernel two" in second.value("restarted.other_drafts.options[0][0]")
