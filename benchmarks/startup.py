"""Time `workbench check FILE --format json` as a whole process and print the medians.

Usage: python benchmarks/startup.py [FILE] [--runs N]

Prints wall-clock and CPU medians (CPU time is steadier on a busy machine) for the bare
interpreter, `workbench --version` and `workbench check`. The target is a median under
0.25 s for `check` on one seed article on a 2-core machine.

Bytecode is compiled first, as an installed package has it (with PYTHONDONTWRITEBYTECODE
set, an edited module would otherwise be compiled again on every run). The check runs
once before timing, so the plugin caches (entry points, manifest) are warm. ``--breakdown``
then prints where one in-process `check` spends its time: the slowest imports (by
``-X importtime``) and the plugins imported, with the time to import and register each.
"""

from __future__ import annotations

import argparse
import compileall
import json
import re
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


# Run in a child process: time each plugin's import and registration during one check.
PROFILE_PLUGINS = """
import json, sys, time
from workbench import entrypoints
loaded = []
original = entrypoints.load

def timed(value):
    started = time.perf_counter()
    try:
        return original(value)
    finally:
        loaded.append([value, time.perf_counter() - started])

entrypoints.load = timed
sys.argv = ["workbench", *sys.argv[1:]]
from workbench.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(loaded), file=sys.stderr)
"""


def breakdown(workbench: str, file: str, top: int = 15) -> None:
    """Print the slowest imports of one check, and the plugins it imported."""
    command = [sys.executable, "-X", "importtime", workbench, "check", file, "--format", "json"]
    stderr = subprocess.run(command, capture_output=True, text=True, check=True).stderr
    rows = [(int(self_us), name.strip()) for self_us, _, name in
            re.findall(r"import time:\s+(\d+) \|\s+(\d+) \| (.*)", stderr)]
    print(f"\nslowest imports by self time (of {sum(us for us, _ in rows) / 1e6:.3f} s "
          "imported through import statements):")
    for self_us, name in sorted(rows, reverse=True)[:top]:
        print(f"  {self_us / 1000:6.1f} ms  {name}")
    for _ in range(2):  # the first run fills this sys.path's plugin caches
        result = subprocess.run([sys.executable, "-c", PROFILE_PLUGINS, "check", file,
                                 "--format", "json"], capture_output=True, text=True,
                                check=True)
    loaded = json.loads(result.stderr.strip().splitlines()[-1])
    total = sum(seconds for _, seconds in loaded)
    print(f"\n{len(loaded)} plugin modules imported in {total:.3f} s (the first to import a "
          "shared module pays for it):")
    for name, seconds in sorted(loaded, key=lambda item: -item[1]):
        print(f"  {seconds * 1000:6.1f} ms  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--breakdown", action="store_true",
                        help="also print the slowest imports and the plugins imported")
    args = parser.parse_args()
    for folder in ("workbench", "plugins", "schemas"):
        compileall.compile_dir(ROOT / folder, quiet=1)
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
    if args.breakdown:
        breakdown(workbench, args.file)


if __name__ == "__main__":
    main()
