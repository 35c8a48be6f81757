"""The parties' recorded stances (current and comparison chapters): on each point of a proposal, and over time."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from ..data.checks import VERDICT_COLUMN, marked_publishers
from ..data.vocabulary import Vocabularies, Vocabulary, book_vocabularies
from .style import (
    DATE,
    FIT,
    SOURCE,
    SOURCE_LINK,
    WHITE,
    bottom_legend,
    by_width,
    menu,
    menu_with_all,
    titled,
    unless,
    vocabulary_colour,
)

# What every stance's tooltip says after the stance itself.
RECORD = [alt.Tooltip("summary:N", title="On the record"), alt.Tooltip("speaker:N", title="Who")]
EVIDENCE = alt.Tooltip("evidence:N", title="Evidence")


def _symbol_labels(stances: Vocabulary) -> str:
    """A legend label expression that writes each stance's symbol after its label.

    The labels and symbols are data: written as JSON string literals, never as bare text."""
    return (
        "datum.label + ' ' + "
        + " : ".join(f"(datum.label == {json.dumps(t.label)} ? {json.dumps(t.symbol)}" for t in stances)
        + " : ''"
        + ")" * len(stances)
    )


def stance_counts(grid: pd.DataFrame, stances: list[str], parties: list[str]) -> str:
    """On how many of the grid's points each party's stance is one of `stances`, in words for a title, every
    party named in the book's order (a count is the record, not a verdict on it).

    >>> grid = pd.DataFrame({"party": ["A", "A", "B", "B"], "point_ref": ["1", "2", "1", "2"],
    ...                      "stance": ["other", "accepted", "proposed", "accepted"]})
    >>> stance_counts(grid, ["proposed", "accepted"], ["B", "A"])
    'B 2, A 1 of 2 points'
    """
    points = grid["point_ref"].nunique()
    held = grid[grid["stance"].isin(stances)].groupby("party")["point_ref"].nunique()
    return ", ".join(f"{party} {int(held.get(party, 0))}" for party in parties) + f" of {points} points"


def stance_grid_chart(grid: pd.DataFrame, title: str, vocab: Vocabularies | None = None) -> alt.LayerChart:
    """Points of a proposal (rows) by parties (columns): each party's recorded stance, filterable.

    `grid` is current.stance_grid(...). Readers pick a party and a stance from menus; hovering a cell
    shows the statement, who made it, when, and the source; clicking opens the source. The title (`title`, then
    how many points each party rejected on the record) says what the grid shows.
    """
    vocab = vocab or book_vocabularies()
    stances, parties = vocab.stances, vocab.parties
    frame = grid.assign(
        row=grid["point_ref"] + " · " + grid["option"],
        stance_label=grid["stance"].map(stances.label),
        symbol=grid["stance"].map(lambda s: stances[s].symbol),
    )
    rows = list(dict.fromkeys(frame["row"]))
    party = menu_with_all("party_pick", parties, "All parties", "Party ")
    stance = menu_with_all("stance_pick", stances.labels, "All stances", "Stance ")
    shown = (
        "(party_pick == 'all' || datum.party == party_pick) && "
        "(stance_pick == 'all' || datum.stance_label == stance_pick)"
    )
    base = alt.Chart(frame).encode(
        x=alt.X(
            "party:N",
            title=None,
            sort=parties,
            scale=alt.Scale(domain=parties),
            # on a phone, a party's name runs up from its narrow column
            axis=alt.Axis(orient="top", labelAngle=by_width(-90, 0)),
        ),
        y=alt.Y("row:N", title=None, sort=rows, axis=alt.Axis(labelLimit=by_width(170, 330))),
        tooltip=[
            alt.Tooltip("party:N", title="Party"),
            alt.Tooltip("row:N", title="Point"),
            alt.Tooltip("stance_label:N", title="Stance"),
            *RECORD,
            alt.Tooltip("date:N", title="When"),
            EVIDENCE,
            SOURCE,
        ],
    )
    cells = base.mark_rect(stroke=WHITE, strokeWidth=2).encode(
        color=vocabulary_colour(
            "stance_label:N",
            "Stance",
            stances,
            legend=bottom_legend(columns=by_width(1, 4), labelExpr=_symbol_labels(stances)),
        ),
        opacity=unless(shown, 1, 0.12),
        href=SOURCE_LINK,
    )
    glyphs = base.mark_text(fontSize=14).encode(text="symbol:N", opacity=unless(shown, 1, 0.15))
    takes = [s for s in ("proposed", "accepted") if s in stances]
    return titled(
        alt.layer(cells, glyphs).add_params(party, stance),
        f"{title}. Its option proposed or accepted on the record: {stance_counts(grid, takes, parties)}",
        "Each party's latest recorded stance on each point; hover a cell for the statement and its source.",
        description=(
            "A grid of the proposal's points (rows) by parties (columns). Each cell shows, by symbol and colour, the "
            "party's latest recorded stance on the option the point takes: proposed, accepted, conditionally open, "
            "contradictory, a position on another option of the same issue, rejected, or no position on record."
        ),
        width=FIT,
        height=alt.Step(26),
    )


def positions_timeline_chart(
    positions: pd.DataFrame,
    issues: pd.DataFrame,
    options: pd.DataFrame,
    issue_ids: list[str] | None = None,
    width=FIT,
    vocab: Vocabularies | None = None,
    since: str = "2022-01-01",
) -> alt.LayerChart:
    """Each party's recorded stances over time on one issue at a time (chosen from a menu).

    A symbol per recorded position, in a lane per party: where positions drifted, and where they never moved.
    The time axis opens on the positions recorded `since` a date (the talks since 2022, where most are); a menu
    widens it to every year, so the few earlier positions do not squeeze the rest into a corner.
    """
    if issue_ids is not None:
        positions = positions[positions["issue_id"].isin(issue_ids)]
    vocab = vocab or book_vocabularies()
    stances, parties = vocab.stances, vocab.parties
    titles = dict(zip(issues["issue_id"], issues["title"]))
    labels = dict(zip(options["option_id"], options["label"]))
    frame = pd.DataFrame(
        {
            "date": positions["date"].dt.strftime("%Y-%m-%d"),
            "party": positions["party"].astype(str),
            "issue": positions["issue_id"].map(lambda i: f"{i} {titles[i]}"),
            "option": [
                f"{o} {labels[o]}" if isinstance(o, str) else "(the issue as a whole)" for o in positions["option_id"]
            ],
            "stance_label": positions["stance"].map(stances.label),
            "symbol": positions["stance"].map(lambda s: stances[s].symbol),
            "evidence": positions["evidence"].str.replace("_", " "),
            "speaker": positions["speaker"].astype(str),
            "summary": positions["summary"].astype(str),
            "source_publisher": marked_publishers(positions["source_publisher"], positions.get(VERDICT_COLUMN)),
            "source_url": positions["source_url"].astype(str),
        }
    )
    issue_names = [
        f"{i} {titles[i]}" for i in issues.sort_values("order")["issue_id"] if f"{i} {titles[i]}" in set(frame["issue"])
    ]
    pick = menu("issue_pick", issue_names, "Issue ")
    start = pd.Timestamp(since)
    earlier = int((positions["date"] < start).sum())
    period = menu("period", [f"since {start:%Y}", "all years"], "Years ")
    base = (
        alt.Chart(frame)
        .transform_filter("datum.issue == issue_pick")
        .transform_filter(
            f"period == 'all years' || time(datum.date) >= time({json.dumps(start.strftime('%Y-%m-%d'))})"
        )
        .encode(
            # padded, so that a symbol at either end stays whole inside the plot
            x=alt.X(
                "date:T",
                title=None,
                scale=alt.Scale(padding=16),
                axis=alt.Axis(labelOverlap=True, tickCount=by_width(4, 8)),
            ),
            y=alt.Y("party:N", title=None, sort=parties, scale=alt.Scale(domain=parties)),
            tooltip=[
                DATE,
                alt.Tooltip("party:N", title="Party"),
                alt.Tooltip("stance_label:N", title="Stance"),
                alt.Tooltip("option:N", title="On"),
                *RECORD,
                EVIDENCE,
                SOURCE,
            ],
        )
    )
    marks = base.mark_point(size=260, filled=True, opacity=0.85).encode(
        color=vocabulary_colour("stance_label:N", "Stance", stances, legend=bottom_legend(columns=by_width(1, 4))),
        href=SOURCE_LINK,
    )
    glyphs = base.mark_text(fontSize=12).encode(text="symbol:N")
    said = positions["stance"].astype(str) + " " + positions["option_id"].fillna("").astype(str)
    moved = said.groupby([positions["issue_id"], positions["party"]]).nunique()
    issues_moved = moved[moved > 1].reset_index()["issue_id"].nunique()
    return titled(
        alt.layer(marks, glyphs).add_params(pick, period),
        f"On {issues_moved} of {positions['issue_id'].nunique()} issues, a party's recorded stance or option "
        "changed over time" + ("; on the others, none did" if issues_moved < positions["issue_id"].nunique() else ""),
        "Choose an issue; hover a symbol for the statement, its evidence and source."
        + (f" {earlier} positions from before {start:%Y}: choose all years." if earlier else ""),
        description=(
            "For the issue chosen in the menu, each party's recorded positions as symbols along a time axis, "
            "one lane per party, showing where positions moved and where they did not."
        ),
        width=width,
        height=alt.Step(44),
    )
