"""A party's public record, for role-play: its latest recorded stance on each option with the source, its
statements that carry no option code, when each was said, a one-line summary of what the record covers, and an
example brief grounded in it.

What a student marks in a brief is their assumption about the party (peacebook.classroom.negotiation works those out);
what is here is the party's own record, in data/positions.csv, as the workshop's model reads it. Two things
about the record are always said aloud: a stance taken before the full-scale invasion of 24 February 2022 is
marked as such (the war changed what the parties ask), and a statement with no option code is listed under
its issue like any other (the taxonomy has no option that fits its words, which is no reason to hide it).
"""

from __future__ import annotations

import pandas as pd

from .settlement import Catalogue, Choice, Draft, Stance

# The day Russia launched its full-scale invasion (events.csv, 2022-russia-launches-full-scale-invasion-of).
# Stances taken before it are marked, and example briefs leave them out unless the party said the same since.
FULL_SCALE_INVASION = pd.Timestamp("2022-02-24")
BEFORE_INVASION = "said before the full-scale invasion of 24 Feb 2022"
LATEST_UNCODED = "the latest statement on this issue, with no option code: read it before the coded stances"

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
EXAMPLE_FALLBACK = (
    "(Made-up example, the same for every party.) With no agreement at this table, the party keeps to the positions "
    "on its record (see its role page) and the talks go on elsewhere. A student would say here what that costs the "
    "party and what would make it better or worse, citing the record and labelling their own inference."
)


def public_positions(catalogue: Catalogue, party: str) -> pd.DataFrame:
    """A party's latest recorded stance on each option it has spoken to, with its source. Issues the record is
    silent on have no rows; statements with no option code are in `record_rows`."""
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


def record_rows(catalogue: Catalogue, positions: pd.DataFrame, party: str) -> pd.DataFrame:
    """The rows of the positions table on a party's role page: its latest stance on each option (and, where a
    later row on weaker evidence repeats it, the row that stance stands on: `strongest_record`), and every
    statement it made with no option code, issue by issue in the taxonomy's order and newest first within an
    issue, each with a `note` saying whether it predates the full-scale invasion and whether it is the latest
    statement on its issue with no option code."""
    stances = public_positions(catalogue, party)
    evidence_rank = {e: n for n, e in enumerate(catalogue.vocab.evidence.codes)}
    replaced = set(superseded(positions))
    latest = set(stances["position_id"]) | {
        strongest_record(catalogue, party, option_id, evidence_rank, replaced).position_id
        for option_id in stances["option_id"]
    }
    own = positions[positions["party"] == party]
    rows = own[own["position_id"].isin(latest) | own["option_id"].isna()].copy()
    order = {issue_id: i for i, issue_id in enumerate(catalogue.issue_ids)}
    rows = rows.assign(issue_order=rows["issue_id"].map(order)).sort_values(
        ["issue_order", "date", "position_id"], ascending=[True, False, True]
    )
    newest = set(rows.drop_duplicates("issue_id")["position_id"])
    replaced = superseded(positions)
    rows["note"] = [
        "; ".join(
            note
            for note, applies in (
                (BEFORE_INVASION, row.date < FULL_SCALE_INVASION),
                (f"superseded by {replaced.get(row.position_id)}", row.position_id in replaced),
                (LATEST_UNCODED, row.position_id in newest and pd.isna(row.option_id)),
            )
            if applies
        )
        for row in rows.itertuples()
    ]
    return rows[[*positions.columns, "note"]].reset_index(drop=True)


def superseded(positions: pd.DataFrame) -> dict[str, str]:
    """Each position a later one replaces (the positions table's `supersedes`), with the row that replaces it."""
    later = positions.dropna(subset=["supersedes"])
    return dict(zip(later["supersedes"], later["position_id"]))


def record_summary(catalogue: Catalogue, party: str, rows: pd.DataFrame) -> str:
    """One line on how much of the taxonomy a party's record (`record_rows`) covers: its latest stances on
    options, its statements with no option code, how many predate the invasion, and the issues it is silent on."""
    silent = [f"{i} {catalogue.issue_title[i]}" for i in catalogue.issue_ids if i not in set(rows["issue_id"])]
    coded = int(rows["option_id"].notna().sum())
    before = int((rows["date"] < FULL_SCALE_INVASION).sum())
    return (
        f"{party}: {coded} latest stances on options and {len(rows) - coded} statements with no option code, on "
        f"{rows['issue_id'].nunique()} of {len(catalogue.issue_ids)} issues; {before} said before the full-scale "
        f"invasion of 24 Feb 2022. Silent on: {', '.join(silent) or 'none'}."
    )


def grounded_brief(catalogue: Catalogue, party: str, positions: pd.DataFrame | None = None, **metadata) -> Draft:
    """An example brief whose ranges follow the party's recorded positions: on each issue it marks acceptable
    the options the party's latest stance since the full-scale invasion proposed, accepted or left conditionally
    open, opens with a proposed one (else an accepted one; on the strongest evidence, the latest), and cites the
    rows. A stance from before the invasion that the party has not repeated since is left out and named; where
    nothing is left, the range is left not stated and the brief says so. With `positions`, a stance a later row
    supersedes is left out and named too, and the brief names a later statement on the issue that has no option
    code."""
    stances = public_positions(catalogue, party)
    uncoded = (
        pd.DataFrame() if positions is None else positions[(positions.party == party) & positions.option_id.isna()]
    )
    replaced = {} if positions is None else superseded(positions)
    draft = Draft(role=party, **metadata)
    for issue_id in catalogue.issue_ids:
        rows = stances[stances.issue_id == issue_id]
        notes = [
            f"Left out: {r.stance.replace('_', ' ')} {r.option_id} ({r.position_id}), superseded by "
            f"{replaced[r.position_id]}."
            for r in rows.itertuples()
            if r.position_id in replaced
        ]
        rows = rows[~rows.position_id.isin(list(replaced))]
        since = rows[pd.to_datetime(rows.date) >= FULL_SCALE_INVASION]
        # stances that put an option inside the party's range on the record (stances.csv): marked acceptable
        # without comment; a rejected option needs the brief to say why; other stances are not enough
        within = since[since.stance.isin(catalogue.vocab.within_range_stances)]
        notes += [
            f"Left out: {r.stance.replace('_', ' ')} {r.option_id} ({r.position_id}, {r.date}), said before the "
            "full-scale invasion of 24 Feb 2022 and not repeated since."
            for r in rows[pd.to_datetime(rows.date) < FULL_SCALE_INVASION].itertuples()
            if r.stance in catalogue.vocab.within_range_stances
        ]
        later = [] if uncoded.empty else uncoded[uncoded.issue_id == issue_id]
        newest_coded = pd.to_datetime(within.date).max() if not within.empty else pd.Timestamp.min
        notes += [
            f"A later statement on the issue has no option code: {r.position_id} ({r.date:%Y-%m-%d}, {r.speaker}); "
            "read it before relying on the coded stances."
            for r in (later.itertuples() if len(later) else [])
            if r.date > newest_coded
        ]
        if within.empty:
            said = "; ".join(
                f"{r.stance.replace('_', ' ')} {r.option_id} ({r.position_id})" for r in since.itertuples()
            )
            draft.choices[issue_id] = Choice(
                justification=" ".join(
                    [
                        f"The record holds no option {party} proposed, accepted or left open on this issue since "
                        "the full-scale invasion"
                        + (f" (it has: {said})" if said else "")
                        + "; the range is left not stated.",
                        *notes,
                    ]
                )
            )
            continue
        # the opening: the strongest stance (the stances table's order), on the strongest evidence (the evidence
        # ladder's order), the latest of those; a stance stands on the strongest evidence the party gave for it
        stance_rank = {s: n for n, s in enumerate(catalogue.vocab.within_range_stances)}
        evidence_rank = {e: n for n, e in enumerate(catalogue.vocab.evidence.codes)}
        strongest = {
            r.option_id: strongest_record(catalogue, party, r.option_id, evidence_rank, set(replaced))
            for r in within.itertuples()
        }
        opening = min(
            within.itertuples(),
            key=lambda r: (
                stance_rank[r.stance],
                evidence_rank[strongest[r.option_id].evidence],
                _negated(r.date),
            ),
        ).option_id
        cites = "; ".join(
            f"{r.option_id} {r.stance.replace('_', ' ')}: {r.speaker}, {r.date} ({r.position_id}, {r.source_publisher})"
            + _stronger_note(catalogue, strongest[r.option_id], r.position_id)
            for r in within.itertuples()
        )
        draft.choices[issue_id] = Choice(
            option_id=opening,
            acceptable=tuple(within.option_id),
            justification=" ".join([f"From the record: {cites}.", *notes]),
        )
    return draft


def strongest_record(
    catalogue: Catalogue, party: str, option_id: str, evidence_rank: dict[str, int], replaced: set[str] = frozenset()
) -> Stance:
    """The record a party's latest stance on an option stands on: of the party's rows that take that stance, from
    the latest back to the last row that took another stance on the option, the one on the strongest evidence
    (the latest of those). A later report from anonymous sources repeating what an official said on the record
    does not weaken the stance to anonymous sources. Rows from before the full-scale invasion and rows a later
    row supersedes (`replaced`) lend no strength; the latest row always counts."""
    records = [s for s in catalogue.stances_for(option_id) if s.party == party]  # latest first
    run = [records[0]]
    for record in records[1:]:
        if record.stance != records[0].stance or pd.Timestamp(record.date) < FULL_SCALE_INVASION:
            break
        if record.position_id not in replaced:
            run.append(record)
    return min(run, key=lambda s: evidence_rank[s.evidence])  # min keeps the first (latest) of equals


def _stronger_note(catalogue: Catalogue, record: Stance, cited: str) -> str:
    """Where a stance stands on an earlier row on stronger evidence than the latest one, that row, named."""
    if record.position_id == cited:
        return ""
    evidence = catalogue.vocab.evidence.label(record.evidence)
    return f" (earlier on stronger evidence, {evidence}: {record.speaker}, {record.date}, {record.position_id})"


def _negated(date: str) -> tuple[int, ...]:
    """A sort key that puts later ISO dates first."""
    return tuple(-int(part) for part in date.split("-"))


def example_priorities(positions: pd.DataFrame, party: str, issue_ids: list[str]) -> dict[str, int]:
    """The made-up example briefs' priorities, by one stated rule that treats every party alike: how many times
    the party spoke to the issue on the record since the full-scale invasion (its rows in the positions table,
    any stance, with or without an option code), at most 5. How often a party returns to an issue is one sign of
    how much it matters to it, not proof of it: a student justifies each priority from the record instead."""
    own = positions[(positions.party == party) & (positions.date >= FULL_SCALE_INVASION)]
    counts = own.groupby("issue_id").size()
    return {issue_id: min(int(counts.get(issue_id, 0)), 5) for issue_id in issue_ids}
