"""The negotiation role-play: briefs read from files, acceptable ranges, the zone of possible agreement
(worked by hand on small classes) and a package that spreads concessions; the example briefs and a folder
mixing good and broken files."""

import json
import shutil
from pathlib import Path

import pytest
from testbook import testbook

from conftest import ROOT
from peacebook import charts, classroom, negotiation, party_record, submission
from peacebook.settlement import Catalogue, Choice, Draft

EXAMPLES = ROOT / "chapters" / "example-roleplay"


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue.load()


def brief(student, party, ranges, openings=None, table="", weights=None):
    draft = Draft(student=student, role=party, table=table)
    for issue_id, acceptable in ranges.items():
        draft.choices[issue_id] = Choice(
            option_id=(openings or {}).get(issue_id), acceptable=tuple(acceptable), weight=(weights or {}).get(issue_id)
        )
    return classroom.Submission(Path(f"{student}.json"), draft, [])


def analyse(catalogue, briefs, threshold=0.5):
    folder = classroom.ClassFolder(submissions=briefs)
    players = negotiation.players_per_party(folder)
    zone = negotiation.zone(negotiation.ranges(folder, catalogue), catalogue, players, threshold)
    return zone, negotiation.package(zone, negotiation.represented(players))


def cell(zone, option_id):
    return zone.set_index("option_id").loc[option_id]


def test_the_zone_is_where_every_party_accepts(catalogue):
    zone, deal = analyse(
        catalogue,
        [
            brief("u", "Ukraine", {"A01": ["A01.a", "A01.b"]}, {"A01": "A01.a"}),
            brief("r", "Russia", {"A01": ["A01.b", "A01.c"]}, {"A01": "A01.c"}),
        ],
    )
    assert cell(zone, "A01.b").in_zone and cell(zone, "A01.b").accepted_by == "Ukraine; Russia"
    assert not cell(zone, "A01.a").in_zone and cell(zone, "A01.a").opened_by == "Ukraine"
    assert not cell(zone, "A01.c").in_zone and cell(zone, "A01.c").accepting == 1
    assert set(zone.parties) == {2} and len(zone) == len(catalogue.options)
    row = deal.set_index("issue_id").loc["A01"]
    assert (row.option_id, row.status, row.gives_ground) == ("A01.b", "in the zone", "")
    # an issue nobody marked has no package option, and nobody is said to give ground on it
    assert deal.set_index("issue_id").loc["A02"].status == "no party stated a range"
    assert deal.set_index("issue_id").loc["A02"].gives_ground == ""


def test_a_party_played_by_several_students_accepts_by_threshold(catalogue):
    briefs = [
        brief("u1", "Ukraine", {"A01": ["A01.a"]}),
        brief("u2", "Ukraine", {"A01": ["A01.b"]}),
        brief("r", "Russia", {"A01": ["A01.a", "A01.b"]}),
    ]
    half, _ = analyse(catalogue, briefs, threshold=0.5)
    assert cell(half, "A01.a").in_zone and cell(half, "A01.b").in_zone  # each is one of Ukraine's two players
    everyone, _ = analyse(catalogue, briefs, threshold=1.0)
    assert not cell(everyone, "A01.a").in_zone and cell(everyone, "A01.a").accepted_by == "Russia"
    with pytest.raises(ValueError, match="threshold"):
        analyse(catalogue, briefs, threshold=0)


def test_the_package_spreads_concessions_between_parties(catalogue):
    # On both issues the parties' ranges do not meet, and either party's option would do: the package
    # makes one party give ground on the first issue and the other on the second.
    zone, deal = analyse(
        catalogue,
        [
            brief("u", "Ukraine", {"A01": ["A01.a"], "A02": ["A02.a"]}),
            brief("r", "Russia", {"A01": ["A01.c"], "A02": ["A02.c"]}),
        ],
    )
    rows = deal.set_index("issue_id")
    assert rows.loc["A01"].status == rows.loc["A02"].status == "some parties give ground"
    assert {rows.loc["A01"].gives_ground, rows.loc["A02"].gives_ground} == {"Ukraine", "Russia"}
    given = negotiation.concessions(deal, ["Ukraine", "Russia"]).set_index("party")["gives ground on"]
    assert given.to_dict() == {"Ukraine": 1, "Russia": 1}


def test_an_opening_outside_the_range_is_counted_and_flagged(catalogue):
    folder = classroom.ClassFolder(submissions=[brief("r", "Russia", {"A01": ["A01.b"]}, {"A01": "A01.c"})])
    rows = negotiation.ranges(folder, catalogue)
    assert rows.query("option_id == 'A01.c'").iloc[0][["acceptable", "opening"]].tolist() == [False, True]
    assert any("opening position is not among" in p for p in catalogue.role_problems(folder.submissions[0].draft))


def test_settlements_without_a_role_are_not_briefs(catalogue):
    plain = classroom.Submission(Path("p.json"), catalogue.draft_from_text("M2"), [])
    zone, deal = analyse(catalogue, [plain])
    assert not zone.in_zone.any() and set(zone.parties) == {0}
    assert set(deal.status) == {"no party stated a range"}


def test_the_example_briefs_and_a_folder_mixing_good_and_broken_files(catalogue, tmp_path):
    for path in EXAMPLES.glob("*.json"):
        assert submission.parse_submission(path.read_bytes(), catalogue).warnings == [], (
            f"{path.name} is out of date: run scripts/make-example-submissions.py"
        )
    for path in EXAMPLES.glob("table-a-*.json"):
        shutil.copy(path, tmp_path)
    (tmp_path / "cut.json").write_text((EXAMPLES / "table-a-russia.json").read_text()[:200])
    payload = json.loads((EXAMPLES / "table-a-ukraine.json").read_text())
    payload["role"] = "Ukraine"
    payload["student"] += " (a second player)"  # one student id names one brief (a second would be refused)
    payload["choices"]["A01"]["acceptable"] = ["A01.a", "A02.b"]  # edited by hand: the checksum no longer matches
    (tmp_path / "edited.json").write_text(json.dumps(payload))
    folder = classroom.load_class(tmp_path, catalogue)
    # The cut file is refused; the edited one is read, marked, and listed with its warnings.
    assert sorted({name for name, _ in folder.problems}) == ["cut.json", "edited.json"]
    assert "cut.json" not in [s.path.name for s in folder.submissions]
    assert any(submission.EDITED_MARK in problem for name, problem in folder.problems if name == "edited.json")
    assert [s.path.name for s in folder.submissions if s.draft.edited_after_export] == ["edited.json"]
    players = negotiation.players_per_party(folder)
    assert players == {"Ukraine": 2, "Russia": 1, "United States": 1, "Europe": 1}
    zone = negotiation.zone(negotiation.ranges(folder, catalogue), catalogue, players)
    assert zone.in_zone.any() and not zone.in_zone.all()
    spec = charts.zone_chart(zone, catalogue.issues).to_dict()
    (rows,) = spec["datasets"].values()
    assert sum(r["in_zone"] for r in rows) == int(zone.in_zone.sum())
    assert spec["description"] and spec["title"]["text"]


@pytest.mark.kernel
def test_the_dashboard_shows_the_role_play(monkeypatch):
    monkeypatch.chdir(ROOT / "chapters")
    with testbook(str(ROOT / "chapters" / "dashboard.ipynb"), execute=True, timeout=120) as tb:
        assert (
            tb.value("len(negotiation.briefs(roleplay))") == 7 and tb.value("len(negotiation.mediators(roleplay))") == 1
        )
        assert tb.value("int(zone.in_zone.sum())") >= 1
        assert tb.value("len(deal)") == 20


def test_a_party_that_states_no_range_neither_blocks_nor_gives_ground(catalogue):
    # Europe marks nothing on A01: the zone is where Ukraine and Russia meet, and Europe never "gives ground" there.
    zone, deal = analyse(
        catalogue,
        [
            brief("u", "Ukraine", {"A01": ["A01.b"], "A02": ["A02.a"]}),
            brief("r", "Russia", {"A01": ["A01.b"], "A02": ["A02.c"]}),
            brief("e", "Europe", {"A02": ["A02.a"]}),
        ],
    )
    a01b = cell(zone, "A01.b")
    assert a01b.in_zone and a01b.stated_by == "Ukraine; Russia" and a01b.not_stated == "Europe"
    rows = deal.set_index("issue_id")
    assert rows.loc["A01"].status == "in the zone" and rows.loc["A01"].not_stated == "Europe"
    given = negotiation.concessions(deal, ["Ukraine", "Russia", "Europe"]).set_index("party")
    assert "A01" not in given.loc["Europe", "issues"] and given.loc["Europe", "range not stated on"] == 19


def test_concessions_follow_the_parties_own_priorities(catalogue):
    # Ukraine cares most about A01, Russia about A02: the package lets each win the issue it cares about.
    briefs = [
        brief("u", "Ukraine", {"A01": ["A01.a"], "A02": ["A02.a"]}, weights={"A01": 5, "A02": 1}),
        brief("r", "Russia", {"A01": ["A01.c"], "A02": ["A02.c"]}, weights={"A01": 1, "A02": 5}),
    ]
    folder = classroom.ClassFolder(submissions=briefs)
    players = negotiation.players_per_party(folder)
    zone = negotiation.zone(negotiation.ranges(folder, catalogue), catalogue, players)
    weights = negotiation.priorities(folder, catalogue)
    deal = negotiation.package(zone, negotiation.represented(players), weights).set_index("issue_id")
    assert (deal.loc["A01"].option_id, deal.loc["A01"].gives_ground) == ("A01.a", "Russia")
    assert (deal.loc["A02"].option_id, deal.loc["A02"].gives_ground) == ("A02.c", "Ukraine")
    given = negotiation.concessions(deal.reset_index(), ["Ukraine", "Russia"], weights).set_index("party")
    assert given["weighted by its priorities"].to_dict() == {"Ukraine": 1.0, "Russia": 1.0}
    assert given["of which priority not stated"].to_dict() == {"Ukraine": 0, "Russia": 0}


def test_each_table_is_analysed_on_its_own_and_the_mediator_is_no_party(catalogue):
    mediator = classroom.Submission(Path("m.json"), Draft(student="m", role="Mediator", table="1"), [])
    folder = classroom.ClassFolder(
        submissions=[
            brief("u1", "Ukraine", {"A01": ["A01.a"]}, table="1"),
            brief("r1", "Russia", {"A01": ["A01.a"]}, table="1"),
            brief("u2", "Ukraine", {"A01": ["A01.a"]}, table="2"),
            brief("r2", "Russia", {"A01": ["A01.c"]}, table="2"),
            mediator,
        ]
    )
    assert negotiation.table_ids(folder) == ["1", "2"]
    assert [s.path.name for s in negotiation.mediators(negotiation.at_table(folder, "1"))] == ["m.json"]
    zones = {}
    for table in negotiation.table_ids(folder):
        one = negotiation.at_table(folder, table)
        players = negotiation.players_per_party(one)
        assert players["Ukraine"] == players["Russia"] == 1 and sum(players.values()) == 2
        zones[table] = negotiation.zone(negotiation.ranges(one, catalogue), catalogue, players)
    assert cell(zones["1"], "A01.a").in_zone and not cell(zones["2"], "A01.a").in_zone
    class_zone = negotiation.zone(
        negotiation.ranges(folder, catalogue), catalogue, negotiation.players_per_party(folder)
    )
    assert cell(class_zone, "A01.a").in_zone  # the class view: half of each party's players accept A01.a


def test_sensitivity_names_the_single_mark_that_decides_an_issue(catalogue):
    folder = classroom.ClassFolder(
        submissions=[brief("u", "Ukraine", {"A01": ["A01.a", "A01.b"]}), brief("r", "Russia", {"A01": ["A01.b"]})]
    )
    players = negotiation.players_per_party(folder)
    rows = negotiation.sensitivity(negotiation.ranges(folder, catalogue), catalogue, players)
    a01 = rows[rows.issue_id == "A01"]
    # Ukraine's student unmarking A01.b closes A01's zone. Russia's unmarking it would not: Russia would then have
    # stated no range on A01, which blocks nothing, and Ukraine's range alone would be the zone.
    assert list(zip(a01.student, a01.option_id, a01.change)) == [("u", "A01.b", "unmarking it")]
    assert set(a01.effect) == {"closes the issue's zone"}
    # On A02 nobody stated a range: Ukraine's student marking any option alone opens a zone there.
    a02 = rows[(rows.issue_id == "A02") & (rows.student == "u")]
    assert len(a02) == int((catalogue.options.issue_id == "A02").sum()) and set(a02.effect) == {
        "opens a zone on the issue"
    }


def test_the_example_briefs_are_grounded_in_the_record(catalogue):
    """No example marks acceptable an option its party rejected on the record unless the brief says why, every
    acceptable option cites the recorded position it rests on, and where the record is silent the brief says so."""
    latest = {(s.party, s.option_id): s for s in catalogue.latest_stances()}
    for path in sorted(EXAMPLES.glob("*.json")):
        draft = submission.parse_submission(path.read_bytes(), catalogue).draft
        if draft.role == "Mediator":
            continue
        expected = party_record.grounded_brief(catalogue, draft.role)
        for issue_id in catalogue.issue_ids:
            choice = draft.choice(issue_id)
            assert choice.acceptable == expected.choice(issue_id).acceptable, (
                f"{path.name} {issue_id} no longer follows the record: run scripts/make-example-submissions.py"
            )
            for option_id in choice.acceptable:
                record = latest.get((draft.role, option_id))
                assert record is not None and record.position_id in choice.justification, (path.name, option_id)
                if record.stance == "rejected":
                    assert "Kept despite the record" in choice.justification, (path.name, option_id)
            if not choice.acceptable:
                assert "no option" in choice.justification and "not stated" in choice.justification


def test_a_grounded_brief_never_takes_a_rejected_option(catalogue):
    for party in catalogue.parties:
        draft = party_record.grounded_brief(catalogue, party)
        rejected = {s.option_id for s in catalogue.latest_stances() if s.party == party and s.stance == "rejected"}
        marked = {o for c in draft.choices.values() for o in c.acceptable}
        assert marked and not marked & rejected, party


def test_the_sensitivity_folds_to_one_row_per_issue_and_effect(catalogue):
    folder = classroom.ClassFolder(
        submissions=[brief("u", "Ukraine", {"A01": ["A01.a", "A01.b"]}), brief("r", "Russia", {"A01": ["A01.b"]})]
    )
    rows = negotiation.analyse(folder, catalogue).sensitivity
    folded = negotiation.sensitivity_by_issue(rows).set_index("issue_id")
    assert (
        folded.loc["A01", "marks that would"] == 1
        and "u (Ukraine) unmarking it: A01.b" in folded.loc["A01", "for example"]
    )
    assert folded["marks that would"].sum() == len(rows)


def test_a_role_brief_lists_each_partys_latest_stances_with_sources(catalogue):
    from peacebook import data

    positions = data.load_table("positions")
    for party in catalogue.parties:
        rows = party_record.latest_positions(catalogue, positions, party)
        latest = {s.position_id for s in catalogue.latest_stances() if s.party == party}
        assert set(rows.position_id) == latest and set(rows.party) == {party}
        assert rows.source_url.str.startswith("http").all()
        summary = party_record.record_summary(catalogue, party, rows)
        assert summary.startswith(f"{party}: {len(rows)} latest stances")
