"""The comparison chapter's charts: the provision matrix (texts by issues) and the durability rubric."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..vocabulary import Vocabularies, book_vocabularies
from .style import (
    SCORE_RAMP,
    SOURCE,
    SOURCE_LINK,
    TEXT_MATCH,
    TOP_AXIS,
    WHITE,
    bottom_legend,
    menu,
    menu_with_all,
    readable_text,
    titled,
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
    reference = menu(
        "reference", texts_in_order, "Compare with ", value=labels[reference] if reference else texts_in_order[-1]
    )
    issue_groups = (vocab or book_vocabularies()).issue_groups
    group = menu_with_all("group_pick", issue_groups.codes, "All issues", "Issues ", labels=issue_groups.labels)
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
            x=alt.X("issue_id:N", title="Issue", sort=issues_in_order, axis=TOP_AXIS),
            # wide enough for the longest short title and its year (a package's says 'summary only')
            y=alt.Y("text:N", title=None, sort=texts_in_order, axis=alt.Axis(labelLimit=320)),
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
            legend=bottom_legend(columns=2),
        ),
        href=SOURCE_LINK,
    )
    letters = base.mark_text(fontSize=11).encode(text="letter:N")
    return titled(
        alt.layer(cells, letters)
        .transform_calculate(
            ref_cell="datum.text == reference ? datum.option_id : ''",
        )
        .add_params(reference, group),
        "The provision matrix: which option each text takes on each issue",
        "Letters name the option (see the workshop's lists); choose a text to compare with; hover a cell for the provision.",
        description=(
            "A grid of texts (rows, oldest first) by issues (columns). Each filled cell holds the letter of the option "
            "the text takes and is marked as the same as, or different from, the reference text chosen in the menu."
        ),
        width=alt.Step(width_step),
        height=alt.Step(24),
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
        x=alt.X("text:N", title=None, sort=text_order, axis=alt.Axis(orient="top", labelAngle=-40, labelLimit=280)),
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
    cells = base.mark_rect(stroke=WHITE, strokeWidth=2).encode(
        color=alt.Color(
            "score:O",
            title="Score (0 absent, 1 mentioned, 2 specified, 3 specified and resourced)",
            scale=alt.Scale(domain=[0, 1, 2, 3], range=SCORE_RAMP),
            legend=bottom_legend(titleLimit=600),
        )
    )
    numbers = base.mark_text(fontSize=13, fontWeight="bold").encode(
        text="score:Q", color=readable_text("datum.score >= 2")
    )
    return titled(
        alt.layer(cells, numbers),
        f"The durability rubric applied to {len(text_order)} texts (the book's judgement)",
        "Hover a cell for the reason and the provisions it rests on. A judgement, not a probability of peace.",
        description=(
            "Scores from 0 to 3 for each durability mechanism (rows) in each assessed text (columns), with the "
            "book's reason for each score."
        ),
        width=alt.Step(34),
        height=alt.Step(24),
    )
