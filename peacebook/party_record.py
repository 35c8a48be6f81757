"""A party's public record, for role-play: its latest recorded stance on each option with the source, the
rows behind them, a one-line summary of what the record covers, and an example brief grounded in it.

What a student marks in a brief is their assumption about the party (peacebook.negotiation works those out);
what is here is the party's own record, in data/positions.csv, as the workshop's model reads it.
"""

from __future__ import annotations

import pandas as pd

from .settlement import Catalogue, Choice, Draft

POSITION_COLUMNS = [
    "issue_id",
    "issue",
    "option_id",
    "option",
    "stance",
    "speaker",
    "date",
    "evidence",
    "position_id",
    "source_publisher",
    "source_url",
]


def public_positions(catalogue: Catalogue, party: str) -> pd.DataFrame:
    """A party's latest recorded stance on each option it has spoken to, with its source: the public side of a
    role's brief. Issues the record is silent on have no rows."""
    rows = [
        {
            "issue_id": catalogue.option_issue[s.option_id],
            "issue": catalogue.issue_title[catalogue.option_issue[s.option_id]],
            "option_id": s.option_id,
            "option": catalogue.option_label[s.option_id],
            "stance": s.stance,
            "speaker": s.speaker,
            "date": s.date,
            "evidence": s.evidence,
            "position_id": s.position_id,
            "source_publisher": s.source_publisher,
            "source_url": s.source_url,
        }
        for s in catalogue.latest_stances()
        if s.party == party
    ]
    order = {issue_id: i for i, issue_id in enumerate(catalogue.issue_ids)}
    return (
        pd.DataFrame(rows, columns=POSITION_COLUMNS)
        .sort_values(["issue_id", "option_id"], key=lambda c: c.map(order) if c.name == "issue_id" else c)
        .reset_index(drop=True)
    )


def latest_positions(catalogue: Catalogue, positions: pd.DataFrame, party: str) -> pd.DataFrame:
    """The rows of the positions table behind `public_positions`: the party's latest stance on each option, in
    issue order, for a role brief that shows them with their sources (tables.positions_html)."""
    ids = public_positions(catalogue, party)["position_id"]
    rows = positions.set_index("position_id").loc[list(ids)].reset_index()
    return rows[positions.columns]


def record_summary(catalogue: Catalogue, party: str, rows: pd.DataFrame) -> str:
    """One line on how much of the taxonomy a party's recorded stances cover, naming the issues it is silent on."""
    silent = [f"{i} {catalogue.issue_title[i]}" for i in catalogue.issue_ids if i not in set(rows["issue_id"])]
    return (
        f"{party}: {len(rows)} latest stances on record, on {rows['issue_id'].nunique()} of "
        f"{len(catalogue.issue_ids)} issues. Silent on: {', '.join(silent) or 'none'}."
    )


def grounded_brief(catalogue: Catalogue, party: str, **metadata):
    """An example brief whose ranges follow the party's recorded positions: on each issue it marks acceptable
    the options the party's latest stance proposed, accepted or left conditionally open, opens with a proposed
    one (else an accepted one), and cites the rows; where the record is silent it marks nothing and says so."""
    positions = public_positions(catalogue, party)
    draft = Draft(role=party, **metadata)
    for issue_id in catalogue.issue_ids:
        rows = positions[positions.issue_id == issue_id]
        # stances that put an option inside the party's range on the record (stances.csv): marked acceptable
        # without comment; a rejected option needs the brief to say why; other stances are not enough
        within = rows[rows.stance.isin(catalogue.vocab.within_range_stances)]
        if within.empty:
            said = "; ".join(f"{r.stance.replace('_', ' ')} {r.option_id} ({r.position_id})" for r in rows.itertuples())
            draft.choices[issue_id] = Choice(
                justification=(
                    f"The record holds no option {party} proposed, accepted or left open on this issue"
                    + (f" (it has: {said})" if said else "")
                    + "; the range is left not stated."
                )
            )
            continue
        opening = next(
            (
                r.option_id
                for stance in catalogue.vocab.within_range_stances  # in the stances table's order
                for r in within.itertuples()
                if r.stance == stance
            ),
            None,
        )
        cites = "; ".join(
            f"{r.option_id} {r.stance.replace('_', ' ')}: {r.speaker}, {r.date} ({r.position_id}, {r.source_publisher})"
            for r in within.itertuples()
        )
        draft.choices[issue_id] = Choice(
            option_id=opening, acceptable=tuple(within.option_id), justification=f"From the record: {cites}."
        )
    return draft
