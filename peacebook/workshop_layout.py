"""How the workshop's controls are laid out, the same in JupyterLab and on the published page: whole tab
labels, full-width controls, and rows that wrap where the column is narrow (a phone, a narrow Lab pane)."""

from __future__ import annotations

import ipywidgets as w

# Whole tab labels in JupyterLab too (the published page gets the same rule from _ext/static/book.css): the
# tabs wrap onto a second row rather than cut "Security and guarantees" short.
TAB_STYLE = (
    "<style>.pb-tabs > .lm-TabBar, .pb-tabs > .lm-TabBar .lm-TabBar-content { height: auto; min-height: 0; }"
    ".pb-tabs > .lm-TabBar .lm-TabBar-content { flex-wrap: wrap; }"
    ".pb-tabs > .lm-TabBar .lm-TabBar-tab { flex: 0 0 auto; max-width: none; min-width: 0; }"
    ".pb-tabs > .lm-TabBar .lm-TabBar-tabLabel { overflow: visible; text-overflow: clip; white-space: nowrap; }</style>"
)


def wide() -> w.Layout:
    """A full-width layout. Each widget needs its own: hiding one must not hide the others. The width is
    the column's, margins included ('auto' in a column stretches; '100%' would overflow by the margins)."""
    return w.Layout(width="auto")


def fitted(width: str) -> w.Layout:
    """A control `width` wide, or as wide as the column where that is narrower (a phone, a narrow Lab pane),
    less the 2 px margin ipywidgets gives each side of a control."""
    return w.Layout(width=width, max_width="calc(100% - 4px)")


def row(children: list) -> w.HBox:
    """Controls side by side that wrap onto the next line where the column is too narrow for them."""
    return w.HBox(children, layout=w.Layout(flex_flow="row wrap"))
