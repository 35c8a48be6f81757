"""A real JupyterLab server on 127.0.0.1 for end-to-end tests, with its own config and a temp root."""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

TOKEN = "e2e-token"
# Every request that leaves this machine (for page.route: the tests block them all): anything but the local server,
# data: and blob: URLs.
OFF_MACHINE = re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|blob:)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def jupyter_lab(
    files: list[Path],
    base_path: str = "/",
    python: Path | None = None,
    env: dict | None = None,
    root: Path | None = None,
):
    """Start JupyterLab serving a temp folder holding copies of `files` (files or folders); yield (base_url, root).
    `base_path` is the server's base URL path: a hub serves each user's Lab under "/user/<name>/", Binder under a
    longer one; links the book writes must resolve under any of them. `python` is the environment's interpreter
    (default: the tests'), `env` the environment variables to run it with (default: the tests'), `root` a folder
    to serve as it is instead (Binder serves the repository itself)."""
    work = Path(tempfile.mkdtemp(prefix="lab-e2e-"))
    if root is None:
        root = work / "root"
        root.mkdir()
    for path in files:
        if path.is_dir():
            shutil.copytree(path, root / path.name)
        else:
            shutil.copy(path, root / path.name)
    # Render every cell, not only those in view (JupyterLab 4's default windowing detaches the rest).
    tracker = work / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    # No "get notified about Jupyter news?" toast over the page (and no request for the news).
    notification = work / "settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    port = _free_port()
    env = {
        k: v for k, v in (env or os.environ).items() if k != "PEACEBOOK_CHARTS"
    }  # charts as a student's Lab draws them
    env = dict(
        env,
        JUPYTER_CONFIG_DIR=str(work / "config"),
        JUPYTER_RUNTIME_DIR=str(work / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(work / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(work / "workspaces"),
    )
    log = (work / "server.log").open("w")
    server = subprocess.Popen(
        [
            str(Path(python or sys.executable).parent / "jupyter"),
            "lab",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--ServerApp.base_url={base_path}",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",
        ],  # window.jupyterapp, as JupyterLab's own Galata tests use
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{base_path}api/status?token={TOKEN}", timeout=1)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + (work / "server.log").read_text()[-3000:])
                time.sleep(0.25)
        yield f"http://127.0.0.1:{port}{base_path.rstrip('/')}", root
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def open_and_run_all(page, base_url: str, notebook: str, timeout_ms: int = 120_000) -> None:
    """Open a notebook in Lab, wait until its kernel is connected and idle, then run every cell."""
    page.goto(f"{base_url}/lab/tree/{notebook}?reset&token={TOKEN}")  # reset: do not reopen earlier tabs
    page.wait_for_function(
        """() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
        return !!k && k.connectionStatus === 'connected' && k.status === 'idle'; }""",
        timeout=timeout_ms,
    )
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")


def wait_until_idle(page, timeout_ms: int = 120_000) -> None:
    page.wait_for_function(
        """() => { const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        return k.status === 'idle'; }""",
        timeout=timeout_ms,
    )


def run_all_and_settle(page, base_url: str, notebook: str, timeout_ms: int = 120_000) -> None:
    """Open a notebook, run every cell, and wait until every cell has finished (no "[*]" prompt left)."""
    open_and_run_all(page, base_url, notebook, timeout_ms)
    page.wait_for_function("() => document.querySelectorAll('.jp-InputArea-prompt').length > 0")
    wait_until_idle(page, timeout_ms)
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-InputArea-prompt')]
        .every(p => !p.textContent.includes('[*]'))""",
        timeout=timeout_ms,
    )
