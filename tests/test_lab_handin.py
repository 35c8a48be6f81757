"""The hand-in path end to end in a real JupyterLab (headless Debian Chromium), as a student and an instructor
walk it: the student exports a settlement, downloads the file through the link the export message gives, and
the instructor puts the downloaded file in the class folder and runs the dashboard, which reads it. Run under
the server's root URL and under a hub's base URL ("/user/<name>/"), where a link written with the server's own
path, or one absolute from the site's root, opens a 404 page."""

import pytest

from conftest import ROOT
from jupyter_server import jupyter_lab, run_all_and_settle, wait_until_idle
from peacebook.classroom import class_files
from peacebook.model.settlement import Catalogue

pytestmark = pytest.mark.browser
STUDENT = "handin-ana"


@pytest.fixture(scope="module", params=["/", "/user/ana/"], ids=["lab", "hub"])
def lab(request):
    files = [
        ROOT / "chapters" / "workshop.ipynb",
        ROOT / "chapters" / "dashboard.ipynb",
        ROOT / "chapters" / "example-class",
    ]
    with jupyter_lab(files, base_path=request.param) as running:
        yield running


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def download_through(page, link):
    """Click `link` and return the downloaded file's bytes and suggested name (Playwright's download event)."""
    with page.expect_download(timeout=30_000) as caught:
        link.click()
    download = caught.value
    assert download.failure() is None, download.failure()
    with open(download.path(), "rb") as handle:
        return handle.read(), download.suggested_filename


def test_a_settlement_goes_from_the_workshop_through_the_download_link_to_the_dashboard(lab, page):
    base_url, root = lab
    run_all_and_settle(page, base_url, "workshop.ipynb")
    student = page.locator(".widget-text", has_text="Your id").locator("input")
    student.wait_for(timeout=120_000)
    student.fill(STUDENT)
    page.keyboard.press("Tab")
    wait_until_idle(page)
    page.get_by_role("button", name="Export my settlement").click()
    message = page.locator(".widget-output", has_text="Saved your settlement")
    message.wait_for(timeout=30_000)
    (exported,) = (root / "my-settlement").glob(f"settlement-{STUDENT}-*.json")
    (report,) = (root / "my-settlement").glob(f"settlement-{STUDENT}-*.html")
    assert str(root) not in message.inner_text()  # the folder as the student sees it, not the server's path

    handed_in, name = download_through(page, message.locator("a", has_text=exported.name))
    assert (handed_in, name) == (exported.read_bytes(), exported.name)
    content, name = download_through(page, message.locator("a", has_text=report.name))
    assert (content, name) == (report.read_bytes(), report.name)

    # The instructor collects the downloaded file into the class folder the dashboard reads.
    (root / "example-class" / exported.name).write_bytes(handed_in)
    run_all_and_settle(page, base_url, "dashboard.ipynb")
    page.locator(".jp-OutputArea-output", has_text="settlement(s) read").wait_for(timeout=60_000)
    grade_sheet = page.locator(".jp-OutputArea-output table.dataframe", has_text=STUDENT)  # the grade sheet
    grade_sheet.first.wait_for(timeout=60_000)
    assert page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count() == 0
    class_folder = class_files.load_class(root / "example-class", Catalogue.load())
    assert exported.name not in {name for name, _ in class_folder.problems}  # read, not refused
