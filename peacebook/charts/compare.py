"""The comparison chapter's charts: the provision matrix (texts by issues) and the durability rubric."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from ..data.vocabulary import Vocabularies, book_vocabularies
from .style import (
    FIT,
    NARROW,
    SCORE_RAMP,
    SOURCE,
    SOURCE_LINK,
    TEXT_MATCH,
    WHITE,
    bottom_legend,
    by_width,
    menu,
    menu_with_all,
    readable_text,
    titled,
)


# A label "Short title (2014)" as "2014 Short title": a Vega expression on the label's text (data, never code).
YEAR_FIRST = "slice(datum.label, -5, -1) + ' ' + slice(datum.label, 0, -7)"


def shared_options(matrix: pd.DataFrame, text_code: str) -> tuple[int, int]:
    """On how many of the issues a text codes an earlier text takes the same option, and how many it codes.

    >>> m = pd.DataFrame({"text_code": ["A", "A", "B", "B"], "date": pd.to_datetime(["2014", "2014", "2022", "2022"]),
    ...                   "issue_id": ["i1", "i2", "i1", "i2"], "option_id": ["i1.a", "i2.a", "i1.a", "i2.b"]})
    >>> shared_options(m, "B")
    (1, 2)
    """
    own = matrix[matrix["text_code"] == text_code]
    earlier = matrix[matrix["date"] < own["date"].min()]
    shared = own["option_id"].isin(set(earlier["option_id"]))
    return int(own.loc[shared, "issue_id"].nunique()), int(own["issue_id"].nunique())


def provision_matrix_chart(
    matrix: pd.DataFrame, reference: str | None = None, vocab: Vocabularies | None = None
) -> alt.LayerChart:
    """Texts (rows, oldest first) by issues (columns): the option each text takes, as wide as the column.

    Readers choose a reference text (cells taking the same option are marked) and an issue group;
    hovering a cell shows the issue's name, the option's words, the provision's paraphrase and source. Works in
    the static page. On a phone's column the chart opens on the first group of issues (all twenty columns would
    be too narrow to read); the menu shows the others, or all.
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
    opening = reference or frame.sort_values("date")["text_code"].iloc[-1]
    reference = menu("reference", texts_in_order, "Compare with ", value=labels[opening])
    issue_groups = (vocab or book_vocabularies()).issue_groups
    group = menu_with_all(
        "group_pick",
        issue_groups.codes,
        "All issues",
        "Issues ",
        labels=issue_groups.labels,
        narrow=issue_groups.codes[0],
    )
    verdicts = {
        "The reference text": TEXT_MATCH.reference,
        "Same option as the reference": TEXT_MATCH.same,
        "A different option": TEXT_MATCH.different,
        "Reference silent here": TEXT_MATCH.absent,
    }
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
            x=alt.X(
                "issue_id:N",
                title="Issue (hover a cell for its name)",
                sort=issues_in_order,
                axis=alt.Axis(orient="top", labelAngle=by_width(0, -90)),
            ),
            # a short title and its year, whole on a laptop (issue #29: a package's says 'summary only'); on a phone,
            # the year first and as much of the title as fits (the tooltip gives it whole), so that every row keeps
            # its date where a cut title lost it ("Paris conclusions 201…")
            y=alt.Y(
                "text:N",
                title=None,
                sort=texts_in_order,
                axis=alt.Axis(labelLimit=by_width(150, 320), labelExpr=f"{NARROW} ? {YEAR_FIRST} : datum.label"),
            ),
            tooltip=[
                alt.Tooltip("text:N", title="Text"),
                alt.Tooltip("issue:N", title="Issue"),
                alt.Tooltip("option_id:N", title="Option"),
                alt.Tooltip("option_label:N", title="Which is"),
                alt.Tooltip("point_ref:N", title="Point"),
                alt.Tooltip("paraphrase:N", title="What it says"),
                alt.Tooltip("provisions:Q", title="Provisions on this issue"),
                SOURCE,
            ],
        )
    )
    cells = base.mark_rect(stroke=WHITE, strokeWidth=2).encode(
        color=alt.Color(
            "verdict:N",
            title=None,
            scale=alt.Scale(domain=list(verdicts), range=list(verdicts.values())),
            legend=bottom_legend(columns=by_width(1, 2)),
        ),
        href=SOURCE_LINK,
    )
    letters = base.mark_text(fontSize=12).encode(text="letter:N")
    same, coded = shared_options(matrix, opening)
    name = matrix.loc[matrix["text_code"] == opening, "short_title"].iloc[0]
    finding = f"The {name} takes an option an earlier text took on {same} of the {coded} issues it covers"
    return titled(
        alt.layer(cells, letters)
        .transform_calculate(
            ref_cell="datum.text == reference ? datum.option_id : ''",
        )
        .add_params(reference, group),
        finding,
        "Letters name the option (hover a cell for its words and the provision); choose a text to compare with.",
        description=(
            "A grid of texts (rows, oldest first) by issues (columns). Each filled cell holds the letter of the option "
            "the text takes and is marked as the same as, or different from, the reference text chosen in the menu."
        ),
        width=FIT,
        height=alt.Step(24),
    )


# The texts' moments (texts.csv, "moment"; data/datapackage.json describes them), for the rubric's menu.
MOMENTS = {"minsk": "The Donbas ceasefires, 2014–22", "istanbul": "The 2022 talks", "current": "The 2025–26 process"}


def assessment_chart(
    assessments: pd.DataFrame, texts: pd.DataFrame, mechanisms: pd.DataFrame, vocab: Vocabularies | None = None
) -> alt.LayerChart:
    """The durability rubric applied to each assessed text: a 0-3 score per mechanism, with its reason.

    A menu picks the texts of one moment; on a phone's column the chart opens on the latest (nineteen columns of
    scores would be too narrow to read)."""
    titles = dict(zip(texts["text_code"], texts["short_title"]))
    names = dict(zip(mechanisms["mechanism_id"], mechanisms["name"]))
    frame = assessments.assign(
        text=assessments["text_code"].map(titles),
        mechanism=assessments["mechanism_id"] + " " + assessments["mechanism_id"].map(names),
        meaning=assessments["score"].map((vocab or book_vocabularies()).mechanism_scale),
        score=assessments["score"].astype(int),
        basis=assessments["basis"].fillna("").str.replace(";", ", "),
        moment=assessments["text_code"].map(dict(zip(texts["text_code"], texts["moment"]))),
    )
    scale = (vocab or book_vocabularies()).mechanism_scale
    moments = [m for m in MOMENTS if m in set(frame["moment"])]
    moment = menu_with_all(
        "moment_pick", moments, "All texts", "Texts ", labels=[MOMENTS[m] for m in moments], narrow=moments[-1]
    )
    order = list(mechanisms.sort_values("order").apply(lambda m: f"{m.mechanism_id} {m['name']}", axis=1))
    text_order = list(texts[texts["text_code"].isin(frame["text_code"])].sort_values("date")["short_title"])
    base = (
        alt.Chart(frame)
        .transform_filter("moment_pick == 'all' || datum.moment == moment_pick")
        .encode(
            x=alt.X(
                "text:N",
                title=None,
                sort=text_order,
                axis=alt.Axis(
                    orient="top", labelAngle=-90, labelLimit=by_width(120, 280)
                ),  # upright: none runs past the edge
            ),
            # a mechanism's code and name; on a phone, cut short (the tooltip gives it whole)
            y=alt.Y("mechanism:N", title=None, sort=order, axis=alt.Axis(labelLimit=by_width(120, 230))),
            tooltip=[
                alt.Tooltip("text:N", title="Text"),
                alt.Tooltip("mechanism:N", title="Mechanism"),
                alt.Tooltip("score:Q", title="Score"),
                alt.Tooltip("meaning:N", title="Meaning"),
                alt.Tooltip("justification:N", title="Why"),
                alt.Tooltip("basis:N", title="Provisions"),
            ],
        )
    )
    meanings = " : ".join(f"datum.value == {k} ? {json.dumps(f'{k} {v}')}" for k, v in scale.items())
    cells = base.mark_rect(stroke=WHITE, strokeWidth=2).encode(
        color=alt.Color(
            "score:O",
            title="Score",
            scale=alt.Scale(domain=[0, 1, 2, 3], range=SCORE_RAMP),
            legend=bottom_legend(columns=by_width(1, 4), labelExpr=f"{meanings} : datum.label"),
        )
    )
    numbers = base.mark_text(fontSize=13, fontWeight="bold").encode(
        text="score:Q", color=readable_text("datum.score >= 2")
    )
    totals = frame.groupby("text")["score"].sum()
    top = 3 * frame["mechanism_id"].nunique()

    def scoring(total) -> str:  # "(14 of 39): Minsk II, Istanbul communiqué"
        return f"({total} of {top}): " + ", ".join(sorted(totals[totals == total].index))

    return titled(
        alt.layer(cells, numbers).add_params(moment),
        f"The book's durability rubric on {len(text_order)} texts. Highest total {scoring(totals.max())}. "
        f"Lowest {scoring(totals.min())}",
        "Hover a cell for the reason and the provisions it rests on. A judgement, not a probability of peace.",
        description=(
            "Scores from 0 to 3 for each durability mechanism (rows) in each assessed text (columns), with the "
            "book's reason for each score."
        ),
        width=FIT,
        height=alt.Step(24),
    )
