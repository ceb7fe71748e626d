"""Inputs that used to reach quadratic code: time for N and 2N, and the growth exponent.

Usage: python benchmarks/quadratic.py [--eval ../shared/eval] [--before TREE] [--json]

Cases:

- ``numbers``: one sentence holding N numbers ("The figures were 147, 592, ..."; random
  three-digit integers, seed 1), checked by ``workbench check FILE`` in a process of its
  own; and the quantities detector alone on it. ``citations``: the citations detector on
  one sentence of N note markers ("[12]"). Both used to test each match against every
  match kept before it in the sentence (the quantities detector and ``first_fits``,
  which the citations, attribution and temporal detectors share).
- ``re-check``: an article of N megabytes made of sentences of the CLEF 2020 CheckThat!
  debate transcripts (``--eval``; five sentences a paragraph), checked into a store, then
  revised (a paragraph added near the top, one word changed in the middle) and checked
  into the store again: the time of that second ``workbench check --store``. Re-anchoring
  used to search the whole text for every claim that had moved.

An exponent near 1 is linear (time doubles with the input), near 2 quadratic. With
``--before TREE`` (a checkout of an earlier commit) every case also runs on that code,
printed side by side. Nothing here was tuned on these inputs: the numbers are synthetic
and the transcripts are an evaluation set no code path depends on.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NUMBERS = (20_000, 40_000)
MEGABYTES = (1.0, 2.0)
DEFAULT_EVAL = Path("../shared/eval")


def numbers_text(count: int) -> str:
    """One sentence of ``count`` random three-digit numbers."""
    rng = random.Random(1)
    return ("The figures were " + ", ".join(str(rng.randint(100, 999)) for _ in range(count))
            + ".\n")


def citations_text(count: int) -> str:
    """One sentence of ``count`` note markers ("[12]")."""
    rng = random.Random(1)
    return ("The figures were " + ", ".join(f"[{rng.randint(1, 999)}]" for _ in range(count))
            + ".\n")


def debate_article(eval_dir: Path, megabytes: float) -> tuple[str, str]:
    """An article of about ``megabytes`` MB of debate sentences, and its revision."""
    sentences = []
    for path in sorted((eval_dir / "checkthat2020-debates").glob("*/*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) >= 3 and fields[2].strip():
                sentences.append(fields[2].strip())
    chosen, size = [], 0
    while size < megabytes * 1_000_000:
        sentence = sentences[len(chosen) % len(sentences)]
        chosen.append(sentence)
        size += len(sentence) + 1
    paragraphs = [" ".join(chosen[at:at + 5]) for at in range(0, len(chosen), 5)]
    article = "\n\n".join(paragraphs) + "\n"
    paragraphs.insert(2, "In 2024 the council added a paragraph near the top, at a cost of "
                         "$3 million.")
    middle = len(paragraphs) // 2
    paragraphs[middle] = paragraphs[middle].replace(" the ", " a ", 1)
    return article, "\n\n".join(paragraphs) + "\n"


def environment(tree: Path | None, folder: Path) -> dict[str, str]:
    """The environment of a run on ``tree``'s code (the installed code when ``None``)."""
    config = folder / "workbench.toml"
    config.write_text("timeout = 0\n", encoding="utf-8")  # no document dropped: time it all
    env = {**os.environ, "WORKBENCH_CACHE_DIR": str(folder / "cache"),
           "WORKBENCH_CONFIG": str(config)}
    if tree is not None:
        code = folder / "code"
        code.mkdir(exist_ok=True)
        for name, source in (("workbench", "workbench"), ("workbench_plugins", "plugins")):
            link = code / name
            if not link.exists():
                link.symlink_to(tree / source)
        env["PYTHONPATH"] = str(code)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def timed_run(args: list[str], env: dict[str, str], cwd: Path) -> float:
    """Seconds a ``python -m workbench ARGS`` run takes; it must succeed."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "workbench", *args], env=env, cwd=cwd,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"workbench {' '.join(args)} failed: {done.stderr.strip()}")
    return elapsed


def detector_seconds(detector: str, text: str, env: dict[str, str], cwd: Path) -> float:
    """Seconds the bundled ``detector`` takes on ``text`` (one sentence)."""
    script = ("import sys, time\n"
              f"from workbench_plugins.detectors.{detector} import detect_signals\n"
              "text = sys.stdin.read()\n"
              "document = {'text': text, 'uri': 'x', 'published': None, 'metadata': {}}\n"
              "started = time.perf_counter()\n"
              "detect_signals(document, [(0, len(text))])\n"
              "print(time.perf_counter() - started)\n")
    done = subprocess.run([sys.executable, "-c", script], input=text,
                          env=env, cwd=cwd, capture_output=True, text=True, check=True)
    return float(done.stdout)


def measure(tree: Path | None, eval_dir: Path) -> dict[str, dict[str, float]]:
    """Every case's seconds by size, on ``tree``'s code (the installed code when None)."""
    figures: dict[str, dict[str, float]] = {
        "numbers: check": {}, "numbers: quantities": {}, "citations: citations": {},
        "re-check": {}}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        env = environment(tree, folder)
        if tree is not None:  # compiled once, as an installed tree is
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree)], env=env,
                           check=False)
        for count in NUMBERS:
            path = folder / f"numbers-{count}.txt"
            path.write_text(numbers_text(count), encoding="utf-8")
            figures["numbers: check"][f"{count:,}"] = timed_run(
                ["check", str(path), "-o", os.devnull, "--max-size", "100MB"], env, folder)
            figures["numbers: quantities"][f"{count:,}"] = detector_seconds(
                "quantities", numbers_text(count), env, folder)
            figures["citations: citations"][f"{count:,}"] = detector_seconds(
                "citations", citations_text(count), env, folder)
        if not (eval_dir / "checkthat2020-debates").is_dir():
            print(f"re-check: skipped, no {eval_dir / 'checkthat2020-debates'}",
                  file=sys.stderr)
            return figures
        for megabytes in MEGABYTES:
            article, revision = debate_article(eval_dir, megabytes)
            path, db = folder / "article.txt", folder / f"store-{megabytes}.db"
            path.write_text(article, encoding="utf-8")
            store = ["--db", str(db), "check", str(path), "--store", "-o", os.devnull,
                     "--max-size", "100MB"]
            timed_run(store, env, folder)
            path.write_text(revision, encoding="utf-8")
            figures["re-check"][f"{megabytes:g} MB"] = timed_run(store, env, folder)
    return figures


def exponent(times: dict[str, float]) -> float | None:
    """log2 of how much the time grew when the input doubled."""
    values = list(times.values())
    if len(values) < 2 or min(values) <= 0:
        return None
    return math.log2(values[-1] / values[0])


def report(after: dict[str, dict[str, float]], before: dict[str, dict[str, float]] | None
           ) -> None:
    for case, times in after.items():
        if not times:
            continue
        sizes = list(times)
        line = f"{case:<18} " + "  ".join(f"{size}: {times[size]:6.2f} s" for size in sizes)
        grown = exponent(times)
        line += f"   exponent {grown:.2f}" if grown is not None else ""
        if before and before.get(case):
            old = before[case]
            line += ("   | before: " + "  ".join(f"{size}: {old[size]:6.2f} s" for size in sizes)
                     + (f"   exponent {exponent(old):.2f}" if exponent(old) else ""))
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL,
                        help="the shared evaluation folder (for the debate transcripts)")
    parser.add_argument("--before", type=Path, metavar="TREE",
                        help="also time the code of this checkout (an earlier commit)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    before = measure(args.before.resolve(), args.eval) if args.before else None
    after = measure(None, args.eval)
    if args.json:
        print(json.dumps({"after": after, "before": before}, indent=2))
        return
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; seconds per run "
          "(a new process each)")
    report(after, before)


if __name__ == "__main__":
    main()
