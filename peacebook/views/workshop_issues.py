"""The workshop's issue panel: one issue of the settlement, with its option (or silence, or a custom option),
the student's justification, the parties' recorded stances on the chosen option and, in the role-play, the
options the student's party could accept and the issue's priority."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from ..model.settlement import Catalogue, Choice
from ..html.table_cells import check_mark, source_link
from .workshop_layout import fitted, wide

CUSTOM = "__custom__"
SILENT = "__silent__"  # not None: a Dropdown treats None as "nothing selected" and shows a blank
NOT_STATED = -1  # a priority the student has not set


def stances_html(catalogue: Catalogue, option_id: str | None) -> str:
    """The parties' recorded stances on one option, latest first, each with its evidence and source."""
    if not option_id:
        return ""
    records = catalogue.stances_for(option_id)
    if not records:
        return "<p class='pb-muted'>No party's position on this option is on the record in the book's data.</p>"
    items = "".join(
        f"<li><strong>{escape(s.party)}</strong>: {escape(catalogue.vocab.stances[s.stance].marked_label)} — {escape(s.summary)} "
        f"<span class='pb-muted'>({escape(s.speaker)}, {escape(s.date)}; {escape(catalogue.vocab.evidence.label(s.evidence))}; "
        f"{source_link(s.source_url, s.source_publisher)}){check_mark(s)}</span></li>"
        for s in records
    )
    return f"<ul class='pb-stances'>{items}</ul>"


class IssuePanel(w.VBox):
    """One issue: choose an option, leave it silent, or write a custom option; justify the choice."""

    def __init__(self, catalogue: Catalogue, issue):
        self.issue_id = issue.issue_id
        options = catalogue.options[catalogue.options.issue_id == issue.issue_id]
        self.option = w.Dropdown(
            options=[("— silent: the settlement says nothing —", SILENT)]
            + [(f"{o.order}. {o.label}", o.option_id) for o in options.itertuples()]
            + [("✎ A custom option in my own words…", CUSTOM)],
            value=SILENT,
            description="Choice",
            layout=wide(),
            style={"description_width": "6em"},
        )
        self.description = w.HTML()
        self.custom = w.Textarea(
            placeholder="Describe your own option (it is marked as custom)",
            layout=wide(),
            description="Custom",
            style={"description_width": "6em"},
        )
        self.custom.layout.display = "none"
        self.justification = w.Textarea(
            placeholder="Why this choice? Cite the texts, the positions or the research.",
            description="Why",
            layout=wide(),
            style={"description_width": "6em"},
        )
        self.stances = w.HTML()
        # Role-play: the options the student's party could accept (several may be picked).
        self.acceptable = w.SelectMultiple(
            options=[(f"{o.order}. {o.label}", o.option_id) for o in options.itertuples()],
            value=(),
            rows=min(len(options), 6),
            description="Acceptable",
            layout=wide(),
            style={"description_width": "6em"},
        )
        self.acceptable_help = w.HTML(
            "<p class='pb-muted'>Role-play: select every option your party could accept "
            "(Ctrl- or Cmd-click for several). Your choice above is your opening position.</p>"
        )
        self.priority = w.Dropdown(
            options=[("not stated", NOT_STATED)] + [(f"{k} {v}", k) for k, v in catalogue.vocab.priority_scale.items()],
            value=NOT_STATED,
            description="Priority",
            style={"description_width": "6em"},
            layout=fitted("22em"),
        )
        self.acceptable.layout.display = self.acceptable_help.layout.display = self.priority.layout.display = "none"
        self._descriptions = {o.option_id: o.description for o in options.itertuples()}
        header = w.HTML(
            f"<p class='pb-issue'><strong>{escape(issue.issue_id)} {escape(issue.title)}</strong></p>"
            f"<p><em>{escape(issue.question)}</em> <span class='pb-muted'>Options run {escape(issue.spectrum[0].lower() + issue.spectrum[1:])}</span></p>"
        )
        super().__init__(
            [
                header,
                self.option,
                self.description,
                self.custom,
                self.acceptable_help,
                self.acceptable,
                self.priority,
                self.justification,
                self.stances,
            ],
            layout=w.Layout(border="1px solid #ddd", padding="0.5em", margin="0 0 0.5em 0"),
        )

    def read(self) -> Choice:
        acceptable = tuple(self.acceptable.value)
        weight = None if self.priority.value == NOT_STATED else self.priority.value
        if self.option.value == CUSTOM:
            return Choice(
                custom_text=self.custom.value,
                justification=self.justification.value,
                acceptable=acceptable,
                weight=weight,
            )
        option = None if self.option.value == SILENT else self.option.value
        return Choice(option_id=option, justification=self.justification.value, acceptable=acceptable, weight=weight)

    def show(self, choice: Choice) -> None:
        self.option.value = {"custom": CUSTOM, "silent": SILENT}.get(choice.kind, choice.option_id)
        self.custom.value = choice.custom_text
        self.justification.value = choice.justification
        self.acceptable.value = choice.acceptable
        self.priority.value = NOT_STATED if choice.weight is None else choice.weight
        self.refresh_visibility()

    def show_role_play(self, on: bool, party: bool = True) -> None:
        """Show the role-play inputs: a party's range and priority; a mediator proposes one text and has neither."""
        shown = None if on and party else "none"
        self.acceptable.layout.display = self.acceptable_help.layout.display = self.priority.layout.display = shown

    def refresh_visibility(self) -> None:
        custom = self.option.value == CUSTOM
        self.custom.layout.display = None if custom else "none"
        text = self._descriptions.get(self.option.value, "")
        self.description.value = f"<p class='pb-muted'>{escape(text)}</p>" if text else ""
