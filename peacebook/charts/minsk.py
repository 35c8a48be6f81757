"""The Donbas chapter's Minsk II chart: the text's order of steps beside each side's reading of it."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..checks import VERDICT_COLUMN, marked_publishers
from ..vocabulary import Vocabularies, book_vocabularies
from .style import WHITE, menu_with_all, titled, unless, vocabulary_colour


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


def sequencing_chart(sequences: pd.DataFrame, width: int = 520, vocab: Vocabularies | None = None) -> alt.LayerChart:
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
    follow = menu_with_all("follow", elements.labels, "All steps", "Follow a step ")
    focus = "follow == 'all' || datum.label == follow"
    x = alt.X(
        "reading:N",
        title=None,
        sort=readings,
        scale=alt.Scale(domain=readings, paddingInner=0.4, paddingOuter=0.2),
        axis=alt.Axis(orient="top", labelAngle=0, labelFontWeight="bold", labelLimit=200, ticks=False, domain=False),
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
    words = base.mark_text(fontSize=12, fontWeight="bold", color=WHITE).encode(
        text="label:N", opacity=unless(focus, 1, 0.3), tooltip=tooltip
    )
    return (
        titled(
            alt.layer(lines, boxes, words).add_params(follow),
            "Minsk II's steps: the text's order and each side's reading",
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
