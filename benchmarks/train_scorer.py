"""Train the check-worthiness model shipped in plugins/data/checkworthiness.json.

Data: ClaimBuster (Arslan, Hassan, Li and Tremayne, "A Benchmark Dataset of Check-worthy
Factual Claims", ICWSM 2020, doi:10.5281/zenodo.3609356, CC BY 4.0): crowdsourced.csv and
groundtruth.csv, check-worthy = ``Verdict == 1``. Nothing from the CheckThat! dev-test
split is used here; benchmarks/eval_detection.py reports it as held-out data.

Each sentence goes through the same detectors as ``workbench check`` (one-sentence
documents), and the model sees ``workbench_plugins.checkworthiness.features``: words, word
pairs, length and signal kinds. Regularisation strength and decision threshold are chosen
by stratified k-fold cross-validation on ClaimBuster (out-of-fold F1 of the positive
class, scoring the pruned model each fold would ship); the threshold is folded into the
bias so the plugin decides at 0.5.

Needs scikit-learn (the ``dev`` extra). Usage::

    python benchmarks/train_scorer.py [EVAL_DIR] [--output FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "plugins" / "data" / "checkworthiness.json"
C_GRID = (0.2, 0.4, 0.8)
KEEP = 15000  # the largest weights kept: a small file; the cross-validation scores the pruned model


def load_claimbuster(eval_dir: Path) -> tuple[list[str], list[int]]:
    """Sentences and 0/1 labels, de-duplicated (the expert label wins over the crowd's)."""
    labels: dict[str, tuple[str, int]] = {}
    for name in ("crowdsourced.csv", "groundtruth.csv"):
        with open(eval_dir / "claimbuster" / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = row["Text"].strip()
                if text:
                    labels[" ".join(text.lower().split())] = (text, int(row["Verdict"] == "1"))
    texts = [text for text, _ in labels.values()]
    return texts, [label for _, label in labels.values()]


def featurize(texts: list[str]) -> list[dict[str, int]]:
    """Feature dicts of each sentence, from the detectors' signals as at run time."""
    from workbench_plugins.checkworthiness import features
    from workbench_plugins.evaluate import score_sentences

    rows = []
    for text, claim in zip(texts, score_sentences(texts), strict=True):
        signals = claim["signals"] if claim else []
        rows.append(dict.fromkeys(features(text, signals), 1))
    return rows


def best_threshold(y: list[int], probabilities: list[float]) -> tuple[float, float]:
    """The threshold with the highest F1 of the positive class, and that F1."""
    pairs = sorted(zip(probabilities, y, strict=True), reverse=True)
    positives = sum(y)
    best = (0.5, 0.0)
    tp = fp = 0
    for probability, label in pairs:
        tp += label
        fp += 1 - label
        f1 = 2 * tp / (tp + fp + positives)
        if f1 > best[1]:
            best = (probability, f1)
    return best


def pruned(model) -> tuple:
    """The model's weights with all but the ``KEEP`` largest set to 0, and its bias."""
    coef = model.coef_[0].copy()
    if len(coef) > KEEP:
        smallest = abs(coef).argsort()[:-KEEP]
        coef[smallest] = 0.0
    return coef, float(model.intercept_[0])


def main() -> int:
    """Train, cross-validate, write the model file and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", nargs="?", default="../shared/eval")
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT))
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold
    except ImportError:
        print("error: training needs scikit-learn: pip install -e '.[dev]'", file=sys.stderr)
        return 2
    eval_dir = Path(args.eval_dir)
    if not (eval_dir / "claimbuster" / "crowdsourced.csv").is_file():
        print(f"error: {eval_dir}: no claimbuster/crowdsourced.csv here", file=sys.stderr)
        return 2

    started = time.perf_counter()
    texts, y = load_claimbuster(eval_dir)
    rows = featurize(texts)
    print(f"{len(texts)} sentences ({sum(y)} check-worthy) featurized in "
          f"{time.perf_counter() - started:.1f} s")
    vectorizer = DictVectorizer()
    X = vectorizer.fit_transform(rows).tocsr()
    X.indices = X.indices.astype("int32")  # liblinear takes 32-bit sparse indices only
    X.indptr = X.indptr.astype("int32")
    folds = list(StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=0).split(X, y))
    results = []
    for c in C_GRID:
        oof = [0.0] * len(y)
        for train, test in folds:
            model = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
            model.fit(X[train], [y[i] for i in train])
            coef, bias = pruned(model)
            for i, logit in zip(test, X[test] @ coef + bias, strict=True):
                oof[i] = 1 / (1 + math.exp(-logit))
        threshold, f1 = best_threshold(y, oof)
        results.append((f1, c, threshold))
        print(f"C={c}: cross-validated F1 {f1:.4f} at threshold {threshold:.3f}", flush=True)
    cv_f1, c, threshold = max(results)

    model = LogisticRegression(C=c, max_iter=2000, solver="liblinear").fit(X, y)
    coef, bias = pruned(model)
    names = vectorizer.get_feature_names_out()
    weights = {str(name): round(float(w), 4) for name, w in zip(names, coef, strict=True)
               if w}
    bias -= math.log(threshold / (1 - threshold))
    document = {
        "description": "Check-worthiness: logistic regression over binary features "
                       "(workbench_plugins.checkworthiness.features); score = "
                       "sigmoid(bias + sum of the weights of the features present).",
        "trained_by": "benchmarks/train_scorer.py",
        "data": "ClaimBuster crowdsourced.csv + groundtruth.csv (Verdict == 1 is "
                "check-worthy), de-duplicated",
        "attribution": "Arslan, Hassan, Li and Tremayne, 'A Benchmark Dataset of Check-worthy "
                       "Factual Claims', ICWSM 2020, doi:10.5281/zenodo.3609356, CC BY 4.0",
        "cross_validation": {"folds": args.folds, "f1": round(cv_f1, 4), "C": c,
                             "weights_kept": KEEP,
                             "threshold_folded_into_bias": round(threshold, 4)},
        "sentences": len(texts),
        "features": len(weights),
        "bias": round(bias, 4),
        "weights": dict(sorted(weights.items())),
    }
    Path(args.output).write_text(json.dumps(document, indent=0, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
    print(f"chose C={c}; cross-validated F1 {cv_f1:.4f}; {len(weights)} weights kept "
          f"(of {len(names)}); wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
