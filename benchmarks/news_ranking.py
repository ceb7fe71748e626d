"""How the check-worthiness ranking serves an editor on real news stories.

Reads the Lee corpus (Lee, Pincombe and Welsh 2005: news stories of the Australian
Broadcasting Corporation, one a line), as shipped in gensim's source distribution::

    pip download --no-binary :all: --no-deps --no-build-isolation gensim -d /tmp/gensim
    tar xzf /tmp/gensim/gensim-*.tar.gz -C /tmp/gensim
    python benchmarks/news_ranking.py /tmp/gensim/gensim-*/gensim/test/test_data/lee_background.cor

Each story is checked as a text file by ``workbench check``'s pipeline. Two measures:

1. Length of the reading views (no labels): how many claims of each story score
   check-worthy, over the stories that were *not* labelled. The reading views' default
   length (``top`` in workbench.toml, ``--top``) is the 90th percentile of these counts
   rounded up, so nine stories in ten show all their check-worthy claims and a longer one
   shows its best, with a line saying how many more there are.
2. Ranking (held out): on the 20 stories of ``benchmarks/data/news_labels.json``, labelled
   sentence by sentence before any scorer ran on them, precision at 5 and 10 of the
   claims ranked by score, average precision, and precision, recall and F1 of the
   check-worthy flag. Nothing in the scorer or in the default length was chosen on them.

Usage: python benchmarks/news_ranking.py LEE_FILE [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "benchmarks" / "data" / "news_labels.json"


def _claims(line: int, text: str) -> list[dict[str, Any]]:
    """The claims ``workbench check`` finds in one story, checked as a text file."""
    from workbench.pipeline import FailureLog, check_input
    from workbench.types import CheckOptions, RawInput

    raw = RawInput(uri=f"lee_background.cor line {line}", data=text.encode("utf-8"),
                   media_type="text/plain")
    entry = check_input(raw, CheckOptions(), FailureLog())
    return entry["claims"] if entry else []


def percentile(values: list[int], share: float) -> float:
    """The ``share`` quantile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def length_figures(stories: list[str], labelled: set[int]) -> dict[str, Any]:
    """Check-worthy claims per unlabelled story, and the default length they give."""
    counts = [sum(c["checkworthy"] for c in _claims(line, text))
              for line, text in enumerate(stories, 1) if line not in labelled]
    sentences = [len(_claims(line, text)) for line, text in enumerate(stories, 1)
                 if line not in labelled]
    return {"stories": len(counts), "sentences_median": percentile(sentences, 0.5),
            "checkworthy_median": percentile(counts, 0.5),
            "checkworthy_p75": percentile(counts, 0.75),
            "checkworthy_p90": percentile(counts, 0.9), "checkworthy_max": max(counts),
            "share_flagged": round(sum(counts) / sum(sentences), 3),
            "default_top": math.ceil(percentile(counts, 0.9))}


def ranking_figures(stories: list[str], documents: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision at k, average precision and the flag's P/R/F1 on the labelled stories."""
    at = {5: [], 10: []}
    precisions, tp, flagged, positives, total, mismatched = [], 0, 0, 0, 0, []
    for document in documents:
        line = document["line"]
        by_hash = {hashlib.sha1(c["text"].encode()).hexdigest()[:10]: c
                   for c in _claims(line, stories[line - 1])}
        labels = document["sentences"]
        if any(s["sha1"] not in by_hash for s in labels):
            mismatched.append(line)  # the segmenter or loader splits this story otherwise now
            continue
        scored = sorted(((by_hash[s["sha1"]]["checkworthiness"], s["checkworthy"],
                          by_hash[s["sha1"]]["checkworthy"]) for s in labels),
                        key=lambda item: -item[0])
        order = [label for _, label, _ in scored]
        for k in at:
            at[k].append(sum(order[:k]) / k)
        hits, total_precision = 0, 0.0
        for rank, label in enumerate(order, 1):
            if label:
                hits += 1
                total_precision += hits / rank
        precisions.append(total_precision / max(hits, 1))
        tp += sum(1 for _, label, flag in scored if label and flag)
        flagged += sum(1 for *_, flag in scored if flag)
        positives += sum(order)
        total += len(order)
    count = len(precisions)
    precision = tp / flagged if flagged else 0.0
    recall = tp / positives if positives else 0.0
    return {"stories": count, "sentences": total, "checkworthy": positives,
            "base_rate": round(positives / total, 3) if total else 0.0,
            "precision_at_5": round(sum(at[5]) / count, 3) if count else 0.0,
            "precision_at_10": round(sum(at[10]) / count, 3) if count else 0.0,
            "mean_average_precision": round(sum(precisions) / count, 3) if count else 0.0,
            "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(2 * tp / (flagged + positives), 3) if flagged + positives else 0.0,
            "stories_not_matching_their_labels": mismatched}


def main() -> int:
    """Print both measures (text, or JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lee_file", help="gensim/test/test_data/lee_background.cor")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    try:
        stories = Path(args.lee_file).read_text(encoding="latin-1").splitlines()
    except OSError as error:
        print(f"error: {args.lee_file}: {error.strerror or error}", file=sys.stderr)
        return 2
    documents = json.loads(LABELS.read_text(encoding="utf-8"))["documents"]
    if len(stories) < max(d["line"] for d in documents):
        print(f"error: {args.lee_file}: not lee_background.cor ({len(stories)} lines)",
              file=sys.stderr)
        return 2
    figures = {"length": length_figures(stories, {d["line"] for d in documents}),
               "ranking": ranking_figures(stories, documents)}
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    length, ranking = figures["length"], figures["ranking"]
    print(f"check-worthy claims per story, {length['stories']} unlabelled stories "
          f"(median {length['sentences_median']} sentences, {length['share_flagged']:.0%} "
          f"flagged): median {length['checkworthy_median']}, 75th percentile "
          f"{length['checkworthy_p75']}, 90th {length['checkworthy_p90']}, most "
          f"{length['checkworthy_max']} -> default length {length['default_top']}")
    print(f"ranking on {ranking['stories']} labelled stories ({ranking['sentences']} "
          f"sentences, {ranking['base_rate']:.0%} check-worthy): P@5 "
          f"{ranking['precision_at_5']:.3f}  P@10 {ranking['precision_at_10']:.3f}  MAP "
          f"{ranking['mean_average_precision']:.3f}; flag: P {ranking['precision']:.3f}  "
          f"R {ranking['recall']:.3f}  F1 {ranking['f1']:.3f}")
    if ranking["stories_not_matching_their_labels"]:
        print(f"left out (sentences no longer match their labels): "
              f"{ranking['stories_not_matching_their_labels']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
