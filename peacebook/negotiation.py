"""The negotiation role-play: students' briefs and where their parties' acceptable ranges overlap.

In role-play, each student plays one party (a settlement file with a `role`). On each issue the student
marks the options that party could accept (its reservation range, as the student assumes it) and opens
with one of them (the chosen option). These ranges are the students' assumptions about the parties, not
the parties' positions; those are on the record in data/positions.csv.

- A party *accepts* an option when at least `threshold` (by default half) of the students playing it
  marked the option acceptable. A party whose players marked nothing on an issue accepts nothing there.
- The *zone of possible agreement* on an issue is the set of options every represented party accepts.
- A *package* takes, on each issue, an option in the zone if there is one; otherwise one of the options
  the most parties accept, choosing among those so that giving ground is spread: the option whose
  holdouts have conceded least so far in the package (then the lower option number).
This module knows nothing of widgets.
"""
from __future__ import annotations

import pandas as pd

from .classroom import ClassFolder, Submission, student_name
from .settlement import PARTIES, Catalogue

RANGE_COLUMNS = ["student", "party", "issue_id", "option_id", "acceptable", "opening"]
PACKAGE_COLUMNS = ["issue_id", "issue", "option_id", "label", "status", "accepted_by", "gives_ground"]
ZONE_COLUMNS = ["issue_id", "issue", "option_id", "order", "label", "parties", "accepted_by", "accepting",
                "opened_by", "in_zone"]


def briefs(class_folder: ClassFolder) -> list[Submission]:
    """The submissions written in role-play (those with a party)."""
    return [sub for sub in class_folder.submissions if sub.draft.role]


def ranges(class_folder: ClassFolder, catalogue: Catalogue) -> pd.DataFrame:
    """One row per (brief, option): whether the student marked it acceptable and whether they open with it."""
    rows = []
    for sub in briefs(class_folder):
        for issue_id in catalogue.issue_ids:
            choice = sub.draft.choice(issue_id)
            for option_id in choice.acceptable:
                rows.append({"student": student_name(sub), "party": sub.draft.role, "issue_id": issue_id,
                             "option_id": option_id, "acceptable": True, "opening": option_id == choice.option_id})
            if choice.option_id and choice.option_id not in choice.acceptable:
                rows.append({"student": student_name(sub), "party": sub.draft.role, "issue_id": issue_id,
                             "option_id": choice.option_id, "acceptable": False, "opening": True})
    return pd.DataFrame(rows, columns=RANGE_COLUMNS)


def zone(range_rows: pd.DataFrame, catalogue: Catalogue, players: dict[str, int], threshold: float = 0.5) -> pd.DataFrame:
    """Every option of every issue: which parties accept it, who opens with it, and whether it is in the zone.

    `players` maps each represented party to how many students play it (see `players_per_party`)."""
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be above 0 and at most 1, not {threshold!r}")
    parties = represented(players)
    marked = range_rows.loc[range_rows["acceptable"].astype(bool)].groupby(["option_id", "party"]).size()
    opened = range_rows.loc[range_rows["opening"].astype(bool)].groupby("option_id")["party"].agg(lambda s: sorted(set(s)))
    rows = []
    for option in catalogue.options.itertuples():
        accepted_by = [p for p in parties if marked.get((option.option_id, p), 0) >= threshold * players[p]]
        rows.append({"issue_id": option.issue_id, "issue": catalogue.issue_title[option.issue_id],
                     "option_id": option.option_id, "order": option.order, "label": option.label,
                     "parties": len(parties), "accepted_by": "; ".join(accepted_by), "accepting": len(accepted_by),
                     "opened_by": "; ".join(p for p in PARTIES if p in opened.get(option.option_id, [])),
                     "in_zone": bool(parties) and len(accepted_by) == len(parties)})
    frame = pd.DataFrame(rows, columns=ZONE_COLUMNS)
    order = {issue_id: i for i, issue_id in enumerate(catalogue.issue_ids)}
    return frame.sort_values(["issue_id", "order"], key=lambda col: col.map(order) if col.name == "issue_id" else col
                             ).reset_index(drop=True)


def players_per_party(class_folder: ClassFolder) -> dict[str, int]:
    counts = {party: 0 for party in PARTIES}
    for sub in briefs(class_folder):
        counts[sub.draft.role] += 1
    return counts


def represented(players: dict[str, int]) -> list[str]:
    return [p for p in PARTIES if players.get(p)]


def package(zone_rows: pd.DataFrame, parties: list[str]) -> pd.DataFrame:
    """One option per issue, with the represented `parties` for which it lies outside their range."""
    conceded = {party: 0 for party in parties}

    def holdouts(row) -> list[str]:
        return [p for p in parties if p not in row.accepted_by.split("; ")]

    rows = []
    for issue_id, options in zone_rows.groupby("issue_id", sort=False):
        best = options[options.accepting == options.accepting.max()]
        if not parties or best.accepting.iloc[0] == 0:
            rows.append({"issue_id": issue_id, "issue": options.issue.iloc[0], "option_id": "", "label": "",
                         "status": "no party accepts any option", "accepted_by": "", "gives_ground": ""})
            continue
        pick = min(best.itertuples(), key=lambda r: (sum(conceded[p] for p in holdouts(r)), r.order))
        for party in holdouts(pick):
            conceded[party] += 1
        rows.append({"issue_id": issue_id, "issue": pick.issue, "option_id": pick.option_id, "label": pick.label,
                     "status": "in the zone" if pick.in_zone else "some parties give ground", "accepted_by": pick.accepted_by,
                     "gives_ground": "; ".join(holdouts(pick))})
    return pd.DataFrame(rows, columns=PACKAGE_COLUMNS)


def concessions(package_rows: pd.DataFrame, parties: list[str]) -> pd.DataFrame:
    """For each party: on how many issues, and which, the package lies outside its range."""
    rows = []
    for party in parties:
        issues = [r.issue_id for r in package_rows.itertuples() if party in r.gives_ground.split("; ")]
        rows.append({"party": party, "gives ground on": len(issues), "issues": "; ".join(issues)})
    return pd.DataFrame(rows, columns=["party", "gives ground on", "issues"])
