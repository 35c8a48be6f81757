"""The charts' one style: named colours and palettes, the title helper, the shared encodings and menus.

Every chart module takes its look from here, so a colour, an axis or a title is set once. The colours and
symbols of the book's vocabularies (stances, event categories, sequence elements) are not here: they are
data (`peacebook.data.vocabulary`), and `vocabulary_colour` and `vocabulary_shape` draw them.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass

import altair as alt

from ..data.vocabulary import Vocabulary

# Colours, by name. BLUE is the book's accent (Ukraine's proposals, the reference text, counts of choices).
BLUE = "#2166ac"
RED = "#b2182b"  # red lines, Russia's proposals
GREEN = "#1b7837"  # the same option
PALE_GREEN = "#d9f0d3"
ORANGE = "#fdb863"
WHITE = "white"
BLACK = "black"
INK = "#222"  # text drawn on pale cells
SOFT_INK = "#333"  # a note written inside the plot
GREY = "#999"  # a line that joins points without being data itself
DARK_GREY = "#737373"
LIGHT_GREY = "#bdbdbd"
SHADE = "#bbbbbb"  # a band laid over the plot (drawn translucent)
FADED = "#d9d9d9"  # what a filter leaves out
BLANK = "#e0e0e0"  # nothing to compare with

# Sequential schemes and ramps.
COUNTS = "blues"  # how many students chose something
AGREEMENT = "greens"  # how many parties accept an option
SCORE_RAMP = ["#f7f7f7", "#d1e5f0", "#67a9cf", BLUE]  # the durability rubric's 0, 1, 2 and 3


@dataclass(frozen=True)
class Comparison:
    """Cells compared with a reference: the same option, a different one, the reference itself, nothing to compare."""

    same: str
    different: str
    reference: str | None = None
    absent: str | None = None


@dataclass(frozen=True)
class Proposals:
    """Each side's proposal, and a figure for comparison that nobody proposed."""

    russia: str
    ukraine: str
    actual: str


@dataclass(frozen=True)
class Answers:
    """A question each student answers, or leaves unanswered."""

    answered: str
    unanswered: str


@dataclass(frozen=True)
class Series:
    """A series of points: the line joining them, a shaded band and its label."""

    line: str
    band: str
    band_label: str


DRAFT_MATCH = Comparison(same=GREEN, different=PALE_GREEN)
TEXT_MATCH = Comparison(same=GREEN, different=ORANGE, reference=BLUE, absent=BLANK)
PROPOSALS = Proposals(russia=RED, ukraine=BLUE, actual=DARK_GREY)
FLAG_ANSWERS = Answers(answered=BLUE, unanswered=LIGHT_GREY)
SERIES = Series(line=GREY, band=SHADE, band_label=SOFT_INK)


def _given(**values) -> dict:
    return {k: v for k, v in values.items() if v is not None}


# Size. Every chart takes the width of the column it sits in (the book's text column: 688 px on a laptop,
# 358 px on a phone; a notebook's output area in JupyterLab), never a fixed width wider than it.
FIT = "container"
# A chart of several views (a vconcat) also fits its column, axes and labels included: Vega narrows the views.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
# A Vega expression: the chart's column is a phone's. Charts choose their layout by it when they are drawn. A
# container of no width (a live notebook's widget, drawn at a fixed width: peacebook.html.rendering) is not a phone's.
NARROW = "containerSize()[0] > 0 && containerSize()[0] < 560"
LABEL_SIZE = 12  # the smallest text any chart draws, in px (issue #31)
TITLE_SIZE = 15
# Characters per line of a title (TITLE_SIZE, bold) and of a subtitle (LABEL_SIZE) that fit a phone's column
# (358 px) and a laptop's or a printed page's (616 px): measured in Chromium here, in DejaVu Sans (a wide
# sans-serif), the longest lines take at most 7.6 and 5.6 px a character.
TITLE_LINE = {"narrow": 40, "wide": 76}
SUBTITLE_LINE = 54


def by_width(narrow, wide) -> alt.ExprRef:
    """A value that is `narrow` on a phone's column and `wide` otherwise (numbers, strings or lists of them,
    written as JSON literals: a label from a data file stays a string, never code)."""
    return alt.ExprRef(f"{NARROW} ? {json.dumps(narrow)} : {json.dumps(wide)}")


def text_lines(text: str, width: int) -> list[str]:
    """`text` broken into lines of at most `width` characters (Vega draws a list of strings as lines).

    >>> text_lines("Minsk II's steps: the text's order and each side's reading", 34)
    ["Minsk II's steps: the text's order", "and each side's reading"]
    """
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def titled(
    chart,
    title: str,
    subtitle: str | None = None,
    *,
    description: str | None = None,
    width=None,
    height=None,
    hint: bool = False,
    scrolls: str | None = None,
    **properties,
):
    """`chart` with its title (at the start, with an optional subtitle), its text description and its size.

    The title says what the chart shows; it is broken into lines to fit the column: short ones on a phone, long
    ones on a laptop. The chart's `usermeta` keeps it whole (`title_of`). `hint`: the title is a line of help in
    body text, not a heading, over one view of a chart. `scrolls`: why this chart keeps a width that scrolls
    sideways in a phone's column (the page says so above it: peacebook.html.rendering). Other `properties` (a name)
    pass through.
    """
    style = {"fontSize": LABEL_SIZE, "fontWeight": "normal"} if hint else {}
    text = by_width(text_lines(title, TITLE_LINE["narrow"]), text_lines(title, TITLE_LINE["wide"]))
    more = {"subtitle": text_lines(subtitle, SUBTITLE_LINE)} if subtitle else {}
    heading = alt.TitleParams(text, anchor="start", **more, **style)
    if not hint:
        properties["usermeta"] = {"peacebook": {"title": title, **_given(scrolls=scrolls)}}
    return chart.properties(title=heading, **_given(description=description, width=width, height=height), **properties)


def title_of(spec: dict) -> str:
    """The whole title of a chart's spec (as `titled` gave it), in one line."""
    return spec["usermeta"]["peacebook"]["title"]


def book_theme() -> alt.theme.ThemeConfig:
    """The charts' shared look: text at least LABEL_SIZE px everywhere (axes, legends, headers, text marks)."""

    def text() -> dict:  # a fresh dict for each part: a chart's own configure_* updates its part in place
        return {"labelFontSize": LABEL_SIZE, "titleFontSize": LABEL_SIZE}

    return {
        "config": {
            "axis": text(),
            "legend": text(),
            "header": text(),
            "title": {"fontSize": TITLE_SIZE, "subtitleFontSize": LABEL_SIZE, "subtitleColor": "#333"},
            "text": {"fontSize": LABEL_SIZE},
        }
    }


alt.theme.register("peacebook", enable=True)(book_theme)


# Axes and legends.
YEAR_AXIS = alt.Axis(format="%Y", tickCount="year")
COUNT_AXIS = alt.Axis(tickMinStep=1, format="d")
THOUSANDS_AXIS = alt.Axis(format=",d")
TOP_AXIS = alt.Axis(orient="top", labelAngle=0)
LEGEND = alt.Legend(orient="bottom", columns=1, labelLimit=by_width(250, 600))


def bottom_legend(**settings) -> alt.Legend:
    """A legend under the chart."""
    return alt.Legend(orient="bottom", **settings)


# Tooltips and links shared by many charts.
SOURCE = alt.Tooltip("source_publisher:N", title="Source")
SOURCE_URL = alt.Tooltip("source_url:N", title="Source URL")
SOURCE_LINK = "source_url:N"  # a mark's href: clicking it opens the source
DATE = alt.Tooltip("date:T", title="Date", format="%d %b %Y")
STUDENTS = alt.Tooltip("size:Q", title="Students")


def vocabulary_colour(field: str, title: str, vocabulary: Vocabulary, **settings) -> alt.Color:
    """Colour by a vocabulary's labels, with the colours its table gives them."""
    return alt.Color(
        field, title=title, scale=alt.Scale(domain=vocabulary.labels, range=vocabulary.colours), **settings
    )


def vocabulary_shape(field: str, title: str, vocabulary: Vocabulary) -> alt.Shape:
    """Shape by a vocabulary's labels, with the symbols its table gives them."""
    return alt.Shape(field, title=title, scale=alt.Scale(domain=vocabulary.labels, range=vocabulary.symbols))


def unless(test: str, then, otherwise) -> dict:
    """A value that is `then` where the Vega expression `test` holds, else `otherwise`."""
    return alt.condition(test, alt.value(then), alt.value(otherwise))


def readable_text(dark: str) -> dict:
    """Text colour for a cell: white where the Vega expression `dark` says the cell is dark, else black."""
    return unless(dark, WHITE, BLACK)


# Menus (Vega parameters bound to a select input: they work on the static page).
def menu(name: str, options: list, prompt: str, value=None) -> alt.Parameter:
    """A menu of `options`, opening on `value` (by default the first)."""
    return alt.param(
        name=name,
        value=options[0] if value is None else value,
        bind=alt.binding_select(options=options, name=prompt),
    )


def menu_with_all(
    name: str, options: list, everything: str, prompt: str, labels: list | None = None, narrow: str | None = None
):
    """A menu whose first entry, 'all' (shown as `everything`), filters nothing; then `options`.

    `narrow`: the option it opens on in a phone's column (where 'all' would be too much to read); else 'all'."""
    opening = {"value": "all"} if narrow is None else {"expr": f"{NARROW} ? {json.dumps(narrow)} : 'all'"}
    return alt.param(
        name=name,
        **opening,
        bind=alt.binding_select(
            options=["all", *options], labels=[everything, *(options if labels is None else labels)], name=prompt
        ),
    )
