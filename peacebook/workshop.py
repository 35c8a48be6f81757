"""The settlement workshop: an ipywidgets app composed from the settlement model, the charts and the
submission module. It holds no logic of its own beyond keeping the widgets and the draft in step.

Every change autosaves the draft; replacing the draft (starting again, importing a file) first saves
the current one as a backup file, so no work is lost. If the backup cannot be written, the draft is not
replaced. Two sessions on one folder never overwrite each other's autosave (see peacebook.storage): at start
the newest draft opens and the others are offered. An export that cannot be written leaves the draft in
place and shows it as text to copy.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

import ipywidgets as w
from IPython.display import FileLink, display

from . import charts, storage, submission
from .tables import source_link
from .settlement import Catalogue, Choice, Draft, Rating, now
from .vocabulary import MEDIATOR

CUSTOM = "__custom__"
SILENT = "__silent__"  # not None: a Dropdown treats None as "nothing selected" and shows a blank
NOT_RATED = -1  # likewise for the rating menus
BLANK = "__blank__"  # and for "start from a blank draft"
NO_ROLE = "__no_role__"  # and for "not role-playing"
NOT_STATED = -1  # a priority the student has not set
RESEMBLANCE_TAB = 3  # index of "Closest texts" among the feedback tabs
FILES_HELP = (
    "<details><summary>About your files: autosave, backups, edited files</summary><ul>"
    "<li><strong>Autosave.</strong> Every change is saved to a hidden file in this folder "
    "(<code>.settlement-autosave….json</code>). If two tabs or notebooks are open on the same folder, each keeps its "
    "own autosave file rather than overwriting the other's; when the workshop starts it opens the newest draft and "
    "offers the others at the top, so you choose. Nothing is deleted.</li>"
    "<li><strong>Backups.</strong> Starting again or importing a file first saves your current draft as "
    "<code>settlement-backup-….json</code>. If that cannot be written, your draft is not replaced.</li>"
    "<li><strong>Edited files.</strong> A file changed after export (say, a typo fixed in a text editor) still imports, "
    "marked <em>"
    + escape(submission.EDITED_MARK)
    + "</em>. The mark stays on your next export and its report, and your "
    "instructor sees it. The checksum only shows that a file changed; it cannot show who changed it or why, and "
    "anyone can recompute it.</li>"
    "<li><strong>If an export fails</strong> (a full disk, a read-only folder), your draft stays here and its text is "
    "shown for you to copy.</li></ul></details>"
)


# Whole tab labels in JupyterLab too (the published page gets the same rule from _ext/static/book.css): the
# tabs wrap onto a second row rather than cut "Security and guarantees" short.
TAB_STYLE = (
    "<style>.pb-tabs > .lm-TabBar, .pb-tabs > .lm-TabBar .lm-TabBar-content { height: auto; min-height: 0; }"
    ".pb-tabs > .lm-TabBar .lm-TabBar-content { flex-wrap: wrap; }"
    ".pb-tabs > .lm-TabBar .lm-TabBar-tab { flex: 0 0 auto; max-width: none; min-width: 0; }"
    ".pb-tabs > .lm-TabBar .lm-TabBar-tabLabel { overflow: visible; text-overflow: clip; white-space: nowrap; }</style>"
)


def suggested_id() -> str:
    """A pseudonymous id to suggest, such as 'negotiator-4821'."""
    import secrets

    return f"negotiator-{secrets.randbelow(9000) + 1000}"


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
        f"{source_link(s.source_url, s.source_publisher)})</span></li>"
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


class WorkshopApp(w.VBox):
    """The whole workshop. `folder` is where settlement files, reports, backups and the autosave go."""

    def __init__(self, catalogue: Catalogue | None = None, folder: Path | str = ".", restore: bool = True):
        self.catalogue = catalogue or Catalogue.load()
        self.folder = folder
        self.draft = Draft()
        self._loading = False

        # --- who and where to start
        # A pseudonymous id by default: files, reports and the class dashboard then carry no student's name.
        self.student = w.Text(
            value=suggested_id(),
            description="Your id (pseudonymous)",
            placeholder="the id your instructor gave you",
            tooltip="Use the id your instructor gave you, or keep the suggested one and tell them it; "
            "avoid your real name",
            style={"description_width": "initial"},
        )
        self.title = w.Text(
            description="Title of your settlement",
            style={"description_width": "initial"},
            layout=fitted("28em"),
        )
        startable = self.catalogue.startable_texts()
        self.start_from = w.Dropdown(
            options=[("A blank draft", BLANK)] + [(t.label, t.text_code) for t in startable.itertuples()],
            description="Start from",
            style={"description_width": "initial"},
        )
        self.start_button = w.Button(
            description="Start this draft",
            layout=w.Layout(width="auto"),  # the button as wide as its label
            icon="play",
            tooltip="Replaces the current draft; the current one is saved as a backup file first",
        )
        self.start_status = w.HTML()
        self.role = w.Dropdown(
            options=[("no one: this is my own settlement", NO_ROLE)]
            + [(p, p) for p in self.catalogue.parties]
            + [("the mediator (I chair the table and propose one text)", MEDIATOR)],
            value=NO_ROLE,
            description="Role-play: I negotiate for",
            style={"description_width": "initial"},
            layout=fitted("30em"),
        )
        self.table = w.Text(
            description="Table",
            placeholder="e.g. A",
            style={"description_width": "initial"},
            layout=w.Layout(width="14em", display="none"),
        )
        self.fallback = w.Textarea(
            description="Fallback",
            placeholder="Your party's best alternative if there is no agreement, and why (its BATNA)",
            style={"description_width": "initial"},
            layout=w.Layout(width="100%", display="none"),
        )
        self.role_status = w.HTML()

        # --- the issues, grouped
        self.issue_panels = {i.issue_id: IssuePanel(self.catalogue, i) for i in self.catalogue.issues.itertuples()}
        groups = []
        for group in self.catalogue.vocab.issue_groups:
            ids = list(self.catalogue.issues.loc[self.catalogue.issues.group == group.code, "issue_id"])
            groups.append((group.label, w.VBox([self.issue_panels[i] for i in ids])))
        self.tabs = w.Tab(children=[box for _, box in groups])
        self.tabs.add_class("pb-tabs")
        for index, (label, _) in enumerate(groups):
            self.tabs.set_title(index, label)

        # --- feedback
        self.red_lines = w.HTML()
        self.flags = w.VBox()
        self.flag_reasons: dict[str, w.Textarea] = {}
        self.questions = w.HTML()
        self.resemblance_text = w.HTML()
        self.resemblance_chart = w.Output()
        self.ratings = {}
        rating_rows = []
        for m in self.catalogue.mechanisms.itertuples():
            score = w.Dropdown(
                options=[("not rated", NOT_RATED)]
                + [(f"{k} {v}", k) for k, v in self.catalogue.vocab.mechanism_scale.items()],
                value=NOT_RATED,
                layout=fitted("16em"),
            )
            reason = w.Text(placeholder="why this rating?", layout=fitted("30em"))
            self.ratings[m.mechanism_id] = (score, reason)
            rating_rows.append(
                w.VBox(
                    [
                        w.HTML(
                            f"<strong>{escape(m.mechanism_id)} {escape(m.name)}.</strong> {escape(m.question)} "
                            f"<span class='pb-muted'>Evidence: {escape(m.evidence_strength)}.</span>"
                        ),
                        row([score, reason]),
                    ]
                )
            )
        self.checklist = w.VBox(rating_rows)

        # --- files
        self.export_button = w.Button(
            description="Export my settlement", icon="download", button_style="primary", layout=w.Layout(width="auto")
        )
        self.export_status = w.Output()
        self.export_failure = w.VBox()  # on a failed export: what happened, and the file's text to copy
        self.upload = w.FileUpload(accept=".json", multiple=False, description="Import a file")
        self.import_status = w.HTML()
        self.autosave_status = w.HTML()
        self.edited_mark = w.HTML()
        # Other drafts found in the folder's autosave slots at start: the student may open one instead.
        self.other_drafts = w.Dropdown(
            description="Other autosaved drafts",
            style={"description_width": "initial"},
            layout=w.Layout(width="100%", display="none"),
        )
        self.open_other = w.Button(
            description="Open this draft instead",
            icon="folder-open",
            tooltip="Opens the chosen draft; the one shown now stays in its own autosave file",
            layout=w.Layout(width="auto", display="none"),
        )
        self._others: dict[str, submission.Autosaved] = {}
        self._moved_note = ""

        self.feedback_tabs = feedback = w.Tab(
            children=[
                w.VBox([self.red_lines]),
                w.VBox(
                    [
                        w.HTML(
                            "<p>Flags explain a tension in the draft. You may keep a flagged choice: say why in the box.</p>"
                        ),
                        self.flags,
                        self.questions,
                    ]
                ),
                w.VBox(
                    [
                        w.HTML(
                            "<p>Rate how well your draft provides each mechanism: 0 absent, 1 mentioned, 2 specified, "
                            "3 specified and resourced. The ratings are your judgement, with your reasons.</p>"
                        ),
                        self.checklist,
                    ]
                ),
                w.VBox([self.resemblance_text, self.resemblance_chart]),
            ]
        )
        feedback.add_class("pb-tabs")
        for index, label in enumerate(["Parties' red lines", "Flags", "Durability checklist", "Closest texts"]):
            feedback.set_title(index, label)
        self._chart_stale = True
        feedback.observe(lambda _change: self._draw_resemblance_chart(), names="selected_index")

        super().__init__(
            [
                w.HTML(TAB_STYLE + "<h3>1. Who you are and where to start</h3>"),
                self.autosave_status,
                row([self.other_drafts, self.open_other]),
                self.edited_mark,
                row([self.student, self.title]),
                row([self.start_from, self.start_button]),
                self.start_status,
                row([self.role, self.table]),
                self.fallback,
                w.HTML("<h3>2. Your settlement, issue by issue</h3>"),
                self.tabs,
                self.role_status,
                w.HTML("<h3>3. What the record says about it</h3>"),
                feedback,
                w.HTML("<h3>4. Hand it in</h3>"),
                row([self.export_button, self.upload]),
                self.export_status,
                self.export_failure,
                self.import_status,
                w.HTML(FILES_HELP),
            ]
        )

        for panel in self.issue_panels.values():
            for control in (panel.option, panel.custom, panel.justification, panel.acceptable, panel.priority):
                control.observe(self._on_issue_change, names="value")
        for score, reason in self.ratings.values():
            score.observe(self._on_change, names="value")
            reason.observe(self._on_change, names="value")
        self.student.observe(self._on_change, names="value")
        self.title.observe(self._on_change, names="value")
        for control in (self.role, self.table, self.fallback):
            control.observe(self._on_change, names="value")
        self.start_button.on_click(self._on_start)
        self.export_button.on_click(self._on_export)
        self.upload.observe(self._on_upload, names="value")
        self.open_other.on_click(self._on_open_other)

        found = submission.autosaved_drafts(self.folder, self.catalogue) if restore else []
        readable = [a for a in found if a.result]
        if readable:
            self._restore(readable[0])
        else:
            self.refresh()
        self._offer_others(found)

    @property
    def folder(self) -> Path:
        """Where settlement files, reports, backups and autosaves go. Setting it starts a new autosave there."""
        return self._folder

    @folder.setter
    def folder(self, folder: Path | str) -> None:
        self._folder = Path(folder).resolve()
        self.autosaver = storage.Autosaver(self._folder)

    def _restore(self, autosaved: submission.Autosaved) -> None:
        """Open a draft found in an autosave slot and keep saving into that slot."""
        self.load(autosaved.result.draft)
        self.autosaver.adopt(autosaved.path)
        self.autosave_status.value = (
            f"<p>Your work in progress was restored from {escape(str(autosaved.path))} "
            f"(last changed {escape(autosaved.result.draft.modified)}).</p>"
        )

    def _offer_others(self, found: list) -> None:
        """List the other autosave slots (newest first), so the student chooses; unreadable ones are named."""
        shown = self.autosaver.path
        self._others = {str(a.path): a for a in found if a.result and a.path != shown}
        unreadable = [a for a in found if not a.result]
        self.other_drafts.options = [
            (
                f"{a.result.draft.title or 'untitled'} by {a.result.draft.student or 'no name'}, "
                f"last changed {a.result.draft.modified} ({a.path.name})",
                key,
            )
            for key, a in self._others.items()
        ]
        display_value = None if self._others else "none"
        self.other_drafts.layout.display = self.open_other.layout.display = display_value
        notes = []
        if self._others:
            notes.append(
                f"{len(self._others)} other autosaved draft(s) are in this folder, perhaps from another tab or "
                "notebook. The newest is open; choose another below to open it instead. Nothing is deleted."
            )
        notes += [
            f"The autosave file {escape(a.path.name)} could not be read ({escape(a.problem)}); it is left as it is."
            for a in unreadable
        ]
        if notes:
            self.autosave_status.value += "".join(f"<p>{n}</p>" for n in notes)

    def _on_open_other(self, _button=None) -> None:
        chosen = self._others.get(self.other_drafts.value)
        if chosen is None:
            return
        self._autosave()  # the draft shown now stays safe in its own slot
        self.flag_reasons.clear()
        self._restore(chosen)
        self._offer_others(submission.autosaved_drafts(self.folder, self.catalogue))

    # --- draft <-> widgets ---------------------------------------------------------------------

    def load(self, draft: Draft) -> None:
        """Show `draft` in the widgets (without treating the changes as edits)."""
        self._loading = True
        try:
            self.draft = draft
            self.student.value, self.title.value = draft.student, draft.title
            self.role.value = draft.role or NO_ROLE
            self.table.value, self.fallback.value = draft.table, draft.fallback
            for issue_id, panel in self.issue_panels.items():
                panel.show(draft.choice(issue_id))
            for mechanism_id, (score, reason) in self.ratings.items():
                rating = draft.ratings.get(mechanism_id, Rating())
                score.value = NOT_RATED if rating.score is None else rating.score
                reason.value = rating.reason
        finally:
            self._loading = False
        self.refresh()

    def _read_widgets(self) -> None:
        self.draft.student, self.draft.title = self.student.value, self.title.value
        self.draft.role = None if self.role.value == NO_ROLE else self.role.value
        self.draft.table, self.draft.fallback = self.table.value, self.fallback.value
        choices = {issue_id: panel.read() for issue_id, panel in self.issue_panels.items()}
        self.draft.choices = {
            i: c
            for i, c in choices.items()
            if c.kind != "silent" or c.justification or c.acceptable or c.weight is not None
        }
        self.draft.ratings = {
            m: Rating(None if s.value == NOT_RATED else s.value, r.value)
            for m, (s, r) in self.ratings.items()
            if s.value != NOT_RATED or r.value
        }
        self.draft.acknowledged = {rule: box.value for rule, box in self.flag_reasons.items() if box.value.strip()} | {
            rule: reason for rule, reason in self.draft.acknowledged.items() if rule not in self.flag_reasons
        }
        self.draft.modified = now()

    def _on_issue_change(self, change) -> None:
        if self._loading:
            return
        for panel in self.issue_panels.values():
            if change["owner"] in (panel.option, panel.custom, panel.justification, panel.acceptable, panel.priority):
                panel.refresh_visibility()
        self._on_change(change)

    def _on_change(self, _change=None) -> None:
        if self._loading:
            return
        self._read_widgets()
        self.refresh()
        self._autosave()

    def _autosave(self) -> None:
        try:
            path, left = self.autosaver.save(submission.export_json(self.draft))
        except OSError as err:
            self.autosave_status.value = (
                f"<p><strong>Could not save automatically:</strong> {escape(str(err))}. Export your work.</p>"
            )
            return
        if left:  # said on every later save too, so the student sees it whenever they look
            self._moved_note = (
                f" Another session (a second tab or notebook on this folder) saved its own draft to "
                f"{escape(left.name)}, so this session now saves to a file of its own: both drafts are "
                "kept, and the workshop offers both when it starts."
            )
        self.autosave_status.value = (
            f"<p class='pb-muted'>Saved automatically to {escape(str(path))} at "
            f"{dt.datetime.now():%H:%M:%S}.{self._moved_note}</p>"
        )

    # --- feedback ------------------------------------------------------------------------------

    def refresh(self) -> None:
        feedback = self.catalogue.feedback(self.draft)
        self.edited_mark.value = (
            f"<p><strong>Marked: {escape(submission.EDITED_MARK)}.</strong> This draft came from a "
            "file changed after the workshop exported it; the mark stays on its exports and "
            "reports.</p>"
            if self.draft.edited_after_export
            else ""
        )
        for issue_id, panel in self.issue_panels.items():
            panel.stances.value = stances_html(self.catalogue, self.draft.choice(issue_id).option_id)
            panel.show_role_play(bool(self.draft.role), party=self.draft.role in self.catalogue.parties)
        self._show_role_problems()
        counts = feedback.red_line_counts()
        rows = "".join(
            f"<tr><th scope='row'>{escape(p)}</th><td>{counts[p]}</td><td>"
            + "; ".join(
                f"{escape(self.catalogue.option_label[s.option_id])} ({escape(s.option_id)}): {escape(s.speaker)}, "
                f"{escape(s.date)}, {source_link(s.source_url, s.source_publisher)}"
                for s in feedback.red_lines[p]
            )
            + "</td></tr>"
            for p in self.catalogue.parties
        )
        self.red_lines.value = (
            "<p>How many options in your draft each party has <strong>rejected on the record</strong> (its latest recorded "
            "stance). This counts statements; it does not predict what a party would accept.</p>"
            f"<table class='pb-table'><thead><tr><th>Party</th><th>Red lines crossed</th><th>Which, and the source</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
        self._show_flags(feedback)
        top = feedback.resemblance.iloc[0]
        self.resemblance_text.value = (
            f"<p>Closest text: <strong>{escape(str(top.short_title))}</strong>, with the same option on {top.matches} of the "
            f"{top.comparable} issues it covers.</p>"
            if top.matches
            else "<p>Your draft shares no option with any text yet.</p>"
        )
        self._chart_stale = True
        self._draw_resemblance_chart()

    def _show_role_problems(self) -> None:
        role = self.draft.role
        self.table.layout.display = None if role else "none"
        self.fallback.layout.display = None if role in self.catalogue.parties else "none"
        if not role:
            self.role_status.value = ""
            return
        if role == MEDIATOR:
            self.role_status.value = (
                "<p><strong>Role-play: you chair the table.</strong> Your settlement, issue by issue, is the single "
                "negotiating text you put to the parties; revise it between rounds. You mark no range and no priority: "
                "the parties do. Put your table's name above so the dashboard shows your table on its own.</p>"
            )
            return
        problems = self.catalogue.role_problems(self.draft)
        marked = sum(bool(self.draft.choice(i).acceptable) for i in self.catalogue.issue_ids)
        weighted = sum(self.draft.choice(i).weight is not None for i in self.catalogue.issue_ids)
        items = "".join(f"<li>{escape(p)}</li>" for p in problems)
        self.role_status.value = (
            f"<p><strong>Role-play brief for {escape(role)}:</strong> acceptable options marked on {marked} of "
            f"{len(self.catalogue.issue_ids)} issues, priorities set on {weighted}, fallback "
            f"{'written' if self.draft.fallback.strip() else 'not written yet'}. The ranges, priorities and fallback are "
            "your assumptions about the party: say why in each justification, citing the record. An issue where you "
            "mark nothing counts as <em>not stated</em>: it neither blocks an agreement nor counts as giving ground.</p>"
            + (f"<ul>{items}</ul>" if items else "")
        )

    def _draw_resemblance_chart(self) -> None:
        """Draw the chart when its tab is open; building it is the slowest step of feedback, so it waits."""
        if not self._chart_stale or self.feedback_tabs.selected_index != RESEMBLANCE_TAB:
            return
        self.resemblance_chart.clear_output(wait=True)
        with self.resemblance_chart:
            display(
                charts.resemblance_chart(
                    self.catalogue.issue_matches(self.draft), self.catalogue.texts, self.catalogue.issues
                )
            )
        self._chart_stale = False

    def _show_flags(self, feedback) -> None:
        boxes = []
        for rule in feedback.tripped:
            reason = self.flag_reasons.get(rule.rule_id)
            if reason is None:
                reason = w.Textarea(placeholder="I keep this choice because…", layout=wide())
                reason.observe(self._on_change, names="value")
                self.flag_reasons[rule.rule_id] = reason
            saved = self.draft.acknowledged.get(rule.rule_id, "")
            if reason.value != saved:  # show the saved reason without treating it as an edit
                self._loading = True
                try:
                    reason.value = saved
                finally:
                    self._loading = False
            sources = ", ".join(rule.texts + rule.references)
            link = f" {source_link(rule.source_url, rule.source_publisher)}" if rule.source_url else ""
            kind = "Minsk failure mode" if rule.kind == "minsk_failure" else "Consistency"
            boxes.append(
                w.VBox(
                    [
                        w.HTML(
                            f"<p><strong>⚑ {escape(rule.rule_id)} {escape(rule.title)}</strong> ({kind}). "
                            f"{escape(rule.reasoning)} <span class='pb-muted'>Rests on: {escape(sources)}.</span>{link}</p>"
                        ),
                        reason,
                    ]
                )
            )
        self.flags.children = boxes or [
            w.HTML("<p>No flags: the draft trips none of the book's consistency rules.</p>")
        ]
        self.questions.value = (
            "<p><strong>Questions to ask of every draft (Minsk failure modes)</strong></p><ul>"
            + "".join(
                f"<li><strong>{escape(q.rule_id)} {escape(q.title)}.</strong> {escape(q.reasoning)}</li>"
                for q in feedback.questions
            )
            + "</ul>"
        )

    # --- files ---------------------------------------------------------------------------------

    def _backup(self) -> Path | None:
        """Save the current draft before it is replaced; raises OSError if it cannot be saved."""
        if not (self.draft.choices or self.draft.ratings or self.draft.student):
            return None
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = self.folder / f"settlement-backup-{stamp}.json"
        storage.write_atomically(path, submission.export_json(self.draft))
        return path

    def _safe_backup(self, status: w.HTML) -> tuple[bool, Path | None]:
        """Back up the current draft; if that fails, say so in `status` and answer False (keep the draft)."""
        try:
            return True, self._backup()
        except OSError as err:
            status.value = (
                f"<p><strong>Your current draft was kept:</strong> it could not be backed up first "
                f"({escape(str(err))}), so it was not replaced. Export it, or free space, then try again.</p>"
            )
            return False, None

    def _on_start(self, _button=None) -> None:
        ok, backup = self._safe_backup(self.start_status)
        if not ok:
            return
        code = None if self.start_from.value == BLANK else self.start_from.value
        meta = {"student": self.student.value, "title": self.title.value}
        draft = self.catalogue.draft_from_text(code, **meta) if code else self.catalogue.blank_draft(**meta)
        self.flag_reasons.clear()
        self.load(draft)
        self._autosave()
        saved = f" Your previous draft was saved as {escape(str(backup))}." if backup else ""
        self.start_status.value = f"<p>Started from {escape(self.start_from.label)}.{saved}</p>"

    def _on_export(self, _button=None) -> None:
        self._read_widgets()
        self.export_status.clear_output()
        self.export_failure.children = []
        try:
            json_path, html_path = submission.save_submission(self.draft, self.catalogue, self.folder)
        except OSError as err:
            self.export_failure.children = [
                w.HTML(
                    f"<p><strong>Export failed:</strong> {escape(str(err))}. Your draft is still here, unchanged. "
                    "Free some space or choose a folder you can write to, then export again. Until then, here is "
                    "your settlement file's text: select it all, copy it and save it as a <code>.json</code> file.</p>"
                ),
                w.Textarea(value=submission.export_json(self.draft), layout=w.Layout(width="100%", height="12em")),
            ]
            return
        with self.export_status:
            display(
                w.HTML(
                    f"<p>Saved your settlement as <code>{escape(json_path.name)}</code> (hand this in) and a readable "
                    f"report as <code>{escape(html_path.name)}</code>, in {escape(str(self.folder))}. In JupyterLab or "
                    "Binder, find them in the file browser on the left, right-click and choose <em>Download</em>, or use "
                    "these links:</p>"
                )
            )
            display(FileLink(json_path.name if self.folder == Path.cwd().resolve() else json_path))
            display(FileLink(html_path.name if self.folder == Path.cwd().resolve() else html_path))

    def import_bytes(self, content: bytes, name: str = "the file") -> bool:
        """Import a settlement file; on any problem, say so and keep the current draft."""
        try:
            result = submission.parse_submission(content, self.catalogue)
        except submission.SubmissionError as err:
            self.import_status.value = (
                f"<p><strong>Could not import {escape(name)}:</strong> {escape(str(err))} "
                "Your current draft is unchanged.</p>"
            )
            return False
        ok, backup = self._safe_backup(self.import_status)
        if not ok:
            return False
        self.flag_reasons.clear()
        self.load(result.draft)
        self._autosave()
        notes = "".join(f"<li>{escape(m)}</li>" for m in result.warnings)
        saved = f" Your previous draft was saved as {escape(str(backup))}." if backup else ""
        self.import_status.value = f"<p>Imported {escape(name)}.{saved}</p>" + (f"<ul>{notes}</ul>" if notes else "")
        return True

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        self.import_bytes(bytes(item["content"]), item.get("name", "the file"))
