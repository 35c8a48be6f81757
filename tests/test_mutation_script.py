"""The mutation script's arithmetic (scripts/mutation.py), on made-up results: the score per module leaves out
only the mutants listed as equivalent (matched by module, function and lines, not by mutmut's numbering), a
module under the goal or a stale entry in the list fails the run, and every survivor is in the report."""

import importlib.util
import sys

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("mutation", ROOT / "scripts" / "mutation.py")
mutation = importlib.util.module_from_spec(spec)
sys.modules["mutation"] = mutation  # its dataclass looks its module up by name
spec.loader.exec_module(mutation)


def mutant(n, status, function="x_check_cell", removed="if a < b:", added="if a <= b:"):
    m = mutation.Mutant(f"peacebook.data.cells.{function}__mutmut_{n}", status)
    if status not in mutation.KILLED:
        m.removed, m.added, m.diff = removed, added, f"-    {removed}\n+    {added}"
    return m


def test_a_mutant_name_gives_its_module_and_function():
    assert (mutant(3, "killed").module, mutant(3, "killed").function) == ("cells", "check_cell")
    method = mutation.Mutant("peacebook.model.settlement.xǁCatalogueǁ_index_text_options__mutmut_12", "survived")
    assert (method.module, method.function) == ("settlement", "Catalogue._index_text_options")


def test_the_score_counts_killed_and_timed_out_mutants_over_all_but_the_listed_equivalents():
    found = [mutant(i, "killed") for i in range(16)] + [
        mutant(16, "timeout"),
        mutant(17, "survived"),
        mutant(18, "no tests", added="if True:"),
    ]
    listed = {
        "module": "cells",
        "function": "check_cell",
        "original": "if a < b:",
        "mutant": "if a <= b:",
        "reason": "r",
    }
    text, ok = mutation.report(["cells"], found, [listed])
    assert "| cells | 19 | 17 | 1 | 1 | 1 | 94.4% |" in text and ok  # 17 of 18
    assert "x_check_cell__mutmut_18 (no tests)" in text and "+    if True:" in text
    assert "x_check_cell__mutmut_17" not in text  # listed as equivalent


def test_a_module_under_the_goal_fails_and_so_does_a_stale_equivalent():
    found = [mutant(i, "killed") for i in range(8)] + [mutant(8, "survived"), mutant(9, "survived", added="if b:")]
    text, ok = mutation.report(["cells"], found, [])
    assert "80.0%" in text and not ok
    gone = {"module": "cells", "function": "check_cell", "original": "x", "mutant": "y", "reason": "r"}
    text, ok = mutation.report(["cells"], [mutant(i, "killed") for i in range(5)], [gone])
    assert not ok and "no such mutant survives" in text


def test_a_module_is_named_by_its_file_in_any_layer_folder_and_a_shared_name_is_refused():
    assert mutation.module_path("cells") == ROOT / "peacebook" / "data" / "cells.py"
    assert all(mutation.module_path(name).is_file() for name in mutation.CORE)
    with pytest.raises(ValueError, match=r"2 modules named compare\.py.*charts/compare\.py.*model/compare\.py"):
        mutation.module_path("compare")
    with pytest.raises(SystemExit):
        mutation.parse_args(["compare"])


def test_an_unknown_module_is_refused():
    with pytest.raises(SystemExit):
        mutation.parse_args(["no_such_module"])
    assert mutation.parse_args([]).modules == mutation.CORE


def test_every_fast_test_of_the_package_is_in_the_mutation_run():
    """A test file that imports the package and needs neither the built book, a kernel nor a browser is one the
    mutation run can use: forgetting it in TESTS would score the core without it."""
    import re

    for path in sorted((ROOT / "tests").glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        slow = "built_html" in text or re.search(r"pytestmark = pytest\.mark\.(browser|kernel|binder)", text)
        if re.search(r"^\s*from peacebook", text, re.M) and not slow:  # an import, not one planted in a string
            assert f"tests/{path.name}" in mutation.TESTS, path.name
