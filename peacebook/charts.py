"""Altair charts for the book. Each takes validated tables and returns a chart.

Charts meant for the static book keep all their interaction inside Vega (parameters bound to
HTML inputs, selections), so they work on the published page with no kernel.
"""

from __future__ import annotations

import json
from collections import Counter

import altair as alt
import pandas as pd

from . import rendering  # noqa: F401  (registers the script-safe renderer every chart goes through)
from .vocabulary import Vocabularies, book_vocabularies

SOURCE_TOOLTIP = [
    alt.Tooltip("date_label:N", title="Date"),
    alt.Tooltip("title:N", title="Event"),
    alt.Tooltip("description:N", title="What happened"),
    alt.Tooltip("actors_label:N", title="Who"),
    alt.Tooltip("source_publisher:N", title="Source"),
    alt.Tooltip("source_url:N", title="Source URL"),
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
            "source_publisher": events["source_publisher"].astype(str),
            "source_url": events["source_url"].astype(str),
        }
    )
    ends = events["end_date"].dt.strftime("%d %b %Y").fillna("")
    starts = events["date"].dt.strftime("%d %b %Y")
    frame["date_label"] = [f"{s} – {e}" if e else s for s, e in zip(starts, ends)]
    frame["category_label"] = frame["category"].map(vocab.event_categories.label)
    return frame


def timeline_chart(events: pd.DataFrame, width: int = 520, vocab: Vocabularies | None = None) -> alt.VConcatChart:
    """An interactive timeline of `events` (the validated events table).

    Readers filter by category and by a word, drag across the overview strip to zoom the detail
    view, hover a symbol to read the event and its source, and click it to open the source.
    """
    categories = (vocab or book_vocabularies()).event_categories
    frame = _timeline_frame(events, vocab or book_vocabularies())
    labels = categories.labels
    colour = alt.Color(
        "category_label:N",
        title="Category",
        scale=alt.Scale(domain=labels, range=categories.colours),
    )
    shape = alt.Shape(
        "category_label:N",
        title="Category",
        scale=alt.Scale(domain=labels, range=categories.symbols),
    )

    category = alt.param(
        name="category",
        value="all",
        bind=alt.binding_select(options=["all", *labels], labels=["All categories", *labels], name="Category "),
    )
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

    base = alt.Chart(frame).transform_calculate(match=f"({matches}) ? 1 : 0")
    overview = (
        base.mark_tick(thickness=2, size=14)
        .encode(
            x=alt.X("date:T", title=None, scale=alt.Scale(padding=6), axis=alt.Axis(format="%Y", tickCount="year")),
            color=alt.condition("datum.match == 1", colour, alt.value("#d9d9d9"), legend=None),
        )
        .add_params(zoom)
        .properties(
            name="timeline_overview",
            width=width,
            height=36,
            title=alt.TitleParams(
                "Drag across this strip to zoom the timeline below; click it to reset",
                fontSize=11,
                fontWeight="normal",
                anchor="start",
            ),
        )
    )
    points = (
        base.transform_filter("datum.match == 1")
        .mark_point(size=120, filled=True, opacity=0.9, clip=True)
        .encode(
            x=alt.X(
                "date:T",
                title="Date",
                scale=alt.Scale(domain={"param": "zoom", "encoding": "x"}, padding=12),
                axis=alt.Axis(labelAngle=0, labelOverlap=True),
            ),
            y=alt.Y("category_label:N", title=None, sort=labels, scale=alt.Scale(domain=labels)),  # lanes stay put
            color=colour,
            shape=shape,
            tooltip=SOURCE_TOOLTIP,
            href="source_url:N",
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
        alt.vconcat(overview, shown, detail, spacing=12)
        .properties(
            title=alt.TitleParams(
                "The war and the talks, 2014 onwards",
                anchor="start",
                subtitle="Hover a symbol for the event and its source; click it to open the source.",
            ),
            description=(
                "Timeline of events in the Russia–Ukraine war and the peace talks, one symbol per event, "
                "in lanes by category. Filters and a zoom strip change which events are shown; "
                "the table below the chart lists every event with its source."
            ),
        )
        .configure_view(stroke=None)
        .configure_legend(orient="bottom", columns=4)
    )


SEQUENCE_READINGS = ["Order of points in Minsk II", "Ukraine's reading", "Russia's reading"]


def sequencing_chart(sequences: pd.DataFrame, width: int = 520, vocab: Vocabularies | None = None) -> alt.LayerChart:
    """Minsk II's main steps in the order of the text and as each side read them.

    A reader picks a step from the menu (or clicks one) to follow it across the three columns.
    """
    elements = (vocab or book_vocabularies()).sequence_elements
    frame = pd.DataFrame(
        {
            "reading": sequences["reading"].astype(str),
            "element": sequences["element"].astype(str),
            "label": sequences["element"].map(elements.label),
            "place": [f"Step {int(s)}" if pd.notna(s) else "No step" for s in sequences["step"]],
            "points": sequences["points"].astype(str).str.replace(";", ", "),
            "note": sequences["note"].astype(str),
            "source": sequences["source_publisher"].astype(str),
        }
    )
    places = [f"Step {i}" for i in range(1, 6)] + ["No step"]
    labels = elements.labels
    follow = alt.param(
        name="follow",
        value="all",
        bind=alt.binding_select(options=["all", *labels], labels=["All steps", *labels], name="Follow a step "),
    )
    focus = "follow == 'all' || datum.label == follow"
    x = alt.X(
        "reading:N",
        title=None,
        sort=SEQUENCE_READINGS,
        scale=alt.Scale(domain=SEQUENCE_READINGS, paddingInner=0.4, paddingOuter=0.2),
        axis=alt.Axis(orient="top", labelAngle=0, labelFontWeight="bold", labelLimit=200, ticks=False, domain=False),
    )
    y = alt.Y(
        "place:N",
        title=None,
        sort=places,
        scale=alt.Scale(domain=places, paddingInner=0.3),
        axis=alt.Axis(ticks=False, domain=False),
    )
    colour = alt.Color(
        "label:N",
        title="Step",
        scale=alt.Scale(domain=labels, range=elements.colours),
        legend=None,
    )
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
        .encode(
            detail="label:N",
            color=colour,
            opacity=alt.condition(focus, alt.value(0.8), alt.value(0.08)),
        )
    )
    boxes = base.mark_rect(cornerRadius=4).encode(
        color=colour,
        opacity=alt.condition(focus, alt.value(0.95), alt.value(0.15)),
        tooltip=tooltip,
    )
    words = base.mark_text(fontSize=12, fontWeight="bold", color="white").encode(
        text="label:N",
        opacity=alt.condition(focus, alt.value(1), alt.value(0.3)),
        tooltip=tooltip,
    )
    return (
        alt.layer(lines, boxes, words)
        .add_params(follow)
        .properties(
            width=width,
            height=320,
            title=alt.TitleParams(
                "Minsk II's steps: the text's order and each side's reading",
                anchor="start",
                subtitle="Choose a step to follow it across the columns; hover a box for its points and source.",
            ),
            description=(
                "Three columns show five main steps of Minsk II: in the order the text numbers them, as Ukraine read "
                "them (ceasefire, withdrawal, border, elections, special status) and as Russia read them (ceasefire, "
                "elections, special status, border, with no withdrawal step). Lines join the same step across columns."
            ),
        )
        .configure_view(stroke=None)
        .configure_axis(grid=False)
    )


def resemblance_chart(matches: pd.DataFrame, texts: pd.DataFrame, issues: pd.DataFrame) -> alt.Chart:
    """Issue by issue, where each text takes the same option as the student's draft.

    `matches` is Catalogue.issue_matches(draft): one row per (text, issue) the text codes.
    """
    titles = dict(zip(texts["text_code"], texts["short_title"]))
    frame = matches.assign(
        text=matches["text_code"].map(titles),
        issue=matches["issue_id"].map(dict(zip(issues["issue_id"], issues["title"]))),
        verdict=matches["same_as_draft"].map({True: "Same option as your draft", False: "A different option"}),
        glyph=matches["same_as_draft"].map({True: "●", False: "○"}),
    )
    order = frame.groupby("text")["same_as_draft"].sum().sort_values(ascending=False).index.tolist()
    issue_order = list(issues.sort_values("order")["issue_id"])
    base = alt.Chart(frame).encode(
        x=alt.X(
            "issue_id:N",
            title="Issue",
            sort=issue_order,
            scale=alt.Scale(domain=issue_order),
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y("text:N", title=None, sort=order),
        tooltip=[
            alt.Tooltip("text:N", title="Text"),
            alt.Tooltip("issue:N", title="Issue"),
            alt.Tooltip("option_id:N", title="The text's option"),
            alt.Tooltip("verdict:N", title="Compared"),
        ],
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "verdict:N",
            title=None,
            scale=alt.Scale(domain=["Same option as your draft", "A different option"], range=["#1b7837", "#d9f0d3"]),
            legend=alt.Legend(orient="bottom"),
        )
    )
    glyphs = base.mark_text(fontSize=12).encode(text="glyph:N", color=alt.value("#222"))
    return alt.layer(cells, glyphs).properties(
        width=520,
        height=alt.Step(22),
        title=alt.TitleParams(
            "Which texts your draft resembles, issue by issue",
            anchor="start",
            subtitle="● same option as your draft, ○ a different option; blank: the text is not coded on that issue.",
        ),
        description="A grid of texts by issues showing, for each issue a text covers, whether it takes the same option as the draft.",
    )


def try_it_chart(catalogue) -> alt.VConcatChart:
    """The workshop for readers with no kernel: one menu per issue; the chart counts each party's red
    lines on record among the chosen options and ranks the texts by how many choices they share.

    `catalogue` is a settlement.Catalogue. All the counting happens in the browser (Vega).
    """
    red = [
        {"party": r.party, "issue_id": catalogue.option_issue[r.option_id], "option_id": r.option_id}
        for r in catalogue.red_line_records()
    ]
    red += [{"party": party, "issue_id": "", "option_id": ""} for party in catalogue.parties]  # every party gets a bar
    titles = dict(zip(catalogue.texts["text_code"], catalogue.texts["short_title"]))
    coded = [
        {"text": titles[code], "issue_id": issue, "option_id": option}
        for code, per_issue in catalogue.text_options.items()
        for issue, option in per_issue.items()
    ]

    params, lookup = [], "null"
    for issue in reversed(list(catalogue.issues.itertuples())):
        options = catalogue.options[catalogue.options.issue_id == issue.issue_id]
        name = f"issue_{issue.issue_id}"
        params.append(
            alt.param(
                name=name,
                value="silent",
                bind=alt.binding_select(
                    options=["silent", *options["option_id"]],
                    labels=["— silent —", *[f"{o.order}. {o.label}" for o in options.itertuples()]],
                    name=f"{issue.issue_id} {issue.title} ",
                ),
            )
        )
        lookup = f"datum.issue_id == '{issue.issue_id}' ? {name} : ({lookup})"
    params.reverse()
    hit = f"(datum.option_id != '' && datum.option_id == ({lookup})) ? 1 : 0"

    red_chart = (
        alt.Chart(alt.Data(values=red))
        .transform_calculate(hit=hit)
        .transform_aggregate(red_lines="sum(hit)", groupby=["party"])
        .encode(
            y=alt.Y("party:N", title=None, sort=catalogue.parties),
            x=alt.X(
                "red_lines:Q",
                title="Options chosen that the party has rejected on the record",
                scale=alt.Scale(
                    domain=[0, max(1, max(Counter(r["party"] for r in red if r["option_id"]).values(), default=1))]
                ),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
        )
    )
    red_layer = alt.layer(
        red_chart.mark_bar(color="#b2182b"), red_chart.mark_text(align="left", dx=4).encode(text="red_lines:Q")
    ).properties(width=420, height=alt.Step(24), title="Red lines on record that your choices cross")
    text_chart = (
        alt.Chart(alt.Data(values=coded))
        .transform_calculate(hit=hit)
        .transform_aggregate(matches="sum(hit)", covered="count()", groupby=["text"])
        .transform_calculate(label="datum.matches + ' of ' + datum.covered")
        .encode(
            y=alt.Y("text:N", title=None, sort=alt.EncodingSortField("matches", order="descending")),
            x=alt.X(
                "matches:Q",
                title="Issues on which the text takes the same option as you",
                scale=alt.Scale(domain=[0, max(Counter(r["text"] for r in coded).values())]),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
        )
    )
    text_layer = alt.layer(
        text_chart.mark_bar(color="#2166ac"), text_chart.mark_text(align="left", dx=4).encode(text="label:N")
    ).properties(width=420, height=alt.Step(20), title="Texts that share your choices (closest first)")
    return (
        alt.vconcat(red_layer, text_layer, spacing=30)
        .add_params(*params)
        .properties(
            title=alt.TitleParams(
                "Try the workshop here: choose an option for any issue below the charts",
                anchor="start",
                subtitle="Counts come from the book's data; the full workshop (justifications, flags, export) needs a live notebook.",
            ),
            description=(
                "Two bar charts driven by twenty menus, one per settlement issue: red lines on record that the chosen "
                "options cross, per party, and the texts ranked by how many chosen options they share."
            ),
        )
    )


LEGEND = alt.Legend(orient="bottom", columns=1, labelLimit=500)


def figure_chart(
    rows: pd.DataFrame,
    title: str,
    y_title: str,
    description: str,
    colour_title: str = "Measure",
    width: int = 520,
    height: int = 240,
    by_year: bool = False,
    changes: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """Points (joined by lines within each measure) for rows of the figures table, every point sourced.

    Hover a point for its value, how to read it and its source; click it to open the source.
    `by_year`: the rows are totals for calendar years (dated 31 December), so the x axis shows the year
    itself; on a time axis a 31 December point would sit beside the next year's tick.
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
            "source_publisher": rows["source_publisher"].astype(str),
            "source_url": rows["source_url"].astype(str),
        }
    )
    x = (
        alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0))
        if by_year
        else alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year"))
    )
    frame["year"] = rows["date"].dt.year.to_numpy()
    base = alt.Chart(frame).encode(x=x, y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=",d")))
    lines = base.mark_line(strokeDash=[4, 3], color="#999").encode(detail="measure:N")
    points = base.mark_point(size=90, filled=True).encode(
        color=alt.Color("measure:N", title=colour_title, legend=LEGEND),
        shape=alt.Shape("measure:N", title=colour_title, legend=LEGEND),  # same legend: symbols and colours together
        href="source_url:N",
        tooltip=[
            alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
            alt.Tooltip("measure:N", title="What"),
            alt.Tooltip("value:Q", title="Value", format=","),
            alt.Tooltip("unit:N", title="Unit"),
            alt.Tooltip("note:N", title="How to read it"),
            alt.Tooltip("source_publisher:N", title="Source"),
            alt.Tooltip("source_url:N", title="Source URL"),
        ],
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
            .mark_rect(color="#bbbbbb", opacity=0.25)
            .encode(x="start:T", x2="end:T", tooltip=[alt.Tooltip("label:N", title="Method break")])
        )
        label = (
            alt.Chart(breaks)
            .mark_text(align="left", baseline="top", dx=3, dy=3, fontSize=11, color="#333")
            .encode(x="start:T", y=alt.value(0), text="label:N")
        )
        layers = [band, *layers, label]
    return alt.layer(*layers).properties(
        width=width,
        height=height,
        title=alt.TitleParams(
            title, anchor="start", subtitle="Hover a point for its source; click it to open the source."
        ),
        description=description,
    )


def army_limits_chart(rows: pd.DataFrame, width: int = 420, today: dict | None = None) -> alt.LayerChart:
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
                "source_publisher": rows["source_publisher"].astype(str),
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
                        "source_publisher": str(row["source_publisher"]),
                        "source_url": str(row["source_url"]),
                        "note": f"{row['date']:%d %b %Y}: {row['note']}",
                    }
                ]
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    measures = list(dict.fromkeys(frame["measure"]))
    parties = ["Russia's proposal", "Ukraine's proposal"] + ([now] if today else [])
    category = alt.param(name="category", value=measures[0], bind=alt.binding_select(options=measures, name="Compare "))
    base = (
        alt.Chart(frame)
        .transform_filter("datum.measure == category")
        .encode(
            y=alt.Y("party:N", title=None, sort=parties, scale=alt.Scale(domain=parties)),
            x=alt.X(
                "value:Q",
                title="Limit proposed" + ("; grey bar: the size stated now" if today else ""),
                axis=alt.Axis(format=",d"),
            ),
            tooltip=[
                alt.Tooltip("party:N", title="Whose"),
                alt.Tooltip("measure:N", title="What"),
                alt.Tooltip("value:Q", title="Limit", format=","),
                alt.Tooltip("unit:N", title="Unit"),
                alt.Tooltip("note:N", title="How to read it"),
                alt.Tooltip("source_publisher:N", title="Source"),
            ],
        )
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "party:N", title=None, scale=alt.Scale(domain=parties, range=["#b2182b", "#2166ac", "#737373"]), legend=None
        ),
        href="source_url:N",
    )
    labels = base.mark_text(align="left", dx=4).encode(text=alt.Text("value:Q", format=","))
    return (
        alt.layer(bars, labels)
        .add_params(category)
        .properties(
            width=width,
            height=alt.Step(40),
            title=alt.TitleParams(
                "The April 2022 draft treaty: how large an army for Ukraine?",
                anchor="start",
                subtitle="Choose a category; a missing bar means the source gives no figure for that side.",
            ),
            description=(
                "Bars compare Russia's and Ukraine's proposed limits on Ukraine's armed forces in the unsigned draft "
                "treaty of April 2022, as reported, for the category chosen in the menu"
                + (
                    ", with Ukraine's forces now, as its president stated them, where a figure exists."
                    if today
                    else "."
                )
            ),
        )
    )


def ceilings_chart(
    rows: pd.DataFrame, texts: pd.DataFrame, stated: pd.DataFrame | None = None, width: int = 520
) -> alt.Chart:
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
                "source_publisher": rows["source_publisher"].astype(str),
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
                    "source_publisher": stated["source_publisher"].astype(str),
                    "source_url": stated["source_url"].astype(str),
                }
            )
        )
    with_stated = len(frames) > 1
    frame = pd.concat(frames, ignore_index=True)
    base = alt.Chart(frame).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year"), scale=alt.Scale(padding=20)),
        y=alt.Y("value:Q", title="Personnel", axis=alt.Axis(format=",d"), scale=alt.Scale(domain=[0, 900_000])),
    )
    points = base.mark_point(size=110, filled=True).encode(
        color=alt.Color("party:N", title="Whose figure", legend=LEGEND),
        shape=alt.Shape("party:N", title="Whose figure", legend=LEGEND),
        href="source_url:N",
        tooltip=[
            alt.Tooltip("text:N", title="Text"),
            alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
            alt.Tooltip("value:Q", title="Personnel", format=","),
            alt.Tooltip("source_publisher:N", title="Source"),
        ],
    )
    return points.properties(
        width=width,
        height=260,
        title=alt.TitleParams(
            "Ceilings on Ukraine's peacetime army, as proposed, 2022–25",
            anchor="start",
            subtitle="Hover a point for the text and its source."
            + (" Also shown: the army's size as Ukraine's president stated it." if with_stated else ""),
        ),
        description=(
            "Proposed peacetime ceilings on Ukraine's armed forces in the 2022 drafts and the 2025 proposals, by date"
            + (", beside the size of Ukraine's army as its president stated it." if with_stated else ".")
        ),
    )


def stance_grid_chart(grid: pd.DataFrame, title: str, vocab: Vocabularies | None = None) -> alt.LayerChart:
    """Points of a proposal (rows) by parties (columns): each party's recorded stance, filterable.

    `grid` is current.stance_grid(...). Readers pick a party and a stance from menus; hovering a cell
    shows the statement, who made it, when, and the source; clicking opens the source.
    """
    vocab = vocab or book_vocabularies()
    stances, parties = vocab.stances, vocab.parties
    frame = grid.assign(
        row=grid["point_ref"] + " · " + grid["option"],
        stance_label=grid["stance"].map(stances.label),
        symbol=grid["stance"].map(lambda s: stances[s].symbol),
    )
    rows = list(dict.fromkeys(frame["row"]))
    labels = stances.labels
    party = alt.param(
        name="party_pick",
        value="all",
        bind=alt.binding_select(options=["all", *parties], labels=["All parties", *parties], name="Party "),
    )
    stance = alt.param(
        name="stance_pick",
        value="all",
        bind=alt.binding_select(options=["all", *labels], labels=["All stances", *labels], name="Stance "),
    )
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
            axis=alt.Axis(orient="top", labelAngle=0),
        ),
        y=alt.Y("row:N", title=None, sort=rows, axis=alt.Axis(labelLimit=320)),
        tooltip=[
            alt.Tooltip("party:N", title="Party"),
            alt.Tooltip("row:N", title="Point"),
            alt.Tooltip("stance_label:N", title="Stance"),
            alt.Tooltip("summary:N", title="On the record"),
            alt.Tooltip("speaker:N", title="Who"),
            alt.Tooltip("date:N", title="When"),
            alt.Tooltip("evidence:N", title="Evidence"),
            alt.Tooltip("source_publisher:N", title="Source"),
        ],
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "stance_label:N",
            title="Stance",
            scale=alt.Scale(domain=labels, range=stances.colours),
            legend=alt.Legend(
                orient="bottom",
                columns=4,
                labelExpr=(
                    "datum.label + ' ' + "
                    # the labels and symbols are data: written as JSON string literals, never as bare text
                    + " : ".join(f"(datum.label == {json.dumps(t.label)} ? {json.dumps(t.symbol)}" for t in stances)
                    + " : ''"
                    + ")" * len(stances)
                ),
            ),
        ),
        opacity=alt.condition(shown, alt.value(1), alt.value(0.12)),
        href="source_url:N",
    )
    glyphs = base.mark_text(fontSize=14).encode(
        text="symbol:N", opacity=alt.condition(shown, alt.value(1), alt.value(0.15))
    )
    return (
        alt.layer(cells, glyphs)
        .add_params(party, stance)
        .properties(
            width=alt.Step(110),
            height=alt.Step(26),
            title=alt.TitleParams(
                title,
                anchor="start",
                subtitle="Each party's latest recorded stance on each point; hover a cell for the statement and its source.",
            ),
            description=(
                "A grid of the proposal's points (rows) by parties (columns). Each cell shows, by symbol and colour, the "
                "party's latest recorded stance on the option the point takes: proposed, accepted, conditionally open, "
                "contradictory, a position on another option of the same issue, rejected, or no position on record."
            ),
        )
    )


def positions_timeline_chart(
    positions: pd.DataFrame,
    issues: pd.DataFrame,
    options: pd.DataFrame,
    issue_ids: list[str] | None = None,
    width: int = 560,
    vocab: Vocabularies | None = None,
) -> alt.LayerChart:
    """Each party's recorded stances over time on one issue at a time (chosen from a menu).

    A symbol per recorded position, in a lane per party: where positions drifted, and where they never moved.
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
            "source_publisher": positions["source_publisher"].astype(str),
            "source_url": positions["source_url"].astype(str),
        }
    )
    issue_names = [
        f"{i} {titles[i]}" for i in issues.sort_values("order")["issue_id"] if f"{i} {titles[i]}" in set(frame["issue"])
    ]
    pick = alt.param(
        name="issue_pick", value=issue_names[0], bind=alt.binding_select(options=issue_names, name="Issue ")
    )
    stance_labels = stances.labels
    base = (
        alt.Chart(frame)
        .transform_filter("datum.issue == issue_pick")
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y("party:N", title=None, sort=parties, scale=alt.Scale(domain=parties)),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                alt.Tooltip("party:N", title="Party"),
                alt.Tooltip("stance_label:N", title="Stance"),
                alt.Tooltip("option:N", title="On"),
                alt.Tooltip("summary:N", title="On the record"),
                alt.Tooltip("speaker:N", title="Who"),
                alt.Tooltip("evidence:N", title="Evidence"),
                alt.Tooltip("source_publisher:N", title="Source"),
            ],
        )
    )
    marks = base.mark_point(size=260, filled=True, opacity=0.85).encode(
        color=alt.Color(
            "stance_label:N",
            title="Stance",
            scale=alt.Scale(domain=stance_labels, range=stances.colours),
            legend=alt.Legend(orient="bottom", columns=4),
        ),
        href="source_url:N",
    )
    glyphs = base.mark_text(fontSize=11).encode(text="symbol:N")
    return (
        alt.layer(marks, glyphs)
        .add_params(pick)
        .properties(
            width=width,
            height=alt.Step(44),
            title=alt.TitleParams(
                "Positions over time, issue by issue",
                anchor="start",
                subtitle="Choose an issue; hover a symbol for the statement, its evidence and source.",
            ),
            description=(
                "For the issue chosen in the menu, each party's recorded positions as symbols along a time axis, "
                "one lane per party, showing where positions moved and where they did not."
            ),
        )
    )


def provision_matrix_chart(
    matrix: pd.DataFrame, width_step: int = 34, reference: str | None = None, vocab: Vocabularies | None = None
) -> alt.LayerChart:
    """Texts (rows, oldest first) by issues (columns): the option each text takes.

    Readers choose a reference text (cells taking the same option are marked) and an issue group;
    hovering a cell shows the provision's paraphrase and source. Works in the static page.
    `reference`: the text code chosen when the page opens (by default the newest text).
    """
    frame = matrix.assign(
        date=matrix["date"].dt.strftime("%Y-%m-%d"),
        text=matrix["short_title"] + " (" + matrix["date"].dt.strftime("%Y") + ")",
        letter=matrix["option_id"].str.split(".").str[1],
        issue=matrix["issue_id"] + " " + matrix["title"],
    )
    texts_in_order = list(dict.fromkeys(frame.sort_values("date")["text"]))
    issues_in_order = list(dict.fromkeys(frame.sort_values("issue_order")["issue_id"]))
    labels = dict(zip(frame["text_code"], frame["text"]))
    if reference is not None and reference not in labels:
        raise KeyError(f"text {reference!r} has no coded provisions; texts in the matrix: {', '.join(sorted(labels))}")
    reference = alt.param(
        name="reference",
        value=labels[reference] if reference else texts_in_order[-1],
        bind=alt.binding_select(options=texts_in_order, name="Compare with "),
    )
    issue_groups = (vocab or book_vocabularies()).issue_groups
    group = alt.param(
        name="group_pick",
        value="all",
        bind=alt.binding_select(
            options=["all", *issue_groups.codes],
            labels=["All issues", *issue_groups.labels],
            name="Issues ",
        ),
    )
    verdicts = ["The reference text", "Same option as the reference", "A different option", "Reference silent here"]
    base = (
        alt.Chart(frame)
        .transform_joinaggregate(
            # the reference text's option on this issue, if any
            ref_option="max(ref_cell)",
            groupby=["issue_id"],
        )
        .transform_calculate(
            verdict=(
                "datum.text == reference ? 'The reference text' : "
                "(!datum.ref_option ? 'Reference silent here' : "
                "(datum.option_id == datum.ref_option ? 'Same option as the reference' : 'A different option'))"
            ),
        )
        .transform_filter("group_pick == 'all' || datum.group == group_pick")
        .encode(
            x=alt.X("issue_id:N", title="Issue", sort=issues_in_order, axis=alt.Axis(orient="top", labelAngle=0)),
            y=alt.Y("text:N", title=None, sort=texts_in_order),
            tooltip=[
                alt.Tooltip("text:N", title="Text"),
                alt.Tooltip("issue:N", title="Issue"),
                alt.Tooltip("option_id:N", title="Option"),
                alt.Tooltip("option_label:N", title="Which is"),
                alt.Tooltip("point_ref:N", title="Point"),
                alt.Tooltip("paraphrase:N", title="What it says"),
                alt.Tooltip("provisions:Q", title="Provisions on this issue"),
                alt.Tooltip("source_publisher:N", title="Source"),
            ],
        )
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "verdict:N",
            title=None,
            scale=alt.Scale(domain=verdicts, range=["#2166ac", "#1b7837", "#fdb863", "#e0e0e0"]),
            legend=alt.Legend(orient="bottom", columns=2),
        ),
        href="source_url:N",
    )
    letters = base.mark_text(fontSize=11).encode(text="letter:N")
    return (
        alt.layer(cells, letters)
        .transform_calculate(
            ref_cell="datum.text == reference ? datum.option_id : ''",
        )
        .add_params(reference, group)
        .properties(
            width=alt.Step(width_step),
            height=alt.Step(24),
            title=alt.TitleParams(
                "The provision matrix: which option each text takes on each issue",
                anchor="start",
                subtitle="Letters name the option (see the workshop's lists); choose a text to compare with; hover a cell for the provision.",
            ),
            description=(
                "A grid of texts (rows, oldest first) by issues (columns). Each filled cell holds the letter of the option "
                "the text takes and is marked as the same as, or different from, the reference text chosen in the menu."
            ),
        )
    )


def assessment_chart(
    assessments: pd.DataFrame, texts: pd.DataFrame, mechanisms: pd.DataFrame, vocab: Vocabularies | None = None
) -> alt.LayerChart:
    """The durability rubric applied to each assessed text: a 0-3 score per mechanism, with its reason."""
    titles = dict(zip(texts["text_code"], texts["short_title"]))
    names = dict(zip(mechanisms["mechanism_id"], mechanisms["name"]))
    frame = assessments.assign(
        text=assessments["text_code"].map(titles),
        mechanism=assessments["mechanism_id"] + " " + assessments["mechanism_id"].map(names),
        meaning=assessments["score"].map((vocab or book_vocabularies()).mechanism_scale),
        score=assessments["score"].astype(int),
        basis=assessments["basis"].fillna("").str.replace(";", ", "),
    )
    order = list(mechanisms.sort_values("order").apply(lambda m: f"{m.mechanism_id} {m['name']}", axis=1))
    text_order = list(texts[texts["text_code"].isin(frame["text_code"])].sort_values("date")["short_title"])
    base = alt.Chart(frame).encode(
        x=alt.X("text:N", title=None, sort=text_order, axis=alt.Axis(orient="top", labelAngle=-40, labelLimit=170)),
        y=alt.Y("mechanism:N", title=None, sort=order, axis=alt.Axis(labelLimit=230)),
        tooltip=[
            alt.Tooltip("text:N", title="Text"),
            alt.Tooltip("mechanism:N", title="Mechanism"),
            alt.Tooltip("score:Q", title="Score"),
            alt.Tooltip("meaning:N", title="Meaning"),
            alt.Tooltip("justification:N", title="Why"),
            alt.Tooltip("basis:N", title="Provisions"),
        ],
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "score:O",
            title="Score (0 absent, 1 mentioned, 2 specified, 3 specified and resourced)",
            scale=alt.Scale(domain=[0, 1, 2, 3], range=["#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"]),
            legend=alt.Legend(orient="bottom", titleLimit=600),
        )
    )
    numbers = base.mark_text(fontSize=13, fontWeight="bold").encode(
        text="score:Q", color=alt.condition("datum.score >= 2", alt.value("white"), alt.value("black"))
    )
    return alt.layer(cells, numbers).properties(
        width=alt.Step(34),
        height=alt.Step(24),
        title=alt.TitleParams(
            f"The durability rubric applied to {len(text_order)} texts (the book's judgement)",
            anchor="start",
            subtitle="Hover a cell for the reason and the provisions it rests on. A judgement, not a probability of peace.",
        ),
        description=(
            "Scores from 0 to 3 for each durability mechanism (rows) in each assessed text (columns), with the "
            "book's reason for each score."
        ),
    )


def class_choices_chart(choices: pd.DataFrame, issues: pd.DataFrame) -> alt.LayerChart:
    """How many students chose each option of each issue (letters as in the workshop), or custom, or silent."""
    frame = (
        choices.assign(
            column=[o.split(".")[1] if k == "option" else k for o, k in zip(choices["option_id"], choices["kind"])],
            issue_label=choices["issue_id"] + " " + choices["issue"],
        )
        .groupby(["issue_id", "issue_label", "column", "choice"], as_index=False)
        .size()
    )
    order = [f"{i} {t}" for i, t in zip(issues.sort_values("order")["issue_id"], issues.sort_values("order")["title"])]
    columns = ["a", "b", "c", "d", "e", "f", "custom", "silent"]
    base = alt.Chart(frame).encode(
        x=alt.X(
            "column:N",
            title="Option (letters as in the workshop)",
            sort=columns,
            scale=alt.Scale(domain=columns),
            axis=alt.Axis(orient="top", labelAngle=0),
        ),
        y=alt.Y("issue_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=300)),
        tooltip=[
            alt.Tooltip("issue_label:N", title="Issue"),
            alt.Tooltip("choice:N", title="Choice"),
            alt.Tooltip("size:Q", title="Students"),
        ],
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("size:Q", title="Students", scale=alt.Scale(scheme="blues"))
    )
    numbers = base.mark_text().encode(text="size:Q")
    return alt.layer(cells, numbers).properties(
        width=alt.Step(44),
        height=alt.Step(22),
        title=alt.TitleParams("What the class chose, issue by issue", anchor="start"),
        description="A grid of issues by options with the number of students who chose each, including custom and silent.",
    )


def class_red_lines_chart(sheet: pd.DataFrame, vocab: Vocabularies | None = None) -> alt.Chart:
    """Each student's count of red lines on record crossed, per party."""
    parties = (vocab or book_vocabularies()).parties
    long = sheet.melt(
        id_vars=["student"], value_vars=[f"red lines: {p}" for p in parties], var_name="party", value_name="red_lines"
    )
    long["party"] = long["party"].str.replace("red lines: ", "", regex=False)
    return (
        alt.Chart(long)
        .mark_circle(size=140, opacity=0.7)
        .encode(
            x=alt.X("red_lines:Q", title="Red lines on record crossed", axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("party:N", title=None, sort=parties),
            tooltip=[
                alt.Tooltip("student:N", title="Student"),
                alt.Tooltip("party:N", title="Party"),
                alt.Tooltip("red_lines:Q", title="Red lines"),
            ],
        )
        .properties(
            width=420,
            height=alt.Step(36),
            title=alt.TitleParams("Red lines on record each settlement crosses", anchor="start"),
            description="One dot per student and party: how many options in the student's settlement the party has rejected on the record.",
        )
    )


def class_flags_chart(flag_rows: pd.DataFrame) -> alt.Chart:
    """For each flag the class's settlements raise: how many students kept it with a reason, and how many did not."""
    frame = flag_rows.assign(
        flag=flag_rows["rule_id"] + " " + flag_rows["title"],
        answer=flag_rows["kept"].map({True: "kept, with a reason", False: "no reason given"}),
    )
    frame = frame.groupby(["flag", "answer"], as_index=False).size()
    answers = ["kept, with a reason", "no reason given"]
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "size:Q", title="Students whose settlement raises the flag", axis=alt.Axis(tickMinStep=1, format="d")
            ),
            y=alt.Y("flag:N", title=None, sort="-x", axis=alt.Axis(labelLimit=320)),
            color=alt.Color(
                "answer:N",
                title="The student",
                sort=answers,
                scale=alt.Scale(domain=answers, range=["#2166ac", "#bdbdbd"]),
                legend=LEGEND,
            ),
            order=alt.Order("answer:N", sort="ascending"),
            tooltip=[
                alt.Tooltip("flag:N", title="Flag"),
                alt.Tooltip("answer:N", title="The student"),
                alt.Tooltip("size:Q", title="Students"),
            ],
        )
        .properties(
            width=360,
            height=alt.Step(22),
            title=alt.TitleParams("Flags raised, and kept with a reason", anchor="start"),
            description="Bars per flag: how many students' settlements raise it, split into those who kept it with a reason "
            "and those who gave none.",
        )
    )


def class_ratings_chart(
    rating_rows: pd.DataFrame, mechanisms: pd.DataFrame, vocab: Vocabularies | None = None
) -> alt.LayerChart:
    """How the class rated each durability mechanism (0-3, or not rated): counts per rating."""
    scale = (vocab or book_vocabularies()).mechanism_scale
    names = dict(zip(mechanisms["mechanism_id"], mechanisms["name"]))
    frame = (
        rating_rows.assign(
            mechanism=rating_rows["mechanism_id"] + " " + rating_rows["mechanism_id"].map(names),
            rating=rating_rows["score"].map(lambda v: "not rated" if pd.isna(v) else f"{int(v)} {scale[int(v)]}"),
        )
        .groupby(["mechanism", "rating"], as_index=False)
        .size()
    )
    order = [f"{m} {names[m]}" for m in mechanisms.sort_values("order")["mechanism_id"]]
    columns = [f"{k} {v}" for k, v in scale.items()] + ["not rated"]
    base = alt.Chart(frame).encode(
        x=alt.X(
            "rating:N",
            title="Rating",
            sort=columns,
            scale=alt.Scale(domain=columns),
            axis=alt.Axis(orient="top", labelAngle=-30, labelLimit=200),
        ),
        y=alt.Y("mechanism:N", title=None, sort=order, axis=alt.Axis(labelLimit=300)),
        tooltip=[
            alt.Tooltip("mechanism:N", title="Mechanism"),
            alt.Tooltip("rating:N", title="Rating"),
            alt.Tooltip("size:Q", title="Students"),
        ],
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("size:Q", title="Students", scale=alt.Scale(scheme="blues"))
    )
    return alt.layer(cells, base.mark_text().encode(text="size:Q")).properties(
        width=alt.Step(70),
        height=alt.Step(22),
        title=alt.TitleParams("How the class rated each durability mechanism", anchor="start"),
        description="A grid of mechanisms by ratings (0 to 3, or not rated) with the number of students who gave each.",
    )


def class_resemblance_chart(resemblance_rows: pd.DataFrame, texts: pd.DataFrame) -> alt.Chart:
    """Each student's closeness to each text: the share of the text's issues on which they chose its option."""
    order = list(texts[texts["text_code"].isin(resemblance_rows["text_code"])].sort_values("date")["short_title"])
    frame = resemblance_rows.assign(
        share=resemblance_rows["share"].astype(float),
        detail=resemblance_rows["matches"].astype(str) + " of " + resemblance_rows["comparable"].astype(str),
    )
    return (
        alt.Chart(frame)
        .mark_circle(size=120, opacity=0.7)
        .encode(
            x=alt.X(
                "share:Q",
                title="Share of the text's issues on which the settlement takes the same option",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            y=alt.Y("short_title:N", title=None, sort=order, axis=alt.Axis(labelLimit=220)),
            tooltip=[
                alt.Tooltip("student:N", title="Student"),
                alt.Tooltip("short_title:N", title="Text"),
                alt.Tooltip("detail:N", title="Same option on"),
            ],
        )
        .properties(
            width=420,
            height=alt.Step(24),
            title=alt.TitleParams(
                "How close each settlement is to each text",
                anchor="start",
                subtitle="One dot per student and text; hover for the student.",
            ),
            description="For every text, one dot per student: the share of the issues the text covers on which the student's "
            "settlement takes the same option.",
        )
    )


def zone_chart(zone_rows: pd.DataFrame, issues: pd.DataFrame, table: str | None = None) -> alt.LayerChart:
    """Role-play: for each issue and option, how many of the parties that stated a range there accept it (a
    dash where none did); the zone of possible agreement is marked with a tick and a heavy outline, so colour is
    not the only signal. `table` names the table in the title when the chart shows one table."""
    frame = zone_rows.assign(
        letter=zone_rows["option_id"].str.split(".").str[1],
        issue_label=zone_rows["issue_id"] + " " + zone_rows["issue"],
        cell=[
            ("✓ " if z else "") + (f"{a}/{p}" if p else "–")
            for z, a, p in zip(zone_rows["in_zone"], zone_rows["accepting"], zone_rows["stating"])
        ],
        zone=zone_rows["in_zone"].map({True: "in the zone", False: "not in the zone"}),
    )
    ordered = issues.sort_values("order")
    order = [f"{i} {t}" for i, t in zip(ordered["issue_id"], ordered["title"])]
    parties = int(frame["parties"].max()) if len(frame) else 0
    base = alt.Chart(frame).encode(
        x=alt.X(
            "letter:N",
            title="Option (letters as in the workshop)",
            sort="ascending",
            axis=alt.Axis(orient="top", labelAngle=0),
        ),
        y=alt.Y("issue_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=300)),
        tooltip=[
            alt.Tooltip("issue_label:N", title="Issue"),
            alt.Tooltip("label:N", title="Option"),
            alt.Tooltip("accepted_by:N", title="Acceptable to"),
            alt.Tooltip("not_stated:N", title="Range not stated by"),
            alt.Tooltip("opened_by:N", title="Opening position of"),
            alt.Tooltip("zone:N", title="Zone of possible agreement"),
        ],
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "accepting:Q",
            title="Parties accepting",
            scale=alt.Scale(scheme="greens", domain=[0, max(parties, 1)]),
            legend=alt.Legend(format="d", tickMinStep=1),
        ),
        stroke=alt.condition("datum.in_zone", alt.value("#000000"), alt.value("#ffffff")),
        strokeWidth=alt.condition("datum.in_zone", alt.value(2.5), alt.value(1)),
    )
    text = base.mark_text(fontSize=11).encode(
        text="cell:N", color=alt.condition(f"datum.accepting > {parties / 2}", alt.value("white"), alt.value("black"))
    )
    return alt.layer(cells, text).properties(
        width=alt.Step(56),
        height=alt.Step(22),
        title=alt.TitleParams(
            "Where the parties' acceptable ranges overlap" + (f": table {table}" if table else ""),
            subtitle="Each cell: parties accepting the option / parties that stated a range on the issue "
            "(– where none did); ✓ marks the zone of possible agreement. The ranges are the "
            "students' assumptions.",
            anchor="start",
        ),
        description=(
            "A grid of issues by options. Each cell gives how many of the represented parties, as played by students, "
            "marked the option acceptable; cells every party accepts carry a tick and a heavy outline."
        ),
    )


# "Show the data": headings (with units) for the columns the charts draw; other columns show their name.
DATA_LABELS = {
    "date": "Date",
    "value": "Value",
    "unit": "Unit",
    "measure": "Measure",
    "note": "How to read it",
    "source_url": "Source",
    "party": "Party",
    "text": "Text",
    "issue": "Issue",
    "option": "Option",
    "option_label": "Option",
    "stance_label": "Stance",
    "evidence": "Evidence",
    "speaker": "Who said it",
    "summary": "On the record",
    "score": "Score (0–3)",
    "justification": "Why",
    "mechanism": "Mechanism",
    "meaning": "What the score means",
    "short_title": "Text",
    "paraphrase": "What the text says",
    "point_ref": "Point",
    "student": "Student (file)",
    "red_lines": "Red lines crossed (count)",
    "size": "Students (count)",
    "flag": "Flag",
    "answer": "Answer",
    "rating": "Rating",
    "choice": "Choice",
    "issue_label": "Issue",
    "column": "Option",
    "matches": "Issues matched (count)",
    "comparable": "Issues comparable (count)",
    "share": "Share matched",
    "label": "Option",
    "parties": "Parties represented",
    "accepting": "Parties accepting (count)",
    "accepted_by": "Accepted by",
    "in_zone": "In the zone of agreement",
    "reading": "Reading",
    "element": "Element",
    "place": "Place in the sequence",
    "points": "Points",
    "source": "Source",
    "red_lines_on_record": "Red lines on record",
    "option_id": "Option",
    "issue_id": "Issue",
}


def chart_frames(chart) -> list[pd.DataFrame]:
    """The data a chart draws, taken from the chart itself: each distinct inline frame (or list of
    values) of the chart and its layers and panels, in order."""
    found: list = []

    def walk(part):
        data = getattr(part, "data", alt.Undefined)
        if isinstance(data, pd.DataFrame):
            frame = data
        elif isinstance(data, alt.Data) and isinstance(data.values, list):
            frame = pd.DataFrame(data.values)
        else:
            frame = None
        if frame is not None and not any(frame is f or (data is not alt.Undefined and data is d) for f, d in found):
            found.append((frame, data))
        for attr in ("layer", "vconcat", "hconcat", "concat"):
            subs = getattr(part, attr, alt.Undefined)
            if subs is not alt.Undefined:
                for sub in subs:
                    walk(sub)

    walk(chart)
    return [f for f, _ in found]


class ChartWithData:
    """A chart followed by its data table ("Show the data"), both built from the chart's own data.

    `columns` picks and orders the columns to show (default: all, as drawn); `summary` is the
    disclosure's label; `see` = (anchor, text) links to a full list already on the page instead.
    """

    def __init__(
        self, chart, columns: list[str] | None = None, summary: str | None = None, see: tuple[str, str] | None = None
    ):
        self.chart, self.columns, self.see = chart, columns, see
        self.summary = summary or "Show the data: the chart's numbers, units and sources"

    def frames(self) -> list[pd.DataFrame]:
        frames = chart_frames(self.chart)
        if self.columns:
            frames = [f[[c for c in self.columns if c in f.columns]] for f in frames]
            frames = [f for f in frames if len(f.columns)]
        return frames

    def data_html(self) -> str:
        from . import tables

        if self.see:
            return tables.chart_data_reference_html(*self.see)
        return tables.chart_data_html(self.frames(), self.summary, DATA_LABELS)

    def _ipython_display_(self):
        from IPython.display import HTML, display

        display(self.chart)
        display(HTML(self.data_html()))


def with_data(
    chart, columns: list[str] | None = None, summary: str | None = None, see: tuple[str, str] | None = None
) -> ChartWithData:
    """Show `chart` with its data table under it; see ChartWithData."""
    return ChartWithData(chart, columns, summary, see)
