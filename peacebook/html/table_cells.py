"""The pieces every HTML table of the book is made of: a source link, a date (short, unbroken, or ISO for
sorting), a date range, a caption, a list with the rest one click away, and a block collapsed behind a
summary. Each escapes the text it is given, so no cell can inject markup or script into a page.
"""

from __future__ import annotations

import string
from html import escape

import pandas as pd

from ..data.cells import is_web_url
from ..data.checks import MARKS, VERDICT_COLUMN, mark


def source_link(url, publisher) -> str:
    """An escaped link to a source, labelled by its publisher; empty if there is no URL. Every source link in
    the book is made here, and opens in a new tab, so a reader (or a notebook) keeps their place. Only an
    http(s) address becomes a link (peacebook.data.cells.is_web_url, the one scheme check): any other, such as a
    `javascript:` address, leaves the label as plain text.

    >>> source_link("https://example.org/a?b=1&c=2", "Publisher <Ltd>")
    '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">Publisher &lt;Ltd&gt;</a>'
    >>> source_link(None, "nobody")
    ''
    >>> source_link("javascript:alert(1)", "A publisher")
    'A publisher'
    """
    if url is None or pd.isna(url) or not str(url):
        return ""
    label = escape(str(publisher)) if publisher is not None and not pd.isna(publisher) else escape(str(url))
    if not is_web_url(str(url)):
        return label
    return f'<a href="{escape(str(url), quote=True)}" target="_blank" rel="noopener noreferrer">{label}</a>'


def check_mark(row) -> str:
    """Beside a row's source: '(unverified)' or '(not yet checked)' where no second reader confirmed the row
    (its `check_verdict`, peacebook.data.checks), with what that means on hover; empty otherwise.

    >>> check_mark(pd.Series({"check_verdict": "unverified"}))
    ' <span class="pb-unchecked" title="A second reader could not confirm this row against its source.">(unverified)</span>'
    >>> check_mark(pd.Series({"check_verdict": "confirmed"})), check_mark(pd.Series({"title": "no verdict"}))
    ('', '')
    """
    verdict = getattr(row, VERDICT_COLUMN, None)
    label = mark(verdict)
    if label is None:
        return ""
    return f' <span class="pb-unchecked" title="{escape(MARKS[verdict][1], quote=True)}">({escape(label)})</span>'


class _EscapingFormatter(string.Formatter):
    def format_field(self, value, format_spec):
        return escape(super().format_field(value, format_spec))


def escaped_format(template: str, /, *args, **values) -> str:
    """`template` (the book's own markup) with each value put in it escaped: the way a sentence made from the
    data, such as an event's title, reaches a page. Formats apply as in str.format.

    >>> escaped_format("<p>Latest: <em>{title}</em>, {date:%Y}.</p>", title="<img src=x onerror=alert(1)>",
    ...                date=pd.Timestamp("2025-01-02"))
    '<p>Latest: <em>&lt;img src=x onerror=alert(1)&gt;</em>, 2025.</p>'
    """
    return _EscapingFormatter().format(template, *args, **values)


def short_date(value) -> str:
    """'5 Sep 2014'; empty for a missing date."""
    return "" if value is None or pd.isna(value) else f"{value.day} {value:%b %Y}"


def unbroken(text: str) -> str:
    """A date or date range that wraps only at its dash: '5\u00a0Sep\u00a02014 – 7\u00a0Sep\u00a02014'."""
    return " – ".join(part.replace(" ", "\u00a0") for part in text.split(" – "))


def iso_date(value) -> str:
    """'2014-09-05' for sorting a table by date; empty for a missing date."""
    return "" if value is None or pd.isna(value) else f"{value:%Y-%m-%d}"


def format_date_range(start, end=None) -> str:
    """'5 Sep 2014', or '15 Jun 2024 – 16 Jun 2024' for an event over several days.

    >>> format_date_range(pd.Timestamp("2014-09-05"))
    '5 Sep 2014'
    >>> format_date_range(pd.Timestamp("2024-06-15"), pd.Timestamp("2024-06-16"))
    '15 Jun 2024 – 16 Jun 2024'
    >>> format_date_range(pd.Timestamp("2024-06-15"), pd.NaT)
    '15 Jun 2024'
    """
    text = short_date(start)
    if end is not None and not pd.isna(end) and end != start:
        text += f" – {short_date(end)}"
    return text


def source_links(*sources: tuple) -> str:
    """Several sources, each a (url, publisher) pair, as links joined by '; ' (missing ones left out).

    >>> source_links(("https://a.org", "A"), (None, None))
    '<a href="https://a.org" target="_blank" rel="noopener noreferrer">A</a>'
    """
    return "; ".join(link for link in (source_link(url, publisher) for url, publisher in sources) if link)


def caption_html(caption: str | None) -> str:
    """A table's escaped <caption>, or nothing.

    >>> caption_html("Events <2014>")
    '<caption>Events &lt;2014&gt;</caption>'
    """
    return f"<caption>{escape(caption)}</caption>" if caption else ""


def first_and_latest(items: list[str], noun: str) -> str:
    """List items (already escaped HTML, oldest first): the first and the latest in view, the ones between one
    click away (a <details> that prints open). The latest is where things ended: it is never
    the one hidden (issue #31).

    >>> first_and_latest([f"<li>{i}</li>" for i in range(4)], "outcome")
    "<ul><li>0</li></ul><details class='pb-more'><summary>2 outcomes between</summary><ul><li>1</li><li>2</li></ul></details><ul><li>3</li></ul>"
    """
    if not items:
        return ""
    if len(items) <= 3:
        return "<ul>" + "".join(items) + "</ul>"
    between = len(items) - 2
    return (
        f"<ul>{items[0]}</ul>"
        f"<details class='pb-more'><summary>{between} {noun}{'s' if between != 1 else ''} between</summary><ul>"
        + "".join(items[1:-1])
        + f"</ul></details><ul>{items[-1]}</ul>"
    )


def collapsed(html: str, summary: str) -> str:
    """Already-escaped `html` one click away, under a plain-text `summary`: for long material a reader may skip.
    It prints only when the reader has opened it (book.css); its summary says what is left out.

    >>> collapsed("<table></table>", "The case <4 arguments>")
    "<details class='pb-more'><summary>The case &lt;4 arguments&gt;</summary><table></table></details>"
    """
    return f"<details class='pb-more'><summary>{escape(summary)}</summary>{html}</details>"
