"""What each chapter shows comes from data/: the built pages contain every row they promise, as the
data has it (checked on the built HTML, so a stale or hand-typed table would fail)."""

import html
import json
import re

import pytest

from peacebook import data


@pytest.fixture(scope="module")
def tables():
    return data.load_tables()


def page_text(built_html, name):
    raw = (built_html / "chapters" / name).read_text(encoding="utf-8")
    return html.unescape(re.sub(r"\s+", " ", raw))


def test_the_donbas_chapter_shows_every_minsk_text_point_outcome_and_account(built_html, tables):
    page = page_text(built_html, "donbas.html")
    for text in tables["texts"].query("moment == 'minsk'").itertuples():
        assert text.title in page, text.text_code
    for row in tables["provisions"].query("text_code in ['M2', 'SF', 'P19', 'GS14']").itertuples():
        assert re.sub(r"\s+", " ", row.paraphrase) in page, row.provision_id
    for row in tables["outcomes"].itertuples():
        assert re.sub(r"\s+", " ", row.outcome) in page, row.outcome_id
    for row in tables["accounts"].query("question == 'minsk'").itertuples():
        assert re.sub(r"\s+", " ", row.claim) in page, row.account_id


def test_the_donbas_chapter_states_the_monitors_figures_from_data(built_html, tables):
    page = page_text(built_html, "donbas.html")
    monitors = tables["figures"].query("series == 'OSCE SMM monitors'")
    for row in monitors.itertuples():
        assert f"{int(row.value):,} international monitors on {row.date.day} {row.date:%B %Y}" in page


def test_the_timeline_shows_the_as_of_date_from_data(built_html):
    page = page_text(built_html, "timeline.html")
    checked = data.as_of()
    assert f"As of {checked.day} {checked:%B %Y}" in page


def test_the_istanbul_chapter_shows_the_proposals_limits_and_accounts(built_html, tables):
    page = page_text(built_html, "istanbul.html")
    for row in tables["provisions"].query("text_code in ['RD', 'IC', 'ID']").itertuples():
        assert re.sub(r"\s+", " ", row.paraphrase) in page, row.provision_id
    for row in tables["accounts"].query("question == 'istanbul'").itertuples():
        assert re.sub(r"\s+", " ", row.claim) in page, row.account_id
    limits = tables["figures"].query("series.str.startswith('Limits on Ukraine')")
    assert len(limits) >= 6
    for row in limits.itertuples():  # each figure is in the chart's embedded data
        assert f'"value": {row.value}' in (built_html / "chapters" / "istanbul.html").read_text(encoding="utf-8"), (
            row.figure_id
        )


def test_the_current_chapter_names_its_as_of_date_proposal_and_positions_from_data(built_html, tables):
    from peacebook.model import current

    page = page_text(built_html, "current.html")
    checked = data.as_of()
    proposal = current.current_proposal(tables["texts"], tables["provisions"])
    assert f"As of {checked.day} {checked:%B %Y}" in page and proposal.title in page
    grid = current.stance_grid(proposal.text_code, tables["provisions"], tables["positions"], tables["options"])
    for row in grid.itertuples():  # every cell of the stance grid is in the page's chart data
        assert row.summary in page, (row.point_ref, row.party)
    core = current.latest_by_issue(tables["positions"], ["A02", "A03", "A06", "A09", "A18"])
    for row in core.itertuples():
        assert re.sub(r"\s+", " ", row.summary) in page, row.position_id


def embedded_datasets(raw: str) -> list[list[dict]]:
    """The data of every altair chart embedded in a built page."""
    decoder, found = json.JSONDecoder(), []
    for match in re.finditer(r'"datasets": ', raw):
        datasets, _ = decoder.raw_decode(raw, match.end())
        found.extend(datasets.values())
    return found


def test_the_comparison_chapter_draws_the_matrix_from_the_provisions(built_html, tables):
    from peacebook.model import compare

    raw = (built_html / "chapters" / "compare.html").read_text(encoding="utf-8")
    matrix = compare.matrix(tables["provisions"], tables["texts"], tables["options"], tables["issues"])
    coded = tables["provisions"].dropna(subset=["option_id"]).groupby(["text_code", "issue_id"]).size()
    assert len(matrix) == len(coded)  # one cell per (text, issue) the provisions code
    charted = next(rows for rows in embedded_datasets(raw) if rows and "paraphrase" in rows[0])
    assert {(r["text_code"], r["issue_id"], r["option_id"], r["paraphrase"]) for r in charted} == {
        (c.text_code, c.issue_id, c.option_id, c.paraphrase) for c in matrix.itertuples()
    }


def test_the_comparison_chapter_charts_every_assessment_with_its_reason(built_html, tables):
    raw = (built_html / "chapters" / "compare.html").read_text(encoding="utf-8")
    charted = next(rows for rows in embedded_datasets(raw) if rows and "justification" in rows[0])
    assert {(r["text_code"], r["mechanism_id"], r["score"], r["justification"]) for r in charted} == {
        (a.text_code, a.mechanism_id, a.score, a.justification) for a in tables["assessments"].itertuples()
    }


GUARANTEES_IN_FORCE = [
    "2024-uk-and-ukraine-sign-first-bilateral-security-agreement",
    "2024-us-and-ukraine-sign-ten-year-security-agreement",
    "2024-ukraine-compact-signed-at-nato-summit",
]


def test_the_current_chapter_sets_out_the_guarantees_already_in_force(built_html, tables):
    page = page_text(built_html, "current.html")
    events = tables["events"].set_index("event_id")
    for event_id in GUARANTEES_IN_FORCE:
        assert re.sub(r"\s+", " ", events.loc[event_id, "description"]) in page, event_id


def test_the_current_chapter_lists_every_text_of_the_period(built_html, tables):
    page = page_text(built_html, "current.html")
    for text in tables["texts"].query("moment == 'current'").itertuples():
        assert text.title in page and text.description in page, text.text_code


def test_the_casualty_and_army_size_charts_carry_every_figure_from_data(built_html, tables):
    figures = tables["figures"]
    for page, series in [
        ("donbas.html", ["OHCHR civilian deaths in the Donbas conflict, by year"]),
        (
            "istanbul.html",
            [
                "Proposed peacetime ceilings on Ukraine's armed forces",
                "Size of Ukraine's armed forces, as stated by its president",
            ],
        ),
    ]:
        charted = [
            (r.get("date"), r.get("value"))
            for rows in embedded_datasets((built_html / "chapters" / page).read_text(encoding="utf-8"))
            for r in rows
        ]
        rows = figures[figures.series.isin(series) & ~figures.measure.str.contains("at the time")]
        assert len(rows) >= 3
        for row in rows.itertuples():
            if row.measure.startswith("civilian deaths in 2018"):
                continue  # the contemporaneous 2018 figure is in the table, not in the revised series' chart
            assert (row.date.strftime("%Y-%m-%d"), float(row.value)) in charted, (page, row.figure_id)


def test_the_workshop_shows_each_partys_legal_limits_with_who_cited_them(built_html, tables):
    page = page_text(built_html, "workshop.html")
    speakers = tables["positions"].set_index("position_id")["speaker"]
    for limit in tables["legal_limits"].itertuples():
        assert re.sub(r"\s+", " ", limit.summary) in page, limit.limit_id
        for position_id in data.split_list(limit.cited_by):
            assert speakers[position_id] in page, position_id


def test_the_timeline_shows_every_finding_with_the_parties_responses(built_html, tables):
    page = page_text(built_html, "timeline.html")
    for row in tables["findings"].itertuples():
        assert re.sub(r"\s+", " ", row.finding) in page, row.finding_id
        if isinstance(row.response, str):
            assert re.sub(r"\s+", " ", row.response) in page, row.finding_id
