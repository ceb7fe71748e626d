"""Article extraction on real web pages: what `workbench check` keeps, against references.

Usage:
    python benchmarks/extraction.py [--newspaper DIR] [--trafilatura DIR]
                                    [--split dev|held-out|all] [--baseline PYTHON]

No network: the data are folders you bring once (neither is committed here).

- ``--newspaper DIR``: newspaper4k's source distribution, unpacked (Apache-2.0):
  ``pip download --no-binary :all: --no-deps newspaper4k`` then ``tar xzf`` it. Its
  ``tests/data/html`` pages with a reference text in ``tests/data/txt`` (the article as
  newspaper4k's authors expect it) and ``tests/data/metadata`` (title, authors, date).
  Scored with the shingle metric of the article-extraction benchmarks: the text's words
  (``\\w+``, lower-cased), the set of its 4-word shingles; per page precision and recall
  of the kept text's shingles against the reference's; precision and recall averaged over
  pages, F1 of the averages. All of these pages are HELD OUT: nothing was tuned on them.
- ``--trafilatura DIR``: a checkout of trafilatura's repository (Apache-2.0), for its
  evaluation set: ``tests/evaldata.json`` names, for ~990 pages of ``tests/eval`` and
  ``tests/cache``, snippets the article must hold ("with") and must not ("without").
  Scored as trafilatura's own evaluation does: a "with" snippet found is a true positive,
  a "without" snippet found a false positive, over all pages. Split by a hash of the file
  name: one page in five is DEV (used while building the loader), the rest HELD OUT.
  Note that trafilatura was developed on these pages.

Workbench's kept text is what a check makes claim candidates of: the loader's text less
what the ``find_boilerplate`` hook drops, sentence by sentence. trafilatura 2.3 runs in
the same process on the same pages, as a user would run it for articles: its full
(not ``fast``) mode, comments left out, tables kept.

Furniture: a check-worthy candidate of a newspaper4k page counts as furniture when under
half of its 4-word shingles (for a sentence under four words: its words in order) are in
the reference text. Throughput: whole checks per second (every offline plugin), one
process; ``--baseline PYTHON`` times the same pages with another installation's
interpreter (e.g. a checkout of the previous version), side by side.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

TOKEN = re.compile(r"\w+")
SHINGLE = 4


def tokens(text: str) -> list[str]:
    """The words of ``text``, lower-cased."""
    return TOKEN.findall(text.lower())


def shingles(text: str) -> set[tuple[str, ...]]:
    """The set of 4-word shingles of ``text`` (the whole text if it is shorter)."""
    words = tokens(text)
    if len(words) < SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def precision_recall(kept: str, reference: str) -> tuple[float, float]:
    """Shingle precision and recall of ``kept`` against ``reference`` for one page."""
    ours, theirs = shingles(kept), shingles(reference)
    if not ours and not theirs:
        return 1.0, 1.0
    common = len(ours & theirs)
    return (common / len(ours) if ours else 0.0, common / len(theirs) if theirs else 0.0)


def f1(precision: float, recall: float) -> float:
    """The harmonic mean."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def is_dev(name: str) -> bool:
    """One trafilatura page in five, by a hash of its file name, is for development."""
    return hashlib.sha256(name.encode("utf-8")).digest()[0] % 5 == 0


# -- what each side keeps ------------------------------------------------------------------

CHECK = r"""
import json, sys
from workbench.pipeline import FailureLog, check_input
from workbench.types import CheckOptions, RawInput

from workbench.errors import InputError

def check(path):
    data = open(path, "rb").read()
    log = FailureLog(emit=lambda _line: None)
    try:
        entry = check_input(RawInput(path, data, "text/html", "auto"), CheckOptions(), log, 60)
    except InputError as error:
        entry = None
        log.failures.append({"message": str(error)})
    if entry is None:
        failed = [f["message"] for f in log.failures]
        return {"kept": "", "claims": [], "document": None, "failed": failed}
    document = entry["document"]
    return {"kept": "\n".join(c["text"] for c in entry["claims"]),
            "claims": [[c["text"], c["checkworthy"]] for c in entry["claims"]],
            "document": {k: document.get(k) for k in ("title", "author", "published")},
            "notes": document.get("metadata", {}).get("notes", [])}
"""

RESULTS = CHECK + r"""
print(json.dumps([check(path) for path in json.loads(sys.stdin.read())]))
"""

TIMED = CHECK + r"""
import time
paths = json.loads(sys.stdin.read())
for path in paths[:3]:
    check(path)  # imports and caches warmed, as in a folder run
started = time.perf_counter()
for path in paths:
    check(path)
print(json.dumps(len(paths) / (time.perf_counter() - started)))
"""


def _run(python: str, script: str, paths: list[Path]) -> object:
    result = subprocess.run([python, "-c", script], input=json.dumps([str(p) for p in paths]),
                            capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{python}: {result.stderr.strip().splitlines()[-1]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def workbench_results(python: str, paths: list[Path]) -> list[dict]:
    """What `workbench check` keeps of each page, with the installation of ``python``."""
    found = _run(python, RESULTS, paths)
    assert isinstance(found, list)
    return found


def trafilatura_text(page: bytes) -> str:
    """trafilatura's article text in its full mode, comments left out, tables kept."""
    import trafilatura

    return trafilatura.extract(page, include_comments=False, include_tables=True,
                               deduplicate=False) or ""


def pages_per_second(python: str, paths: list[Path]) -> float:
    """Whole checks per second of ``paths`` with the installation of ``python``."""
    found = _run(python, TIMED, paths)
    assert isinstance(found, float)
    return found


# -- data sets -----------------------------------------------------------------------------

def newspaper_pages(folder: Path) -> list[tuple[str, Path, str, dict]]:
    """(name, html path, reference text, expected metadata) of newspaper4k's test pages."""
    data = next(folder.glob("**/tests/data"), None) or folder / "tests" / "data"
    found = []
    for reference in sorted((data / "txt").glob("*.txt")):
        page = data / "html" / f"{reference.stem}.html"
        if page.exists():
            meta_file = data / "metadata" / f"{reference.stem}.json"
            meta = json.loads(meta_file.read_text("utf-8")) if meta_file.exists() else {}
            found.append((reference.stem, page, reference.read_text("utf-8"), meta))
    return found


def trafilatura_pages(folder: Path, split: str) -> list[tuple[str, Path, list[str], list[str]]]:
    """(file, html path, "with" snippets, "without" snippets) of trafilatura's eval set."""
    tests = folder / "tests"
    entries = json.loads((tests / "evaldata.json").read_text("utf-8"))
    found = []
    for entry in entries.values():
        name = entry["file"]
        if split != "all" and is_dev(name) != (split == "dev"):
            continue
        for sub in ("eval", "cache"):
            if (tests / sub / name).exists():
                found.append((name, tests / sub / name, entry.get("with", []),
                              entry.get("without", [])))
                break
    return found


# -- reports ------------------------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(text.split())


def is_furniture(claim: str, reference_shingles: set, reference_words: str) -> bool:
    """A candidate most of whose shingles (or, if short, its words) are not the article's."""
    mine = shingles(claim)
    if not mine:
        return False
    if len(tokens(claim)) < SHINGLE:
        return " ".join(tokens(claim)) not in reference_words
    return len(mine & reference_shingles) * 2 < len(mine)


def report_newspaper(folder: Path, pythons: dict[str, str]) -> list[Path]:
    """Shingle F1, empty pages, furniture and metadata on newspaper4k's pages."""
    pages = newspaper_pages(folder)
    paths = [path for _, path, _, _ in pages]
    kept = {label: workbench_results(python, paths) for label, python in pythons.items()}
    kept["trafilatura"] = [{"kept": trafilatura_text(path.read_bytes())} for path in paths]
    labels = list(kept)
    scores: dict[str, list[tuple[float, float]]] = {label: [] for label in labels}
    print(f"newspaper4k test pages with reference texts (HELD OUT): {len(pages)} pages")
    print(f"{'page':<20}" + "".join(f"{label + ' P/R/F1':>22}" for label in labels))
    for index, (name, _path, reference, _meta) in enumerate(pages):
        row = f"{name[:20]:<20}"
        for label in labels:
            p, r = precision_recall(kept[label][index]["kept"], reference)
            scores[label].append((p, r))
            row += f"{p:10.2f} {r:4.2f} {f1(p, r):5.2f}"
        print(row)
    for label in labels:
        precision = statistics.mean(p for p, _ in scores[label])
        recall = statistics.mean(r for _, r in scores[label])
        empty = [name for (name, _, reference, _), result in zip(pages, kept[label], strict=True)
                 if tokens(reference) and not result["kept"].strip()]
        print(f"  {label:<12} precision {precision:.3f}  recall {recall:.3f}  "
              f"F1 {f1(precision, recall):.3f}  pages with a story that kept nothing: "
              f"{len(empty)} {empty}")
    for label in pythons:
        furniture = checkworthy = 0
        for (_, _, reference, _), result in zip(pages, kept[label], strict=True):
            reference_shingles, reference_words = shingles(reference), " ".join(tokens(reference))
            for text, worthy in result["claims"]:
                if worthy:
                    checkworthy += 1
                    furniture += is_furniture(text, reference_shingles, reference_words)
        share = furniture / checkworthy if checkworthy else 0.0
        print(f"  {label:<12} check-worthy candidates from furniture: {furniture} of "
              f"{checkworthy} ({share:.1%})")
    _report_metadata(pages, {label: [r["document"] or {} for r in kept[label]]
                             for label in pythons})
    return paths


def _report_metadata(pages: list[tuple[str, Path, str, dict]],
                     found: dict[str, list[dict]]) -> None:
    """Exact titles, authors (an expected author named) and dates (the day) found."""
    from trafilatura import extract_metadata

    found = dict(found)
    found["trafilatura"] = []
    for _, path, _, _ in pages:
        meta = extract_metadata(path.read_text("utf-8", "replace"))
        found["trafilatura"].append({"title": meta.title, "author": meta.author,
                                     "published": meta.date} if meta else {})
    expected = [meta for *_, meta in pages]
    titles = sum(1 for meta in expected if meta.get("title"))
    authors = sum(1 for meta in expected if meta.get("authors"))
    dates = sum(1 for meta in expected if meta.get("publish_date"))
    for label, documents in found.items():
        hits = [0, 0, 0]
        for meta, got in zip(expected, documents, strict=True):
            if meta.get("title") and _norm(got.get("title") or "") == _norm(meta["title"]):
                hits[0] += 1
            named = (got.get("author") or "").lower()
            if meta.get("authors") and any(a.lower() in named for a in meta["authors"]):
                hits[1] += 1
            day = (meta.get("publish_date") or "")[:10]
            if day and (got.get("published") or "")[:10] == day:
                hits[2] += 1
        print(f"  metadata by {label:<12} title {hits[0]}/{titles}  author {hits[1]}/"
              f"{authors}  date {hits[2]}/{dates}")


def report_trafilatura(folder: Path, split: str, pythons: dict[str, str]) -> list[Path]:
    """Snippet precision, recall and F1 on trafilatura's evaluation set."""
    pages = trafilatura_pages(folder, split)
    paths = [path for _, path, _, _ in pages]
    kept = {label: [r["kept"] for r in workbench_results(python, paths)]
            for label, python in pythons.items()}
    kept["trafilatura"] = [trafilatura_text(path.read_bytes()) for path in paths]
    held = {"dev": "DEV", "held-out": "HELD OUT"}.get(split, "DEV + HELD OUT")
    print(f"trafilatura's evaluation set ({held}): {len(pages)} pages")
    for label, texts in kept.items():
        tp = fn = fp = 0
        for (_, _, with_, without), text in zip(pages, texts, strict=True):
            flat = _norm(text)
            found = sum(_norm(snippet) in flat for snippet in with_)
            tp, fn = tp + found, fn + len(with_) - found
            fp += sum(_norm(snippet) in flat for snippet in without)
        empty = [name for (name, *_), text in zip(pages, texts, strict=True) if not text.strip()]
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        print(f"  {label:<12} precision {precision:.3f}  recall {recall:.3f}  "
              f"F1 {f1(precision, recall):.3f}  pages that kept nothing: {len(empty)} "
              f"{empty[:10]}")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--newspaper", type=Path, help="newspaper4k's unpacked sdist")
    parser.add_argument("--trafilatura", type=Path, help="a checkout of trafilatura")
    parser.add_argument("--split", choices=("dev", "held-out", "all"), default="held-out",
                        help="which part of trafilatura's set (default: held-out)")
    parser.add_argument("--baseline", metavar="PYTHON",
                        help="also score and time the pages with this interpreter's "
                             "workbench (e.g. the previous version's)")
    args = parser.parse_args()
    if not args.newspaper and not args.trafilatura:
        parser.error("give --newspaper DIR and/or --trafilatura DIR (see --help)")
    pythons = {"workbench": sys.executable}
    if args.baseline:
        pythons["baseline"] = args.baseline
    timed: list[Path] = []
    if args.newspaper:
        timed += report_newspaper(args.newspaper, pythons)
    if args.trafilatura:
        timed += report_trafilatura(args.trafilatura, args.split, pythons)[:200]
    after = pages_per_second(sys.executable, timed)
    line = f"throughput, {len(timed)} pages, one process: {after:.1f} pages/s"
    if args.baseline:
        before = pages_per_second(args.baseline, timed)
        line += f" (baseline {before:.1f} pages/s, {after / before:.2f}x)"
    print(line)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
