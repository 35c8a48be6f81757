"""Balance (issue #17): established findings beside the parties' statements, each party's own law as a
check worded the same way, both sides' 2025 memoranda read point by point, and contested terms."""

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from peacebook.model import current
from peacebook import data
from peacebook.data import editorial, vocabulary
from peacebook.views import tables
from peacebook.model.settlement import Catalogue, Choice, Draft
from peacebook.data.vocabulary import Vocabularies

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
    # The checks the issues named for Ukraine, and the Russian one added beside them, are all recorded.
    assert {"C9", "C10", "C14", "C18", "C19", "C20"} <= set(t["legal_limits"]["check"])


def _limits_by_party_and_group(t) -> dict[str, set[str]]:
    """For each party, the issue groups (territory, security, justice...) on which it has a recorded legal limit."""
    group = dict(zip(t["issues"]["issue_id"], t["issues"]["group"]))
    issue = dict(zip(t["options"]["option_id"], t["options"]["issue_id"]))
    found: dict[str, set[str]] = {}
    for limit in t["legal_limits"].itertuples():
        found.setdefault(limit.party, set()).update(group[issue[o]] for o in data.split_list(limit.options))
    return found


def test_each_warring_party_has_its_territorial_limit_checked(t):
    """Issue #29: the workshop flagged Russia's constitutional bar on territory but no Ukrainian one. Both
    parties' officials have cited their constitutions on territory, so both have a limit on that group."""
    groups = _limits_by_party_and_group(t)
    assert "territory" in groups["Ukraine"] and "territory" in groups["Russia"]
    # Ukraine's officials have cited the constitution's EU and NATO course (alliances) and the Rome Statute
    # (amnesty); Russia's officials have cited no law of theirs on either (the book's search found none).
    assert {"security", "justice"} <= groups["Ukraine"]


# A party's officials invoke its own law when they speak of "our constitution", their country's
# constitution or its martial law. Another party's law (the US plan writing a NATO bar into Ukraine's
# constitution) is not such a citation.
OWN_LAW = re.compile(r"\b(constitution|martial law)\b", re.IGNORECASE)
OWN = {"Ukraine": ("our", "ukraine's", "ukrainian"), "Russia": ("our", "russia's", "russian")}


def _invokes_own_law(text: str, party: str) -> bool:
    text = text.lower()
    for match in OWN_LAW.finditer(text):
        before, after = text[max(0, match.start() - 25) : match.start()], text[match.end() : match.end() + 25]
        if any(re.search(rf"\b{re.escape(word)}\b", before) for word in OWN.get(party, ())):
            return True
        if re.match(r" (of our country|in " + re.escape(party.lower()) + ")", after):
            return True
    return False


def test_every_position_that_invokes_its_partys_own_law_is_a_recorded_legal_limit(t):
    """The legal-limits test is symmetric in substance (issue #29): for each party alike, every statement in
    which its officials invoke its own constitution or martial law is listed, in `cited_by`, under a legal
    limit of that party, which the workshop checks."""
    cited = {
        position_id: limit.party
        for limit in t["legal_limits"].itertuples()
        for position_id in data.split_list(limit.cited_by)
    }
    invoking = [
        p
        for p in t["positions"].itertuples()
        if _invokes_own_law(f"{p.summary} {p.quote if isinstance(p.quote, str) else ''}", p.party)
    ]
    # the statements that made the issue (Zelensky on Crimea; Peskov on the four regions) are among them
    assert {"UA-2025-04-22-A04", "RU-2024-03-01-A03"} <= {p.position_id for p in invoking}
    missing = [p.position_id for p in invoking if cited.get(p.position_id) != p.party]
    assert missing == [], f"positions invoking their party's own law with no legal limit citing them: {missing}"


def test_the_own_law_reader_tells_a_partys_law_from_anothers():
    assert _invokes_own_law("This violates our Constitution.", "Ukraine")
    assert _invokes_own_law("the status is written into Russia's constitution", "Russia")
    assert _invokes_own_law("Martial law in Ukraine does not allow for elections", "Ukraine")
    assert not _invokes_own_law("Ukraine writes non-membership of NATO into its constitution", "United States")
    assert not _invokes_own_law("martial law must end and elections be called", "Russia")
    assert not _invokes_own_law("no Ukrainian constitutional clause", "Russia")


def test_each_option_a_legal_limit_bars_raises_that_partys_own_check_in_the_workshop(t):
    """What a student sees: a draft that takes any option a party's law bars is flagged with a check of that
    party's own law, whichever party it is."""
    catalogue = Catalogue(t)
    checks = t["legal_limits"].groupby("party")["check"].agg(set)
    for limit in t["legal_limits"].itertuples():
        for option in data.split_list(limit.options):
            issue = option.split(".")[0]
            tripped, _ = catalogue.check_rules(Draft(choices={issue: Choice(option_id=option)}))
            assert {r.rule_id for r in tripped} & checks[limit.party], f"{option} ({limit.limit_id}) raises no check"


def test_the_legal_limit_checks_are_worded_alike(t):
    """Every party's law is checked in the same words: the title sets the choice against that party's law, and
    the reasoning ends by asking the student to say how the draft would meet it."""
    rules = t["rules"].set_index("rule_id")
    for limit in t["legal_limits"].itertuples():
        rule = rules.loc[limit.check]
        assert f"against {limit.party}'s " in rule["title"], limit.check
        last_sentence = re.split(r"(?<=[.;:])\s+", rule["reasoning"].strip())[-1]
        assert last_sentence.startswith("Say "), (limit.check, last_sentence)
    for rule_id in ("C14", "C18", "C19", "C20"):
        assert "constitution" in rules.loc[rule_id, "title"]


def test_the_legal_limits_table_shows_every_limit_escaped_with_who_cited_it(t):
    html = tables.legal_limits_html(t["legal_limits"], t["rules"], t["options"], t["positions"], ["Ukraine", "Russia"])
    assert html.count("<tr><td>") == len(t["legal_limits"])
    assert html.index("<td>Ukraine</td>") < html.index("<td>Russia</td>")
    assert "C19 Territory given up against Ukraine&#x27;s constitution" in html
    assert "Valentina Matviyenko" in html and "Volodymyr Zelensky, 22 Apr 2025" in html
    hostile = t["legal_limits"].copy()
    hostile.loc[hostile.index[0], "summary"] = "<script>alert(1)</script>"
    assert "<script>" not in tables.legal_limits_html(hostile, t["rules"], t["options"], t["positions"], [])


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
    hostile["response_second_source_url"], hostile["response_second_source_publisher"] = (
        "https://e.org/?<u>",
        "<u>Q</u>",
    )
    html = tables.findings_html(hostile, t["events"])
    assert "<script>" not in html and "<b>x</b>" not in html and "<i>P</i>" not in html and "<u>" not in html
    assert "Established finding" in html and "independent finding" in html
    in_timeline = tables.events_table_html(t["events"], findings=t["findings"])
    assert in_timeline.count('class="pb-finding"') == len(t["findings"])


ILOVAISK = "2014-ukrainian-troops-ambushed-leaving-ilovaisk-encirclement"
ODESA = "2014-clashes-and-a-fire-in-odesa-kill-48"
OLENIVKA = "2022-explosion-kills-ukrainian-prisoners-at-olenivka"


def test_ilovaisk_odesa_and_olenivka_carry_findings_beside_the_statements(t):
    """Issue #36: claims beside findings wherever a finding exists, not only for MH17 and Bucha. Each event keeps
    both sides' claims of the day; each finding names its body and keeps the body's hedges."""
    findings, events = t["findings"], t["events"].set_index("event_id")
    for event_id in (ILOVAISK, ODESA, OLENIVKA):
        assert not findings[findings["event_id"] == event_id].empty, event_id
        description = events.loc[event_id, "description"]
        # what the parties said at the time, attributed, and a pointer to the findings beside it
        assert re.search(r"\b(said|says|denies|blamed)\b", description), event_id
        assert "findings table" in description, event_id
    odesa = findings[findings["event_id"] == ODESA].set_index("finding_id")
    assert {"court", "monitoring_body"} <= set(odesa["body_type"])  # the ECtHR and the Council of Europe's panel
    olenivka = findings[findings["event_id"] == OLENIVKA].iloc[0]
    assert olenivka["body_type"] == "monitoring_body" and "could not yet establish" in olenivka["finding"]


def test_the_findings_run_both_ways(t):
    """Issue #29: findings that cut against Ukraine are recorded as those against Russia are: the Commission's
    findings on Ukrainian forces, the ICJ's rejection of most of Ukraine's claims, the ECtHR on Odesa."""
    findings = t["findings"].set_index("finding_id")
    assert "violations by Ukrainian forces" in findings.loc["2023-coi-ukraine-report-hrc", "finding"]
    icj = findings.loc["2024-icj-icsft-cerd-judgment"]
    assert icj["event_id"] == "2014-malaysia-airlines-mh17-downed-over-donetsk" and icj["body_type"] == "court"
    assert "no ruling on MH17" in icj["finding"] and "rejected the other claims" in icj["finding"]
    assert "Ukraine had violated the right to life" in findings.loc["2025-echr-odesa-vyacheslavova", "finding"]
    # and the parties' responses are recorded for the earlier MH17 findings too, in Russia's officials' words
    for finding_id in ("2016-jit-mh17-launch-site", "2018-jit-mh17-53rd-brigade"):
        assert "Defence Ministry" in findings.loc[finding_id, "response"], finding_id
        assert "TASS" in findings.loc[finding_id, "response_source_publisher"], finding_id


def test_a_response_giving_two_parties_words_shows_each_source(t):
    finding = t["findings"].set_index("finding_id").loc[["2025-echr-odesa-vyacheslavova"]].reset_index()
    html = tables.findings_html(finding, t["events"])
    assert "Ministry of Justice" in html and "Peskov" in html
    assert 'href="https://nta.ua/' in html and 'href="https://tass.com/politics/1927965"' in html


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
    # written as links both media follow (_ext/portable_myst.py turns a glossary link back into the {term} role)
    assert any(
        link in text
        for link in (
            "contested-terms",
            "glossary.md#term-dpr-and-lpr-held-areas",
            "glossary.md#term-areas-russia-holds",
        )
    )


def test_the_accounts_and_the_debate_hear_analysts_from_the_warring_countries():
    """Issue #29: beside each side's officials, the accounts of the contested questions include an analyst who is
    not an official from Russia and one from Ukraine, and the Istanbul debate an analyst from one of the two."""
    accounts = data.load_table("accounts")
    analysts = accounts[accounts["holder_type"] == "analyst"]
    for country in ("Russian", "Ukrainian"):
        assert analysts["holder"].str.startswith(f"{country} analysts").any(), country
    assert data.load_table("debate")["school"].str.contains("Ukrainian|Russian").any()
