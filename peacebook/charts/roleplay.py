"""The negotiation role-play's charts, for the instructor's dashboard and the debrief: where the parties' ranges
overlap (in a projection mode that shows the zone and nothing of any party's range), the package, what each
party gives up, the priorities revealed at the end, and how each table's final text fares.

Options are laid out in their order along each issue's spectrum (the issue's description says what runs from
one end to the other), each cell holding the option's whole label; the first column says, in words, what the
zone is on the issue. Colour is never the only signal: every cell also says what it means in text.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from ..classroom import negotiation
from .style import AGREEMENT, BLACK, BLANK, BLUE, FIT, GREEN, ORANGE, PALE_GREEN, RED, WHITE, NARROW, titled

LINE = 13  # characters per line of an option's label inside its cell (12 px): every label fits whole in five lines
LINES = 5
CELL_WIDTH = 85  # each option's cell, in pixels: six options and the issue column fit a laptop's text column
ISSUE_WIDTH = 152  # the column that names each issue and says what its zone is
ISSUE_LINE = 23  # characters per line in that column
LINE_HEIGHT = 13  # px a line of 12 px text takes in a cell
# A row is as tall as the most lines any of its cells holds (an option's label in up to five, and in the
# instructor's view the count under it), and a cell's lines start at its top (Vega centres only the first line).
# A phone's column cannot hold an issue's options side by side, legibly, in their order along its spectrum: the
# grids keep their layout and scroll sideways there, and the page says why (peacebook.html.rendering).
SCROLLS = (
    "The options of each issue stand side by side in their order along its spectrum, too many for a phone's width."
)
ZONE_COLUMN = 0  # the column, left of the options, that says what the zone is on each issue
ZONE_FILL = {"in the zone": GREEN, "not in the zone": "#f0f0f0"}
PACKAGE_FILL = {
    negotiation.IN_ZONE: GREEN,
    negotiation.GIVES_GROUND: ORANGE,
    "tie": PALE_GREEN,
    negotiation.DEADLOCK: "#f4a582",
    "not taken": "#f0f0f0",
}
OUTCOME_FILL = {
    negotiation.AGREED: GREEN,
    negotiation.PARTLY: PALE_GREEN,
    negotiation.NOT_AGREED: RED,
    negotiation.SILENT: BLANK,
    negotiation.CUSTOM: ORANGE,
}
ISSUE_STATUS_WORDS = {
    negotiation.ZONE: "zone",
    negotiation.NO_ZONE: "no zone",
    negotiation.ONE_PARTY: "one party only",
    negotiation.NO_PARTY: "no party stated",
}


def wrapped(label: str, width: int = LINE, lines: int = LINES) -> str:
    """An option's whole label broken into short lines for its cell, after a space or a hyphen (the last line ends
    in … only if cut).

    >>> wrapped("Ukraine leaves the rest of Donetsk")
    'Ukraine\\nleaves the\\nrest of\\nDonetsk'
    """
    return "\n".join(textwrap.wrap(label, width, max_lines=lines, placeholder=" …", break_long_words=False))


def _first_column(issue_label: str, text: str) -> str:
    """The issue column's words: the issue (at most two lines), then what the zone or the package is there."""
    return "\n".join(
        [wrapped(issue_label, ISSUE_LINE, 2), *(wrapped(line, ISSUE_LINE, 2) for line in text.split("\n"))]
    )


def _issue_order(issues: pd.DataFrame) -> list[str]:
    ordered = issues.sort_values("order")
    return [f"{i} {t}" for i, t in zip(ordered["issue_id"], ordered["title"])]


def _zone_words(options: pd.DataFrame, projection: bool) -> str:
    """What the zone is on one issue, in words: how many options it holds, or why there is none, and how many of
    the represented parties stated a range there (silence is not agreement, so the room should see it)."""
    first = options.iloc[0]
    stated = f"\n({first.stating} of {first.parties} stated a range)"
    if first.issue_status == negotiation.ZONE:
        count = int(options["in_zone"].sum())
        return f"✓ zone: {count} option{'s' if count > 1 else ''}{stated}"
    if first.issue_status == negotiation.ONE_PARTY and not projection:
        return f"only {first.stated_by} stated"
    return ISSUE_STATUS_WORDS[first.issue_status] + (stated if first.issue_status == negotiation.NO_ZONE else "")


def _spectrum_grid(
    frame: pd.DataFrame, issues: pd.DataFrame, fill: alt.Color, tooltip: list, *, title, subtitle, description
):
    """Issues as rows. On the left, each issue and, in words, what the zone (or the package) is there; on the
    right, the issue's options in their order along its spectrum, each cell holding the option's whole label and
    `text`, filled by `fill`, with a heavy outline where `outlined` is true. Narrow enough for the book's column."""
    row_height = LINE_HEIGHT * (int(frame["text"].str.count("\n").max()) + 1) + 5
    top = 3 - row_height / 2
    y = alt.Y("issue_label:N", title=None, sort=_issue_order(issues), axis=None)
    base = alt.Chart(frame).encode(y=y, tooltip=tooltip)
    words = (
        base.transform_filter(f"datum.position == {ZONE_COLUMN}")
        .mark_text(fontSize=12, lineHeight=LINE_HEIGHT, lineBreak="\n", align="left", baseline="top", dy=top, x=4)
        .encode(text="text:N")
        .properties(width=ISSUE_WIDTH, height=alt.Step(row_height))
    )
    x = alt.X(
        "position:O",
        title="Options, in order along each issue's spectrum (see the issue's description)",
        axis=alt.Axis(orient="top", labels=False, ticks=False, domain=False),
    )
    options = base.transform_filter(f"datum.position != {ZONE_COLUMN}").encode(x=x)
    cells = options.mark_rect().encode(
        color=fill,
        stroke=alt.condition("datum.outlined", alt.value(BLACK), alt.value(WHITE)),
        strokeWidth=alt.condition("datum.outlined", alt.value(3), alt.value(1)),
    )
    text = options.mark_text(fontSize=12, lineHeight=LINE_HEIGHT, lineBreak="\n", baseline="top", dy=top).encode(
        text="text:N", color=alt.condition("datum.dark", alt.value(WHITE), alt.value(BLACK))
    )
    grid = alt.layer(cells, text).properties(width=alt.Step(CELL_WIDTH), height=alt.Step(row_height))
    return titled(
        alt.hconcat(words, grid, spacing=0).resolve_scale(y="shared"),
        title,
        subtitle,
        description=description,
        scrolls=SCROLLS,
    )


def zone_chart(
    zone_rows: pd.DataFrame, issues: pd.DataFrame, table: str | None = None, projection: bool = False
) -> alt.LayerChart:
    """Where the parties' acceptable ranges overlap, issue by issue, options along each issue's spectrum.

    In `projection` mode (for the room) the chart carries the zone and nothing else: no party's range, opening or
    name, and no count of parties accepting an option, in its marks, its tooltips or its data. The instructor's
    view adds, in each cell, how many of the parties that stated a range accept the option, and who."""
    rows = []
    for issue_id, options in zone_rows.groupby("issue_id", sort=False):
        label = f"{issue_id} {options.iloc[0].issue}"
        rows.append(
            {
                "issue_label": label,
                "position": ZONE_COLUMN,
                "text": _first_column(label, _zone_words(options, projection)),
                "on_issue": _zone_words(options, projection),
                "dark": False,
            }
            | ({} if projection else {"stated_by": options.iloc[0].stated_by, "not_stated": options.iloc[0].not_stated})
        )
        for o in options.itertuples():
            zone = "in the zone" if o.in_zone else "not in the zone"
            words = ("✓ " if o.in_zone else "") + wrapped(o.label)
            shared = {
                "issue_label": label,
                "position": int(o.order),
                "option": o.label,
                "zone": zone,
                "outlined": o.in_zone,
            }
            if projection:
                rows.append(shared | {"text": words, "dark": o.in_zone})
            else:
                count = f"{o.accepting}/{o.stating}" if o.stating else "–"
                rows.append(
                    shared
                    | {
                        "text": f"{words}\n{count}",
                        "dark": o.stating > 0 and o.accepting / o.stating > 0.5,
                        "accepting": o.accepting,
                        "stating": o.stating,
                        "accepted_by": o.accepted_by,
                        "not_stated": o.not_stated,
                        "opened_by": o.opened_by,
                    }
                )
    frame = pd.DataFrame(rows)
    where = f": table {table}" if table else ""
    statuses = zone_rows.drop_duplicates("issue_id")["issue_status"]
    zones = f", a zone on {int((statuses == negotiation.ZONE).sum())} of {len(statuses)} issues"
    if projection:
        fill = alt.Color(
            "zone:N",
            title=None,
            scale=alt.Scale(domain=list(ZONE_FILL), range=list(ZONE_FILL.values())),
            legend=alt.Legend(orient="bottom"),
        )
        tooltip = [
            alt.Tooltip("issue_label:N", title="Issue"),
            alt.Tooltip("option:N", title="Option"),
            alt.Tooltip("zone:N", title="Zone of possible agreement"),
        ]
        return _spectrum_grid(
            frame,
            issues,
            fill,
            tooltip,
            title=f"The zone of possible agreement{where}{zones}",
            subtitle="✓ marks the options every party that stated a range could accept; a zone needs at least two "
            "parties' ranges. Nothing here shows any party's own range.",
            description="A grid of issues by options, in order along each issue's spectrum. Options in the zone of "
            "possible agreement are filled, outlined and ticked; the first column says whether the issue has a zone, "
            "and if not, why not.",
        )
    parties = max(int(zone_rows["parties"].max()) if len(zone_rows) else 0, 1)
    fill = alt.Color(
        "accepting:Q",
        title="Parties accepting",
        scale=alt.Scale(scheme=AGREEMENT, domain=[0, parties]),
        legend=alt.Legend(format="d", tickMinStep=1, orient="bottom"),
    )
    tooltip = [
        alt.Tooltip("issue_label:N", title="Issue"),
        alt.Tooltip("option:N", title="Option"),
        alt.Tooltip("accepted_by:N", title="Acceptable to"),
        alt.Tooltip("not_stated:N", title="Range not stated by"),
        alt.Tooltip("opened_by:N", title="Opening position of"),
        alt.Tooltip("zone:N", title="Zone of possible agreement"),
    ]
    return _spectrum_grid(
        frame,
        issues,
        fill,
        tooltip,
        title=f"Where the parties' acceptable ranges overlap{where}{zones} (instructor's view: not for projection)",
        subtitle="Each cell: the option, then parties accepting it / parties that stated a range on the issue (– where none "
        "did); ✓ marks the zone. The ranges are the students' assumptions, and confidential to the table.",
        description="A grid of issues by options, in order along each issue's spectrum. Each cell gives how many of "
        "the parties that stated a range on the issue, as played by students, marked the option acceptable; options "
        "every such party accepts, where at least two stated a range, are ticked and outlined.",
    )


def package_chart(package_rows: pd.DataFrame, zone_rows: pd.DataFrame, issues: pd.DataFrame, table: str | None = None):
    """The package on the ranges (instructor's view): in each cell, how many of the parties that stated a range
    accept the option; outlined, the option (or the tied options) the package takes, coloured by what it costs,
    with the deal-breakers it breaks; in the first column, who gives ground, or why the issue is left open."""
    taken = {(r.issue_id, r.option_id): r for r in package_rows.itertuples() if r.option_id}
    rows = []
    for issue_id, group in package_rows.groupby("issue_id", sort=False):
        first = group.iloc[0]
        label = f"{issue_id} {first.issue}"
        if not first.option_id:
            words = first.status.replace("open: ", "open:\n")
        elif first.tie:
            kind = "deadlock" if first.status == negotiation.DEADLOCK else "tie"
            words = (
                f"{kind}:\n" + " or ".join(sorted({g or "nobody" for g in group["gives_ground"]})) + "\ngives ground"
            )
        elif first.gives_ground:
            words = f"{first.gives_ground}\ngives ground"
        else:
            words = "in the zone"
        rows.append(
            {
                "issue_label": label,
                "position": ZONE_COLUMN,
                "text": _first_column(label, words),
                "on_issue": words,
                "dark": False,
            }
        )
        for o in zone_rows[zone_rows.issue_id == issue_id].itertuples():
            pick = taken.get((issue_id, o.option_id))
            status = (
                "not taken"
                if pick is None
                else pick.status
                if pick.status == negotiation.DEADLOCK or not pick.tie
                else "tie"
            )
            breaks = pick is not None and bool(pick.deal_breakers_broken)
            count = f"{o.accepting}/{o.stating}" if o.stating else "–"
            rows.append(
                {
                    "issue_label": label,
                    "position": int(o.order),
                    "option": o.label,
                    "status": status,
                    "outlined": pick is not None,
                    "text": ("✗ " if breaks else "") + wrapped(o.label) + f"\n{count}",
                    "dark": status in (negotiation.IN_ZONE,),
                    "gives_ground": "" if pick is None else pick.gives_ground,
                    "deal_breakers_broken": "" if pick is None else pick.deal_breakers_broken,
                    "accepted_by": o.accepted_by,
                    "not_stated": o.not_stated,
                    "opened_by": o.opened_by,
                }
            )
    fill = alt.Color(
        "status:N",
        title="The package",
        scale=alt.Scale(domain=list(PACKAGE_FILL), range=list(PACKAGE_FILL.values())),
        legend=alt.Legend(orient="bottom", labelExpr="datum.label == 'tie' ? 'tied with another option' : datum.label"),
    )
    tooltip = [
        alt.Tooltip("issue_label:N", title="Issue"),
        alt.Tooltip("option:N", title="Option"),
        alt.Tooltip("accepted_by:N", title="Acceptable to"),
        alt.Tooltip("not_stated:N", title="Range not stated by"),
        alt.Tooltip("opened_by:N", title="Opening position of"),
        alt.Tooltip("status:N", title="The package"),
        alt.Tooltip("gives_ground:N", title="Gives ground"),
        alt.Tooltip("deal_breakers_broken:N", title="Deal-breaker broken"),
    ]
    where = f": table {table}" if table else ""
    return _spectrum_grid(
        pd.DataFrame(rows),
        issues,
        fill,
        tooltip,
        title=f"The ranges and a package{where} (instructor's view: not for projection)",
        subtitle="In each cell: the option, then parties accepting it / parties that stated a range (– where none did). "
        "Outlined: the option the package takes (several where they tie): the one that costs least to the party "
        "giving ground that cares most, in its own points; ✗ marks a broken deal-breaker.",
        description="A grid of issues by options, in order along each issue's spectrum. Each cell gives how many of "
        "the parties that stated a range accept the option. The options the package takes are outlined and coloured "
        "by whether they lie in the zone, outside some parties' ranges, tie with another option or are deadlocked; "
        "the first column says who gives ground, or why the issue is left open.",
    )


def concessions_chart(concession_rows: pd.DataFrame, table: str | None = None) -> alt.LayerChart:
    """The points each party gives up in the package (out of its 100), with the issues and broken deal-breakers."""
    frame = concession_rows.assign(
        text=[
            f"{n} issue{'s' if n != 1 else ''}"
            + (f"; deal-breakers broken: {d}" if d else "")
            + (f"; left to the table: {t}" if t else "")
            for n, d, t in zip(
                concession_rows["gives_ground_on"],
                concession_rows["deal_breakers_broken"],
                concession_rows["undecided"],
            )
        ]
    )
    base = alt.Chart(frame).encode(
        y=alt.Y("party:N", title=None, sort=list(frame["party"])),
        tooltip=[
            alt.Tooltip("party:N", title="Party"),
            alt.Tooltip("points_given_up:Q", title="Points given up (of 100)"),
            alt.Tooltip("issues:N", title="Gives ground on"),
            alt.Tooltip("deal_breakers_broken:N", title="Deal-breakers broken"),
            alt.Tooltip("undecided:N", title="Left to the table (a tie or a deadlock)"),
        ],
    )
    bars = base.mark_bar(color=BLUE, size=14, yOffset=-20).encode(
        x=alt.X("points_given_up:Q", title="Points given up, of the party's 100", scale=alt.Scale(domain=[0, 100]))
    )
    # the words sit under each bar, from the plot's left edge, so they stay inside it however long the bar
    # (on a phone, one part a line)
    text = (
        base.transform_calculate(lines=f"{NARROW} ? split(datum.text, '; ') : datum.text")
        .mark_text(align="left", baseline="top", dy=-10, x=2)
        .encode(text="lines:N")
    )
    where = f": table {table}" if table else ""
    return titled(
        alt.layer(bars, text),
        f"What each party gives up in the package{where}"
        + (
            f": most, {most.party} ({most.points_given_up:g} of its 100 points)"
            if len(frame) and (most := frame.loc[frame["points_given_up"].idxmax()]).points_given_up > 0
            else ": no party gives up any points"
        ),
        "Points are the party's own priorities, shared out as 100 points per player.",
        description="Bars per party: the points of its own priorities it gives up in the package, with the number of "
        "issues, the deal-breakers broken and the issues where a tie decides.",
        width=FIT,
        height=alt.Step(60),
    )


def priorities_chart(priority_rows: pd.DataFrame, issues: pd.DataFrame, table: str | None = None) -> alt.LayerChart:
    """The priorities, revealed at the end: each party's points on each issue (out of 100), deal-breakers marked."""
    frame = priority_rows.assign(
        issue_label=priority_rows["issue_id"]
        + " "
        + priority_rows["issue_id"].map(dict(zip(issues["issue_id"], issues["title"]))),
        text=[f"{p:g}" + (" ★" if d else "") for p, d in zip(priority_rows["points"], priority_rows["deal_breaker"])],
        kind=priority_rows["deal_breaker"].map({True: "deal-breaker (priority 5)", False: "priority below 5"}),
    )
    base = alt.Chart(frame).encode(
        x=alt.X(
            "party:N", title=None, sort=list(dict.fromkeys(frame["party"])), axis=alt.Axis(orient="top", labelAngle=0)
        ),
        y=alt.Y("issue_label:N", title=None, sort=_issue_order(issues), axis=alt.Axis(labelLimit=260)),
        tooltip=[
            alt.Tooltip("party:N", title="Party"),
            alt.Tooltip("issue_label:N", title="Issue"),
            alt.Tooltip("priority:Q", title="Priority set (0-5, mean of its players)", format=".1f"),
            alt.Tooltip("points:Q", title="Points (of 100)"),
            alt.Tooltip("kind:N", title="Deal-breaker"),
        ],
    )
    cells = base.mark_rect(stroke=WHITE).encode(
        color=alt.Color("points:Q", title="Points", scale=alt.Scale(scheme="blues"), legend=alt.Legend(orient="bottom"))
    )
    text = base.mark_text(fontSize=12).encode(text="text:N")
    where = f": table {table}" if table else ""
    return titled(
        alt.layer(cells, text),
        f"The priorities, revealed{where}: {int(priority_rows['deal_breaker'].sum())} deal-breakers in all",
        "Each party's points on each issue it stated a range on (100 per player); ★ marks a deal-breaker.",
        description="A grid of issues by parties: the points each party put on each issue, with its deal-breakers "
        "(priority 5) starred.",
        width=FIT,
        height=alt.Step(22),
    )


def outcome_chart(outcome_rows: pd.DataFrame, issues: pd.DataFrame) -> alt.LayerChart:
    """Across tables, issue by issue: how each table's final text fares against the briefs at that table."""
    frame = outcome_rows.assign(issue_label=outcome_rows["issue_id"] + " " + outcome_rows["issue"])
    base = alt.Chart(frame).encode(
        x=alt.X("table:N", title="Table", axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("issue_label:N", title=None, sort=_issue_order(issues), axis=alt.Axis(labelLimit=260)),
        tooltip=[
            alt.Tooltip("table:N", title="Table"),
            alt.Tooltip("text:N", title="Final text"),
            alt.Tooltip("issue_label:N", title="Issue"),
            alt.Tooltip("outcome:N", title="On the briefs"),
        ],
    )
    cells = base.mark_rect(stroke=WHITE).encode(
        color=alt.Color(
            "outcome:N",
            title="The final text, on the briefs",
            scale=alt.Scale(domain=list(OUTCOME_FILL), range=list(OUTCOME_FILL.values())),
            legend=alt.Legend(orient="bottom"),
        )
    )
    text = base.mark_text(fontSize=12).encode(
        text="outcome:N",
        color=alt.condition(
            f"datum.outcome == '{negotiation.AGREED}' || datum.outcome == '{negotiation.NOT_AGREED}'",
            alt.value(WHITE),
            alt.value(BLACK),
        ),
    )
    return titled(
        alt.layer(cells, text),
        "What each table's final text reaches, issue by issue",
        "Agreed: every party that stated a range accepts the text's option (at least two did); partly: some do.",
        description="A grid of issues by tables: whether each table's final text takes, on each issue, an option in "
        "its zone (agreed), within some parties' ranges only (partly agreed), within none (not agreed), says nothing, "
        "or uses custom wording.",
        width=FIT,
        height=alt.Step(22),
    )
