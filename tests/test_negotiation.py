"""The negotiation role-play's model, worked by hand on small classes: briefs read from files, what a party
states and accepts, the zone (which needs two parties), priorities as points, the package (least cost, ties,
deadlocks, no majority step), concessions, the workshop's checks over the package, sensitivity, a table's text
against its zone; the example folder, with the parties' names swapped; a folder mixing good and broken files.
The rules as properties are in test_negotiation_properties.py."""

import json
import shutil
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from testbook import testbook

from conftest import ROOT
from peacebook import charts, data
from peacebook.classroom import class_files, negotiation
from peacebook.model import party_record
from peacebook.files import submission
from peacebook.model.settlement import Catalogue, Choice, Draft
from peacebook.data.vocabulary import MEDIATOR

EXAMPLES = ROOT / "chapters" / "example-roleplay"


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue.load()


def brief(student, party, ranges, openings=None, table="", weights=None, modified=None):
    draft = Draft(student=student, role=party, table=table)
    for issue_id, acceptable in ranges.items():
        draft.choices[issue_id] = Choice(option_id=(openings or {}).get(issue_id), acceptable=tuple(acceptable))
    for issue_id, weight in (weights or {}).items():
        draft.choices.setdefault(issue_id, Choice()).weight = weight
    if modified:
        draft.modified = modified
    return class_files.Submission(Path(f"{student}.json"), draft, [])


def folder(*subs):
    return class_files.ClassFolder(submissions=list(subs))


def zone_of(catalogue, briefs, threshold=0.5):
    class_folder = folder(*briefs)
    players = negotiation.players_per_party(class_folder)
    return negotiation.zone(negotiation.ranges(class_folder, catalogue), catalogue, players, threshold)


def analysed(catalogue, briefs, threshold=0.5):
    return negotiation.analyse(folder(*briefs), catalogue, threshold)


def cell(zone, option_id):
    return zone.set_index("option_id").loc[option_id]


def issue_rows(frame, issue_id):
    return frame[frame.issue_id == issue_id]


def taken(package, issue_id):
    return list(issue_rows(package, issue_id).option_id)


# --- what a party states and accepts; the zone ---------------------------------------------------------


def test_the_zone_is_where_every_party_that_stated_a_range_accepts(catalogue):
    zone = zone_of(
        catalogue,
        [
            brief("u", "Ukraine", {"A01": ["A01.a", "A01.b"]}, {"A01": "A01.a"}),
            brief("r", "Russia", {"A01": ["A01.b", "A01.c"]}, {"A01": "A01.c"}),
            brief("e", "Europe", {"A02": ["A02.a"]}),
        ],
    )
    b = cell(zone, "A01.b")
    assert b.in_zone and b.accepted_by == "Ukraine; Russia" and b.accepting == 2
    assert (b.stated_by, b.stating, b.not_stated, b.parties, b.issue_status) == (
        "Ukraine; Russia",
        2,
        "Europe",
        3,
        negotiation.ZONE,
    )
    assert not cell(zone, "A01.a").in_zone and cell(zone, "A01.a").opened_by == "Ukraine"
    assert cell(zone, "A01.c").accepting == 1 and cell(zone, "A01.c").opened_by == "Russia"
    assert cell(zone, "A01.b").opened_by == "" and len(zone) == len(catalogue.options)
    assert (b.issue, b.order, b.label) == ("Ceasefire", 2, "Time-limited truce")
    assert list(zone.columns) == negotiation.ZONE_COLUMNS
    # options in their order along the spectrum
    a02 = issue_rows(zone, "A02")
    assert list(a02.order) == sorted(a02.order) and list(a02.option_id)[:2] == ["A02.e", "A02.d"]


def test_one_party_alone_never_makes_a_zone(catalogue):
    """Finding 1: where only Russia stated a range, nothing is 'in the zone': silence is not consent."""
    zone = zone_of(
        catalogue,
        [
            brief("r", "Russia", {"A16": ["A16.b"], "A18": ["A18.e"], "A01": ["A01.c"]}),
            brief("u", "Ukraine", {"A01": ["A01.a"]}),
        ],
    )
    a16 = issue_rows(zone, "A16")
    assert not a16.in_zone.any() and set(a16.issue_status) == {negotiation.ONE_PARTY}
    assert cell(zone, "A16.b").accepted_by == "Russia" and cell(zone, "A16.b").stated_by == "Russia"
    assert set(issue_rows(zone, "A01").issue_status) == {negotiation.NO_ZONE}
    assert set(issue_rows(zone, "A03").issue_status) == {negotiation.NO_PARTY}
    assert not zone.in_zone.any()


def test_a_party_is_what_more_than_half_its_players_do(catalogue):
    """Finding 6: with two players per party, one player's mark is not the party's."""
    briefs = [
        brief("u1", "Ukraine", {"A02": ["A02.a"]}),
        brief("u2", "Ukraine", {"A02": ["A02.e"]}),
        brief("r1", "Russia", {"A02": ["A02.a", "A02.c"]}),
        brief("r2", "Russia", {"A02": ["A02.c"]}),
    ]
    zone = zone_of(catalogue, briefs)
    # both Ukrainians stated a range, so Ukraine did; no option has both of them, so Ukraine accepts none
    assert cell(zone, "A02.a").stated_by == "Ukraine; Russia"
    assert cell(zone, "A02.a").accepted_by == "" and not cell(zone, "A02.a").in_zone
    assert cell(zone, "A02.c").accepted_by == "Russia"
    # one of two players marking something is not the party stating a range
    one = zone_of(catalogue, [brief("u1", "Ukraine", {"A02": ["A02.a"]}), brief("u2", "Ukraine", {}), *briefs[2:]])
    assert cell(one, "A02.a").stated_by == "Russia" and cell(one, "A02.a").not_stated == "Ukraine"
    # two of three is more than half
    three = zone_of(
        catalogue,
        [brief(f"u{n}", "Ukraine", {"A02": ["A02.c"] if n < 2 else ["A02.a"]}) for n in range(3)] + briefs[2:],
    )
    assert cell(three, "A02.c").in_zone
    everyone = zone_of(
        catalogue,
        [brief(f"u{n}", "Ukraine", {"A02": ["A02.c"] if n < 2 else ["A02.a"]}) for n in range(3)] + briefs[2:],
        threshold=1.0,
    )
    assert not cell(everyone, "A02.c").in_zone and cell(everyone, "A02.c").stated_by == "Ukraine; Russia"


@pytest.mark.parametrize("threshold", [0, 0.49, 1.01])
def test_the_threshold_is_a_share_of_players_from_a_half(catalogue, threshold):
    with pytest.raises(ValueError) as raised:
        zone_of(catalogue, [brief("u", "Ukraine", {"A01": ["A01.a"]})], threshold)
    assert str(raised.value) == (
        f"threshold must be at least 0.5 and at most 1 (a share of a party's players), not {threshold!r}"
    )
    with pytest.raises(ValueError, match="^threshold must be"):
        negotiation.sensitivity(negotiation.ranges(folder(), catalogue), catalogue, {}, threshold)


def test_holds_needs_more_than_half_and_the_threshold():
    assert [negotiation.holds(n, 4) for n in range(5)] == [False, False, False, True, True]
    assert [negotiation.holds(n, 4, 0.75) for n in range(5)] == [False, False, False, True, True]
    assert [negotiation.holds(n, 4, 1.0) for n in range(5)] == [False, False, False, False, True]
    assert negotiation.holds(1, 1) and not negotiation.holds(0, 1) and not negotiation.holds(0, 0)


def test_an_opening_outside_the_range_is_counted_and_flagged(catalogue):
    sub = brief("r", "Russia", {"A01": ["A01.b"]}, {"A01": "A01.c"})
    rows = negotiation.ranges(folder(sub), catalogue)
    assert rows[["option_id", "acceptable", "opening"]].values.tolist() == [
        ["A01.b", True, False],
        ["A01.c", False, True],
    ]
    assert list(rows.columns) == negotiation.RANGE_COLUMNS and set(rows.student) == {"r"}
    assert set(rows.issue_id) == {"A01"} and set(rows.party) == {"Russia"}
    inside = negotiation.ranges(folder(brief("u", "Ukraine", {"A01": ["A01.a", "A01.b"]}, {"A01": "A01.b"})), catalogue)
    assert inside[["option_id", "acceptable", "opening"]].values.tolist() == [
        ["A01.a", True, False],
        ["A01.b", True, True],
    ]
    assert any("opening position is not among" in p for p in catalogue.role_problems(sub.draft))
    # an opening alone is not a range: Russia states nothing on A02
    zone = zone_of(
        catalogue, [brief("r", "Russia", {"A02": []}, {"A02": "A02.c"}), brief("u", "Ukraine", {"A02": ["A02.a"]})]
    )
    assert cell(zone, "A02.c").stated_by == "Ukraine" and cell(zone, "A02.c").opened_by == "Russia"


def test_settlements_without_a_role_are_not_briefs(catalogue):
    plain = class_files.Submission(Path("p.json"), catalogue.draft_from_text("M2"), [])
    zone = zone_of(catalogue, [plain])
    assert not zone.in_zone.any() and set(zone.parties) == {0}
    deal = negotiation.package(zone)
    assert len(deal) == len(catalogue.issue_ids) and set(deal.status) == {negotiation.OPEN_NO_PARTY}
    assert negotiation.briefs(folder(plain)) == [] and negotiation.table_ids(folder(plain)) == []


# --- priorities as points -------------------------------------------------------------------------------


def test_priorities_are_a_hundred_points_per_player(catalogue):
    ids = ["A01", "A02", "A03", "A04"]
    blank = Draft(choices={"A01": Choice(acceptable=("A01.a",))})
    assert negotiation.student_points(blank, ids) == {i: Fraction(25) for i in ids}
    zeros = Draft(choices={i: Choice(weight=0) for i in ids})
    assert negotiation.student_points(zeros, ids) == {i: Fraction(25) for i in ids}
    some = Draft(choices={"A01": Choice(weight=3), "A02": Choice(weight=1), "A03": Choice(weight=0)})
    # A04 is blank: it counts as the brief's average priority, 4/3
    points = negotiation.student_points(some, ids)
    assert points == {"A01": Fraction(900, 16), "A02": Fraction(300, 16), "A03": Fraction(0), "A04": Fraction(400, 16)}
    assert sum(points.values()) == negotiation.BUDGET
    doubled = Draft(choices={"A01": Choice(weight=5), "A02": Choice(weight=5), "A03": Choice(weight=5)})
    assert negotiation.student_points(doubled, ids) == {i: Fraction(25) for i in ids}


def test_a_partys_points_average_its_players_and_a_deal_breaker_needs_most_of_them(catalogue):
    class_folder = folder(
        brief("u1", "Ukraine", {"A01": ["A01.a"]}, weights={"A01": 5, "A02": 0}),
        brief("u2", "Ukraine", {"A01": ["A01.a"]}, weights={"A01": 1, "A02": 1}),
        brief("r", "Russia", {"A01": ["A01.c"], "A02": ["A02.c"]}, weights={"A01": 5, "A02": 5}),
        brief("e", "Europe", {"A01": ["A01.a"]}),
    )
    found = negotiation.priorities(class_folder, catalogue)
    n = len(catalogue.issue_ids)
    u1 = negotiation.student_points(class_folder.submissions[0].draft, catalogue.issue_ids)
    u2 = negotiation.student_points(class_folder.submissions[1].draft, catalogue.issue_ids)
    assert found.of("Ukraine", "A01") == (u1["A01"] + u2["A01"]) / 2
    assert found.of("Russia", "A01") == Fraction(100, n) and found.of("Europe", "A03") == Fraction(100, n)
    assert found.of("United States", "A01") == 0
    # one of Ukraine's two players set 5: not the party's deal-breaker; Russia's only player set 5 on two issues
    assert found.deal_breakers == {("Russia", "A01"), ("Russia", "A02")}
    assert ("Europe", "A01") in found.not_set and ("Ukraine", "A01") not in found.not_set
    rows = negotiation.priority_rows(class_folder, catalogue).set_index(["party", "issue_id"])
    assert rows.loc[("Ukraine", "A01"), "priority"] == 3.0 and rows.loc[("Ukraine", "A02"), "priority"] == 0.5
    assert rows.loc[("Ukraine", "A01"), "points"] == round(float(found.of("Ukraine", "A01")), 1)
    assert bool(rows.loc[("Russia", "A01"), "deal_breaker"]) and not bool(rows.loc[("Ukraine", "A01"), "deal_breaker"])
    assert pytest.approx(rows.loc["Europe"]["priority"].isna().mean()) == 1.0
    assert list(rows.reset_index().columns) == negotiation.PRIORITY_COLUMNS
    assert list(rows.reset_index().party.unique()) == ["Ukraine", "Russia", "Europe"]
    assert list(rows.loc["Ukraine"].index) == catalogue.issue_ids
    thirds = negotiation.priority_rows(
        folder(brief("s", "United States", {"A01": ["A01.b"]}, weights={"A01": 1, "A02": 2})), catalogue
    ).set_index("issue_id")
    assert thirds.loc["A01", "points"] == 3.3 and thirds.loc["A02", "points"] == 6.7  # 100/30 and 200/30
    result = negotiation.analyse(class_folder, catalogue)
    given = result.concessions.set_index("party")
    assert given.loc["Europe", "priority_not_stated_on"] == 1 and given.loc["Ukraine", "priority_not_stated_on"] == 0
    # a 5 on an issue without a range is no deal-breaker
    alone = negotiation.priorities(folder(brief("r", "Russia", {}, weights={"A03": 5})), catalogue)
    assert alone.deal_breakers == frozenset()


# --- the package ----------------------------------------------------------------------------------------


def test_the_package_takes_the_zone_and_lists_every_option_in_it(catalogue):
    result = analysed(
        catalogue,
        [
            brief("u", "Ukraine", {"A01": ["A01.a", "A01.b", "A01.e"]}),
            brief("r", "Russia", {"A01": ["A01.b", "A01.e", "A01.c"]}),
        ],
    )
    rows = issue_rows(result.package, "A01")
    assert list(rows.option_id) == ["A01.b", "A01.e"] and set(rows.status) == {negotiation.IN_ZONE}
    assert not rows.tie.any() and set(rows.gives_ground) == {""} and set(rows.cost) == {0.0}
    assert set(rows.accepted_by) == {"Ukraine; Russia"} and list(result.package.columns) == negotiation.PACKAGE_COLUMNS
    first = rows.iloc[0]
    assert (first.issue, first.order, first.label, first.stated_by, first.not_stated) == (
        "Ceasefire",
        2,
        "Time-limited truce",
        "Ukraine; Russia",
        "",
    )


def test_the_party_that_cares_least_gives_ground_whatever_the_number_against_it(catalogue):
    """Finding 2: no majority step. Three parties against Russia on A02: Russia cares more (in its own points), so
    the three give ground; where Russia cares less, Russia does."""
    others = {"A02": ["A02.a"], "A03": ["A03.a"]}
    result = analysed(
        catalogue,
        [
            brief("u", "Ukraine", others, weights={"A02": 1, "A03": 5}),
            brief("s", "United States", others, weights={"A02": 1, "A03": 5}),
            brief("e", "Europe", others, weights={"A02": 1, "A03": 5}),
            brief("r", "Russia", {"A02": ["A02.c"], "A03": ["A03.c"]}, weights={"A02": 5, "A03": 1}),
        ],
    )
    deal = result.package.set_index("issue_id")
    assert deal.loc["A02", "option_id"] == "A02.c"
    assert deal.loc["A02", "gives_ground"] == "Ukraine; United States; Europe"
    assert deal.loc["A03", "option_id"] == "A03.a" and deal.loc["A03", "gives_ground"] == "Russia"
    n = len(catalogue.issue_ids)  # blank priorities count as each brief's average
    ukraine_a02 = Fraction(100 * 1, 1 + 5 + (n - 2) * 3)
    assert deal.loc["A02", "cost"] == round(float(ukraine_a02), 1)
    given = result.concessions.set_index("party")
    assert given.loc["Russia", "gives_ground_on"] == 1 and given.loc["Ukraine", "issues"] == "A02"
    assert given.loc["Russia", "points_given_up"] == round(float(Fraction(100, 1 + 5 + (n - 2) * 3)), 1)


def test_equal_weights_make_a_tie_the_package_reports(catalogue):
    """Finding 5: a tie is reported as a tie, never settled by the option letters."""
    result = analysed(catalogue, [brief("u", "Ukraine", {"A01": ["A01.a"]}), brief("r", "Russia", {"A01": ["A01.d"]})])
    rows = issue_rows(result.package, "A01")
    assert list(rows.option_id) == ["A01.a", "A01.d"] and rows.tie.all()
    assert list(rows.gives_ground) == ["Russia", "Ukraine"] and set(rows.status) == {negotiation.GIVES_GROUND}
    given = result.concessions.set_index("party")
    assert given.loc["Ukraine", "gives_ground_on"] == 0 and given.loc["Ukraine", "undecided"] == "A01"
    assert given.loc["Russia", "undecided"] == "A01" and given.loc["Russia", "points_given_up"] == 0


def test_an_option_that_costs_a_party_more_for_nothing_is_never_taken(catalogue):
    # A03.b leaves Russia and Europe out; A03.a leaves only Russia out: A03.b is never taken, even though Europe's
    # points on A03 (0) would make both cost the same.
    result = analysed(
        catalogue,
        [
            brief("u", "Ukraine", {"A03": ["A03.a", "A03.b"]}),
            brief("e", "Europe", {"A03": ["A03.a"]}, weights={"A03": 0, "A01": 5}),
            brief("r", "Russia", {"A03": ["A03.c"]}, weights={"A03": 5}),
        ],
    )
    rows = issue_rows(result.package, "A03")
    assert list(rows.option_id) == ["A03.a", "A03.c"] and rows.tie.all()
    assert list(rows.gives_ground) == ["Russia", "Ukraine; Europe"] and list(rows.cost) == [5.0, 5.0]


def test_colliding_deal_breakers_are_a_deadlock_the_package_does_not_settle(catalogue):
    """Findings 3 and 4: a deal-breaker is never broken silently, and never outweighed by another party's."""
    result = analysed(
        catalogue,
        [
            brief("u", "Ukraine", {"A02": ["A02.a"], "A05": ["A05.c"]}, weights={"A02": 5, "A05": 1}),
            brief("r", "Russia", {"A02": ["A02.c"], "A05": ["A05.a"]}, weights={"A02": 5, "A05": 3}),
        ],
    )
    a02 = issue_rows(result.package, "A02")
    assert list(a02.option_id) == ["A02.a", "A02.c"] and set(a02.status) == {negotiation.DEADLOCK}
    assert list(a02.deal_breakers_broken) == ["Russia", "Ukraine"] and a02.tie.all()
    a05 = issue_rows(result.package, "A05")  # Russia's 3 is worth more to it than Ukraine's 1: Ukraine gives ground
    assert list(a05.option_id) == ["A05.a"] and list(a05.gives_ground) == ["Ukraine"] and not a05.tie.any()
    assert list(a05.deal_breakers_broken) == [""]
    given = result.concessions.set_index("party")
    assert given.loc["Ukraine", "undecided"] == "A02" and given.loc["Russia", "undecided"] == "A02"
    # a deal-breaker the package does break is named, on the issue and in the party's concessions
    one = analysed(
        catalogue,
        [
            brief("u", "Ukraine", {"A02": ["A02.a"]}, weights={"A02": 5, "A05": 5, "A07": 5}),
            brief("r", "Russia", {"A02": ["A02.c"]}, weights={"A02": 4, "A07": 0}),
        ],
    )
    row = issue_rows(one.package, "A02").iloc[0]
    assert (row.option_id, row.gives_ground, row.deal_breakers_broken) == ("A02.c", "Ukraine", "Ukraine")
    assert one.concessions.set_index("party").loc["Ukraine", "deal_breakers_broken"] == "A02"


def test_a_brief_that_marks_everything_five_wins_nothing(catalogue):
    """Finding 4: raising every priority is the same as setting none."""
    ranges_u = {"A01": ["A01.a"], "A02": ["A02.a"], "A03": ["A03.a"]}
    ranges_r = {"A01": ["A01.c"], "A02": ["A02.c"], "A03": ["A03.c"]}
    gamed = analysed(
        catalogue,
        [
            brief("u", "Ukraine", ranges_u, weights={i: 5 for i in catalogue.issue_ids}),
            brief("r", "Russia", ranges_r, weights={"A01": 4, "A02": 1, "A03": 1}),
        ],
    )
    deal = gamed.package
    # Ukraine's flat 5s are 5 points an issue; Russia's 4 is 10 of its points, its 1s 2.5
    assert taken(deal, "A01") == ["A01.c"] and taken(deal, "A02") == ["A02.a"] and taken(deal, "A03") == ["A03.a"]
    assert list(deal.set_index("issue_id").loc[["A01", "A02", "A03"], "cost"]) == [5.0, 2.5, 2.5]
    flat = analysed(
        catalogue,
        [brief("u", "Ukraine", ranges_u), brief("r", "Russia", ranges_r, weights={"A01": 4, "A02": 1, "A03": 1})],
    )
    assert deal[["issue_id", "option_id", "gives_ground"]].equals(
        flat.package[["issue_id", "option_id", "gives_ground"]]
    )


def test_issues_the_package_leaves_open_say_why(catalogue):
    result = analysed(
        catalogue,
        [
            brief("u1", "Ukraine", {"A01": ["A01.a"], "A05": ["A05.c"]}),
            brief("u2", "Ukraine", {"A01": ["A01.b"], "A05": ["A05.c"]}),
            brief("r", "Russia", {"A01": ["A01.c"], "A16": ["A16.b"]}),
            brief("r2", "Russia", {"A01": ["A01.d"], "A16": ["A16.b"]}),
        ],
    )
    deal = result.package.set_index("issue_id")
    assert deal.loc["A01", "status"] == negotiation.OPEN_NO_OPTION  # neither party's two players share an option
    assert deal.loc["A16", "status"] == negotiation.OPEN_ONE_PARTY and deal.loc["A16", "stated_by"] == "Russia"
    assert deal.loc["A05", "status"] == negotiation.OPEN_ONE_PARTY
    assert deal.loc["A08", "status"] == negotiation.OPEN_NO_PARTY
    for issue_id in ("A01", "A16", "A08"):
        row = deal.loc[issue_id]
        assert (row.option_id, row.gives_ground, row.cost, row.tie, row.order, row.label) == ("", "", 0.0, False, 0, "")
        assert (row.accepted_by, row.deal_breakers_broken) == ("", "")
    assert deal.loc["A16", "not_stated"] == "Ukraine" and deal.loc["A08", "issue"] == "Nuclear status"
    assert result.concessions.set_index("party").loc["Russia", "gives_ground_on"] == 0


def test_a_package_without_priorities_shares_points_equally(catalogue):
    zone = zone_of(
        catalogue,
        [
            brief("u", "Ukraine", {"A01": ["A01.a"], "A02": ["A02.a"]}),
            brief("r", "Russia", {"A01": ["A01.c"]}),
        ],
    )
    deal = negotiation.package(zone)
    # Russia stated one issue (100 points on it), Ukraine two (50 each): Ukraine gives ground on A01
    row = issue_rows(deal, "A01").iloc[0]
    assert (row.option_id, row.gives_ground, row.cost) == ("A01.c", "Ukraine", 50.0)
    given = negotiation.concessions(deal, ["Ukraine", "Russia"]).set_index("party")
    assert given.loc["Ukraine", "points_given_up"] == 50.0 and given.loc["Ukraine", "priority_not_stated_on"] == 2
    assert given.loc["Russia", "range_not_stated_on"] == len(catalogue.issue_ids) - 1
    assert list(given.reset_index().columns) == negotiation.CONCESSION_COLUMNS


# --- the workshop's checks over the package --------------------------------------------------------------


def test_the_package_runs_the_workshops_own_red_lines_and_flags(catalogue):
    """Finding 3: the same checks as the workshop's, from the settlement model, over the package."""
    result = analysed(
        catalogue,
        [
            brief("u", "Ukraine", {"A06": ["A06.d"], "A02": ["A02.a"]}, weights={"A06": 5, "A02": 1}),
            brief("r", "Russia", {"A06": ["A06.a"], "A02": ["A02.a"]}, weights={"A06": 1, "A02": 1}),
        ],
    )
    assert taken(result.package, "A06") == ["A06.d"] and taken(result.package, "A02") == ["A02.a"]
    draft = Draft(choices={"A06": Choice("A06.d"), "A02": Choice("A02.a")})
    red = result.checks[result.checks.check == "red line"]
    expected = {(p, s.option_id, s.position_id) for p, stances in catalogue.red_lines(draft).items() for s in stances}
    assert {(r.party, r.option_id, r.id) for r in red.itertuples()} == expected and expected
    assert set(red["when"]) == {"whatever the table chooses"}
    flags = result.checks[result.checks.check != "red line"]
    tripped, _ = catalogue.check_rules(draft)
    assert list(flags["id"]) == [t.rule_id for t in tripped] and "C1" in set(flags["id"])
    assert set(flags["when"]) == {"whatever the table chooses"}
    assert list(result.checks.columns) == negotiation.CHECK_COLUMNS
    first = red.sort_values("option_id").iloc[0]
    assert first.title == f"{first.party} rejected {first.option_id} {catalogue.option_label[first.option_id]}"
    assert first.issue_id == catalogue.option_issue[first.option_id]
    by_id = flags.set_index("id")
    assert (
        by_id.loc["C1", "check"] == "consistency"
        and by_id.loc["C1", "title"] == "Foreign forces against a recorded rejection"
    )
    assert set(flags["check"]) <= {"consistency", "minsk failure"} and "minsk failure" in set(flags["check"])
    assert set(flags["party"]) == set(flags["issue_id"]) == set(flags["option_id"]) == {""}


def test_checks_over_a_tie_say_when_they_hold(catalogue):
    result = analysed(catalogue, [brief("u", "Ukraine", {"A06": ["A06.d"]}), brief("r", "Russia", {"A06": ["A06.a"]})])
    assert taken(result.package, "A06") == ["A06.d", "A06.a"]
    checks = result.checks.set_index("id")
    russia_rejects = [s.position_id for s in catalogue.red_line_records() if s.option_id == "A06.d"]
    assert russia_rejects and checks.loc[russia_rejects[0], "when"] == "if the table takes A06.d"
    assert checks.loc["C1", "when"] == "in some readings of the ties"
    both = negotiation.package_checks(result.package, catalogue)
    assert both.equals(result.checks)


# --- sensitivity -----------------------------------------------------------------------------------------


def test_sensitivity_names_the_single_mark_that_decides_an_issue(catalogue):
    class_folder = folder(brief("u", "Ukraine", {"A01": ["A01.a", "A01.b"]}), brief("r", "Russia", {"A01": ["A01.b"]}))
    players = negotiation.players_per_party(class_folder)
    rows = negotiation.sensitivity(negotiation.ranges(class_folder, catalogue), catalogue, players)
    a01 = rows[rows.issue_id == "A01"]
    # Either student unmarking A01.b closes the zone: Russia unmarking it would leave Ukraine alone, and one
    # party alone makes no zone.
    assert sorted(zip(a01.student, a01.option_id, a01.change)) == [
        ("r", "A01.b", "unmarking it"),
        ("u", "A01.b", "unmarking it"),
    ]
    assert set(a01.effect) == {"closes the issue's zone"} and list(rows.columns) == negotiation.SENSITIVITY_COLUMNS
    # On A02 nobody stated a range: no single mark can open a zone there (it would be one party's)
    assert rows[rows.issue_id == "A02"].empty
    # Ukraine alone on A03: Russia's student marking the option Ukraine marked opens a zone there
    both = folder(brief("u", "Ukraine", {"A03": ["A03.a"]}), brief("r", "Russia", {"A01": ["A01.a"]}))
    rows = negotiation.sensitivity(negotiation.ranges(both, catalogue), catalogue, negotiation.players_per_party(both))
    a03 = rows[rows.issue_id == "A03"]
    assert a03[["student", "option_id", "change", "effect"]].values.tolist() == [
        ["r", "A03.a", "marking it acceptable", "opens a zone on the issue"]
    ]
    assert rows[(rows.issue_id == "A03") & (rows.student == "u")].empty


def test_the_sensitivity_folds_to_one_row_per_issue_and_effect(catalogue):
    class_folder = folder(brief("u", "Ukraine", {"A01": ["A01.a", "A01.b"]}), brief("r", "Russia", {"A01": ["A01.b"]}))
    rows = negotiation.analyse(class_folder, catalogue).sensitivity
    folded = negotiation.sensitivity_by_issue(rows).set_index("issue_id")
    assert folded.loc["A01", "marks that would"] == 2
    assert folded.loc["A01", "for example"] == "u (Ukraine) unmarking it: A01.b; r (Russia) unmarking it: A01.b"
    assert folded["marks that would"].sum() == len(rows)
    short = negotiation.sensitivity_by_issue(rows, examples=1).set_index("issue_id")
    assert short.loc["A01", "for example"] == "u (Ukraine) unmarking it: A01.b; …"
    exact = negotiation.sensitivity_by_issue(rows, examples=2).set_index("issue_id")
    assert not exact.loc["A01", "for example"].endswith("…")
    assert list(folded.loc["A01", ["issue", "a single mark"]]) == ["Ceasefire", "closes the issue's zone"]


# --- tables, mediators and texts -------------------------------------------------------------------------


def test_each_table_is_analysed_on_its_own_and_the_mediator_is_no_party(catalogue):
    first = class_files.Submission(
        Path("m1.json"), Draft(student="m", role=MEDIATOR, table="1", modified="2026-01-02T00:00:00+00:00"), []
    )
    final = class_files.Submission(
        Path("m2.json"), Draft(student="m", role=MEDIATOR, table=" 1 ", modified="2026-01-03T00:00:00+00:00"), []
    )
    class_folder = folder(
        brief("u1", "Ukraine", {"A01": ["A01.a"]}, table="1"),
        brief("r1", "Russia", {"A01": ["A01.a"]}, table="1"),
        brief("u2", "Ukraine", {"A01": ["A01.a"]}, table="2"),
        brief("r2", "Russia", {"A01": ["A01.c"]}, table="2"),
        brief("x", "Europe", {"A01": ["A01.c"]}),
        final,
        first,
    )
    assert negotiation.table_ids(class_folder) == [negotiation.NO_TABLE, "1", "2"]
    one = negotiation.at_table(class_folder, "1")
    assert [s.path.name for s in negotiation.mediators(one)] == ["m1.json", "m2.json"]
    result = negotiation.analyse(class_folder, catalogue, table="1")
    assert result.final_text is final and result.table == "1"
    assert result.players == {"Ukraine": 1, "Russia": 1, "United States": 0, "Europe": 0}
    assert cell(result.zone, "A01.a").in_zone
    assert not cell(negotiation.analyse(class_folder, catalogue, table="2").zone, "A01.a").in_zone
    assert negotiation.analyse(class_folder, catalogue, table="2").final_text is None
    assert [s.path.name for s in negotiation.at_table(class_folder, negotiation.NO_TABLE).submissions] == ["x.json"]
    whole = negotiation.analyse(class_folder, catalogue)
    assert whole.table is None and whole.players["Ukraine"] == 2 and len(whole.briefs) == 5
    # the class view: Ukraine's two players both accept A01.a, Russia's two split: Russia accepts nothing
    assert cell(whole.zone, "A01.a").accepted_by == "Ukraine" and not whole.zone.in_zone.any()


def test_a_text_is_set_against_the_zone_issue_by_issue(catalogue):
    """Finding 8: the mediator's single text against the zone."""
    zone = zone_of(
        catalogue,
        [
            brief("u", "Ukraine", {"A01": ["A01.a", "A01.b"], "A02": ["A02.a"], "A03": ["A03.a"], "A16": ["A16.d"]}),
            brief("r", "Russia", {"A01": ["A01.b"], "A02": ["A02.c"], "A03": ["A03.c"]}),
        ],
    )
    text = Draft(
        role=MEDIATOR,
        choices={
            "A01": Choice("A01.b"),
            "A02": Choice("A02.a"),
            "A03": Choice("A03.b"),
            "A04": Choice(custom_text="Crimea is set aside"),
            "A16": Choice("A16.d"),
        },
    )
    rows = negotiation.text_against_zone(zone, text).set_index("issue_id")
    assert list(rows.reset_index().columns) == negotiation.TEXT_COLUMNS
    assert (rows.loc["A01", "outcome"], rows.loc["A01", "zone_options"], rows.loc["A01", "outside_range_of"]) == (
        negotiation.AGREED,
        "Time-limited truce",
        "",
    )
    assert (rows.loc["A02", "outcome"], rows.loc["A02", "outside_range_of"]) == (negotiation.PARTLY, "Russia")
    assert (rows.loc["A02", "text_option"], rows.loc["A02", "text_label"]) == ("A02.a", "Freeze the current line")
    assert (rows.loc["A04", "text_option"], rows.loc["A04", "text_label"], rows.loc["A04", "issue"]) == (
        "",
        "",
        "Crimea and Sevastopol",
    )
    # a text's own words, or its silence, lie outside no party's range on the record
    assert rows.loc["A04", "outside_range_of"] == "" and rows.loc["A05", "outside_range_of"] == ""
    assert (rows.loc["A03", "outcome"], rows.loc["A03", "outside_range_of"]) == (
        negotiation.NOT_AGREED,
        "Ukraine; Russia",
    )
    assert (
        rows.loc["A03", "text_label"] == "De facto acknowledgement" and rows.loc["A03", "zone"] == negotiation.NO_ZONE
    )
    assert rows.loc["A04", "outcome"] == negotiation.CUSTOM and rows.loc["A05", "outcome"] == negotiation.SILENT
    # inside the range of the one party that stated one: partly, never agreed
    assert rows.loc["A16", "outcome"] == negotiation.PARTLY and rows.loc["A16", "zone"] == negotiation.ONE_PARTY


def test_the_outcome_across_tables_judges_each_final_text_on_its_own_briefs(catalogue):
    text = Draft(role=MEDIATOR, table="1", title="Final text", choices={"A01": Choice("A01.a")})
    class_folder = folder(
        brief("u1", "Ukraine", {"A01": ["A01.a"]}, table="1"),
        brief("r1", "Russia", {"A01": ["A01.a"]}, table="1"),
        class_files.Submission(Path("t.json"), text, []),
        brief("u2", "Ukraine", {"A01": ["A01.a"]}, table="2"),
    )
    results = {t: negotiation.analyse(class_folder, catalogue, table=t) for t in negotiation.table_ids(class_folder)}
    rows = negotiation.outcomes(results)
    assert set(rows.table) == {"1"} and set(rows.text) == {"Final text"}
    assert rows.set_index("issue_id").loc["A01", "outcome"] == negotiation.AGREED
    assert len(rows) == len(catalogue.issue_ids) and list(rows.columns) == [
        "table",
        "text",
        "issue_id",
        "issue",
        "outcome",
    ]
    assert negotiation.outcomes({"2": results["2"]}).empty
    text.title = ""
    assert set(negotiation.outcomes(results).text) == {"(no name: t.json)"}


# --- the example folder, and files as they come --------------------------------------------------------


def swapped(class_folder, a="Ukraine", b="Russia"):
    """The class folder with two parties' names swapped in every brief."""
    names = {a: b, b: a}
    subs = []
    for sub in class_folder.submissions:
        draft = Draft(**{**sub.draft.__dict__, "role": names.get(sub.draft.role, sub.draft.role)})
        subs.append(class_files.Submission(sub.path, draft, sub.warnings))
    return class_files.ClassFolder(submissions=subs, parties=class_folder.parties)


def as_sets(text):
    return frozenset(text.split("; ")) - {""}


def test_swapping_two_parties_names_in_the_example_folder_swaps_zones_packages_and_concessions(catalogue):
    """Issue 35: a judgement the book shows holds when the parties' names are swapped."""
    class_folder = class_files.load_class(EXAMPLES, catalogue)
    rename = {"Ukraine": "Russia", "Russia": "Ukraine"}

    def swap(text):
        return frozenset(rename.get(p, p) for p in as_sets(text))

    for table in negotiation.table_ids(class_folder):
        before = negotiation.analyse(class_folder, catalogue, table=table)
        after = negotiation.analyse(swapped(class_folder), catalogue, table=table)
        assert before.zone.in_zone.tolist() == after.zone.in_zone.tolist()
        assert [swap(t) for t in before.zone.accepted_by] == [as_sets(t) for t in after.zone.accepted_by]
        assert before.package.option_id.tolist() == after.package.option_id.tolist()
        assert [swap(t) for t in before.package.gives_ground] == [as_sets(t) for t in after.package.gives_ground]
        assert [swap(t) for t in before.package.deal_breakers_broken] == [
            as_sets(t) for t in after.package.deal_breakers_broken
        ]
        given_before = before.concessions.set_index("party")
        given_after = after.concessions.set_index("party")
        for party in given_before.index:
            assert given_before.loc[party].to_dict() == given_after.loc[rename.get(party, party)].to_dict()
        assert before.checks.equals(after.checks)  # the record's red lines are the record's, whoever plays whom


def test_the_example_tables_show_no_one_party_zone_and_every_package_lists_its_checks(catalogue):
    """Issue 28's 'done when': at both example tables, no zone rests on fewer than two stating parties, and every
    package lists its broken deal-breakers, flags and red lines."""
    class_folder = class_files.load_class(EXAMPLES, catalogue)
    assert class_folder.problems == []
    assert negotiation.table_ids(class_folder) == ["A", "B"]
    for table in ("A", "B"):
        result = negotiation.analyse(class_folder, catalogue, table=table)
        assert (result.zone.loc[result.zone.in_zone, "stating"] >= 2).all() and result.zone.in_zone.any()
        assert (result.zone.issue_status == negotiation.ONE_PARTY).any()
        assert len(result.checks) and set(result.checks.check) >= {"red line"}
        assert (result.package.deal_breakers_broken != "").any()
        assert result.final_text is not None
        for row in result.package.itertuples():
            for party in as_sets(row.gives_ground):
                if (party, row.issue_id) in negotiation.priorities(
                    negotiation.at_table(class_folder, table), catalogue
                ).deal_breakers:
                    assert party in as_sets(row.deal_breakers_broken)


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
    class_folder = class_files.load_class(tmp_path, catalogue)
    # The cut file is refused; the edited one is read, marked, and listed with its warnings.
    assert sorted({name for name, _ in class_folder.problems}) == ["cut.json", "edited.json"]
    assert "cut.json" not in [s.path.name for s in class_folder.submissions]
    assert any(submission.EDITED_MARK in problem for name, problem in class_folder.problems if name == "edited.json")
    assert [s.path.name for s in class_folder.submissions if s.draft.edited_after_export] == ["edited.json"]
    players = negotiation.players_per_party(class_folder)
    assert players == {"Ukraine": 2, "Russia": 1, "United States": 1, "Europe": 1}
    assert len(negotiation.mediators(class_folder)) == 1
    zone = negotiation.zone(negotiation.ranges(class_folder, catalogue), catalogue, players)
    assert zone.in_zone.any() and not zone.in_zone.all()
    spec = charts.zone_chart(zone, catalogue.issues).to_dict()
    rows = [r for rows in spec["datasets"].values() for r in rows]
    assert sum(bool(r.get("outlined")) for r in rows) == int(zone.in_zone.sum())
    assert spec["description"] and spec["title"]["text"]


@pytest.mark.kernel
def test_the_dashboard_shows_the_role_play(monkeypatch):
    monkeypatch.chdir(ROOT / "chapters")
    with testbook(str(ROOT / "chapters" / "dashboard.ipynb"), execute=True, timeout=180) as tb:
        assert (
            tb.value("len(negotiation.briefs(roleplay))") == 7 and tb.value("len(negotiation.mediators(roleplay))") == 2
        )
        assert tb.value("sorted(results)") == ["A", "B"]
        assert tb.value("int(class_view.zone.in_zone.sum())") >= 1
        assert tb.value("len(roleplay_sheet)") == 9


# --- the role pages and the example briefs -------------------------------------------------------------


def test_the_example_briefs_are_grounded_in_the_record(catalogue):
    """No example marks acceptable an option its party rejected on the record, every acceptable option cites the
    recorded position it rests on (never one from before the invasion), its priorities follow the one stated
    rule, and where the record is silent the brief says so."""
    positions = data.load_table("positions")
    latest = {(s.party, s.option_id): s for s in catalogue.latest_stances()}
    for path in sorted(EXAMPLES.glob("*.json")):
        draft = submission.parse_submission(path.read_bytes(), catalogue).draft
        if draft.role == MEDIATOR:
            assert draft.chosen_options() and draft.table in ("A", "B")
            continue
        expected = party_record.grounded_brief(catalogue, draft.role, positions)
        weights = party_record.example_priorities(positions, draft.role, catalogue.issue_ids)
        assert draft.fallback == party_record.EXAMPLE_FALLBACK
        for issue_id in catalogue.issue_ids:
            choice = draft.choice(issue_id)
            assert choice.acceptable == expected.choice(issue_id).acceptable, (
                f"{path.name} {issue_id} no longer follows the record: run scripts/make-example-submissions.py"
            )
            assert choice.weight == (weights[issue_id] if choice.acceptable else None)
            for option_id in choice.acceptable:
                record = latest[(draft.role, option_id)]
                assert record.position_id in choice.justification and record.stance != "rejected"
                assert record.date >= "2022-02-24", (path.name, option_id)
            if not choice.acceptable:
                assert "no option" in choice.justification and "not stated" in choice.justification


def test_a_grounded_brief_never_takes_a_rejected_pre_invasion_or_superseded_option(catalogue):
    positions = data.load_table("positions")
    replaced = party_record.superseded(positions)
    for party in catalogue.parties:
        draft = party_record.grounded_brief(catalogue, party, positions)
        mine = [s for s in catalogue.latest_stances() if s.party == party]
        rejected = {s.option_id for s in mine if s.stance == "rejected"}
        old = {s.option_id for s in mine if s.date < "2022-02-24"}
        gone = {s.option_id for s in mine if s.position_id in replaced}
        marked = {o for c in draft.choices.values() for o in c.acceptable}
        assert marked and not marked & (rejected | old | gone), party
    # Finding 9: Russia's 2019 'ceasefire first' is not in its brief, and the brief says why
    russia = party_record.grounded_brief(catalogue, "Russia", positions).choice("A01")
    assert "A01.a" not in russia.acceptable and "RU-2019-12-09-A01" in russia.justification
    assert "before the full-scale invasion" in russia.justification and russia.option_id == "A01.c"
    # a later statement with no option code is named in the brief
    assert (
        "RU-2025-03-25-A12" in party_record.grounded_brief(catalogue, "Russia", positions).choice("A12").justification
    )
    # without the positions table the brief still follows the latest stances (no superseded rows dropped)
    plain = party_record.grounded_brief(catalogue, "United States")
    assert plain.choice("A01").acceptable == ("A01.b", "A01.d")


def test_a_stance_stands_on_the_strongest_evidence_the_party_gave_for_it():
    """Issue #29 item 7: a later report from anonymous sources that repeats what an official said on the record does
    not demote the stance to anonymous sources, in the brief's opening or on the role page."""
    tables = data.load_tables()
    positions = tables["positions"]
    template = positions[positions.position_id == "RU-2026-01-23-A02-2"].iloc[0]

    def row(position_id, option_id, evidence, date):
        return template.to_dict() | {
            "position_id": position_id,
            "option_id": option_id,
            "evidence": evidence,
            "date": pd.Timestamp(date),
            "supersedes": pd.NA,
        }

    made_up = [
        row("RU-2025-01-01-A02", "A02.d", "on_record_statement", "2025-01-01"),
        row("RU-2025-03-01-A02", "A02.a", "on_record_statement", "2025-03-01"),
        row("RU-2025-06-01-A02", "A02.d", "anonymous_sources", "2025-06-01"),
    ]
    others = positions[~((positions.party == "Russia") & (positions.issue_id == "A02"))]
    tables["positions"] = pd.concat([others, pd.DataFrame(made_up)], ignore_index=True)
    made = Catalogue(tables)
    choice = party_record.grounded_brief(made, "Russia", tables["positions"]).choice("A02")
    # A02.d was said on the record (1 Jan) and repeated later (1 Jun): on the record, and later than A02.a
    assert choice.option_id == "A02.d" and set(choice.acceptable) == {"A02.a", "A02.d"}
    assert "earlier on stronger evidence, on-record statement" in choice.justification
    assert "RU-2025-01-01-A02" in choice.justification
    rows = party_record.record_rows(made, tables["positions"], "Russia")
    assert {"RU-2025-01-01-A02", "RU-2025-03-01-A02", "RU-2025-06-01-A02"} <= set(rows.position_id)


def test_russias_latest_words_on_donbas_are_in_its_brief_and_role_page(catalogue):
    """Issue #29 item 7: Peskov's on-record demand of 23 January 2026 (Ukraine's forces must leave Donbas) is coded,
    and the brief names it beside the later anonymous account of the 'Anchorage formula'."""
    positions = data.load_table("positions")
    choice = party_record.grounded_brief(catalogue, "Russia", positions).choice("A02")
    assert "A02.b" in choice.acceptable and "RU-2026-01-23-A02-2" in choice.justification
    rows = party_record.record_rows(catalogue, positions, "Russia")
    assert "RU-2026-01-23-A02-2" in set(rows[rows.option_id == "A02.b"].position_id)


def test_a_role_page_lists_the_record_with_pre_invasion_and_uncoded_rows_marked(catalogue):
    """Finding 9: stances before 24 Feb 2022 are marked; positions without an option code are listed under their
    issue; the newest statement on each issue comes first."""
    positions = data.load_table("positions")
    for party in catalogue.parties:
        rows = party_record.record_rows(catalogue, positions, party)
        latest = {s.position_id for s in catalogue.latest_stances() if s.party == party}
        uncoded = set(positions[(positions.party == party) & positions.option_id.isna()].position_id)
        rank = {e: n for n, e in enumerate(catalogue.vocab.evidence.codes)}
        replaced = set(party_record.superseded(positions))
        standing = {
            party_record.strongest_record(catalogue, party, s.option_id, rank, replaced).position_id
            for s in catalogue.latest_stances()
            if s.party == party
        }
        assert set(rows.position_id) == latest | uncoded | standing and set(rows.party) == {party}
        assert rows.source_url.str.startswith("http").all()
        before = rows.date < party_record.FULL_SCALE_INVASION
        assert rows.loc[before, "note"].str.contains(party_record.BEFORE_INVASION).all()
        assert not rows.loc[~before, "note"].str.contains(party_record.BEFORE_INVASION).any()
        for issue_id, group in rows.groupby("issue_id", sort=False):
            assert list(group.date) == sorted(group.date, reverse=True)
        assert list(dict.fromkeys(rows.issue_id)) == [i for i in catalogue.issue_ids if i in set(rows.issue_id)]
        summary = party_record.record_summary(catalogue, party, rows)
        assert summary.startswith(f"{party}: {rows.option_id.notna().sum()} latest stances on options and")
        assert f"{int(before.sum())} said before the full-scale invasion" in summary
    russia = party_record.record_rows(catalogue, positions, "Russia").set_index("position_id")
    assert party_record.BEFORE_INVASION in russia.loc["RU-2019-12-09-A01", "note"]
    assert {"RU-2026-01-23-A02", "RU-2026-01-23-A02-2"} <= set(russia.index)  # the Kremlin's words on Donbas
    assert party_record.LATEST_UNCODED in russia.loc["RU-2025-03-25-A12", "note"]
    us = party_record.record_rows(catalogue, positions, "United States").set_index("position_id")
    assert us.loc["US-2025-03-11-A01", "note"] == "superseded by US-2025-08-16-A01"
    europe = party_record.record_rows(catalogue, positions, "Europe")
    assert "EU-2025-03-07-A09" in set(europe.position_id)  # Italy's Article 5 proposal, which has no option code
    ukraine = party_record.record_rows(catalogue, positions, "Ukraine")
    assert {"UA-2025-06-02-A15", "UA-2025-06-02-A15-2"} <= set(ukraine.position_id)  # A15 on the record
    assert "A15" not in party_record.record_summary(catalogue, "Ukraine", ukraine).split("Silent on:")[1]


def test_the_invasion_date_is_the_events_tables(catalogue):
    events = data.load_table("events").set_index("event_id")
    assert events.loc["2022-russia-launches-full-scale-invasion-of", "date"] == party_record.FULL_SCALE_INVASION


def test_example_priorities_count_the_partys_statements_since_the_invasion():
    positions = data.load_table("positions")
    ids = ["A02", "A08", "A15"]
    counted = party_record.example_priorities(positions, "Ukraine", ids)
    since = positions[(positions.party == "Ukraine") & (positions.date >= party_record.FULL_SCALE_INVASION)]
    assert counted["A08"] == 0 and counted["A02"] == min(5, int((since.issue_id == "A02").sum()))
    assert counted["A15"] == int((since.issue_id == "A15").sum()) == 3


def test_the_threshold_decides_whether_a_party_stated_a_range_too(catalogue):
    """Two of three players marking a range is more than half, but not everyone: under a threshold of 1, the party
    stated nothing on the issue (and so cannot make or block its zone), not a range that accepts nothing."""
    briefs = [
        brief("u0", "Ukraine", {"A02": ["A02.c"]}),
        brief("u1", "Ukraine", {"A02": ["A02.c"]}),
        brief("u2", "Ukraine", {}),
        brief("r1", "Russia", {"A02": ["A02.c"]}),
    ]
    assert cell(zone_of(catalogue, briefs), "A02.c").stated_by == "Ukraine; Russia"
    everyone = cell(zone_of(catalogue, briefs, threshold=1.0), "A02.c")
    assert (everyone.stated_by, everyone.not_stated, everyone.in_zone) == ("Russia", "Ukraine", False)


def test_a_deal_breaker_counts_every_player_and_the_analysis_keeps_the_threshold(catalogue):
    """A deal-breaker is the party's when enough of its players set priority 5: every player is counted, not the
    last one read; and analyse() applies the instructor's threshold to the zone, the priorities and the
    sensitivity alike (each compared here with the same step run on its own)."""
    briefs = [
        brief("u0", "Ukraine", {"A02": ["A02.a"], "A03": ["A03.a"]}, weights={"A02": 5, "A03": 5}),
        brief("u1", "Ukraine", {"A02": ["A02.a", "A02.c"], "A03": ["A03.a"]}, weights={"A02": 5, "A03": 5}),
        brief("u2", "Ukraine", {"A02": ["A02.a", "A02.c"], "A03": ["A03.a"]}, weights={"A02": 3, "A03": 3}),
        brief("r", "Russia", {"A02": ["A02.a", "A02.c"], "A03": ["A03.c"]}, weights={"A02": 2, "A03": 2}),
    ]
    class_folder = folder(*briefs)
    assert ("Ukraine", "A02") in negotiation.priorities(class_folder, catalogue).deal_breakers  # two of three
    assert ("Ukraine", "A02") not in negotiation.priorities(class_folder, catalogue, 1.0).deal_breakers
    players = negotiation.players_per_party(class_folder)
    range_rows = negotiation.ranges(class_folder, catalogue)
    steps = {
        "zone": lambda t: negotiation.zone(range_rows, catalogue, players, t),
        "priorities": lambda t: negotiation.priority_rows(class_folder, catalogue, t),
        "sensitivity": lambda t: negotiation.sensitivity(range_rows, catalogue, players, t),
        "package": lambda t: negotiation.package(
            negotiation.zone(range_rows, catalogue, players, t), negotiation.priorities(class_folder, catalogue, t)
        ),
    }
    result = negotiation.analyse(class_folder, catalogue, 1.0)
    for name, step in steps.items():
        assert not step(1.0).equals(step(0.5)), f"the example must make the threshold matter to {name}"
        assert getattr(result, name).reset_index(drop=True).equals(step(1.0).reset_index(drop=True)), name


def test_a_single_mark_moves_one_players_count_and_a_party_states_only_through_its_players(catalogue):
    """Sensitivity tries one student's one mark: it moves that party's count by one player, and the student who
    already marked options on the issue does not make the party state a range by marking another."""
    # Ukraine and the United States make a zone on A01.a; two of Russia's four players marked A01.b, which is not
    # more than half, so Russia stated no range on A01 and cannot close the zone.
    briefs = [
        brief("u", "Ukraine", {"A01": ["A01.a"]}),
        brief("us", "United States", {"A01": ["A01.a"]}),
        brief("r0", "Russia", {"A01": ["A01.b"]}),
        brief("r1", "Russia", {"A01": ["A01.b"]}),
        brief("r2", "Russia", {"A02": ["A02.a"]}),  # ranges on another issue only
        brief("r3", "Russia", {"A02": ["A02.a"]}),
    ]
    class_folder = folder(*briefs)
    rows = negotiation.sensitivity(
        negotiation.ranges(class_folder, catalogue), catalogue, negotiation.players_per_party(class_folder)
    )
    a01 = rows[rows.issue_id == "A01"]
    a01_options = catalogue.options[catalogue.options.issue_id == "A01"]
    options = list(a01_options.option_id)
    # Ukraine or the United States unmarking A01.a leaves one party: no zone. A third Russian player marking any
    # option makes Russia state a range without A01.a: the zone closes. r0 and r1 marking a second option change
    # nothing: Russia's players who stated a range on A01 are still two of four.
    assert sorted(zip(a01.student, a01.option_id, a01.change)) == sorted(
        [("u", "A01.a", "unmarking it"), ("us", "A01.a", "unmarking it")]
        + [(s, o, "marking it acceptable") for s in ("r2", "r3") for o in options]
    )
    assert set(a01.effect) == {"closes the issue's zone"}
    assert set(a01.label) == set(a01_options.label)  # each row names the option marked
    # Every Russian player stated a range and one of four accepts A01.a: a second one marking it (two of four) is
    # still not more than half, so no single mark opens the zone Ukraine and the United States would make.
    stated = folder(
        *briefs[:2],
        *(brief(f"r{n}", "Russia", {"A01": [o]}) for n, o in enumerate(["A01.a", "A01.b", "A01.b", "A01.c"])),
    )
    rows = negotiation.sensitivity(
        negotiation.ranges(stated, catalogue), catalogue, negotiation.players_per_party(stated)
    )
    assert rows[rows.issue_id == "A01"].empty
