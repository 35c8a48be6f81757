#!/usr/bin/env python3
"""Mutation testing of the book's core (issue #35), with mutmut: each mutant changes one thing in one function
(a comparison turned round, a condition negated, a string or a number altered, a call's argument dropped); the
tests that reach that function run against it, and should fail. A mutant no test kills shows a behaviour no
test pins down.

    bash scripts/mutation.sh                          # the core modules (see CORE below): a few minutes each
    bash scripts/mutation.sh cells settlement         # the named modules of peacebook/
    bash scripts/mutation.sh class_files              # any other module of peacebook/, by its file's name

A module is named by its file's name, wherever it is in the layer folders (cells is peacebook/data/cells.py);
a name two files share (compare, model/ and charts/) is refused with both paths.

It copies the package, the data and the tests into _build/mutation/ (so the working tree is never changed),
runs mutmut there on the fast tests (no browser, no kernel), and prints the score per module: the killed
mutants as a share of all mutants less those listed as equivalent in scripts/mutation-equivalents.toml (a
mutant that behaves exactly like the original, listed with the reason). The report is written to
_build/mutation/report.md, every surviving mutant with its diff. It exits 1 if a module scores under the
goal (85%), or if the equivalents file lists a mutant that no longer survives.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "_build" / "mutation"
EQUIVALENTS = ROOT / "scripts" / "mutation-equivalents.toml"
GOAL = 0.85

# The modules that decide what students and instructors are told (issue #35): the settlement file format and its
# fields, cell and data validation, the editorial checks, the settlement model, the role-play's negotiation
# analysis and the chart renderer.
CORE = ["submission", "submission_fields", "cells", "loading", "editorial", "settlement", "negotiation", "rendering"]

# The fast tests that reach the core (add a new one here). mutmut records which tests call each function and
# runs only those against that function's mutants, so a test that reaches none of the named modules costs one
# run at the start. Tests of the built book, a kernel or a browser are left out: they cannot run in the copy.
TESTS = [
    "tests/test_cells.py",
    "tests/test_data_loader.py",
    "tests/test_loader_exact.py",
    "tests/test_editorial_exact.py",
    "tests/test_submission_edges.py",
    "tests/test_data_tables.py",
    "tests/test_editorial_checks.py",
    "tests/test_vocabularies.py",
    "tests/test_balance.py",
    "tests/test_settlement.py",
    "tests/test_submission.py",
    "tests/test_submission_properties.py",
    "tests/test_name_swap.py",
    "tests/test_classroom.py",
    "tests/test_workshop_files.py",
    "tests/test_analyst_packages.py",
    "tests/test_rubric.py",
    "tests/test_hostile_files.py",
    "tests/test_negotiation.py",
    "tests/test_rendering.py",
    "tests/test_events.py",
    "tests/test_charts.py",
    "tests/test_chart_data.py",
    "tests/test_live_tables.py",
    "tests/test_source_links.py",
    "tests/test_frictionless.py",
    "tests/test_checks.py",
    "tests/test_class_folder_files.py",
    "tests/test_course_pages.py",
    "tests/test_negotiation_properties.py",
    "tests/test_roleplay_views.py",
    "tests/test_solutions_follow_data.py",
    "tests/test_spreadsheets_and_links.py",
    "tests/test_chart_layout.py",
]
# What the tests read beside the package: the data and the bibliography, the Sphinx helpers conftest imports,
# the chapters and the front page (the example class, pages some tests read), the scripts and the benchmark some
# tests run.
ALSO_COPY = ["data", "references.bib", "intro.md", "_ext", "chapters", "scripts", "benchmarks"]
# Whether every data row has had its second reader is the state of the data, not a behaviour of the code: a row
# awaiting its check (a normal state between a change and its reading) must not stop the run, which needs every
# test to pass before it mutates anything.
DATA_STATE_TESTS = ["tests/test_checks.py::test_every_factual_row_has_a_current_check"]
PYTEST_ARGS = [
    "-p",
    "no:cacheprovider",
    "-m",
    "not kernel and not browser and not binder and not build",
    "--hypothesis-seed=0",
    *(f"--deselect={test}" for test in DATA_STATE_TESTS),
]

KILLED = {"killed", "timeout", "caught by type check"}


@dataclass
class Mutant:
    name: str  # mutmut's name: peacebook.data.cells.x_check_cell__mutmut_12 (module "cells")
    status: str
    module: str = ""
    function: str = ""
    removed: str = ""  # the original line(s) the mutant changes
    added: str = ""  # the mutant's line(s)
    diff: str = ""

    def __post_init__(self):
        # x_check_cell__mutmut_12 for a function, xǁCatalogueǁfeedback__mutmut_3 for a method
        module, _, local = self.name.rpartition(".")
        self.module = module.rpartition(".")[2]  # the file's name, as the command line and the equivalents name it
        self.function = re.sub(r"__mutmut_\d+$", "", local)[2:].replace("ǁ", ".")


def module_path(name: str) -> Path:
    """The file of the module a short name names, anywhere under peacebook/; ValueError if none or several."""
    found = sorted((ROOT / "peacebook").rglob(f"{name}.py"))
    if len(found) != 1:
        where = ", ".join(str(path.relative_to(ROOT)) for path in found)
        raise ValueError(f"{len(found)} modules named {name}.py in peacebook/" + (f": {where}" if where else ""))
    return found[0]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", default=CORE, help="modules of peacebook/ (default: the core)")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("MUTATION_JOBS", os.cpu_count() or 2)))
    args = parser.parse_args(argv)
    for module in args.modules:
        try:
            module_path(module)
        except ValueError as err:
            parser.error(str(err))
    return args


def prepare(modules: list[str]) -> None:
    """A fresh copy of what the tests need, and mutmut's settings for the named modules."""
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "node_modules", ".ipynb_checkpoints", "my-settlement")
    for name in ("peacebook", "tests", *ALSO_COPY):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, WORK / name, ignore=ignore)
        else:
            shutil.copy(ROOT / name, WORK / name)
    shutil.copy(ROOT / "pyproject.toml", WORK / "pyproject.toml")

    def lines(values):
        return "".join(f"\n    {v}" for v in values)

    (WORK / "setup.cfg").write_text(
        "# Written by scripts/mutation.py for this run.\n[mutmut]\nsource_paths = peacebook\n"
        f"only_mutate ={lines(module_path(m).relative_to(ROOT).as_posix() for m in modules)}\n"
        f"also_copy ={lines(ALSO_COPY)}\n"
        f"pytest_add_cli_args_test_selection ={lines(TESTS)}\n"
        f"pytest_add_cli_args ={lines(PYTEST_ARGS)}\n",
        encoding="utf-8",
    )


def mutmut(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "mutmut"), *args], cwd=WORK, text=True, **kwargs)


def results() -> list[Mutant]:
    done = mutmut("results", "--all", "true", capture_output=True, check=True)
    found = [Mutant(*m.groups()) for m in re.finditer(r"^\s*(\S+): (.+?)\s*$", done.stdout, re.M)]
    for mutant in found:
        if mutant.status not in KILLED:
            show = mutmut("show", mutant.name, capture_output=True, check=True).stdout
            mutant.diff = show.strip()
            body = [line for line in show.splitlines() if not line.startswith(("---", "+++", "#"))]
            mutant.removed = "\n".join(line[1:].strip() for line in body if line.startswith("-"))
            mutant.added = "\n".join(line[1:].strip() for line in body if line.startswith("+"))
    return found


def load_equivalents() -> list[dict]:
    entries = tomllib.loads(EQUIVALENTS.read_text(encoding="utf-8")).get("equivalent", [])
    for entry in entries:
        missing = {"module", "function", "original", "mutant", "reason"} - set(entry)
        if missing:
            sys.exit(f"{EQUIVALENTS.name}: an entry lacks {', '.join(sorted(missing))}: {entry}")
    return entries


def matches(entry: dict, mutant: Mutant) -> bool:
    return (entry["module"], entry["function"], entry["original"].strip(), entry["mutant"].strip()) == (
        mutant.module,
        mutant.function,
        mutant.removed,
        mutant.added,
    )


def report(modules: list[str], mutants: list[Mutant], equivalents: list[dict]) -> tuple[str, bool]:
    by_module = defaultdict(list)
    for mutant in mutants:
        by_module[mutant.module].append(mutant)
    used = set()
    rows, survivors, ok = [], [], True
    for module in modules:
        found = by_module.get(module, [])
        counts = Counter("killed" if m.status in KILLED else m.status for m in found)
        equivalent = []
        for mutant in found:
            if mutant.status in KILLED:
                continue
            entry = next((i for i, e in enumerate(equivalents) if e["module"] == module and matches(e, mutant)), None)
            if entry is None:
                survivors.append(mutant)
            else:
                used.add(entry)
                equivalent.append(mutant)
        counted = len(found) - len(equivalent)
        score = counts["killed"] / counted if counted else 1.0
        ok &= bool(found) and score >= GOAL
        rows.append(
            f"| {module} | {len(found)} | {counts['killed']} | {counts['survived']} | {counts['no tests']} | "
            f"{len(equivalent)} | {score:.1%} |"
        )
    stale = [e for i, e in enumerate(equivalents) if e["module"] in modules and i not in used]
    ok &= not stale
    lines = [
        "# Mutation testing of the core",
        "",
        f"Goal: at least {GOAL:.0%} of the mutants of each module killed, not counting those listed as equivalent "
        f"in scripts/{EQUIVALENTS.name}.",
        "",
        "| module | mutants | killed | survived | no tests | equivalent (listed) | score |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
    ]
    if survivors:
        lines += [f"## Surviving mutants not listed as equivalent ({len(survivors)})", ""]
        for mutant in survivors:
            lines += [f"### {mutant.name} ({mutant.status})", "", "```diff", mutant.diff, "```", ""]
    if stale:
        lines += ["## Listed as equivalent, but no such mutant survives (remove them from the list)", ""]
        lines += [f"- {e['module']}.{e['function']}: `{e['mutant']}`" for e in stale] + [""]
    return "\n".join(lines), ok


def main(argv=None) -> int:
    args = parse_args(argv)
    equivalents = load_equivalents()
    print(f"== mutation testing of {', '.join(args.modules)} in {WORK.relative_to(ROOT)} ({args.jobs} at a time)")
    prepare(args.modules)
    run = mutmut("run", "--max-children", str(args.jobs), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    (WORK / "mutmut-run.log").write_text(run.stdout, encoding="utf-8")
    if run.returncode != 0:
        print(run.stdout[-5000:])
        print(f"== mutmut failed (exit {run.returncode}); its output is in {WORK / 'mutmut-run.log'}")
        return run.returncode
    text, ok = report(args.modules, results(), equivalents)
    (WORK / "report.md").write_text(text + "\n", encoding="utf-8")
    print(text.split("\n## ")[0])
    survivors = text.count("\n### ")
    print(f"== {survivors} surviving mutant(s) not listed as equivalent; report: {WORK.relative_to(ROOT)}/report.md")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
