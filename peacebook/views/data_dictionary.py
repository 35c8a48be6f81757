"""The data chapter's dictionary of the data package: every table, what it holds, how many rows, a
download link, and each field with its meaning and rules in plain words (from data/datapackage.json)."""

from __future__ import annotations

from html import escape

import pandas as pd

from ..data.cells import item_constraints
from ..data.checks import coverage_by_table, row_checks
from ..data import foreign_keys
from ..data.vocabulary import TABLES as VOCABULARY_TABLES


def _constraints_text(field: dict) -> str:
    """The rules a field's values must follow, in plain words."""
    constraints = field.get("constraints", {})
    parts = ["required" if constraints.get("required") else "optional"]
    if constraints.get("unique"):
        parts.append("unique")
    if "separator" in field:
        parts.append(f"a list separated by '{field['separator']}'")
        constraints = {**constraints, **item_constraints(field)}  # each item must match these
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
    for key in foreign_keys(schema):
        local = key["fields"] if isinstance(key["fields"], list) else [key["fields"]]
        if field_name == local[0]:
            target = key["reference"]
            remote = target["fields"] if isinstance(target["fields"], list) else [target["fields"]]
            return f"refers to {target['resource']}.{remote[0]}"
    return ""


def _terms_html(name: str, frame: pd.DataFrame) -> str:
    """A vocabulary's terms in order, each code with its label (and meaning): read at a glance, no download.

    >>> frame = pd.DataFrame({"stance": ["rejected"], "order": [1], "label": ["rejected (red line)"],
    ...                       "symbol": ["✖"], "meaning": ["a <b>red</b> line"]})
    >>> _terms_html("stances", frame)
    '<p>Its terms, in order: <code>rejected</code> ✖ rejected (red line) (a &lt;b&gt;red&lt;/b&gt; line).</p>'
    """
    code = VOCABULARY_TABLES[name]
    ordered = frame.sort_values([c for c in ("scale", "order", "value") if c in frame])
    terms = []
    for row in ordered.to_dict("records"):
        shown = f"{row['scale']} {row[code]}" if "scale" in row else str(row[code])
        symbol = row.get("symbol")
        glyph = isinstance(symbol, str) and not symbol.isascii()  # a chart's shape name is not worth reading
        label = " ".join(part for part in (symbol if glyph else "", row.get("label", "")) if isinstance(part, str))
        meaning = row.get("meaning")
        extra = f" ({escape(str(meaning))})" if isinstance(meaning, str) and meaning else ""
        terms.append(f"<code>{escape(shown)}</code>" + (f" {escape(label.strip())}" if label.strip() else "") + extra)
    return f"<p>Its terms, in order: {'; '.join(terms)}.</p>"


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
        key = schema.get("primaryKey", "")
        key = ", ".join(key) if isinstance(key, list) else str(key)
        terms = _terms_html(name, tables[name]) if name in VOCABULARY_TABLES else ""
        sections.append(
            f'<section class="pb-table-doc" id="table-{escape(name, quote=True)}">'
            f"<h3>{escape(res.get('title', name))} (<code>{escape(res['path'])}</code>)</h3>"
            f"<p>{escape(res.get('description', ''))}</p>"
            f"<p><strong>{len(tables[name])}</strong> rows. Key: <code>{escape(key)}</code>. "
            f'<a href="{href}" download>Download {escape(res["path"])}</a></p>'
            f"{terms}"
            f"<details class='pb-fields'><summary>The {len(rows)} fields of {escape(res['path'])}: meaning and rules</summary>"
            '<table class="pb-table"><thead><tr><th scope="col">Field</th><th scope="col">Type</th>'
            '<th scope="col">Meaning</th><th scope="col">Rules</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></details></section>"
        )
    return "".join(sections)


def second_reading_html(checks_table: pd.DataFrame) -> str:
    """Per table, how many rows a second reader has checked as they stand, and what the checks found
    (peacebook.data.checks): the data chapter's account of how far the book's facts have been read twice."""
    counts = coverage_by_table(row_checks(checks_table))
    rows = "".join(
        f"<tr><th scope='row'><code>{escape(str(r.table))}</code></th><td>{r.rows}</td><td>{r.current}</td>"
        f"<td>{r.confirmed}</td><td>{r.corrected}</td><td>{r.unverified}</td><td>{r.changed + r.missing}</td></tr>"
        for r in counts.itertuples(index=False)
    )
    total = counts[["rows", "current", "confirmed", "corrected", "unverified", "changed", "missing"]].sum()
    rows += (
        f"<tr><th scope='row'>All</th><td>{total['rows']}</td><td>{total['current']}</td><td>{total['confirmed']}</td>"
        f"<td>{total['corrected']}</td><td>{total['unverified']}</td><td>{total['changed'] + total['missing']}</td></tr>"
    )
    return (
        "<table class='pb-table pb-second-reading'><caption>Rows read twice: each factual table, how many of its "
        "rows a second reader has checked against the source as the row now stands, and the verdicts</caption>"
        "<thead><tr><th scope='col'>Table</th><th scope='col'>Rows</th><th scope='col'>Checked as they stand</th>"
        "<th scope='col'>Confirmed</th><th scope='col'>Corrected</th><th scope='col'>Unverified</th>"
        "<th scope='col'>Not yet checked</th></tr></thead><tbody>" + rows + "</tbody></table>"
    )
