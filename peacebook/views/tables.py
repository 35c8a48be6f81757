"""The book's HTML tables for its chapters, built from validated tables: events and findings, texts, provisions
and what became of them, accounts, positions, texts side by side, any small frame.

Every piece of text is escaped before it is placed in HTML (the pieces are in `table_cells`), so no cell (or a
student's free text) can inject markup or script into a page. In a live notebook `show` makes a long table
searchable, sortable and paged (`live_tables`). The data chapter's dictionary is in `data_dictionary`.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from ..model import compare
from ..data.cells import split_list
from ..data import as_of_gap
from .data_dictionary import data_dictionary_html, second_reading_html  # noqa: F401  (the data chapter shows them)
from .live_tables import show  # noqa: F401  (notebooks show a table with tables.show)
from ..html.table_cells import caption_html as table_caption
from ..html.table_cells import (  # collapsed, format_date_range and source_link are also the notebooks' tables.xxx
    check_mark,
    collapsed,  # noqa: F401
    escaped_format,  # noqa: F401  (notebooks write a sentence from the data with tables.escaped_format)
    first_and_latest,
    format_date_range,
    iso_date,
    short_date,
    source_link,
    source_links,
    unbroken,
)
from ..model.timeline import year_span
from ..data.vocabulary import book_vocabularies


def finding_html(finding) -> str:
    """One established finding (a row of the findings table), labelled as such, with its source(s) and
    the parties' response, if any, attributed to its own source(s)."""
    sources = source_links(
        (finding.source_url, finding.source_publisher), (finding.second_source_url, finding.second_source_publisher)
    )
    quote = ""
    if finding.quote is not None and not pd.isna(finding.quote) and str(finding.quote):
        quote = f" <q>{escape(str(finding.quote))}</q>"
    response = ""
    if finding.response is not None and not pd.isna(finding.response) and str(finding.response):
        # each party's words with its own source: a response that gives two parties' words cites both
        response_sources = source_links(
            (finding.response_source_url, finding.response_source_publisher),
            (finding.response_second_source_url, finding.response_second_source_publisher),
        )
        response = f"<br><em>Response:</em> {escape(str(finding.response))} ({response_sources})"
    return (
        f'<p class="pb-finding"><strong>Established finding</strong> '
        f"({escape(str(finding.body))}, {escape(short_date(finding.date))}; independent finding): "
        f"{escape(str(finding.finding))}{quote} ({sources}){check_mark(finding)}{response}</p>"
    )


def findings_html(findings: pd.DataFrame, events: pd.DataFrame, caption: str | None = None) -> str:
    """Each event that independent investigations or courts have ruled on, with the parties' statements
    of the day (the event's description) and, beside them, each established finding, oldest first."""
    rows = []
    titles = dict(zip(events["event_id"], events["title"]))
    descriptions = dict(zip(events["event_id"], events["description"]))
    dates = dict(zip(events["event_id"], events["date"]))
    for event_id, group in findings.sort_values("date").groupby("event_id", sort=False):
        items = "".join(finding_html(f) for f in group.itertuples(index=False))
        rows.append(
            "<tr>"
            f"<td><strong>{escape(str(titles[event_id]))}</strong> ({escape(short_date(dates[event_id]))})<br>"
            f"{escape(str(descriptions[event_id]))}</td>"
            f"<td>{items}</td>"
            "</tr>"
        )
    caption_html = table_caption(caption)
    return (
        '<table class="pb-table pb-findings">'
        + caption_html
        + '<thead><tr><th scope="col">The event, and what the parties said at the time</th>'
        '<th scope="col">What independent investigations and courts have established</th></tr></thead>'
        "<tbody>" + "".join(rows) + "</tbody></table>"
    )


def events_table_html(events: pd.DataFrame, caption: str | None = None, findings: pd.DataFrame | None = None) -> str:
    """The events as an accessible HTML table, oldest first, each with its source(s), and with the
    established findings (if `findings` is given) beside the event they concern."""
    rows = []
    by_event = {} if findings is None else {k: g for k, g in findings.sort_values("date").groupby("event_id")}
    for event in events.sort_values(["date", "event_id"]).itertuples(index=False):
        sources = source_links(
            (event.source_url, event.source_publisher), (event.second_source_url, event.second_source_publisher)
        )
        rows.append(
            "<tr>"
            f'<td class="pb-date" data-order="{event.date:%Y-%m-%d}">{escape(unbroken(format_date_range(event.date, event.end_date)))}</td>'
            f"<td><strong>{escape(event.title)}</strong><br>{escape(event.description)}"
            f"{''.join(finding_html(f) for f in by_event[event.event_id].itertuples(index=False)) if event.event_id in by_event else ''}</td>"
            f"<td>{escape(event.category)}</td>"
            f"<td>{escape(', '.join(split_list(event.actors)))}</td>"
            f"<td>{sources}{check_mark(event)}</td>"
            "</tr>"
        )
    caption_html = table_caption(caption)
    return (
        '<table class="pb-table pb-events">'
        + caption_html
        + '<thead><tr><th scope="col">Date</th><th scope="col">Event</th><th scope="col">Category</th>'
        '<th scope="col">Who</th><th scope="col">Source</th></tr></thead>'
        "<tbody>" + "".join(rows) + "</tbody></table>"
    )


def texts_table_html(texts: pd.DataFrame, caption: str | None = None) -> str:
    """Texts with their date, status, parties, signatories and where to read them."""
    rows = []
    for t in texts.sort_values("date").itertuples(index=False):
        full_text = source_link(t.full_text_url, t.full_text_publisher)
        rows.append(
            f"<tr><td class='pb-date' data-order='{iso_date(t.date)}'>{escape(unbroken(short_date(t.date)))}</td><td><strong>{escape(t.title)}</strong><br>{escape(t.description)}</td>"
            f"<td>{escape(book_vocabularies().text_statuses.label(t.status))}</td><td>{escape(', '.join(split_list(t.signatories))) or '—'}</td>"
            f"<td>{source_link(t.source_url, t.source_publisher)}{'; text: ' + full_text if full_text else ''}{check_mark(t)}</td></tr>"
        )
    caption_html = table_caption(caption)
    return (
        "<table class='pb-table'>" + caption_html + "<thead><tr><th scope='col'>Date</th><th scope='col'>Text</th>"
        "<th scope='col'>Status</th><th scope='col'>Signed by</th><th scope='col'>Source</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def provisions_outcomes_html(
    provisions: pd.DataFrame, outcomes: pd.DataFrame, text_code: str, points: list[str], caption: str | None = None
) -> str:
    """Each point of a text (in `points` order): the book's paraphrase with its source, then what became of it."""
    rows = []
    own = provisions[provisions["text_code"] == text_code]
    for point in points:
        said = own[own["point_ref"] == point]
        text = (
            "".join(
                f"<p>{escape(p.paraphrase)} <span class='pb-muted'>({source_link(p.source_url, p.source_publisher)})</span>{check_mark(p)}</p>"
                for p in said.itertuples()
            )
            or "<p class='pb-muted'>The text of this point is not yet in the book's data.</p>"
        )
        became = outcomes[(outcomes["text_code"] == text_code) & (outcomes["point_ref"] == point)].sort_values("date")
        items = [
            f"<li><strong>{escape(book_vocabularies().outcome_statuses.label(o.status))}</strong> ({escape(short_date(o.date))}): {escape(o.outcome)} "
            f"<span class='pb-muted'>({source_link(o.source_url, o.source_publisher)})</span>{check_mark(o)}</li>"
            for o in became.itertuples()
        ]
        fate = first_and_latest(items, "outcome")
        rows.append(
            f"<tr><th scope='row'>{escape(point)}</th><td>{text}</td><td>{fate}</td></tr>"
            if fate
            else f"<tr><th scope='row'>{escape(point)}</th><td>{text}</td><td class='pb-muted'>No sourced outcome yet.</td></tr>"
        )
    caption_html = table_caption(caption)
    return (
        "<table class='pb-table'>"
        + caption_html
        + "<thead><tr><th scope='col'>Point</th><th scope='col'>What it says</th>"
        "<th scope='col'>What became of it</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def accounts_html(accounts: pd.DataFrame, question: str) -> str:
    """Competing accounts of one contested question, oldest first, each attributed (an official's account is
    marked as such, an analyst's as an analyst's) and sourced."""
    holders = book_vocabularies().holder_types
    items = []
    for a in accounts[accounts["question"] == question].sort_values("date").itertuples(index=False):
        quote = f" <q>{escape(a.quote)}</q>" if isinstance(a.quote, str) and a.quote else ""
        items.append(
            f"<li><strong>{escape(a.holder)}</strong> <span class='pb-muted'>({escape(holders.label(a.holder_type))})"
            f"</span> — {escape(a.speaker)}, {escape(short_date(a.date))}: "
            f"{escape(a.claim)}{quote} <span class='pb-muted'>({source_link(a.source_url, a.source_publisher)})</span>{check_mark(a)}</li>"
        )
    return "<ul class='pb-accounts'>" + "".join(items) + "</ul>"


def provisions_html(
    provisions: pd.DataFrame, options: pd.DataFrame, issues: pd.DataFrame, text_code: str, caption: str | None = None
) -> str:
    """A text's provisions in order: point, the book's paraphrase, the issue and option it codes to, the source."""
    option_label = dict(zip(options["option_id"], options["label"]))
    issue_title = dict(zip(issues["issue_id"], issues["title"]))
    rows = []
    for p in provisions[provisions["text_code"] == text_code].sort_values("order").itertuples(index=False):
        coding = ""
        if isinstance(p.issue_id, str):
            coding = escape(f"{p.issue_id} {issue_title[p.issue_id]}")
            if isinstance(p.option_id, str):
                coding += "<br>" + escape(f"{p.option_id} {option_label[p.option_id]}")
        rows.append(
            f"<tr><th scope='row'>{escape(p.point_ref)}</th><td>{escape(p.paraphrase)}</td><td>{coding}</td>"
            f"<td>{source_link(p.source_url, p.source_publisher)}{check_mark(p)}</td></tr>"
        )
    caption_html = table_caption(caption)
    return (
        "<table class='pb-table'>"
        + caption_html
        + "<thead><tr><th scope='col'>Point</th><th scope='col'>What it says</th>"
        "<th scope='col'>Issue and option</th><th scope='col'>Source</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def recurrences_html(recurrences: pd.DataFrame, caption: str | None = None) -> str:
    """Options first taken in some texts, and the later texts that take them again."""
    rows = "".join(
        f"<tr><td>{escape(r.issue_id)} {escape(r.issue)}</td><td>{escape(r.option_id)} {escape(r.option)}</td>"
        f"<td>{escape(r.first_in)}</td><td>{escape(r.later_texts) or '<span class=pb-muted>none in the data</span>'}</td></tr>"
        for r in recurrences.itertuples(index=False)
    )
    caption_html = table_caption(caption)
    return (
        "<table class='pb-table'>" + caption_html + "<thead><tr><th scope='col'>Issue</th><th scope='col'>Option</th>"
        "<th scope='col'>First in</th><th scope='col'>Taken again in</th></tr></thead><tbody>"
        + rows
        + "</tbody></table>"
    )


def frame_html(frame: pd.DataFrame, caption: str | None = None) -> str:
    """Any small DataFrame as an accessible, escaped HTML table (empty cells shown as a dash)."""
    head = "".join(f"<th scope='col'>{escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(v)) if str(v) else '—'}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    caption_html = table_caption(caption)
    return f"<table class='pb-table'>{caption_html}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def positions_html(positions: pd.DataFrame, issues: pd.DataFrame, options: pd.DataFrame) -> str:
    """Positions as a table: issue, party, stance on which option, what was said, who, when, evidence, source. A
    `note` column, where the frame has one (party_record.record_rows), is shown under the stance."""
    issue_title = dict(zip(issues["issue_id"], issues["title"]))
    option_label = dict(zip(options["option_id"], options["label"]))
    rows = []
    for p in positions.itertuples(index=False):
        option = (
            f"{p.option_id} {option_label[p.option_id]}" if isinstance(p.option_id, str) else "(the issue as a whole)"
        )
        quote = f" <q>{escape(p.quote)}</q>" if isinstance(p.quote, str) and p.quote else ""
        note = getattr(p, "note", "")
        note = f"<br><em class='pb-note'>{escape(note)}</em>" if isinstance(note, str) and note else ""
        rows.append(
            f"<tr><td>{escape(p.issue_id)} {escape(issue_title[p.issue_id])}</td><td>{escape(p.party)}</td>"
            f"<td>{escape(p.stance.replace('_', ' '))}: {escape(option)}{note}</td><td>{escape(p.summary)}{quote}</td>"
            f"<td>{escape(p.speaker)}, {escape(short_date(p.date))}</td><td>{escape(p.evidence.replace('_', ' '))}</td>"
            f"<td>{source_link(p.source_url, p.source_publisher)}{check_mark(p)}</td></tr>"
        )
    return (
        "<table class='pb-table'><thead><tr><th scope='col'>Issue</th><th scope='col'>Party</th><th scope='col'>Stance</th>"
        "<th scope='col'>On the record</th><th scope='col'>Who, when</th><th scope='col'>Evidence</th>"
        "<th scope='col'>Source</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def legal_limits_html(
    limits: pd.DataFrame, rules: pd.DataFrame, options: pd.DataFrame, positions: pd.DataFrame, parties: list[str]
) -> str:
    """Each party's own legal limits side by side (parties in `parties` order): the law, what it bars, the
    workshop flag that raises it, and the party's officials who have cited it as binding, each with a source."""
    rule_title = dict(zip(rules["rule_id"], rules["title"]))
    option_label = dict(zip(options["option_id"], options["label"]))
    statements = positions.set_index("position_id")
    rank = {party: i for i, party in enumerate(parties)}
    rows = []
    # each party's limits in the order of the issues they bar (territory first)
    for limit in sorted(
        limits.itertuples(index=False), key=lambda r: (rank.get(r.party, len(rank)), min(split_list(r.options)))
    ):
        barred = "".join(f"<li>{escape(o)} {escape(option_label[o])}</li>" for o in split_list(limit.options))
        cited = [
            f"<li>{escape(statements.loc[p, 'speaker'])}, {escape(short_date(statements.loc[p, 'date']))} "
            f"({source_link(statements.loc[p, 'source_url'], statements.loc[p, 'source_publisher'])})</li>"
            for p in split_list(limit.cited_by)
        ]
        rows.append(
            f"<tr><td>{escape(limit.party)}</td>"
            f"<td><strong>{escape(limit.law)}</strong><br>{escape(limit.summary)} "
            f"<span class='pb-muted'>({source_link(limit.source_url, limit.source_publisher)})</span></td>"
            f"<td><ul>{barred}</ul>Flag: {escape(limit.check)} {escape(rule_title[limit.check])}</td>"
            f"<td>{'<ul>' + ''.join(cited) + '</ul>' if cited else '—'}</td></tr>"
        )
    # four columns, so that the law's text keeps a readable width in the book's text column
    return (
        "<table class='pb-table pb-legal-limits'>"
        + table_caption("Each party's own legal limits, the options they bar, and the flag that raises each")
        + "<thead><tr><th scope='col'>Party</th><th scope='col'>The law, and its source</th>"
        "<th scope='col'>Bars, unless the law changes</th><th scope='col'>Cited as binding by</th></tr></thead>"
        "<tbody>" + "".join(rows) + "</tbody></table>"
    )


def as_of_banner(checked, proposal, latest_event, texts: pd.DataFrame) -> str:
    """The unmistakable 'as of' notice for a chapter on current events, from the data alone."""
    signed = texts[
        (texts["moment"] == "current")
        & (texts["status"] == "signed")
        & texts["parties"].map(lambda p: {"Russia", "Ukraine"} <= set(split_list(p)))
    ]
    agreements = (
        "the book's data holds no agreement of this period signed by both Russia and Ukraine"
        if signed.empty
        else "agreements signed by both Russia and Ukraine in this period: "
        + "; ".join(escape(f"{r.title} ({short_date(r.date)})") for r in signed.itertuples())
    )
    latest = pd.Timestamp(latest_event.date).date()
    return (
        "<div class='admonition important pb-as-of'><p class='admonition-title'>As of "
        f"{checked.day} {checked:%B %Y} (data checked) · latest event covered: {latest.day} {latest:%B %Y}</p>"
        f"<p>The book's data was last checked against its sources on {checked.day} {checked:%B %Y}; the latest "
        f"event it covers is dated {latest.day} {latest:%B %Y}, {escape(as_of_gap(checked, latest))} earlier. "
        f"The proposal on the table in the book's data is the <strong>{escape(proposal.title)}</strong> "
        f"({escape(short_date(proposal.date))}; status: {escape(book_vocabularies().text_statuses.label(proposal.status))}). The latest event "
        f"in the book's data is <em>{escape(latest_event.title)}</em> ({escape(short_date(latest_event.date))}); "
        f"anything after that is not yet covered. So far, {agreements}.</p></div>"
    )


def coverage_note_html(events: pd.DataFrame, checked_on) -> str:
    """The timeline's note: how far it reaches, its latest event and when its sources were last checked."""
    latest = events.sort_values("date").iloc[-1]
    last = latest["date"].date()
    return escaped_format(
        "<p><strong>As of {checked.day} {checked:%B %Y}</strong> (when the book’s data was last checked against "
        "its sources), the timeline holds <strong>{count} events</strong> from {first} to "
        "<strong>{last.day} {last:%B %Y}</strong>, the latest event the book’s data records: <em>{title}</em>. "
        "Mind the gap: that event is {gap} older than the check, and nothing after it is in the book yet.</p>",
        checked=checked_on,
        count=len(events),
        first=year_span(events)[0],
        last=last,
        title=latest["title"],
        gap=as_of_gap(checked_on, last),
    )


def point_by_point_html(
    points: pd.DataFrame, texts: pd.DataFrame, text_codes: list[str], caption: str | None = None
) -> str:
    """Texts side by side, issue by issue (rows from current.point_by_point): one column per text, each
    cell listing that text's points on the issue, in the book's words, each with its own source."""
    meta = texts.set_index("text_code")
    head = "".join(
        f'<th scope="col">{escape(str(meta.loc[code, "short_title"]))}<br>'
        f'<span class="pb-muted">{escape(str(meta.loc[code, "status"]).replace("_", " "))}, '
        f"{escape(short_date(meta.loc[code, 'date']))}</span></th>"
        for code in text_codes
    )
    rows = []
    for issue, group in points.groupby("issue", sort=False):
        cells = []
        for code in text_codes:
            mine = group[group["text_code"] == code]
            if mine.empty:
                cells.append('<td><span class="pb-muted">No point on this issue</span></td>')
                continue
            items = "".join(
                f'<li><span class="pb-muted">Point {escape(str(p.point_ref))}:</span> {escape(str(p.paraphrase))}'
                + (f" <em>({escape(str(p.option))})</em>" if p.option else "")
                + f" ({source_link(p.source_url, p.source_publisher)}){check_mark(p)}</li>"
                for p in mine.itertuples(index=False)
            )
            cells.append(f"<td><ul>{items}</ul></td>")
        rows.append(f'<tr><th scope="row">{escape(str(issue))}</th>{"".join(cells)}</tr>')
    caption_html = table_caption(caption)
    return (
        '<table class="pb-table pb-point-by-point">'
        + caption_html
        + f'<thead><tr><th scope="col">Issue</th>{head}</tr></thead>'
        "<tbody>" + "".join(rows) + "</tbody></table>"
    )


def debate_html(debate: pd.DataFrame) -> str:
    """The case and the counter-case as two escaped HTML tables, each argument with its authors, date,
    the book's paraphrase, their own words (quoted) and a link to the source. Data is hostile text: escaped."""
    parts = []
    for heading, side in zip(("The case", "The counter-case"), compare.debate_sides(debate)):
        rows = "".join(
            f"<tr><td>{escape(a.author)}<br><span class='pb-muted'>{escape(a.school)}</span></td>"
            f"<td>{escape(f'{a.date:%d %b %Y}')}</td><td><em>{escape(a.title)}</em>. {escape(a.claim)}"
            + (f" <q>{escape(a.quote)}</q>" if isinstance(a.quote, str) and a.quote else "")
            + f"</td><td>{source_link(a.source_url, a.source_publisher)}{check_mark(a)}</td></tr>"
            for a in side.itertuples(index=False)
        )
        parts.append(
            f"<table class='pb-table'><caption>{escape(heading)}, in its authors' own terms</caption>"
            "<thead><tr><th scope='col'>Who</th><th scope='col'>When</th><th scope='col'>Argument</th>"
            f"<th scope='col'>Source</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    return "".join(parts)


def rubric_html(levels: pd.DataFrame, mechanisms: pd.DataFrame, assessments: pd.DataFrame, texts: pd.DataFrame) -> str:
    """The scoring rule beside the scores, one collapsible section per mechanism: what earns 0, 1, 2 and 3
    (with an example from the book's texts), then every scored text at the level it meets, with the reason
    and the provisions it rests on. All text is escaped."""
    shown = compare.assessments_with_levels(assessments, levels, texts, mechanisms)
    parts = []
    for mechanism in mechanisms.sort_values("order").itertuples():
        rule = levels[levels["mechanism_id"] == mechanism.mechanism_id].sort_values("level")
        rule_table = pd.DataFrame(
            {
                "Level": [f"{r.level} {r.label}" for r in rule.itertuples()],
                "What earns it": rule["criterion"].tolist(),
                "Example": [
                    f"{r.example_text}: {r.example}"
                    if isinstance(r.example_text, str) and r.example_text
                    else r.example
                    for r in rule.itertuples()
                ],
            }
        )
        scored = shown[shown["mechanism_id"] == mechanism.mechanism_id]
        scored_table = pd.DataFrame(
            {
                "Text": [f"{r.text} ({r.text_code})" for r in scored.itertuples()],
                "Level met": scored["level"].tolist(),
                "The book's reason": scored["justification"].tolist(),
                "Provisions": scored["basis"].str.replace(";", "; ").tolist(),
            }
        )
        parts.append(
            f"<details class='pb-rubric'><summary>{escape(mechanism.mechanism_id)} {escape(mechanism.name)}</summary>"
            + frame_html(rule_table, caption=f"{mechanism.mechanism_id}: what earns each score")
            + frame_html(scored_table, caption=f"{mechanism.mechanism_id}: the texts, by the level they meet")
            + "</details>"
        )
    return "".join(parts)
