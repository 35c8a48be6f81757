"""What is committed: clean notebooks, a table of contents that matches the files, pinned requirements,
vendored JavaScript that matches the installed altair, finite execution timeouts."""

import json
import re
import sys

import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "_ext"))
import offline_assets  # noqa: E402

NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
        files += [section["file"] for chapter in part["chapters"] for section in chapter.get("sections", [])]
    return files


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{notebook.name} cell {index} has outputs: clear them before committing"
            assert cell["execution_count"] is None, f"{notebook.name} cell {index} has an execution count"
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3"


def test_every_toc_entry_exists_and_every_chapter_is_in_the_toc():
    listed = toc_files()
    for entry in listed:
        matches = list(ROOT.glob(entry + ".*"))
        assert any(m.suffix in (".md", ".ipynb") for m in matches), f"_toc.yml lists {entry}, which does not exist"
    for path in list((ROOT / "chapters").glob("*.ipynb")) + list((ROOT / "chapters").glob("*.md")):
        assert str(path.relative_to(ROOT).with_suffix("")) in listed, f"{path.name} is not in _toc.yml"


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-book.txt", "requirements-dev.txt"])
def test_requirements_are_pinned(name):
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith(("-r ", "-e ")):
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][^ ]*", line), f"{name}: '{line}' is not pinned with =="


def test_vendored_vega_lite_matches_altair():
    assert (
        offline_assets.vendored_vegalite_version(ROOT / "_vendor")
        == offline_assets.altair_js_versions()["vegalite_version"]
    )


def test_notebook_execution_timeout_is_finite():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert 0 < config["execute"]["timeout"] <= 600  # -1 can hang forever (nbclient#312)
    assert config["sphinx"]["config"]["html_static_path"][0] == "_vendor"  # never _static (auto-injected)


def test_launch_buttons_come_from_the_one_repository_setting():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert re.fullmatch(r"https://github\.com/[^/]+/[^/]+", config["repository"]["url"])
    assert config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    # The README tells a fork which settings to change and which variables the publish workflow sets: each
    # must be a real key of _config.yml and a variable the override (_ext/launch_link.py) reads.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for dotted in ("repository.url", "repository.branch", "html.baseurl"):
        assert f"`{dotted}`" in readme, dotted
        section, key = dotted.split(".")
        assert key in config[section], dotted
    override = (ROOT / "_ext" / "launch_link.py").read_text(encoding="utf-8")
    for variable in ("PEACEBOOK_REPOSITORY_URL", "PEACEBOOK_SITE_URL"):
        assert variable in readme and f'environ.get("{variable}"' in override, variable
    # ...and hard-codes no repository or Binder address, which a fork would inherit unchanged.
    addresses = re.findall(r"https://(?:github\.com|mybinder\.org/v2/gh)/[\w.-]+/[\w.-]+", readme)
    assert set(addresses) <= {"https://github.com/OWNER/NAME"}, addresses
