"""Time the review desk (`workbench serve`) as a CMS and a team use it, over real HTTP.

Usage: python benchmarks/serve.py [--runs 50] [--clients 20] [--updates 2000]
                                  [--screenshots DIR [--no-timing]]

A server is started as its own process (`workbench serve --port 0`) over a new store with
an editor and reviewers, and stopped at the end. Then:

1. Warm API check: each article of seeds/ is posted to ``POST /api/v1/articles`` ``--runs``
   times by one client (after a few warm-up requests), without storing (``"store": false``:
   the same work as ``workbench check``) and with storing (a re-check of a stored
   revision). Beside it, the same check in this process without a server (what the API
   adds is the difference), the server's CPU time per request (read from /proc: what a
   request costs when no other process waits for the CPU) and the cold command line,
   ``workbench check SEED --format json``. Target: under 20 ms median.
2. Workflow updates: ``--clients`` clients at once make ``--updates`` changes in all
   (assign, status moves, notes, verdicts) through the API, each client on claims of its
   own plus notes on one claim they all share. Afterwards the store must hold every change:
   the audit log, the notes and verdicts of each claim and each claim's final status and
   assignee are compared with what the clients did. Prints errors, lost updates, median
   and 99th-percentile latency. Target: none lost, no errors.
3. Why each server thread keeps its store connection: the store's share of a stored check
   (save the article, read its claims back) with a connection opened and closed for it,
   as a request would without them, and with one connection kept, in this process.
4. With ``--screenshots DIR``: headless Chromium (Debian's ``chromium``, through
   Playwright) signs in and saves the main pages as PNG files in DIR.

The seeds are development data (the pipeline was tuned on them); the timing does not
depend on what they say.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
WORKBENCH = str(Path(sys.executable).with_name("workbench"))
PEOPLE = {"ed": "editor", "ada": "admin", **{f"r{n:02}": "reviewer" for n in range(20)}}
STATUS_CYCLE = ("in-review", "checked", "in-review", "new")


def cpu_seconds(pid: int) -> float:
    """CPU time (user and system, every thread) a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


class Server:
    """``workbench serve`` in a process of its own, over a new store with :data:`PEOPLE`."""

    def __init__(self, folder: Path) -> None:
        self.db = folder / "desk.db"
        env = {**os.environ, "WORKBENCH_DB": str(self.db)}
        self.tokens: dict[str, str] = {}
        for name, role in PEOPLE.items():
            subprocess.run([WORKBENCH, "users", "add", name, "--role", role,
                            "--password-stdin"], input=f"{name}-password\n", text=True,
                           env=env, check=True, capture_output=True)
            token = subprocess.run([WORKBENCH, "users", "token", name], env=env, check=True,
                                   capture_output=True, text=True).stdout.strip()
            self.tokens[name] = token
        self.process = subprocess.Popen([WORKBENCH, "serve", "--port", "0", "--threads", "8"],
                                        env=env, stderr=subprocess.PIPE, text=True)
        assert self.process.stderr is not None
        line = self.process.stderr.readline()
        if " on http://" not in line:
            self.stop()
            raise SystemExit(f"the server did not start: {line}")
        self.url = line.split(" on ", 1)[1].split("/ over", 1)[0]
        threading.Thread(target=self.process.stderr.read, daemon=True).start()

    def client(self, name: str) -> requests.Session:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {self.tokens[name]}"
        return session

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def warm_checks(server: Server, runs: int) -> None:
    print("1. warm API check of one article (POST /api/v1/articles), one client")
    from workbench.pipeline import FailureLog, check_input
    from workbench.types import CheckOptions, RawInput

    print(f"   {'article':<28} {'claims':>6}  {'no store: median':>16} {'p90':>8} {'CPU':>7}"
          f"  {'stored: median':>14} {'p90':>8} {'CPU':>7}  {'in process':>10}  "
          f"{'cold CLI':>9}")
    client = server.client("ed")
    medians = []
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        figures = []
        for store in (False, True):
            body = {"uri": f"cms:{seed.stem}", "text": text, "store": store}
            for _ in range(5):
                response = client.post(f"{server.url}/api/v1/articles", json=body)
                response.raise_for_status()
            times = []
            cpu = cpu_seconds(server.process.pid)
            for _ in range(runs):
                started = time.perf_counter()
                response = client.post(f"{server.url}/api/v1/articles", json=body)
                times.append(time.perf_counter() - started)
                response.raise_for_status()
            cpu = (cpu_seconds(server.process.pid) - cpu) / runs
            figures.append((statistics.median(times), _percentile(times, 0.9), cpu))
        claims = len(response.json()["claims"])
        raw = RawInput(f"cms:{seed.stem}", text.encode(), "text/plain")
        inside = []
        for _ in range(runs):
            started = time.perf_counter()
            check_input(raw, CheckOptions(), FailureLog(emit=lambda _line: None))
            inside.append(time.perf_counter() - started)
        cold = []
        for _ in range(7):
            started = time.perf_counter()
            subprocess.run([WORKBENCH, "check", str(seed), "--format", "json"],
                           capture_output=True, check=False)
            cold.append(time.perf_counter() - started)
        medians.append(figures[0][0])
        print(f"   {seed.name:<28} {claims:>6}  {_ms(figures[0][0]):>16} "
              f"{_ms(figures[0][1]):>8} {_ms(figures[0][2]):>7}  {_ms(figures[1][0]):>14} "
              f"{_ms(figures[1][1]):>8} {_ms(figures[1][2]):>7}  "
              f"{_ms(statistics.median(inside)):>10}  {_ms(statistics.median(cold)):>9}")
    verdict = "met" if max(medians) < 0.020 else "NOT met"
    print(f"   target: under 20 ms median without storing: {verdict}")


@dataclass
class Done:
    """What one client did: notes and verdicts added per claim, each claim's last status and
    assignee as it set them."""

    notes: Counter[str] = field(default_factory=Counter)
    verdicts: Counter[str] = field(default_factory=Counter)
    status: dict[str, str] = field(default_factory=dict)
    assignee: dict[str, str | None] = field(default_factory=dict)


def workflow(server: Server, clients: int, updates: int) -> None:
    print(f"2. {clients} clients making {updates} workflow updates in all (assign, status, "
          "notes, verdicts)")
    claims = [claim["id"] for claim in server.client("ed").get(
        f"{server.url}/api/v1/claims", params={"limit": 1000}).json()
              if claim["status"] != "orphaned"]
    shared, own = claims[0], claims[1:]
    if len(own) < clients:
        raise SystemExit(f"{len(own)} claims for {clients} clients: store more articles")
    per_client = [own[n::clients] for n in range(clients)]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def run(number: int) -> Done:
        name = f"r{number:02}"
        session = server.client(name)
        mine = per_client[number]
        done = Done()
        steps = updates // clients + (1 if number < updates % clients else 0)
        for step in range(steps):
            claim = mine[step % len(mine)]
            kind = step % 4
            url = f"{server.url}/api/v1/claims/{claim}"
            if step % 10 == 9:  # everyone writes notes on one claim too
                claim, kind, url = shared, 2, f"{server.url}/api/v1/claims/{shared}"
            started = time.perf_counter()
            if kind == 0:  # take it, or give it back
                person = None if done.assignee.get(claim) == name else name
                response = session.patch(url, json={"assignee": person})
                done.assignee[claim] = person
            elif kind == 1:  # new -> in-review -> checked -> in-review -> new -> ...
                current = done.status.get(claim, "new")
                target = STATUS_CYCLE[(STATUS_CYCLE.index(current) + 1) % len(STATUS_CYCLE)]
                response = session.patch(url, json={"status": target})
                done.status[claim] = target
            elif kind == 2:
                response = session.post(f"{url}/notes", json={"text": f"{name} note {step}"})
                done.notes[claim] += 1
            else:
                response = session.post(f"{url}/verdicts", json={
                    "rating": "unverified", "rationale": f"{name} looked at it ({step})."})
                done.verdicts[claim] += 1
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status_code >= 400:
                    errors.append(f"{name}: {response.status_code} {response.text[:120]}")
        return done

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(run, range(clients)))
    wall = time.perf_counter() - started
    lost = _lost(server, results, len(latencies))
    print(f"   {len(latencies)} updates in {wall:.1f} s ({len(latencies) / wall:.0f}/s); "
          f"errors: {len(errors)}; lost: {lost}")
    print(f"   latency: median {_ms(statistics.median(latencies))}, 99th percentile "
          f"{_ms(_percentile(latencies, 0.99))}, slowest {_ms(max(latencies))}")
    for error in errors[:5]:
        print(f"   error: {error}")


def _lost(server: Server, results: list[Done], made: int) -> int:
    """How many of the clients' updates the store does not show: audit entries, notes and
    verdicts missing, and claims whose last status or assignee is not the one set."""
    client = server.client("ada")
    notes = sum((done.notes for done in results), Counter())
    verdicts = sum((done.verdicts for done in results), Counter())
    status = {claim: value for done in results for claim, value in done.status.items()}
    assignee = {claim: value for done in results for claim, value in done.assignee.items()}
    lost = audit = 0
    for claim in {*notes, *verdicts, *status, *assignee}:
        record = client.get(f"{server.url}/api/v1/claims/{claim}").json()
        history = client.get(f"{server.url}/api/v1/claims/{claim}/history").json()
        audit += sum(1 for entry in history if entry["action"] != "created")
        lost += max(0, notes[claim] - len(record["notes"]))
        lost += max(0, verdicts[claim] - len(record["verdicts"]))
        lost += int(claim in status and record["status"] != status[claim])
        lost += int(claim in assignee and record.get("assignee") != assignee[claim])
    return lost + max(0, made - audit)


def connection_reuse(folder: Path, runs: int) -> None:
    from workbench.pipeline import FailureLog, check_input
    from workbench.store import open_store
    from workbench.store.base import ClaimFilter, Store
    from workbench.types import CheckOptions, RawInput

    print("3. the store's part of a stored check: a connection per request, or one kept")
    db = str(folder / "connections.db")
    entry = check_input(RawInput("cms:connections", SEEDS[1].read_bytes(), "text/plain"),
                        CheckOptions(), FailureLog(emit=lambda _line: None))
    assert entry is not None

    def save(store: Store) -> None:
        report = store.save_entry(entry, "bench")
        list(store.iter_claims(ClaimFilter(document=report.document_id)))

    open_store(db, create=True).close()
    per_request = []
    for _ in range(runs):
        started = time.perf_counter()
        with open_store(db) as store:
            save(store)
        per_request.append(time.perf_counter() - started)
    kept = []
    with open_store(db) as store:
        for _ in range(runs):
            started = time.perf_counter()
            save(store)
            kept.append(time.perf_counter() - started)
    print(f"   opened and closed each time: median {_ms(statistics.median(per_request))}; "
          f"kept: median {_ms(statistics.median(kept))} ({SEEDS[1].name})")


def screenshots(server: Server, folder: Path) -> None:
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    ed = server.client("ed")
    # A text of its own: the same text under another name would be the same document.
    story = "Screenshots of the review desk\n\n" + SEEDS[1].read_text(encoding="utf-8")
    review = ed.post(f"{server.url}/api/v1/articles",
                     json={"uri": "https://news.example/screens", "text": story}).json()
    claims = sorted(review["claims"], key=lambda c: -c["checkworthiness"])
    rated = claims[0]
    other = next(c for c in claims[1:] if any(ch.isdigit() for ch in c["text"]))
    reviewer = server.client("r00")
    reviewer.patch(f"{server.url}/api/v1/claims/{rated['id']}",
                   json={"assignee": "r00", "status": "in-review"})
    reviewer.post(f"{server.url}/api/v1/claims/{rated['id']}/notes",
                  json={"text": "Asked the press office for the original figures."})
    reviewer.post(f"{server.url}/api/v1/claims/{rated['id']}/verdicts", json={
        "rating": "mostly-true", "rationale": "The report gives the figure; the year is off "
        "by one.", "sources": ["https://example.org/report"]})
    reviewer.post(f"{server.url}/api/v1/claims/{other['id']}/verdicts", json={
        "rating": "true", "rationale": "Matches the published record.",
        "sources": ["https://example.org/record"]})
    at = next(i for i, ch in enumerate(other["text"]) if ch.isdigit())  # one figure changes
    changed = other["text"][:at] + str((int(other["text"][at]) + 1) % 10) + \
        other["text"][at + 1:]
    revised = story.replace(other["text"], changed)
    ed.post(f"{server.url}/api/v1/articles",
            json={"uri": "https://news.example/screens", "text": revised})
    document = ed.get(f"{server.url}/api/v1/documents").json()
    doc_id = next(d["id"] for d in document if d["uri"] == "https://news.example/screens")
    chromium = os.environ.get("WORKBENCH_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(f"{server.url}/signin")
        page.screenshot(path=str(folder / "1-sign-in.png"))
        page.fill("input[name=name]", "r00")
        page.fill("input[name=password]", "r00-password")
        page.click("button:has-text('Sign in')")
        page.wait_for_url("**/documents")
        page.screenshot(path=str(folder / "2-documents.png"), full_page=True)
        page.goto(f"{server.url}/documents/{doc_id}?claim={rated['id']}#panel")
        page.screenshot(path=str(folder / "3-article-claim-panel.png"))
        page.goto(f"{server.url}/claims/{rated['id']}/history")
        page.screenshot(path=str(folder / "4-history.png"), full_page=True)
        page.goto(f"{server.url}/documents/{doc_id}?claim={other['id']}#panel")
        page.screenshot(path=str(folder / "5-stale-mark.png"))
        page.goto(f"{server.url}/claims?stale=1")
        page.screenshot(path=str(folder / "6-stale-claims.png"), full_page=True)
        browser.close()
    print(f"4. screenshots in {folder}: " + ", ".join(sorted(p.name for p in
                                                             folder.glob("*.png"))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--screenshots", type=Path, metavar="DIR")
    parser.add_argument("--no-timing", action="store_true", help="Only the screenshots.")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = Server(Path(folder))
        try:
            print(f"server: {server.url} (own process, 8 threads); {os.cpu_count()} CPUs, "
                  f"load average {os.getloadavg()[0]:.1f}")
            if not options.no_timing:
                warm_checks(server, options.runs)
                workflow(server, options.clients, options.updates)
                connection_reuse(Path(folder), options.runs)
            if options.screenshots:
                screenshots(server, options.screenshots)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
