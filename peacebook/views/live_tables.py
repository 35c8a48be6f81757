"""The book's long tables in a live notebook: searchable, sortable and paged, offline.

On the published pages a long table (one built by `peacebook.views.tables`) is enhanced by DataTables from the
book's own copy (`_ext/static/tables.js`). In a live notebook (JupyterLab, Binder, a hub) no page script
runs, so `show` hands the same table to itables' widget (`itables.widget.ITable`, an anywidget that
bundles DataTables: no CDN, no internet), whose front end the Jupyter server serves once a browser page
(`peacebook.html.rendering.served_front_end`), not 0.7 MB of it with every table. The widget reads the rows from the table's HTML, the HTML the
Python side wrote with every piece of text escaped, so a cell holding markup still shows as text; the
dates sort by their `data-order`, as on the page. In the book's build, and for anything that is not one
long book table, `show` returns the HTML as it is.
"""

from __future__ import annotations

import re
from functools import cache
from html import unescape

# The same words and the same rows-a-page rule as the published page (_ext/static/tables.js);
# tests/test_live_tables.py checks that the two agree.
LANGUAGE = {
    "search": "Search this table:",
    "info": "Rows _START_ to _END_ of _TOTAL_",
    "infoEmpty": "No rows",
    "infoFiltered": "(narrowed from _MAX_)",
    "lengthMenu": "Show _MENU_ rows",
    "zeroRecords": "No row matches",
    "entries": {"_": "rows", "1": "row"},
}
LENGTH_MENU = [[10, 25, 50, 100, -1], [10, 25, 50, 100, "All"]]
# A table of this many rows or fewer is never paged (tables.js's UNPAGED_ROWS).
UNPAGED_ROWS = 20
# The search box first, where a narrow notebook column keeps it in view.
LAYOUT = {"topStart": "search", "topEnd": "pageLength", "bottomStart": "info", "bottomEnd": "paging"}

_ONE_TABLE = re.compile(r"""<table class=(["'])(pb-table[^"']*)\1>(.*)</table>""", re.S)
_TAG = re.compile(r"<[^>]*>")


def page_length(chars: float) -> int:
    """Rows a page, by the average characters a row holds: rows of text 10 a page, short rows 25.

    >>> [page_length(c) for c in (1500, 201, 200, 50)]
    [10, 10, 25, 25]
    """
    return 10 if chars > 200 else 25


def long_table(html: str) -> dict | None:
    """If `html` is one book table holding more than UNPAGED_ROWS rows and more than one page shows: its classes,
    inner HTML and page length; otherwise None (short tables stay plain, as on the page). `html` is the book's own output, in
    which every `<` of text is escaped, so its tags are exactly its markup.

    >>> row = "<tr><td>&lt;b&gt;x</td></tr>"
    >>> long_table("<table class='pb-table'><tbody>" + row * 26 + "</tbody></table>")["page_length"]
    25
    >>> long_table("<table class='pb-table'><tbody>" + row * 25 + "</tbody></table>") is None
    True
    """
    match = _ONE_TABLE.fullmatch(html.strip())
    if not match or "<table" in match.group(3):
        return None
    inner = match.group(3)
    body = inner.partition("<tbody>")[2]
    rows = body.count("<tr")
    if not rows:
        return None
    length = page_length(len(unescape(_TAG.sub("", body))) / rows)
    if rows <= max(UNPAGED_ROWS, length):
        return None
    return {"classes": match.group(2), "inner_html": inner, "page_length": length}


@cache
def live_table_class():
    """itables' widget with its front end (peacebook/vendor/itables-widget.js and .css, copies of itables' own,
    which tests/test_live_tables.py keeps equal) served by the Jupyter server."""
    from itables.widget import ITable

    from ..html.rendering import ServedFrontEnd, served_front_end

    class LiveTable(ServedFrontEnd, ITable):
        SCRIPT, STYLESHEET = "itables-widget.js", "itables-widget.css"
        _esm = served_front_end(SCRIPT, STYLESHEET)
        _css = ""  # the front end adds the stylesheet, once a page

    return LiveTable


def live_table(html: str):
    """itables' widget showing one long book table (see `long_table`), searchable, sortable and paged."""
    table = long_table(html)
    if table is None:
        raise ValueError("not one long book table")
    return live_table_class()(
        None,
        # The rows come from the table's own (escaped) HTML, as tables.js reads them on the page.
        table_html=table["inner_html"],
        classes="display " + table["classes"],
        style="table-layout:auto;width:100%;margin:0;caption-side:top",
        pageLength=table["page_length"],
        lengthMenu=LENGTH_MENU,
        layout=LAYOUT,
        autoWidth=False,
        order=[],
        language=LANGUAGE,
        text_in_header_can_be_selected=False,  # a click on a column's heading sorts by it, as on the page
        warn_on_undocumented_option=False,  # table_html: the widget's own argument for a table given as HTML
    )


def show(html: str):
    """Display a piece of the book's HTML: in a live notebook a long book table becomes searchable, sortable
    and paged (itables' widget); everything else, and everything in the book's build, stays HTML."""
    from IPython.display import HTML

    from ..html.rendering import in_live_kernel  # altair: imported only when a notebook shows something

    if in_live_kernel() and long_table(html) is not None:
        return live_table(html)
    return HTML(html)
