"""Publishing: the GitHub workflows (linted with actionlint and zizmor, since they cannot run here, and
calling the same scripts as the README), the repository override a fork's publish build uses, the issue
script of the weekly link check (with a stand-in `gh`), and the sitemap and link previews of the built book."""

import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from conftest import ROOT

import launch_link  # _ext/ is on sys.path (conftest)

BIN = Path(sys.executable).parent
WORKFLOWS = ROOT / ".github" / "workflows"


def workflow(name):
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def steps(name):
    return [s for job in workflow(name)["jobs"].values() for s in job.get("steps", [])]


def runs(name):
    return "\n".join(s.get("run", "") for s in steps(name))


def test_actionlint_finds_nothing():
    done = subprocess.run(
        [str(BIN / "actionlint"), "-no-color", *sorted(map(str, WORKFLOWS.glob("*.yml")))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing():
    done = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--no-progress", "--config", ".github/zizmor.yml", ".github/workflows"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_build_and_test_runs_the_readme_command_on_pull_requests_and_pushes():
    on = workflow("test.yml")[True]  # YAML 1.1 reads the key `on` as True
    assert "pull_request" in on and "push" in on
    assert "bash scripts/test.sh" in runs("test.yml")
    assert "bash scripts/test.sh" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_quick_run_deselects_every_slow_marker_and_the_full_run_none():
    """`scripts/test.sh --quick` leaves out the tests of every marker pyproject.toml declares (each is a slow kind:
    the build, a browser, a kernel, Binder's environment); the README's command and CI leave out nothing."""
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    markers = {line.split(":")[0] for line in declared["markers"]}
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    quick = re.findall(r'-m "([^"]+)"', script)
    assert len(quick) == 1 and set(re.findall(r"\bnot (\w+)", quick[0])) == markers == {
        "build",
        "browser",
        "kernel",
        "binder",
    }
    assert " and " in quick[0] and " or " not in quick[0]
    assert script.rstrip().endswith('.venv/bin/python -m pytest "$@"')  # the full run: every test
    assert "-m" not in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_publish_builds_with_the_repository_it_runs_in_and_deploys_to_pages():
    flow = workflow("publish.yml")
    assert flow[True]["push"]["branches"] == ["main"]
    build = next(s for s in steps("publish.yml") if "scripts/test.sh" in s.get("run", ""))
    assert build["env"]["PEACEBOOK_REPOSITORY_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert build["env"]["PEACEBOOK_SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    uses = [s.get("uses", "") for s in steps("publish.yml")]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    upload = next(s for s in steps("publish.yml") if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_build/html"
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_link_check_runs_weekly_and_calls_the_checker():
    flow = workflow("link-check.yml")
    assert flow[True]["schedule"][0]["cron"].count(" ") == 4
    text = runs("link-check.yml")
    assert "scripts/check-links.py" in text and "--summary link-report.md" in text
    assert "bash scripts/link-check-issue.sh link-report.md" in text
    assert flow["jobs"]["links"]["permissions"] == {"contents": "read", "issues": "write"}


def test_mutation_testing_runs_weekly_and_keeps_its_report():
    flow = workflow("mutation.yml")
    assert flow[True]["schedule"][0]["cron"].count(" ") == 4 and "workflow_dispatch" in flow[True]
    assert "bash scripts/mutation.sh" in runs("mutation.yml")
    upload = next(s for s in steps("mutation.yml") if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["if"] == "always()" and "_build/mutation/report.md" in upload["with"]["path"]
    assert flow["permissions"] == {"contents": "read"}
    # mutmut is pinned where the script's environment (requirements-dev.txt) installs it from
    assert re.search(r"^mutmut==", (ROOT / "requirements-dev.txt").read_text(encoding="utf-8"), re.M)


def test_no_workflow_keeps_credentials_or_has_broad_permissions():
    for path in WORKFLOWS.glob("*.yml"):
        flow = workflow(path.name)
        assert "permissions" in flow, path.name
        for s in steps(path.name):
            if s.get("uses", "").startswith("actions/checkout@"):
                assert s["with"]["persist-credentials"] is False, path.name


# --- the issue script, with a stand-in `gh` that records its calls ---

FAKE_GH = """#!/usr/bin/env bash
echo "$*" >> "$GH_LOG"
if [ "$1 $2" = "issue list" ]; then cat "$GH_OPEN"; fi
"""


@pytest.mark.parametrize(
    "open_issue,summary,expected",
    [
        ("", "| dead | https://a.test/x | events.csv:e1 | 404 |\n", "issue create --title Dead source links"),
        ("12", "| dead | https://a.test/x | events.csv:e1 | 404 |\n", "issue edit 12 --body-file"),
        ("12", "Checked 3 source URLs.\n\nNo dead or unreachable source links.\n", "issue close 12"),
        ("", "Checked 3 source URLs.\n\nNo dead or unreachable source links.\n", None),
    ],
)
def test_the_link_check_issue_is_opened_updated_or_closed(tmp_path, open_issue, summary, expected):
    (tmp_path / "gh").write_text(FAKE_GH)
    (tmp_path / "gh").chmod(0o755)
    (tmp_path / "open").write_text(open_issue)
    (tmp_path / "summary.md").write_text(summary)
    env = dict(
        os.environ,
        PATH=f"{tmp_path}{os.pathsep}{os.environ['PATH']}",
        GH_LOG=str(tmp_path / "log"),
        GH_OPEN=str(tmp_path / "open"),
    )
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "link-check-issue.sh"), str(tmp_path / "summary.md")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    calls = (tmp_path / "log").read_text()
    assert "issue create" not in calls or expected.startswith("issue create")
    if expected:
        assert expected in calls, calls
    else:
        assert "issue create" not in calls and "issue edit" not in calls and "issue close" not in calls


# --- the repository override (a fork's publish build) ---


class FakeConfig(SimpleNamespace):
    def __contains__(self, name):
        return hasattr(self, name)


def config():
    return FakeConfig(
        html_theme_options={
            "repository_url": "https://github.com/your-org/russia-ukraine-peace-book",
            "repository_branch": "main",
        },
        html_baseurl="https://your-org.github.io/russia-ukraine-peace-book/",
        ogp_site_url="",
    )


def test_a_local_build_keeps_the_config_settings():
    c = config()
    launch_link.apply_environment(c, {})
    assert c.html_theme_options["repository_url"] == "https://github.com/your-org/russia-ukraine-peace-book"
    assert c.html_baseurl == "https://your-org.github.io/russia-ukraine-peace-book/"
    assert c.ogp_site_url == c.html_baseurl


def test_the_publish_environment_points_everything_at_the_fork():
    c = config()
    launch_link.apply_environment(
        c,
        {
            "PEACEBOOK_REPOSITORY_URL": "https://github.com/a-fork/peace-book",
            "PEACEBOOK_REPOSITORY_BRANCH": "main",
            "PEACEBOOK_SITE_URL": "https://a-fork.github.io/peace-book",
        },
    )
    assert c.html_theme_options["repository_url"] == "https://github.com/a-fork/peace-book"
    assert c.html_baseurl == c.ogp_site_url == "https://a-fork.github.io/peace-book/"
    url = launch_link.binder_url(c.html_theme_options, "chapters/workshop.ipynb")
    assert url == "https://mybinder.org/v2/gh/a-fork/peace-book/main?urlpath=lab/tree/chapters/workshop.ipynb"


@pytest.mark.parametrize(
    "name,value",
    [
        ("PEACEBOOK_REPOSITORY_URL", "javascript:alert(1)"),
        ("PEACEBOOK_REPOSITORY_URL", 'https://github.com/a/b" onload="x'),
        ("PEACEBOOK_SITE_URL", "not a url"),
    ],
)
def test_a_malformed_override_stops_the_build(name, value):
    with pytest.raises(ValueError):
        launch_link.apply_environment(config(), {name: value})


def test_the_override_runs_before_sphinx_reads_the_settings():
    source = (ROOT / "_ext" / "launch_link.py").read_text(encoding="utf-8")
    assert 'app.connect("config-inited", _on_config_inited)' in source


def test_the_config_enables_the_sitemap_and_previews_offline():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert {"sphinx_sitemap", "sphinxext.opengraph"} <= set(config["sphinx"]["extra_extensions"])
    assert config["html"]["baseurl"].startswith("https://")
    assert config["sphinx"]["config"]["ogp_social_cards"] == {"enable": False}  # no image generation, no fonts fetched
    book = (ROOT / "requirements-book.txt").read_text(encoding="utf-8")
    assert re.search(r"^sphinx-sitemap==", book, re.M) and re.search(r"^sphinxext-opengraph==", book, re.M)


# --- the built book (scripts/test.sh builds it first) ---


def expected_base():
    site = os.environ.get("PEACEBOOK_SITE_URL", "").strip()
    if site:
        return site.rstrip("/") + "/"
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["html"]["baseurl"]


def test_the_built_book_has_a_sitemap_of_every_page(built_html):
    sitemap = (built_html / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    base = expected_base()
    assert locations and all(u.startswith(base) for u in locations)
    for page in ("intro.html", "chapters/donbas.html", "chapters/workshop.html"):
        assert base + page in locations
    assert base + "search.html" not in locations and base + "genindex.html" not in locations


def test_the_built_pages_have_link_previews(built_html):
    page = (built_html / "chapters" / "donbas.html").read_text(encoding="utf-8")
    assert '<meta property="og:title" content="The Donbas ceasefires' in page
    assert f'<meta property="og:url" content="{expected_base()}chapters/donbas.html" />' in page
    assert re.search(r'<meta property="og:description" content="[^"]{40,}"', page)
    # No social-card image is generated (ogp_social_cards is off, and no og:image is set), on any page.
    with_image = [
        str(path.relative_to(built_html))
        for path in built_html.rglob("*.html")
        if "og:image" in path.read_text(encoding="utf-8")
    ]
    assert with_image == []
