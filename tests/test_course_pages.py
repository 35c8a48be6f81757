"""The course pages (issue #36) hold together: every session of the seminar and the module has a 90-minute run sheet
whose discussion questions exist in their chapter; every reading says what to read, where and with what access; the
rows the teaching pages cite exist in the data; each assignment has anchored examples at three levels; and the
instructor pages, the front page and the kit agree with one another."""

import json
import re

import pytest

from conftest import ROOT
from peacebook import data

CHAPTERS = ROOT / "chapters"
STEPS = ("warm-up", "discussion", "small groups", "plenary", "exit question")
# Sessions whose discussion step is the role-play kit's (opening statements, the debrief guide), not a chapter's questions.
KIT_SESSIONS = {"run-week-11", "run-week-12", "run-module-3", "run-module-4"}


def page(name: str) -> str:
    return (CHAPTERS / name).read_text(encoding="utf-8")


def table_rows(text: str) -> list[list[str]]:
    """The body rows of the markdown tables in `text`, as lists of cells (header and rule rows left out)."""
    rows = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if not line.startswith("|") or set(line) <= set("|- "):
            continue
        if i + 1 < len(lines) and set(lines[i + 1]) <= set("|- ") and lines[i + 1].startswith("|"):
            continue  # a header row
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


RUN_SHEET_PAGES = ("run-sheets-weeks-1-6.md", "run-sheets-weeks-7-12.md", "run-sheets-module.md")


def run_sheets() -> dict[str, str]:
    """Each run sheet's text, by its label, from the three run-sheet pages."""
    sheets = {}
    for name in RUN_SHEET_PAGES:
        parts = re.split(r"^\((run-(?:week|module)-\d+)\)=$", page(name), flags=re.M)
        sheets.update(zip(parts[1::2], parts[2::2]))
    return sheets


def discussion_questions(chapter: str) -> int:
    """How many discussion questions a chapter notebook lists."""
    cells = json.loads((CHAPTERS / f"{chapter}.ipynb").read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    section = text.split("## Discussion questions", 1)[1].split("\n## ", 1)[0]
    return len(re.findall(r"^\d+\. ", section, flags=re.M))


EXPECTED_SHEETS = [f"run-week-{n}" for n in range(1, 13)] + [f"run-module-{n}" for n in range(1, 5)]


def test_every_week_and_module_session_has_a_run_sheet_linked_from_the_syllabus():
    assert sorted(run_sheets()) == sorted(EXPECTED_SHEETS)
    syllabus = page("syllabus.md")
    for label in EXPECTED_SHEETS:
        assert f"<{label}>`" in syllabus, f"the syllabus does not link the run sheet {label}"


@pytest.mark.parametrize("label", EXPECTED_SHEETS)
def test_each_run_sheet_fills_90_minutes_with_the_five_steps(label):
    rows = [r for r in table_rows(run_sheets()[label]) if re.search(r"\d+–\d+", r[0])]
    assert rows, f"{label} has no timed table"
    sessions: dict[str, list[tuple[int, int]]] = {}
    for minutes, *_ in rows:
        session, span = minutes.split(", ") if ", " in minutes else ("", minutes)
        start, end = (int(x) for x in span.split("–"))
        sessions.setdefault(session, []).append((start, end))
    for session, spans in sessions.items():
        assert spans[0][0] == 0 and spans[-1][1] == 90, f"{label} {session}: the steps do not run from 0 to 90"
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:])), (
            f"{label} {session}: a gap or overlap in the timings"
        )
    steps = " ".join(r[1] for r in rows)
    for step in STEPS:
        assert step in steps, f"{label} has no {step}"


@pytest.mark.parametrize("label", [s for s in EXPECTED_SHEETS if s not in KIT_SESSIONS])
def test_each_run_sheet_picks_discussion_questions_that_exist(label):
    discussion = [r[2] for r in table_rows(run_sheets()[label]) if len(r) > 2 and r[1] == "discussion"]
    assert discussion, f"{label} has no discussion step"
    chapter = re.search(r"\{doc\}`(\w+)`", discussion[0])
    numbers = [int(n) for n in re.findall(r"question (\d+)", discussion[0])]
    assert chapter and numbers, f"{label}: the discussion step names no chapter's question by number"
    available = discussion_questions(chapter.group(1))
    assert all(1 <= n <= available for n in numbers), f"{label}: {chapter.group(1)} has {available} questions"


def readings_table() -> list[list[str]]:
    section = page("syllabus.md").split("(syllabus-readings)=", 1)[1].split("\n## ", 1)[0]
    return table_rows(section)


def test_every_reading_says_what_to_read_where_and_with_what_access():
    rows = readings_table()
    assert len(rows) >= 20
    for week, reading, what, where, access in rows:
        assert re.search(r"\{cite:t\}`\w+`", reading), reading
        assert re.search(r"whole|chapter|pp\. \d+–\d+|from p\. \d+", what), f"{reading}: no range or scope"
        assert "selection" not in what, f"{reading}: 'selections' cannot be assigned"
        assert re.search(r"\]\(https?://", where) or "no online copy" in where, f"{reading}: no link to the work"
        assert re.search(r"free|library|buy|subscription", access), f"{reading}: access not stated"


def test_every_reading_the_plans_set_is_in_the_reading_list():
    syllabus = page("syllabus.md")
    plans = syllabus.split("(syllabus-readings)=", 1)[0] + syllabus.split("## The 2-week module", 1)[1]
    listed = {re.search(r"`(\w+)`", r[1]).group(1) for r in readings_table()}
    set_in_plans = set(re.findall(r"\{cite:t\}`(\w+)`", plans))
    assert set_in_plans <= listed, f"set but not in the reading list: {set_in_plans - listed}"


TEXT_CODES = "|".join(row["text_code"] for row in data.read_table("texts"))
ID_PATTERNS = (
    r"[A-Z]{2}-\d{4}-\d{2}-\d{2}-A\d{2}(?:-\d+)?",  # positions
    r"\d{4}-[a-z0-9-]+",  # events
    r"(?:case|counter)-\d+",  # debate
    r"[a-z]+-[a-z-]+-\d{4}-\d{2}-\d{2}-[a-z0-9-]+",  # figures
    rf"(?:{TEXT_CODES})-[A-Za-z0-9-]+",  # provisions: a text's code, then the point
)


def cited_ids(text: str) -> set[str]:
    """The row ids a page cites in backticks (`RU-2025-06-02-A07`, `PF-1`, `case-01`, …)."""
    tokens = re.findall(r"`([^`\s]+)`", text)
    return {t for t in tokens if any(re.fullmatch(p, t) for p in ID_PATTERNS)}


@pytest.fixture(scope="module")
def tables():
    return data.load_tables()


@pytest.fixture(scope="module")
def known_ids(tables):
    columns = {
        "positions": "position_id",
        "provisions": "provision_id",
        "events": "event_id",
        "debate": "argument_id",
        "figures": "figure_id",
    }
    return {i for name, column in columns.items() for i in tables[name][column]}


@pytest.mark.parametrize("name", ["practice-case.md", "assignments.md", "roleplay-kit.md", "teaching-notes.md"])
def test_the_rows_a_teaching_page_cites_exist(name, known_ids):
    cited = cited_ids(page(name))
    assert cited, f"{name} cites no rows: the pattern has stopped matching"
    missing = sorted(cited - known_ids)
    assert not missing, f"{name} cites rows that are not in the data: {missing}"


def test_the_practice_case_is_one_issue_grounded_in_each_partys_own_rows(tables):
    text = page("practice-case.md")
    positions = tables["positions"].set_index("position_id")
    provisions = tables["provisions"].set_index("provision_id")
    cited = cited_ids(text)
    issues = {positions.loc[i, "issue_id"] for i in cited & set(positions.index)}
    issues |= {provisions.loc[i, "issue_id"] for i in cited & set(provisions.index)}
    assert issues == {"A18"}, f"the case should stay on one issue, not territory: {issues}"
    for party in ("Ukraine", "Russia"):
        sheet = text.split(f"## Confidential sheet: {party}", 1)[1].split("\n## ", 1)[0]
        own = {i for i in cited_ids(sheet) if i in positions.index and positions.loc[i, "party"] == party}
        assert own, f"the {party} sheet cites none of {party}'s own positions"


def test_each_assignment_has_anchored_examples_at_three_levels_on_a_criterion_of_its_rubric():
    text = page("assignments.md")
    sections = re.split(r"^## \d+\. ", text, flags=re.M)[1:]
    assert len(sections) == 6
    for section in sections:
        anchors = re.search(r"Anchored examples: .*\(\"(.+?)\", \d+%\)\n(.*?)\n````", section, flags=re.S)
        assert anchors, section.splitlines()[0]
        criterion, body = anchors.groups()
        assert f"| {criterion} (" in section, f"{criterion} is not a criterion of this rubric"
        for level in ("**Level 4.**", "**Level 2.**", "**Level 1.**"):
            assert level in body


def test_the_letter_grades_cover_every_mark_and_moderation_is_described():
    text = page("assignments.md")
    grades = text.split("## From points to a letter grade", 1)[1].split("\n## ", 1)[0]
    bands = sorted((float(a), float(b)) for a, b in re.findall(r"^\| ([\d.]+)–([\d.]+) \|", grades, flags=re.M))
    assert bands[0][0] == 0 and bands[-1][1] == 100
    assert all(b[0] - a[1] == 0.5 for a, b in zip(bands, bands[1:])), "the bands leave a gap or overlap"
    assert "(moderation)=" in text and "third reader" in text


def test_the_instructor_pages_agree_on_the_role_play_and_link_the_plans():
    instructors, kit, intro = page("instructors.md"), page("roleplay-kit.md"), (ROOT / "intro.md").read_text("utf-8")
    assert "two sessions of 90 minutes" in kit and "two sessions of 90 minutes" in instructors
    assert "then one session" not in instructors
    assert "one chapter a week" not in instructors
    for link in ("{doc}`syllabus`", "{doc}`roleplay-kit`", "{ref}`teaching-live-war`"):
        assert link in instructors
    for link in ("{doc}`chapters/syllabus`", "{doc}`chapters/roleplay-kit`", "{ref}`teaching-live-war`"):
        assert link in intro
    assert "Export your own settlement first" in kit


def test_the_safety_note_has_each_part():
    note = page("safety.md")
    assert note.startswith("(teaching-live-war)=")
    for part in (
        "## Recording and online sessions",
        "## The Chatham House Rule, as an option",
        "(students-at-risk)=",
        "(escalation-script)=",
        "## The referral path",
        "No requirement to state a view",
        "Role allocation that protects",
    ):
        assert part in note, part


def test_the_istanbul_chapter_asks_how_each_sides_conditions_changed():
    cells = json.loads((CHAPTERS / "istanbul.ipynb").read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells)
    questions = text.split("## Discussion questions", 1)[1].split("\n## ", 1)[0]
    assert "Ukraine offered neutrality in 2022" in questions
    assert "Russia's first written terms" in questions and "2025" in questions


POSITION_ID = r"[A-Z]{2}-\d{4}-\d{2}-\d{2}-A\d{2}[^`]*"
PUBLISHER = r"[A-Z][A-Za-z .'&-]+"
NAMED_SOURCE = re.compile(rf"\(({PUBLISHER}), row `({POSITION_ID})`\)|`({POSITION_ID})`, ({PUBLISHER})\)")


def test_a_teaching_page_names_the_publisher_its_position_row_cites(tables):
    """Where a page names a row's source beside it ("(TASS, row `RU-...`)"), the name is the row's own publisher,
    so a re-sourced row cannot leave a page citing the outlet it no longer rests on."""
    publisher = dict(zip(tables["positions"]["position_id"], tables["positions"]["source_publisher"]))
    named = []
    for path in sorted((ROOT / "chapters").glob("*.md")):
        for match in NAMED_SOURCE.finditer(path.read_text(encoding="utf-8")):
            name, row = (match[1], match[2]) if match[1] else (match[4], match[3])
            if row in publisher:
                named.append((path.name, row, name))
    assert len(named) >= 5, "the pattern has stopped matching"
    wrong = [
        (page, row, name, publisher[row])
        for page, row, name in named
        if name.split(" via ")[-1] not in publisher[row] and publisher[row] not in name
    ]
    assert not wrong, f"pages name another publisher than the row's: {wrong}"
