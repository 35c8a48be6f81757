"""The workshop's care of a student's work, checked in the page the student sees (a real JupyterLab in headless
Debian Chromium), not only on the widget objects (tests/test_workshop_files.py): what they type is saved as
they type and comes back after the kernel restarts; an export that cannot be written shows the failure and the
file's text to copy, and leaves the draft in place; a file edited by hand after export imports with the
"edited after export" mark on the page, and the mark goes with the next export."""

import json

import pytest

from conftest import ROOT
from jupyter_server import jupyter_lab, run_all_and_settle, wait_until_idle
from peacebook.files import submission
from peacebook.model.settlement import Catalogue

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lab():
    with jupyter_lab([ROOT / "chapters" / "workshop.ipynb"]) as (base_url, root):
        yield base_url, root


@pytest.fixture(scope="module")
def workshop(browser, lab):
    """The workshop notebook run once in Lab, its app on the page; the tests below use it in turn."""
    base_url, root = lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    folder = root / "my-settlement"

    def autosaved() -> dict:
        """The newest draft in the folder's autosave slots, as the page's wait below reads it."""
        slots = sorted(folder.glob(".settlement-autosave*.json"), key=lambda p: p.stat().st_mtime_ns)
        return json.loads(slots[-1].read_text(encoding="utf-8")) if slots else {}

    # The page can wait on the file itself: the autosave is written by the kernel, after the page sent the change.
    page.expose_function("pbAutosaved", autosaved)
    run_all_and_settle(page, base_url, "workshop.ipynb")
    page.locator(".widget-text", has_text="Your id").locator("input").wait_for(timeout=60_000)
    yield page, folder
    context.close()


def field(page, label):
    return page.locator(".widget-text", has_text=label).locator("input")


def test_what_a_student_types_is_saved_as_they_type_and_back_after_a_kernel_restart(workshop):
    page, folder = workshop
    field(page, "Your id").fill("lab-files-1")
    field(page, "Title of your settlement").fill("Kept <b>through</b> a restart")
    page.keyboard.press("Tab")
    page.get_by_text("Saved automatically at").wait_for(timeout=30_000)  # the page says so ...
    page.wait_for_function(  # ... and the file holds what was typed, once the kernel has saved the last change
        "async () => (await window.pbAutosaved()).title === 'Kept <b>through</b> a restart'", timeout=30_000
    )

    # The kernel restarts (it crashed, or the student came back later): running the notebook again restores it.
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart()")
    wait_until_idle(page)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.get_by_text("Your work in progress was restored from").wait_for(timeout=120_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.widget-text input')].some(i => i.value === 'Kept <b>through</b> a restart')",
        timeout=30_000,
    )
    assert page.locator("b", has_text="through").count() == 0  # shown as text, never as markup


def test_an_export_that_cannot_be_written_shows_the_file_to_copy_and_keeps_the_draft(workshop):
    page, folder = workshop
    field(page, "Your id").fill("lab-files-2")
    page.keyboard.press("Tab")
    moved = folder.with_name("my-settlement-moved")
    folder.rename(moved)
    folder.write_text("a file where the folder was: nothing can be written into it")
    try:
        page.get_by_role("button", name="Export my settlement").click()
        page.get_by_text("Export failed").wait_for(timeout=30_000)
        assert page.get_by_text("Your draft is still here, unchanged").is_visible()
        # The text box under the message (its text is its value, which a has_text filter does not see).
        copy = page.get_by_text("Export failed").locator(
            "xpath=ancestor::div[contains(@class, 'widget-vbox')][1]//textarea"
        )
        payload = json.loads(copy.input_value())
        assert payload["student"] == "lab-files-2" and payload["title"] == "Kept <b>through</b> a restart"
        assert field(page, "Your id").input_value() == "lab-files-2"  # the draft is still on the page
    finally:
        folder.unlink()
        moved.rename(folder)
    page.get_by_role("button", name="Export my settlement").click()
    page.get_by_text("Saved your settlement as settlement-lab-files-2-").wait_for(timeout=30_000)
    page.wait_for_function("() => !document.body.innerText.includes('Export failed')", timeout=30_000)
    assert list(folder.glob("settlement-lab-files-2-*.json"))


def test_a_file_edited_by_hand_after_export_shows_the_mark_and_keeps_it_on_export(workshop, tmp_path):
    page, folder = workshop
    catalogue = Catalogue.load()
    payload = json.loads(submission.export_json(catalogue.draft_from_text("M2", student="lab-files-3")))
    payload["choices"]["A01"]["justification"] = "typo fixed in a text editor"  # not signed again
    edited = tmp_path / "edited-by-hand.json"
    edited.write_text(json.dumps(payload), encoding="utf-8")
    unchanged = tmp_path / "as-exported.json"
    unchanged.write_text(submission.export_json(catalogue.draft_from_text("M2", student="lab-files-4")))

    def upload(path):
        with page.expect_file_chooser() as chooser:
            page.locator("button.widget-upload").click()
        chooser.value.set_files(str(path))
        page.get_by_text(f"Imported {path.name}").wait_for(timeout=30_000)

    # Only the marks a student sees: the files' help names the mark too, folded away in its <details>.
    marks = page.get_by_text(submission.EDITED_MARK).locator("visible=true")
    upload(unchanged)  # the control: a file as the workshop wrote it carries no mark
    assert marks.count() == 0
    upload(edited)
    # The mark is on the page: in the import's notes and in the mark shown with the draft.
    marks.first.wait_for(timeout=30_000)
    assert marks.count() >= 2
    assert field(page, "Your id").input_value() == "lab-files-3"
    page.get_by_role("button", name="Export my settlement").click()
    # (This export's message, not the one left from the test before: the page keeps that until the click lands.)
    page.get_by_text("Saved your settlement as settlement-lab-files-3-").wait_for(timeout=30_000)
    (exported,) = folder.glob("settlement-lab-files-3-*.json")
    assert json.loads(exported.read_text(encoding="utf-8"))["edited_after_export"] is True
    (report,) = folder.glob("settlement-lab-files-3-*.html")
    assert submission.EDITED_MARK in report.read_text(encoding="utf-8")
