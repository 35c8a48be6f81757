"""Questions asked of the events table: which events match a reader's filters, and what it spans."""

from __future__ import annotations

import pandas as pd


def filter_events(
    events: pd.DataFrame, category: str | None = None, years: tuple[int, int] | None = None, text: str = ""
) -> pd.DataFrame:
    """Events in `category` (None: all), within `years` (inclusive), mentioning `text` anywhere.

    `text` is matched literally and case-insensitively, never as a pattern, so any input is safe.
    """
    keep = pd.Series(True, index=events.index)
    if category:
        keep &= events["category"] == category
    if years:
        first, last = years
        keep &= events["date"].dt.year.between(first, last)
    needle = text.strip().lower()
    if needle:
        haystack = (
            events["title"] + " " + events["description"] + " " + events["actors"] + " " + events["source_publisher"]
        ).str.lower()
        keep &= haystack.str.contains(needle, regex=False)
    return events[keep.fillna(False).astype(bool)]


def year_span(events: pd.DataFrame) -> tuple[int, int]:
    """The first and last year with an event."""
    return int(events["date"].dt.year.min()), int(events["date"].dt.year.max())
