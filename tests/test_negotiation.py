"""The negotiation role-play: briefs read from files, acceptable ranges, the zone of possible agreement
(worked by hand on small classes) and a package that spreads concessions; the example briefs and a folder
mixing good and broken files."""
import json
import shutil
from pathlib import Path

import pytest
from testbook import testbook

from conftest import ROOT
from peacebook import charts, classroom, negotiation, submission
from peacebook.settlement import Catalogue, Choice, Draft

EXAMPLES = ROOT / "chapters" / "example-roleplay"


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue.load()


def brief(student, party, ranges, openings=None):
    draft = Draft(student=student, role=party)
    for issue_id, acceptable in ranges.items():
        draft.choices[issue_id] = Choice(option_id=(openings or {}).get(issue_id), acceptable=tuple(acceptable))
    return classroom.Submission(Path(f"{student}.json"), draft, [])


def analyse(catalogue, briefs, threshold=0.5):
    folder = classroom.ClassFolder(submissions=briefs)
    players = negotiation.players_per_party(folder)
    zone = negotiation.zone(negotiation.ranges(folder, catalogue), catalogue, players, threshold)
    return zone, negotiation.package(zone, negotiation.represented(players))


def cell(zone, option_id):
    return zone.set_index("option_id").loc[option_id]


def test_the_zone_is_where_every_party_accepts(catalogue):
    zone, deal = analyse(catalogue, [
        brief("u", "Ukraine", {"A01": ["A01.a", "A01.b"]}, {"A01": "A01.a"}),
        brief("r", "Russia", {"A01": ["A01.b", "A01.c"]}, {"A01": "A01.c"}),
    ])
    assert cell(zone, "A01.b").in_zone and cell(zone, "A01.b").accepted_by == "Ukraine; Russia"
    assert not cell(zone, "A01.a").in_zone and cell(zone, "A01.a").opened_by == "Ukraine"
    assert not cell(zone, "A01.c").in_zone and cell(zone, "A01.c").accepting == 1
    assert set(zone.parties) == {2} and len(zone) == len(catalogue.options)
    row = deal.set_index("issue_id").loc["A01"]
    assert (row.option_id, row.status, row.gives_ground) == ("A01.b", "in the zone", "")
    # an issue nobody marked has no package option, and nobody is said to give ground on it
    assert deal.set_index("issue_id").loc["A02"].status == "no party accepts any option"


def test_a_party_played_by_several_students_accepts_by_threshold(catalogue):
    briefs = [brief("u1", "Ukraine", {"A01": ["A01.a"]}), brief("u2", "Ukraine", {"A01": ["A01.b"]}),
              brief("r", "Russia", {"A01": ["A01.a", "A01.b"]})]
    half, _ = analyse(catalogue, briefs, threshold=0.5)
    assert cell(half, "A01.a").in_zone and cell(half, "A01.b").in_zone  # each is one of Ukraine's two players
    everyone, _ = analyse(catalogue, briefs, threshold=1.0)
    assert not cell(everyone, "A01.a").in_zone and cell(everyone, "A01.a").accepted_by == "Russia"
    with pytest.raises(ValueError, match="threshold"):
        analyse(catalogue, briefs, threshold=0)


def test_the_package_spreads_concessions_between_parties(catalogue):
    # On both issues the parties' ranges do not meet, and either party's option would do: the package
    # makes one party give ground on the first issue and the other on the second.
    zone, deal = analyse(catalogue, [
        brief("u", "Ukraine", {"A01": ["A01.a"], "A02": ["A02.a"]}),
        brief("r", "Russia", {"A01": ["A01.c"], "A02": ["A02.c"]}),
    ])
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
    assert set(deal.status) == {"no party accepts any option"}


def test_the_example_briefs_and_a_folder_mixing_good_and_broken_files(catalogue, tmp_path):
    for path in EXAMPLES.glob("*.json"):
        assert submission.parse_submission(path.read_bytes(), catalogue).warnings == [], (
            f"{path.name} is out of date: run scripts/make-example-submissions.py")
    for path in EXAMPLES.glob("*.json"):
        shutil.copy(path, tmp_path)
    (tmp_path / "cut.json").write_text((EXAMPLES / "brief-russia.json").read_text()[:200])
    payload = json.loads((EXAMPLES / "brief-ukraine.json").read_text())
    payload["role"] = "Ukraine"
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
        assert tb.value("len(negotiation.briefs(roleplay))") == 4
        assert tb.value("int(zone.in_zone.sum())") >= 1
        assert tb.value("len(deal)") == 20
