"""Print the book's speed figures. Not a test: it measures and prints, and never fails on a number.

.venv/bin/python benchmarks/run.py            # data loading, workshop latency, a class of 300 on the dashboard
.venv/bin/python benchmarks/run.py --build    # also clean and no-op build times (about a minute)
.venv/bin/python benchmarks/run.py --binder-env   # also build Binder's environment; print its size and largest packages
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
    args = parser.parse_args()

    from peacebook import data
    from peacebook.settlement import Catalogue, Choice, Draft
    from peacebook.workshop import WorkshopApp

    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    median, worst = timed(data.load_tables, 20)
    print(f"load and validate every table: median {median:.1f} ms, worst {worst:.1f} ms")

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
