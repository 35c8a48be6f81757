"""Questions asked of the events table: which events match a reader's filters, and what it spans."""

from __future__ import annotations

import pandas as pd

from .data import as_of_gap


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


def coverage_note(events: pd.DataFrame, checked_on) -> str:
    """A Markdown note saying how far the timeline reaches and when its sources were last checked."""
    latest = events.sort_values("date").iloc[-1]
    first, _ = year_span(events)
    last = latest["date"].date()
    return (
        f"**As of {checked_on.day} {checked_on:%B %Y}** (when the book's data was last checked against "
        f"its sources), the timeline holds **{len(events)} events** from {first} to "
        f"**{last.day} {last:%B %Y}**, the latest event the book's data records: "
        f"*{latest['title']}*. Mind the gap: that event is {as_of_gap(checked_on, last)} older than the "
        f"check, and nothing after it is in the book yet."
    )
