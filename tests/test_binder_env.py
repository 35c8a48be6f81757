"""Binder, proven: what repo2docker would build (its dry run, no Docker), then that environment built for
real in a clean virtual environment (runtime.txt's Python, the Dockerfile's own pip commands, from a copy
of the repository as Binder copies it), every chapter run in it, and the workshop's export and import.
Slow (a few minutes; pip's cache is reused): marked `binder`, and run by scripts/test.sh."""

import importlib.util
import os
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.binder

spec = importlib.util.spec_from_file_location("binder_env", ROOT / "scripts" / "binder_env.py")
binder_env = importlib.util.module_from_spec(spec)
spec.loader.exec_module(binder_env)

BOOK_ONLY = {
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "sphinx-book-theme",
    "pytest",
    "playwright",
    "testbook",
    "ruff",
    "pre-commit",
    "zizmor",
    "jupyter-repo2docker",
    "frictionless",
    "sphinx-sitemap",
    "sphinxext-opengraph",
}


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    work = tmp_path_factory.mktemp("binder")
    source = binder_env.copy_repository(work / "repo")
    python = binder_env.create(work / "venv", source)
    total, largest = binder_env.size_report(work / "venv")
    print(f"\nBinder environment: {total:.0f} MB; largest: " + ", ".join(f"{n} {mb:.0f} MB" for n, mb in largest))
    return work, python, source


def isolated_env(work):
    """No user-level Jupyter kernels or settings: only the venv's own python3 kernel."""
    return dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(work / "jcfg"),
        JUPYTER_DATA_DIR=str(work / "jdata"),
        JUPYTER_RUNTIME_DIR=str(work / "jrun"),
        JUPYTER_PATH="",
        PEACEBOOK_DATA="",
        PYTHONPATH="",
    )


def test_repo2docker_picks_requirements_and_runtime_and_installs_the_package():
    done = subprocess.run(
        [str(binder_env.Path(sys.executable).parent / "jupyter-repo2docker"), "--no-build", "--debug", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    dockerfile = done.stdout
    assert "Building conda environment for python=3.11" in done.stderr  # runtime.txt: python-3.11
    assert "3.11" in (ROOT / "runtime.txt").read_text()
    assert 'pip install --no-cache-dir -r "requirements.txt"' in dockerfile
    assert "pip install --no-cache-dir ." in dockerfile.replace('"requirements.txt"', "")  # the book's package
    assert binder_env.pip_commands(dockerfile) == [["-r", "requirements.txt"], ["."]]
    assert "-e ." in (ROOT / "requirements.txt").read_text().splitlines()


def test_the_environment_holds_what_students_need_and_nothing_for_the_build(binder):
    work, python, _ = binder
    names = (
        subprocess.run(
            [str(python), "-m", "pip", "list", "--format=freeze"],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        .stdout.lower()
        .replace("_", "-")
    )
    installed = {line.split("==")[0] for line in names.splitlines()}
    assert {"altair", "pandas", "ipywidgets", "ipykernel", "jupyterlab-myst", "peacebook"} <= installed
    assert not installed & BOOK_ONLY, installed & BOOK_ONLY
    check = subprocess.run([str(python), "-m", "pip", "check"], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout


def test_the_installed_package_finds_the_books_data(binder):
    work, python, source = binder
    done = subprocess.run(
        [str(python), "-c", "import peacebook.data as d; print(d.__file__); print(d.DATA_DIR)"],
        cwd=source / "chapters",
        capture_output=True,
        text=True,
        timeout=120,
        env=isolated_env(work),
    )
    module, data_dir = done.stdout.split()
    assert "site-packages" in module  # repo2docker's `pip install .` replaced the editable install
    assert data_dir == str((source / "data").resolve())


def test_every_chapter_runs_in_the_binder_environment(binder):
    work, python, source = binder
    notebooks = sorted(str(p) for p in (source / "chapters").glob("*.ipynb"))
    out = work / "executed"
    done = subprocess.run(
        [
            str(python.parent / "jupyter-nbconvert"),
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.timeout=300",
            "--output-dir",
            str(out),
            *notebooks,
        ],
        capture_output=True,
        text=True,
        timeout=1500,
        env=isolated_env(work),
    )
    assert done.returncode == 0, done.stderr[-5000:]
    assert len(list(out.glob("*.ipynb"))) == len(notebooks)
    for executed in out.glob("*.ipynb"):
        text = executed.read_text(encoding="utf-8")
        assert '"output_type": "error"' not in text, executed.name


ROUND_TRIP = """
import json, sys, tempfile
from pathlib import Path
from peacebook.model.settlement import Catalogue, Choice
from peacebook.views.workshop import WorkshopApp

catalogue = Catalogue.load()
with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
    app = WorkshopApp(catalogue, folder=one, restore=False)
    draft = catalogue.draft_from_text("M2", student="Binder Student", title="Round trip")
    draft.choices["A06"] = Choice("A06.d")
    app.load(draft)
    app.export_button.click()
    exported = sorted(Path(one).rglob("settlement-*.json"))
    assert exported, list(Path(one).rglob("*"))
    other = WorkshopApp(catalogue, folder=two, restore=False)
    assert other.import_bytes(exported[-1].read_bytes(), exported[-1].name), other.import_status.value
    assert other.draft.choices == draft.choices and other.draft.student == "Binder Student"
print("round trip ok")
"""


def test_the_workshop_round_trip_in_the_binder_environment(binder):
    work, python, source = binder
    done = subprocess.run(
        [str(python), "-c", ROUND_TRIP],
        cwd=source / "chapters",
        capture_output=True,
        text=True,
        timeout=300,
        env=isolated_env(work),
    )
    assert done.returncode == 0 and "round trip ok" in done.stdout, done.stdout + done.stderr


def test_charts_and_tables_draw_in_jupyterlab_from_the_binder_environment_with_no_internet(binder, browser):
    """`pip install .` puts the charts' and tables' front ends where the Jupyter server serves them (issue #32), and
    a chapter's charts and tables draw from there, with every off-machine request blocked. Binder's image has
    JupyterLab in the same environment as the kernel (the Dockerfile's KERNEL_PYTHON_PREFIX is its
    NB_PYTHON_PREFIX); requirements.txt leaves it to the image, so the test adds the pinned one."""

    from jupyter_server import OFF_MACHINE, jupyter_lab, run_all_and_settle

    work, python, source = binder
    pin = next(
        line for line in (ROOT / "requirements-dev.txt").read_text().splitlines() if line.startswith("jupyterlab==")
    )
    binder_env._run([str(python), "-m", "pip", "install", "--quiet", pin], timeout=900)
    served = binder_env.Path(python).parent.parent / "share" / "jupyter" / "labextensions" / "peacebook" / "static"
    assert {"jupyterchart-offline.js", "itables-widget.js", "itables-widget.css"} <= {p.name for p in served.iterdir()}
    assert not served.is_symlink()  # copied by pip, not the development link
    with jupyter_lab([], python=python, env=isolated_env(work), root=source) as (base_url, _):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        off_machine, served_files = [], []
        page.route(
            OFF_MACHINE,
            lambda route: (off_machine.append(route.request.url), route.abort()),
        )
        page.on("response", lambda r: "/peacebook/static/" in r.url and served_files.append((r.url, r.status)))
        try:
            run_all_and_settle(page, base_url, "chapters/timeline.ipynb", timeout_ms=300_000)
            page.wait_for_function(
                "() => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= 1", timeout=120_000
            )
            page.locator(".itables_anywidget .dt-search input").first.wait_for(timeout=120_000)
            assert off_machine == []
            assert sorted(url.split("?")[0].rsplit("/", 1)[1] for url, status in served_files if status == 200) == [
                "itables-widget.css",
                "itables-widget.js",
                "jupyterchart-offline.js",
            ]
        finally:
            context.close()
