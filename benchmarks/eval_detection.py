"""Print detection and check-worthiness figures, through the code path of ``workbench``.

1. Check-worthiness on labelled data nobody on this project wrote (EVAL_DIR, default
   ``../shared/eval``): the CheckThat! 2024 English dev-test split (held out: never used
   in training or tuning) and ClaimBuster groundtruth.csv (part of the training data, so
   an in-sample figure), both through ``workbench_plugins.commands.eval`` as ``workbench eval``
   runs them; plus the cross-validated F1 recorded in the shipped model.
2. Recall per signal kind on the seed articles, against the hand labels in
   ``benchmarks/data/seed_labels.json``: a label counts as found when a signal of its
   kind overlaps its span (and as exact when the spans are equal), running the documents
   through ``workbench check``'s pipeline.
3. Detector speed: CPU seconds per MB of each detector on the seed articles.

Usage: python benchmarks/eval_detection.py [EVAL_DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "benchmarks" / "data" / "seed_labels.json"


def checkworthiness_figures(eval_dir: Path) -> dict[str, dict]:
    """Precision, recall and F1 on each available labelled file."""
    from workbench_plugins.commands.eval import evaluate, read_labelled, report
    from workbench_plugins.scorers.model import load_model

    sets = [
        ("checkthat2024 dev-test (held out)",
         eval_dir / "checkthat2024" / "CT24_checkworthy_english_dev-test.tsv",
         "Text", "class_label", "Yes"),
        ("claimbuster groundtruth (in training data)",
         eval_dir / "claimbuster" / "groundtruth.csv", "Text", "Verdict", "1"),
    ]
    figures: dict[str, dict] = {}
    for name, path, text, label, positive in sets:
        if not path.is_file():
            print(f"skip {name}: no {path}", file=sys.stderr)
            continue
        rows = read_labelled(str(path), text, label)
        started = time.perf_counter()
        result = report(str(path), evaluate(rows, positive), positive)
        result["seconds"] = round(time.perf_counter() - started, 2)
        figures[name] = result
    figures["claimbuster cross-validation (from the model file)"] = load_model().get(
        "cross_validation", {})
    return figures


def _signals_of(path: Path) -> tuple[str, list[dict]]:
    from workbench.inputs import Target, read
    from workbench.pipeline import FailureLog, check_input
    from workbench.types import CheckOptions

    target = Target(name=str(path.relative_to(ROOT)), path=path, media_type="text/plain")
    entry = check_input(read(target), CheckOptions(), FailureLog())
    assert entry is not None
    return entry["document"]["text"], [s for c in entry["claims"] for s in c["signals"]]


def seed_recall() -> dict[str, dict[str, float | int]]:
    """Recall per labelled kind on the seed articles."""
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["documents"]
    found: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    total: Counter[str] = Counter()
    missed: list[str] = []
    for file, expected in labels.items():
        text, signals = _signals_of(ROOT / file)
        for label in expected:
            start = -1
            for _ in range(label.get("occurrence", 0) + 1):
                start = text.index(label["text"], start + 1)
            end = start + len(label["text"])
            kind = label["kind"]
            total[kind] += 1
            same = [s for s in signals if s["kind"] == kind
                    and s["span"]["start"] < end and start < s["span"]["end"]]
            if same:
                found[kind] += 1
                exact[kind] += any(s["span"] == {"start": start, "end": end} for s in same)
            else:
                missed.append(f"{kind}: {label['text']!r} ({file})")
    result: dict[str, dict[str, float | int]] = {
        kind: {"labels": total[kind], "found": found[kind], "exact_span": exact[kind],
               "recall": round(found[kind] / total[kind], 3)}
        for kind in sorted(total)
    }
    all_labels = sum(total.values())
    result["all"] = {"labels": all_labels, "found": sum(found.values()),
                     "exact_span": sum(exact.values()),
                     "recall": round(sum(found.values()) / all_labels, 3)}
    result["missed"] = missed  # type: ignore[assignment]
    return result


def detector_speed(repeat: int = 30) -> dict[str, float]:
    """MB/s of CPU time per detector on the seed articles (repeated), sentences given.

    The detectors share one keyword pass and one lowercase copy of the text; the first
    detector called makes them, so its figure includes theirs.
    """
    from workbench.calls import implementations
    from workbench_plugins.segmenters.sentences import split_sentences

    from workbench.records import make_document
    from workbench.types import RawInput

    text = "\n\n".join(p.read_text(encoding="utf-8")
                       for p in sorted((ROOT / "seeds").glob("*.txt"))) * repeat
    document = make_document(RawInput("seeds", text.encode(), "text/plain"), text)
    sentences = split_sentences(text)
    speed = {}
    for name, call in implementations("detect_signals"):
        started = time.process_time()
        call(document=document, sentences=sentences)
        speed[name] = round(len(text.encode()) / 1e6 / (time.process_time() - started), 2)
    total = sum(1 / rate for rate in speed.values())
    speed["all detectors together"] = round(1 / total, 2)
    return speed


def main() -> int:
    """Print all figures (text, or JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", nargs="?", default="../shared/eval")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = {
        "checkworthiness": checkworthiness_figures(Path(args.eval_dir)),
        "seed_recall": seed_recall(),
        "detector_mb_per_cpu_second": detector_speed(),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    for name, result in figures["checkworthiness"].items():
        if "f1" in result and "precision" in result:
            print(f"{name}: P {result['precision']:.3f}  R {result['recall']:.3f}  "
                  f"F1 {result['f1']:.3f}  (tp {result['tp']} fp {result['fp']} "
                  f"fn {result['fn']} tn {result['tn']}; {result['seconds']} s)")
        else:
            print(f"{name}: {result}")
    print("\nrecall per kind on the seed articles (found / labels, exact spans):")
    recall = figures["seed_recall"]
    for kind, row in recall.items():
        if kind != "missed":
            print(f"  {kind:<14} {row['recall']:.2f}  ({row['found']}/{row['labels']}, "
                  f"{row['exact_span']} exact)")
    for line in recall["missed"]:
        print(f"  missed {line}")
    print("\ndetector speed (MB per CPU second, seed articles; the first also makes the shared "
          "keyword pass):")
    for name, rate in figures["detector_mb_per_cpu_second"].items():
        print(f"  {name:<24} {rate}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
