"""Every chart with its data ("Show the data"): a table built from the chart's own data, under the chart."""

from __future__ import annotations

import altair as alt
import pandas as pd

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
        from .. import tables

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
