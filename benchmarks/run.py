"""Print the book's speed figures. Not a test: it measures and prints, and never fails on a number.

    .venv/bin/python benchmarks/run.py            # data loading and workshop feedback latency
    .venv/bin/python benchmarks/run.py --build    # also clean and no-op build times (about a minute)
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
    args = parser.parse_args()

    from peacebook import data
    from peacebook.settlement import Catalogue, Choice, Draft
    from peacebook.workshop import WorkshopApp

    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    median, worst = timed(data.load_tables, 20)
    print(f"load and validate every table: median {median:.1f} ms, worst {worst:.1f} ms")

    catalogue = Catalogue.load()
    options = {i: list(catalogue.options.loc[catalogue.options.issue_id == i, "option_id"]) for i in catalogue.issue_ids}
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
        print(f"workshop app, one change to feedback shown and autosaved ({args.changes} changes): "
              f"median {statistics.median(latencies):.1f} ms, 95th percentile {statistics.quantiles(latencies, n=20)[-1]:.1f} ms, "
              f"worst {max(latencies):.1f} ms (target: under 100 ms)")

    if args.build:
        build = ["bash", str(ROOT / "scripts" / "build.sh")]
        start = time.perf_counter()
        subprocess.run(build + ["--all"], check=True, capture_output=True)
        print(f"clean build with execution: {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        subprocess.run(build, check=True, capture_output=True)
        print(f"no-op rebuild: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
