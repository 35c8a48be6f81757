"""A settlement file's fields read into a draft (peacebook.files.submission parses and migrates the file first).

Each field is checked: text is text and not too long, options, priorities and ratings are what the book allows.
A malformed field raises SubmissionError with a message a student can act on. What this version of the book
cannot place (an issue, an option, a flag, a mechanism or a role it does not know) is kept aside with a
warning, and written back on the next export.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field

from ..model.settlement import Catalogue, Choice, Draft, Rating, now

MAX_TEXT = 20_000  # characters in any one free-text field


class SubmissionError(ValueError):
    """A settlement file that cannot be imported; the message says why and what to do."""


@dataclass
class ImportResult:
    draft: Draft
    warnings: list[str] = field(default_factory=list)
    migrated_from: int | None = None

    @property
    def edited(self) -> bool:
        return self.draft.edited_after_export


def _text(value, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SubmissionError(f"{where} should be text, but the file has {type(value).__name__}")
    if len(value) > MAX_TEXT:
        raise SubmissionError(f"{where} is {len(value):,} characters long; at most {MAX_TEXT:,} are allowed")
    return value


def one_line(text: str) -> str:
    """A name that is shown on one line (a role-play table's): every control character, line break and
    direction override becomes a space and runs of spaces one, so no name can rewrite or reorder the line it is
    printed on.

    >>> one_line("Table 1\\r3 briefs and 0 mediator file(s)  at\\u202e 2 tables ")
    'Table 1 3 briefs and 0 mediator file(s) at 2 tables'
    """
    spaced = "".join(" " if unicodedata.category(c) in ("Cc", "Cf") and c not in "\u200c\u200d" else c for c in text)
    return " ".join(spaced.split())  # split() also breaks at the line and paragraph separators (U+2028, U+2029)


def to_draft(payload: dict, catalogue: Catalogue) -> ImportResult:
    """A settlement file's content (parsed, and migrated to the current format) as a draft, with a warning for
    each part kept aside; SubmissionError if a field is malformed."""
    warnings: list[str] = []
    unrecognised = payload.get("unrecognised") or {}
    if not isinstance(unrecognised, dict):
        raise SubmissionError("The file's 'unrecognised' section is malformed.")
    unrecognised = json.loads(json.dumps(unrecognised))  # a plain copy

    def keep_aside(section: str, key: str | None, value, message: str) -> None:
        """Keep what this version cannot place, to write it back on the next export, and say so."""
        if key is None:
            unrecognised[section] = value
        else:
            unrecognised.setdefault(section, {})[key] = value
        warnings.append(message)

    draft = Draft(
        student=_text(payload.get("student"), "The student name"),
        title=_text(payload.get("title"), "The title"),
        table=one_line(_text(payload.get("table"), "The table")),
        fallback=_text(payload.get("fallback"), "The fallback"),
        created=_text(payload.get("created"), "'created'") or now(),
        modified=_text(payload.get("modified"), "'modified'") or now(),
    )
    started = payload.get("started_from")
    draft.started_from = started if isinstance(started, str) and started in catalogue.text_options else None
    role = payload.get("role")
    if role in catalogue.vocab.roles:
        draft.role = role
    elif role is not None:
        keep_aside(
            "role",
            None,
            role,
            f"The role-play role {str(role)[:60]!r} is not one this book knows "
            f"({', '.join(catalogue.vocab.roles)}); choose your role again. Everything else in the file was read.",
        )

    choices = payload.get("choices") or {}
    if not isinstance(choices, dict):
        raise SubmissionError("The file's 'choices' section is malformed.")
    for issue_id, entry in choices.items():
        if not isinstance(entry, dict):
            raise SubmissionError(f"The choice for issue {issue_id!r} is malformed.")
        choice = Choice(
            option_id=entry.get("option_id") or None,
            custom_text=_text(entry.get("custom_text"), f"The custom option for {issue_id}"),
            justification=_text(entry.get("justification"), f"The justification for {issue_id}"),
        )
        if choice.option_id is not None and not isinstance(choice.option_id, str):
            raise SubmissionError(f"The option for issue {issue_id!r} is malformed.")
        acceptable = entry.get("acceptable") or []
        if not isinstance(acceptable, list) or not all(isinstance(o, str) for o in acceptable):
            raise SubmissionError(f"The acceptable options for issue {issue_id!r} are malformed.")
        weight = entry.get("weight")
        if weight is not None and (
            not isinstance(weight, int) or isinstance(weight, bool) or weight not in catalogue.vocab.priority_scale
        ):
            raise SubmissionError(
                f"The priority of issue {issue_id!r} is {str(weight)[:20]!r}; priorities are whole "
                f"numbers from 0 to {max(catalogue.vocab.priority_scale)}."
            )
        choice.weight = weight
        if issue_id not in catalogue.issue_title:
            keep_aside(
                "choices",
                issue_id,
                entry,
                f"Issue {issue_id!r} is not in this version of the book; your entry "
                "for it is kept aside and will be exported again, but it is not shown.",
            )
            continue
        known = [o for o in dict.fromkeys(acceptable) if catalogue.option_issue.get(o) == issue_id]
        if len(known) < len(set(acceptable)):
            keep_aside(
                "acceptable",
                issue_id,
                [o for o in acceptable if o not in known],
                f"Some options you marked "
                f"acceptable for {issue_id} are not options of that issue in this version of the book; they are "
                "kept aside and will be exported again.",
            )
        choice.acceptable = tuple(known)
        if choice.option_id and catalogue.option_issue.get(choice.option_id) != issue_id:
            keep_aside(
                "choices",
                issue_id,
                entry,
                f"Option {choice.option_id!r} for {issue_id} "
                f"({catalogue.issue_title[issue_id]}) is not in this version of the book. The issue is left open "
                "for you to choose again; your justification is kept.",
            )
            choice = Choice(
                custom_text=choice.custom_text,
                justification=choice.justification,
                acceptable=choice.acceptable,
                weight=choice.weight,
            )
        draft.choices[issue_id] = choice

    acknowledged = payload.get("acknowledged") or {}
    if not isinstance(acknowledged, dict):
        raise SubmissionError("The file's 'acknowledged' section is malformed.")
    rule_ids = set(catalogue.rules_table["rule_id"])
    for rule_id, reason in acknowledged.items():
        reason = _text(reason, f"Your reason for keeping flag {rule_id}")
        if rule_id in rule_ids:
            draft.acknowledged[rule_id] = reason
        else:
            keep_aside(
                "acknowledged",
                rule_id,
                reason,
                f"Flag {rule_id!r} is not in this version of the book; your reason is kept aside.",
            )

    ratings = payload.get("ratings") or {}
    if not isinstance(ratings, dict):
        raise SubmissionError("The file's 'ratings' section is malformed.")
    for mechanism_id, entry in ratings.items():
        if not isinstance(entry, dict):
            raise SubmissionError(f"The rating of {mechanism_id!r} is malformed.")
        score = entry.get("score")
        if score is not None and (
            not isinstance(score, int) or isinstance(score, bool) or score not in catalogue.vocab.mechanism_scale
        ):
            raise SubmissionError(
                f"The rating of {mechanism_id!r} is {score!r}; ratings are whole numbers from 0 to 3."
            )
        rating = Rating(score=score, reason=_text(entry.get("reason"), f"Your reason for rating {mechanism_id}"))
        if mechanism_id in catalogue.mechanism_ids:
            draft.ratings[mechanism_id] = rating
        else:
            keep_aside(
                "ratings",
                mechanism_id,
                entry,
                f"Mechanism {mechanism_id!r} is not in this version of the book; your rating is kept aside.",
            )
    draft.unrecognised = unrecognised
    return ImportResult(draft=draft, warnings=warnings)
