"""Shared test fixtures: paths, the built book, a headless Debian Chromium with the network cut off."""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILT_HTML = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / "_ext"))

import zmq_poll_fix  # noqa: E402  (bounds the nbclient#312 stall in kernel tests too)

zmq_poll_fix.apply()

# Kernels started by the tests (testbook) draw charts as the book's build does, as HTML; the JupyterLab tests
# take this out again for their server (tests/jupyter_server.py), so Lab draws them as a student sees them.
os.environ["PEACEBOOK_CHARTS"] = "html"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    """A test that reads the built book needs the build, and one that asks for Chromium is a browser test: marked
    so by the fixtures they ask for, so the quick run (`bash scripts/test.sh --quick`, which deselects the slow
    markers) can never run one by mistake."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "built_html" in fixtures:
            item.add_marker(pytest.mark.build)
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def built_html() -> Path:
    if not (BUILT_HTML / "index.html").exists():
        pytest.fail("the book is not built: run `bash scripts/test.sh` (or `bash scripts/build.sh`) first")
    return BUILT_HTML


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (scripts/test.sh does)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def let_injected_handlers_run(page, timeout_ms: int = 15_000) -> None:
    """Return once an inline event handler that hostile markup put in the page would have run, instead of
    sleeping for a guess. A hidden probe image with the broken source the hostile texts use (`src=x`) and its
    own onerror handler goes in after them; the browser fails the same address for every image that asks for
    it, so when the probe's handler has run, any injected `onerror` (and the synchronous `<script>` and
    `onload` break-outs, which run as they are inserted) has had its turn."""
    page.evaluate(
        """() => { const probe = document.createElement('div'); probe.hidden = true;
        probe.innerHTML = '<img src=x onerror="window.__pbProbe = true">'; document.body.append(probe); }"""
    )
    page.wait_for_function("() => window.__pbProbe === true", timeout=timeout_ms)


def wait_until_drawn(page, timeout_ms: int = 15_000) -> None:
    """Wait until a loaded page is as its reader sees it, instead of sleeping for a guess: every image it shows
    has loaded or failed, its web fonts are in use, and the layout that follows has been drawn (two animation
    frames)."""
    page.wait_for_function(
        "() => document.readyState === 'complete' && [...document.images].every(i => i.complete || i.loading === 'lazy')",
        timeout=timeout_ms,
    )
    page.evaluate(
        "() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))"
    )
