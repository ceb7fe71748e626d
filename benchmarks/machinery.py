"""What each mechanism kept for speed gains, measured by switching it off.

Usage: python benchmarks/machinery.py [--runs 15] [--corpus DIR] [--instructions]

A mechanism stays only if it gains at least 20% on a benchmark a user would notice; this
prints, side by side with proselint on the same article:

- cold ``workbench check`` of one seed article (median wall and CPU time of whole
  processes), as shipped, without the entry-point cache (every run searches the installed
  distributions), with every detector pattern compiled at import instead of on first
  use, with every pattern compiled at start (the detectors', the assertion reader's, the
  dateline, link and Wikidata ones: compiling on first use is one mechanism wherever it
  is used), and without the kept knowledge base (every run reads the fact packs);
  ``--instructions`` also counts the instructions each executes, which machine load does
  not change (wall time on a shared machine varies by 10% between identical runs, so
  the counts decide and the times are shown beside them);
- the CPU time per MB of checking a folder's documents in one process, with the
  detectors' keyword gates and without them (every pattern tried in every sentence).

``--corpus`` defaults to a copy of ``seeds/`` repeated 40 times.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "001_4ce4d3abd3835391.txt"
EAGER = ("import re, workbench_plugins.shared.scan as scan\n"
         "def eager(self, pattern, flags=0):\n"
         "    self._args = (pattern, flags)\n"
         "    self._compiled = re.compile(pattern, flags)\n"
         "scan.LazyPattern.__init__ = eager\n")
# Every pattern compiled before the run, wherever it is otherwise compiled on first use:
# the detectors' patterns, the assertion reader's, the dateline, link and Wikidata ones.
EVERY_PATTERN_AT_START = EAGER + (
    "import workbench_plugins.shared.assertions as a, workbench_plugins.shared.datelines as d\n"
    "import workbench_plugins.checkers.links as l, workbench_plugins.checkers.wikidata as w\n"
    "[p.regex for p in a.patterns()]; d._patterns(); l._patterns(); w.shapes()\n")
NO_ENTRY_POINT_CACHE = (
    "import workbench.entrypoints as e\n"
    "from importlib.metadata import entry_points as installed\n"
    "e.entry_points = lambda: [(p.name, p.value, p.dist.name if p.dist else None)\n"
    "                          for p in installed(group=e.GROUP)]\n")
NO_KNOWLEDGE_CACHE = ("import workbench_plugins.shared.facts as facts\n"
                      "facts.cache_dir = lambda: __import__('pathlib').Path('/dev/null/none')\n")
RUN = "import sys; from workbench.cli import main; sys.argv = ['workbench', *sys.argv[1:]]; main()"


def timed(variants: dict[str, tuple[list[str], dict[str, str]]], runs: int
          ) -> dict[str, tuple[float, float]]:
    """Median wall-clock and CPU seconds of each variant's command, the variants taking
    turns run after run (so that the machine's load falls on all alike), after one
    warm-up run each."""
    walls: dict[str, list[float]] = {name: [] for name in variants}
    cpus: dict[str, list[float]] = {name: [] for name in variants}
    for warm_up in (True, *([False] * runs)):
        for name, (command, env) in variants.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, env=env, check=False)
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if not warm_up:
                walls[name].append(wall)
                cpus[name].append(after.ru_utime + after.ru_stime - before.ru_utime
                                  - before.ru_stime)
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name]))
            for name in variants}


def cold(runs: int, count: bool) -> None:
    """Cold runs of one article: as shipped, and with each start-up mechanism off."""
    check = ["check", str(SEED), "--format", "json"]
    env = dict(os.environ)
    variants = {"as shipped": ([sys.executable, "-c", RUN, *check], env)}
    variants["no entry-point cache"] = (
        [sys.executable, "-c", NO_ENTRY_POINT_CACHE + RUN, *check], env)
    variants["patterns compiled at import"] = ([sys.executable, "-c", EAGER + RUN, *check], env)
    variants["every pattern compiled at start"] = (
        [sys.executable, "-c", EVERY_PATTERN_AT_START + RUN, *check], env)
    variants["no knowledge cache"] = (
        [sys.executable, "-c", NO_KNOWLEDGE_CACHE + RUN, *check], env)
    proselint = shutil.which("proselint") or str(
        Path(tempfile.gettempdir()) / "proselint-venv" / "bin" / "proselint")
    if Path(proselint).exists():
        variants["proselint (anchor)"] = ([proselint, "check", str(SEED)], env)
    results = timed(variants, runs)
    counts = instructions(variants) if count else {}
    base_wall, base_cpu = results["as shipped"]
    print(f"cold check of {SEED.name} ({runs} runs, medians):")
    for name, (wall, cpu) in results.items():
        print(f"  {name:30} {wall:6.3f} s wall {cpu:6.3f} s CPU   "
              f"({(wall / base_wall - 1) * 100:+5.1f}% wall, {(cpu / base_cpu - 1) * 100:+5.1f}% "
              "CPU against as shipped)")
    if counts:
        print("instructions executed (valgrind; the same whatever else the machine does):")
        for name, number in counts.items():
            print(f"  {name:30} {number / 1e6:7.0f} M   "
                  f"({(number / counts['as shipped'] - 1) * 100:+5.1f}% against as shipped)")


def instructions(variants: dict[str, tuple[list[str], dict[str, str]]]) -> dict[str, int]:
    """The instructions each variant's command executes, counted by valgrind's callgrind
    (hash seed fixed; after a run that fills the caches)."""
    counts = {}
    for name, (command, env) in variants.items():
        subprocess.run(command, capture_output=True, env=env, check=False)
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                               *command], capture_output=True, text=True, check=False,
                              env={**env, "PYTHONHASHSEED": "0"})
        found = re.search(r"Collected : (\d+)", done.stderr)
        if found:
            counts[name] = int(found.group(1))
    return counts


def gates(corpus: Path) -> None:
    """CPU seconds per MB of checking ``corpus`` in one process, gates on and off."""
    code = f"""
import pathlib, sys, time
from workbench.pipeline import FailureLog, check_input
from workbench.plugins import get_plugin_manager
from workbench.types import CheckOptions, RawInput
import workbench_plugins.shared.scan as scan
if sys.argv[1] == "off":
    def matches(self, text, lowered, sentences):
        for first, last in sentences or [(0, len(text))]:
            for rule in self.rules:
                source = lowered if rule.lowered else text
                for match in rule.pattern.finditer(source, first, last):
                    yield first, rule, match
    scan.Scanner.matches = matches
get_plugin_manager()
files = sorted(pathlib.Path({str(corpus)!r}).rglob("*.txt"))
raws = [RawInput(str(f), f.read_bytes(), "text/plain") for f in files]
started = time.process_time()
for raw in raws:
    check_input(raw, CheckOptions(), FailureLog(emit=lambda _: None))
size = sum(len(raw.data) for raw in raws) / 1e6
print(f"{{(time.process_time() - started) / size:.3f}} {{size:.2f}}")
"""
    figures = {}
    for state in ("on", "off"):
        out = subprocess.run([sys.executable, "-c", code, state], capture_output=True,
                             text=True, check=True).stdout.split()
        figures[state] = float(out[0])
        size = out[1]
    print(f"checking {size} MB in one process, CPU seconds per MB:")
    print(f"  keyword gates on  {figures['on']:.3f}")
    print(f"  keyword gates off {figures['off']:.3f}  "
          f"({(figures['off'] / figures['on'] - 1) * 100:+.0f}%)")


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--instructions", action="store_true",
                        help="also count each variant's instructions with valgrind")
    args = parser.parse_args()
    cold(args.runs, args.instructions)
    if args.corpus:
        gates(args.corpus)
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        for copy in range(40):
            for seed in (ROOT / "seeds").glob("*.txt"):
                shutil.copy(seed, Path(scratch) / f"{copy:02d}-{seed.name}")
        gates(Path(scratch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
