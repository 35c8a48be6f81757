"""The contributor checks of .pre-commit-config.yaml, run by pre-commit over every file in the repository
(committed or new), with the tools pinned in requirements-dev.txt; and each local check on a bad file."""

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

BIN = Path(sys.executable).parent


def run_hooks(tmp_path, files, skip=()):
    env = dict(
        os.environ,
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        PRE_COMMIT_HOME=str(tmp_path / "pc"),
        SKIP=",".join(skip),
        PRE_COMMIT_COLOR="never",
    )
    return subprocess.run(
        [str(BIN / "pre-commit"), "run", "--files", *files],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def repository_files():
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.splitlines()
    return [f for f in listed if (ROOT / f).is_file()]


def test_the_hooks_are_local_and_cover_what_contributing_promises():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [r["repo"] for r in config["repos"]] == ["local"]  # nothing fetched from elsewhere
    ids = {h["id"] for r in config["repos"] for h in r["hooks"]}
    assert {"ruff-check", "ruff-format", "check-json", "check-yaml", "datapackage", "notebooks-without-outputs"} <= ids
    pinned = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    for tool in ("pre-commit==", "pre-commit-hooks==", "ruff==", "frictionless=="):
        assert tool in pinned
    assert "[tool.ruff" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_repository_passes_every_hook(tmp_path):
    done = run_hooks(tmp_path, repository_files())
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


def test_the_hooks_catch_bad_files(tmp_path):
    bad = ROOT / "tests" / f".precommit-bad-{os.getpid()}"
    bad.mkdir()
    try:
        (bad / "broken.json").write_text("{not json", encoding="utf-8")
        (bad / "broken.yml").write_text("a: [1, 2\n", encoding="utf-8")
        (bad / "unused.py").write_text("import os\n", encoding="utf-8")
        notebook = {
            "cells": [
                {
                    "cell_type": "code",
                    "execution_count": 3,
                    "metadata": {},
                    "source": "1",
                    "outputs": [{"output_type": "stream", "name": "stdout", "text": "1"}],
                }
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        (bad / "ran.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
        files = [str(p.relative_to(ROOT)) for p in sorted(bad.iterdir())]
        done = run_hooks(tmp_path, files, skip=("ruff-format",))
        out = done.stdout
        assert done.returncode == 1
        for hook in ("JSON files parse", "YAML files parse", "ruff (lint", "notebooks are committed without outputs"):
            line = next(line for line in out.splitlines() if line.startswith(hook))
            assert line.endswith("Failed"), out
        assert "cell 0 has outputs" in out and "F401" in out
    finally:
        for path in bad.iterdir():
            path.unlink()
        bad.rmdir()


def test_the_datapackage_check_uses_the_frictionless_schema(tmp_path):
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"][0]["schema"]["fields"][0]["type"] = "strng"
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    script = str(ROOT / "scripts" / "check-datapackage.py")
    bad = subprocess.run(
        [sys.executable, script, str(tmp_path / "datapackage.json")], capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 1 and 'field type "strng" is not supported' in bad.stdout
    good = subprocess.run([sys.executable, script], capture_output=True, text=True, timeout=120)
    assert good.returncode == 0, good.stdout
