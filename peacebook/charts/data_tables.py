"""Every chart with its data ("Show the data"): a table built from the chart's own data, under the chart."""

from __future__ import annotations

from html import escape

import altair as alt
import pandas as pd

from ..html.table_cells import iso_date, short_date, source_link, unbroken

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
    "who": "Who (the first few)",
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
        if self.see:
            return chart_data_reference_html(*self.see)
        return chart_data_html(self.frames(), self.summary, DATA_LABELS)

    def _ipython_display_(self):
        from IPython.display import HTML, display

        display(self.chart)
        display(HTML(self.data_html()))


def with_data(
    chart, columns: list[str] | None = None, summary: str | None = None, see: tuple[str, str] | None = None
) -> ChartWithData:
    """Show `chart` with its data table under it; see ChartWithData."""
    return ChartWithData(chart, columns, summary, see)


def chart_data_html(frames: list[pd.DataFrame], summary: str, labels: dict[str, str]) -> str:
    """A chart's numbers as a collapsed, escaped HTML table under it ("Show the data"): the text
    alternative for the chart (WCAG 1.1.1), printable, searchable and citable. Each frame is shown with
    its columns in order, headed by `labels` (a column's name and unit); a `source_url` column becomes a
    link labelled by the row's `source_publisher`. Dates print as '5 Sep 2014'."""
    parts = []
    for frame in frames:
        columns = [c for c in frame.columns if c != "source_publisher" or "source_url" not in frame.columns]
        head = "".join(
            f"<th scope='col'>{escape(labels.get(c, c.replace('_', ' ').capitalize()))}</th>" for c in columns
        )
        body = []
        for row in frame.to_dict("records"):
            cells = []
            for c in columns:
                value = row[c]
                if c == "source_url" and isinstance(value, str) and value:
                    cells.append(f"<td>{source_link(value, row.get('source_publisher'))}</td>")
                elif isinstance(value, pd.Timestamp):
                    cells.append(f"<td data-order='{iso_date(value)}'>{escape(unbroken(short_date(value)))}</td>")
                elif value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)) or str(value) == "":
                    cells.append("<td>—</td>")
                elif isinstance(value, float) and value.is_integer():
                    cells.append(f"<td>{int(value):,}</td>")
                elif isinstance(value, int) and not isinstance(value, bool):
                    cells.append(f"<td>{value:,}</td>")
                else:
                    cells.append(f"<td>{escape(str(value))}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        parts.append(
            f"<table class='pb-table pb-chart-table'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )
    return (
        f"<details class='pb-chart-data'><summary>{escape(summary)}</summary>"
        f"<div class='pb-chart-data-scroll' tabindex='0' role='region' aria-label='{escape(summary, quote=True)}'>"
        + "".join(parts)
        + "</div></details>"
    )


def chart_data_reference_html(anchor: str, text: str) -> str:
    """Under a chart whose data is already listed in full on the page: a link to that list."""
    return f"<p class='pb-chart-data-ref'><a href='#{escape(anchor, quote=True)}'>{escape(text)}</a></p>"
