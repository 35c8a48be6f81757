"""The current proposal: which text it is, and where each party stands on each of its points."""

from __future__ import annotations

import re

import pandas as pd

from ..data.checks import VERDICT_COLUMN, marked_publisher
from ..data.vocabulary import book_vocabularies

# A proposal to end the war must say where it ends: a text whose coded provisions take no option on the
# line of control is a partial agreement (a declaration on guarantees, say), not a settlement proposal.
SETTLEMENT_ISSUE = "A02"


def current_proposal(texts: pd.DataFrame, provisions: pd.DataFrame) -> pd.Series:
    """The latest text of the current moment whose coded provisions include the line of control: the
    settlement proposal on the table.

    Adding a newer proposal (with its provisions) to data/ makes it the current one, with no code change.
    """
    coded = set(provisions.dropna(subset=["option_id"]).query("issue_id == @SETTLEMENT_ISSUE")["text_code"])
    candidates = texts[
        (texts["moment"] == "current")
        & texts["text_code"].isin(coded)
        # an analyst's package (issue #22) is never tabled or signed by a party: never the current proposal
        & ~book_vocabularies().is_analyst_package(texts)
    ]
    if candidates.empty:
        raise ValueError(
            f"no text of the current moment has a coded provision on the line of control ({SETTLEMENT_ISSUE})"
        )
    return candidates.sort_values(["date", "text_code"]).iloc[-1]


def _point_key(point_ref: str, order: int) -> tuple:
    match = re.match(r"\d+", point_ref)
    return (int(match.group()), order) if match else (1000, order)  # unnumbered points last


def stance_grid(
    text_code: str,
    provisions: pd.DataFrame,
    positions: pd.DataFrame,
    options: pd.DataFrame,
    parties: list[str] | None = None,
) -> pd.DataFrame:
    """For each coded point of the text, where each party stands, from its latest recorded position.

    One row per (point, party). 'stance' is the party's latest stance on the very option the point takes;
    where it has none but has taken a position on the same issue, the stance is 'other_option' and the
    row says which; where it has no position on the issue at all, 'no_public_position'.
    """
    points = provisions[provisions["text_code"] == text_code].dropna(subset=["option_id"])
    points = points.assign(key=[_point_key(p, o) for p, o in zip(points["point_ref"], points["order"])]).sort_values(
        "key"
    )
    dated = positions.sort_values("date")
    on_option = (
        dated.dropna(subset=["option_id"]).groupby(["party", "option_id"]).tail(1).set_index(["party", "option_id"])
    )
    on_issue = (
        dated.dropna(subset=["option_id"]).groupby(["party", "issue_id"]).tail(1).set_index(["party", "issue_id"])
    )
    labels = dict(zip(options["option_id"], options["label"]))
    rows = []
    for point in points.itertuples():
        for party in parties or book_vocabularies().parties:
            record, stance = None, "no_public_position"
            if (party, point.option_id) in on_option.index:
                record = on_option.loc[(party, point.option_id)]
                stance = record["stance"]
            elif (party, point.issue_id) in on_issue.index:
                record, stance = on_issue.loc[(party, point.issue_id)], "other_option"
            summary = "No position on this issue is on the record in the book's data."
            if record is not None:
                summary = (
                    record["summary"]
                    if stance != "other_option"
                    else (
                        f"Its latest recorded position on this issue concerns another option, "
                        f"{record['option_id']} {labels[record['option_id']]} ({record['stance'].replace('_', ' ')}): {record['summary']}"
                    )
                )
            rows.append(
                {
                    "point_ref": point.point_ref,
                    "issue_id": point.issue_id,
                    "option_id": point.option_id,
                    "option": labels[point.option_id],
                    "party": party,
                    "stance": stance,
                    "evidence": "" if record is None else record["evidence"],
                    "date": "" if record is None else record["date"].strftime("%Y-%m-%d"),
                    "speaker": "" if record is None else record["speaker"],
                    "summary": summary,
                    "source_publisher": ""
                    if record is None
                    else marked_publisher(record["source_publisher"], record.get(VERDICT_COLUMN)),
                    "source_url": "" if record is None else record["source_url"],
                }
            )
    return pd.DataFrame(rows)


def latest_by_issue(positions: pd.DataFrame, issue_ids: list[str], parties: list[str] | None = None) -> pd.DataFrame:
    """Each party's latest recorded position on each of `issue_ids` (any option), oldest issue order kept."""
    rows = positions[positions["issue_id"].isin(issue_ids)].sort_values("date").groupby(["issue_id", "party"]).tail(1)
    order = {issue: i for i, issue in enumerate(issue_ids)}
    parties = {party: i for i, party in enumerate(parties or book_vocabularies().parties)}
    return rows.sort_values(
        ["issue_id", "party"], key=lambda s: s.map(order) if s.name == "issue_id" else s.map(parties)
    ).reset_index(drop=True)


def point_by_point(
    provisions: pd.DataFrame, texts: pd.DataFrame, issues: pd.DataFrame, options: pd.DataFrame, text_codes: list[str]
) -> pd.DataFrame:
    """Every recorded point of each of `text_codes`, grouped by the issue it concerns, for reading the
    texts side by side (for example the current proposal beside Russia's and Ukraine's 2025 memoranda).

    One row per point, in the book's words and with its own source: issue order first (points coded to
    no issue come last, under "Other points"), then the texts in the order given, then each text's own
    order. Nothing is merged or inferred: a text with no point on an issue simply has no row there.
    """
    known = set(texts["text_code"])
    missing = [code for code in text_codes if code not in known]
    if missing:
        raise KeyError(f"texts not in the data: {', '.join(missing)}")
    issue_order = dict(zip(issues["issue_id"], issues["order"]))
    issue_title = dict(zip(issues["issue_id"], issues["title"]))
    option_label = dict(zip(options["option_id"], options["label"]))
    text_rank = {code: i for i, code in enumerate(text_codes)}
    rows = []
    for point in provisions[provisions["text_code"].isin(text_codes)].itertuples(index=False):
        issue = None if pd.isna(point.issue_id) else str(point.issue_id)
        option = None if pd.isna(point.option_id) else str(point.option_id)
        rows.append(
            {
                "issue_id": issue or "",
                "issue": f"{issue} {issue_title[issue]}" if issue else "Other points",
                "text_code": point.text_code,
                "point_ref": point.point_ref,
                "order": int(point.order),
                "paraphrase": point.paraphrase,
                "option": f"{option} {option_label[option]}" if option else "",
                "source_url": point.source_url,
                "source_publisher": point.source_publisher,
                VERDICT_COLUMN: getattr(point, VERDICT_COLUMN, None),
                "_issue_rank": issue_order.get(issue, 10_000),
                "_text_rank": text_rank[point.text_code],
            }
        )
    columns = [
        "issue_id",
        "issue",
        "text_code",
        "point_ref",
        "order",
        "paraphrase",
        "option",
        "source_url",
        "source_publisher",
        VERDICT_COLUMN,
    ]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows).sort_values(["_issue_rank", "_text_rank", "order"])
    return frame[columns].reset_index(drop=True)


def points_in_common(points: pd.DataFrame, text_codes: list[str]) -> pd.DataFrame:
    """For each issue in `points` (from point_by_point), which of `text_codes` address it: a table of
    issues by texts with True where the text has at least one point on the issue."""
    coded = points[points["issue_id"] != ""]
    grid = coded.assign(present=True).pivot_table(
        index=["issue_id", "issue"], columns="text_code", values="present", aggfunc="any", fill_value=False
    )
    return grid.reindex(columns=text_codes, fill_value=False).reset_index()
