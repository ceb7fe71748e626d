"""Time `workbench check FILE --format json` as a whole process and print the medians.

Usage: python benchmarks/startup.py [FILE] [--runs N]

Prints wall-clock and CPU medians (CPU time is steadier on a busy machine) for the bare
interpreter, `workbench --version` and `workbench check`. The target is a median under
0.25 s for `check` on one seed article on a 2-core machine.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "seeds" / "001_4ce4d3abd3835391.txt"


def measure(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``command`` over ``runs`` runs (after a warm-up)."""
    subprocess.run(command, capture_output=True, check=True)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    workbench = shutil.which("workbench", path=str(Path(sys.executable).parent)) or "workbench"
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "workbench --version": [workbench, "--version"],
        "workbench check --format json": [workbench, "check", args.file, "--format", "json"],
    }
    print(f"file: {Path(args.file).name}, {args.runs} runs each")
    for label, command in cases.items():
        wall, cpu = measure(command, args.runs)
        print(f"{label:<32} median wall {wall:.3f} s   median cpu {cpu:.3f} s")


if __name__ == "__main__":
    main()
