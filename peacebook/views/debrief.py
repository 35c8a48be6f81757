"""The role-play on the instructor's dashboard: what to project for the room, what only the instructor sees, and
what is revealed at the end. It composes the model (`negotiation`), the tables and the charts; every table it
shows has headers in words, and every cell is escaped.

For the room (`show_projection`): each table's zone, with nothing of any party's range, opening or priorities.
For the instructor (`show_instructor`): the ranges, a package with the deal-breakers it breaks and the workshop's
own checks run over it, and what each party gives up. After the talks: each table's single text set against its
zone (`show_texts`), the priorities and fallbacks revealed (`show_reveal`) and the outcome across tables
(`show_outcomes`). With `project=True` the instructor's views print a line instead of their content, so a
dashboard left on a projector shows the room nothing confidential.
"""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML, display

from .. import charts
from ..classroom import negotiation
from ..html import rendering
from . import tables
from ..classroom.class_files import student_name

HIDDEN = "Hidden while PROJECT is True: this part shows the parties' confidential ranges or priorities."


def _issue(frame: pd.DataFrame) -> pd.Series:
    return frame["issue_id"] + " " + frame["issue"]


def package_table(package_rows: pd.DataFrame) -> pd.DataFrame:
    """The package folded to one row per issue, in words: what it takes, on what ground, who gives ground and
    what that costs the party giving ground that cares most (option by option where options tie or deadlock),
    and whose deal-breaker breaks."""
    rows = []
    for issue_id, group in package_rows.groupby("issue_id", sort=False):
        first = group.iloc[0]
        if not first.option_id:
            takes, where, giving, cost = "nothing: the issue is left open", first.status.removeprefix("open: "), "", ""
        else:
            takes = " or ".join(f"{o.option_id} {o.label}" for o in group.itertuples())
            where = first.status if first.status == negotiation.DEADLOCK or not first.tie else f"a tie: {first.status}"
            sides = group.drop_duplicates("gives_ground")
            if len(sides) == 1:
                giving, cost = first.gives_ground, f"{first.cost:g}"
            else:
                giving = " | ".join(f"{o.option_id}: {o.gives_ground or 'nobody'}" for o in sides.itertuples())
                cost = " | ".join(f"{o.option_id}: {o.cost:g}" for o in sides.itertuples())
        rows.append(
            {
                "Issue": f"{issue_id} {first.issue}",
                "The package takes": takes,
                "Where it lies": where,
                "Gives ground": giving,
                "Points it costs the party giving ground that cares most": cost,
                "Deal-breakers broken": " | ".join(d for d in dict.fromkeys(group["deal_breakers_broken"]) if d),
                "Range not stated by": first.not_stated,
            }
        )
    return pd.DataFrame(rows)


def concessions_table(concession_rows: pd.DataFrame) -> pd.DataFrame:
    return concession_rows.rename(
        columns={
            "party": "Party",
            "gives_ground_on": "Gives ground on (issues)",
            "issues": "Which",
            "points_given_up": "Points given up (of 100)",
            "deal_breakers_broken": "Deal-breakers broken",
            "undecided": "Left to the table (a tie or a deadlock) on",
            "range_not_stated_on": "Range not stated on (issues)",
            "priority_not_stated_on": "Priority not set on (issues)",
        }
    )


def checks_table(check_rows: pd.DataFrame) -> pd.DataFrame:
    return check_rows.rename(
        columns={"check": "Check", "id": "Row or rule", "party": "Party", "issue_id": "Issue", "option_id": "Option"}
    ).rename(columns={"title": "What", "when": "When"})


def text_table(text_rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Issue": _issue(text_rows),
            "Zone": text_rows["zone"],
            "Options in the zone": text_rows["zone_options"],
            "The text takes": (text_rows["text_option"] + " " + text_rows["text_label"]).str.strip(),
            "Outside the stated range of": text_rows["outside_range_of"],
            "On the briefs": text_rows["outcome"],
        }
    )


def fallbacks_table(result: negotiation.Analysis) -> pd.DataFrame:
    return pd.DataFrame(
        [(sub.draft.role, student_name(sub), sub.draft.fallback) for sub in result.briefs],
        columns=["Party", "Student", "Fallback (best alternative to an agreement)"],
    )


def _show(chart, summary: str, open_in_book: bool = False) -> None:
    """A chart with its data. In a live notebook it is drawn where it is; on the book's page (where the dashboard
    is an example to read, not a room to project) it waits one click away under `summary`, unless `open_in_book`."""
    shown = charts.with_data(chart)
    if open_in_book or rendering.in_live_kernel():
        display(shown)
    else:
        # the data table stays outside the folded chart, one click away in its own right (its text alternative)
        display(HTML(tables.collapsed(chart._repr_mimebundle_()["text/html"], summary) + shown.data_html()))


def _caption(result: negotiation.Analysis, what: str) -> str:
    return f"Table {result.table}: {what}" if result.table else f"The whole class: {what}"


def show_projection(result: negotiation.Analysis, issues: pd.DataFrame, open_in_book: bool = False) -> None:
    """For the room: the table's zone, and nothing of any party's range."""
    chart = charts.zone_chart(result.zone, issues, table=result.table, projection=True)
    _show(chart, _caption(result, "the zone of possible agreement, for the room (chart)"), open_in_book)


def show_instructor(result: negotiation.Analysis, issues: pd.DataFrame, project: bool = False) -> None:
    """For the instructor: the ranges, the package and its checks, and what each party gives up."""
    if project:
        display(HTML(f"<p><em>{escape(_caption(result, HIDDEN))}</em></p>"))
        return
    chart = charts.package_chart(result.package, result.zone, issues, table=result.table)
    _show(chart, _caption(result, "the ranges and a package (instructor's chart)"))
    _show(
        charts.concessions_chart(result.concessions, table=result.table),
        _caption(result, "what each party gives up (chart)"),
    )
    parts = [
        tables.frame_html(package_table(result.package), caption=_caption(result, "the package, issue by issue")),
        tables.frame_html(concessions_table(result.concessions), caption=_caption(result, "what each party gives up")),
        tables.frame_html(
            checks_table(result.checks),
            caption=_caption(result, "red lines on the record and the workshop's flags, run over the package"),
        ),
    ]
    summary = (
        f"{_caption(result, 'the package in a table')}: {len(result.checks)} checks raised, deal-breakers broken: "
        + (", ".join(d for d in dict.fromkeys(result.package["deal_breakers_broken"]) if d) or "none")
    )
    display(HTML(tables.collapsed("".join(parts), summary)))


def show_class(result: negotiation.Analysis, issues: pd.DataFrame, project: bool = False) -> None:
    """The whole class's zone: for the room (`project`), the zone alone; for the instructor, how many parties
    accept each option."""
    what = "the zone of possible agreement" if project else "the ranges, pooled (instructor's chart)"
    _show(charts.zone_chart(result.zone, issues, projection=project), _caption(result, f"{what} (chart)"))


def show_sensitivity(result: negotiation.Analysis, project: bool = False) -> None:
    """Which single mark in a brief would open or close an issue's zone (it names students and their marks)."""
    if project:
        display(HTML(f"<p><em>{escape(_caption(result, HIDDEN))}</em></p>"))
        return
    folded = negotiation.sensitivity_by_issue(result.sensitivity)
    folded.insert(0, "Issue", _issue(folded))
    folded = folded.drop(columns=["issue_id", "issue"]).rename(
        columns={"a single mark": "A single mark", "marks that would": "Marks that would", "for example": "For example"}
    )
    caption = _caption(result, "marks that open or close a zone")
    display(HTML(tables.collapsed(tables.frame_html(folded, caption=caption), f"{caption} ({len(folded)} issues)")))


def show_texts(result: negotiation.Analysis, project: bool = False) -> None:
    """Each single text at the table (the mediator's, or the chair's final text), set against the zone."""
    if not result.mediators:
        display(HTML(f"<p>{escape(_caption(result, 'no single text (a mediator or chair file) was handed in.'))}</p>"))
        return
    if project:
        display(HTML(f"<p><em>{escape(_caption(result, HIDDEN))}</em></p>"))
        return
    for sub in result.mediators:
        rows = negotiation.text_against_zone(result.zone, sub.draft)
        name = f"{sub.draft.title or 'untitled'} ({student_name(sub)}, {sub.path.name})"
        counts = rows["outcome"].value_counts()
        summary = _caption(result, f"{name}: " + ", ".join(f"{counts.get(o, 0)} {o}" for o in negotiation.OUTCOMES))
        display(HTML(tables.collapsed(tables.frame_html(text_table(rows), caption=name), summary)))


def show_reveal(result: negotiation.Analysis, issues: pd.DataFrame, project: bool = False) -> None:
    """At the end: the priorities (as points, deal-breakers starred) and the fallbacks."""
    if project:
        display(HTML(f"<p><em>{escape(_caption(result, HIDDEN))}</em></p>"))
        return
    if len(result.priorities):
        chart = charts.priorities_chart(result.priorities, issues, table=result.table)
        _show(chart, _caption(result, "the priorities, revealed (chart)"))
    caption = _caption(result, "each party's fallback, as its players wrote it")
    display(HTML(tables.frame_html(fallbacks_table(result), caption=caption)))


def show_outcomes(results: dict[str, negotiation.Analysis], issues: pd.DataFrame, open_in_book: bool = False) -> None:
    """Across tables: how each table's final text fares against its own briefs, issue by issue."""
    rows = negotiation.outcomes(results)
    if rows.empty:
        display(
            HTML("<p>No table handed in a single text (a mediator or chair file): there is no outcome to show.</p>")
        )
        return
    _show(charts.outcome_chart(rows, issues), "Across tables: what each final text reaches (chart)", open_in_book)


def table_summary(result: negotiation.Analysis) -> str:
    """What the dashboard shows for a table, in a few plain sentences (instructor's view: it names parties)."""
    issues = result.zone.drop_duplicates("issue_id")

    def having(status: str) -> list[str]:
        return [f"{r.issue_id} {r.issue}" for r in issues.itertuples() if r.issue_status == status]

    deadlocks = list(dict.fromkeys(result.package.loc[result.package.status == negotiation.DEADLOCK, "issue_id"]))
    broken = [
        f"{r.party} on {r.deal_breakers_broken}" for r in result.concessions.itertuples() if r.deal_breakers_broken
    ]
    red = result.checks[result.checks["check"] == "red line"]
    flags = result.checks[result.checks["check"] != "red line"]
    certain = "whatever the table chooses"

    def listed(items: list[str]) -> str:
        return "; ".join(items) if items else "none"

    return " ".join(
        [
            f"{_caption(result, '')}".rstrip(": ") + ":",
            f"a zone on {len(having(negotiation.ZONE))} issues ({listed(having(negotiation.ZONE))});",
            f"no zone on {len(having(negotiation.NO_ZONE))};",
            f"one party only on {len(having(negotiation.ONE_PARTY))} ({listed(having(negotiation.ONE_PARTY))});",
            f"no party stated a range on {len(having(negotiation.NO_PARTY))}.",
            f"The package leaves deadlocked (every option breaks a deal-breaker): {listed(deadlocks)};",
            f"Deal-breakers it breaks outright: {listed(broken)}.",
            f"It crosses {int((red['when'] == certain).sum())} red lines on the record whatever the table chooses "
            f"and {int((red['when'] != certain).sum())} more depending on the ties, and raises "
            f"{int((flags['when'] == certain).sum())} of the workshop's flags ({listed(list(flags.loc[flags['when'] == certain, 'id']))})"
            f" and {int((flags['when'] != certain).sum())} more in some readings.",
        ]
    )
