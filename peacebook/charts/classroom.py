"""The instructors' dashboard: charts of a class's settlements (choices, red lines, flags, ratings,
closeness to the texts). The role-play's charts are in `roleplay`.

Each chart counts students in pandas first (`_counted`): one row per cell, bar or dot, however large the class,
so no chart grows with it or needs altair's row limit raised. A row names the first few students it counts."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..data.vocabulary import Vocabularies, book_vocabularies
from .style import (
    COUNT_AXIS,
    FIT,
    COUNTS,
    FLAG_ANSWERS,
    LEGEND,
    STUDENTS,
    WHITE,
    by_width,
    titled,
)

WHO = alt.Tooltip("who:N", title="Who")
NAMED = 3  # students named in a cell's "who"; the rest are counted


def _some_of(students: pd.Series) -> str:
    """'Student 001, Student 004, Student 007 and 12 more': the first few students (by name) a row counts."""
    names = sorted(set(students))
    shown = ", ".join(names[:NAMED])
    return shown + (f" and {len(names) - NAMED} more" if len(names) > NAMED else "")


def _counted(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """How many students each combination of `by` holds (`size`), and the first few of them (`who`)."""
    return frame.groupby(by, as_index=False, sort=False).agg(size=("student", "size"), who=("student", _some_of))


def _students_per_cell(
    frame: pd.DataFrame,
    *,
    column: str,
    column_title: str,
    columns: list[str],
    column_axis: alt.Axis,
    row: str,
    row_title: str,
    answer: alt.Tooltip,
    order: list[str],
    title: str,
    description: str,
) -> alt.LayerChart:
    """A grid of rows by columns, each cell coloured by and labelled with how many students it holds (`size`)."""
    base = alt.Chart(frame).encode(
        x=alt.X(f"{column}:N", title=column_title, sort=columns, scale=alt.Scale(domain=columns), axis=column_axis),
        y=alt.Y(f"{row}:N", title=None, sort=order, axis=alt.Axis(labelLimit=by_width(130, 280))),
        tooltip=[alt.Tooltip(f"{row}:N", title=row_title), answer, STUDENTS, WHO],
    )
    cells = base.mark_rect(stroke=WHITE).encode(
        color=alt.Color("size:Q", title="Students", scale=alt.Scale(scheme=COUNTS))
    )
    numbers = base.mark_text().encode(text="size:Q")
    return titled(
        alt.layer(cells, numbers),
        title,
        description=description,
        width=FIT,
        height=alt.Step(22),
    )


def _dots_sized_by_students(
    frame: pd.DataFrame,
    x: alt.X,
    y: alt.Y,
    shown: list[alt.Tooltip],
    *,
    row_step: int,
    title: str,
    description: str,
    subtitle: str | None = None,
) -> alt.Chart:
    """One dot per row of `frame` (counted by `_counted`), as large as the number of students it holds, hovered
    for `shown`, the count and the first few students."""
    chart = (
        alt.Chart(frame)
        .mark_circle(opacity=0.7)
        .encode(
            x=x,
            y=y,
            size=alt.Size("size:Q", title="Students", scale=alt.Scale(range=[30, 500], zero=False), legend=LEGEND),
            tooltip=[*shown, STUDENTS, WHO],
        )
    )
    return titled(chart, title, subtitle, description=description, width=FIT, height=alt.Step(row_step))


def class_choices_chart(choices: pd.DataFrame, issues: pd.DataFrame) -> alt.LayerChart:
    """How many students chose each option of each issue (letters as in the workshop), or custom, or silent."""
    frame = choices.assign(
        column=[o.split(".")[1] if k == "option" else k for o, k in zip(choices["option_id"], choices["kind"])],
        issue_label=choices["issue_id"] + " " + choices["issue"],
    ).pipe(_counted, ["issue_id", "issue_label", "column", "choice"])
    ordered = issues.sort_values("order")
    chosen = frame[frame["column"] != "silent"].sort_values("size", ascending=False)
    students = choices["student"].nunique()
    title = (
        f"What the class chose: the widest agreement, {chosen.iloc[0]['size']} of {students} students, on "
        f"{chosen.iloc[0]['issue_label']}: {chosen.iloc[0]['choice']}"
        if len(chosen)
        else "What the class chose, issue by issue"
    )
    return _students_per_cell(
        frame,
        column="column",
        column_title="Option (letters as in the workshop)",
        columns=["a", "b", "c", "d", "e", "f", "custom", "silent"],
        column_axis=alt.Axis(orient="top", labelAngle=by_width(-90, 0)),
        row="issue_label",
        row_title="Issue",
        answer=alt.Tooltip("choice:N", title="Choice"),
        order=[f"{i} {t}" for i, t in zip(ordered["issue_id"], ordered["title"])],
        title=title,
        description="A grid of issues by options with the number of students who chose each, including custom and silent.",
    )


def frame_means(rating_rows: pd.DataFrame, names: dict) -> pd.Series:
    """Each mechanism's mean rating ("D2 Its name"), over the students who rated it."""
    rated = rating_rows.dropna(subset=["score"])
    return rated.groupby(rated["mechanism_id"] + " " + rated["mechanism_id"].map(names))["score"].mean()


def class_ratings_chart(
    rating_rows: pd.DataFrame, mechanisms: pd.DataFrame, vocab: Vocabularies | None = None
) -> alt.LayerChart:
    """How the class rated each durability mechanism (0-3, or not rated): counts per rating."""
    scale = (vocab or book_vocabularies()).mechanism_scale
    names = dict(zip(mechanisms["mechanism_id"], mechanisms["name"]))
    frame = rating_rows.assign(
        mechanism=rating_rows["mechanism_id"] + " " + rating_rows["mechanism_id"].map(names),
        rating=rating_rows["score"].map(lambda v: "not rated" if pd.isna(v) else f"{int(v)} {scale[int(v)]}"),
    ).pipe(_counted, ["mechanism", "rating"])
    means = frame_means(rating_rows, names)
    title = "How the class rated each durability mechanism" + (
        f": highest on average, {means.idxmax()} ({means.max():.1f} of 3)" if len(means) else ""
    )
    return _students_per_cell(
        frame,
        column="rating",
        column_title="Rating",
        columns=[f"{k} {v}" for k, v in scale.items()] + ["not rated"],
        column_axis=alt.Axis(orient="top", labelAngle=by_width(-90, -30), labelLimit=200),
        row="mechanism",
        row_title="Mechanism",
        answer=alt.Tooltip("rating:N", title="Rating"),
        order=[f"{m} {names[m]}" for m in mechanisms.sort_values("order")["mechanism_id"]],
        title=title,
        description="A grid of mechanisms by ratings (0 to 3, or not rated) with the number of students who gave each.",
    )


def class_red_lines_chart(sheet: pd.DataFrame, vocab: Vocabularies | None = None) -> alt.Chart:
    """How many students' settlements cross each number of each party's red lines on record."""
    parties = (vocab or book_vocabularies()).parties
    long = sheet.melt(
        id_vars=["student"], value_vars=[f"red lines: {p}" for p in parties], var_name="party", value_name="red_lines"
    )
    long["party"] = long["party"].str.replace("red lines: ", "", regex=False)
    none = int((sheet[[f"red lines: {p}" for p in parties]].sum(axis=1) == 0).sum())
    return _dots_sized_by_students(
        _counted(long, ["party", "red_lines"]),
        alt.X("red_lines:Q", title="Red lines on record crossed", axis=COUNT_AXIS),
        alt.Y("party:N", title=None, sort=parties),
        [alt.Tooltip("party:N", title="Party"), alt.Tooltip("red_lines:Q", title="Red lines")],
        row_step=36,
        title=f"Red lines on record each settlement crosses: {none} of {len(sheet)} cross none",
        subtitle="One dot per party and number of red lines, as large as the number of students; hover for them.",
        description="For each party, dots at each number of its rejected options a settlement contains, sized by how "
        "many students' settlements contain that many.",
    )


def class_resemblance_chart(resemblance_rows: pd.DataFrame, texts: pd.DataFrame) -> alt.Chart:
    """How close the class's settlements are to each text: for each text and share of its issues on which a
    settlement takes the text's option, how many students' settlements do."""
    order = list(texts[texts["text_code"].isin(resemblance_rows["text_code"])].sort_values("date")["short_title"])
    shares = resemblance_rows.groupby("short_title")["share"].mean()
    title = "How close each settlement is to each text" + (
        f": closest on average, {shares.idxmax()} ({shares.max():.0%} of its issues)" if len(shares) else ""
    )
    counted = _counted(resemblance_rows, ["text_code", "short_title", "matches", "comparable"])
    frame = counted.assign(
        share=counted["matches"] / counted["comparable"],
        detail=counted["matches"].astype(str) + " of " + counted["comparable"].astype(str),
    )
    return _dots_sized_by_students(
        frame,
        alt.X(
            "share:Q",
            title="Share of the text's issues on which the settlement takes the same option",
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        alt.Y("short_title:N", title=None, sort=order, axis=alt.Axis(labelLimit=by_width(130, 220))),
        [alt.Tooltip("short_title:N", title="Text"), alt.Tooltip("detail:N", title="Same option on")],
        row_step=24,
        title=title,
        subtitle="One dot per text and share, as large as the number of students; hover for them.",
        description="For every text, dots at each share of the issues the text covers on which a student's settlement "
        "takes the same option, sized by how many students' settlements do.",
    )


def class_flags_chart(flag_rows: pd.DataFrame) -> alt.Chart:
    """For each flag the class's settlements raise: how many students kept it with a reason, and how many did not."""
    frame = flag_rows.assign(
        flag=flag_rows["rule_id"] + " " + flag_rows["title"],
        answer=flag_rows["kept"].map({True: "kept, with a reason", False: "no reason given"}),
    )
    frame = _counted(frame, ["flag", "answer"])
    answers = ["kept, with a reason", "no reason given"]
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("size:Q", title="Students whose settlement raises the flag", axis=COUNT_AXIS),
            y=alt.Y("flag:N", title=None, sort="-x", axis=alt.Axis(labelLimit=by_width(130, 320))),
            color=alt.Color(
                "answer:N",
                title="The student",
                sort=answers,
                scale=alt.Scale(domain=answers, range=[FLAG_ANSWERS.answered, FLAG_ANSWERS.unanswered]),
                legend=LEGEND,
            ),
            order=alt.Order("answer:N", sort="ascending"),
            tooltip=[alt.Tooltip("flag:N", title="Flag"), alt.Tooltip("answer:N", title="The student"), STUDENTS, WHO],
        )
    )
    raised = frame.groupby("flag")["size"].sum()
    return titled(
        chart,
        (
            f"Flags raised: most often “{raised.idxmax()}” ({raised.max()} settlements)"
            if len(raised)
            else "No settlement raises a flag"
        ),
        description="Bars per flag: how many students' settlements raise it, split into those who kept it with a reason "
        "and those who gave none.",
        width=FIT,
        height=alt.Step(22),
    )
