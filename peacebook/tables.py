"""HTML tables for the book, built from validated tables.

Every piece of text is escaped before it is placed in HTML, so no cell (or, later, a student's
free text) can inject markup or script into a page.
"""
from __future__ import annotations

from html import escape

import pandas as pd

from .data import split_list


def source_link(url, publisher) -> str:
    """An escaped link to a source, labelled by its publisher; empty if there is no URL."""
    if url is None or pd.isna(url) or not str(url):
        return ""
    label = escape(str(publisher)) if publisher is not None and not pd.isna(publisher) else escape(str(url))
    return f'<a href="{escape(str(url), quote=True)}" rel="noopener">{label}</a>'


def format_date_range(start, end=None) -> str:
    """'5 Sep 2014', or '15–16 Jun 2024' style ranges spelled out in full."""
    text = f"{start.day} {start:%b %Y}"
    if end is not None and not pd.isna(end) and end != start:
        text += f" – {end.day} {end:%b %Y}"
    return text


def events_table_html(events: pd.DataFrame, caption: str | None = None) -> str:
    """The events as an accessible HTML table, oldest first, each with its source(s)."""
    rows = []
    for event in events.sort_values(["date", "event_id"]).itertuples(index=False):
        sources = [source_link(event.source_url, event.source_publisher),
                   source_link(event.second_source_url, event.second_source_publisher)]
        rows.append(
            "<tr>"
            f'<td class="pb-nowrap">{escape(format_date_range(event.date, event.end_date))}</td>'
            f"<td><strong>{escape(event.title)}</strong><br>{escape(event.description)}</td>"
            f"<td>{escape(event.category)}</td>"
            f"<td>{escape(', '.join(split_list(event.actors)))}</td>"
            f"<td>{'; '.join(s for s in sources if s)}</td>"
            "</tr>"
        )
    caption_html = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (
        '<table class="pb-table pb-events">' + caption_html +
        '<thead><tr><th scope="col">Date</th><th scope="col">Event</th><th scope="col">Category</th>'
        '<th scope="col">Who</th><th scope="col">Source</th></tr></thead>'
        "<tbody>" + "".join(rows) + "</tbody></table>"
    )
