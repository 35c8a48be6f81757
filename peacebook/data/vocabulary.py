"""The book's vocabularies, read from their small tables in `data/` (one source for each).

Parties, stances, evidence levels, event categories, issue groups, sequence elements, text and outcome
statuses and the two numeric scales each live in one table, with their order, labels and, where a chart
needs them, colours and symbols. The model, the charts, the tables and the workshop take them from a
`Vocabularies` (the `Catalogue` carries one): adding a stance or a party is a change to the data alone.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import loading
from .cells import split_list

MEDIATOR = "Mediator"  # a role a student may play in the role-play; not a party, so not in parties.csv

# Each vocabulary's table and the column holding its codes.
TABLES = {
    "parties": "party",
    "stances": "stance",
    "evidence_levels": "evidence",
    "event_categories": "category",
    "issue_groups": "group",
    "sequence_elements": "element",
    "text_statuses": "status",
    "outcome_statuses": "status",
    "holder_types": "holder_type",
    "scales": "value",
}


def _text(value) -> str | None:
    return None if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: its code, what readers see, and how charts draw it."""

    code: str
    label: str
    colour: str | None = None
    symbol: str | None = None
    meaning: str | None = None

    @property
    def marked_label(self) -> str:
        """The label after its symbol ('✖ rejected (red line)'), so colour is never the only signal."""
        return f"{self.symbol} {self.label}" if self.symbol else self.label


class Vocabulary:
    """An ordered vocabulary: terms by code, in the order of the table's `order` column.

    >>> v = Vocabulary([Term("a", "Alpha", "#111111"), Term("b", "Beta", "#222222")])
    >>> v.codes, v.labels, v.colours, v.label("b"), "a" in v
    (['a', 'b'], ['Alpha', 'Beta'], ['#111111', '#222222'], 'Beta', True)
    """

    def __init__(self, terms: list[Term]):
        self._terms = {term.code: term for term in terms}

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, code_column: str) -> "Vocabulary":
        if "order" in frame:
            frame = frame.sort_values("order")
        return cls(
            [
                Term(
                    code=str(row[code_column]),
                    label=str(row["label"]),
                    colour=_text(row.get("colour")),
                    symbol=_text(row.get("symbol")),
                    meaning=_text(row.get("meaning")),
                )
                for row in frame.to_dict("records")  # not iterrows: a Series a row is slow, and loading runs this
            ]
        )

    def __getitem__(self, code: str) -> Term:
        return self._terms[code]

    def __contains__(self, code) -> bool:
        return code in self._terms

    def __iter__(self):
        return iter(self._terms.values())

    def __len__(self) -> int:
        return len(self._terms)

    def label(self, code: str) -> str:
        return self._terms[code].label

    @property
    def codes(self) -> list[str]:
        return list(self._terms)

    @property
    def labels(self) -> list[str]:
        return [term.label for term in self]

    @property
    def colours(self) -> list[str]:
        return [term.colour for term in self]

    @property
    def symbols(self) -> list[str]:
        return [term.symbol for term in self]

    def subset(self, codes) -> "Vocabulary":
        """The terms whose codes are given, in this vocabulary's order."""
        wanted = set(codes)
        return Vocabulary([term for term in self if term.code in wanted])


@dataclass(frozen=True)
class Vocabularies:
    """Every vocabulary of the book, as read from one data folder."""

    parties: list[str]
    party_codes: dict[str, str]  # each party's two letters, which start the ids of its positions
    side_names: dict[str, set[str]]  # each party, and the other names a text's parties may give that side
    stances: Vocabulary  # every stance a chart can show, including ones charts derive
    recordable_stances: list[str]  # the stances positions.csv may record
    within_range_stances: list[str]  # the stances that put an option inside a party's range on the record
    evidence: Vocabulary
    party_evidence: list[str]  # the evidence a party's recorded position may rest on
    event_categories: Vocabulary
    issue_groups: Vocabulary
    sequence_elements: Vocabulary
    text_statuses: Vocabulary
    party_text_statuses: list[str]  # the statuses of a party's text; the others are packages (analysts', experts')
    outcome_statuses: Vocabulary
    holder_types: Vocabulary  # who holds an account of a contested question
    side_holder_types: list[str]  # holders of an account who speak for a side (officials, not analysts)
    priority_scale: dict[int, str]
    mechanism_scale: dict[int, str]

    @property
    def roles(self) -> list[str]:
        """What a student may play in the role-play: a party, or the mediator."""
        return [*self.parties, MEDIATOR]

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame]) -> "Vocabularies":
        parties = tables["parties"].sort_values("order")
        stances, evidence = tables["stances"].sort_values("order"), tables["evidence_levels"].sort_values("order")
        scales = tables["scales"].sort_values(["scale", "value"])

        def where(frame: pd.DataFrame, flag: str, column: str) -> list[str]:
            """The codes in `column` of the rows whose boolean `flag` is true (a plain mask: query() is slow)."""
            return [str(code) for code in frame.loc[frame[flag].fillna(False).astype(bool), column]]

        return cls(
            parties=[str(p) for p in parties["party"]],
            party_codes={str(row.party): str(row.code) for row in parties.itertuples()},
            side_names={str(row.party): {str(row.party), *split_list(row.also_named)} for row in parties.itertuples()},
            stances=Vocabulary.from_frame(stances, "stance"),
            recordable_stances=where(stances, "recordable", "stance"),
            within_range_stances=where(stances, "within_range", "stance"),
            evidence=Vocabulary.from_frame(evidence, "evidence"),
            party_evidence=where(evidence, "party_position", "evidence"),
            event_categories=Vocabulary.from_frame(tables["event_categories"], "category"),
            issue_groups=Vocabulary.from_frame(tables["issue_groups"], "group"),
            sequence_elements=Vocabulary.from_frame(tables["sequence_elements"], "element"),
            text_statuses=Vocabulary.from_frame(tables["text_statuses"], "status"),
            party_text_statuses=where(tables["text_statuses"], "party_text", "status"),
            holder_types=Vocabulary.from_frame(tables["holder_types"], "holder_type"),
            side_holder_types=where(tables["holder_types"], "speaks_for_side", "holder_type"),
            outcome_statuses=Vocabulary.from_frame(tables["outcome_statuses"], "status"),
            priority_scale={int(r.value): str(r.label) for r in scales[scales["scale"] == "priority"].itertuples()},
            mechanism_scale={int(r.value): str(r.label) for r in scales[scales["scale"] == "mechanism"].itertuples()},
        )

    def is_analyst_package(self, texts: pd.DataFrame) -> pd.Series:
        """True for each text whose status is not a party's text (text_statuses.csv): an analyst's package
        (issue #22) or an expert group's proposal that a party endorsed (issue #29), shown beside the texts but
        never a party's text or position, never a later negotiating text and never the current proposal."""
        if "status" not in texts:
            return pd.Series(False, index=texts.index)
        return ~texts["status"].isin(self.party_text_statuses)

    @classmethod
    def load(cls, data_dir: Path | str = loading.DATA_DIR) -> "Vocabularies":
        """Only the vocabulary tables of a data folder, validated."""
        return cls.from_tables({name: loading.load_table(name, data_dir) for name in TABLES})


@functools.cache
def book_vocabularies() -> Vocabularies:
    """The vocabularies of the book's own data: the default wherever no catalogue is at hand."""
    return Vocabularies.load()
