"""The role-play's rules, as the role-play kit states them, checked as properties on made-up tables (hypothesis):
a party that states nothing changes no zone; raising a brief's priorities changes nothing; renaming option letters
changes nothing; swapping two parties' names swaps their concessions; a party that copies another cannot outvote
a third; ties are reported as ties; a zone needs two parties; a package never breaks a deal-breaker silently."""

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peacebook.classroom import class_files, negotiation
from peacebook import data
from peacebook.model.settlement import Catalogue, Choice, Draft

TABLES = data.load_tables()
CATALOGUE = Catalogue(TABLES)
ISSUES = ["A01", "A02", "A05", "A06"]  # four issues with five or six options each keep the search quick
OPTIONS = {i: [o for o, issue in CATALOGUE.option_issue.items() if issue == i] for i in ISSUES}
PARTIES = CATALOGUE.parties
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def players(draw, party, count, weights=st.one_of(st.none(), st.integers(0, 5))):
    """`count` briefs for `party`: on each issue some options marked (maybe none) and a priority (maybe blank)."""
    briefs = []
    for n in range(count):
        ranges = {i: tuple(draw(st.lists(st.sampled_from(OPTIONS[i]), unique=True, max_size=3))) for i in ISSUES}
        priorities = {i: draw(weights) for i in ISSUES}
        briefs.append((f"{party} {n}", party, ranges, priorities))
    return briefs


@st.composite
def tables(draw, parties=st.lists(st.sampled_from(PARTIES), min_size=2, max_size=3, unique=True), **kwargs):
    """A table: two or three parties, each played by one or two students."""
    chosen = draw(parties)
    return [b for party in chosen for b in draw(players(party, draw(st.integers(1, 2)), **kwargs))]


def as_folder(table, role=lambda party: party):
    subs = []
    for student, party, ranges, priorities in table:
        draft = Draft(student=student, role=role(party))
        for issue_id in ISSUES:
            draft.choices[issue_id] = Choice(acceptable=ranges[issue_id], weight=priorities[issue_id])
        subs.append(class_files.Submission(Path(f"{student}.json"), draft, []))
    return class_files.ClassFolder(submissions=subs, parties=PARTIES)


def analysed(table, catalogue=CATALOGUE, role=lambda party: party):
    class_folder = as_folder(table, role)
    players_ = negotiation.players_per_party(class_folder)
    zone = negotiation.zone(negotiation.ranges(class_folder, catalogue), catalogue, players_)
    weights = negotiation.priorities(class_folder, catalogue)
    deal = negotiation.package(zone, weights)
    return zone, weights, deal, negotiation.concessions(deal, negotiation.represented(players_), weights)


def sets(text):
    return frozenset(text.split("; ")) - {""}


def decided(deal):
    """The package as sets, issue by issue: which options it takes, and who gives ground and breaks a deal-breaker."""
    return {
        issue_id: {
            (o.option_id, o.status, o.tie, sets(o.gives_ground), o.cost, sets(o.deal_breakers_broken))
            for o in group.itertuples()
        }
        for issue_id, group in deal.groupby("issue_id")
    }


@SETTINGS
@given(tables(), st.data())
def test_a_party_that_states_nothing_never_changes_a_zone(table, extra):
    absent = [p for p in PARTIES if p not in {party for _, party, _, _ in table}]
    silent = extra.draw(players(extra.draw(st.sampled_from(absent)), extra.draw(st.integers(1, 2))))
    silent = [(s, p, {i: () for i in ISSUES}, w) for s, p, _, w in silent]
    before, _, deal_before, _ = analysed(table)
    after, _, deal_after, _ = analysed(table + silent)
    columns = ["option_id", "stated_by", "accepted_by", "in_zone", "issue_status"]
    assert before[columns].equals(after[columns])
    assert decided(deal_before) == decided(deal_after)


@SETTINGS
@given(tables(weights=st.one_of(st.none(), st.integers(0, 2))), st.data())
def test_raising_every_priority_of_one_brief_changes_nothing(table, extra):
    which = extra.draw(st.integers(0, len(table) - 1))
    student, party, ranges, priorities = table[which]
    raised = {i: None if w is None else w * 2 for i, w in priorities.items()}
    changed = [*table[:which], (student, party, ranges, raised), *table[which + 1 :]]
    _, weights, deal, given_ = analysed(table)
    _, weights_after, deal_after, given_after = analysed(changed)
    assert weights.points == weights_after.points
    assert decided(deal) == decided(deal_after) and given_.equals(given_after)


@settings(SETTINGS, max_examples=25)
@given(tables(weights=st.just(5)))
def test_marking_every_issue_five_is_marking_none(table):
    """Every priority 5 and every priority blank give the same points; only the deal-breakers differ."""
    blank = [(s, p, r, {i: None for i in ISSUES}) for s, p, r, _ in table]
    _, weights, deal, _ = analysed(table)
    _, weights_blank, deal_blank, _ = analysed(blank)
    assert weights.points == weights_blank.points
    for issue_id, rows in decided(deal_blank).items():
        if all(not giving for _, _, _, giving, _, _ in rows):  # in the zone, or open: the same either way
            assert {r[0] for r in rows} == {r[0] for r in decided(deal)[issue_id]}


def renamed_catalogue(mapping: dict[str, str]) -> Catalogue:
    """The book's catalogue with option ids renamed (their order and labels kept), in every table that names them."""
    tables = {name: frame.copy() for name, frame in TABLES.items()}
    for name in ("options", "positions", "provisions"):
        tables[name]["option_id"] = tables[name]["option_id"].map(lambda o: mapping.get(o, o), na_action="ignore")
    for column in ("if_any", "and_any", "and_none"):
        tables["rules"][column] = tables["rules"][column].map(
            lambda cell: ";".join(mapping.get(o, o) for o in cell.split(";")), na_action="ignore"
        )
    return Catalogue(tables)


@SETTINGS
@given(tables(), st.data())
def test_renaming_option_letters_never_changes_the_result(table, extra):
    mapping = {}
    for issue_id in ISSUES:
        shuffled = extra.draw(st.permutations(OPTIONS[issue_id]))
        mapping.update(zip(OPTIONS[issue_id], shuffled))
    renamed = renamed_catalogue(mapping)
    moved = [(s, p, {i: tuple(mapping[o] for o in r[i]) for i in ISSUES}, w) for s, p, r, w in table]
    zone, _, deal, given_ = analysed(table)
    zone_after, _, deal_after, given_after = analysed(moved, renamed)
    back = {new: old for old, new in mapping.items()}
    assert set(zone[zone.in_zone].option_id) == {back.get(o, o) for o in zone_after[zone_after.in_zone].option_id}
    restored = deal_after.assign(option_id=deal_after.option_id.map(lambda o: back.get(o, o)))
    assert decided(deal) == decided(restored) and given_.equals(given_after)
    checks = negotiation.package_checks(deal, CATALOGUE)
    checks_after = negotiation.package_checks(deal_after, renamed)
    assert sorted(zip(checks.check, checks.id, checks.party)) == sorted(
        zip(checks_after.check, checks_after.id, checks_after.party)
    )


@SETTINGS
@given(tables(parties=st.lists(st.sampled_from(PARTIES), min_size=2, max_size=4, unique=True)), st.data())
def test_swapping_two_parties_labels_swaps_their_concessions(table, extra):
    a, b = extra.draw(st.lists(st.sampled_from(PARTIES), min_size=2, max_size=2, unique=True))
    swap = {a: b, b: a}
    zone, _, deal, given_ = analysed(table)
    zone_after, _, deal_after, given_after = analysed(table, role=lambda party: swap.get(party, party))
    assert zone.in_zone.tolist() == zone_after.in_zone.tolist()
    assert [frozenset(swap.get(p, p) for p in sets(t)) for t in zone.accepted_by] == [
        sets(t) for t in zone_after.accepted_by
    ]
    renamed = {
        issue_id: {
            (o, s, t, frozenset(swap.get(p, p) for p in g), c, frozenset(swap.get(p, p) for p in d))
            for o, s, t, g, c, d in rows
        }
        for issue_id, rows in decided(deal).items()
    }
    assert renamed == decided(deal_after)
    before = given_.set_index("party")
    after = given_after.set_index("party")
    for party in before.index:
        assert before.loc[party].to_dict() == after.loc[swap.get(party, party)].to_dict()


@SETTINGS
@given(tables(parties=st.lists(st.sampled_from(PARTIES), min_size=2, max_size=3, unique=True)), st.data())
def test_a_coalition_cannot_outvote_a_party(table, extra):
    """A party that joins with the same brief as a party already at the table (a coalition partner, however many)
    changes nothing on any issue another party also stated a range on: only how much each party cares counts."""
    present = list(dict.fromkeys(p for _, p, _, _ in table))
    copied = extra.draw(st.sampled_from(present))
    partner = extra.draw(st.sampled_from([p for p in PARTIES if p not in present]))
    clones = [(f"{s} (copy)", partner, r, w) for s, p, r, w in table if p == copied]
    zone, _, deal, _ = analysed(table)
    _, _, deal_after, _ = analysed(table + clones)
    before, after = decided(deal), decided(deal_after)
    for issue_id in ISSUES:
        stated = sets(zone[zone.issue_id == issue_id].iloc[0].stated_by)
        if stated - {copied}:
            assert {r[0] for r in before[issue_id]} == {r[0] for r in after[issue_id]}, issue_id


@SETTINGS
@given(tables())
def test_ties_are_reported_and_deal_breakers_never_broken_silently(table):
    zone, weights, deal, given_ = analysed(table)
    for issue_id, group in deal.groupby("issue_id"):
        first = group.iloc[0]
        sides = {sets(g) for g in group.gives_ground}
        assert bool(first.tie) == (len(sides) > 1)
        assert len(set(group.status)) == 1 and len(set(group.tie)) == 1
        if first.status != negotiation.DEADLOCK:
            assert len(set(group.cost)) == 1  # options taken together cost the same: a tie, never a letter's choice
        for row in group.itertuples():
            breakers = {p for p in sets(row.gives_ground) if (p, issue_id) in weights.deal_breakers}
            assert sets(row.deal_breakers_broken) == breakers
            assert (row.status == negotiation.IN_ZONE) == (row.option_id != "" and not sets(row.gives_ground))
    # a zone needs two parties, and every one of them
    assert (zone.loc[zone.in_zone, "stating"] >= 2).all()
    assert (zone.loc[zone.in_zone, "accepting"] == zone.loc[zone.in_zone, "stating"]).all()
    # each party's points given up are the points of the issues it gives ground on whatever the table takes
    for row in given_.itertuples():
        issues = [i for i in row.issues.split("; ") if i]
        assert row.points_given_up == pytest.approx(
            float(sum((weights.of(row.party, i) for i in issues), Fraction(0))), abs=0.06
        )


@SETTINGS
@given(tables())
def test_the_cheapest_option_is_taken_and_no_cheaper_one_is_left(table):
    """On every decided issue the package's cost is the least any undominated option costs."""
    zone, weights, deal, _ = analysed(table)
    for issue_id, group in deal[deal.option_id != ""].groupby("issue_id"):
        if group.iloc[0].status == negotiation.DEADLOCK:
            continue
        options = zone[zone.issue_id == issue_id]
        stated = sets(options.iloc[0].stated_by)
        costs = [
            max((weights.of(p, issue_id) for p in stated - sets(o.accepted_by)), default=Fraction(0))
            for o in options.itertuples()
        ]
        assert group.iloc[0].cost == round(float(min(costs)), 1)
