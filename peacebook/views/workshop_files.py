"""The workshop's files: where the draft is saved as the student works, and how it is replaced, exported and
imported.

Every change autosaves the draft; replacing the draft (starting again, importing a file) first saves the
current one as a backup file, so no work is lost. If the backup cannot be written, the draft is not replaced.
Two sessions on one folder never overwrite each other's autosave (see peacebook.files.storage): at start the newest
draft opens and the others are offered. An export that cannot be written leaves the draft in place and shows
it as text to copy.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path
from urllib.parse import quote

import anywidget
import ipywidgets as w
import traitlets
from IPython.display import HTML, display

from ..files import storage, submission
from ..html.rendering import in_live_kernel

BLANK = "__blank__"  # "start from a blank draft" (not None: a Dropdown treats None as "nothing selected")

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


def notebook_relative(path: Path) -> str | None:
    """`path` relative to the notebook's folder (the kernel's working directory), or None if it lies outside.

    >>> notebook_relative(Path.cwd() / "my-settlement" / "a.json")
    'my-settlement/a.json'
    >>> notebook_relative(Path("/")) is None
    True
    """
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return None


def download_link(path: Path) -> str:
    """A link that downloads `path`, or "" if the file lies outside the notebook's folder.

    The address is relative to the notebook: JupyterLab (Binder, a hub, Notebook 7) resolves it against the
    notebook's own folder under the server's base URL, whatever that is ("/", "/user/<name>/"), and, since the
    link carries `download`, lets the browser download the file instead of opening it in a tab. The server's
    own path of the file would open a 404 page.

    >>> download_link(Path.cwd() / "my settlement" / "a&b.json")
    '<a href="my%20settlement/a%26b.json" download="a&amp;b.json">a&amp;b.json</a>'
    """
    relative = notebook_relative(path)
    if relative is None:
        return ""
    return f'<a href="{escape(quote(relative))}" download="{escape(path.name)}">{escape(path.name)}</a>'


def shown_path(path: Path) -> str:
    """`path` as the student finds it in JupyterLab's file browser: from the notebook's folder where it lies
    inside it, in full otherwise."""
    return notebook_relative(path) or str(path)


def earlier_exports(json_path: Path) -> list[Path]:
    """The same student's earlier exports beside `json_path` (the workshop names each
    `settlement-<id>-<date>-<time>.json`, so they share its name up to the date)."""
    same_student = json_path.stem.rsplit("-", 2)[0] + "-"
    return sorted(p for p in json_path.parent.glob(f"{same_student}*.json") if p != json_path)


def export_message(json_path: Path, html_path: Path, saved_at: str) -> str:
    """What the student reads after an export: the two files by name, where they are, which is newest, and
    links that download them."""
    folder = notebook_relative(json_path.parent)
    where = (
        "next to this notebook"
        if folder == "."
        else f"in the folder <code>{escape(folder)}/</code> next to this notebook"
        if folder
        else f"in the folder <code>{escape(str(json_path.parent))}</code>"
    )
    earlier = earlier_exports(json_path)
    newest = (
        f" This is your newest export; the folder also holds {len(earlier)} earlier one(s), named with an earlier "
        "date and time. Hand in the newest."
        if earlier
        else ""
    )
    links = (download_link(json_path), download_link(html_path))
    download = (
        f"<p>Download them here: {links[0]} (the file to hand in) and {links[1]} (the report). Or find them in the "
        "file browser on the left, right-click and choose <em>Download</em>.</p>"
        if all(links)
        else "<p>In JupyterLab or Binder, find them in the file browser, right-click and choose <em>Download</em>.</p>"
    )
    return (
        f"<p>Saved your settlement as <code>{escape(json_path.name)}</code> (hand this in) and a readable report as "
        f"<code>{escape(html_path.name)}</code>, at {escape(saved_at)}, {where}.{newest}</p>" + download
    )


class BrowserTimeZone(anywidget.AnyWidget):
    """The student's time zone, as their browser reports it when the widget reaches it (not displayed). The kernel's
    clock may run in another zone (Binder's and a hub's run in UTC), and a message should give the student's time."""

    _esm = """export default {
  initialize({ model }) {
    model.set("zone", Intl.DateTimeFormat().resolvedOptions().timeZone || "");
    model.save_changes();
  },
};
"""
    zone = traitlets.Unicode("").tag(sync=True)


class Clock:
    """Times as the student reads them: in their browser's time zone once it is known, else in the kernel's, named.

    >>> clock = Clock(None)
    >>> clock.zone = "Asia/Tokyo"
    >>> clock.time(dt.datetime(2026, 12, 7, 3, 5, 9, tzinfo=dt.timezone.utc))
    '12:05:09'
    >>> clock.day_and_time("2026-12-07T03:05:09+00:00")
    '7 Dec 2026, 12:05'
    """

    def __init__(self, browser: BrowserTimeZone | None):
        self.browser = browser
        self.zone = ""

    def _local(self, when: dt.datetime) -> tuple[dt.datetime, str]:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        zone = self.browser.zone if self.browser is not None else self.zone
        if zone:
            try:
                return when.astimezone(ZoneInfo(zone)), ""
            except (ZoneInfoNotFoundError, ValueError):
                pass
        here = when.astimezone()
        return here, f" {here:%Z}"  # the kernel's zone, named, where the browser's is not known

    def time(self, when: dt.datetime | None = None) -> str:
        """`when` (default: now) as hours, minutes and seconds."""
        local, zone = self._local(when or dt.datetime.now(dt.timezone.utc))
        return f"{local:%H:%M:%S}{zone}"

    def day_and_time(self, iso: str) -> str:
        """A draft's ISO 8601 time (UTC) as a day and a time, or the text as it is if it is not one."""
        try:
            when = dt.datetime.fromisoformat(iso)
        except (TypeError, ValueError):
            return iso
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        local, zone = self._local(when)
        return f"{local.day} {local:%b %Y, %H:%M}{zone}"


class DraftFiles:
    """The files part of the workshop, mixed into `WorkshopApp`, which provides `catalogue`, `draft`,
    `load(draft)`, `_read_widgets()`, `flag_reasons` and the start controls (`start_from`, `student`, `title`,
    `start_status`), and places the widgets made here on its page."""

    def _make_file_widgets(self) -> None:
        """The export and import controls, the autosave's messages and the other autosaved drafts' menu."""
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
        # In a live notebook, the student's browser says its time zone; the book's build has no browser behind it.
        self.clock = Clock(BrowserTimeZone() if in_live_kernel() else None)
        self.export_button.on_click(self._on_export)
        self.upload.observe(self._on_upload, names="value")
        self.open_other.on_click(self._on_open_other)

    def _open_autosaved(self, restore: bool) -> None:
        """At start: open the newest readable draft in the folder's autosave slots, and offer the others."""
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
            f"<p>Your work in progress was restored from {escape(shown_path(autosaved.path))} "
            f"(last changed {escape(self.clock.day_and_time(autosaved.result.draft.modified))}).</p>"
        )

    def _offer_others(self, found: list) -> None:
        """List the other autosave slots (newest first), so the student chooses; unreadable ones are named."""
        shown = self.autosaver.path
        self._others = {str(a.path): a for a in found if a.result and a.path != shown}
        unreadable = [a for a in found if not a.result]
        self.other_drafts.options = [
            (
                f"{a.result.draft.title or 'untitled'} by {a.result.draft.student or 'no name'}, "
                f"last changed {self.clock.day_and_time(a.result.draft.modified)} ({a.path.name})",
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
            f"<p class='pb-muted'>Saved automatically at {self.clock.time()}, in {escape(shown_path(path))}."
            f"{self._moved_note}</p>"
        )

    def _backup(self) -> Path | None:
        """Save the current draft before it is replaced, in a file of its own (never over an earlier backup,
        however quickly two replacements follow each other); raises OSError if it cannot be saved."""
        draft = self.draft
        if not (
            draft.choices
            or draft.ratings
            or draft.acknowledged
            or draft.student
            or draft.title
            or draft.role
            or draft.table
            or draft.fallback
            or draft.unrecognised
        ):
            return None
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        return storage.write_new(self.folder, f"settlement-backup-{stamp}", ".json", submission.export_json(draft))

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

    def _replace(self, draft) -> None:
        """Show `draft` in place of the current one (backed up first by the caller) and autosave it."""
        self.flag_reasons.clear()
        self.load(draft)
        self._autosave()

    def _on_start(self, _button=None) -> None:
        ok, backup = self._safe_backup(self.start_status)
        if not ok:
            return
        code = None if self.start_from.value == BLANK else self.start_from.value
        meta = {"student": self.student.value, "title": self.title.value}
        draft = self.catalogue.draft_from_text(code, **meta) if code else self.catalogue.blank_draft(**meta)
        self._replace(draft)
        saved = f" Your previous draft was saved as {escape(shown_path(backup))}." if backup else ""
        self.start_status.value = f"<p>Started from {escape(self.start_from.label)} at {self.clock.time()}.{saved}</p>"

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
        # Shown through an Output, not an HTML widget: JupyterLab resolves an output's relative links against the
        # notebook's folder, and an HTML widget's not at all.
        with self.export_status:
            display(HTML(export_message(json_path, html_path, self.clock.time())))

    def import_bytes(self, content: bytes, name: str = "the file") -> bool:
        """Import a settlement file; on any problem, say so and keep the current draft."""
        try:
            result = submission.parse_submission(content, self.catalogue)
        except submission.SubmissionError as err:
            self.import_status.value = (
                f"<p><strong>Could not import {escape(name)}</strong> ({self.clock.time()}): {escape(str(err))} "
                "Your current draft is unchanged.</p>"
            )
            return False
        ok, backup = self._safe_backup(self.import_status)
        if not ok:
            return False
        self._replace(result.draft)
        notes = "".join(f"<li>{escape(m)}</li>" for m in result.warnings)
        saved = f" Your previous draft was saved as {escape(shown_path(backup))}." if backup else ""
        again = " again" if f"<p>Imported {escape(name)} " in self.import_status.value else ""
        self.import_status.value = (
            f"<p>Imported {escape(name)}{again} at {self.clock.time()}: the draft is now the file's.{saved}</p>"
            + (f"<ul>{notes}</ul>" if notes else "")
        )
        return True

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        self.import_bytes(bytes(item["content"]), item.get("name", "the file"))
        # Empty the upload again: the same file chosen a second time is then a change the workshop sees (it was the
        # same value, so nothing happened and the old message stayed, issue #32).
        self.upload.value = ()
