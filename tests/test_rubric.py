"""The durability rubric by one rule (issue #16): every mechanism's levels are in the data, the examples
match the scores, and two texts that cite provisions coded to the same option cannot score differently
unless the data names what earns the higher score."""

import csv
import re
import shutil

import pandas as pd
import pytest

from peacebook.model import compare
from peacebook import data


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


def test_a_guarantee_score_rests_on_a_guarantee_provision(rubric):
    """Issue #29: D2 level 1 needs guarantees or guarantors named, so every D2 score above 0 rests on a provision
    on issue A09 (security guarantees). A Security Council endorsement alone binds no one to act: Russia's 2025
    memorandum is scored like Minsk II, whose package the Security Council also endorsed."""
    provisions = rubric["provisions"].set_index("provision_id")
    assessments = rubric["assessments"]
    for row in assessments[(assessments["mechanism_id"] == "D2") & (assessments["score"] > 0)].itertuples():
        issues = {provisions.loc[p, "issue_id"] for p in data.split_list(row.basis)}
        assert "A09" in issues, (row.text_code, row.basis)


def test_a_text_whose_implementation_body_has_authority_does_not_trip_the_minsk_flag_for_one_without():
    """Issue #29: flag F9 ('A process body without authority') and mechanism D12 read the same provisions. A text
    the rubric scores 2 or more on D12 (a named body with authority over implementation of the whole agreement)
    must not trip F9 in the comparison chapter's table of flags; the 20-point framework's Peace Council did."""
    from peacebook.model.settlement import Catalogue

    tables = data.load_tables()
    catalogue = Catalogue(tables)
    flags = compare.rules_by_text(catalogue).set_index("text_code")["minsk_failure"]
    d12 = tables["assessments"][tables["assessments"]["mechanism_id"] == "D12"].set_index("text_code")["score"]
    empowered = [code for code, score in d12.items() if score >= 2 and code in flags.index]
    assert {"US28", "F20"} <= set(empowered)
    for code in empowered:
        assert "F9 " not in flags[code], (code, flags[code])


def test_a_guarantee_that_acts_after_an_attack_is_a_consequence_for_violations():
    """Issue #29: flag F6 ('No consequences for violations') is cleared by guarantees that act after an attack.
    Guarantors who consult within days and then assist (A09.a: the Istanbul communiqué, the Kyiv Security Compact)
    are such a consequence, as the rubric's D6 scores of 2 for both say."""
    from peacebook.model.settlement import Catalogue

    tables = data.load_tables()
    flags = compare.rules_by_text(Catalogue(tables)).set_index("text_code")["minsk_failure"]
    d6 = tables["assessments"][tables["assessments"]["mechanism_id"] == "D6"].set_index("text_code")["score"]
    for code in ("IC", "KSC"):
        assert d6[code] >= 2 and "F6 " not in flags[code], (code, flags[code])
