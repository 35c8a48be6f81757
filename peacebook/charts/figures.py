"""Charts of the figures table: sourced numbers over time (Donbas chapter) and the proposed limits on
Ukraine's armed forces beside their stated size (Istanbul chapter)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..data.checks import VERDICT_COLUMN, marked_publisher, marked_publishers
from .style import (
    DATE,
    FIT,
    LABEL_SIZE,
    LEGEND,
    PROPOSALS,
    SERIES,
    SOURCE,
    SOURCE_LINK,
    SOURCE_URL,
    THOUSANDS_AXIS,
    YEAR_AXIS,
    by_width,
    menu,
    titled,
)

VALUE = alt.Tooltip("value:Q", title="Value", format=",")
UNIT = alt.Tooltip("unit:N", title="Unit")
NOTE = alt.Tooltip("note:N", title="How to read it")


def figure_chart(
    rows: pd.DataFrame,
    title: str,
    y_title: str,
    description: str,
    colour_title: str = "Measure",
    width=FIT,
    height: int = 240,
    by_year: bool = False,
    changes: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """Points (joined by lines within each measure) for rows of the figures table, every point sourced.

    Hover a point for its value, how to read it and its source; click it to open the source.
    `by_year`: the rows are totals for calendar years (dated 31 December), so each point sits on its year's tick
    (on a time axis: years missing from the series leave their gap; a 31 December point would sit beside the next
    year's tick).
    `changes`: where the series changes how it is counted (figures.basis_changes: start, end, label),
    drawn as a shaded band with its label, so that a jump caused by counting is not read as a real change.
    """
    frame = pd.DataFrame(
        {
            "date": rows["date"].dt.strftime("%Y-%m-%d"),
            "measure": rows["measure"].astype(str),
            "value": rows["value"].astype(float),
            "unit": rows["unit"].astype(str),
            "note": rows["note"].fillna("").astype(str),
            "source_publisher": marked_publishers(rows["source_publisher"], rows.get(VERDICT_COLUMN)),
            "source_url": rows["source_url"].astype(str),
        }
    )
    x = (
        alt.X(
            "year(date):T",
            title=None,
            scale=alt.Scale(padding=12),
            axis=alt.Axis(format="%Y", tickCount="year", labelOverlap=True),
        )
        if by_year
        else alt.X("date:T", title=None, axis=YEAR_AXIS, scale=alt.Scale(padding=12))  # edge points stay whole
    )
    base = alt.Chart(frame).encode(x=x, y=alt.Y("value:Q", title=y_title, axis=THOUSANDS_AXIS))
    lines = base.mark_line(strokeDash=[4, 3], color=SERIES.line).encode(detail="measure:N")
    points = base.mark_point(size=90, filled=True).encode(
        color=alt.Color("measure:N", title=colour_title, legend=LEGEND),
        shape=alt.Shape("measure:N", title=colour_title, legend=LEGEND),  # same legend: symbols and colours together
        href=SOURCE_LINK,
        tooltip=[DATE, alt.Tooltip("measure:N", title="What"), VALUE, UNIT, NOTE, SOURCE, SOURCE_URL],
    )
    layers = [lines, points]
    if changes is not None and len(changes) and not by_year:
        breaks = pd.DataFrame(
            {
                "start": pd.to_datetime(changes["start"]).dt.strftime("%Y-%m-%d"),
                "end": pd.to_datetime(changes["end"]).dt.strftime("%Y-%m-%d"),
                "label": changes["label"].astype(str),
            }
        )
        band = (
            alt.Chart(breaks)
            .mark_rect(color=SERIES.band, opacity=0.25)
            .encode(x="start:T", x2="end:T", tooltip=[alt.Tooltip("label:N", title="Method break")])
        )
        label = (
            alt.Chart(breaks)
            # inside the plot: at its foot (the values stand well above zero), ending at the band's end, one part of
            # the label a line
            # (Vega sets a text's first line at its y: a two-line label starts a line higher)
            .mark_text(
                align="right",
                baseline="bottom",
                dx=-3,
                dy=-18,
                lineHeight=14,
                fontSize=LABEL_SIZE,
                color=SERIES.band_label,
            )
            .encode(x="end:T", y=alt.value(height), text="lines:N")
            .transform_calculate(lines="split(datum.label, ': ')")
        )
        layers = [band, *layers, label]
    return titled(
        alt.layer(*layers),
        title,
        "Hover a point for its source; click it to open the source.",
        description=description,
        width=width,
        height=height,
    )


def army_limits_chart(rows: pd.DataFrame, width=FIT, today: dict | None = None) -> alt.LayerChart:
    """Russia's and Ukraine's proposed limits in the April 2022 draft treaty, one weapons category at a time.

    `rows`: the figures of the series "Limits on Ukraine's armed forces proposed in the April 2022 draft treaty".
    `today`: for some categories, a row of the figures table giving Ukraine's forces now, keyed by the
    category (measure) it is shown beside.
    """
    frames = [
        pd.DataFrame(
            {
                "party": rows["party"].astype(str) + "'s proposal",
                "measure": rows["measure"].astype(str),
                "value": rows["value"].astype(float),
                "unit": rows["unit"].astype(str),
                "source_publisher": marked_publishers(rows["source_publisher"], rows.get(VERDICT_COLUMN)),
                "source_url": rows["source_url"].astype(str),
                "note": rows["note"].fillna("").astype(str),
            }
        )
    ]
    now = "Ukraine's forces now, as stated"
    for measure, row in (today or {}).items():
        frames.append(
            pd.DataFrame(
                [
                    {
                        "party": now,
                        "measure": measure,
                        "value": float(row["value"]),
                        "unit": str(row["unit"]),
                        "source_publisher": marked_publisher(row["source_publisher"], row.get(VERDICT_COLUMN)),
                        "source_url": str(row["source_url"]),
                        "note": f"{row['date']:%d %b %Y}: {row['note']}",
                    }
                ]
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    measures = list(dict.fromkeys(frame["measure"]))
    parties = ["Russia's proposal", "Ukraine's proposal"] + ([now] if today else [])
    colours = [PROPOSALS.russia, PROPOSALS.ukraine, PROPOSALS.actual]
    category = menu("category", measures, "Compare ")
    base = (
        alt.Chart(frame)
        .transform_filter("datum.measure == category")
        .encode(
            y=alt.Y("party:N", title=None, sort=parties, scale=alt.Scale(domain=parties)),
            x=alt.X(
                "value:Q",
                title=["Limit proposed", *(["grey bar: the size stated now"] if today else [])],
                axis=alt.Axis(format=",d", tickCount=by_width(3, 6), labelOverlap=True),
            ),
            tooltip=[
                alt.Tooltip("party:N", title="Whose"),
                alt.Tooltip("measure:N", title="What"),
                alt.Tooltip("value:Q", title="Limit", format=","),
                UNIT,
                NOTE,
                SOURCE,
            ],
        )
    )
    bars = base.mark_bar().encode(
        color=alt.Color("party:N", title=None, scale=alt.Scale(domain=parties, range=colours), legend=None),
        href=SOURCE_LINK,
    )
    labels = base.mark_text(align="left", dx=4).encode(text=alt.Text("value:Q", format=","))
    # an invisible mark a third past the longest bar: the axis runs on, so each bar's number stays in the plot
    room = base.transform_calculate(room="datum.value * 1.35").mark_point(opacity=0).encode(x="room:Q")
    description = (
        "Bars compare Russia's and Ukraine's proposed limits on Ukraine's armed forces in the unsigned draft "
        "treaty of April 2022, as reported, for the category chosen in the menu"
        + (", with Ukraine's forces now, as its president stated them, where a figure exists." if today else ".")
    )
    personnel = rows[rows["measure"] == "peacetime personnel"].set_index("party")["value"]
    title = (
        "April 2022 draft treaty, as reported: a peacetime army of "
        + ", ".join(f"{value:,.0f} in {party}'s proposal" for party, value in personnel.items())
        if len(personnel)
        else "The April 2022 draft treaty: limits on Ukraine's armed forces, as reported"
    )
    return titled(
        alt.layer(bars, labels, room).add_params(category),
        title,
        "Choose a category; a missing bar means the source gives no figure for that side.",
        description=description,
        width=width,
        height=alt.Step(40),
    )


def side_by_side(frame: pd.DataFrame, days: int = 60, step: int = 14) -> list[int]:
    """Pixels to move each point sideways so that points at the same value less than `days` apart do not cover
    each other: each such group spreads `step` px apart around its dates, in date order.

    >>> side_by_side(pd.DataFrame({"date": ["2025-11-20", "2025-11-23", "2025-12-23", "2022-03-07"],
    ...                            "value": [800.0, 800.0, 800.0, 800.0]}))
    [-14, 0, 14, 0]
    """
    nudge = [0] * len(frame)
    dates = pd.to_datetime(frame["date"])
    for _, same in frame.groupby("value"):
        group: list[int] = []
        for i in sorted(same.index, key=lambda i: dates[i]) + [None]:
            if i is not None and (not group or (dates[i] - dates[group[-1]]).days < days):
                group.append(i)
                continue
            for place, j in enumerate(group):
                nudge[frame.index.get_loc(j)] = int((place - (len(group) - 1) / 2) * step)
            group = [] if i is None else [i]
    return nudge


def ceilings_chart(
    rows: pd.DataFrame, texts: pd.DataFrame, stated: pd.DataFrame | None = None, width=FIT
) -> alt.LayerChart:
    """Proposed peacetime ceilings on Ukraine's forces, text by text, over time; optionally beside the
    army's size as Ukraine's president stated it (`stated`: rows of the figures table)."""
    titles = dict(zip(texts["text_code"], texts["short_title"]))
    frames = [
        pd.DataFrame(
            {
                "date": rows["date"].dt.strftime("%Y-%m-%d"),
                "text": rows["text_code"].map(titles).fillna("") + " (" + rows["party"].astype(str) + ")",
                "party": rows["party"].astype(str) + "'s proposal",
                "value": rows["value"].astype(float),
                "source_publisher": marked_publishers(rows["source_publisher"], rows.get(VERDICT_COLUMN)),
                "source_url": rows["source_url"].astype(str),
            }
        )
    ]
    if stated is not None and len(stated):
        frames.append(
            pd.DataFrame(
                {
                    "date": stated["date"].dt.strftime("%Y-%m-%d"),
                    "text": "Size stated by Ukraine's president (not a ceiling)",
                    "party": "Actual size, as stated by Ukraine",
                    "value": stated["value"].astype(float),
                    "source_publisher": marked_publishers(stated["source_publisher"], stated.get(VERDICT_COLUMN)),
                    "source_url": stated["source_url"].astype(str),
                }
            )
        )
    with_stated = len(frames) > 1
    frame = pd.concat(frames, ignore_index=True)
    base = alt.Chart(frame).encode(
        x=alt.X("date:T", title=None, axis=YEAR_AXIS, scale=alt.Scale(padding=20)),
        y=alt.Y("value:Q", title="Personnel", axis=THOUSANDS_AXIS, scale=alt.Scale(domain=[0, 900_000])),
    )
    frame["nudge"] = side_by_side(frame)
    marks = base.encode(
        color=alt.Color("party:N", title="Whose figure", legend=LEGEND),
        shape=alt.Shape("party:N", title="Whose figure", legend=LEGEND),
        href=SOURCE_LINK,
        tooltip=[
            alt.Tooltip("text:N", title="Text"),
            DATE,
            alt.Tooltip("value:Q", title="Personnel", format=","),
            SOURCE,
        ],
    )
    # figures weeks apart at the same level sit side by side, in the order of their dates: a layer for each
    # sideways step (Vega-Lite moves a mark on a time axis by a fixed number of pixels, not by a field)
    points = alt.layer(
        *(
            marks.transform_filter(f"datum.nudge == {nudge}").mark_point(
                size=90, filled=True, opacity=0.9, xOffset=nudge
            )
            for nudge in sorted(set(frame["nudge"]))
        )
    )

    def proposed_at(value) -> str:  # "800,000 (Europe, November 2025; Ukraine, December 2025)"
        who = rows[rows["value"] == value].sort_values("date")
        return f"{value:,.0f} (" + "; ".join(f"{r.party}, {r.date:%B %Y}" for r in who.itertuples()) + ")"

    title = (
        f"Proposed ceilings on Ukraine's peacetime army ranged from {proposed_at(rows['value'].min())} "
        f"to {proposed_at(rows['value'].max())}"
    )
    return titled(
        points,
        title,
        "Hover a point for the text and its source."
        + (" Also shown: the army's size as Ukraine's president stated it." if with_stated else ""),
        description=(
            "Proposed peacetime ceilings on Ukraine's armed forces in the 2022 drafts and the 2025 proposals, by date"
            + (", beside the size of Ukraine's army as its president stated it." if with_stated else ".")
        ),
        width=width,
        height=260,
    )
