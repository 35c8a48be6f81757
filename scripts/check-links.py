#!/usr/bin/env python3
"""Check every source URL the book cites, in data/*.csv and references.bib, and write a CSV report.

    .venv/bin/python scripts/check-links.py                          # writes link-report.csv
    .venv/bin/python scripts/check-links.py --report out.csv --summary dead.md --fail-on-dead

Each URL is asked for with HEAD, and with GET when HEAD is refused or fails (many servers answer
HEAD with 403, 405 or nothing). Requests to one host are made one at a time, at most one every
--interval seconds (polite to each publisher); different hosts are checked in parallel. Timeouts,
connection errors and 429/5xx answers are retried (--retries) with a growing pause.

The report has one row per URL: the URL, the rows that cite it (`events.csv:2015-minsk-ii`,
`references.bib:allan2020minsk`), the status, the HTTP code, the final URL after redirects and a
detail. Statuses:

    ok           2xx at the URL itself
    redirected   2xx after a redirect: the final URL may be worth citing instead
    dead         404 or 410: the page is gone (see "Dead sources" in chapters/maintaining.md)
    blocked      401, 403 or 429: the server refused a robot; check by hand before acting
    error        any other HTTP error after retries
    timeout      no answer within --timeout, after retries
    unreachable  the connection failed (DNS, refused, reset, TLS), after retries
    bad scheme   not an http(s) address (a javascript: or data: address in references.bib, say): never
                 requested, and listed first, since a link to it could run script on the page

--summary writes a Markdown list of the bad-scheme, dead, unreachable, timed-out and failing URLs and the rows
that cite them: the weekly workflow (.github/workflows/link-check.yml) posts it as one issue.
"""

import argparse
import csv
import json
import re
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from peacebook.data.cells import is_web_url  # noqa: E402  (one scheme check for every link the book makes)
from peacebook.data import bibliography_urls  # noqa: E402
from peacebook.data.spreadsheet import write_csv  # noqa: E402  (the report opens in a spreadsheet)

URL_RE = re.compile(r"https?://[^\s<>\"'{}|\\^`]+")
DEAD = {404, 410}
BLOCKED = {401, 403, 429}
RETRY_STATUS = {429, 500, 502, 503, 504}
HEAD_REFUSED = {400, 401, 403, 404, 405, 406, 429, 501}  # try GET before believing these
USER_AGENT = "peacebook-link-check/1.0 (source check of an open teaching book; one request per host at a time)"
PROBLEMS = ("bad scheme", "dead", "unreachable", "timeout", "error")
ORDER = {s: i for i, s in enumerate(PROBLEMS + ("blocked", "redirected", "ok"))}


def _clean(url: str) -> str:
    return url.rstrip(".,;:)]")


def urls_in_data(root: Path) -> dict[str, list[str]]:
    """{url: ["table.csv:row_id", ...]} for every URL in any cell of data/*.csv, and every value of a field
    declared a URL (format "uri") whatever its scheme."""
    keys, url_fields = {}, {}
    package = root / "data" / "datapackage.json"
    if package.exists():
        for res in json.loads(package.read_text(encoding="utf-8")).get("resources", []):
            key = res.get("schema", {}).get("primaryKey")
            keys[res["path"]] = key if isinstance(key, str) else None
            url_fields[res["path"]] = {f["name"] for f in res["schema"]["fields"] if f.get("format") == "uri"}
    found = defaultdict(list)
    for path in sorted((root / "data").glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            key = keys.get(path.name) or (reader.fieldnames or [None])[0]
            for line, row in enumerate(reader, start=2):
                row_id = row.get(key) or f"line {line}"
                for column, value in row.items():
                    declared = [value.strip()] if column in url_fields.get(path.name, ()) and value else []
                    for url in declared or URL_RE.findall(value or ""):
                        cite = f"{path.name}:{row_id}"
                        if cite not in found[_clean(url)]:
                            found[_clean(url)].append(cite)
    return found


def urls_in_bib(path: Path) -> dict[str, list[str]]:
    """{url: ["references.bib:key", ...]} for every address the references page links, whatever its scheme
    (peacebook.data.bibliography_urls: `url` fields, and \\url{} or \\href{} in any field)."""
    found = defaultdict(list)
    if not path.exists():
        return found
    for key, _field, url in bibliography_urls(path):
        cite = f"{path.name}:{key}"
        if cite not in found[url]:
            found[url].append(cite)
    return found


def collect(root: Path) -> dict[str, list[str]]:
    found = defaultdict(list)
    for source in (urls_in_data(root), urls_in_bib(root / "references.bib")):
        for url, cites in source.items():
            found[url].extend(c for c in cites if c not in found[url])
    return dict(found)


class HostPacer:
    """At most one request every `interval` seconds to each host."""

    def __init__(self, interval: float):
        self.interval = interval
        self.last = {}
        self.lock = threading.Lock()

    def wait(self, host: str) -> None:
        while True:
            with self.lock:
                now = time.monotonic()
                due = self.last.get(host, -1e9) + self.interval
                if now >= due:
                    self.last[host] = now
                    return
            time.sleep(due - now)


@dataclass
class Result:
    url: str
    status: str
    http_status: int | None
    final_url: str
    detail: str = ""


def _request(session, method, url, timeout):
    response = session.request(method, url, timeout=timeout, allow_redirects=True, stream=True)
    response.close()  # headers are enough: never download the body
    return response


def check_url(url: str, session, pacer: HostPacer, timeout: float, retries: int, backoff: float) -> Result:
    if not is_web_url(url):
        return Result(url, "bad scheme", None, "", "not an http(s) address: never requested; fix the row or entry")
    host = urlsplit(url).hostname or ""
    detail = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        try:
            pacer.wait(host)
            try:
                response = _request(session, "HEAD", url, timeout)
                if response.status_code in HEAD_REFUSED or response.status_code >= 500:
                    raise requests.HTTPError(f"HEAD {response.status_code}")
            except requests.RequestException:
                pacer.wait(host)
                response = _request(session, "GET", url, timeout)
        except requests.Timeout as e:
            status, code, final, detail = "timeout", None, "", f"no answer in {timeout:g} s ({type(e).__name__})"
            continue
        except requests.RequestException as e:
            status, code, final, detail = "unreachable", None, "", f"{type(e).__name__}: {str(e)[:200]}"
            continue
        code, final = response.status_code, response.url
        if code in RETRY_STATUS and attempt < retries:
            status, detail = "error", f"HTTP {code}"
            continue
        if code in DEAD:
            status = "dead"
        elif code in BLOCKED:
            status = "blocked"
        elif code >= 400:
            status = "error"
        elif response.history and final != url:
            status = "redirected"
        else:
            status = "ok"
        hops = " -> ".join(str(r.status_code) for r in response.history)
        return Result(url, status, code, final, f"redirects: {hops}" if hops else "")
    return Result(url, status, code, final, detail)


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def check_all(urls, *, interval=1.0, timeout=20.0, retries=2, backoff=2.0, workers=8, progress=None) -> list[Result]:
    """Check every URL: one thread per host at a time (sequential within a host), hosts in parallel."""
    by_host = defaultdict(list)
    for url in urls:
        by_host[_host(url)].append(url)
    pacer = HostPacer(interval)
    results = []
    lock = threading.Lock()

    def run_host(host_urls):
        with requests.Session() as session:
            session.headers["User-Agent"] = USER_AGENT
            for url in host_urls:
                result = check_url(url, session, pacer, timeout, retries, backoff)
                with lock:
                    results.append(result)
                    if progress:
                        progress(result, len(results))

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(run_host, by_host.values()))
    return sorted(results, key=lambda r: (ORDER[r.status], r.url))


def write_report(path: Path, results, cites) -> None:
    write_csv(
        path,
        ["url", "cited_by", "status", "http_status", "final_url", "detail"],
        (
            [r.url, "; ".join(cites.get(r.url, [])), r.status, r.http_status or "", r.final_url, r.detail]
            for r in results
        ),
    )


def write_summary(path: Path, results, cites) -> int:
    """Markdown for the link-check issue; returns the number of problem URLs listed."""
    problems = [r for r in results if r.status in PROBLEMS]
    counts = defaultdict(int)
    for r in results:
        counts[r.status] += 1
    lines = [
        f"Checked {len(results)} source URLs on {time.strftime('%Y-%m-%d', time.gmtime())}: "
        + ", ".join(f"{n} {s}" for s, n in sorted(counts.items(), key=lambda i: ORDER[i[0]]))
        + ".",
        "",
    ]
    if problems:
        lines += [
            'What to do with each: see "Dead sources" in `chapters/maintaining.md` (find the text at its '
            "publisher's new address or an archived copy, or mark the row). A *bad scheme* is an address that is "
            "not http(s), such as `javascript:`: correct it or remove it first.",
            "",
            "| status | URL | cited by | detail |",
            "|---|---|---|---|",
        ]
        for r in problems:
            cell = lambda s: str(s).replace("|", "\\|")  # noqa: E731
            lines.append(
                f"| {r.status} | {cell(r.url)} | {cell('; '.join(cites.get(r.url, [])))} | "
                f"{cell(r.http_status or r.detail)} |"
            )
    else:
        lines.append("No dead or unreachable source links.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(problems)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's folder (holds data/ and references.bib)")
    parser.add_argument("--report", type=Path, default=Path("link-report.csv"), help="CSV report to write")
    parser.add_argument("--summary", type=Path, help="also write a Markdown list of the problem URLs")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between two requests to one host")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for an answer")
    parser.add_argument("--retries", type=int, default=2, help="retries after a timeout, connection error, 429 or 5xx")
    parser.add_argument("--backoff", type=float, default=2.0, help="first pause before a retry, doubled each time")
    parser.add_argument("--workers", type=int, default=8, help="hosts checked at the same time")
    parser.add_argument(
        "--fail-on-dead", action="store_true", help="exit 1 if any URL is dead (404/410) or not an http(s) address"
    )
    args = parser.parse_args(argv)

    cites = collect(args.root)
    print(f"== checking {len(cites)} URLs on {len({_host(u) for u in cites})} hosts", flush=True)

    def progress(result, done):
        if result.status not in ("ok", "redirected"):
            print(
                f"{done}/{len(cites)} {result.status}: {result.url} {result.http_status or result.detail}", flush=True
            )

    results = check_all(
        cites,
        interval=args.interval,
        timeout=args.timeout,
        retries=args.retries,
        backoff=args.backoff,
        workers=args.workers,
        progress=progress,
    )
    write_report(args.report, results, cites)
    counts = defaultdict(int)
    for r in results:
        counts[r.status] += 1
    print(
        "== "
        + ", ".join(f"{n} {s}" for s, n in sorted(counts.items(), key=lambda i: ORDER[i[0]]))
        + f"; report: {args.report}"
    )
    if args.summary:
        write_summary(args.summary, results, cites)
    return 1 if args.fail_on_dead and (counts["dead"] or counts["bad scheme"]) else 0


if __name__ == "__main__":
    sys.exit(main())
