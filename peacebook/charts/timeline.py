"""The timeline chapter's chart: every event, filterable by category and word, zoomable, each sourced."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..data.checks import VERDICT_COLUMN, marked_publishers
from ..data.vocabulary import Vocabularies, book_vocabularies
from .style import (
    FADED,
    FIT,
    FIT_WIDTH,
    SOURCE,
    SOURCE_LINK,
    SOURCE_URL,
    by_width,
    menu_with_all,
    titled,
    vocabulary_colour,
    vocabulary_shape,
)

SOURCE_TOOLTIP = [
    alt.Tooltip("date_label:N", title="Date"),
    alt.Tooltip("title:N", title="Event"),
    alt.Tooltip("description:N", title="What happened"),
    alt.Tooltip("actors_label:N", title="Who"),
    SOURCE,
    SOURCE_URL,
]


def _timeline_frame(events: pd.DataFrame, vocab: Vocabularies) -> pd.DataFrame:
    """The columns the timeline chart draws, as plain JSON-friendly values."""
    frame = pd.DataFrame(
        {
            "event_id": events["event_id"].astype(str),
            "date": events["date"].dt.strftime("%Y-%m-%d"),
            "title": events["title"].astype(str),
            "description": events["description"].astype(str),
            "category": events["category"].astype(str),
            "actors_label": events["actors"].astype(str).str.replace(";", ", "),
            "source_publisher": marked_publishers(events["source_publisher"], events.get(VERDICT_COLUMN)),
            "source_url": events["source_url"].astype(str),
        }
    )
    ends = events["end_date"].dt.strftime("%d %b %Y").fillna("")
    starts = events["date"].dt.strftime("%d %b %Y")
    frame["date_label"] = [f"{s} – {e}" if e else s for s, e in zip(starts, ends)]
    frame["category_label"] = frame["category"].map(vocab.event_categories.label)
    return frame


def timeline_finding(frame: pd.DataFrame, first, last) -> str:
    """The timeline's title: its span, and how many of its events are talks and how many agreements.

    >>> rows = pd.DataFrame({"category": ["talks", "talks", "agreement"]})
    >>> timeline_finding(rows, pd.Timestamp("2014-03-01"), pd.Timestamp("2026-06-01"))
    'The war and the talks, March 2014 to June 2026: 3 events, 2 of them rounds of talks and 1 agreement'
    """
    counts = frame["category"].value_counts()
    talks, agreements = int(counts.get("talks", 0)), int(counts.get("agreement", 0))
    return (
        f"The war and the talks, {first:%B %Y} to {last:%B %Y}: {len(frame)} events, {talks} of them rounds of "
        f"talks and {agreements} agreement{'' if agreements == 1 else 's'}"
    )


def timeline_chart(events: pd.DataFrame, width=FIT, vocab: Vocabularies | None = None) -> alt.VConcatChart:
    """An interactive timeline of `events` (the validated events table), as wide as its column.

    Readers filter by category and by a word, drag across the overview strip to zoom the detail
    view, hover a symbol to read the event and its source, and click it to open the source.
    """
    categories = (vocab or book_vocabularies()).event_categories
    frame = _timeline_frame(events, vocab or book_vocabularies())
    labels = categories.labels
    colour = vocabulary_colour("category_label:N", "Category", categories)
    shape = vocabulary_shape("category_label:N", "Category", categories)

    category = menu_with_all("category", labels, "All categories", "Category ")
    search = alt.param(
        name="search",
        value="",
        bind=alt.binding(input="search", placeholder="e.g. Minsk, OSCE, Istanbul", name="Search "),
    )
    zoom = alt.selection_interval(name="zoom", encodings=["x"])
    # One expression decides which events match, used both to draw them and to count them.
    # indexof (not a regular expression) so that any text a reader types is safe.
    matches = (
        "(category == 'all' || datum.category_label == category) && "
        "(search == '' || indexof(lower(datum.title + ' ' + datum.description + ' ' + "
        "datum.actors_label + ' ' + datum.source_publisher), lower(search)) >= 0)"
    )

    first, last = events["date"].min(), events["date"].max()
    base = alt.Chart(frame).transform_calculate(match=f"({matches}) ? 1 : 0")
    overview = titled(
        base.mark_tick(thickness=2, size=14)
        .encode(
            x=alt.X("date:T", title=None, scale=alt.Scale(padding=6), axis=alt.Axis(format="%Y", labelOverlap=True)),
            color=alt.condition("datum.match == 1", colour, alt.value(FADED), legend=None),
        )
        .add_params(zoom),
        "Drag across this strip to zoom the timeline below; click it to reset",
        width=width,
        height=36,
        hint=True,
        name="timeline_overview",
    )
    points = (
        base.transform_filter("datum.match == 1")
        .mark_point(size=120, filled=True, opacity=0.9, clip=True)
        .encode(
            x=alt.X(
                "date:T",
                title="Date",
                scale=alt.Scale(domain={"param": "zoom", "encoding": "x"}, padding=12),
                axis=alt.Axis(labelAngle=0, labelOverlap=True, tickCount=by_width(4, 8)),
            ),
            y=alt.Y("category_label:N", title=None, sort=labels, scale=alt.Scale(domain=labels)),  # lanes stay put
            color=colour,
            shape=shape,
            tooltip=SOURCE_TOOLTIP,
            href=SOURCE_LINK,
        )
    )
    shown = (
        base.transform_aggregate(
            matched="sum(match)",
            total="count()",
        )
        .transform_calculate(
            label="'Showing ' + datum.matched + ' of ' + datum.total + ' events'",
        )
        .mark_text(align="left", baseline="middle", fontSize=12, fontWeight="bold")
        .encode(
            x=alt.value(0),
            y=alt.value(8),
            text="label:N",
        )
        .properties(width=width, height=16)
    )
    detail = points.add_params(category, search).properties(width=width, height=34 * len(labels))
    return (
        titled(
            alt.vconcat(overview, shown, detail, spacing=12),
            timeline_finding(frame, first, last),
            "Hover a symbol for the event and its source; click it to open the source.",
            description=(
                "Timeline of events in the Russia–Ukraine war and the peace talks, one symbol per event, "
                "in lanes by category. Filters and a zoom strip change which events are shown; "
                "the table below the chart lists every event with its source."
            ),
        )
        .properties(autosize=FIT_WIDTH)
        .configure_view(stroke=None)
        .configure_legend(orient="bottom", columns=by_width(2, 4))
    )
