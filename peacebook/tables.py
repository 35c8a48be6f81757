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


def _constraints_text(field: dict) -> str:
    """The rules a field's values must follow, in plain words."""
    constraints = field.get("constraints", {})
    parts = ["required" if constraints.get("required") else "optional"]
    if constraints.get("unique"):
        parts.append("unique")
    if "separator" in field:
        parts.append(f"a list separated by '{field['separator']}'")
    if field.get("format") == "uri":
        parts.append("an http(s) URL from an accepted publisher")
    if "enum" in constraints:
        parts.append("one of: " + ", ".join(map(str, constraints["enum"])))
    if "pattern" in constraints:
        parts.append(f"matches {constraints['pattern']}")
    if "maxLength" in constraints:
        parts.append(f"at most {constraints['maxLength']} characters")
    if "minimum" in constraints:
        parts.append(f"at least {constraints['minimum']}")
    if "maximum" in constraints:
        parts.append(f"at most {constraints['maximum']}")
    return "; ".join(parts)


def _references_text(schema: dict, field_name: str) -> str:
    for key in schema.get("foreignKeys", []):
        local = key["fields"] if isinstance(key["fields"], list) else [key["fields"]]
        if field_name == local[0]:
            target = key["reference"]
            remote = target["fields"] if isinstance(target["fields"], list) else [target["fields"]]
            return f"refers to {target['resource']}.{remote[0]}"
    return ""


def data_dictionary_html(package: dict, tables: dict, download_base: str = "../data/") -> str:
    """Every table of the data package: what it holds, how many rows, a download link, and each field."""
    sections = []
    for res in package["resources"]:
        schema = res["schema"]
        name = res["name"]
        rows = []
        for field in schema["fields"]:
            notes = [n for n in (_constraints_text(field), _references_text(schema, field["name"])) if n]
            rows.append(
                f"<tr><td><code>{escape(field['name'])}</code></td><td>{escape(field.get('type', 'string'))}</td>"
                f"<td>{escape(field.get('description', ''))}</td><td>{escape('; '.join(notes))}</td></tr>"
            )
        href = escape(download_base + res["path"], quote=True)
        sections.append(
            f'<section class="pb-table-doc" id="table-{escape(name, quote=True)}">'
            f"<h3>{escape(res.get('title', name))} (<code>{escape(res['path'])}</code>)</h3>"
            f"<p>{escape(res.get('description', ''))}</p>"
            f"<p><strong>{len(tables[name])}</strong> rows. Key: <code>{escape(str(schema.get('primaryKey', '')))}</code>. "
            f'<a href="{href}" download>Download {escape(res["path"])}</a></p>'
            '<table class="pb-table"><thead><tr><th scope="col">Field</th><th scope="col">Type</th>'
            '<th scope="col">Meaning</th><th scope="col">Rules</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></section>"
        )
    return "".join(sections)
