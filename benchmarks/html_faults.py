"""Hostile HTML that used to reach quadratic or recursive code in the HTML loader (#23).

Usage: python benchmarks/html_faults.py [--baseline PYTHON] [--n 20000]

Times the HTML loader (trafilatura's extraction included) on two generated pages, at N
and 2N: N unclosed ``<b>`` followed by N stray ``</i>``, and JSON-LD nested N deep (N
times 10 for the nesting). Linear code takes about twice as long at 2N; the previous
version (``--baseline`` with its interpreter) took over 30 s on 40,000 tags and raised
RecursionError on deep JSON-LD, losing the page.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

TIMED = r"""
import json, sys, time
from workbench.registry import loader_for
from workbench.types import RawInput

kind, n = sys.argv[1], int(sys.argv[2])
if kind == "tags":
    page = "<p>Tariffs on steel rose 25 per cent in 2018.</p>" + "<b>x " * n + "</i>" * n
else:
    page = ('<script type="application/ld+json">' + "[" * n + "]" * n + "</script>"
            "<p>Tariffs on steel rose 25 per cent in 2018.</p>")
started = time.perf_counter()
try:
    document = loader_for("text/html").load(RawInput("page.html", page.encode(), "text/html"))
    outcome = "kept" if "Tariffs on steel" in document["text"] else "lost the text"
except Exception as error:
    outcome = type(error).__name__
print(json.dumps([time.perf_counter() - started, outcome]))
"""


def timed(python: str, kind: str, n: int, limit: float) -> str:
    """``seconds outcome`` of one load in a fresh process, or a timeout."""
    try:
        result = subprocess.run([python, "-c", TIMED, kind, str(n)], capture_output=True,
                                text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return f"over {limit:.0f} s"
    if result.returncode:
        return result.stderr.strip().splitlines()[-1]
    seconds, outcome = json.loads(result.stdout)
    return f"{seconds:6.2f} s {outcome}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--baseline", metavar="PYTHON")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per load")
    args = parser.parse_args()
    pythons = {"workbench": sys.executable}
    if args.baseline:
        pythons["baseline"] = args.baseline
    for kind, n in (("tags", args.n), ("json-ld", args.n * 10)):
        for label, python in pythons.items():
            print(f"{kind:<8} {label:<10} N={n:>7}: {timed(python, kind, n, args.limit)}   "
                  f"2N={2 * n:>7}: {timed(python, kind, 2 * n, args.limit)}")


if __name__ == "__main__":
    main()
