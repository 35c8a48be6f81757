"""The role-play end to end in a real JupyterLab (headless Debian Chromium): two students build briefs for two
tables in the workshop, as students would, and export them; the instructor's dashboard then reads them beside the
example briefs and shows each table's zone of agreement (for the room and for the instructor), package and its checks,
sensitivity, texts against zones, priorities revealed, the outcome across tables, the class view and the grade sheet."""

import json
import shutil

import pytest

from conftest import ROOT
from jupyter_server import jupyter_lab, run_all_and_settle
from test_lab_e2e import select_containing

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lab():
    files = [
        ROOT / "chapters" / "workshop.ipynb",
        ROOT / "chapters" / "dashboard.ipynb",
        ROOT / "chapters" / "example-class",
        ROOT / "chapters" / "example-roleplay",
    ]
    with jupyter_lab(files) as running:
        yield running


def fill(page, label, value, kind="widget-text"):
    box = page.locator(f".{kind}", has_text=label).locator("input, textarea").first
    box.fill(value)
    page.keyboard.press("Tab")


def test_two_tables_from_the_workshop_to_the_dashboard(browser, lab):
    base_url, root = lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        run_all_and_settle(page, base_url, "workshop.ipynb")
        page.locator(".widget-dropdown", has_text="Start from").locator("select").wait_for(timeout=120_000)
        role = page.locator(".widget-dropdown", has_text="Role-play: I negotiate for").locator("select")
        for student, party, table in [("e2e-ukraine-a", "Ukraine", "A"), ("e2e-russia-b", "Russia", "B")]:
            fill(page, "Your id", student)
            select_containing(role, party)
            page.get_by_text(f"Role-play brief for {party}").wait_for(timeout=30_000)
            fill(page, "Table", table)
            fill(page, "Fallback", f"{party}'s fallback, as the student assumes it", kind="widget-textarea")
            page.get_by_role("tab", name="Security and guarantees").click()
            panel = page.locator(".widget-vbox", has=page.get_by_text("A06 Foreign forces in Ukraine", exact=True)).last
            acceptable = panel.locator(".widget-select-multiple select")
            acceptable.select_option(
                label=[
                    t
                    for t in acceptable.locator("option").all_text_contents()
                    if "No NATO troops ever" in t.replace("\xa0", " ")
                ]
            )
            select_containing(panel.locator(".widget-dropdown", has_text="Priority").locator("select"), "5 vital")
            page.get_by_text("priorities set on 1").wait_for(timeout=30_000)
            page.get_by_role("button", name="Export my settlement").click()
            page.get_by_text(f"settlement-{student}-").first.wait_for(timeout=30_000)
        exported = sorted((root / "my-settlement").glob("settlement-e2e-*.json"))
        assert len(exported) == 2
        briefs = {
            json.loads(p.read_text(encoding="utf-8"))["table"]: json.loads(p.read_text(encoding="utf-8"))
            for p in exported
        }
        assert briefs["A"]["role"] == "Ukraine" and briefs["B"]["role"] == "Russia"
        assert briefs["B"]["choices"]["A06"]["weight"] == 5 and briefs["B"]["fallback"]
        for path in exported:  # the instructor collects them beside the example briefs
            shutil.copy(path, root / "example-roleplay" / path.name)

        run_all_and_settle(page, base_url, "dashboard.ipynb")
        page.get_by_text("9 party briefs and 2 mediator or chair file(s) at 2 table(s): A, B").wait_for(timeout=60_000)
        for table in ("A", "B"):
            page.get_by_text(f"Table {table}: the package in a table").first.wait_for(timeout=60_000)
            page.get_by_text(f"Table {table}: marks that open or close a zone").first.wait_for(timeout=60_000)
        page.get_by_text("Marks that do not rest on a cited row").first.wait_for(timeout=60_000)
        # per table: the zone for the room, the instructor's zone, the package, the concessions, the priorities;
        # then the outcome across tables and the class's zone
        page.wait_for_function(
            "() => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= 12", timeout=60_000
        )
        assert page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count() == 0
    finally:
        context.close()
