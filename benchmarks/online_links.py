"""Benchmark: check an article citing 200 URLs served locally with 100 ms latency, twice.

Target: the first run finishes in under 3 s, the second makes zero requests (all from the
cache). The article's links are spread over several local "sites" (one server process
listening on several ports): the per-host politeness limits (4 requests in flight, starts
50 ms apart) apply to each site, as they would to the different hosts an article cites.
Every tenth link is dead (404), which also costs a Wayback Machine lookup (served locally).

    python benchmarks/online_links.py [--urls 200] [--hosts 20] [--latency 0.1]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from workbench import net
from workbench.run import run_check
from workbench.types import CheckOptions


class Sites:
    """Local HTTP servers on several ports in a child process, sharing one request counter.

    The servers run in their own process, as a real site would, so their work does not
    compete with the checker for this process's interpreter lock.
    """

    def __init__(self, hosts: int, latency: float) -> None:
        context = multiprocessing.get_context("spawn")
        self.counter = context.Value("i", 0)
        ports = context.Queue()
        self.process = context.Process(target=serve, args=(hosts + 1, latency, self.counter,
                                                           ports), daemon=True)
        self.process.start()
        self.ports = ports.get(timeout=30)  # the last one plays the archive

    @property
    def count(self) -> int:
        """Requests the servers answered since the last :meth:`zero`."""
        return self.counter.value

    def zero(self) -> None:
        """Reset the request counter."""
        with self.counter.get_lock():
            self.counter.value = 0

    def base(self, index: int) -> str:
        """Base URL of site ``index`` (``-1``: the archive)."""
        return f"http://127.0.0.1:{self.ports[index]}"

    def close(self) -> None:
        """Stop the server process."""
        self.process.terminate()
        self.process.join()


def serve(count: int, latency: float, counter: Any, ports: Any) -> None:
    """Run ``count`` threaded HTTP servers that answer after ``latency`` seconds."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real sites do
        disable_nagle_algorithm = True  # headers and body go out as separate writes

        def log_message(self, *args: Any) -> None:
            pass

        def answer(self, body: bool) -> None:
            with counter.get_lock():
                counter.value += 1
            time.sleep(latency)
            if self.path.startswith("/wayback/available"):
                status, kind = 200, "application/json"
                data = json.dumps({"archived_snapshots": {}}).encode()
            elif self.path.startswith("/dead"):
                status, kind, data = 404, "text/html", b"<title>Not found</title>"
            else:
                status, kind = 200, "text/html; charset=utf-8"
                data = f"<html><title>Page {self.path}</title></html>".encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

        def do_HEAD(self) -> None:
            self.answer(body=False)

        def do_GET(self) -> None:
            self.answer(body=True)

    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler) for _ in range(count)]
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ports.put([server.server_address[1] for server in servers])
    threading.Event().wait()


def write_article(folder: Path, sites: Sites, urls: int, hosts: int) -> Path:
    """An article with one check-worthy sentence per cited URL."""
    lines = []
    for n in range(urls):
        kind = "dead" if n % 10 == 9 else "page"
        url = f"{sites.base(n % hosts)}/{kind}/{n}"
        lines.append(f"Report {n} was published in March {1950 + n % 70} ({url}).")
    path = folder / "article.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def timed_run(article: Path, folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `workbench check --online --format json` of the article."""
    started, cpu = time.perf_counter(), time.process_time()
    code = run_check([str(article)], format_name="json", output=str(folder / "review.json"),
                     options=CheckOptions(online=True))
    elapsed = time.perf_counter() - started, time.process_time() - cpu
    if code != 0:
        raise SystemExit(f"check exited with {code}")
    return elapsed


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=200)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.1)
    args = parser.parse_args()
    sites = Sites(args.hosts, args.latency)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["WORKBENCH_WAYBACK_URL"] = sites.base(-1)
        net.configure(cache_dir=folder / "cache", allow=("127.0.0.1",))
        article = write_article(folder, sites, args.urls, args.hosts)
        first = timed_run(article, folder)
        first_requests = sites.count
        sites.zero()
        review = json.loads((folder / "review.json").read_text(encoding="utf-8"))
        checks = review["documents"][0]["document"]["metadata"]["link_checks"]
        net.configure(cache_dir=folder / "cache", allow=("127.0.0.1",))  # as a new process
        second = timed_run(article, folder)
        second_requests = sites.count
        sites.close()
    live = sum(1 for c in checks if c["status"] == 200)
    dead = sum(1 for c in checks if c["status"] == 404)
    print(f"{len(checks)} cited URLs on {args.hosts} local hosts, {args.latency * 1000:.0f} ms "
          f"latency ({live} live, {dead} dead); load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs")
    print(f"first run:  {first[0]:.2f} s ({first[1]:.2f} s CPU), {first_requests} requests "
          f"(target < 3 s: {'met' if first[0] < 3 else 'MISSED'})")
    print(f"second run: {second[0]:.2f} s ({second[1]:.2f} s CPU), {second_requests} requests "
          f"(target 0: {'met' if second_requests == 0 else 'MISSED'})")


if __name__ == "__main__":
    main()
