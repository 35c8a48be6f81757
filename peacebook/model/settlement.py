"""The settlement model: a student's draft, and what the record says about it.

A draft takes, for each issue of the taxonomy, one option, a custom option in the student's words, or
nothing (silent), with a justification. Feedback on a draft is computed only from the data tables:
the stances each party has taken on record on the chosen options, the red lines the draft crosses
(a party's latest recorded stance on a chosen option is 'rejected'), the consistency rules and Minsk
failure modes it trips, and how closely it matches each text. No score is invented.
This module knows nothing of widgets.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pandas as pd

from .. import data
from ..data.checks import VERDICT_COLUMN
from ..data.vocabulary import Vocabularies

# Role-play: a student may chair the talks instead of playing a party (the instructor decides whether the United
# States plays a party or the mediator, as it brokered the 2025-26 talks). A mediator's file is a single
# negotiating text, never a party's range. The parties and the scales are vocabularies read from data/.
# Shown wherever a draft read from a file whose checksum did not match appears (peacebook.files.submission).
EDITED_MARK = "edited after export (the checksum does not match)"


def now() -> str:
    """The current time as an ISO 8601 string in UTC, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class Choice:
    """What a draft says on one issue: an option, a custom text, or nothing (both empty: silent)."""

    option_id: str | None = None
    custom_text: str = ""
    justification: str = ""
    # Role-play only: the options of this issue the student's assigned party could live with (its
    # reservation range, as the student assumes it); the chosen option is then the opening position.
    acceptable: tuple[str, ...] = ()
    # Role-play only: how much this issue matters to the party, 0-5 (the priority scale), as the student sets and
    # justifies it; None when not stated.
    weight: int | None = None

    @property
    def kind(self) -> str:
        if self.option_id:
            return "option"
        return "custom" if self.custom_text.strip() else "silent"


@dataclass
class Rating:
    """A student's 0-3 rating of one durability mechanism, with the reason."""

    score: int | None = None
    reason: str = ""


@dataclass
class Draft:
    """A student's settlement. `unrecognised` keeps entries from an imported file that this version of
    the data does not know (an issue or mechanism removed since), so nothing is lost on re-export."""

    choices: dict[str, Choice] = field(default_factory=dict)
    acknowledged: dict[str, str] = field(default_factory=dict)  # rule id -> why the student keeps it
    ratings: dict[str, Rating] = field(default_factory=dict)
    student: str = ""
    title: str = ""
    started_from: str | None = None  # a text code, or None for a blank draft
    role: str | None = (
        None  # role-play: the party (one of the catalogue's parties) the student negotiates for, or MEDIATOR
    )
    table: str = ""  # role-play: the negotiating table (group) the student sits at, as the instructor names it
    fallback: str = ""  # role-play: the party's best alternative to a negotiated agreement, in the student's words
    # The draft came from a file whose checksum did not match (changed after export); the mark is kept on
    # every later export so the instructor sees it (see peacebook.files.submission).
    edited_after_export: bool = False
    created: str = field(default_factory=now)
    modified: str = field(default_factory=now)
    unrecognised: dict = field(default_factory=dict)

    def choice(self, issue_id: str) -> Choice:
        return self.choices.get(issue_id) or Choice()

    def chosen_options(self) -> set[str]:
        return {c.option_id for c in self.choices.values() if c.option_id}

    def silent_issues(self, issue_ids) -> set[str]:
        return {i for i in issue_ids if self.choice(i).kind == "silent"}


@dataclass(frozen=True)
class Stance:
    """One recorded position shown as feedback."""

    party: str
    option_id: str
    stance: str
    evidence: str
    date: str
    speaker: str
    summary: str
    source_url: str
    source_publisher: str
    position_id: str
    check_verdict: str | None = None  # what a second reader found (peacebook.data.checks), shown beside the source


@dataclass(frozen=True)
class Rule:
    """A consistency rule or a Minsk failure mode (data/rules.csv), with its condition on a draft's options.

    A draft trips the rule when it takes one of `if_any` (if given), one of `and_any` (if given), none of
    `and_none`, and is silent on every issue in `and_silent`. A rule with no condition at all is a question
    asked of every draft, never tripped.
    """

    row: tuple  # the rules table's row, for its title, reasoning and sources
    if_any: frozenset[str]
    and_any: frozenset[str]
    and_none: frozenset[str]
    and_silent: frozenset[str]

    @classmethod
    def from_row(cls, row) -> "Rule":
        return cls(
            row,
            *(
                frozenset(data.split_list(getattr(row, name)))
                for name in ("if_any", "and_any", "and_none", "and_silent")
            ),
        )

    @property
    def is_question(self) -> bool:
        """An unconditional failure mode: asked of every draft, never tripped."""
        return not (self.if_any or self.and_any or self.and_none or self.and_silent)

    def trips(self, chosen: set[str], silent: set[str]) -> bool:
        return (
            not self.is_question
            and (not self.if_any or bool(self.if_any & chosen))
            and (not self.and_any or bool(self.and_any & chosen))
            and not (self.and_none & chosen)
            and self.and_silent <= silent
        )


@dataclass(frozen=True)
class TrippedRule:
    rule_id: str
    kind: str
    title: str
    reasoning: str
    texts: tuple[str, ...]
    references: tuple[str, ...]
    source_url: str | None
    source_publisher: str | None
    acknowledged: str | None  # the student's reason for keeping the flagged choice, if given
    check_verdict: str | None = None  # what a second reader found (peacebook.data.checks), shown beside the source


@dataclass(frozen=True)
class Feedback:
    stances: dict[str, list[Stance]]  # option id -> stances on record, latest first
    red_lines: dict[str, list[Stance]]  # party -> the rejected options the draft contains
    tripped: list[TrippedRule]  # rules whose condition the draft meets
    questions: list[TrippedRule]  # failure modes with no condition: always asked
    resemblance: pd.DataFrame  # text_code, short_title, matches, comparable, share

    def red_line_counts(self) -> dict[str, int]:
        return {party: len(records) for party, records in self.red_lines.items()}


class Catalogue:
    """The data tables the model reads, indexed once for fast feedback."""

    def __init__(self, tables: dict[str, pd.DataFrame]):
        self.vocab = Vocabularies.from_tables(tables)
        self.parties = self.vocab.parties
        self.issues = tables["issues"].sort_values("order").reset_index(drop=True)
        self.options = tables["options"].sort_values(["issue_id", "order"]).reset_index(drop=True)
        self.texts = tables["texts"]
        self.rules_table = tables["rules"].sort_values("order").reset_index(drop=True)
        self.mechanisms = tables["mechanisms"].sort_values("order").reset_index(drop=True)
        self.provisions = tables["provisions"]
        self.issue_ids = list(self.issues["issue_id"])
        self.option_issue = dict(zip(self.options["option_id"], self.options["issue_id"]))
        self.option_label = dict(zip(self.options["option_id"], self.options["label"]))
        self.issue_title = dict(zip(self.issues["issue_id"], self.issues["title"]))
        self.mechanism_ids = list(self.mechanisms["mechanism_id"])
        self._stances = self._index_stances(tables["positions"])
        self._latest = self._index_latest(self._stances)
        self.rules = [Rule.from_row(row) for row in self.rules_table.itertuples()]
        self.text_options = self._index_text_options(self.provisions)
        self._short_titles = dict(zip(self.texts["text_code"], self.texts["short_title"]))

    @classmethod
    def load(cls, data_dir=data.DATA_DIR) -> "Catalogue":
        return cls(data.load_tables(data_dir))

    @staticmethod
    def _index_stances(positions: pd.DataFrame) -> dict[str, list[Stance]]:
        by_option: dict[str, list[Stance]] = defaultdict(list)
        # An independent finding is never a party's stance (the schema keeps it out of positions; this is a guard).
        stated = positions[positions["evidence"] != "independent_finding"]
        for row in stated.dropna(subset=["option_id"]).sort_values("date", ascending=False).itertuples():
            by_option[row.option_id].append(
                Stance(
                    party=row.party,
                    option_id=row.option_id,
                    stance=row.stance,
                    evidence=row.evidence,
                    date=row.date.strftime("%Y-%m-%d"),
                    speaker=row.speaker,
                    summary=row.summary,
                    source_url=row.source_url,
                    source_publisher=row.source_publisher,
                    position_id=row.position_id,
                    check_verdict=getattr(row, VERDICT_COLUMN, None),
                )
            )
        return dict(by_option)

    @staticmethod
    def _index_latest(stances: dict[str, list[Stance]]) -> dict[tuple[str, str], Stance]:
        """Each party's latest recorded stance on each option: the one that counts for red lines."""
        latest = {}
        for option_id, records in stances.items():
            for record in records:  # latest first
                latest.setdefault((record.party, option_id), record)
        return latest

    def _index_text_options(self, provisions: pd.DataFrame) -> dict[str, dict[str, str]]:
        """For each text, the option it takes on each issue it codes (the most frequent, then the first)."""
        result: dict[str, dict[str, str]] = {}
        coded = provisions.dropna(subset=["option_id"]).sort_values(["text_code", "order"])
        for text_code, rows in coded.groupby("text_code", sort=False):
            per_issue: dict[str, str] = {}
            for issue_id, issue_rows in rows.groupby("issue_id", sort=False):
                counts = Counter(issue_rows["option_id"])
                best = max(counts.values())
                per_issue[issue_id] = next(o for o in issue_rows["option_id"] if counts[o] == best)
            result[text_code] = per_issue
        return result

    # --- drafts --------------------------------------------------------------------------------

    def blank_draft(self, **metadata) -> Draft:
        return Draft(**metadata)

    def draft_from_text(self, text_code: str, **metadata) -> Draft:
        """A draft holding, on each issue, the option the text takes (silent where it takes none)."""
        if text_code not in self.text_options:
            known = ", ".join(sorted(self.text_options))
            raise KeyError(f"no coded provisions for text {text_code!r}; texts you can start from: {known}")
        choices = {issue: Choice(option_id=option) for issue, option in self.text_options[text_code].items()}
        return Draft(choices=choices, started_from=text_code, **metadata)

    def startable_texts(self) -> pd.DataFrame:
        """Texts with coded provisions, oldest first, with how many issues each covers. `analyst` is True for
        a package that is not a party's text (an analyst's package, or an expert proposal a party endorsed;
        text_statuses.csv): its short title says so (data/texts.csv), and its `label` for the start-from list
        adds what it is, in its status's own words, which say that it is not a party's text."""
        counts = {code: len(options) for code, options in self.text_options.items()}
        texts = self.texts[self.texts["text_code"].isin(counts)].sort_values("date")
        analyst = self.vocab.is_analyst_package(texts)
        labels = [
            (title if re.search(r"\d{4}", title) else f"{title} ({date:%b %Y})")
            + (f" – {self.vocab.text_statuses.label(status)}" if is_analyst else "")
            for title, date, status, is_analyst in zip(texts["short_title"], texts["date"], texts["status"], analyst)
        ]
        return texts.assign(issues_coded=texts["text_code"].map(counts), analyst=analyst, label=labels)

    def role_problems(self, draft: Draft) -> list[str]:
        """What a role-play brief still lacks or contradicts (empty when not role-playing)."""
        if not draft.role:
            return []
        problems = []
        for issue_id in self.issue_ids:
            choice = draft.choice(issue_id)
            title = f"{issue_id} {self.issue_title[issue_id]}"
            if choice.option_id and choice.acceptable and choice.option_id not in choice.acceptable:
                problems.append(f"{title}: your opening position is not among the options you marked acceptable.")
            if choice.option_id and not choice.acceptable:
                problems.append(f"{title}: you open with an option but marked nothing as acceptable.")
        return problems

    def check_choice(self, issue_id: str, option_id: str | None) -> None:
        """Raise ValueError with a clear message unless `option_id` is an option of `issue_id`."""
        if issue_id not in self.issue_title:
            raise ValueError(f"unknown issue {issue_id!r}")
        if option_id is not None and self.option_issue.get(option_id) != issue_id:
            raise ValueError(f"{option_id!r} is not an option of issue {issue_id} ({self.issue_title[issue_id]})")

    # --- feedback ------------------------------------------------------------------------------

    def stances_for(self, option_id: str) -> list[Stance]:
        return self._stances.get(option_id, [])

    def latest_stances(self) -> list[Stance]:
        """Every party's latest recorded stance on every option it has spoken to."""
        return list(self._latest.values())

    def red_line_records(self) -> list[Stance]:
        """Every party's latest recorded stance that rejects an option: its red lines on the record."""
        return [record for record in self._latest.values() if record.stance == "rejected"]

    def red_lines(self, draft: Draft) -> dict[str, list[Stance]]:
        crossed: dict[str, list[Stance]] = {party: [] for party in self.parties}
        chosen = draft.chosen_options()
        for record in sorted(self.red_line_records(), key=lambda r: r.option_id):
            if record.option_id in chosen:
                crossed[record.party].append(record)
        return crossed

    @staticmethod
    def _as_tripped(rule: Rule, draft: Draft) -> TrippedRule:
        row = rule.row
        return TrippedRule(
            rule_id=row.rule_id,
            kind=row.kind,
            title=row.title,
            reasoning=row.reasoning,
            texts=tuple(data.split_list(row.texts)),
            references=tuple(data.split_list(row.references)),
            source_url=None if pd.isna(row.source_url) else row.source_url,
            source_publisher=None if pd.isna(row.source_publisher) else row.source_publisher,
            acknowledged=draft.acknowledged.get(row.rule_id) or None,
            check_verdict=getattr(row, VERDICT_COLUMN, None),
        )

    def check_rules(self, draft: Draft) -> tuple[list[TrippedRule], list[TrippedRule]]:
        """(rules the draft trips, failure-mode questions asked of every draft)."""
        chosen, silent = draft.chosen_options(), draft.silent_issues(self.issue_ids)
        tripped = [self._as_tripped(r, draft) for r in self.rules if r.trips(chosen, silent)]
        questions = [self._as_tripped(r, draft) for r in self.rules if r.is_question]
        return tripped, questions

    def resemblance_rows(self, draft: Draft) -> list[dict]:
        """For each text, on how many of the issues it codes the draft takes the same option, closest first
        (most matches, then the highest share, then the text code): plain rows, quick enough for a class of
        thousands."""
        rows = []
        for text_code, per_issue in self.text_options.items():
            matches = [issue for issue, option in per_issue.items() if draft.choice(issue).option_id == option]
            rows.append(
                {
                    "text_code": text_code,
                    "short_title": self._short_titles.get(text_code),
                    "matches": len(matches),
                    "comparable": len(per_issue),
                    "matching_issues": ";".join(sorted(matches)),
                    "share": len(matches) / len(per_issue),
                }
            )
        return sorted(rows, key=lambda r: (-r["matches"], -r["share"], r["text_code"]))

    def resemblance(self, draft: Draft) -> pd.DataFrame:
        """`resemblance_rows` as a table."""
        columns = ["text_code", "short_title", "matches", "comparable", "matching_issues", "share"]
        return pd.DataFrame(self.resemblance_rows(draft), columns=columns)

    def issue_matches(self, draft: Draft) -> pd.DataFrame:
        """Issue by issue, which texts take the same option as the draft (for charting)."""
        rows = []
        for text_code, per_issue in self.text_options.items():
            for issue_id, option_id in per_issue.items():
                rows.append(
                    {
                        "text_code": text_code,
                        "issue_id": issue_id,
                        "option_id": option_id,
                        "same_as_draft": draft.choice(issue_id).option_id == option_id,
                    }
                )
        return pd.DataFrame(rows)

    def feedback(self, draft: Draft) -> Feedback:
        tripped, questions = self.check_rules(draft)
        return Feedback(
            stances={option: self.stances_for(option) for option in sorted(draft.chosen_options())},
            red_lines=self.red_lines(draft),
            tripped=tripped,
            questions=questions,
            resemblance=self.resemblance(draft),
        )
