"""What the workshop in the browser (the published page, no kernel) needs from the book, as one JSON document
written at build time by `_ext/workshop_data.py` and read by `_ext/static/workshop.js`.

Everything in it is taken from the model (`Catalogue`) and the file format (`submission`): the rules with their
conditions, each party's red lines on record, the texts' coded options, the vocabularies and the settlement
file's format and version. The script evaluates the same conditions on the same tables, so no rule is written
twice by hand; tests/test_browser_workshop.py checks that the browser's feedback equals the model's on
hundreds of random drafts.
"""

from __future__ import annotations

import json

import pandas as pd

from ..data import cells
from .. import data
from ..data.checks import MARKS, VERDICT_COLUMN
from ..model.settlement import EDITED_MARK, Catalogue
from .submission import FORMAT, MAX_BYTES, VERSION
from .submission_fields import MAX_TEXT
from ..data.vocabulary import MEDIATOR


def _text(value) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _source(url, publisher) -> dict:
    """A source as the script shows it: the address only when it is http(s) (cells.is_web_url, the one scheme
    check), so the script never makes any other address a link."""
    url = _text(url)
    return {"url": url if url and cells.is_web_url(url) else None, "publisher": _text(publisher)}


def _check(verdict) -> str | None:
    """A second reader's verdict that is marked beside a source (see `check_marks`), or None."""
    return verdict if isinstance(verdict, str) and verdict in MARKS else None


def _stance(catalogue: Catalogue, record) -> dict:
    return {
        "party": record.party,
        "option_id": record.option_id,
        "stance": catalogue.vocab.stances[record.stance].marked_label,
        "rejected": record.stance == "rejected",
        "evidence": catalogue.vocab.evidence.label(record.evidence),
        "date": record.date,
        "speaker": record.speaker,
        "summary": record.summary,
        "source": _source(record.source_url, record.source_publisher),
        "check": _check(record.check_verdict),
    }


def workshop_data(catalogue: Catalogue, levels: pd.DataFrame | None = None) -> dict:
    """The tables the browser's workshop reads, in the model's own orders; `levels` is the durability
    mechanisms' levels table (read from data/ when not given)."""
    vocab = catalogue.vocab
    options = catalogue.options
    rules = []
    for rule in catalogue.rules:
        row = rule.row
        rules.append(
            {
                "id": row.rule_id,
                "kind": row.kind,
                "kind_label": "Minsk failure mode" if row.kind == "minsk_failure" else "Consistency",
                "title": row.title,
                "reasoning": row.reasoning,
                "basis": data.split_list(row.texts) + data.split_list(row.references),
                "source": _source(row.source_url, row.source_publisher),
                "check": _check(getattr(row, VERDICT_COLUMN, None)),
                # The condition, exactly as settlement.Rule reads it (sorted, so the file is stable).
                "if_any": sorted(rule.if_any),
                "and_any": sorted(rule.and_any),
                "and_none": sorted(rule.and_none),
                "and_silent": sorted(rule.and_silent),
            }
        )
    if levels is None:
        levels = data.load_table("levels")
    mechanisms = []
    for m in catalogue.mechanisms.itertuples():
        own = levels[levels["mechanism_id"] == m.mechanism_id].sort_values("level")
        mechanisms.append(
            {
                "id": m.mechanism_id,
                "name": m.name,
                "question": m.question,
                "evidence_strength": m.evidence_strength,
                "levels": [
                    {"level": int(level.level), "label": level.label, "criterion": level.criterion}
                    for level in own.itertuples()
                ],
            }
        )
    startable = catalogue.startable_texts()
    short_titles = dict(zip(catalogue.texts["text_code"], catalogue.texts["short_title"]))
    return {
        "format": FORMAT,
        "version": VERSION,
        "book_data_as_of": data.as_of().isoformat(),
        "edited_mark": EDITED_MARK,
        # What each marked verdict shows beside a source: its label and, on hover, what it means (peacebook.data.checks).
        "check_marks": {verdict: {"label": label, "meaning": meaning} for verdict, (label, meaning) in MARKS.items()},
        "max_text": MAX_TEXT,
        "max_bytes": MAX_BYTES,
        "parties": list(catalogue.parties),
        "mediator": MEDIATOR,
        "roles": list(vocab.roles),
        "priority_scale": [[value, label] for value, label in vocab.priority_scale.items()],
        "mechanism_scale": [[value, label] for value, label in vocab.mechanism_scale.items()],
        "groups": [{"code": g.code, "label": g.label} for g in vocab.issue_groups],
        "issues": [
            {"id": i.issue_id, "title": i.title, "group": i.group, "question": i.question, "spectrum": i.spectrum}
            for i in catalogue.issues.itertuples()
        ],
        "options": [
            {
                "id": o.option_id,
                "issue": o.issue_id,
                "order": int(o.order),
                "label": o.label,
                "description": o.description,
            }
            for o in options.itertuples()
        ],
        "rules": rules,
        # Every party's latest stance that rejects an option, ordered as Catalogue.red_lines lists them.
        "red_lines": [_stance(catalogue, r) for r in sorted(catalogue.red_line_records(), key=lambda r: r.option_id)],
        "stances": {
            option_id: [_stance(catalogue, r) for r in catalogue.stances_for(option_id)]
            for option_id in options["option_id"]
            if catalogue.stances_for(option_id)
        },
        "texts": [
            {"code": code, "short_title": short_titles.get(code), "options": per_issue}
            for code, per_issue in catalogue.text_options.items()
        ],
        "startable": [{"code": t.text_code, "label": t.label} for t in startable.itertuples()],
        "mechanisms": mechanisms,
    }


def workshop_data_json(catalogue: Catalogue) -> str:
    """workshop_data as compact JSON, with <, > and & escaped so that it is safe inside any page or script."""
    text = json.dumps(workshop_data(catalogue), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
