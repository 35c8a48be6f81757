"""Balance (issue #17): established findings beside the parties' statements, each party's own law as a
check worded the same way, both sides' 2025 memoranda read point by point, and contested terms."""

import json
from pathlib import Path

import pandas as pd
import pytest

from peacebook import current, data, editorial, tables, vocabulary
from peacebook.settlement import Catalogue, Choice, Draft
from peacebook.vocabulary import Vocabularies

ROOT = Path(__file__).resolve().parent.parent
NAMES = (
    "events",
    "issues",
    "options",
    "texts",
    "provisions",
    "positions",
    "rules",
    "mechanisms",
    "findings",
    "legal_limits",
)


@pytest.fixture(scope="module")
def t():
    # Each table on its own, so that a problem in an unrelated table does not hide these checks.
    return {name: data.load_table(name) for name in (*NAMES, *vocabulary.TABLES)}


def _field(table: str, name: str) -> dict:
    return next(f for f in data.resource(table)["schema"]["fields"] if f["name"] == name)


# --- legal limits -------------------------------------------------------------------------------


def test_every_party_with_a_recorded_legal_limit_has_a_matching_check(t):
    """A party's recorded legal limit is a row of data/legal_limits.csv. Its check must be a rule that
    trips on at least one of the options the limit bars, so each party's own law raises a flag."""
    rules = t["rules"].set_index("rule_id")
    limits = t["legal_limits"]
    assert not limits.empty
    for limit in limits.itertuples():
        assert limit.check in rules.index, limit.limit_id
        rule = rules.loc[limit.check]
        trips_on = set(data.split_list(rule["if_any"])) | set(data.split_list(rule["and_any"]))
        barred = set(data.split_list(limit.options))
        assert trips_on & barred, f"{limit.check} does not trip on any option {limit.limit_id} bars ({sorted(barred)})"
    parties_with_checks = {p for p, group in limits.groupby("party") if group["check"].notna().all()}
    assert parties_with_checks == set(limits["party"])


def test_both_warring_parties_laws_are_checked(t):
    parties = set(t["legal_limits"]["party"])
    assert {"Ukraine", "Russia"} <= parties
    # The checks the issue named for Ukraine, and the Russian one added beside them, are all recorded.
    assert {"C9", "C10", "C14", "C18"} <= set(t["legal_limits"]["check"])


def test_the_russian_legal_limit_check_trips_in_the_workshop(t):
    catalogue = Catalogue(t)
    for option in ("A03.d", "A02.e", "A04.f"):
        issue = option.split(".")[0]
        tripped, _ = catalogue.check_rules(Draft(choices={issue: Choice(option_id=option)}))
        assert "C18" in {r.rule_id for r in tripped}, option
    tripped, _ = catalogue.check_rules(Draft(choices={"A16": Choice(option_id="A16.b")}))
    assert "C14" in {r.rule_id for r in tripped}


def test_the_legal_limit_checks_are_worded_alike(t):
    rules = t["rules"].set_index("rule_id")
    for rule_id in ("C14", "C18"):
        assert rules.loc[rule_id, "reasoning"].endswith("Say when and how that would happen.") or rules.loc[
            rule_id, "reasoning"
        ].endswith("Say when and how that amendment would happen."), rule_id
        assert "constitution" in rules.loc[rule_id, "title"]


# --- independent findings -----------------------------------------------------------------------


def test_independent_finding_is_a_rung_of_the_ladder_that_is_never_a_stance(t):
    vocab = Vocabularies.load()
    assert "independent_finding" in vocab.evidence
    assert _field("findings", "evidence")["constraints"]["enum"] == ["independent_finding"]
    assert "independent_finding" not in vocab.party_evidence
    # every level the data can hold is a row of evidence_levels.csv, with its label
    reference = {"fields": "evidence", "reference": {"resource": "evidence_levels", "fields": "evidence"}}
    assert reference in data.resource("positions")["schema"]["foreignKeys"]
    assert reference in data.resource("findings")["schema"]["foreignKeys"]
    assert all(vocab.evidence.labels)
    assert "independent_finding" in _field("positions", "evidence")["description"]
    # The loader refuses a position resting on an independent finding, naming the row and column.
    tables = {name: t[name] for name in ("positions", *vocabulary.TABLES)}
    tables["positions"] = tables["positions"].copy()
    tables["positions"].loc[tables["positions"].index[0], "evidence"] = "independent_finding"
    problems = editorial.vocabulary_use_problems(tables)
    assert [(p.row, p.column) for p in problems] == [(1, "evidence")]
    # Even if such a row reached the positions table, the workshop's model would not count it.
    row = t["positions"].iloc[[0]].copy()
    row["evidence"], row["position_id"] = "independent_finding", "XX"
    stances = Catalogue._index_stances(pd.concat([t["positions"], row]))
    assert all(s.evidence != "independent_finding" for records in stances.values() for s in records)


def test_mh17_and_bucha_carry_established_findings_beside_the_statements(t):
    findings = t["findings"]
    mh17 = findings[findings["event_id"] == "2014-malaysia-airlines-mh17-downed-over-donetsk"]
    bucha = findings[findings["event_id"] == "2022-killings-of-civilians-in-bucha-come"]
    assert {"joint_investigation", "court"} <= set(mh17["body_type"])
    assert "2022-11-17" in set(mh17["date"].dt.strftime("%Y-%m-%d"))  # the Dutch court's judgment
    assert set(bucha["body_type"]) == {"un_commission"}
    events = t["events"].set_index("event_id")
    for event_id in (mh17["event_id"].iloc[0], bucha["event_id"].iloc[0]):
        assert "findings table" in events.loc[event_id, "description"]
    assert findings["source_url"].notna().all() and findings["source_publisher"].notna().all()


def test_findings_are_shown_escaped_and_labelled(t):
    hostile = t["findings"].iloc[[0]].copy()
    hostile["finding"] = "<script>alert(1)</script>"
    hostile["response"], hostile["response_source_url"], hostile["response_source_publisher"] = (
        "<b>x</b>",
        "https://example.org/?a=<b>",
        "<i>P</i>",
    )
    html = tables.findings_html(hostile, t["events"])
    assert "<script>" not in html and "<b>x</b>" not in html and "<i>P</i>" not in html
    assert "Established finding" in html and "independent finding" in html
    in_timeline = tables.events_table_html(t["events"], findings=t["findings"])
    assert in_timeline.count('class="pb-finding"') == len(t["findings"])


# --- the two memoranda, point by point ------------------------------------------------------------


def test_the_memoranda_are_read_point_by_point_beside_the_framework(t):
    codes = ["F20", "RM", "UM"]
    points = current.point_by_point(t["provisions"], t["texts"], t["issues"], t["options"], codes)
    for code in ("RM", "UM"):
        expected = set(
            t["provisions"]
            .loc[t["provisions"]["text_code"] == code, "provision_id"]
            .map(lambda pid: pid.split("-", 1)[1])
        )
        assert len(points[points["text_code"] == code]) == len(expected), code
    # issue order first, then the texts in the order given; points with no issue come last
    ranks = points["issue_id"].map(dict(zip(t["issues"]["issue_id"], t["issues"]["order"]))).fillna(10_000)
    assert ranks.is_monotonic_increasing
    assert points["issue"].iloc[-1] == "Other points"
    html = tables.point_by_point_html(points, t["texts"], codes)
    assert html.count('<th scope="col">') == 1 + len(codes)
    assert "No point on this issue" in html
    with pytest.raises(KeyError):
        current.point_by_point(t["provisions"], t["texts"], t["issues"], t["options"], ["RM", "NOPE"])


def test_point_by_point_escapes_every_cell(t):
    provisions = t["provisions"].copy()
    first = provisions.index[provisions["text_code"] == "RM"][0]
    provisions.loc[first, "paraphrase"] = "<img src=x onerror=alert(1)>"
    points = current.point_by_point(provisions, t["texts"], t["issues"], t["options"], ["RM"])
    assert "<img" not in tables.point_by_point_html(points, t["texts"], ["RM"])


def test_the_current_chapter_reads_both_memoranda():
    notebook = json.loads((ROOT / "chapters" / "current.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert "current.point_by_point(" in code and '"RM", "UM"' in code


# --- contested terms ----------------------------------------------------------------------------


def test_the_glossary_gives_each_contested_term_with_each_sides_usage_and_the_convention():
    glossary = (ROOT / "chapters" / "glossary.md").read_text(encoding="utf-8")
    assert "(contested-terms)=" in glossary and "(evidence-ladder)=" in glossary
    section = glossary.split("(contested-terms)=", 1)[1]
    for term in ("occupied", "ORDLO", "certain areas", "new regions", "abducted", "deported"):
        assert term in section, term
    assert section.count("**The book's convention**") >= 4


@pytest.mark.parametrize("page", ["current.ipynb", "timeline.ipynb", "donbas.ipynb"])
def test_pages_link_the_contested_terms(page):
    text = (ROOT / "chapters" / page).read_text(encoding="utf-8")
    assert "contested-terms" in text or "{term}`DPR- and LPR-held areas`" in text or "<Areas Russia holds>" in text
