"""Offline checking throughput: MB/s of the pipeline with and without the checker plugins.

Usage: python benchmarks/checking_throughput.py [--copies N] [--runs N]

The corpus is the seed articles repeated N times, each copy made distinct (a numbered
first line) so no cache keyed by document can help. Each mode runs in its own process with
``WORKBENCH_LOAD_PLUGINS`` naming the plugins to load, the two modes alternating; the best
wall and CPU times are kept. The knowledge base is loaded before timing starts (its
one-off load time is printed separately). The target: checking keeps
at least 80% of the detection-only throughput.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from importlib.metadata import distribution
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKERS = ("facts_checker", "time_checker", "arithmetic_checker")


def corpus(copies: int) -> list[str]:
    """The seed texts, ``copies`` times, each copy with its own first line."""
    seeds = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    return [f"Copy {n}\n\n{text}" for n in range(copies) for text in seeds]


def measure(copies: int, runs: int) -> dict[str, float]:
    """Run the pipeline over the corpus in this process; return MB and best seconds."""
    from workbench.pipeline import FailureLog, check_input
    from workbench.types import CheckOptions, RawInput

    texts = corpus(copies)
    raws = [RawInput(uri=f"bench:{i}", data=text.encode(), media_type="text/plain")
            for i, text in enumerate(texts)]
    started = time.perf_counter()
    try:
        from workbench_plugins.shared.facts import knowledge_base

        if os.environ["WORKBENCH_LOAD_PLUGINS"].count("checker"):
            knowledge_base()
    except ImportError:
        pass
    load = time.perf_counter() - started
    check_input(raws[0], CheckOptions(), FailureLog(strict=True))  # warm-up
    best, best_cpu = float("inf"), float("inf")
    verdicts = 0
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        entries = [check_input(raw, CheckOptions(), FailureLog(strict=True)) for raw in raws]
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        verdicts = sum(len(c["verdicts"]) for e in entries if e for c in e["claims"])
    megabytes = sum(len(raw.data) for raw in raws) / 1e6
    return {"mb": megabytes, "seconds": best, "cpu": best_cpu, "load": load,
            "verdicts": verdicts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.copies, args.runs)))
        return
    bundled = [ep.name for ep in distribution("workbench").entry_points
               if ep.group == "workbench"]
    modes = {"detection only": [n for n in bundled if n not in CHECKERS],
             "with offline checkers": bundled}
    results: dict[str, dict[str, float]] = {}
    for _ in range(args.runs):  # alternate the modes so both see the same machine load
        for label, names in modes.items():
            env = {**os.environ, "WORKBENCH_LOAD_PLUGINS": ",".join(names)}
            output = subprocess.run([sys.executable, __file__, "--child", "--copies",
                                     str(args.copies), "--runs", "1"],
                                    env=env, capture_output=True, text=True, check=True).stdout
            result = json.loads(output)
            kept = results.setdefault(label, result)
            for key in ("seconds", "cpu", "load"):
                kept[key] = min(kept[key], result[key])
    for label, result in results.items():
        print(f"{label:<22} {result['mb']:.2f} MB: wall {result['seconds']:.3f} s = "
              f"{result['mb'] / result['seconds']:.2f} MB/s, cpu {result['cpu']:.3f} s = "
              f"{result['mb'] / result['cpu']:.2f} MB/s ({result['verdicts']:.0f} verdicts)")
    base, full = results["detection only"], results["with offline checkers"]
    wall = base["seconds"] / full["seconds"]
    cpu = base["cpu"] / full["cpu"]
    print(f"checking keeps {wall:.0%} (wall) / {cpu:.0%} (cpu) of detection throughput "
          f"(target >= 80%); knowledge base load once per process: {full['load'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
