"""The settlement workshop in the browser (issue #33), on the built workshop page in headless Chromium with every
off-machine request blocked: its feedback equals the Python model's on hundreds of random drafts, the file it
exports is the Python workshop's (same checksum: the dashboard reads it unmarked), a file the Python workshop
exported opens on the page, hostile text stays text, drafts survive a reload, and the page is usable and
accessible at 390 px."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BUILT_HTML, let_injected_handlers_run, wait_until_drawn
from peacebook.classroom import class_files
from peacebook.files import submission
from peacebook.files.sample_class import HOSTILE_TEXTS
from peacebook.model.settlement import Catalogue, Choice, Draft, Rating
from test_accessibility import SERIOUS, axe_violations
from test_book_browser import PageVisit

pytestmark = pytest.mark.browser

PAGE = "chapters/workshop.html"
CATALOGUE = Catalogue.load()
SCREENSHOTS = BUILT_HTML.parent / "screenshots"


@pytest.fixture(scope="module")
def workshop(browser, built_html):
    """One workshop page for the tests that only call the script's functions."""
    visit = PageVisit(browser, PAGE)
    visit.page.wait_for_function("() => window.pbWorkshop && window.pbWorkshop.app")
    yield visit.page
    visit.close()


@pytest.fixture
def fresh(browser, built_html):
    """A new workshop page in a new browser context (empty storage), closed after the test; checks that nothing
    went off the machine and that the page logged no error."""
    opened = []

    def open_page(viewport=(1280, 1000)):
        visit = PageVisit(browser, PAGE, viewport)
        visit.page.set_default_timeout(10_000)
        visit.page.wait_for_function("() => window.pbWorkshop && window.pbWorkshop.app")
        opened.append(visit)
        return visit.page

    yield open_page
    for visit in opened:
        # Left out: the failed image the injection probe loads on purpose (let_injected_handlers_run), and axe-core
        # reading the theme's style sheets, which a page opened from a file refuses; requests off the machine are
        # caught apart.
        errors = [e for e in visit.errors if "Failed to load resource" not in e and "XMLHttpRequest" not in e]
        assert visit.off_site == [] and errors == [], (visit.off_site, errors)
        visit.close()


def test_the_built_page_reads_the_tables_as_they_are(built_html):
    """The data the page's script reads is what the model makes of the tables now (a stale build fails here)."""
    from peacebook.files.browser_workshop import workshop_data_json

    built = built_html / "_static" / "workshop" / "workshop-data.js"
    assert built.read_text(encoding="utf-8") == f"window.pbWorkshopData = {workshop_data_json(CATALOGUE)};\n"
    page = (built_html / PAGE).read_text(encoding="utf-8")
    assert 'src="../_static/workshop/workshop-data.js' in page and 'src="../_static/workshop.js' in page


# --- what the model says about a draft, in the form the script returns it --------------------------------------


def as_js(draft: Draft) -> dict:
    """A draft as the script holds it."""
    return {
        "choices": {
            issue: {
                "option_id": c.option_id,
                "custom_text": c.custom_text,
                "justification": c.justification,
                "acceptable": list(c.acceptable),
                "weight": c.weight,
            }
            for issue, c in draft.choices.items()
        }
    }


def model_feedback(draft: Draft) -> dict:
    result = CATALOGUE.feedback(draft)
    return {
        "red_lines": {party: [s.option_id for s in records] for party, records in result.red_lines.items()},
        "tripped": [r.rule_id for r in result.tripped],
        "questions": [r.rule_id for r in result.questions],
        "closest": [[r.text_code, int(r.matches), int(r.comparable)] for r in result.resemblance.itertuples()],
    }


def browser_feedback(page, drafts: list[Draft]) -> list[dict]:
    return page.evaluate(
        "(drafts) => drafts.map(d => pbWorkshop.feedbackIds(pbWorkshopData, d))", [as_js(d) for d in drafts]
    )


OPTIONS = {
    issue: list(CATALOGUE.options.loc[CATALOGUE.options.issue_id == issue, "option_id"])
    for issue in CATALOGUE.issue_ids
}
# Custom texts, some of them only white space as Python's str.strip() sees it (so the issue counts as silent).
CUSTOM = st.sampled_from(["", " ", "\t\n", "\x1c\u3000", "\u00a0", "my own option", "\ufeff"]) | st.text(max_size=5)


@st.composite
def choices(draw, issue):
    kind = draw(st.sampled_from(["silent", "option", "option", "custom"]))
    justification = draw(st.sampled_from(["", "because"]))
    if kind == "option":
        return Choice(option_id=draw(st.sampled_from(OPTIONS[issue])), justification=justification)
    if kind == "custom":
        return Choice(custom_text=draw(CUSTOM), justification=justification)
    return Choice(justification=justification)


@st.composite
def drafts(draw):
    issues = draw(st.lists(st.sampled_from(CATALOGUE.issue_ids), unique=True))
    return Draft(choices={issue: draw(choices(issue)) for issue in issues})


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(drafts(), min_size=50, max_size=50))
def test_the_browsers_feedback_is_the_models_on_random_drafts(workshop, batch):
    """400 random drafts (8 batches of 50): red lines, flags, questions and closest texts, flag for flag."""
    for draft, shown in zip(batch, browser_feedback(workshop, batch)):
        assert shown == model_feedback(draft), as_js(draft)


def tripping(rule) -> Draft:
    """A draft made to trip `rule`: one of its options from each list, silent where it asks for silence."""
    choices = {}
    for option in (min(rule.if_any, default=None), min(rule.and_any, default=None)):
        if option:
            choices[CATALOGUE.option_issue[option]] = Choice(option)
    for issue, options in OPTIONS.items():
        if issue not in choices and issue not in rule.and_silent:
            allowed = [o for o in options if o not in rule.and_none]
            if allowed:
                choices[issue] = Choice(allowed[0])
    return Draft(choices=choices)


def test_every_rule_trips_in_the_browser_as_in_the_model(workshop):
    """Each rule on a draft made to trip it: none is left to chance."""
    rules = [r for r in CATALOGUE.rules if not r.is_question]
    batch = [tripping(r) for r in rules]
    for rule, draft, shown in zip(rules, batch, browser_feedback(workshop, batch)):
        expected = model_feedback(draft)
        assert rule.row.rule_id in expected["tripped"], rule.row.rule_id
        assert shown == expected, rule.row.rule_id


def test_the_parity_check_sees_a_wrong_rule(workshop):
    """The comparison can fail: a rule changed in the page's copy of the data gives different flags."""
    draft = tripping(next(r for r in CATALOGUE.rules if not r.is_question))
    changed = workshop.evaluate(
        """(d) => { const data = JSON.parse(JSON.stringify(pbWorkshopData));
                    data.rules[0].if_any = ["no-such-option"]; return pbWorkshop.feedbackIds(data, d); }""",
        as_js(draft),
    )
    assert changed != model_feedback(draft)


# --- the checksum ------------------------------------------------------------------------------------------------

# Keys that a plain JavaScript object would not keep as its own, and any text.
KEYS = st.sampled_from(["__proto__", "constructor", "toString"]) | st.text(max_size=6)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not x.is_integer())
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


def keys_reversed(value):
    """The same JSON value with every object's keys in reverse order, so that the page must sort them as Python does
    (hypothesis tends to draw keys already in order)."""
    if isinstance(value, dict):
        return {k: keys_reversed(v) for k, v in sorted(value.items(), reverse=True)}
    if isinstance(value, list):
        return [keys_reversed(v) for v in value]
    return value


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.dictionaries(KEYS, JSON_VALUES, min_size=1, max_size=6).map(keys_reversed), min_size=8, max_size=8))
def test_the_checksum_is_pythons(workshop, payloads):
    """Any JSON content, any text (lone surrogates, control characters, characters beyond U+FFFF in keys that
    sort differently by code unit and by code point), non-integral numbers: the page's checksum is
    submission._checksum's. The payloads cross as ASCII JSON, so lone surrogates arrive as they are."""
    texts = [json.dumps(p, ensure_ascii=True) for p in payloads]
    shown = workshop.evaluate("(texts) => texts.map(t => pbWorkshop.checksum(JSON.parse(t)))", texts)
    assert shown == [submission._checksum(p) for p in payloads]


def test_sha256_is_hashlibs_at_every_padding_length(workshop):
    import hashlib

    texts = ["a" * n for n in range(0, 200)] + ["é€😀\ud800" * 40]
    shown = workshop.evaluate("(texts) => texts.map(t => pbWorkshop.sha256Hex(pbWorkshop.utf8Bytes(t)))", texts)
    assert shown == [hashlib.sha256(t.encode("utf-8", "surrogatepass")).hexdigest() for t in texts]


# --- the page, driven as a student drives it ----------------------------------------------------------------------


def ours(page):
    """The workshop in the browser; the live workshop's saved layout, further down the page, has controls with the
    same names."""
    return page.locator("#pb-browser-workshop")


def issue_panel(page, issue_id):
    return page.locator(f"fieldset.pbw-issue[data-issue='{issue_id}']")


def open_every_group(page):
    """Open every group of issues and every part of the feedback, as a student does by clicking."""
    for summary in page.locator("details.pbw-group > summary, details.pbw-part > summary").all():
        if not summary.locator("xpath=..").evaluate("d => d.open"):
            summary.click()


def export(page, folder: Path) -> Path:
    with page.expect_download() as download:
        ours(page).get_by_role("button", name="Export my settlement").click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def test_a_draft_made_on_the_page_is_read_by_the_dashboard_unmarked(fresh, tmp_path):
    page = fresh()
    open_every_group(page)
    ours(page).get_by_label("Your id (pseudonymous)").fill("negotiator-123456")
    ours(page).get_by_label("Title of your settlement").fill("A test settlement é 😀")
    ours(page).get_by_label("Role-play: I negotiate for").select_option("Ukraine")
    ours(page).get_by_label("Role-play table").fill("Table\tB")
    ours(page).get_by_label("Fallback (your party's best alternative to an agreement)").fill("Keep fighting\nand wait")
    a01 = issue_panel(page, "A01")
    a01.get_by_label("Choice for A01").select_option("A01.a")
    a01.get_by_label("Why (justification for A01)").fill('Because "Minsk" failed <b>twice</b>')
    a01.get_by_label("Ceasefire first", exact=False).first.check()
    a01.get_by_label("Role-play: priority of this issue for your party").select_option("5")
    a06 = issue_panel(page, "A06")
    a06.get_by_label("Choice for A06").select_option("A06.d")
    a02 = issue_panel(page, "A02")
    a02.get_by_label("Choice for A02").select_option("__custom__")
    a02.get_by_label("Your own option").fill("A line drawn by a commission")
    first_mechanism = CATALOGUE.mechanism_ids[0]
    mechanism = page.locator(f"fieldset.pbw-mechanism[data-mechanism='{first_mechanism}']")
    mechanism.get_by_label("Rating").select_option("2")
    mechanism.get_by_label("Reason").fill("named but not resourced")
    flag = ours(page).get_by_label("Why I keep it (flag C1)")
    flag.fill("Guarantors matter more")

    shown = export(page, tmp_path)
    assert re.fullmatch(r"settlement-negotiator-123456-\d{8}-\d{6}\.json", shown.name)
    loaded = class_files.load_class(tmp_path, CATALOGUE)
    assert loaded.problems == [] and len(loaded.submissions) == 1
    draft = loaded.submissions[0].draft
    assert not draft.edited_after_export
    assert (draft.student, draft.title, draft.role, draft.table) == (
        "negotiator-123456",
        "A test settlement é 😀",
        "Ukraine",
        "Table B",
    )
    assert draft.fallback == "Keep fighting\nand wait"
    assert draft.choices["A01"] == Choice("A01.a", "", 'Because "Minsk" failed <b>twice</b>', ("A01.a",), 5)
    assert draft.choices["A06"].option_id == "A06.d"
    assert draft.choices["A02"].kind == "custom" and draft.choices["A02"].custom_text == "A line drawn by a commission"
    assert draft.ratings == {first_mechanism: Rating(2, "named but not resourced")}
    assert draft.acknowledged == {"C1": "Guarantors matter more"}
    result = submission.parse_submission(shown.read_bytes(), CATALOGUE)
    assert result.warnings == [] and not result.edited
    # What the page showed is what the model says of the same draft.
    expected = CATALOGUE.feedback(draft)
    assert page.locator(".pbw-flag").count() == len(expected.tripped)
    for party, count in expected.red_line_counts().items():
        assert page.locator(f".pbw-red-lines li[data-party='{party}'] .pbw-count").inner_text() == str(count)


def test_an_edited_file_is_marked_on_the_page_and_stays_marked(fresh, tmp_path):
    page = fresh()
    open_every_group(page)
    issue_panel(page, "A01").get_by_label("Choice for A01").select_option("A01.b")
    path = export(page, tmp_path)
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload["title"] = "changed by hand"
    path.write_text(json.dumps(payload), encoding="utf-8")
    ours(page).get_by_label("Import a settlement file").set_input_files(str(path))
    page.wait_for_function("() => document.querySelector('.pbw-edited').textContent.includes('edited after export')")
    again = export(page, tmp_path / "again")
    assert submission.parse_submission(again.read_bytes(), CATALOGUE).edited


def python_draft(text: str) -> Draft:
    draft = CATALOGUE.draft_from_text("M2", student="negotiator-654321", title=text)
    draft.role, draft.table, draft.fallback = "Russia", "C", text
    draft.choices["A01"].justification = text
    draft.choices["A01"].acceptable = tuple(dict.fromkeys(("A01.a", draft.choices["A01"].option_id)))
    draft.choices["A01"].weight = 3
    draft.ratings[CATALOGUE.mechanism_ids[1]] = Rating(1, text)
    draft.acknowledged["F1"] = text
    return draft


def test_a_file_exported_by_the_live_workshop_opens_on_the_page(fresh, tmp_path):
    draft = python_draft("Written in the live workshop")
    path = tmp_path / "from-python.json"
    path.write_text(submission.export_json(draft), encoding="utf-8")
    page = fresh()
    ours(page).get_by_label("Import a settlement file").set_input_files(str(path))
    page.wait_for_function("() => document.querySelector('.pbw-file-status').textContent.startsWith('Imported')")
    assert ours(page).get_by_label("Title of your settlement").input_value() == "Written in the live workshop"
    assert ours(page).get_by_label("Role-play: I negotiate for").input_value() == "Russia"
    assert page.locator(".pbw-edited").inner_text() == ""
    assert page.locator(".pbw-file-status li").count() == 0  # no warnings
    # Exported again from the page, the dashboard reads the same draft, unmarked.
    again = submission.parse_submission(export(page, tmp_path / "out").read_bytes(), CATALOGUE)
    assert not again.edited and again.warnings == []
    for name in ("student", "title", "role", "table", "fallback", "choices", "ratings", "acknowledged", "started_from"):
        assert getattr(again.draft, name) == getattr(draft, name), name


def test_a_broken_file_is_refused_and_the_draft_kept(fresh, tmp_path):
    page = fresh()
    ours(page).get_by_label("Title of your settlement").fill("keep me")
    for name, content in {
        "cut.json": submission.export_json(python_draft("x"))[:200],
        "notebook.json": json.dumps({"cells": [], "nbformat": 4}),
        "newer.json": json.dumps({"format": "peacebook-settlement", "version": 99}),
    }.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
        ours(page).get_by_label("Import a settlement file").set_input_files(str(tmp_path / name))
        page.wait_for_function(
            "() => document.querySelector('.pbw-file-status').textContent.startsWith('Not imported')"
        )
        assert ours(page).get_by_label("Title of your settlement").input_value() == "keep me"
        page.evaluate("() => document.querySelector('.pbw-file-status').textContent = ''")


def test_hostile_text_in_a_file_shows_as_text(fresh, tmp_path):
    hostile = " ".join(HOSTILE_TEXTS)
    draft = python_draft(hostile)
    draft.unrecognised = {}
    payload = json.loads(submission.export_json(draft))
    # Ids the book does not know, written back as warnings: hostile too.
    payload["choices"]["A03"] = {"option_id": HOSTILE_TEXTS[1], "justification": hostile}
    payload["ratings"][HOSTILE_TEXTS[2]] = {"score": 1, "reason": hostile}
    payload["checksum"] = submission._checksum(payload)
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    page = fresh()
    open_every_group(page)
    ours(page).get_by_label("Import a settlement file").set_input_files(str(path))
    page.wait_for_function("() => document.querySelectorAll('.pbw-file-status li').length >= 2")
    let_injected_handlers_run(page)
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#pb-browser-workshop img, #pb-browser-workshop svg, #pb-browser-workshop script").count() == 0
    assert issue_panel(page, "A01").get_by_label("Why (justification for A01)").input_value() == hostile
    assert HOSTILE_TEXTS[1] in page.locator(".pbw-file-status").inner_text()
    ours(page).get_by_label("Role-play table").fill(hostile)
    let_injected_handlers_run(page)
    assert page.evaluate("() => window.__pwned") is None


def test_the_draft_is_kept_in_the_browser_between_visits(fresh):
    page = fresh()
    open_every_group(page)
    assert "local storage" in page.locator(".pbw-where").inner_text()
    ours(page).get_by_label("Title of your settlement").fill("Still here tomorrow")
    issue_panel(page, "A01").get_by_label("Choice for A01").select_option("A01.b")
    page.reload()
    page.wait_for_function("() => window.pbWorkshop && window.pbWorkshop.app")
    open_every_group(page)
    assert ours(page).get_by_label("Title of your settlement").input_value() == "Still here tomorrow"
    assert issue_panel(page, "A01").get_by_label("Choice for A01").input_value() == "A01.b"
    ours(page).get_by_role("button", name="Start a new blank draft").click()
    assert (
        ours(page).get_by_label("Title of your settlement").input_value() == "Still here tomorrow"
    )  # kept, as in Python
    assert issue_panel(page, "A01").get_by_label("Choice for A01").input_value() == ""
    ours(page).get_by_role("button", name="Bring back my previous draft").click()
    assert issue_panel(page, "A01").get_by_label("Choice for A01").input_value() == "A01.b"


# --- reading it at 390 px -----------------------------------------------------------------------------------------


def test_the_workshop_works_from_the_keyboard(fresh):
    page = fresh((390, 844))
    group = page.locator("details.pbw-group", has=issue_panel(page, "A01")).locator("summary")
    group.focus()
    page.keyboard.press("Enter")
    choice = issue_panel(page, "A01").get_by_label("Choice for A01")
    choice.focus()
    page.keyboard.press("1")  # a closed menu moves to the first option whose label starts with the key typed
    assert choice.input_value() == OPTIONS["A01"][0]
    page.keyboard.press("Tab")
    page.keyboard.type("typed, not clicked")
    assert issue_panel(page, "A01").get_by_label("Why (justification for A01)").input_value() == "typed, not clicked"
    closed = page.evaluate("() => [...document.querySelectorAll('details.pbw-group')].findIndex(d => !d.open)")
    summary = page.locator("details.pbw-group > summary").nth(closed)
    summary.focus()
    page.keyboard.press("Enter")
    assert summary.locator("xpath=..").evaluate("d => d.open")


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["1280", "390"])
def test_the_workshop_has_no_serious_accessibility_violations_and_fits(fresh, viewport):
    page = fresh(viewport)
    ours(page).get_by_label("Role-play: I negotiate for").select_option("Ukraine")
    open_every_group(page)
    issue_panel(page, "A06").get_by_label("Choice for A06").select_option("A06.d")
    wait_until_drawn(page)
    root = page.locator("#pb-browser-workshop")
    wider = page.evaluate(
        """() => [...document.querySelectorAll('#pb-browser-workshop *')]
             .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.pbw-scroll'))
             .map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 60))"""
    )
    assert wider == [], f"parts of the workshop run off the screen at {viewport}: {wider[:5]}"
    SCREENSHOTS.mkdir(exist_ok=True)
    root.screenshot(path=str(SCREENSHOTS / f"browser-workshop-{viewport[0]}.png"))
    found = [v for v in axe_violations(page) if v["impact"] in SERIOUS]
    assert not found, "\n".join(f"{v['id']}: {v['nodes'][:3]}" for v in found)
