"""End to end in a real JupyterLab: every chapter notebook runs with no error output, and the workshop
is used as a student would use it, in headless Debian Chromium."""

import json

import pytest

from conftest import ROOT
from peacebook.model.settlement import Catalogue, Choice
from jupyter_server import TOKEN, jupyter_lab, open_and_run_all, wait_until_idle, run_all_and_settle

pytestmark = pytest.mark.browser
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
WITH_SOLUTIONS = [p.name for p in CHAPTERS if ":class: dropdown" in p.read_text(encoding="utf-8")]
RAW_MYST = (":class:", "{admonition}", "```{", ":::{", "{note}")


def select_containing(select, text):
    """Choose the option whose label contains `text` (Playwright matches labels exactly)."""
    labels = select.locator("option").all_text_contents()
    label = next((t for t in labels if text in t.replace("\xa0", " ")), None)
    assert label, f"no option containing {text!r} among {labels}"
    select.select_option(label=label)


@pytest.fixture(scope="module")
def lab():
    with jupyter_lab(CHAPTERS + [ROOT / "chapters" / "example-class"]) as (base_url, root):
        yield base_url, root


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("notebook", [p.name for p in CHAPTERS])
def test_every_chapter_runs_in_jupyterlab_without_errors(page, lab, notebook):
    base_url, _ = lab
    run_all_and_settle(page, base_url, notebook)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count() == 0
    assert errors.count() == 0, errors.all_inner_texts()
    source = (ROOT / "chapters" / notebook).read_text(encoding="utf-8")
    if "TimelineExplorer(" in source or "WorkshopApp(" in source:  # the chapter shows an ipywidgets view
        page.locator(".jupyter-widgets").first.wait_for(timeout=30_000)
        assert page.locator(".jp-OutputArea-output", has_text="Error displaying widget").count() == 0


def test_a_student_uses_the_workshop_in_jupyterlab(page, lab):
    base_url, root = lab
    open_and_run_all(page, base_url, "workshop.ipynb")
    start = page.locator(".widget-dropdown", has_text="Start from").locator("select")
    start.wait_for(timeout=120_000)
    wait_until_idle(page)

    select_containing(start, "Minsk II")
    page.get_by_role("button", name="Start this draft").click()
    page.get_by_text("Started from Minsk II").wait_for(timeout=30_000)

    page.get_by_role("tab", name="Security and guarantees").click()
    panel = page.locator(".widget-vbox", has=page.get_by_text("A06 Foreign forces in Ukraine", exact=True)).last
    select_containing(
        panel.locator(".widget-dropdown", has_text="Choice").locator("select"), "Multinational force after a ceasefire"
    )
    catalogue = Catalogue.load()
    draft = catalogue.draft_from_text("M2")
    draft.choices["A06"] = Choice("A06.d")
    russia = catalogue.feedback(draft).red_line_counts()["Russia"]
    panel.get_by_text("rejected (red line)").first.wait_for(timeout=30_000)
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('tr')].some(r =>
        r.textContent.startsWith('Russia') && r.children[1].textContent.trim() === '{russia}')""",
        timeout=30_000,
    )

    page.get_by_role("tab", name="Flags").click()
    page.get_by_text("C1 Foreign forces against a recorded rejection").wait_for(timeout=30_000)

    # Role-play: negotiate for Ukraine and mark what it could accept on foreign forces.
    select_containing(
        page.locator(".widget-dropdown", has_text="Role-play: I negotiate for").locator("select"), "Ukraine"
    )
    page.get_by_text("Role-play brief for Ukraine").wait_for(timeout=30_000)
    page.get_by_role("tab", name="Security and guarantees").click()
    acceptable = panel.locator(".widget-select-multiple select")
    labels = [
        t for t in acceptable.locator("option").all_text_contents() if "Multinational force" in t.replace("\xa0", " ")
    ]
    acceptable.select_option(label=labels)
    page.get_by_text("acceptable options marked on 1 of").wait_for(timeout=30_000)

    page.locator(".widget-text", has_text="Your id").locator("input").fill("E2E Student")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Export my settlement").click()
    page.get_by_text("Saved your settlement as").wait_for(timeout=30_000)
    exported = sorted((root / "my-settlement").glob("settlement-E2E-Student-*.json"))
    assert exported, list((root / "my-settlement").iterdir())
    brief = json.loads(exported[-1].read_text(encoding="utf-8"))
    assert brief["role"] == "Ukraine" and brief["choices"]["A06"]["acceptable"] == ["A06.d"]

    with page.expect_file_chooser() as chooser:  # the FileUpload widget opens a file dialog on click
        page.locator("button.widget-upload").click()
    chooser.value.set_files(str(exported[-1]))
    page.get_by_text(f"Imported {exported[-1].name}").wait_for(timeout=30_000)


@pytest.mark.parametrize("notebook", WITH_SOLUTIONS)
def test_myst_renders_in_jupyterlab_and_solutions_open_on_click(page, lab, notebook):
    """jupyterlab-myst (requirements.txt): admonitions render as boxes, no directive shows as raw text, and an
    exercise's solution stays collapsed until the student clicks it."""
    base_url, _ = lab
    source = (ROOT / "chapters" / notebook).read_text(encoding="utf-8")
    solutions = source.count(":class: dropdown")
    page.goto(f"{base_url}/lab/tree/{notebook}?reset&token={TOKEN}")
    page.wait_for_function(
        f"() => document.querySelectorAll('.jp-MarkdownCell details.dropdown').length === {solutions}", timeout=60_000
    )
    shown = page.evaluate("() => [...document.querySelectorAll('.jp-MarkdownCell')].map(c => c.innerText).join('\\n')")
    raw = [marker for marker in RAW_MYST if marker in shown]
    assert not raw, f"raw MyST shown in {notebook}: {raw}"
    if "{admonition} Learning objectives" in source:
        assert page.locator(".jp-MarkdownCell .myst-admonition", has_text="Learning objectives").first.is_visible()
    details = page.locator(".jp-MarkdownCell details.dropdown")
    assert all(not d.evaluate("e => e.open") for d in details.all()), "a solution is open before any click"
    first = details.first
    body = first.locator(":scope > :not(summary)").first
    assert first.locator("summary").inner_text().strip().startswith("Solution")
    assert not body.is_visible()
    first.locator("summary").click()
    page.wait_for_function("() => document.querySelector('.jp-MarkdownCell details.dropdown').open", timeout=10_000)
    assert body.is_visible() and len(body.inner_text().strip()) > 40
