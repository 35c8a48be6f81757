"""The negotiation role-play: students' briefs, where their parties' acceptable ranges overlap, a package that
trades across issues, and which single mark in a brief decides an issue.

In role-play, each student plays one party (a settlement file with a `role`) at a table (a group the
instructor names), or chairs the table as the mediator. On each issue the student marks the options that
party could accept (its reservation range, as the student assumes it), opens with one of them (the chosen
option), sets how much the issue matters to the party (a priority from 0 to 5; 5 is a deal-breaker: the party
would not sign without it) and, once, the party's fallback if there is no agreement. These are the students'
assumptions about the parties, not the parties' positions; those are on the record in data/positions.csv.

The rules (the role-play kit states them in plain words; tests/test_negotiation_properties.py checks them):

- What a party does is what *more than half* of the students playing it do (and at least `threshold` of them):
  it *states a range* on an issue when they marked some option there, *accepts* an option when they marked it,
  and *holds a deal-breaker* on an issue when they set its priority to 5. One student's mark is never the
  party's when another student plays the same party differently.
- A party that stated no range on an issue neither blocks nor joins anything there, and never gives ground there.
- An issue has a *zone of possible agreement* only when at least two parties stated a range there; the zone is
  the options every party that stated a range accepts. Where one party alone stated a range, there is no zone:
  silence is not consent.
- Each student's priorities are shared out as `BUDGET` points across all the issues (a priority left blank
  counts as the student's own average); a party's points on an issue are the average of its players'. Raising
  every priority of a brief changes nothing; marking every issue 5 wins nothing; leaving issues without a range
  puts no more points on the rest.
- A *package* takes, on each issue where at least two parties stated a range, the option that costs least: an
  option's cost is the points of the party giving ground that cares most about the issue (nothing, for an option
  in the zone). An option is never taken when another spares a party and costs no one else. Only points decide,
  never how many parties accept an option, so a coalition cannot outvote a party. Options that cost the same
  are a tie, and the package lists all of them. Deal-breakers are never weighed against each other: where every
  option breaks one, the package lists them all as a deadlock. Issues with fewer than two ranges stay open.
- A package shows every deal-breaker it breaks, and the workshop's own checks run over it: the red lines on the
  record it crosses and the flags it raises (`package_checks`).
- The *sensitivity* lists every single mark in a brief (one option marked or unmarked by one student) that
  would open or close the zone on an issue.

The mediator's file is the table's single negotiating text; it takes no part in the zone (`text_against_zone`).
Every analysis can be run for the whole class or for one table (`at_table`). This module knows nothing of
widgets. The parties' own record, and example briefs grounded in it, are in peacebook.model.party_record.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from ..data.cells import split_list
from .class_files import ClassFolder, Submission, student_name
from ..model.settlement import Catalogue, Draft
from ..data.vocabulary import MEDIATOR

NO_TABLE = "(no table given)"
BUDGET = 100  # the points each student shares out across the issues, as in negotiation exercises' scoring sheets
DEAL_BREAKER = 5  # the priority a party would not sign without (the top of the priority scale)
JOIN = "; "

# What a zone says about an issue.
ZONE = "zone"
NO_ZONE = "no zone"
ONE_PARTY = "one party only"
NO_PARTY = "no party"

# What a package does on an issue.
IN_ZONE = "in the zone"
GIVES_GROUND = "outside some stated ranges"
DEADLOCK = "deadlock: every option breaks a deal-breaker"
OPEN_ONE_PARTY = "open: one party only stated a range"
OPEN_NO_PARTY = "open: no party stated a range"
OPEN_NO_OPTION = "open: no option is within any stated range"

RANGE_COLUMNS = ["student", "party", "issue_id", "option_id", "acceptable", "opening"]
ZONE_COLUMNS = [
    "issue_id",
    "issue",
    "option_id",
    "order",
    "label",
    "parties",
    "stated_by",
    "stating",
    "not_stated",
    "accepted_by",
    "accepting",
    "opened_by",
    "in_zone",
    "issue_status",
]
PRIORITY_COLUMNS = ["party", "issue_id", "priority", "points", "deal_breaker"]
PACKAGE_COLUMNS = [
    "issue_id",
    "issue",
    "option_id",
    "order",
    "label",
    "status",
    "tie",
    "stated_by",
    "accepted_by",
    "gives_ground",
    "cost",
    "deal_breakers_broken",
    "not_stated",
]
CONCESSION_COLUMNS = [
    "party",
    "gives_ground_on",
    "issues",
    "points_given_up",
    "deal_breakers_broken",
    "undecided",
    "range_not_stated_on",
    "priority_not_stated_on",
]
CHECK_COLUMNS = ["check", "id", "party", "issue_id", "option_id", "title", "when"]
SENSITIVITY_COLUMNS = ["issue_id", "issue", "student", "party", "option_id", "label", "change", "effect"]
TEXT_COLUMNS = ["issue_id", "issue", "zone", "zone_options", "text_option", "text_label", "outside_range_of", "outcome"]

# How a table's text fares on an issue, judged against the briefs at its table.
AGREED = "agreed"
PARTLY = "partly agreed"
NOT_AGREED = "not agreed"
SILENT = "text silent"
CUSTOM = "custom wording"
OUTCOMES = [AGREED, PARTLY, NOT_AGREED, SILENT, CUSTOM]


def briefs(class_folder: ClassFolder) -> list[Submission]:
    """The submissions written for a party in role-play (a role that is not the mediator)."""
    return [sub for sub in class_folder.submissions if sub.draft.role in class_folder.parties]


def mediators(class_folder: ClassFolder) -> list[Submission]:
    """The mediators' (or chairs') files: each table's single negotiating text, oldest first."""
    return sorted(
        (sub for sub in class_folder.submissions if sub.draft.role == MEDIATOR), key=lambda sub: sub.draft.modified
    )


def table_of(submission: Submission) -> str:
    return submission.draft.table.strip() or NO_TABLE


def table_ids(class_folder: ClassFolder) -> list[str]:
    """The tables named in the role-play files, in order (files with no table form one group)."""
    return sorted({table_of(sub) for sub in class_folder.submissions if sub.draft.role})


def at_table(class_folder: ClassFolder, table: str) -> ClassFolder:
    """The class's role-play files at one table, as a folder of their own (problems stay with the class)."""
    return ClassFolder(
        parties=class_folder.parties,
        submissions=[sub for sub in class_folder.submissions if sub.draft.role and table_of(sub) == table],
    )


def players_per_party(class_folder: ClassFolder) -> dict[str, int]:
    counts = {party: 0 for party in class_folder.parties}
    for sub in briefs(class_folder):
        counts[sub.draft.role] += 1
    return counts


def represented(players: dict[str, int]) -> list[str]:
    """The parties someone plays, in the order of `players` (players_per_party keeps the catalogue's order)."""
    return [p for p, count in players.items() if count]


def check_threshold(threshold: float) -> None:
    if not 0.5 <= threshold <= 1:
        raise ValueError(
            f"threshold must be at least 0.5 and at most 1 (a share of a party's players), not {threshold!r}"
        )


def holds(count: int, players: int, threshold: float = 0.5) -> bool:
    """Whether `count` of a party's `players` make it the party's: more than half of them, and at least `threshold`.

    >>> holds(1, 2), holds(2, 2), holds(2, 3), holds(2, 3, threshold=1.0)
    (False, True, True, False)
    """
    return 2 * count > players and count >= threshold * players


def ranges(class_folder: ClassFolder, catalogue: Catalogue) -> pd.DataFrame:
    """One row per (brief, option): whether the student marked it acceptable and whether they open with it."""
    rows = []
    for sub in briefs(class_folder):
        for issue_id in catalogue.issue_ids:
            choice = sub.draft.choice(issue_id)
            opening_only = [choice.option_id] if choice.option_id and choice.option_id not in choice.acceptable else []
            for option_id in [*choice.acceptable, *opening_only]:
                rows.append(
                    {
                        "student": student_name(sub),
                        "party": sub.draft.role,
                        "issue_id": issue_id,
                        "option_id": option_id,
                        "acceptable": option_id in choice.acceptable,
                        "opening": option_id == choice.option_id,
                    }
                )
    return pd.DataFrame(rows, columns=RANGE_COLUMNS)


def _options_by_issue(catalogue: Catalogue) -> dict[str, list]:
    """Each issue's options in their order along the issue's spectrum."""
    grouped = defaultdict(list)
    for option in catalogue.options.sort_values(["issue_id", "order"]).itertuples():
        grouped[option.issue_id].append(option)
    return {i: grouped[i] for i in catalogue.issue_ids}


def _marks(range_rows: pd.DataFrame, catalogue: Catalogue) -> tuple[dict, dict[str, str]]:
    """Each issue's marks, student by student ({issue: {student: {option ids}}}), and each student's party."""
    marked: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in range_rows.loc[range_rows["acceptable"].astype(bool)].itertuples():
        marked[catalogue.option_issue[row.option_id]][row.student].add(row.option_id)
    return marked, dict(zip(range_rows["student"], range_rows["party"]))


def _counts(marked: dict[str, set[str]], party_of: dict[str, str]) -> tuple[dict, dict]:
    """From one issue's marks ({student: {option ids}}): how many of each party's players marked some option
    there, and how many marked each option ({(option id, party): count})."""
    stating, accepting = defaultdict(int), defaultdict(int)
    for student, option_ids in marked.items():
        stating[party_of[student]] += bool(option_ids)
        for option_id in option_ids:
            accepting[(option_id, party_of[student])] += 1
    return stating, accepting


def _issue_zone(options, stating: dict, accepting: dict, players, threshold):
    """For one issue's options: the parties that stated a range (in `players`' order), and each option's
    accepting parties, from the issue's counts (`_counts`)."""
    stated = [p for p in represented(players) if holds(stating[p], players[p], threshold)]
    accepted = {
        o.option_id: [p for p in stated if holds(accepting[(o.option_id, p)], players[p], threshold)] for o in options
    }
    return stated, accepted


def _issue_status(stated: list[str], accepted: dict[str, list[str]]) -> str:
    if len(stated) < 2:
        return ONE_PARTY if stated else NO_PARTY
    return ZONE if any(len(parties) == len(stated) for parties in accepted.values()) else NO_ZONE


def zone(
    range_rows: pd.DataFrame, catalogue: Catalogue, players: dict[str, int], threshold: float = 0.5
) -> pd.DataFrame:
    """Every option of every issue: which parties stated a range there, which accept it, who opens with it, and
    whether it is in the zone. `players` maps each represented party to how many students play it."""
    check_threshold(threshold)
    parties = represented(players)
    marked, party_of = _marks(range_rows, catalogue)
    opened = range_rows.loc[range_rows["opening"].astype(bool)].groupby("option_id")["party"].agg(set).to_dict()
    rows = []
    for issue_id, options in _options_by_issue(catalogue).items():
        stated, accepted = _issue_zone(options, *_counts(marked[issue_id], party_of), players, threshold)
        status = _issue_status(stated, accepted)
        for option in options:
            accepted_by = accepted[option.option_id]
            rows.append(
                {
                    "issue_id": issue_id,
                    "issue": catalogue.issue_title[issue_id],
                    "option_id": option.option_id,
                    "order": option.order,
                    "label": option.label,
                    "parties": len(parties),
                    "stated_by": JOIN.join(stated),
                    "stating": len(stated),
                    "not_stated": JOIN.join(p for p in parties if p not in stated),
                    "accepted_by": JOIN.join(accepted_by),
                    "accepting": len(accepted_by),
                    "opened_by": JOIN.join(p for p in parties if p in opened.get(option.option_id, set())),
                    "in_zone": status == ZONE and len(accepted_by) == len(stated),
                    "issue_status": status,
                }
            )
    return pd.DataFrame(rows, columns=ZONE_COLUMNS)


def student_points(draft: Draft, issue_ids: list[str]) -> dict[str, Fraction]:
    """A brief's priorities as `BUDGET` points shared out across all the issues, in proportion to the priorities
    set, a blank priority counting as the brief's own average (all equal where none is set, or all are 0).
    Multiplying every priority by the same number changes nothing, and leaving an issue without a range does not
    put more points on the others.

    >>> from peacebook.model.settlement import Choice
    >>> d = Draft(choices={"A01": Choice(acceptable=("A01.a",), weight=4), "A02": Choice(weight=1)})
    >>> {i: float(p) for i, p in student_points(d, ["A01", "A02", "A03", "A04"]).items()}
    {'A01': 40.0, 'A02': 10.0, 'A03': 25.0, 'A04': 25.0}
    """
    given = [draft.choice(i).weight for i in issue_ids if draft.choice(i).weight is not None]
    if not any(given):  # no priority set, or every one 0: the points are shared equally
        return {i: Fraction(BUDGET, len(issue_ids)) for i in issue_ids}
    blank = Fraction(sum(given), len(given))
    raw = {i: blank if draft.choice(i).weight is None else Fraction(draft.choice(i).weight) for i in issue_ids}
    total = sum(raw.values())
    return {i: BUDGET * value / total for i, value in raw.items()}


@dataclass(frozen=True)
class Priorities:
    """A table's (or the class's) priorities, party by party: what the package weighs."""

    points: dict[tuple[str, str], Fraction]  # (party, issue) -> the average of its players' points there
    deal_breakers: frozenset[tuple[str, str]]  # (party, issue) where more than half its players set priority 5
    not_set: frozenset[tuple[str, str]]  # (party, issue) where no player of the party set a priority

    def of(self, party: str, issue_id: str) -> Fraction:
        return self.points.get((party, issue_id), Fraction(0))


def priorities(class_folder: ClassFolder, catalogue: Catalogue, threshold: float = 0.5) -> Priorities:
    """Every represented party's points on every issue, its deal-breakers, and where no player set a priority."""
    players = players_per_party(class_folder)
    points: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
    fives: dict[tuple[str, str], int] = defaultdict(int)
    set_by: dict[tuple[str, str], int] = defaultdict(int)
    for sub in briefs(class_folder):
        party = sub.draft.role
        for issue_id, share in student_points(sub.draft, catalogue.issue_ids).items():
            choice = sub.draft.choice(issue_id)
            points[(party, issue_id)] += share / players[party]
            fives[(party, issue_id)] += bool(choice.acceptable) and choice.weight == DEAL_BREAKER
            set_by[(party, issue_id)] += choice.weight is not None
    return Priorities(
        points=dict(points),
        deal_breakers=frozenset(k for k, n in fives.items() if holds(n, players[k[0]], threshold)),
        not_set=frozenset(k for k in points if not set_by[k]),
    )


def priority_rows(class_folder: ClassFolder, catalogue: Catalogue, threshold: float = 0.5) -> pd.DataFrame:
    """One row per (party, issue) it has points on: the mean priority its players set (0-5, or NaN where none
    did), its points out of `BUDGET`, and whether it is a deal-breaker."""
    found = priorities(class_folder, catalogue, threshold)
    set_weights: dict[tuple[str, str], list[int]] = defaultdict(list)
    for sub in briefs(class_folder):
        for issue_id in catalogue.issue_ids:
            if sub.draft.choice(issue_id).weight is not None:
                set_weights[(sub.draft.role, issue_id)].append(sub.draft.choice(issue_id).weight)
    order = {i: n for n, i in enumerate(catalogue.issue_ids)}
    rows = [
        {
            "party": party,
            "issue_id": issue_id,
            "priority": sum(set_weights[(party, issue_id)]) / len(set_weights[(party, issue_id)])
            if set_weights[(party, issue_id)]
            else None,
            "points": round(float(points), 1),
            "deal_breaker": (party, issue_id) in found.deal_breakers,
        }
        for (party, issue_id), points in sorted(
            found.points.items(), key=lambda kv: (catalogue.parties.index(kv[0][0]), order[kv[0][1]])
        )
    ]
    return pd.DataFrame(rows, columns=PRIORITY_COLUMNS).astype({"priority": "float"})


def _equal_priorities(zone_rows: pd.DataFrame) -> Priorities:
    """Where no priorities are given: each party's points shared equally across the issues it stated a range on."""
    stated: dict[str, list[str]] = defaultdict(list)
    for issue_id, stated_by in zone_rows.drop_duplicates("issue_id")[["issue_id", "stated_by"]].itertuples(index=False):
        for party in split_list(stated_by, JOIN):
            stated[party].append(issue_id)
    points = {(p, i): Fraction(BUDGET, len(issues)) for p, issues in stated.items() for i in issues}
    return Priorities(points=points, deal_breakers=frozenset(), not_set=frozenset(points))


def package(zone_rows: pd.DataFrame, weights: Priorities | None = None) -> pd.DataFrame:
    """The package, one row per option it takes (several rows on an issue where options tie), and one row with
    no option for each issue it leaves open: who gives ground, what that costs, and which deal-breakers break."""
    weights = weights or _equal_priorities(zone_rows)
    rows = []
    for issue_id, grouped in itertools.groupby(zone_rows.itertuples(index=False), key=lambda o: o.issue_id):
        options = list(grouped)
        first = options[0]
        stated = split_list(first.stated_by, JOIN)
        common = {
            "issue_id": issue_id,
            "issue": first.issue,
            "stated_by": first.stated_by,
            "not_stated": first.not_stated,
            "accepted_by": "",
            "gives_ground": "",
            "deal_breakers_broken": "",
        }
        holdouts = {o.option_id: frozenset(stated) - set(split_list(o.accepted_by, JOIN)) for o in options}
        if len(stated) < 2 or all(h == frozenset(stated) for h in holdouts.values()):
            status = OPEN_NO_PARTY if not stated else OPEN_ONE_PARTY if len(stated) == 1 else OPEN_NO_OPTION
            rows.append(
                common | {"option_id": "", "order": 0, "label": "", "status": status, "tie": False, "cost": 0.0}
            )
            continue
        breakers = {p for p in stated if (p, issue_id) in weights.deal_breakers}
        # An option is never taken when another spares a party and costs no one else (a strict subset of holdouts).
        undominated = [o for o in options if not any(h < holdouts[o.option_id] for h in holdouts.values())]
        cost = {
            o.option_id: max((weights.of(p, issue_id) for p in holdouts[o.option_id]), default=Fraction(0))
            for o in undominated
        }
        # Deal-breakers are never weighed against each other: where every option breaks one, the table decides.
        deadlock = all(holdouts[o.option_id] & breakers for o in undominated)
        least = min(cost.values())
        taken = undominated if deadlock else [o for o in undominated if cost[o.option_id] == least]
        tie = len({holdouts[o.option_id] for o in taken}) > 1
        for o in taken:
            giving = [p for p in stated if p in holdouts[o.option_id]]
            rows.append(
                common
                | {
                    "option_id": o.option_id,
                    "order": o.order,
                    "label": o.label,
                    "status": DEADLOCK if deadlock else IN_ZONE if o.in_zone else GIVES_GROUND,
                    "tie": tie,
                    "accepted_by": o.accepted_by,
                    "gives_ground": JOIN.join(giving),
                    "cost": round(float(cost[o.option_id]), 1),
                    "deal_breakers_broken": JOIN.join(p for p in giving if p in breakers),
                }
            )
    return pd.DataFrame(rows, columns=PACKAGE_COLUMNS)


def _by_issue(package_rows: pd.DataFrame) -> dict[str, list[str]]:
    """The options the package takes on each issue it decides (several where they tie)."""
    taken: dict[str, list[str]] = defaultdict(list)
    for issue_id, option_id in zip(package_rows["issue_id"], package_rows["option_id"]):
        if option_id:
            taken[issue_id].append(option_id)
    return dict(taken)


def concessions(package_rows: pd.DataFrame, parties: list[str], weights: Priorities | None = None) -> pd.DataFrame:
    """For each party: the issues on which the package lies outside its stated range whichever of its options the
    table takes, the points that costs it (out of `BUDGET`), the deal-breakers it breaks, the issues where a tie or
    a deadlock leaves it to the table whether the party gives ground, and where it stated no range or set no
    priority (never counted as giving ground)."""
    weights = weights or _equal_priorities(package_rows)
    issues = list(dict.fromkeys(package_rows["issue_id"]))
    sides: dict[str, list[set[str]]] = defaultdict(list)
    for issue_id, gives_ground in zip(package_rows["issue_id"], package_rows["gives_ground"]):
        sides[issue_id].append(set(split_list(gives_ground, JOIN)))
    firsts = package_rows.drop_duplicates("issue_id")
    rows = []
    for party in parties:
        giving = {issue_id: [party in side for side in options] for issue_id, options in sides.items()}
        certain = [i for i in issues if all(giving[i])]
        rows.append(
            {
                "party": party,
                "gives_ground_on": len(certain),
                "issues": JOIN.join(certain),
                "points_given_up": round(float(sum(weights.of(party, i) for i in certain)), 1),
                "deal_breakers_broken": JOIN.join(i for i in certain if (party, i) in weights.deal_breakers),
                "undecided": JOIN.join(i for i in issues if any(giving[i]) and not all(giving[i])),
                "range_not_stated_on": sum(party in split_list(n, JOIN) for n in firsts["not_stated"]),
                "priority_not_stated_on": sum(
                    party in split_list(stated_by, JOIN) and (party, issue_id) in weights.not_set
                    for issue_id, stated_by in zip(firsts["issue_id"], firsts["stated_by"])
                ),
            }
        )
    return pd.DataFrame(rows, columns=CONCESSION_COLUMNS)


def package_checks(package_rows: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """The workshop's own checks run over the package: each red line on the record that an option it takes
    crosses, and each flag (consistency rule or Minsk failure mode) it raises. Where options tie, a check is
    marked "if the table takes …" or "in some readings"; otherwise it holds whatever the table chooses."""
    taken = _by_issue(package_rows)
    open_issues = set(package_rows["issue_id"]) - set(taken)
    rows = []
    for record in sorted(catalogue.red_line_records(), key=lambda r: (r.option_id, r.party)):
        issue_id = catalogue.option_issue[record.option_id]
        if record.option_id in taken.get(issue_id, []):
            when = (
                "whatever the table chooses" if len(taken[issue_id]) == 1 else f"if the table takes {record.option_id}"
            )
            title = f"{record.party} rejected {record.option_id} {catalogue.option_label[record.option_id]}"
            rows.append(["red line", record.position_id, record.party, issue_id, record.option_id, title, when])
    for rule in catalogue.rules:
        readings = _readings(rule, taken, catalogue)
        trips = [rule.trips(chosen, open_issues) for chosen in readings]
        if any(trips):
            when = "whatever the table chooses" if all(trips) else "in some readings of the ties"
            rows.append([rule.row.kind.replace("_", " "), rule.row.rule_id, "", "", "", rule.row.title, when])
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)


def _readings(rule, taken: dict[str, list[str]], catalogue: Catalogue) -> list[set[str]]:
    """Every way of reading the package's ties on the issues the rule names options of: one set of options per
    way (the options on other issues never touch the rule's condition)."""
    named = rule.if_any | rule.and_any | rule.and_none
    relevant = sorted({catalogue.option_issue[o] for o in named} & set(taken))
    return [set(pick) for pick in itertools.product(*(taken[i] for i in relevant))]


def sensitivity(
    range_rows: pd.DataFrame, catalogue: Catalogue, players: dict[str, int], threshold: float = 0.5
) -> pd.DataFrame:
    """Every single mark in one brief that would open or close the zone on an issue: one student marking, or
    unmarking, one option as acceptable, everything else held as it is."""
    check_threshold(threshold)
    marked, party_of = _marks(range_rows, catalogue)
    students = list(range_rows[["student", "party"]].drop_duplicates().itertuples(index=False))
    rows = []
    for issue_id, options in _options_by_issue(catalogue).items():
        stating, accepting = _counts(marked[issue_id], party_of)
        has_zone = _issue_status(*_issue_zone(options, stating, accepting, players, threshold)) == ZONE
        for student, party in students:
            mine = marked[issue_id].get(student, set())
            for option in options:
                step = -1 if option.option_id in mine else 1
                # Try the one change on the counts, then put them back.
                stated_change = bool(len(mine) + step) - bool(mine)
                accepting[(option.option_id, party)] += step
                stating[party] += stated_change
                after = _issue_status(*_issue_zone(options, stating, accepting, players, threshold)) == ZONE
                accepting[(option.option_id, party)] -= step
                stating[party] -= stated_change
                if after != has_zone:
                    rows.append(
                        {
                            "issue_id": issue_id,
                            "issue": catalogue.issue_title[issue_id],
                            "student": student,
                            "party": party,
                            "option_id": option.option_id,
                            "label": option.label,
                            "change": "unmarking it" if step < 0 else "marking it acceptable",
                            "effect": "opens a zone on the issue" if after else "closes the issue's zone",
                        }
                    )
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)


def text_against_zone(zone_rows: pd.DataFrame, text: Draft) -> pd.DataFrame:
    """A table's single negotiating text (the mediator's, or the final text) set against the table's zone, issue
    by issue: the zone, the text's option, the stated ranges it lies outside, and how it fares on the briefs
    (agreed: every party that stated a range accepts it, and at least two did; partly agreed: some of them do)."""
    rows = []
    for issue_id, grouped in itertools.groupby(zone_rows.itertuples(index=False), key=lambda o: o.issue_id):
        options = list(grouped)
        first = options[0]
        stated = split_list(first.stated_by, JOIN)
        choice = text.choice(issue_id)
        row = {
            "issue_id": issue_id,
            "issue": first.issue,
            "zone": first.issue_status,
            "zone_options": JOIN.join(o.label for o in options if o.in_zone),
            "text_option": choice.option_id or "",
            "text_label": "",
            "outside_range_of": "",
        }
        if choice.kind != "option":
            rows.append(row | {"outcome": SILENT if choice.kind == "silent" else CUSTOM})
            continue
        chosen = next(o for o in options if o.option_id == choice.option_id)
        accepting = split_list(chosen.accepted_by, JOIN)
        outcome = AGREED if chosen.in_zone else PARTLY if accepting else NOT_AGREED
        outside = [p for p in stated if p not in accepting]
        rows.append(row | {"text_label": chosen.label, "outside_range_of": JOIN.join(outside), "outcome": outcome})
    return pd.DataFrame(rows, columns=TEXT_COLUMNS)


@dataclass
class Analysis:
    """The role-play worked out for one table, or for the whole class (table None)."""

    table: str | None
    players: dict[str, int]
    zone: pd.DataFrame
    priorities: pd.DataFrame
    package: pd.DataFrame
    concessions: pd.DataFrame
    checks: pd.DataFrame
    sensitivity: pd.DataFrame
    briefs: list[Submission]
    mediators: list[Submission]

    @property
    def final_text(self) -> Submission | None:
        """The table's latest mediator's (or chair's) file: its single negotiating text as it stands."""
        return self.mediators[-1] if self.mediators else None


def analyse(
    class_folder: ClassFolder, catalogue: Catalogue, threshold: float = 0.5, table: str | None = None
) -> Analysis:
    """Zone, priorities, package, concessions, the workshop's checks over the package and the sensitivity, for
    one table or the class."""
    folder = at_table(class_folder, table) if table is not None else class_folder
    players = players_per_party(folder)
    parties = represented(players)
    range_rows = ranges(folder, catalogue)
    weights = priorities(folder, catalogue, threshold)
    zone_rows = zone(range_rows, catalogue, players, threshold)
    deal = package(zone_rows, weights)
    return Analysis(
        table=table,
        players=players,
        zone=zone_rows,
        priorities=priority_rows(folder, catalogue, threshold),
        package=deal,
        concessions=concessions(deal, parties, weights),
        checks=package_checks(deal, catalogue),
        sensitivity=sensitivity(range_rows, catalogue, players, threshold),
        briefs=briefs(folder),
        mediators=mediators(folder),
    )


def outcomes(results: dict[str, Analysis]) -> pd.DataFrame:
    """Every table's final text, issue by issue, judged against its own briefs (`text_against_zone`); a table
    with no text has none."""
    frames = [
        text_against_zone(result.zone, result.final_text.draft).assign(
            table=table, text=result.final_text.draft.title or student_name(result.final_text)
        )
        for table, result in results.items()
        if result.final_text is not None
    ]
    columns = ["table", "text", "issue_id", "issue", "outcome"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def sensitivity_by_issue(sensitivity_rows: pd.DataFrame, examples: int = 3) -> pd.DataFrame:
    """The sensitivity table folded to one row per issue: what a single mark would do there, how many single
    marks would do it, and a few of them."""
    rows = []
    for (issue_id, issue, effect), group in sensitivity_rows.groupby(["issue_id", "issue", "effect"], sort=False):
        shown = [f"{r.student} ({r.party}) {r.change}: {r.option_id}" for r in group.head(examples).itertuples()]
        rows.append(
            {
                "issue_id": issue_id,
                "issue": issue,
                "a single mark": effect,
                "marks that would": len(group),
                "for example": JOIN.join(shown) + ("; …" if len(group) > examples else ""),
            }
        )
    return pd.DataFrame(rows, columns=["issue_id", "issue", "a single mark", "marks that would", "for example"])
