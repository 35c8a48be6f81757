"""The workshop never loses a student's work: two sessions on one folder keep both drafts and let the
student choose; an export or backup that cannot be written leaves the draft in place; a file edited after
export imports with a visible mark. Driven in-process (ipywidgets needs no front end for this); the same in
real kernels is in tests/test_workshop_kernel.py."""

import datetime as dt
import errno
import json

import pytest

from peacebook.files import storage, submission
from peacebook.model.settlement import Catalogue
from peacebook.views.workshop import WorkshopApp


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue.load()


def test_two_sessions_on_one_folder_keep_both_drafts_and_the_student_chooses(catalogue, tmp_path):
    first, second = WorkshopApp(catalogue, tmp_path), WorkshopApp(catalogue, tmp_path)
    first.student.value = "Tab one"
    second.student.value = "Tab two"  # the slot holds the first tab's draft: the second moves to its own
    first.title.value = "first, changed again"  # the first keeps its slot
    assert "Another session" in second.autosave_status.value and "Another session" not in first.autosave_status.value
    slots = storage.autosave_slots(tmp_path)
    assert len(slots) == 2
    assert sorted(json.loads(p.read_text())["student"] for p in slots) == ["Tab one", "Tab two"]

    third = WorkshopApp(catalogue, tmp_path)  # a restart: the newest draft opens, the other is offered
    assert third.student.value == "Tab one" and third.title.value == "first, changed again"
    assert "1 other autosaved draft" in third.autosave_status.value
    assert third.other_drafts.layout.display is None and len(third.other_drafts.options) == 1
    third.other_drafts.value = third.other_drafts.options[0][1]
    third.open_other.click()
    assert third.student.value == "Tab two"
    assert sorted(json.loads(p.read_text())["student"] for p in storage.autosave_slots(tmp_path)) == [
        "Tab one",
        "Tab two",
    ]


def test_an_older_session_never_overwrites_a_newer_draft(catalogue, tmp_path):
    stale = WorkshopApp(catalogue, tmp_path)
    stale.student.value = "Ana"
    fresh = WorkshopApp(catalogue, tmp_path)  # restores Ana's draft and continues it
    fresh.title.value = "the newer draft"
    stale.title.value = "an older tab, typed into later"
    drafts = {json.loads(p.read_text())["title"] for p in storage.autosave_slots(tmp_path)}
    assert drafts == {"the newer draft", "an older tab, typed into later"}


def test_an_unreadable_autosave_is_named_and_left_alone(catalogue, tmp_path):
    (tmp_path / storage.AUTOSAVE_NAME).write_text('{"format": "peacebook-settlement", "vers')
    app = WorkshopApp(catalogue, tmp_path)
    assert "could not be read" in app.autosave_status.value
    app.student.value = "New start"
    assert (tmp_path / storage.AUTOSAVE_NAME).read_text() == '{"format": "peacebook-settlement", "vers'


def test_an_export_to_a_folder_that_refuses_writes_keeps_the_draft(catalogue, tmp_path):
    app = WorkshopApp(catalogue, tmp_path)
    app.student.value = "Ana"
    app.issue_panels["A01"].justification.value = "My <b>only</b> copy"
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app.folder = blocker / "settlements"  # cannot be created: its parent is a file
    app.export_button.click()
    message, copyable = app.export_failure.children
    assert "Export failed" in message.value and "Your draft is still here" in message.value
    assert app.draft.choice("A01").justification == "My <b>only</b> copy"
    assert submission.parse_submission(copyable.value, catalogue).draft == app.draft  # the text to copy is the file
    app.folder = tmp_path
    app.export_button.click()
    assert app.export_failure.children == () and list(tmp_path.glob("settlement-Ana-*.json"))


def test_a_full_disk_on_export_and_on_backup_keeps_the_draft(catalogue, tmp_path, monkeypatch):
    app = WorkshopApp(catalogue, tmp_path)
    app.student.value = "Ana"
    app.issue_panels["A01"].justification.value = "keep me"

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "write_atomically", full)
    app.export_button.click()
    assert "No space left" in app.export_failure.children[0].value
    assert app.draft.choice("A01").justification == "keep me"
    other = catalogue.draft_from_text("M2", student="someone else")
    assert app.import_bytes(submission.export_json(other).encode(), "other.json") is False
    assert "Your current draft was kept" in app.import_status.value
    assert app.student.value == "Ana" and app.draft.choice("A01").justification == "keep me"
    app.start_button.click()
    assert "Your current draft was kept" in app.start_status.value and app.student.value == "Ana"
    app.title.value = "typed while the disk is full"
    assert "Could not save automatically" in app.autosave_status.value


def test_a_file_edited_after_export_imports_with_a_visible_mark(catalogue, tmp_path):
    app = WorkshopApp(catalogue, tmp_path)
    payload = json.loads(submission.export_json(catalogue.draft_from_text("M2", student="Ana")))
    payload["choices"]["A01"]["justification"] = "typo fixed in Notepad"
    raw = b"\xef\xbb\xbf" + json.dumps(payload).encode("utf-8")  # saved again with a byte-order mark
    assert app.import_bytes(raw, "mine.json") is True
    assert submission.EDITED_MARK in app.import_status.value and submission.EDITED_MARK in app.edited_mark.value
    assert app.draft.choice("A01").justification == "typo fixed in Notepad"
    app.export_button.click()
    (exported,) = tmp_path.glob("settlement-Ana-*.json")
    assert json.loads(exported.read_text())["edited_after_export"] is True
    (report,) = tmp_path.glob("settlement-Ana-*.html")
    assert submission.EDITED_MARK in report.read_text()
    app.start_button.click()  # a fresh draft carries no mark
    assert app.edited_mark.value == ""


def test_a_role_play_brief_records_table_fallback_and_priorities(catalogue, tmp_path):
    app = WorkshopApp(catalogue, tmp_path)
    assert app.student.value.startswith("negotiator-")  # a pseudonymous id is suggested
    app.role.value = "Russia"
    assert app.table.layout.display is None and app.fallback.layout.display is None
    app.table.value, app.fallback.value = "B", "Fight on"
    app.issue_panels["A01"].priority.value = 4
    assert app.draft.table == "B" and app.draft.fallback == "Fight on" and app.draft.choice("A01").weight == 4
    assert "priorities set on 1" in app.role_status.value and "not stated" in app.role_status.value
    assert "share out 100 points" in app.role_status.value
    app.role.value = "Mediator"  # the mediator proposes one text: no range, no priority, no fallback
    assert app.issue_panels["A01"].priority.layout.display == "none" and app.fallback.layout.display == "none"
    assert "you chair the table" in app.role_status.value


def test_two_replacements_in_one_second_keep_both_backups(catalogue, tmp_path, monkeypatch):
    """Import, then "Start this draft" within the same second (or a double click): each replaced draft keeps a
    backup of its own, and no backup is written over another."""
    import datetime as dt
    import types

    from peacebook.views import workshop_files

    class OneSecond(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 12, 1, 9, 30, 0)

    monkeypatch.setattr(workshop_files, "dt", types.SimpleNamespace(datetime=OneSecond, timezone=dt.timezone))
    app = WorkshopApp(catalogue, tmp_path)
    app.student.value = "Ana"
    app.issue_panels["A01"].justification.value = "my only copy of the first draft"
    imported = catalogue.draft_from_text("M2", student="Ana", title="the imported draft")
    assert app.import_bytes(submission.export_json(imported).encode(), "mine.json") is True
    app.start_button.click()
    app.start_button.click()
    backups = sorted(tmp_path.glob("settlement-backup-*.json"))
    kept = [submission.parse_submission(path.read_bytes(), catalogue).draft for path in backups]
    assert len(backups) == 3 and len({path.name for path in backups}) == 3
    assert [d.choice("A01").justification for d in kept].count("my only copy of the first draft") == 1
    assert [d.started_from for d in kept].count("M2") == 1  # the imported draft, replaced by the first start
    assert "settlement-backup-20261201-093000-3.json" in app.start_status.value  # the message names its own file


def test_the_export_message_links_each_file_from_the_notebook_and_says_which_export_is_newest(
    catalogue, tmp_path, monkeypatch
):
    """The links are relative to the notebook's folder (the kernel's working directory), so JupyterLab resolves
    them under any base URL; they download (tests/test_lab_handin.py clicks them in a real JupyterLab)."""
    from peacebook.views import workshop_files

    monkeypatch.chdir(tmp_path)
    shown = []
    monkeypatch.setattr(workshop_files, "display", lambda html: shown.append(html.data))
    app = WorkshopApp(catalogue, "my settlement")
    app.student.value = "Ana"
    (tmp_path / "my settlement" / "settlement-Ana-20200101-000000.json").write_text("{}")  # an earlier export
    (tmp_path / "my settlement" / "settlement-Bo-20200101-000000.json").write_text("{}")  # someone else's
    app.export_button.click()
    (message,) = shown
    (exported,) = (p for p in (tmp_path / "my settlement").glob("settlement-Ana-*.json") if "2020" not in p.name)
    assert str(tmp_path) not in message
    assert f'<a href="my%20settlement/{exported.name}" download="{exported.name}">' in message
    assert f'download="{exported.with_suffix(".html").name}"' in message
    assert "in the folder <code>my settlement/</code> next to this notebook" in message
    assert "This is your newest export; the folder also holds 1 earlier one(s)" in message


def test_typing_a_justification_with_closest_texts_open_makes_no_new_widget(catalogue, tmp_path, monkeypatch):
    """Issue #32: every keystroke drew the closest-texts chart as a new chart widget (and rebuilt each flag's box);
    now the chart widget stays and changes only when the draft's options change. `benchmarks/run.py --lab`
    measures the bytes a keystroke moves in a real JupyterLab."""
    from ipywidgets.widgets import widget as widget_module

    from peacebook.html import rendering
    from peacebook.views.workshop import RESEMBLANCE_TAB

    monkeypatch.setattr(rendering, "in_live_kernel", lambda: True)  # as in JupyterLab: the chart is a widget
    app = WorkshopApp(catalogue, tmp_path)
    app.start_from.value = "M2"
    app.start_button.click()
    app.feedback_tabs.selected_index = RESEMBLANCE_TAB
    chart = app.resemblance_chart.chart_widget
    assert chart is not None and app.flag_reasons  # Minsk II trips flags: their boxes are shown
    specs = []
    chart.observe(lambda change: specs.append(change["new"]), names="spec")
    before = set(widget_module._instances)
    for typed in ("B", "Be", "Bec", "Because both sides"):
        app.issue_panels["A01"].justification.value = typed
    assert set(widget_module._instances) == before and specs == []
    app.issue_panels["A06"].option.value = "A06.d"  # an option changes what the texts share: the data changes
    assert app.resemblance_chart.chart_widget is chart and len(specs) == 1


def test_the_same_file_imported_again_is_imported_again_and_says_so(catalogue, tmp_path, monkeypatch):
    """Issue #32: choosing the same file a second time changed nothing the workshop could see (the upload held the
    same value), so nothing happened and the old message stayed; a student who had edited since thought the edits
    were gone. tests/test_lab_workshop.py does the same in a real JupyterLab."""
    monkeypatch.chdir(tmp_path)  # the notebook's folder
    app = WorkshopApp(catalogue, "my-settlement")
    content = submission.export_json(catalogue.draft_from_text("M2", student="Ana", title="as handed in")).encode()
    upload = {"name": "mine.json", "type": "application/json", "size": len(content), "last_modified": dt.datetime.now()}
    app.upload.value = ({**upload, "content": memoryview(content)},)
    assert "Imported mine.json at " in app.import_status.value and app.title.value == "as handed in"
    assert app.upload.value == ()  # emptied: the same file chosen again is a change
    app.title.value = "edited since"
    app.upload.value = ({**upload, "content": memoryview(content)},)
    assert "Imported mine.json again at " in app.import_status.value and app.title.value == "as handed in"
    # the edits are kept, and named from the notebook's folder
    assert "Your previous draft was saved as my-settlement/settlement-backup-" in app.import_status.value
