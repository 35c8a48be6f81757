"""The current proposal: which text it is, and where each party stands on each of its points."""
from __future__ import annotations

import re

import pandas as pd

from .settlement import PARTIES

PROPOSAL_STATUSES = ("formally_tabled", "leaked", "described_orally", "draft", "signed", "adopted")
# A proposal to end the war must say where it ends: a text whose coded provisions take no option on the
# line of control is a partial agreement (a declaration on guarantees, say), not a settlement proposal.
SETTLEMENT_ISSUE = "A02"


def current_proposal(texts: pd.DataFrame, provisions: pd.DataFrame) -> pd.Series:
    """The latest text of the current moment whose coded provisions include the line of control: the
    settlement proposal on the table.

    Adding a newer proposal (with its provisions) to data/ makes it the current one, with no code change.
    """
    coded = set(provisions.dropna(subset=["option_id"]).query("issue_id == @SETTLEMENT_ISSUE")["text_code"])
    candidates = texts[(texts["moment"] == "current") & texts["text_code"].isin(coded)
                       & texts["status"].isin(PROPOSAL_STATUSES)]
    if candidates.empty:
        raise ValueError(f"no text of the current moment has a coded provision on the line of control ({SETTLEMENT_ISSUE})")
    return candidates.sort_values(["date", "text_code"]).iloc[-1]


def _point_key(point_ref: str, order: int) -> tuple:
    match = re.match(r"\d+", point_ref)
    return (int(match.group()), order) if match else (1000, order)  # unnumbered points last


def stance_grid(text_code: str, provisions: pd.DataFrame, positions: pd.DataFrame,
                options: pd.DataFrame) -> pd.DataFrame:
    """For each coded point of the text, where each party stands, from its latest recorded position.

    One row per (point, party). 'stance' is the party's latest stance on the very option the point takes;
    where it has none but has taken a position on the same issue, the stance is 'other_option' and the
    row says which; where it has no position on the issue at all, 'no_public_position'.
    """
    points = provisions[provisions["text_code"] == text_code].dropna(subset=["option_id"])
    points = points.assign(key=[_point_key(p, o) for p, o in zip(points["point_ref"], points["order"])]).sort_values("key")
    dated = positions.sort_values("date")
    on_option = dated.dropna(subset=["option_id"]).groupby(["party", "option_id"]).tail(1).set_index(["party", "option_id"])
    on_issue = dated.dropna(subset=["option_id"]).groupby(["party", "issue_id"]).tail(1).set_index(["party", "issue_id"])
    labels = dict(zip(options["option_id"], options["label"]))
    rows = []
    for point in points.itertuples():
        for party in PARTIES:
            record, stance = None, "no_public_position"
            if (party, point.option_id) in on_option.index:
                record = on_option.loc[(party, point.option_id)]
                stance = record["stance"]
            elif (party, point.issue_id) in on_issue.index:
                record, stance = on_issue.loc[(party, point.issue_id)], "other_option"
            summary = "No position on this issue is on the record in the book's data."
            if record is not None:
                summary = record["summary"] if stance != "other_option" else (
                    f"Its latest recorded position on this issue concerns another option, "
                    f"{record['option_id']} {labels[record['option_id']]} ({record['stance'].replace('_', ' ')}): {record['summary']}")
            rows.append({
                "point_ref": point.point_ref, "issue_id": point.issue_id, "option_id": point.option_id,
                "option": labels[point.option_id], "party": party, "stance": stance,
                "evidence": "" if record is None else record["evidence"],
                "date": "" if record is None else record["date"].strftime("%Y-%m-%d"),
                "speaker": "" if record is None else record["speaker"],
                "summary": summary,
                "source_publisher": "" if record is None else record["source_publisher"],
                "source_url": "" if record is None else record["source_url"],
            })
    return pd.DataFrame(rows)


def latest_by_issue(positions: pd.DataFrame, issue_ids: list[str]) -> pd.DataFrame:
    """Each party's latest recorded position on each of `issue_ids` (any option), oldest issue order kept."""
    rows = positions[positions["issue_id"].isin(issue_ids)].sort_values("date").groupby(["issue_id", "party"]).tail(1)
    order = {issue: i for i, issue in enumerate(issue_ids)}
    parties = {party: i for i, party in enumerate(PARTIES)}
    return rows.sort_values(["issue_id", "party"], key=lambda s: s.map(order) if s.name == "issue_id" else s.map(parties)).reset_index(drop=True)
