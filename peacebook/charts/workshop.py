"""The workshop's charts: which texts a student's draft resembles, and the try-it version for readers
with no kernel, where menus drive the counting in the browser."""

from __future__ import annotations

import json
from collections import Counter

import altair as alt
import pandas as pd

from .style import (
    BLUE,
    COUNT_AXIS,
    DRAFT_MATCH,
    FIT,
    FIT_WIDTH,
    INK,
    LABEL_SIZE,
    RED,
    SUBTITLE_LINE,
    WHITE,
    bottom_legend,
    by_width,
    text_lines,
    titled,
)


def resemblance_chart(matches: pd.DataFrame, texts: pd.DataFrame, issues: pd.DataFrame) -> alt.Chart:
    """Issue by issue, where each text takes the same option as the student's draft.

    `matches` is Catalogue.issue_matches(draft): one row per (text, issue) the text codes.
    """
    titles = dict(zip(texts["text_code"], texts["short_title"]))
    same, different = "Same option as your draft", "A different option"
    frame = matches.assign(
        text=matches["text_code"].map(titles),
        issue=matches["issue_id"].map(dict(zip(issues["issue_id"], issues["title"]))),
        verdict=matches["same_as_draft"].map({True: same, False: different}),
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
            axis=alt.Axis(labelAngle=-90),
        ),
        y=alt.Y("text:N", title=None, sort=order, axis=alt.Axis(labelLimit=by_width(130, 240))),
        tooltip=[
            alt.Tooltip("text:N", title="Text"),
            alt.Tooltip("issue:N", title="Issue"),
            alt.Tooltip("option_id:N", title="The text's option"),
            alt.Tooltip("verdict:N", title="Compared"),
        ],
    )
    cells = base.mark_rect(stroke=WHITE).encode(
        color=alt.Color(
            "verdict:N",
            title=None,
            scale=alt.Scale(domain=[same, different], range=[DRAFT_MATCH.same, DRAFT_MATCH.different]),
            legend=bottom_legend(),
        )
    )
    glyphs = base.mark_text(fontSize=12).encode(text="glyph:N", color=alt.value(INK))
    shared = frame.groupby("text")["same_as_draft"].sum()
    closest = (
        f"Closest to your draft: {order[0]}, the same option on {int(shared[order[0]])} issues"
        if len(order) and shared.max() > 0
        else "No text takes the same option as your draft on any issue yet"
    )
    return titled(
        alt.layer(cells, glyphs),
        closest,
        "● same option as your draft, ○ a different option; blank: the text is not coded on that issue.",
        description="A grid of texts by issues showing, for each issue a text covers, whether it takes the same option as the draft.",
        width=FIT,
        height=alt.Step(22),
    )


def view_title(text: str) -> alt.TitleParams:
    """The title of one view of a chart: at its start, in lines that fit the column."""
    return alt.TitleParams(by_width(text_lines(text, SUBTITLE_LINE), [text]), anchor="start", fontSize=LABEL_SIZE + 1)


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
        # the issue id is data: written as a JSON string literal, never as bare text
        lookup = f"datum.issue_id == {json.dumps(issue.issue_id)} ? {name} : ({lookup})"
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
                title=["Options chosen that the party", "has rejected on the record"],
                scale=alt.Scale(
                    domain=[0, max(1, max(Counter(r["party"] for r in red if r["option_id"]).values(), default=1))]
                ),
                axis=COUNT_AXIS,
            ),
        )
    )
    red_layer = alt.layer(
        red_chart.mark_bar(color=RED), red_chart.mark_text(align="left", dx=4).encode(text="red_lines:Q")
    ).properties(width=FIT, height=alt.Step(24), title=view_title("Red lines on record that your choices cross"))
    text_chart = (
        alt.Chart(alt.Data(values=coded))
        .transform_calculate(hit=hit)
        .transform_aggregate(matches="sum(hit)", covered="count()", groupby=["text"])
        .transform_calculate(label="datum.matches + ' of ' + datum.covered")
        .encode(
            y=alt.Y(
                "text:N",
                title=None,
                sort=alt.EncodingSortField("matches", order="descending"),
                axis=alt.Axis(labelLimit=by_width(130, 240)),
            ),
            x=alt.X(
                "matches:Q",
                title=["Issues on which the text takes", "the same option as you"],
                scale=alt.Scale(domain=[0, max(Counter(r["text"] for r in coded).values())]),
                axis=COUNT_AXIS,
            ),
        )
    )
    text_layer = alt.layer(
        text_chart.mark_bar(color=BLUE), text_chart.mark_text(align="left", dx=4).encode(text="label:N")
    ).properties(width=FIT, height=alt.Step(20), title=view_title("Texts that share your choices (closest first)"))
    return titled(
        alt.vconcat(red_layer, text_layer, spacing=30).add_params(*params).properties(autosize=FIT_WIDTH),
        "Your choices, counted: the red lines on record they cross, party by party, and the texts that share them",
        "Choose an option for any issue in the menus below the charts. Counts come from the book's data; the full workshop (justifications, flags, export) needs a live notebook.",
        description=(
            "Two bar charts driven by twenty menus, one per settlement issue: red lines on record that the chosen "
            "options cross, per party, and the texts ranked by how many chosen options they share."
        ),
    )
