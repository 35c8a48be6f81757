"""How the workshop's controls are laid out, the same in JupyterLab and on the published page: whole tab
labels, full-width controls, and rows that wrap where the column is narrow (a phone, a narrow Lab pane)."""

from __future__ import annotations

import json

import ipywidgets as w

# Whole tab labels in JupyterLab too (the published page gets the same rule from _ext/static/book.css): the
# tabs wrap onto a second row rather than cut "Security and guarantees" short. ipywidgets' own rules name the tab
# by two classes and the tab bar's parts by two more (`.jupyter-widgets.jupyter-widget-tab > .lm-TabBar
# .lm-TabBar-tab`); these name the tab by three, so they win in any order (issue #32: they lost).
_TAB = ".jupyter-widgets.jupyter-widget-tab.pb-tabs > .lm-TabBar"
TAB_STYLE = (
    f"<style>{_TAB}, {_TAB} .lm-TabBar-content {{ height: auto; min-height: 0; }}"
    f"{_TAB} .lm-TabBar-content {{ flex-wrap: wrap; }}"
    f"{_TAB} .lm-TabBar-tab {{ flex: 0 0 auto; max-width: none; min-width: 0; }}"
    f"{_TAB} .lm-TabBar-tabLabel {{ overflow: visible; text-overflow: clip; white-space: nowrap; }}</style>"
)


def disconnected_style(widget_class: str, what: str) -> str:
    """A `<style>` that makes a live widget say, plainly and on top of its controls, that its kernel is gone.

    On a kernel restart JupyterLab's widget manager marks every view of the old kernel's widgets
    `jupyter-widgets-disconnected` (ipywidgets alone shows only a small broken-link icon), and typing into them is
    lost (issue #32): the widget of class `widget_class` then shows `what` happens next and its controls no longer
    take a click. Only inside a notebook (`.jp-Notebook`, JupyterLab and Notebook 7): the published page's widgets
    have no kernel at all and are marked the same way."""
    view = f".jp-Notebook .jupyter-widgets.{widget_class}.jupyter-widgets-disconnected"
    message = (
        "Disconnected: the kernel behind this was restarted or stopped, so these controls no longer answer and "
        f"nothing typed here is saved. {what}"
    )
    return (
        f"<style>{view}::before {{ content: {json.dumps(message, ensure_ascii=False)}; display: block; position: sticky; top: 0; "
        "z-index: 3; margin: 0 0 .5em; padding: .6em .8em; font: inherit; font-weight: bold; white-space: normal; "
        "color: #4d3800; background: #fff4ce; border: 2px solid #9a6a00; border-radius: 4px; }"
        f"{view} > * {{ opacity: .45; pointer-events: none; }}</style>"
    )


WORKSHOP_DISCONNECTED = disconnected_style(
    "pb-workshop",
    "Run the workshop's cell again (or Run → Run All Cells): it opens your work as autosaved up to the restart.",
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
