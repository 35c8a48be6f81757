"""The negotiation role-play: students' briefs, where their parties' acceptable ranges overlap, a package
that trades across issues, and which single assumption decides an issue.

In role-play, each student plays one party (a settlement file with a `role`) at a table (a group the
instructor names), or chairs the table as the mediator. On each issue the student marks the options that
party could accept (its reservation range, as the student assumes it), opens with one of them (the chosen
option), sets how much the issue matters to the party (a priority from 0 to 5) and, once, the party's
fallback if there is no agreement. These are the students' assumptions about the parties, not the parties'
positions; those are on the record in data/positions.csv.

- A party has *stated* a range on an issue when any of its players marked an option there. Where none did,
  the party's range there is *not stated*: it neither blocks nor joins the zone, and it is never counted as
  giving ground.
- A party *accepts* an option when at least `threshold` (by default half) of the students playing it marked
  it acceptable.
- The *zone of possible agreement* on an issue is the set of options every party that stated a range
  accepts. An issue on which no party stated a range has no zone.
- A *package* takes, on each issue, an option in the zone if there is one; otherwise one of the options the
  most parties accept, choosing among those so that giving ground is spread, weighted by the parties' own
  priorities: the option whose holdouts' weighted concessions so far, plus what this issue is worth to
  them, are least (then the lower option number). A concession on an issue whose priority the party did not
  state counts 1 and is reported as unweighted.
- The *sensitivity* lists every single mark in a brief (one option marked or unmarked by one student) that
  would open or close the zone on an issue.
The mediator's file is the table's single negotiating text; it takes no part in the zone.
Every analysis can be run for the whole class or for one table (`at_table`). This module knows nothing of
widgets. The parties' own record, and example briefs grounded in it, are in peacebook.party_record.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from .cells import split_list
from .classroom import ClassFolder, Submission, student_name
from .settlement import Catalogue
from .vocabulary import MEDIATOR

NO_TABLE = "(no table given)"
RANGE_COLUMNS = ["student", "party", "issue_id", "option_id", "acceptable", "opening"]
PACKAGE_COLUMNS = ["issue_id", "issue", "option_id", "label", "status", "accepted_by", "gives_ground", "not_stated"]
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
]
SENSITIVITY_COLUMNS = ["issue_id", "issue", "student", "party", "option_id", "label", "change", "effect"]


def briefs(class_folder: ClassFolder) -> list[Submission]:
    """The submissions written for a party in role-play (a role that is not the mediator)."""
    return [sub for sub in class_folder.submissions if sub.draft.role in class_folder.parties]


def mediators(class_folder: ClassFolder) -> list[Submission]:
    return [sub for sub in class_folder.submissions if sub.draft.role == MEDIATOR]


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


def priorities(class_folder: ClassFolder, catalogue: Catalogue) -> pd.DataFrame:
    """One row per (party, issue): the mean priority its players stated (0-5), or NaN where none stated one."""
    stated: dict[tuple[str, str], list[int]] = defaultdict(list)
    for sub in briefs(class_folder):
        for issue_id in catalogue.issue_ids:
            weight = sub.draft.choice(issue_id).weight
            if weight is not None:
                stated[(sub.draft.role, issue_id)].append(weight)
    parties = represented(players_per_party(class_folder))
    rows = [
        {
            "party": party,
            "issue_id": issue_id,
            "priority": sum(stated[(party, issue_id)]) / len(stated[(party, issue_id)])
            if stated[(party, issue_id)]
            else None,
        }
        for party in parties
        for issue_id in catalogue.issue_ids
    ]
    return pd.DataFrame(rows, columns=["party", "issue_id", "priority"]).astype({"priority": "float"})


def _acceptance(range_rows: pd.DataFrame):
    """How many players of each party marked each option, and each party's marks on each issue."""
    marked = range_rows.loc[range_rows["acceptable"].astype(bool)]
    by_option = marked.groupby(["option_id", "party"]).size().to_dict()
    by_issue = marked.groupby(["issue_id", "party"]).size().to_dict()
    return by_option, by_issue


def _issue_zone(options, parties, players, threshold, by_option, by_issue):
    """For one issue's options: the parties that stated a range, and each option's accepting parties."""
    stated = [p for p in parties if by_issue.get((options[0].issue_id, p), 0) > 0]
    accepted = {
        o.option_id: [p for p in stated if by_option.get((o.option_id, p), 0) >= threshold * players[p]]
        for o in options
    }
    return stated, accepted


def _has_zone(stated: list[str], accepted: dict[str, list[str]]) -> bool:
    """Whether some option is accepted by every party that stated a range (none stated: no zone)."""
    return bool(stated) and any(len(parties) == len(stated) for parties in accepted.values())


def _options_by_issue(catalogue: Catalogue) -> dict[str, list]:
    """Each issue's options in their order along the issue's spectrum."""
    ordered = catalogue.options.sort_values("order")
    return {i: list(ordered[ordered.issue_id == i].itertuples()) for i in catalogue.issue_ids}


def zone(
    range_rows: pd.DataFrame, catalogue: Catalogue, players: dict[str, int], threshold: float = 0.5
) -> pd.DataFrame:
    """Every option of every issue: which parties stated a range there, which accept it, who opens with it, and
    whether it is in the zone. `players` maps each represented party to how many students play it."""
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be above 0 and at most 1, not {threshold!r}")
    parties = represented(players)
    by_option, by_issue = _acceptance(range_rows)
    opened = (
        range_rows.loc[range_rows["opening"].astype(bool)].groupby("option_id")["party"].agg(lambda s: sorted(set(s)))
    )
    rows = []
    for issue_id, options in _options_by_issue(catalogue).items():
        stated, accepted = _issue_zone(options, parties, players, threshold, by_option, by_issue)
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
                    "stated_by": "; ".join(stated),
                    "stating": len(stated),
                    "not_stated": "; ".join(p for p in parties if p not in stated),
                    "accepted_by": "; ".join(accepted_by),
                    "accepting": len(accepted_by),
                    "opened_by": "; ".join(p for p in catalogue.parties if p in opened.get(option.option_id, [])),
                    "in_zone": bool(stated) and len(accepted_by) == len(stated),
                }
            )
    return pd.DataFrame(rows, columns=ZONE_COLUMNS)


def players_per_party(class_folder: ClassFolder) -> dict[str, int]:
    counts = {party: 0 for party in class_folder.parties}
    for sub in briefs(class_folder):
        counts[sub.draft.role] += 1
    return counts


def represented(players: dict[str, int]) -> list[str]:
    """The parties someone plays, in the order of `players` (players_per_party keeps the catalogue's order)."""
    return [p for p, count in players.items() if count]


def _weights(priority_rows: pd.DataFrame | None) -> dict[tuple[str, str], float]:
    if priority_rows is None:
        return {}
    return {(r.party, r.issue_id): r.priority for r in priority_rows.itertuples() if pd.notna(r.priority)}


def package(zone_rows: pd.DataFrame, parties: list[str], priority_rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """One option per issue, with the parties for which it lies outside their stated range."""
    weights = _weights(priority_rows)
    conceded = {party: 0.0 for party in parties}

    def holdouts(row) -> list[str]:
        return [p for p in split_list(row.stated_by, "; ") if p not in split_list(row.accepted_by, "; ")]

    rows = []
    for issue_id, options in zone_rows.groupby("issue_id", sort=False):
        first = options.iloc[0]
        blank = {
            "issue_id": issue_id,
            "issue": first.issue,
            "option_id": "",
            "label": "",
            "accepted_by": "",
            "gives_ground": "",
            "not_stated": first.not_stated,
        }
        if not parties or first.stating == 0:
            rows.append(blank | {"status": "no party stated a range"})
            continue
        best = options[options.accepting == options.accepting.max()]
        if best.accepting.iloc[0] == 0:
            rows.append(blank | {"status": "no party accepts any option"})
            continue
        pick = min(
            best.itertuples(),
            key=lambda r: (sum(conceded[p] + weights.get((p, issue_id), 1.0) for p in holdouts(r)), r.order),
        )
        for party in holdouts(pick):
            conceded[party] += weights.get((party, issue_id), 1.0)
        rows.append(
            {
                "issue_id": issue_id,
                "issue": pick.issue,
                "option_id": pick.option_id,
                "label": pick.label,
                "status": "in the zone" if pick.in_zone else "some parties give ground",
                "accepted_by": pick.accepted_by,
                "gives_ground": "; ".join(holdouts(pick)),
                "not_stated": pick.not_stated,
            }
        )
    return pd.DataFrame(rows, columns=PACKAGE_COLUMNS)


def concessions(
    package_rows: pd.DataFrame, parties: list[str], priority_rows: pd.DataFrame | None = None
) -> pd.DataFrame:
    """For each party: where the package lies outside its stated range, weighted by its own priorities, and
    where it stated no range (never counted as giving ground)."""
    weights = _weights(priority_rows)
    rows = []
    for party in parties:
        issues = [r.issue_id for r in package_rows.itertuples() if party in split_list(r.gives_ground, "; ")]
        weighted = [weights[(party, i)] for i in issues if (party, i) in weights]
        rows.append(
            {
                "party": party,
                "gives ground on": len(issues),
                "issues": "; ".join(issues),
                "weighted by its priorities": round(sum(weighted), 1),
                "of which priority not stated": len(issues) - len(weighted),
                "range not stated on": len(
                    [r for r in package_rows.itertuples() if party in split_list(r.not_stated, "; ")]
                ),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "party",
            "gives ground on",
            "issues",
            "weighted by its priorities",
            "of which priority not stated",
            "range not stated on",
        ],
    )


def sensitivity(
    range_rows: pd.DataFrame, catalogue: Catalogue, players: dict[str, int], threshold: float = 0.5
) -> pd.DataFrame:
    """Every single mark in one brief that would open or close the zone on an issue: one student marking, or
    unmarking, one option as acceptable, everything else held as it is."""
    parties = represented(players)
    by_option, by_issue = _acceptance(range_rows)
    marks = {(r.student, r.option_id) for r in range_rows.itertuples() if r.acceptable}
    students = range_rows[["student", "party"]].drop_duplicates().itertuples(index=False)
    rows = []
    options_by_issue = _options_by_issue(catalogue)
    has_zone = {
        issue_id: _has_zone(*_issue_zone(options, parties, players, threshold, by_option, by_issue))
        for issue_id, options in options_by_issue.items()
    }
    for student, party in students:
        for issue_id, options in options_by_issue.items():
            for option in options:
                step = -1 if (student, option.option_id) in marks else 1
                # Try the one change on the counts, then put them back.
                option_key, issue_key = (option.option_id, party), (issue_id, party)
                by_option[option_key] = by_option.get(option_key, 0) + step
                by_issue[issue_key] = by_issue.get(issue_key, 0) + step
                after = _has_zone(*_issue_zone(options, parties, players, threshold, by_option, by_issue))
                by_option[option_key] -= step
                by_issue[issue_key] -= step
                if after != has_zone[issue_id]:
                    rows.append(
                        {
                            "issue_id": issue_id,
                            "issue": catalogue.issue_title[issue_id],
                            "student": student,
                            "party": party,
                            "option_id": option.option_id,
                            "label": option.label,
                            "change": "marking it acceptable" if step == 1 else "unmarking it",
                            "effect": "opens a zone on the issue" if after else "closes the issue's zone",
                        }
                    )
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)


@dataclass
class Analysis:
    """The role-play worked out for one table, or for the whole class (table None)."""

    table: str | None
    players: dict[str, int]
    zone: pd.DataFrame
    package: pd.DataFrame
    concessions: pd.DataFrame
    sensitivity: pd.DataFrame
    mediators: list[Submission]


def analyse(
    class_folder: ClassFolder, catalogue: Catalogue, threshold: float = 0.5, table: str | None = None
) -> Analysis:
    """Zone, package (weighted by the parties' priorities), concessions and sensitivity, for one table or the class."""
    folder = at_table(class_folder, table) if table is not None else class_folder
    players = players_per_party(folder)
    parties = represented(players)
    range_rows = ranges(folder, catalogue)
    weights = priorities(folder, catalogue)
    zone_rows = zone(range_rows, catalogue, players, threshold)
    deal = package(zone_rows, parties, weights)
    return Analysis(
        table=table,
        players=players,
        zone=zone_rows,
        package=deal,
        concessions=concessions(deal, parties, weights),
        sensitivity=sensitivity(range_rows, catalogue, players, threshold),
        mediators=mediators(folder),
    )


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
                "for example": "; ".join(shown) + ("; …" if len(group) > examples else ""),
            }
        )
    return pd.DataFrame(rows, columns=["issue_id", "issue", "a single mark", "marks that would", "for example"])
