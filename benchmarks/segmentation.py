"""Sentence splitting on hard cases from real text: Workbench's splitter and libraries.

Usage: python benchmarks/segmentation.py [FILE.jsonl ...]

By default both files of ``tests/data``: ``sentences.jsonl`` (125 cases; the splitter's
rules were written against it: DEV) and ``sentences-heldout.jsonl`` (27 cases labelled
before any splitter was run on them, and not used to change one: HELD OUT). Each line
is a paragraph from a real news or web page (its source in the line, see
``tests/data/SENTENCES.md``) with its expected sentences. A case counts as right when
the sentences are exactly the expected ones (leading list bullets and surrounding white
space ignored); boundary precision and recall count the sentence ends. Each library
that is installed is scored side by side, with the time to import it and to split the
whole file (median of 5 runs). Candidates: ``pysbd``, ``syntok``, ``blingfire`` (pip
install them to compare); NLTK's Punkt needs its model downloaded at run time, which
Workbench does not allow, so it is not a candidate.
"""

from __future__ import annotations

import importlib
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BULLET = "-•*–—· \t"


def _workbench() -> Callable[[str], list[str]]:
    from workbench_plugins.segmenters.sentences import split_sentences

    return lambda text: [text[start:end] for start, end in split_sentences(text)]


def _pysbd() -> Callable[[str], list[str]]:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return lambda text: list(segmenter.segment(text))


def _syntok() -> Callable[[str], list[str]]:
    from syntok import segmenter

    def split(text: str) -> list[str]:
        found = []
        for paragraph in segmenter.analyze(text):
            for sentence in paragraph:
                start, end = sentence[0].offset, sentence[-1].offset + len(sentence[-1].value)
                start -= len(sentence[0].spacing)
                found.append(text[start:end])
        return found

    return split


def _blingfire() -> Callable[[str], list[str]]:
    import blingfire

    return lambda text: blingfire.text_to_sentences(text).split("\n")


CANDIDATES = {"workbench": ("workbench_plugins.segmenters.sentences", _workbench),
              "pysbd": ("pysbd", _pysbd), "syntok": ("syntok.segmenter", _syntok),
              "blingfire": ("blingfire", _blingfire)}


def normalised(sentences: list[str]) -> list[str]:
    """Sentences without white space around them or a list bullet before them."""
    return [s.strip().lstrip(BULLET).strip() for s in sentences if s.strip().lstrip(BULLET)]


def ends(sentences: list[str]) -> set[int]:
    """Where each sentence ends, counted in non-space characters."""
    found, position = set(), 0
    for sentence in sentences:
        position += len("".join(sentence.split()))
        found.add(position)
    return found


def import_time(module: str) -> float:
    """Seconds to import ``module`` in a fresh interpreter (median of 5)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(5)]
    return statistics.median(runs)


def main() -> None:
    paths = [Path(arg) for arg in sys.argv[1:]] or [ROOT / "tests/data/sentences.jsonl",
                                                     ROOT / "tests/data/sentences-heldout.jsonl"]
    for path in paths:
        score(path)


def score(path: Path) -> None:
    """Print every candidate's score on one file of cases."""
    cases = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    print(f"{len(cases)} cases from real text ({path.name})")
    print(f"{'splitter':<10} {'cases right':>12} {'end precision':>14} {'end recall':>11} "
          f"{'import':>8} {'split all':>10}")
    for name, (module, make) in CANDIDATES.items():
        try:
            importlib.import_module(module)
        except ImportError:
            print(f"{name:<10} not installed")
            continue
        split = make()
        right = true_ends = found_ends = common = 0
        for case in cases:
            expected, got = normalised(case["sentences"]), normalised(split(case["text"]))
            right += expected == got
            want, have = ends(expected), ends(got)
            true_ends, found_ends, common = (true_ends + len(want), found_ends + len(have),
                                             common + len(want & have))
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            for case in cases:
                split(case["text"])
            timings.append(time.perf_counter() - started)
        print(f"{name:<10} {right:>6}/{len(cases):<5} {common / found_ends:>14.3f} "
              f"{common / true_ends:>11.3f} {import_time(module) * 1000:>6.0f}ms "
              f"{statistics.median(timings) * 1000:>8.1f}ms")


if __name__ == "__main__":
    main()
