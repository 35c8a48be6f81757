"""The settlement workshop: an ipywidgets app composed from the settlement model, the charts and the
submission module. It holds no logic of its own beyond keeping the widgets and the draft in step.

Its parts have modules of their own: one issue's panel (`workshop_issues`), the files (autosave, backups,
export and import: `workshop_files`) and the layout rules (`workshop_layout`).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as w

from .. import charts
from ..files import submission
from ..html.rendering import LiveChart
from ..model.settlement import Catalogue, Draft, Rating, now
from ..html.table_cells import check_mark, source_link
from ..data.vocabulary import MEDIATOR
from .workshop_files import BLANK, FILES_HELP, DraftFiles
from .workshop_issues import IssuePanel, stances_html
from .workshop_layout import TAB_STYLE, WORKSHOP_DISCONNECTED, fitted, row, wide

NOT_RATED = -1  # not None: a Dropdown treats None as "nothing selected" and shows a blank
NO_ROLE = "__no_role__"  # likewise for "not role-playing"
RESEMBLANCE_TAB = 3  # index of "Closest texts" among the feedback tabs


def suggested_id() -> str:
    """A pseudonymous id to suggest, such as 'negotiator-482193': one of 900,000, so that in a class of 100 two
    students keep the same one about once in 180 classes (with 9,000 ids it was 42% of classes)."""
    import secrets

    return f"negotiator-{secrets.randbelow(900_000) + 100_000}"


class WorkshopApp(DraftFiles, w.VBox):
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
        self._flag_boxes: dict[str, w.VBox] = {}  # each flag's box, with its reason, made once
        self._no_flags = w.HTML("<p>No flags: the draft trips none of the book's consistency rules.</p>")
        self.questions = w.HTML()
        self.resemblance_text = w.HTML()
        self.resemblance_chart = LiveChart()  # one chart widget whose data changes, not a new chart each change
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

        self._make_file_widgets()

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
                w.VBox([self.resemblance_text, self.resemblance_chart.widget]),
            ]
        )
        feedback.add_class("pb-tabs")
        for index, label in enumerate(["Parties' red lines", "Flags", "Durability checklist", "Closest texts"]):
            feedback.set_title(index, label)
        self._chart_stale = True
        feedback.observe(lambda _change: self._draw_resemblance_chart(), names="selected_index")

        super().__init__(
            [
                w.HTML(TAB_STYLE + WORKSHOP_DISCONNECTED + "<h3>1. Who you are and where to start</h3>"),
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

        self.add_class("pb-workshop")
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

        self._open_autosaved(restore)

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
                f"{escape(s.date)}, {source_link(s.source_url, s.source_publisher)}{check_mark(s)}"
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
            "mark nothing counts as <em>not stated</em>: it neither blocks an agreement nor counts as giving ground. "
            "Your priorities share out 100 points across the issues, so each counts only against your others; a 5 is a "
            "deal-breaker, which the instructor's dashboard shows whenever a package breaks it.</p>"
            + (f"<ul>{items}</ul>" if items else "")
        )

    def _draw_resemblance_chart(self) -> None:
        """Draw the chart when its tab is open; building it is the slowest step of feedback, so it waits. A change
        that leaves the chart as it was (a justification typed) sends nothing."""
        if not self._chart_stale or self.feedback_tabs.selected_index != RESEMBLANCE_TAB:
            return
        self.resemblance_chart.show(
            charts.resemblance_chart(
                self.catalogue.issue_matches(self.draft), self.catalogue.texts, self.catalogue.issues
            )
        )
        self._chart_stale = False

    def _show_flags(self, feedback) -> None:
        """One box for each flag the draft trips, made the first time it trips and kept, so that a change that
        leaves the flags as they were sends nothing to the browser."""
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
            kept = self._flag_boxes.get(rule.rule_id)
            if kept is None or kept.children[1] is not reason:  # a new flag, or a new draft's reason box
                sources = ", ".join(rule.texts + rule.references)
                link = f" {source_link(rule.source_url, rule.source_publisher)}" if rule.source_url else ""
                link += check_mark(rule)
                kind = "Minsk failure mode" if rule.kind == "minsk_failure" else "Consistency"
                self._flag_boxes[rule.rule_id] = w.VBox(
                    [
                        w.HTML(
                            f"<p><strong>⚑ {escape(rule.rule_id)} {escape(rule.title)}</strong> ({kind}). "
                            f"{escape(rule.reasoning)} <span class='pb-muted'>Rests on: {escape(sources)}.</span>{link}</p>"
                        ),
                        reason,
                    ]
                )
            boxes.append(self._flag_boxes[rule.rule_id])
        self.flags.children = boxes or [self._no_flags]
        self.questions.value = (
            "<p><strong>Questions to ask of every draft (Minsk failure modes)</strong></p><ul>"
            + "".join(
                f"<li><strong>{escape(q.rule_id)} {escape(q.title)}.</strong> {escape(q.reasoning)}</li>"
                for q in feedback.questions
            )
            + "</ul>"
        )
