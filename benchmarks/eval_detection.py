"""Print check-worthiness, detection and detector-speed figures, through ``workbench``'s code.

1. Check-worthiness on labelled data nobody on this project wrote (EVAL_DIR, default
   ``../shared/eval``; see its README), each sentence run through the ``check`` pipeline
   as ``workbench eval`` runs it. No set below was used to choose the model's features,
   weights or threshold (benchmarks/train_scorer.py chose them by cross-validation across
   ClaimBuster's crowdsourced debates); all are held out:

   - ``checkthat2024``: the CheckThat! 2024 English dev-test split, F1 of the ``Yes``
     class (the task's metric), and its ranking measures;
   - ``checkthat2020``: trained on ClaimBuster, tested on the 2020 test transcripts (20
     debates, speeches, interviews): each transcript ranked by score, mean average
     precision and precision at k (the 2020 task's metrics);
   - ``liar``: the statements of LIAR's validation split, every one of which PolitiFact
     checked: the share the scorer flags check-worthy (recall);
   - with ``--cross-domain`` (needs scikit-learn, a few minutes): ``reverse``, the
     training recipe fitted on the 2020 training transcripts (less the four debates
     also in ClaimBuster) and tested on ClaimBuster's expert-labelled groundtruth.csv,
     which no choice was made on; and ``baseline``, a plain TF-IDF + logistic regression
     trained on ClaimBuster, on the sets above: the bar to beat.

   The cross-validated figures recorded in the model file are printed too.
2. Recall per signal kind on the seed articles, against the hand labels in
   ``benchmarks/data/seed_labels.json``: a label counts as found when a signal of its
   kind overlaps its span (and as exact when the spans are equal), running the documents
   through ``workbench check``'s pipeline.
3. Detector speed: CPU seconds per MB of each detector on the seed articles.

Usage: python benchmarks/eval_detection.py [EVAL_DIR] [--cross-domain] [--skip SET] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "benchmarks" / "data" / "seed_labels.json"
SETS = ("checkthat2024", "checkthat2020", "liar", "reverse", "baseline")
DEVTEST = Path("checkthat2024") / "CT24_checkworthy_english_dev-test.tsv"


def _rows_2020(eval_dir: Path, split: str) -> list[tuple[str, str, str]]:
    """``(text, label, transcript)`` rows of the CheckThat! 2020 transcripts of ``split``."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from train_scorer import load_debates_2020

    return [(s.text, str(s.label), s.group) for s in load_debates_2020(eval_dir, split)]


def _rows_liar(eval_dir: Path) -> list[tuple[str, str, str]]:
    """``(statement, "1", "")`` rows of LIAR's validation split: all were checked."""
    lines = (eval_dir / "liar" / "valid.tsv").read_text(encoding="utf-8").splitlines()
    return [(fields[2], "1", "") for fields in (line.split("\t") for line in lines)
            if len(fields) > 2 and fields[2].strip()]


def _timed(name: str, rows: list[tuple[str, str, str]], positive: str, note: str
           ) -> dict[str, Any]:
    from workbench_plugins.commands.eval import evaluate, report

    started = time.perf_counter()
    result = report(name, evaluate(rows, positive), positive)
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["note"] = note
    return result


def shipped_figures(eval_dir: Path, skip: set[str]) -> dict[str, dict[str, Any]]:
    """The shipped scorer on each held-out set that is there and not skipped."""
    from workbench_plugins.commands.eval import read_labelled
    from workbench_plugins.scorers.model import load_model

    figures: dict[str, dict[str, Any]] = {}
    if "checkthat2024" not in skip and (eval_dir / DEVTEST).is_file():
        rows = read_labelled(str(eval_dir / DEVTEST), "Text", "class_label")
        figures["checkthat2024 dev-test"] = _timed(
            "checkthat2024 dev-test", rows, "Yes", "held out; the task's metric is F1")
    if "checkthat2020" not in skip and (eval_dir / "checkthat2020-debates").is_dir():
        figures["claimbuster -> checkthat2020 test"] = _timed(
            "claimbuster -> checkthat2020 test", _rows_2020(eval_dir, "test"), "1",
            "held out; ranked within each transcript; the task's metric is MAP")
    if "liar" not in skip and (eval_dir / "liar" / "valid.tsv").is_file():
        figures["liar valid"] = _timed(
            "liar valid", _rows_liar(eval_dir), "1",
            "held out; every statement was checked by PolitiFact: recall is the figure")
        del figures["liar valid"]["ranking"]  # nothing to rank: every statement is positive
    figures["claimbuster cross-validation (from the model file)"] = load_model().get(
        "cross_validation", {})
    return figures


def reverse_figures(eval_dir: Path) -> dict[str, Any]:
    """The training recipe fitted on the 2020 training transcripts, tested on ClaimBuster's
    groundtruth.csv: calibrated on its own grouped cross-validation, as the shipped model."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import train_scorer as recipe
    from workbench_plugins.scorers.model import load_model

    c = load_model()["cross_validation"]["C"]
    train = recipe.load_debates_2020(eval_dir, "train", recipe.DEBATES_IN_CLAIMBUSTER)
    test = recipe.load_claimbuster(eval_dir, ("groundtruth.csv",))
    rows = recipe.featurize([s.text for s in train])
    labels = [s.label for s in train]
    leave_out = recipe.speakers_names(recipe.load_claimbuster(eval_dir))
    oof = recipe.out_of_fold(rows, labels, [s.group for s in train], c, leave_out, [])
    slope, intercept = recipe.platt(oof, labels)
    fitted = recipe.Recipe(c, leave_out).fit(rows, labels, [])
    logits = fitted.logits(recipe.featurize([s.text for s in test]))
    scores = recipe.even_odds(logits, slope, intercept, sum(labels) / len(labels))
    truth = [s.label for s in test]
    return {"train": f"checkthat2020 train, {len(train)} sentences ({sum(labels)} positive)",
            "test": f"claimbuster groundtruth.csv, {len(test)} sentences ({sum(truth)} "
                    "positive)",
            **recipe.classification(truth, scores),
            "average_precision": round(recipe.average_precision(truth, scores), 4),
            "r_precision": round(recipe.r_precision(truth, scores), 4)}


def baseline_figures(eval_dir: Path, skip: set[str]) -> dict[str, Any]:
    """TF-IDF + logistic regression (scikit-learn's defaults, threshold 0.5) trained on
    ClaimBuster, on the held-out sets: the plain model the issue measured."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from train_scorer import classification, load_claimbuster
    from workbench_plugins.commands.eval import ranking, read_labelled

    train = load_claimbuster(eval_dir)
    vectorizer = TfidfVectorizer()
    model = LogisticRegression(max_iter=2000).fit(
        vectorizer.fit_transform([s.text for s in train]), [s.label for s in train])

    def measured(rows: list[tuple[str, str, str]], positive: str) -> dict[str, Any]:
        scores = model.predict_proba(vectorizer.transform([r[0] for r in rows]))[:, 1]
        truth = [int(r[1] == positive) for r in rows]
        ranked = [(float(p), bool(y), r[2]) for p, y, r in zip(scores, truth, rows, strict=True)]
        return {**classification(truth, list(scores)), "ranking": ranking(ranked)}

    figures = {}
    if "checkthat2024" not in skip and (eval_dir / DEVTEST).is_file():
        figures["checkthat2024 dev-test"] = measured(
            read_labelled(str(eval_dir / DEVTEST), "Text", "class_label"), "Yes")
    if "checkthat2020" not in skip:
        figures["claimbuster -> checkthat2020 test"] = measured(_rows_2020(eval_dir, "test"),
                                                               "1")
    if "liar" not in skip and (eval_dir / "liar" / "valid.tsv").is_file():
        figures["liar valid"] = measured(_rows_liar(eval_dir), "1")
        del figures["liar valid"]["ranking"]
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
    from workbench_plugins.segmenters.sentences import split_sentences

    from workbench.plugins import get_plugin_manager
    from workbench.records import make_document
    from workbench.types import RawInput

    text = "\n\n".join(p.read_text(encoding="utf-8")
                       for p in sorted((ROOT / "seeds").glob("*.txt"))) * repeat
    document = make_document(RawInput("seeds", text.encode(), "text/plain"), text)
    sentences = split_sentences(text)
    speed = {}
    arguments = {"document": document, "sentences": sentences}
    for hook in reversed(get_plugin_manager().hook.detect_signals.get_hookimpls()):
        started = time.process_time()  # in the order pluggy calls them
        hook.function(*(arguments[name] for name in hook.argnames))
        speed[hook.plugin_name] = round(len(text.encode()) / 1e6
                                        / (time.process_time() - started), 2)
    total = sum(1 / rate for rate in speed.values())
    speed["all detectors together"] = round(1 / total, 2)
    return speed


def _print_set(name: str, result: dict[str, Any]) -> None:
    if "precision" not in result:
        print(f"{name}: {json.dumps(result)}")
        return
    counts = (f"  (tp {result['tp']} fp {result['fp']} fn {result['fn']} tn {result['tn']}; "
              f"{result['seconds']} s; {result['note']})" if "tp" in result
              else f"  flagged {result['flagged']:.3f}")
    print(f"{name}: P {result['precision']:.3f}  R {result['recall']:.3f}  "
          f"F1 {result['f1']:.3f}{counts}")
    if "ranking" in result:
        ranking = result["ranking"]
        at = " ".join(f"P@{k} {v:.3f}" for k, v in ranking["precision_at"].items())
        print(f"    ranking over {ranking['groups']} group(s): MAP "
              f"{ranking['mean_average_precision']:.3f}  R-precision "
              f"{ranking['r_precision']:.3f}  {at}")


def main() -> int:
    """Print all figures (text, or JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", nargs="?", default="../shared/eval")
    parser.add_argument("--cross-domain", action="store_true",
                        help="also train the reverse model and the TF-IDF baseline "
                             "(needs scikit-learn)")
    parser.add_argument("--skip", action="append", choices=SETS, default=[],
                        help="leave a set out (repeatable)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    eval_dir, skip = Path(args.eval_dir), set(args.skip)
    figures: dict[str, Any] = {"checkworthiness": shipped_figures(eval_dir, skip)}
    if args.cross_domain:
        if "reverse" not in skip:
            figures["checkthat2020 train -> claimbuster groundtruth"] = reverse_figures(eval_dir)
        if "baseline" not in skip:
            figures["baseline: tf-idf + logistic regression"] = baseline_figures(eval_dir, skip)
    figures["seed_recall"] = seed_recall()
    figures["detector_mb_per_cpu_second"] = detector_speed()
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    for name, result in figures["checkworthiness"].items():
        _print_set(name, result)
    if "checkthat2020 train -> claimbuster groundtruth" in figures:
        print("\nthe reverse: " + json.dumps(
            figures["checkthat2020 train -> claimbuster groundtruth"]))
    for name, result in figures.get("baseline: tf-idf + logistic regression", {}).items():
        _print_set(f"baseline tf-idf + LR, {name}", result)
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
