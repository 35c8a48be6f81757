"""Print the book's speed figures. Not a test: it measures and prints, and never fails on a number.

.venv/bin/python benchmarks/run.py            # data loading, workshop latency, a class of 300 on the dashboard
.venv/bin/python benchmarks/run.py --build    # also clean and no-op build times (about a minute)
.venv/bin/python benchmarks/run.py --binder-env   # also build Binder's environment; print its size and largest packages
.venv/bin/python benchmarks/run.py --lab      # also drive a real JupyterLab: kernel traffic, keystrokes, opening time
"""

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", action="store_true", help="also time a clean build and a no-op rebuild")
    parser.add_argument("--changes", type=int, default=200, help="random changes to time in the workshop")
    parser.add_argument(
        "--pages",
        action="store_true",
        help="also measure each built page in headless Chromium (size, charts drawn) and the notebooks' run times",
    )
    parser.add_argument(
        "--class-size", type=int, default=300, help="settlement files in the made-up class the dashboard is timed on"
    )
    parser.add_argument(
        "--binder-env",
        action="store_true",
        help="also build the environment Binder installs (requirements.txt alone, runtime.txt's Python, "
        "in a temp folder) and print its size and largest packages: a smaller image starts faster",
    )
    parser.add_argument(
        "--lab",
        action="store_true",
        help="also drive a real JupyterLab in headless Chromium, off-machine requests blocked: bytes over the kernel's "
        "connection for running every chapter, per keystroke in the workshop with Closest texts open, and the time "
        "to open the workshop to a usable widget",
    )
    args = parser.parse_args()

    from peacebook import data
    from peacebook.settlement import Catalogue, Choice, Draft
    from peacebook.workshop import WorkshopApp

    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    median, worst = timed(data.load_tables, 20)
    print(f"load and validate every table: median {median:.1f} ms, worst {worst:.1f} ms (goal: under 100 ms)")

    catalogue = Catalogue.load()
    options = {
        i: list(catalogue.options.loc[catalogue.options.issue_id == i, "option_id"]) for i in catalogue.issue_ids
    }
    rng = random.Random(1)
    draft = Draft(choices={i: Choice(rng.choice(o)) for i, o in options.items()})
    median, worst = timed(lambda: catalogue.feedback(draft), args.changes)
    print(f"model feedback for a full {len(options)}-issue draft: median {median:.2f} ms, worst {worst:.2f} ms")

    with tempfile.TemporaryDirectory() as folder:
        app = WorkshopApp(catalogue, folder=folder, restore=False)
        app.load(draft)
        latencies = []
        for _ in range(args.changes):
            issue = rng.choice(catalogue.issue_ids)
            panel = app.issue_panels[issue]
            start = time.perf_counter()
            panel.option.value = rng.choice(options[issue])  # the observer reads, refreshes and autosaves
            latencies.append((time.perf_counter() - start) * 1000)
        print(
            f"workshop app, one change to feedback shown and autosaved ({args.changes} changes): "
            f"median {statistics.median(latencies):.1f} ms, 95th percentile {statistics.quantiles(latencies, n=20)[-1]:.1f} ms, "
            f"worst {max(latencies):.1f} ms (target: under 100 ms)"
        )

    measure_class(catalogue, args.class_size)

    if args.pages:
        measure_pages()
        print("Reading each chapter (length, sideways scrolling, printed pages):")
        measure_reading()
        measure_notebooks()
        size = sum(f.stat().st_size for f in (ROOT / ".venv").rglob("*") if f.is_file()) / 1e6
        print(f"size of the installed environment (.venv, requirements-dev.txt): {size:.0f} MB")

    if args.binder_env:
        measure_binder_env()

    if args.lab:
        measure_lab()

    if args.build:
        build = ["bash", str(ROOT / "scripts" / "build.sh")]
        start = time.perf_counter()
        subprocess.run(build + ["--all"], check=True, capture_output=True)
        print(f"clean build with execution: {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        subprocess.run(build, check=True, capture_output=True)
        print(f"no-op rebuild: {time.perf_counter() - start:.1f} s")


def measure_class(catalogue, size: int):
    """Time the instructor's dashboard on a made-up class of `size` files: good, edited, format-1 and broken."""
    from peacebook import charts, classroom, negotiation
    from peacebook.sample_class import write_sample_class

    with tempfile.TemporaryDirectory() as folder:
        kinds = write_sample_class(folder, catalogue, size=size)
        print(
            f"made-up class of {size} files: " + ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
        )
        start = time.perf_counter()
        class_folder = classroom.load_class(folder, catalogue)
        gathered = time.perf_counter() - start
        refused = len({name for name, problem in class_folder.problems if not problem.startswith("read, with")})
        print(
            f"  gather (read and check every file): {gathered:.2f} s; {len(class_folder.submissions)} read, "
            f"{refused} listed as broken with their reasons"
        )
        steps = {
            "choices table and chart": lambda: charts.class_choices_chart(
                classroom.choices(class_folder, catalogue), catalogue.issues
            ).to_dict(),
            "flags table and chart": lambda: charts.class_flags_chart(
                classroom.flags(class_folder, catalogue)
            ).to_dict(),
            "ratings table and chart": lambda: charts.class_ratings_chart(
                classroom.ratings(class_folder, catalogue), catalogue.mechanisms
            ).to_dict(),
            "closeness table and chart": lambda: charts.class_resemblance_chart(
                classroom.resemblance(class_folder, catalogue), catalogue.texts
            ).to_dict(),
            "role-play zone and chart": lambda: charts.zone_chart(
                negotiation.zone(
                    negotiation.ranges(class_folder, catalogue), catalogue, negotiation.players_per_party(class_folder)
                ),
                catalogue.issues,
            ).to_dict(),
            "grade sheet (and red-lines chart)": lambda: charts.class_red_lines_chart(
                classroom.grade_sheet(class_folder, catalogue)
            ).to_dict(),
        }
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            print(f"  {name}: {time.perf_counter() - start:.2f} s")


def measure_binder_env():
    """Binder's environment, built as repo2docker would (scripts/binder_env.py), and what takes its space."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("binder_env", ROOT / "scripts" / "binder_env.py")
    binder_env = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(binder_env)
    with tempfile.TemporaryDirectory(prefix="binder-env-") as tmp:
        start = time.perf_counter()
        binder_env.create(Path(tmp) / "venv", binder_env.copy_repository(Path(tmp) / "repo"), log=lambda _: None)
        print(f"Binder environment built in {time.perf_counter() - start:.0f} s (pip's cache warm or not)")
        binder_env.print_report(Path(tmp) / "venv")


class KernelTraffic:
    """Bytes sent and received over a page's kernel connections (the websockets to /api/kernels/…/channels),
    and the widgets the kernel opened (comm_open messages), counted as they pass."""

    def __init__(self, page):
        self.bytes = 0
        self.widgets_opened = 0
        page.on("websocket", self._watch)

    def _watch(self, socket):
        if "/api/kernels/" in socket.url:
            socket.on("framereceived", self._count)
            socket.on("framesent", self._count)

    def _count(self, payload):
        self.bytes += len(payload.encode("utf-8") if isinstance(payload, str) else payload)
        if (b'"comm_open"' if isinstance(payload, bytes) else '"comm_open"') in payload:
            self.widgets_opened += 1


def measure_lab():
    """The student's path in a real JupyterLab (issue #32), every off-machine request blocked: what running every
    chapter moves over the kernel's connection, what one keystroke in the workshop moves with Closest texts open
    (and whether it makes a new chart widget), the time from opening the workshop to a usable widget, and the
    browser's memory while typing. The scripts charts and tables share come once over HTTP, printed apart."""
    import re

    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from jupyter_server import TOKEN, jupyter_lab, run_all_and_settle, wait_until_idle

    chapters = sorted((ROOT / "chapters").glob("*.ipynb"))
    files = chapters + [ROOT / "chapters" / "example-class", ROOT / "chapters" / "example-roleplay"]
    typed = "Monitors need access on both sides of the line, every day."
    with jupyter_lab(files) as (base_url, _root), sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--enable-precise-memory-info"]
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        blocked = []
        context.route(
            re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|blob:)"), lambda r: (blocked.append(r), r.abort())
        )
        http = {}  # bytes of the shared chart and table scripts fetched from the server, by file

        def on_response(response):
            if "/lab/extensions/peacebook" in response.url:
                http[response.url] = len(response.body())

        context.on("response", on_response)

        page = context.new_page()
        traffic = KernelTraffic(page)
        print("JupyterLab, every chapter run in one browser session (kernel traffic per chapter):")
        total = 0
        for notebook in chapters:
            before = traffic.bytes
            run_all_and_settle(page, base_url, notebook.name, timeout_ms=300_000)
            page.wait_for_timeout(500)  # let the last widget messages arrive
            total += traffic.bytes - before
            print(f"  {notebook.name}: {(traffic.bytes - before) / 1e6:.2f} MB")
            page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
        print(
            f"bytes over the kernel's connection for running all {len(chapters)} chapters: {total / 1e6:.1f} MB (goal: under 8 MB)"
        )
        print(f"shared chart and table scripts over HTTP, once a browser session: {sum(http.values()) / 1e6:.2f} MB")
        page.close()

        page = context.new_page()
        traffic = KernelTraffic(page)
        start = time.perf_counter()
        page.goto(f"{base_url}/lab/tree/workshop.ipynb?reset&token={TOKEN}")
        page.wait_for_function(
            """() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
            return !!k && k.connectionStatus === 'connected' && k.status === 'idle'; }""",
            timeout=120_000,
        )
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.locator(".widget-button", has_text="Start this draft").wait_for(timeout=120_000)
        wait_until_idle(page)
        opened = time.perf_counter() - start
        print(f"open the workshop (Lab page, kernel, run all) to a usable widget: {opened:.1f} s (goal: under 12 s)")

        page.get_by_role("tab", name="Closest texts").click()
        page.locator(".vega-embed svg, .vega-embed canvas").first.wait_for(timeout=60_000)
        wait_until_idle(page)
        page.wait_for_timeout(1000)
        box = page.locator(".widget-textarea textarea:visible").first  # a justification
        box.click()
        memory = page.evaluate("() => performance.memory.usedJSHeapSize")
        before, widgets = traffic.bytes, traffic.widgets_opened
        for char in typed:
            page.keyboard.type(char)
            wait_until_idle(page)
        page.wait_for_timeout(1000)
        per_key = (traffic.bytes - before) / len(typed)
        print(
            f"one keystroke in the workshop with Closest texts open ({len(typed)} typed): {per_key / 1e3:.1f} kB over the "
            f"kernel's connection (goal: under 50 kB); new widgets opened while typing: "
            f"{traffic.widgets_opened - widgets}; browser memory {memory / 1e6:.0f} -> "
            f"{page.evaluate('() => performance.memory.usedJSHeapSize') / 1e6:.0f} MB"
        )
        print(f"off-machine requests blocked: {len(blocked)}")
        browser.close()


def local_server(folder: Path):
    """Serve `folder` on 127.0.0.1 from a background thread, quietly; return the server."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure_pages():
    """Each built page, served from a local server: bytes it loads from the book (its own, and shared
    scripts), when its load event fired and when its charts were drawn (from navigation start), the
    second visit with the browser's cache warm, as a reader moving through the book has it."""
    from playwright.sync_api import sync_playwright

    html = ROOT / "_build" / "html"
    pages = sorted(
        p
        for p in html.rglob("*.html")
        if "_static" not in p.parts
        and "_sources" not in p.parts
        and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8").lower()
    )  # redirect stubs
    server = local_server(html)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    # Recorded in the page, so the harness's own round trips do not count: the moment every chart
    # container holds its drawing, once the document is parsed.
    recorder = """window.__chartsDrawn = null;
        new MutationObserver(() => {
          const charts = document.querySelectorAll(".vega-embed").length;
          if (window.__chartsDrawn === null && document.readyState !== "loading" && charts
              && document.querySelectorAll(".vega-embed svg").length >= charts) window.__chartsDrawn = performance.now();
        }).observe(document, {childList: true, subtree: true});"""
    timing = """() => [performance.getEntriesByType("navigation")[0].loadEventEnd, window.__chartsDrawn]"""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context()
        context.add_init_script(recorder)
        for path in pages:
            url = base + path.relative_to(html).as_posix()
            for visit in ("first", "cached"):
                page = context.new_page()
                loaded = []
                fetched = []  # bytes that came over the wire (a cache hit reports a body size below zero)
                page.on(
                    "requestfinished",
                    lambda r: (loaded.append(r.url), fetched.append((r.url, max(0, r.sizes()["responseBodySize"])))),
                )
                page.goto(url)
                charts = page.locator(".vega-embed").count()
                if charts:
                    page.wait_for_function("() => window.__chartsDrawn !== null", timeout=30000)
                load, drawn = page.evaluate(timing)
                files = {html / unquote(urlsplit(u).path).lstrip("/") for u in loaded if u.startswith(base)}
                files = [f for f in files if f.is_file()]
                if visit == "first":
                    own = sum(f.stat().st_size for f in files if "_static" not in f.parts) / 1e3
                    shared = sum(f.stat().st_size for f in files if "_static" in f.parts) / 1e3
                    tables_js = sum(f.stat().st_size for f in files if "datatables" in f.parts) / 1e3
                else:  # what the cached visit still fetched from the server for the shared files (cache misses)
                    cached_shared = sum(size for url, size in fetched if "/_static/" in url) / 1e3
                page.close()
            drawing = (
                f"charts drawn {drawn:.0f} ms after navigation start ("
                + (f"{load - drawn:.0f} ms before" if drawn <= load else f"{drawn - load:.0f} ms after")
                + " the load event)"
                if charts
                else "no charts"
            )
            print(
                f"  {path.relative_to(html)}: own {own:,.0f} kB, shared {shared:,.0f} kB (DataTables {tables_js:,.0f} kB) "
                f"on a first visit, shared fetched again on a cached visit {cached_shared:,.0f} kB; {charts} chart(s); "
                f"cached visit: load event at {load:.0f} ms; {drawing}"
            )
        browser.close()
    server.shutdown()


def measure_reading():
    """Each chapter as a reader meets it (issue #18): its length in screens at 1280x900 and at 390x844,
    whether it scrolls sideways on the phone, and how many A4 pages Chromium prints it on."""
    import io
    import re

    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    html = ROOT / "_build" / "html"
    pages = ["intro.html"] + [p.relative_to(html).as_posix() for p in sorted((html / "chapters").glob("*.html"))]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for path in pages:
            figures = []
            for width, height in ((1280, 900), (390, 844)):
                page = browser.new_page(viewport={"width": width, "height": height})
                page.route(re.compile(r"^(?!file:|data:|blob:)"), lambda route: route.abort())
                page.goto((html / path).as_uri())
                page.wait_for_load_state("load")
                page.wait_for_timeout(500)
                tall, wide, room = page.evaluate(
                    "() => [document.documentElement.scrollHeight, "
                    "document.documentElement.scrollWidth, document.documentElement.clientWidth]"
                )
                figures.append(
                    f"{tall / height:.1f} screens at {width}x{height}" + (" (scrolls sideways)" if wide > room else "")
                )
                if width == 1280:
                    printed = len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
                page.close()
            print(f"  {path}: {', '.join(figures)}; prints on {printed} A4 pages")
        browser.close()


def measure_notebooks():
    """Each chapter's execution time beside the floor of starting a kernel and importing the stack."""
    import nbformat
    from nbclient import NotebookClient

    floor = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import altair, pandas, ipywidgets, peacebook.workshop")]
    )
    start = time.perf_counter()
    NotebookClient(floor, timeout=120, kernel_name="python3").execute()
    print(f"floor: start a kernel and import the stack: {time.perf_counter() - start:.1f} s")
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        print(f"  {path.name}: executed in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
