"""Time every registered exporter on a synthetic review of 10,000 claims.

Target: under 2 s per text format. The article is written to a temporary file so the
formats that locate claims in the original file (sarif, github, csv, markdown) read it.
Prints one line per format: CPU time (what the target is judged on: it does not grow
when other processes load the machine) and wall time of the runs, and the output size.

    python benchmarks/export.py [--claims 10000] [--runs 3] [--skip docx]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

from workbench import validation
from workbench.claims import build_claims
from workbench.records import make_document, make_signal, make_verdict, now
from workbench.registry import exporters
from workbench.review import RATINGS, build_review
from workbench.types import RawInput

TARGET_SECONDS = 2.0
SENTENCES = (
    "In {year} the port handled {n} million tonnes, up {p}% on the year before 🚢.",
    "The treaty was signed {n} decades ago & ratified by {p} states <quietly>.",
    "Officials said exports to the region fell by {p}% in {year}.",
)


def synthetic_review(claims: int, folder: Path) -> dict:
    """A valid review: one document of ``claims`` sentences, each a claim with a verdict."""
    sentences = [SENTENCES[i % len(SENTENCES)].format(year=1990 + i % 35, n=i % 90 + 2,
                                                      p=i % 50 + 1) for i in range(claims)]
    text = "\n".join(" ".join(sentences[i:i + 4]) for i in range(0, claims, 4)) + "\n"
    path = folder / "article.txt"
    path.write_text(text, encoding="utf-8")
    data = path.read_bytes()
    document = make_document(RawInput(str(path), data, "text/plain"), text)
    assert document["sha256"] == hashlib.sha256(data).hexdigest()
    spans, signals, position = [], [], 0
    for sentence in sentences:
        start = text.index(sentence, position)
        spans.append((start, start + len(sentence)))
        signals.append({**make_signal(text, "statistic", start, start + 4, 0.8),
                        "detector": "bench"})
        position = start + len(sentence)
    records = build_claims(document, spans, signals)
    created = now()
    for i, claim in enumerate(records):
        rating = RATINGS[i % len(RATINGS)]
        source = {"url": f"https://stats.example.org/table/{i}", "title": f"Table {i}",
                  "publisher": "Example Statistics Office"}
        verdict = make_verdict(rating, 0.7, f"Compared with table {i}.",
                               [source] if rating != "unverified" else [])
        verdict.update(origin={"type": "plugin", "name": "bench"}, created=created)
        claim["verdicts"].append(verdict)
        if i % 10 == 0:
            claim["notes"].append({"text": "Ask the desk.", "author": "editor",
                                   "created": created})
    review = build_review([{"document": document, "claims": records}], [])
    validation.validate("review", review)
    return review


def main() -> int:
    """Print the export time of every registered format."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip", nargs="*", default=["docx"], metavar="FORMAT",
                        help="formats not to time (default: docx; time it with --claims 500 "
                        "--skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        review = synthetic_review(args.claims, Path(folder))
        print(f"{args.claims} claims, best and median of {args.runs} runs")
        slow = []
        for name, exporter in sorted(exporters().items()):
            if name in args.skip:
                continue
            times, cpu_times = [], []
            for _ in range(args.runs):
                started, cpu_started = time.perf_counter(), time.process_time()
                output = exporter.export(review)
                times.append(time.perf_counter() - started)
                cpu_times.append(time.process_time() - cpu_started)
            binary = isinstance(output, bytes) and not name.startswith("csv")
            best = min(cpu_times)
            verdict = "" if binary else ("ok" if best < TARGET_SECONDS else "SLOW")
            if verdict == "SLOW":
                slow.append(name)
            print(f"{name:<12} {'binary' if binary else 'text':<6} cpu best {best:6.3f} s  "
                  f"wall best {min(times):6.3f} s median {statistics.median(times):6.3f} s  "
                  f"{len(output) / 1e6:6.2f} MB  {verdict}")
    if slow:
        print(f"over {TARGET_SECONDS} s: {', '.join(slow)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
