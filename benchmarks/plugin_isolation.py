"""What plugin isolation costs: per hook call, per run, and at start-up.

Prints, for a trivial detector called many times:
- the cost of one call without a time limit (fingerprints and type check only) and with
  the default limit (in the main thread: a lazily armed interval timer);
and the median wall time of ``workbench check FILE`` with the default limit and with
``timeout = 0``, each in a fresh process.

Usage: python benchmarks/plugin_isolation.py [FILE] [--calls N] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workbench import hookimpl
from workbench.calls import call_each
from workbench.isolation import Settings
from workbench.plugins import use_settings
from workbench.testing import isolated_plugins

ROOT = Path(__file__).parent.parent


class Trivial:
    """A detector that finds nothing, so only the calling machinery is measured."""

    @hookimpl
    def detect_signals(self, document, sentences):
        return []


def per_call(calls: int, timeout: float, document: dict) -> float:
    """Microseconds per ``detect_signals`` call of one trivial plugin."""
    sentences = [(0, len(document["text"]))]
    with isolated_plugins(("trivial", Trivial()), helpers=()), \
            use_settings(Settings(default_timeout=timeout)):
        started = time.perf_counter()
        for _ in range(calls):
            call_each("detect_signals", lambda name, error: None,
                      document=document, sentences=sentences)
        return (time.perf_counter() - started) / calls * 1e6


def run_medians(file: str, configs: dict[str, str], runs: int) -> dict[str, float]:
    """Median seconds of ``workbench check FILE --config C`` per config, runs interleaved."""
    times: dict[str, list[float]] = {label: [] for label in configs}
    for _ in range(runs):
        for label, config in configs.items():
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "workbench", "check", file,
                            "--config", config], check=True, capture_output=True)
            times[label].append(time.perf_counter() - started)
    return {label: statistics.median(values) for label, values in times.items()}


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(next((ROOT / "seeds").glob("*.txt"))))
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    text = Path(args.file).read_text(encoding="utf-8")
    document = {"id": "doc-0", "uri": args.file, "text": text,
                "offset_map": [[0, 0, len(text)]], "metadata": {}}
    print(f"document: {args.file} ({len(text)} characters)")
    print(f"per call, no time limit:      {per_call(args.calls, 0, document):8.1f} µs")
    print(f"per call, 30 s limit (timer):  {per_call(args.calls, 30, document):7.1f} µs")
    with tempfile.TemporaryDirectory() as folder:
        default, unlimited = Path(folder, "default.toml"), Path(folder, "zero.toml")
        default.write_text("", encoding="utf-8")
        unlimited.write_text("timeout = 0\n", encoding="utf-8")
        medians = run_medians(args.file, {"default limit": str(default),
                                          "timeout = 0": str(unlimited)}, args.runs)
    for label, seconds in medians.items():
        print(f"workbench check, {label + ':':15} {seconds:.3f} s median of {args.runs}")

if __name__ == "__main__":
    main()
