"""The durability rubric by one rule (issue #16): every mechanism's levels are in the data, the examples
match the scores, and two texts that cite provisions coded to the same option cannot score differently
unless the data names what earns the higher score."""

import csv
import re
import shutil

import pandas as pd
import pytest

from peacebook import compare, data


@pytest.fixture(scope="module")
def rubric():
    # Each table on its own (validated against its schema), so that this test does not depend on
    # editorial checks of other tables.
    return {name: data.load_table(name) for name in ("mechanisms", "levels", "assessments", "provisions", "texts")}


def test_every_mechanism_has_levels_0_to_3_with_a_criterion(rubric):
    levels = rubric["levels"]
    for mechanism_id in rubric["mechanisms"]["mechanism_id"]:
        rows = levels[levels["mechanism_id"] == mechanism_id].sort_values("level")
        assert list(rows["level"]) == [0, 1, 2, 3], mechanism_id
        assert list(rows["label"]) == ["absent", "mentioned", "specified", "specified and resourced"], mechanism_id
        assert rows["criterion"].str.len().gt(10).all() and rows["example"].str.len().gt(10).all(), mechanism_id


def test_each_example_text_is_scored_at_the_level_it_illustrates(rubric):
    scores = {(r.text_code, r.mechanism_id): r.score for r in rubric["assessments"].itertuples()}
    for row in rubric["levels"].dropna(subset=["example_text"]).itertuples():
        assert scores.get((row.example_text, row.mechanism_id)) == row.level, (
            row.mechanism_id,
            row.level,
            row.example_text,
        )


def test_a_reason_that_names_its_level_names_the_score(rubric):
    for row in rubric["assessments"].itertuples():
        named = re.match(r"Level (\d):", row.justification)
        if named:
            assert int(named.group(1)) == row.score, (row.text_code, row.mechanism_id)


def test_the_cross_text_check_passes_on_the_data(rubric):
    flagged = compare.inconsistent_scores(rubric["assessments"], rubric["provisions"])
    assert flagged.empty, "\n" + flagged.to_string()


def _fixture_frames(distinguished_by=""):
    """Two texts scoring 2 and 1 on D12 while both cite a provision coded to A10.e (a Peace Council)."""
    provisions = pd.DataFrame({"provision_id": ["X-27", "Y-8", "Y-9"], "option_id": ["A10.e", "A10.e", None]})
    assessments = pd.DataFrame(
        {
            "text_code": ["X", "Y"],
            "mechanism_id": ["D12", "D12"],
            "score": [2, 1],
            "justification": ["Level 2: a council monitors and guarantees.", "Level 1: a council is listed."],
            "basis": ["X-27", "Y-8;Y-9"],
            "distinguished_by": [distinguished_by, ""],
        }
    )
    return assessments, provisions


def test_the_check_flags_different_scores_on_the_same_option():
    flagged = compare.inconsistent_scores(*_fixture_frames())
    assert len(flagged) == 1
    (row,) = flagged.itertuples()
    assert (row.mechanism_id, row.higher, row.lower, row.shared_options) == ("D12", "X", "Y", "A10.e")


def test_the_check_accepts_a_difference_the_data_argues_and_refuses_a_provision_outside_the_basis():
    assert compare.inconsistent_scores(*_fixture_frames("X-27")).empty
    flagged = compare.inconsistent_scores(*_fixture_frames("Z-1"))
    assert list(flagged["problem"]) == ["distinguished_by names provisions that are not in the row's basis"]


def test_the_check_ignores_equal_scores_and_uncoded_provisions():
    assessments, provisions = _fixture_frames()
    assert compare.inconsistent_scores(assessments.assign(score=[1, 1]), provisions).empty
    assert compare.inconsistent_scores(assessments.assign(basis=["X-27", "Y-9"]), provisions).empty


def test_the_check_fails_on_a_copy_of_the_data_with_an_unargued_difference(tmp_path):
    """The failing fixture: the real data with the US 28-point plan's D12 distinction removed."""
    for path in data.DATA_DIR.iterdir():
        shutil.copy(path, tmp_path / path.name)
    path = tmp_path / "assessments.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    (row,) = [r for r in rows if (r["text_code"], r["mechanism_id"]) == ("US28", "D12")]
    assert row["distinguished_by"]
    row["distinguished_by"] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, rows[0].keys(), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    flagged = compare.inconsistent_scores(
        data.load_table("assessments", tmp_path), data.load_table("provisions", tmp_path)
    )
    assert {(r.higher, r.lower) for r in flagged.itertuples()} == {("US28", "EU")}


def test_the_scoring_rule_table_has_a_row_per_mechanism_and_a_column_per_level(rubric):
    rule = compare.scoring_rule(rubric["levels"], rubric["mechanisms"])
    assert list(rule["mechanism_id"]) == list(rubric["mechanisms"].sort_values("order")["mechanism_id"])
    assert list(rule.columns[2:]) == ["0 absent", "1 mentioned", "2 specified", "3 specified and resourced"]
    assert rule.loc[rule["mechanism_id"] == "D12", "2 specified"].iloc[0].startswith("A named body has authority")


def test_each_assessment_is_shown_beside_its_level(rubric):
    shown = compare.assessments_with_levels(
        rubric["assessments"], rubric["levels"], rubric["texts"], rubric["mechanisms"]
    )
    assert len(shown) == len(rubric["assessments"])
    row = shown[(shown["text_code"] == "F20") & (shown["mechanism_id"] == "D12")].iloc[0]
    assert row["level"] == "2 specified" and "F20-19" in row["basis"]
