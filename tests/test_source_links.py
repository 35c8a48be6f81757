"""One helper makes every source link (peacebook.html.table_cells.source_link), so links open the same way everywhere:
in a new tab, escaped. Charts' links follow the same rule through the renderer's embed options."""

import re

from conftest import ROOT
from peacebook.html import rendering


def test_no_module_writes_a_link_by_hand():
    hand_made = []
    for path in sorted((ROOT / "peacebook").rglob("*.py")):  # the charts package too
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"<a href=", line) and "def source_link" not in line:
                hand_made.append(f"{path.name}:{number}: {line.strip()}")
    # The links that are not to a source: a download of the book's own data, a download of the student's own
    # exported file (relative to the notebook's folder: peacebook.views.workshop_files), and an anchor on the page.
    allowed = ("download>Download", 'download="', "href='#")
    assert [
        h
        for h in hand_made
        if not any(a in h for a in allowed) and 'target="_blank" rel="noopener noreferrer"' not in h
    ] == []


def test_chart_links_open_in_a_new_tab_too():
    assert rendering.EMBED_OPTIONS["loader"] == {"target": "_blank", "rel": "noopener noreferrer"}
