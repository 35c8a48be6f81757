"""A settlement's printable report: a self-contained HTML page written beside each export.

Every piece of text from the draft is escaped: a student's words never become markup.
"""

from __future__ import annotations

from html import escape

from .. import data
from ..model.settlement import EDITED_MARK, Catalogue, Choice, Draft, Feedback, Rating


def _choice_text(choice: Choice, catalogue: Catalogue) -> str:
    if choice.kind == "option":
        return f"{catalogue.option_label.get(choice.option_id, choice.option_id)} ({choice.option_id})"
    if choice.kind == "custom":
        return f"Custom: {choice.custom_text}"
    return "Silent (the settlement says nothing on this issue)"


def _priority_text(choice: Choice, scale: dict[int, str]) -> str:
    if choice.weight is None:
        return "not stated"
    return f"{choice.weight} of {max(scale)} ({scale[choice.weight]})"


def report_html(draft: Draft, catalogue: Catalogue, feedback: Feedback) -> str:
    """A self-contained, printable HTML report of the draft. Every piece of text is escaped."""
    e = escape
    counts = feedback.red_line_counts()
    rows = []
    for issue in catalogue.issues.itertuples():
        choice = draft.choice(issue.issue_id)
        acceptable = (
            f"<br><em>Acceptable to {e(draft.role)}:</em> "
            + e("; ".join(catalogue.option_label.get(o, o) for o in choice.acceptable) or "not stated")
            + f"<br><em>Priority:</em> {e(_priority_text(choice, catalogue.vocab.priority_scale))}"
            if draft.role
            else ""
        )
        rows.append(
            f"<tr><th scope='row'>{e(issue.issue_id)} {e(issue.title)}</th>"
            f"<td>{e(_choice_text(choice, catalogue))}{acceptable}</td><td>{e(choice.justification)}</td></tr>"
        )
    flags = (
        "".join(
            f"<li><strong>{e(t.rule_id)} {e(t.title)}.</strong> {e(t.reasoning)}"
            + (f"<br><em>Kept, because:</em> {e(t.acknowledged)}" if t.acknowledged else "")
            + "</li>"
            for t in feedback.tripped
        )
        or "<li>None.</li>"
    )
    ratings = "".join(
        f"<tr><th scope='row'>{e(m.mechanism_id)} {e(m.name)}</th>"
        f"<td>{'' if draft.ratings.get(m.mechanism_id, Rating()).score is None else draft.ratings[m.mechanism_id].score}"
        f"</td><td>{e(draft.ratings.get(m.mechanism_id, Rating()).reason)}</td></tr>"
        for m in catalogue.mechanisms.itertuples()
    )
    closest = feedback.resemblance.head(3)
    resemblance = "".join(
        f"<li>{e(str(r.short_title))}: same option on {r.matches} of {r.comparable} issues it covers</li>"
        for r in closest.itertuples()
    )
    red = "".join(f"<li>{e(p)}: {count}</li>" for p, count in counts.items())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Settlement: {e(draft.title or "untitled")}</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.4}}
table{{border-collapse:collapse;width:100%}}th,td{{border-bottom:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}}
@media print{{body{{margin:0}}}}</style></head><body>
<h1>Settlement: {e(draft.title or "untitled")}</h1>
{f"<p><strong>Marked: {e(EDITED_MARK)}.</strong> This draft was imported from a file that was changed after the workshop exported it. The checksum shows a change, not who made it or why.</p>" if draft.edited_after_export else ""}
<p>Student: {e(draft.student or "(not given)")}. Started from: {e(draft.started_from or "a blank draft")}.
{("Role-play: negotiating for " + e(draft.role) + (" at table " + e(draft.table) if draft.table else "") + " (the choice is the opening position; the acceptable options and priorities are the student&#x27;s assumptions about that party). ") if draft.role else ""}
Last changed {e(draft.modified)}. Book data: {e(data.as_of_phrase(*data.coverage()))}.</p>
{("<p><strong>Fallback if there is no agreement:</strong> " + e(draft.fallback or "not stated") + "</p>") if draft.role else ""}
<h2>The settlement, issue by issue</h2>
<table><thead><tr><th>Issue</th><th>Choice</th><th>Justification</th></tr></thead><tbody>{"".join(rows)}</tbody></table>
<h2>Red lines on record that the draft crosses</h2><ul>{red}</ul>
<p>Counts of options each party has rejected on the record (its latest stance), not a prediction of acceptance.</p>
<h2>Flags raised</h2><ul>{flags}</ul>
<h2>Durability checklist (0 absent, 1 mentioned, 2 specified, 3 specified and resourced)</h2>
<table><thead><tr><th>Mechanism</th><th>Rating</th><th>Reason</th></tr></thead><tbody>{ratings}</tbody></table>
<h2>Closest texts</h2><ul>{resemblance}</ul>
</body></html>"""
