"""The Donbas chapter's Minsk II chart: the text's order of steps beside each side's reading of it."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from ..data.checks import VERDICT_COLUMN, marked_publishers
from ..data.vocabulary import Vocabularies, book_vocabularies
from .style import FIT, NARROW, WHITE, by_width, menu_with_all, titled, unless, vocabulary_colour


def reading_order(sequences: pd.DataFrame, parties: list[str]) -> list[str]:
    """The readings as columns: the text's own order first (its holder is no party), then each party's, in
    the parties' order.

    >>> rows = pd.DataFrame({"reading": ["R", "U", "T"], "holder": ["Russia", "Ukraine", "Minsk II text"]})
    >>> reading_order(rows, ["Ukraine", "Russia"])
    ['T', 'U', 'R']
    """
    holders = sequences.drop_duplicates("reading")
    rank = {party: number for number, party in enumerate(parties, start=1)}
    return [r.reading for r in sorted(holders.itertuples(), key=lambda r: rank.get(r.holder, 0))]


def sequencing_finding(sequences: pd.DataFrame, parties: list[str], first: str, then: str, labels) -> str:
    """The chart's title, in words: in which readings step `first` comes before step `then`, and in which after
    (a party's reading by its name, the text's own order as "the text").

    >>> rows = pd.DataFrame({"reading": ["A's reading"] * 2 + ["T"] * 2, "holder": ["A", "A", "text", "text"],
    ...                      "element": ["x", "y", "x", "y"], "step": [1, 2, 2, 1]})
    >>> sequencing_finding(rows, ["A"], "x", "y", {"x": "Border", "y": "Elections"}.get)
    "Minsk II's steps: border before elections in A's reading; after them in the text"
    """
    before, after = [], []
    for reading, rows in sequences.groupby("reading", sort=False):
        steps = dict(zip(rows["element"], rows["step"]))
        if pd.notna(steps.get(first)) and pd.notna(steps.get(then)):
            name = reading if rows["holder"].iloc[0] in parties else "the text"
            (before if steps[first] < steps[then] else after).append(name)
    if not before or not after:
        return "Minsk II's steps: the text's order and each side's reading"
    return (
        f"Minsk II's steps: {labels(first).lower()} before {labels(then).lower()} in {' and '.join(before)}; "
        f"after them in {' and '.join(after)}"
    )


def sequencing_chart(sequences: pd.DataFrame, width=FIT, vocab: Vocabularies | None = None) -> alt.LayerChart:
    """Minsk II's main steps in the order of the text and as each side read them.

    A reader picks a step from the menu (or clicks one) to follow it across the three columns.
    """
    vocab = vocab or book_vocabularies()
    elements = vocab.sequence_elements
    readings = reading_order(sequences, vocab.parties)
    frame = pd.DataFrame(
        {
            "reading": sequences["reading"].astype(str),
            "element": sequences["element"].astype(str),
            "label": sequences["element"].map(elements.label),
            "place": [f"Step {int(s)}" if pd.notna(s) else "No step" for s in sequences["step"]],
            "points": sequences["points"].astype(str).str.replace(";", ", "),
            "note": sequences["note"].astype(str),
            "source": marked_publishers(sequences["source_publisher"], sequences.get(VERDICT_COLUMN)),
        }
    )
    places = [f"Step {i}" for i in range(1, 6)] + ["No step"]
    holders = dict(zip(sequences["reading"].astype(str), sequences["holder"].astype(str)))
    follow = menu_with_all("follow", elements.labels, "All steps", "Follow a step ")
    focus = "follow == 'all' || datum.label == follow"
    x = alt.X(
        "reading:N",
        title=None,
        sort=readings,
        scale=alt.Scale(domain=readings, paddingInner=by_width(0.12, 0.4), paddingOuter=by_width(0.05, 0.2)),
        # on a phone, each reading by its holder's name alone, to fit its narrow column
        axis=alt.Axis(
            orient="top",
            labelAngle=0,
            labelFontWeight="bold",
            labelLimit=200,
            labelExpr=f"{NARROW} ? {json.dumps(holders)}[datum.label] : datum.label",
            ticks=False,
            domain=False,
        ),
    )
    y = alt.Y(
        "place:N",
        title=None,
        sort=places,
        scale=alt.Scale(domain=places, paddingInner=0.3),
        axis=alt.Axis(ticks=False, domain=False),
    )
    colour = vocabulary_colour("label:N", "Step", elements, legend=None)
    tooltip = [
        alt.Tooltip("reading:N", title="Reading"),
        alt.Tooltip("label:N", title="Step"),
        alt.Tooltip("place:N", title="Place"),
        alt.Tooltip("points:N", title="Minsk II points"),
        alt.Tooltip("note:N", title="What it means"),
        alt.Tooltip("source:N", title="Source"),
    ]
    base = alt.Chart(frame).encode(x=x, y=y)
    lines = (
        base.transform_filter("datum.place != 'No step'")
        .mark_line(strokeWidth=3)
        .encode(detail="label:N", color=colour, opacity=unless(focus, 0.8, 0.08))
    )
    boxes = base.mark_rect(cornerRadius=4).encode(color=colour, opacity=unless(focus, 0.95, 0.15), tooltip=tooltip)
    # on a phone, a step's name of two words takes two lines inside its box
    words = (
        base.transform_calculate(words=f"{NARROW} ? split(datum.label, ' ') : datum.label")
        .mark_text(fontSize=12, fontWeight="bold", color=WHITE, lineHeight=13)
        .encode(text="words:N", opacity=unless(focus, 1, 0.3), tooltip=tooltip)
    )
    return (
        titled(
            alt.layer(lines, boxes, words).add_params(follow),
            sequencing_finding(sequences, vocab.parties, "border", "elections", elements.label),
            "Choose a step to follow it across the columns; hover a box for its points and source.",
            description=(
                "Three columns show five main steps of Minsk II: in the order the text numbers them, as Ukraine read "
                "them (ceasefire, withdrawal, border, elections, special status) and as Russia read them (ceasefire, "
                "elections, special status, border, with no withdrawal step). Lines join the same step across columns."
            ),
            width=width,
            height=320,
        )
        .configure_view(stroke=None)
        .configure_axis(grid=False)
    )
