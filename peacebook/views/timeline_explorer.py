"""ipywidgets views. They only compose the package's queries, tables and charts; no logic lives here.

The timeline explorer runs only in a live kernel (JupyterLab, Binder, a hub): the published page leaves its
cell out, and the chapter says so there alone.
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd
from IPython.display import HTML, display

from .tables import events_table_html
from ..model.timeline import filter_events, year_span
from ..data.vocabulary import Vocabularies, book_vocabularies
from .workshop_layout import disconnected_style


class TimelineExplorer(w.VBox):
    """Filter the events table by category, years and a word, and read the matching events with sources."""

    def __init__(self, events: pd.DataFrame, vocab: Vocabularies | None = None):
        self.events = events
        categories = (vocab or book_vocabularies()).event_categories
        first, last = year_span(events)
        self.category = w.Dropdown(
            options=[("All categories", None)] + [(term.label, term.code) for term in categories],
            value=None,
            description="Category",
            style={"description_width": "initial"},
        )
        self.years = w.IntRangeSlider(
            value=(first, last),
            min=first,
            max=last,
            step=1,
            description="Years",
            continuous_update=False,
            style={"description_width": "initial"},
        )
        self.search = w.Text(
            value="",
            placeholder="a word, e.g. OSCE",
            description="Search",
            continuous_update=False,
            style={"description_width": "initial"},
        )
        self.status = w.HTML()
        self.output = w.Output()
        for control in (self.category, self.years, self.search):
            control.observe(self.refresh, names="value")
        disconnected = disconnected_style("pb-explorer", "Run the explorer's cell again to filter the events.")
        super().__init__(
            [w.HTML(disconnected), w.HBox([self.category, self.years, self.search]), self.status, self.output]
        )
        self.add_class("pb-explorer")
        self.refresh()

    @property
    def shown(self) -> pd.DataFrame:
        """The events that match the current controls."""
        return filter_events(self.events, self.category.value, self.years.value, self.search.value)

    def refresh(self, _change=None) -> None:
        shown = self.shown
        self.status.value = f"<p><strong>{len(shown)}</strong> of {len(self.events)} events match.</p>"
        self.output.clear_output(wait=True)
        with self.output:
            display(HTML(events_table_html(shown)))
