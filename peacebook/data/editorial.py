"""Editorial checks across the book's tables, run by peacebook.data.load_tables once the tables they read are
valid, and reported with the loader's own problems.

Each catches a kind of error an independent fact check found (issue #15): a signed text credited to someone
who did not sign it, an analytic rule with no stated basis, a contested question told from one side only, and
a dataset whose "as of" date hides how old its latest event is. Two more keep a party's record its own: an
analyst's package is never a party's position (issue #22), and a position records only a stance, and rests
only on evidence, that a party's position may (stances.csv, evidence_levels.csv). A party's legal limit names a
check that raises it and cites only its own officials' statements (issue #29).
"""

from __future__ import annotations

from pathlib import Path

from .cells import split_list
from .vocabulary import TABLES as VOCABULARY_TABLES
from .vocabulary import Vocabularies
from .loading import DATA_DIR, PACKAGE_FILE, Problem, _shown_path, coverage, resource

EDITORIAL_TABLES = {"positions", "texts", "rules", "accounts", "events", "legal_limits", "options", *VOCABULARY_TABLES}


def _row_problem(data_dir: Path, table: str, row_number: int | None, column: str | None, message: str) -> Problem:
    res = resource(table, data_dir)
    return Problem(_shown_path(Path(data_dir), res), row_number, None, column, message)


def _cites(row, text) -> bool:
    """Does a row's source point at this text (its source page or its full text)?"""
    return row["source_url"] in {text["source_url"], text.get("full_text_url")}


def signed_text_problems(
    tables: dict, data_dir: Path | str = DATA_DIR, vocab: Vocabularies | None = None
) -> list[Problem]:
    """A position whose evidence is `signed_text` must cite a text of the texts table (its source URL
    is the text's source or full-text URL), the text's parties must include the position's side, and
    its speaker must be one of the text's named signatories."""
    texts = tables["texts"].astype(object).where(tables["texts"].notna(), None).to_dict("records")
    # each party, and the other names a text's list of parties may give that side (parties.csv)
    side_names = (vocab or Vocabularies.from_tables(tables)).side_names
    found = []
    positions = tables["positions"]
    signed = (positions["evidence"] == "signed_text").fillna(False).to_numpy(dtype=bool)
    # only the rows resting on a signed text, each with its row number in the whole table
    for number, pos in zip(
        (int(i) + 1 for i in signed.nonzero()[0]), positions[signed].astype(object).to_dict("records")
    ):
        cited = [t for t in texts if _cites(pos, t)]
        if not cited:
            found.append(
                _row_problem(
                    data_dir,
                    "positions",
                    number,
                    "source_url",
                    f"{pos['position_id']} has evidence signed_text but its source is not the "
                    "source or full text of any row in texts.csv: cite the signed text itself (add "
                    "it to texts.csv with its signatories), or, for an act the party adopted and "
                    "published rather than signed, use formally_tabled",
                )
            )
            continue
        text = cited[0]
        sides = side_names.get(pos["party"], {pos["party"]})
        if not sides & set(split_list(text["parties"])):
            found.append(
                _row_problem(
                    data_dir,
                    "positions",
                    number,
                    "party",
                    f"{pos['position_id']} cites the signed text {text['text_code']}, whose parties "
                    f"({text['parties']}) do not include {pos['party']}",
                )
            )
        signatories = split_list(text["signatories"])
        if not signatories:
            found.append(
                _row_problem(
                    data_dir,
                    "positions",
                    number,
                    "speaker",
                    f"{pos['position_id']} cites {text['text_code']} as a signed text, but texts.csv "
                    "names no signatories for it",
                )
            )
        elif not any(pos["speaker"] == name or pos["speaker"].startswith(name + " ") for name in signatories):
            found.append(
                _row_problem(
                    data_dir,
                    "positions",
                    number,
                    "speaker",
                    f"{pos['position_id']} names {pos['speaker']!r} as the speaker of the signed text "
                    f"{text['text_code']}, who is not among its signatories "
                    f"({', '.join(signatories)})",
                )
            )
    return found


def rule_basis_problems(tables: dict, data_dir: Path | str = DATA_DIR) -> list[Problem]:
    """Every rule names its basis: a source URL or a bibliography key. (The `texts` column names the
    texts a rule is checked against; it is not, on its own, the evidence for the rule.)"""
    found = []
    for number, rule in enumerate(tables["rules"].astype(object).itertuples(index=False), start=1):
        if not split_list(rule.references) and not (isinstance(rule.source_url, str) and rule.source_url):
            found.append(
                _row_problem(
                    data_dir,
                    "rules",
                    number,
                    "references",
                    f"rule {rule.rule_id} records no basis: give a source_url (with its publisher) "
                    "or a bibliography key in references",
                )
            )
    return found


def account_balance_problems(
    tables: dict, data_dir: Path | str = DATA_DIR, vocab: Vocabularies | None = None
) -> list[Problem]:
    """Every contested question in the accounts table carries accounts from more than one side
    (holders who speak for a party, not analysts or journalists)."""
    accounts = tables["accounts"]
    speaks_for_side = accounts["holder_type"].isin((vocab or Vocabularies.from_tables(tables)).side_holder_types)
    found = []
    for question in sorted(set(accounts["question"])):  # every question, even one no side speaks to
        sides = set(accounts.loc[speaks_for_side & (accounts["question"] == question), "holder"])
        if len(sides) < 2:
            shown = ", ".join(sorted(sides)) or "none"
            found.append(
                _row_problem(
                    data_dir,
                    "accounts",
                    None,
                    "holder",
                    f"the question {question!r} has accounts from only one side ({shown}); give the "
                    "other side's account, in its own officials' words",
                )
            )
    return found


def coverage_problems(tables: dict, data_dir: Path | str = DATA_DIR) -> list[Problem]:
    """The package's `as_of` date can be no earlier than its latest event."""
    checked, latest = coverage(tables, data_dir)
    if latest > checked:
        return [
            Problem(
                str(Path(data_dir) / PACKAGE_FILE),
                None,
                None,
                "as_of",
                f"as_of {checked} is before the latest event ({latest}): move as_of to the day you checked",
            )
        ]
    return []


def analyst_position_problems(
    tables: dict, data_dir: Path | str = DATA_DIR, vocab: Vocabularies | None = None
) -> list[Problem]:
    """A package that is not a party's text (an analyst's package, issue #22, or an expert proposal a party
    endorsed) is never a party's position: no row of the positions table may rest on one (cite its source or
    full-text URL). A party's endorsement is recorded from the party's own words, never from the package."""
    texts = tables["texts"].astype(object).where(tables["texts"].notna(), None)
    vocab = vocab or Vocabularies.from_tables(tables)
    packages = texts[vocab.is_analyst_package(texts)].to_dict("records")
    found = []
    for number, source_url in enumerate(tables["positions"]["source_url"], start=1):
        for text in packages:
            if _cites({"source_url": source_url}, text):
                found.append(
                    _row_problem(
                        data_dir,
                        "positions",
                        number,
                        "source_url",
                        f"cites {text['text_code']}, {vocab.text_statuses.label(text['status'])}: a package "
                        f"that is not a party's text is never a party's position; cite the party's own statement",
                    )
                )
    return found


def vocabulary_use_problems(
    tables: dict, data_dir: Path | str = DATA_DIR, vocab: Vocabularies | None = None
) -> list[Problem]:
    """A party's recorded position has an id starting with the party's code, takes only a stance marked
    recordable in stances.csv (not one charts derive) and rests only on evidence a party's position may rest
    on (never an independent finding)."""
    vocab = vocab or Vocabularies.from_tables(tables)
    codes, recordable, party_evidence = vocab.party_codes, vocab.recordable_stances, vocab.party_evidence
    found = []
    for number, pos in enumerate(tables["positions"].itertuples(index=False), start=1):
        if pos.party in codes and not pos.position_id.startswith(f"{codes[pos.party]}-"):
            found.append(
                _row_problem(
                    data_dir,
                    "positions",
                    number,
                    "position_id",
                    f"{pos.position_id} should start with {codes[pos.party]}-, the code of {pos.party} in parties.csv",
                )
            )
        if pos.stance not in recordable:
            found.append(
                _row_problem(
                    data_dir, "positions", number, "stance", f"{pos.stance!r} is not a stance a position may record"
                )
            )
        if pos.evidence not in party_evidence:
            found.append(
                _row_problem(
                    data_dir,
                    "positions",
                    number,
                    "evidence",
                    f"{pos.evidence!r} is not evidence a party's position may rest on (an independent finding "
                    "belongs in findings.csv)",
                )
            )
    return found


def legal_limit_problems(tables: dict, data_dir: Path | str = DATA_DIR) -> list[Problem]:
    """A party's legal limit is checked in the workshop and rests on its own officials' words (issue #29): the
    rule named in `check` trips on at least one option the limit bars, and every statement in `cited_by` is the
    same party's and concerns an issue whose options the limit bars."""
    rules = {row.rule_id: row for row in tables["rules"].itertuples(index=False)}
    positions = {row.position_id: row for row in tables["positions"].itertuples(index=False)}
    issue_of = dict(zip(tables["options"]["option_id"], tables["options"]["issue_id"]))
    found = []
    for number, limit in enumerate(tables["legal_limits"].itertuples(index=False), start=1):
        barred = split_list(limit.options)
        rule = rules.get(limit.check)
        unchecked = (
            [] if rule is None else [o for o in barred if o not in split_list(rule.if_any) + split_list(rule.and_any)]
        )
        if unchecked:  # the workshop would show the limit's flag for none of these options
            found.append(
                _row_problem(
                    data_dir,
                    "legal_limits",
                    number,
                    "check",
                    f"{limit.limit_id}: rule {limit.check} does not trip on {', '.join(unchecked)}, which the limit "
                    "bars; list only options its rule's if_any or and_any names, or name another rule",
                )
            )
        barred_issues = {issue_of.get(option) for option in barred}
        for position_id in split_list(limit.cited_by):
            position = positions.get(position_id)
            if position is None:  # the reference check names it
                continue
            if position.party != limit.party:
                message = (
                    f"{limit.limit_id} is {limit.party}'s law, but {position_id} is {position.party}'s statement: "
                    "a limit is cited by its own party's officials"
                )
            elif position.issue_id not in barred_issues:
                message = (
                    f"{position_id} concerns issue {position.issue_id}, but {limit.limit_id} bars options only on "
                    f"{', '.join(sorted(i for i in barred_issues if i))}"
                )
            else:
                continue
            found.append(_row_problem(data_dir, "legal_limits", number, "cited_by", message))
    return found


def editorial_problems(tables: dict, data_dir: Path | str = DATA_DIR) -> list[Problem]:
    """The editorial checks across tables, all at once, on vocabularies built once (issue #32: building them
    in each check made loading the tables several times slower)."""
    vocab = Vocabularies.from_tables(tables)
    return (
        signed_text_problems(tables, data_dir, vocab)
        + rule_basis_problems(tables, data_dir)
        + account_balance_problems(tables, data_dir, vocab)
        + coverage_problems(tables, data_dir)
        + analyst_position_problems(tables, data_dir, vocab)
        + vocabulary_use_problems(tables, data_dir, vocab)
        + legal_limit_problems(tables, data_dir)
    )
