"""The whole data package: every table validates, references between tables hold, and a broken
reference is reported with file, row and column."""

import csv
import json
import shutil

import pytest

from peacebook import data
from peacebook.data import DataValidationError


@pytest.fixture(scope="module")
def tables():
    return data.load_tables()


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the real data folder for a test to break."""
    for path in data.DATA_DIR.iterdir():
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def edit_cell(data_dir, table, row_number, column, value):
    path = data_dir / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[row_number - 1][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, rows[0].keys(), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_every_table_in_the_package_loads(tables):
    declared = {res["name"] for res in data.load_package()["resources"]}
    assert set(tables) == declared
    assert all(len(frame) > 0 for frame in tables.values())


def test_the_taxonomy_has_about_twenty_issues_each_with_three_to_six_ordered_options(tables):
    issues, options = tables["issues"], tables["options"]
    assert 18 <= len(issues) <= 24
    per_issue = options.groupby("issue_id")["order"].apply(sorted)
    assert set(per_issue.index) == set(issues["issue_id"])
    for issue_id, order in per_issue.items():
        assert 3 <= len(order) <= 6 and order == list(range(1, len(order) + 1)), issue_id
        assert all(
            option.startswith(issue_id + ".") for option in options.loc[options.issue_id == issue_id, "option_id"]
        )


def test_every_factual_table_names_a_source_on_every_row(tables):
    for name in ("events", "texts", "provisions", "figures"):
        frame = tables[name]
        assert frame["source_url"].notna().all() and frame["source_publisher"].notna().all(), name


def test_each_text_of_the_three_moments_is_present(tables):
    codes = set(tables["texts"]["text_code"])
    assert {"M1", "MM", "M2", "IC", "ID", "RM", "UM", "US28", "F20"} <= codes
    assert set(tables["texts"]["moment"]) == {"minsk", "istanbul", "current"}


def test_provisions_code_only_options_of_their_own_issue(tables):
    provisions, options = tables["provisions"], tables["options"]
    coded = provisions.dropna(subset=["option_id"]).merge(options, on="option_id", suffixes=("", "_of_option"))
    assert (coded["issue_id"] == coded["issue_id_of_option"]).all()


def test_an_unknown_text_code_is_reported(data_copy):
    edit_cell(data_copy, "provisions", 3, "text_code", "M9")
    with pytest.raises(DataValidationError) as caught:
        data.load_table("provisions", data_copy)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (3, "text_code")
    assert "text_code='M9', which is not in the texts table" in problem.message


def test_an_option_of_another_issue_is_reported(data_copy):
    row = next(i for i, r in enumerate(csv.DictReader((data_copy / "provisions.csv").open()), 1) if r["option_id"])
    edit_cell(data_copy, "provisions", row, "option_id", "A19.a")
    with pytest.raises(DataValidationError) as caught:
        data.load_table("provisions", data_copy)
    (problem,) = caught.value.problems
    assert problem.row == row and problem.column == "option_id"
    assert "option_id='A19.a'" in problem.message and "not in the options table" in problem.message


def test_an_option_without_its_issue_is_reported(data_copy):
    row = next(i for i, r in enumerate(csv.DictReader((data_copy / "provisions.csv").open()), 1) if r["option_id"])
    edit_cell(data_copy, "provisions", row, "issue_id", "")
    with pytest.raises(DataValidationError, match="issue_id'.*required when option_id is given"):
        data.load_table("provisions", data_copy)


def test_a_list_cell_is_checked_item_by_item(data_copy):
    package = data.load_package(data_copy)
    texts = next(r for r in package["resources"] if r["name"] == "texts")
    parties = next(f for f in texts["schema"]["fields"] if f["name"] == "parties")
    parties["peacebook:itemConstraints"] = {"enum": ["Ukraine", "Russia", "OSCE", "DPR", "LPR"]}
    (data_copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        data.load_table("texts", data_copy)
    assert any(
        "item 'France' is not one of the allowed values" in p.message and p.column == "parties"
        for p in caught.value.problems
    )


def test_problems_in_several_tables_are_reported_together(data_copy):
    edit_cell(data_copy, "options", 1, "order", "nine")
    edit_cell(data_copy, "texts", 2, "status", "rumoured")
    with pytest.raises(DataValidationError) as caught:
        data.load_tables(data_copy)
    files = {p.file.split("/")[-1] for p in caught.value.problems}
    assert {"options.csv", "texts.csv"} <= files


def test_every_cited_reference_is_in_the_bibliography(tables):
    from pybtex.database import parse_file

    known = set(parse_file(str(data.DATA_DIR.parent / "references.bib")).entries)
    for name in ("mechanisms", "rules"):
        for row in tables[name].itertuples():
            for key in data.split_list(row.references):
                assert key in known, f"{name} {row[1]} cites {key}, which is not in references.bib"


def test_rule_conditions_name_real_options_and_issues(tables):
    options, issues = set(tables["options"]["option_id"]), set(tables["issues"]["issue_id"])
    for rule in tables["rules"].itertuples():
        for column in ("if_any", "and_any", "and_none"):
            assert set(data.split_list(getattr(rule, column))) <= options
        assert set(data.split_list(rule.and_silent)) <= issues


def test_every_party_has_positions_on_the_record(tables):
    positions = tables["positions"]
    assert set(positions["party"]) == {"Ukraine", "Russia", "United States", "Europe"}
    assert positions.groupby("party").size().min() >= 15


def test_a_superseding_position_is_a_later_one_of_the_same_party_on_the_same_issue(tables):
    positions = tables["positions"].set_index("position_id")
    links = positions.dropna(subset=["supersedes"])
    assert len(links) >= 5
    for later_id, later in links.iterrows():
        earlier = positions.loc[later["supersedes"]]
        assert (later["party"], later["issue_id"]) == (earlier["party"], earlier["issue_id"]), later_id
        assert later["date"] > earlier["date"], later_id


def test_a_quote_over_25_words_is_reported(data_copy):
    edit_cell(data_copy, "positions", 4, "quote", " ".join(["word"] * 26))
    with pytest.raises(DataValidationError) as caught:
        data.load_table("positions", data_copy)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (4, "quote") and "has 26 words; at most 25" in problem.message


def test_a_dangling_supersedes_link_is_reported(data_copy):
    edit_cell(data_copy, "positions", 2, "supersedes", "UA-1999-01-01-A01")
    with pytest.raises(
        DataValidationError, match="position_id='UA-1999-01-01-A01', which is not in the positions table"
    ):
        data.load_table("positions", data_copy)


@pytest.mark.parametrize(
    "value, message",
    [
        ("many", "is not a number"),
        ("nan", "is not a finite number"),
        ("inf", "is not a finite number"),
        ("", "is required but empty"),
    ],
)
def test_a_figure_must_be_a_finite_number(data_copy, value, message):
    edit_cell(data_copy, "figures", 1, "value", value)
    with pytest.raises(DataValidationError) as caught:
        data.load_table("figures", data_copy)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (1, "value") and message in problem.message


def test_a_repeated_composite_key_is_reported(data_copy):
    with (data_copy / "assessments.csv").open(encoding="utf-8") as handle:
        first = handle.read().splitlines()[1]
    with (data_copy / "assessments.csv").open("a", encoding="utf-8") as handle:
        handle.write(first + "\n")
    with pytest.raises(DataValidationError, match="text_code='M2', mechanism_id='D1' repeats row 1"):
        data.load_table("assessments", data_copy)


def test_every_assessment_rests_on_provisions_of_its_own_text(tables):
    provisions = tables["provisions"].set_index("provision_id")
    for row in tables["assessments"].itertuples():
        for provision_id in data.split_list(row.basis):
            assert provisions.loc[provision_id, "text_code"] == row.text_code, (row.text_code, row.mechanism_id)
        if row.score > 0:
            assert data.split_list(row.basis), f"{row.text_code} {row.mechanism_id}: a score above 0 needs provisions"


def test_each_account_says_what_kind_of_holder_gives_it():
    """Analysts' inference is labelled as such: each account says whether an official or an analyst gives it."""
    from collections import Counter

    from peacebook.views import tables as book_tables
    from peacebook.data.vocabulary import book_vocabularies

    accounts = data.load_table("accounts")
    labels = book_vocabularies().holder_types
    for question in set(accounts["question"]):
        html = book_tables.accounts_html(accounts, question)
        kinds = Counter(accounts.loc[accounts["question"] == question, "holder_type"])
        for kind, count in kinds.items():
            assert html.count(f"<span class='pb-muted'>({labels.label(kind)})</span>") == count, (question, kind)
