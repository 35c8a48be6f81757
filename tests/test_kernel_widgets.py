"""The timeline chapter run in a real kernel, and its explorer widget driven there."""

import pytest
from testbook import testbook

from conftest import ROOT
from peacebook import data
from peacebook.model import timeline

pytestmark = pytest.mark.kernel
NOTEBOOK = str(ROOT / "chapters" / "timeline.ipynb")


@pytest.fixture(scope="module")
def tb():
    with testbook(NOTEBOOK, execute=True, timeout=120) as notebook:
        # The explorer's cell is left out of the book's build (skip-execution: it answers only in a live
        # notebook), so run it here as a student's kernel would.
        (cell,) = [c for c in notebook.nb.cells if "skip-execution" in c.metadata.get("tags", [])]
        notebook.inject(cell.source)
        yield notebook


def test_the_chapter_runs_without_errors_and_shows_the_data(tb):
    events = data.load_table("events")
    assert tb.value("len(events)") == len(events)
    # The coverage note is HTML (tables.coverage_note_html, which escapes the events' titles).
    coverage = "".join(o.get("data", {}).get("text/html", "") for o in tb.cells[1].outputs)
    assert f"<strong>{len(events)} events</strong>" in coverage


def test_the_explorer_filters_by_category(tb):
    expected = len(timeline.filter_events(data.load_table("events"), category="ceasefire"))
    tb.inject("explorer.category.value = 'ceasefire'")
    assert tb.value("len(explorer.shown)") == expected
    assert f"<strong>{expected}</strong> of" in tb.value("explorer.status.value")
    # The Output widget is filled by the client between cells, so read it in a later cell.
    table = tb.value("''.join(o.get('data', {}).get('text/html', '') for o in explorer.output.outputs)")
    assert table.count("<tr>") == expected + 1


def test_the_explorer_combines_years_and_text_and_resets(tb):
    tb.inject("explorer.category.value = None; explorer.years.value = (2014, 2015); explorer.search.value = 'Minsk'")
    expected = timeline.filter_events(data.load_table("events"), years=(2014, 2015), text="Minsk")
    assert tb.value("sorted(explorer.shown['event_id'])") == sorted(expected["event_id"])
    tb.inject("explorer.search.value = '(((<script>'")  # odd text: no error, no match
    assert tb.value("len(explorer.shown)") == 0
