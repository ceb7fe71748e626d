"""Load a claim store with synthetic claims and time inserts and the workflow's queries.

Usage: python benchmarks/store.py [--claims N] [--per-document N] [--batch N]
                                  [--backend sqlite|postgres|both]

Claims go in through ``Store.save_entry`` (the path ``check --store`` takes: validation,
re-anchoring look-up, one transaction per document and one ``created`` audit row naming
its claims), one document of ``--per-document`` claims at a time; with ``--batch N``,
``Store.save_entries`` saves N documents per transaction instead. A tenth of the claims
are marked ``in-review`` and a twentieth assigned, so the filtered queries have something
to find. Then it times ``claims list``-style queries as the first 10 rows of a stream
(what ``| head`` reads), in process and as a whole ``workbench claims list ... | head``
command, and prints the size per claim. ``--backend both`` runs the same on SQLite and on a
PostgreSQL server started for the run (its default durability: every commit flushed),
and prints the figures side by side.

Targets: at least 50,000 claims/s inserted; under 100 ms per query.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from itertools import islice
from pathlib import Path

from workbench.claims import build_claims
from workbench.records import document_id, make_signal
from workbench.store import open_store
from workbench.store.base import ClaimFilter

YEAR_OFFSET = 1900


def synthetic_entry(number: int, claims: int) -> dict:
    """One document of ``claims`` sentences, each with a temporal and a quantity signal."""
    sentences, signals, parts, offset = [], [], [], 0
    for i in range(claims):
        year = str(YEAR_OFFSET + i % 120)
        sentence = (f"Report {number} item {i} says exports grew by {i % 97} percent "
                    f"in {year}.")
        parts.append(sentence)
        sentences.append((offset, offset + len(sentence)))
        offset += len(sentence) + 1
    text = " ".join(parts) + "\n"
    for i, (start, _end) in enumerate(sentences):
        sentence = parts[i]
        year = str(YEAR_OFFSET + i % 120)
        at = start + sentence.index(year)
        signals.append(make_signal(text, "temporal", at, at + 4, 0.5,
                                   {"type": "year", "year": int(year)}))
        share = str(i % 97)
        at = start + sentence.index(f" {share} percent") + 1
        signals.append(make_signal(text, "quantity", at, at + len(share) + 8, 0.4))
    document = {
        "id": document_id(text), "uri": f"synthetic/{number:06}.txt",
        "media_type": "text/plain", "title": None, "author": None, "published": None,
        "retrieved": "2025-01-01T00:00:00Z", "sha256": "0" * 64, "text": text,
        "offset_map": [[0, 0, len(text)]],
    }
    signals = [{**signal, "detector": "synthetic"} for signal in signals]
    found = build_claims(document, sentences, signals)
    for index, claim in enumerate(found):
        if index % 10 == 3:
            claim["status"] = "in-review"
        if index % 20 == 7:
            claim["assignee"] = f"editor{index % 7}"
    return {"document": document, "claims": found}


def first_rows(store, where: ClaimFilter, rows: int = 10) -> float:
    """Milliseconds to stream the first ``rows`` matching claims (validated)."""
    started = time.perf_counter()
    with closing(store.iter_claims(where)) as found:  # closed before the store is
        got = list(islice(found, rows))
    elapsed = (time.perf_counter() - started) * 1000
    assert len(got) == rows, f"only {len(got)} rows for {where}"
    return elapsed


def reference_ms() -> float:
    """Milliseconds for ``sum(range(10**6))``: how fast this machine is right now."""
    started = time.perf_counter()
    sum(range(10**6))
    return (time.perf_counter() - started) * 1000


def size_of(location: str) -> int:
    """Bytes the store takes: the SQLite file with its journal, or the PostgreSQL
    database."""
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location) as connection:
            return connection.execute("SELECT pg_database_size(current_database())"
                                      ).fetchone()[0]
    path = Path(location)
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def bench(location: str, args: argparse.Namespace) -> dict[str, str]:
    """Load the store at ``location`` and time it; each figure by its label."""
    figures: dict[str, str] = {}
    documents = max(1, args.claims // args.per_document)
    inserted, insert_seconds, insert_cpu = 0, 0.0, 0.0
    with open_store(location, create=True) as store:
        for first in range(0, documents, args.batch):
            batch = [synthetic_entry(number, args.per_document)
                     for number in range(first, min(first + args.batch, documents))]
            started, cpu = time.perf_counter(), time.process_time()
            if args.batch == 1:
                store.save_entry(batch[0], "benchmark")
            else:
                store.save_entries(batch, "benchmark")
            insert_seconds += time.perf_counter() - started
            insert_cpu += time.process_time() - cpu
            inserted += sum(len(entry["claims"]) for entry in batch)
        how = "save_entry" if args.batch == 1 else f"save_entries of {args.batch}"
        figures[f"insert ({how}), claims/s"] = f"{inserted / insert_seconds:,.0f}"
        figures["insert, claims per CPU second of Workbench"] = f"{inserted / insert_cpu:,.0f}"
        figures["insert, seconds"] = f"{insert_seconds:.1f}"
        queries = {
            "--status in-review": ClaimFilter(status="in-review"),
            "--assignee editor3": ClaimFilter(assignee="editor3"),
            "--kind temporal --status in-review": ClaimFilter(kind="temporal",
                                                              status="in-review"),
            f"--document synthetic/{documents // 2:06}.txt":
                ClaimFilter(document=f"synthetic/{documents // 2:06}.txt"),
            "--kind temporal": ClaimFilter(kind="temporal"),
            "--status checked (no match)": ClaimFilter(status="checked"),
            "--kind none (no match)": ClaimFilter(kind="none"),
        }
        for label, where in queries.items():
            if "no match" in label:
                started = time.perf_counter()
                left = list(store.iter_claims(where))
                elapsed = (time.perf_counter() - started) * 1000
                assert not left
            else:
                first_rows(store, where)  # warm the cache as a second run would
                elapsed = first_rows(store, where)
            figures[f"claims list {label}, first 10 rows (ms)"] = f"{elapsed:.1f}"
    command = (f"{sys.executable} -m workbench --db '{location}' claims list --status "
               "in-review | head -5 > /dev/null")
    started = time.perf_counter()
    subprocess.run(command, shell=True, check=True)
    figures["`workbench claims list --status in-review | head` process (ms)"] = \
        f"{(time.perf_counter() - started) * 1000:.0f}"
    size = size_of(location)
    figures["size, bytes per claim (claim, indexes, audit)"] = f"{size / inserted:,.0f}"
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--per-document", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=1,
                        help="documents per transaction (Store.save_entries); 1: save_entry")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="sqlite",
                        help="postgres: a server started for the run from the machine's "
                             "PostgreSQL binaries, with its default durability")
    args = parser.parse_args()
    print(f"machine speed reference: sum(range(10**6)) in {reference_ms():.0f} ms, "
          f"load average {os.getloadavg()[0]:.1f}; {args.claims:,} claims in documents of "
          f"{args.per_document}")
    results: dict[str, dict[str, str]] = {}
    if args.backend in ("sqlite", "both"):
        folder = tempfile.mkdtemp(prefix="workbench-bench-")
        try:
            results["SQLite"] = bench(os.path.join(folder, "bench.db"), args)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if args.backend in ("postgres", "both"):
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from postgres_support import binaries, temporary_server

        folder_of_binaries = binaries()
        if folder_of_binaries is None:
            sys.exit("PostgreSQL is not installed (Debian's postgresql package)")
        with temporary_server(folder_of_binaries, durable=True) as url:
            results["PostgreSQL"] = bench(url, args)
    names = list(results)
    labels = list(next(iter(results.values())))
    width = max(len(label) for label in labels)
    print(f"{'':<{width}}  " + "  ".join(f"{name:>12}" for name in names))
    for label in labels:
        print(f"{label:<{width}}  " + "  ".join(f"{results[n][label]:>12}" for n in names))
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
