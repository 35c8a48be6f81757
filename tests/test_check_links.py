"""The source link checker (scripts/check-links.py), offline: a local HTTP server on 127.0.0.1 answers
200, 301, 404, 410, a slow response, a reset connection, a HEAD refusal and a passing 503. Every
request is bounded by short timeouts. No test measures time: the slow route answers only when the test
lets it (after the checker has given up on it), and the spacing of requests is read on an injected clock."""

import csv
import importlib.util
import os
import socket
import struct
import subprocess
import sys
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "check-links.py"
spec = importlib.util.spec_from_file_location("check_links", SCRIPT)
check_links = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_links)

# The slow route answers only when the test releases it; this bound only keeps a broken checker (one that waits
# for the answer) from hanging the test: it then gets a late 200 and the test fails on the status.
SLOW_BOUND_SECONDS = 30


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits = defaultdict(list)  # path -> [(method, time on the checker's clock)]
    release_slow = threading.Event()  # set by the test: the slow route may answer now
    slow_answered = 0  # how many slow requests got their answer

    def log_message(self, *args):
        pass

    def _answer(self, code, headers=(), body=b"ok"):
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _route(self):
        path = self.path
        Handler.hits[path].append((self.command, check_links.time.monotonic()))
        if path.startswith("/ok"):
            return self._answer(200)
        if path == "/moved":
            return self._answer(301, [("Location", "/ok-new-home")])
        if path == "/gone-404":
            return self._answer(404)
        if path == "/gone-410":
            return self._answer(410)
        if path == "/forbidden":
            return self._answer(403)
        if path == "/no-head":
            return self._answer(405 if self.command == "HEAD" else 200)
        if path == "/flaky":  # 503 on the first two requests (a HEAD and its GET fallback), then 200
            return self._answer(503 if len(Handler.hits[path]) <= 2 else 200)
        if path == "/slow":
            Handler.release_slow.wait(SLOW_BOUND_SECONDS)
            Handler.slow_answered += 1
            return self._answer(200)
        if path == "/reset":  # close with SO_LINGER 0: the client sees a connection reset
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return None
        return self._answer(500)

    do_HEAD = do_GET = _route


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        pass  # the client gave up on /slow before it answered: expected


@pytest.fixture
def server():
    Handler.hits.clear()
    Handler.release_slow.clear()
    Handler.slow_answered = 0
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    Handler.release_slow.set()
    httpd.shutdown()
    httpd.server_close()


class FakeClock:
    """Stands in for the checker's `time` module: `sleep` moves the clock on at once, so the pacing of
    requests is read exactly, with no real waiting and nothing timed. Everything else is the real module."""

    def __init__(self):
        self.now = 1000.0
        self.slept = []
        self.lock = threading.Lock()

    def monotonic(self):
        with self.lock:
            return self.now

    def sleep(self, seconds):
        with self.lock:
            self.slept.append(seconds)
            self.now += max(seconds, 0)

    def __getattr__(self, name):
        return getattr(time, name)


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(check_links, "time", fake)
    return fake


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def make_book(folder, base):
    """A tiny book folder: two tables citing the local server's routes, and a bibliography."""
    (folder / "data").mkdir()
    rows = [
        ("e1", f"{base}/ok", ""),
        ("e2", f"{base}/moved", f"{base}/gone-404"),
        ("e3", f"{base}/gone-410", ""),
        ("e4", f"{base}/slow", ""),
        ("e5", f"{base}/reset", ""),
        ("e6", f"{base}/no-head", f"{base}/ok"),
    ]
    with (folder / "data" / "events.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["event_id", "source_url", "second_source_url"])
        writer.writerows(rows)
    (folder / "data" / "figures.csv").write_text(
        f'figure_id,note\nf1,"see {base}/flaky; and {base}/ok."\n', encoding="utf-8"
    )
    (folder / "references.bib").write_text(
        "% a comment with http://example.invalid/never-checked\n"
        f"@report{{osce2015,\n  title = {{A report}},\n  url = {{{base}/forbidden}}\n}}\n"
        f"@misc{{allan2020,\n  howpublished = {{\\url{{{base}/ok}}}}\n}}\n",
        encoding="utf-8",
    )


def test_it_collects_every_url_with_the_rows_that_cite_it(tmp_path):
    make_book(tmp_path, "http://h.test")
    cites = check_links.collect(tmp_path)
    assert cites["http://h.test/ok"] == ["events.csv:e1", "events.csv:e6", "figures.csv:f1", "references.bib:allan2020"]
    assert cites["http://h.test/gone-404"] == ["events.csv:e2"]
    assert cites["http://h.test/flaky"] == ["figures.csv:f1"]
    assert cites["http://h.test/forbidden"] == ["references.bib:osce2015"]
    assert not any("example.invalid" in u for u in cites)  # BibTeX comments are not sources
    assert len(cites) == 9


def test_the_books_own_sources_are_collected():
    cites = check_links.collect(ROOT)
    assert len(cites) > 300
    assert all(u.startswith(("http://", "https://")) and " " not in u for u in cites)
    assert any(c.startswith("references.bib:") for cs in cites.values() for c in cs)
    assert any(c.startswith("events.csv:") for cs in cites.values() for c in cs)


def test_statuses_against_a_local_server(server):
    urls = [
        f"{server}{p}"
        for p in ("/ok", "/moved", "/gone-404", "/gone-410", "/slow", "/reset", "/no-head", "/flaky", "/forbidden")
    ]
    results = {
        r.url.removeprefix(server): r
        for r in check_links.check_all(urls, interval=0.0, timeout=0.4, retries=1, backoff=0.05, workers=4)
    }
    # The checker returned while every request to the slow route was still waiting for its answer: each was
    # cut off at the timeout, not left to finish.
    assert Handler.slow_answered == 0
    Handler.release_slow.set()
    assert results["/ok"].status == "ok" and results["/ok"].http_status == 200
    assert results["/moved"].status == "redirected" and results["/moved"].final_url == f"{server}/ok-new-home"
    assert results["/moved"].detail == "redirects: 301"
    assert (results["/gone-404"].status, results["/gone-404"].http_status) == ("dead", 404)
    assert (results["/gone-410"].status, results["/gone-410"].http_status) == ("dead", 410)
    assert results["/slow"].status == "timeout"
    assert results["/reset"].status == "unreachable" and "Connection" in results["/reset"].detail
    assert results["/no-head"].status == "ok"  # HEAD refused with 405, GET succeeded
    assert [m for m, _ in Handler.hits["/no-head"]] == ["HEAD", "GET"]
    assert results["/flaky"].status == "ok"  # 503 retried
    assert results["/forbidden"].status == "blocked"
    # the slow route was tried (HEAD, then GET) twice: one retry after the timeout
    assert len(Handler.hits["/slow"]) == 4


def test_requests_to_one_host_are_spaced(server, clock):
    urls = [f"{server}/ok-{i}" for i in range(4)]
    results = check_links.check_all(urls, interval=0.25, timeout=2, retries=0, workers=4)
    assert [r.status for r in results] == ["ok"] * 4
    times = sorted(t for path, hits in Handler.hits.items() for _, t in hits)
    assert len(times) == 4
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.25, gaps  # on the checker's own clock: at most one request every interval


def test_the_pacer_spaces_one_host_and_not_two(clock):
    pacer = check_links.HostPacer(1.5)
    pacer.wait("a.test")
    pacer.wait("b.test")  # another host: no wait
    assert clock.slept == []
    pacer.wait("a.test")  # the same host again at once: waits out the interval
    assert clock.slept == [1.5]
    clock.sleep(2.0)  # once the interval has passed, no wait
    clock.slept.clear()
    pacer.wait("a.test")
    assert clock.slept == []


def test_the_command_writes_the_report_and_the_summary(server, tmp_path):
    make_book(tmp_path, server)
    report, summary = tmp_path / "report.csv", tmp_path / "dead.md"
    env = dict(os.environ, NO_PROXY="127.0.0.1,localhost")
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--root",
            str(tmp_path),
            "--report",
            str(report),
            "--summary",
            str(summary),
            "--interval",
            "0",
            "--timeout",
            "0.4",
            "--retries",
            "1",
            "--backoff",
            "0.05",
            "--fail-on-dead",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 1, done.stdout + done.stderr  # --fail-on-dead, and two URLs are dead
    with report.open(newline="", encoding="utf-8") as f:
        rows = {r["url"].removeprefix(server): r for r in csv.DictReader(f)}
    assert list(next(iter(rows.values())).keys()) == ["url", "cited_by", "status", "http_status", "final_url", "detail"]
    assert rows["/gone-404"]["cited_by"] == "events.csv:e2" and rows["/gone-404"]["status"] == "dead"
    assert rows["/gone-410"]["http_status"] == "410"
    assert rows["/ok"]["cited_by"] == "events.csv:e1; events.csv:e6; figures.csv:f1; references.bib:allan2020"
    assert rows["/moved"]["final_url"] == f"{server}/ok-new-home"
    assert {r["status"] for r in rows.values()} == {"ok", "redirected", "dead", "timeout", "unreachable", "blocked"}
    text = summary.read_text(encoding="utf-8")
    assert f"| dead | {server}/gone-404 | events.csv:e2 | 404 |" in text
    assert "/reset" in text and "/slow" in text and "/forbidden" not in text  # blocked: checked by hand, not listed
    assert "maintaining.md" in text


def test_no_problems_makes_a_short_summary(tmp_path):
    results = [check_links.Result("https://a.test/x", "ok", 200, "https://a.test/x")]
    assert check_links.write_summary(tmp_path / "s.md", results, {}) == 0
    assert "No dead or unreachable source links." in (tmp_path / "s.md").read_text()
