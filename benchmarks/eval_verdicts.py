"""Score the checker plugins on a hand-written verdict test set and print the figures.

Usage: python benchmarks/eval_verdicts.py [benchmarks/data/verdicts.jsonl] [--show-misses]

Each line of the set is one claim with its publication date, an optional as-of date and
the rating a careful fact-checker would give. The claim goes through the real pipeline
(loader record, segmenter, detectors, checkers via the plugin manager); it is marked
check-worthy so that the checkers are scored, not the ranking. The predicted rating is the
best verdict's (``unverified`` when no checker answers). Prints accuracy, a confusion
table, and the number of false claims rated true (the target is zero).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date
from pathlib import Path

from workbench.claims import build_claims
from workbench.pipeline import FailureLog, check, detect, segment
from workbench.records import make_document
from workbench.review import RATINGS, best_verdict
from workbench.types import CheckOptions, RawInput

DEFAULT_SET = Path(__file__).resolve().parent / "data" / "verdicts.jsonl"
NOT_TRUE = {"false", "mostly-false", "outdated", "misleading", "mixed"}


def predict(row: dict) -> tuple[str, str]:
    """The best verdict's rating and rationale for one row of the set."""
    raw = RawInput(uri=f"eval:{row['id']}", data=row["text"].encode(), media_type="text/plain")
    document = make_document(raw, row["text"], published=row.get("published"))
    log = FailureLog(strict=True)
    sentences = segment(document, log)
    claims = build_claims(document, sentences, detect(document, sentences, log))
    for claim in claims:
        claim["checkworthy"] = True
    as_of = date.fromisoformat(row["as_of"]) if row.get("as_of") else None
    check(claims, document, CheckOptions(as_of=as_of), log)
    verdicts = [v for v in (best_verdict(c) for c in claims) if v]
    if not verdicts:
        return "unverified", "no checker answered"
    verdict = max(verdicts, key=lambda v: (v["rating"] != "unverified", v["confidence"]))
    return verdict["rating"], verdict["rationale"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_SET))
    parser.add_argument("--show-misses", action="store_true", help="Print every wrong rating.")
    args = parser.parse_args()
    rows = [json.loads(line) for line in Path(args.path).read_text().splitlines() if line]
    confusion: Counter[tuple[str, str]] = Counter()
    misses = []
    for row in rows:
        rating, rationale = predict(row)
        confusion[row["expected"], rating] += 1
        if rating != row["expected"]:
            misses.append((row, rating, rationale))
    correct = sum(n for (expected, got), n in confusion.items() if expected == got)
    false_true = sum(n for (expected, got), n in confusion.items()
                     if expected in NOT_TRUE and got in ("true", "mostly-true"))
    wrongly_false = sum(n for (expected, got), n in confusion.items()
                        if expected in ("true", "mostly-true", "unverified") and got == "false")
    used = [r for r in RATINGS if any(r in key for key in confusion)]
    print(f"verdict set: {Path(args.path).name}, {len(rows)} claims")
    print(f"accuracy: {correct}/{len(rows)} = {correct / len(rows):.1%}")
    print(f"false/outdated/misleading claims rated true: {false_true} (target 0)")
    print(f"true or uncheckable claims rated false: {wrongly_false}")
    print()
    width = max(len(r) for r in used) + 1
    print("expected \\ predicted".ljust(width + 10) + "".join(r[:10].rjust(11) for r in used))
    for expected in used:
        cells = "".join(str(confusion[expected, got] or ".").rjust(11) for got in used)
        print(expected.ljust(width + 10) + cells)
    if args.show_misses:
        print()
        for row, rating, rationale in misses:
            print(f"{row['id']} expected {row['expected']}, got {rating}: {row['text']}")
            print(f"      {rationale[:300]}")


if __name__ == "__main__":
    main()
