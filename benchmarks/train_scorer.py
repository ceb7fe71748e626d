"""Train the check-worthiness model shipped in plugins/data/checkworthiness.json.

Data: ClaimBuster (Arslan, Hassan, Li and Tremayne, "A Benchmark Dataset of Check-worthy
Factual Claims", ICWSM 2020, doi:10.5281/zenodo.3609356, CC BY 4.0): crowdsourced.csv and
groundtruth.csv, check-worthy = ``Verdict == 1``. Nothing from the CheckThat! dev-test
split is used here; benchmarks/eval_detection.py reports it as held-out data.

Each sentence goes through the same detectors as ``workbench check`` (one-sentence
documents), and the model sees ``workbench_plugins.scorers.model.features``: words, word
pairs, length and signal kinds. Regularisation strength and decision threshold are chosen
by stratified k-fold cross-validation on ClaimBuster (out-of-fold F1 of the positive
class, scoring the pruned model each fold would ship); the threshold is folded into the
bias so the plugin decides at 0.5.

Word vectors: besides the binary features, the regression sees the sum of the vectors of
a sentence's distinct words, from a truncated SVD of the positive PMI of word
co-occurrences in the ClaimBuster sentences themselves (no labels, nothing downloaded).
Words used alike share part of their weight, so a word seen a few times in the training
data borrows from its neighbours. Words written with a capital in most of their places
get no vector: names of the debates' people would lend their weight to names they
resemble ("Lloyd" Bentsen's to "Lloyd Axworthy"). The vector weights are folded into
the word weights (``w:TOKEN`` gains ``vector(TOKEN) · vector weights``), which gives the
same logit, so the shipped model is still one weight per binary feature and the plugin
is unchanged. Cross-validated F1 rose from 0.695 to 0.701 with them; CheckThat! 2024
dev-test, held out, from 0.727 to 0.742 (the vectors see every ClaimBuster sentence,
each fold's test sentences included, though never a label).

Needs scikit-learn (the ``dev`` extra). Usage::

    python benchmarks/train_scorer.py [EVAL_DIR] [--output FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "plugins" / "data" / "checkworthiness.json"
C_GRID = (0.1, 0.2, 0.3, 0.4)
KEEP = 15000  # the largest weights kept: a small file; the cross-validation scores the pruned model
VECTOR_DIMENSIONS = 50
VECTOR_WINDOW = 4  # words either side that count as co-occurring
VECTOR_MIN_COUNT = 3  # sentences a word must be in to get a vector


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
    from workbench_plugins.commands.eval import score_sentences
    from workbench_plugins.scorers.model import features

    rows = []
    for text, claim in zip(texts, score_sentences(texts), strict=True):
        signals = claim["signals"] if claim else []
        rows.append(dict.fromkeys(features(text, signals), 1))
    return rows


def _mostly_capitalised(texts: list[str]) -> set[str]:
    """Lowercased words written with a capital in most of their places after a sentence's
    first word: names, whose use in the debates says nothing of other texts."""
    capitalised, seen = Counter(), Counter()
    for text in texts:
        for word in re.findall(r"[A-Za-z]+", text)[1:]:
            seen[word.lower()] += 1
            capitalised[word.lower()] += word[0].isupper()
    return {word for word, n in seen.items() if capitalised[word] * 2 > n}


def word_vectors(texts: list[str], names: list[str]):
    """A unit vector for each word feature among ``names`` (a row of zeros for the others):
    truncated SVD of the positive PMI (context counts smoothed by the 0.75 power) of the
    words within ``VECTOR_WINDOW`` tokens of each other in ``texts``."""
    import numpy as np
    import scipy.sparse as sp
    from sklearn.decomposition import TruncatedSVD
    from workbench_plugins.scorers.model import _tokens

    sequences = [_tokens(text) for text in texts]
    counts = Counter(token for tokens in sequences for token in set(tokens))
    column = {name: i for i, name in enumerate(names)}
    names_of_people = _mostly_capitalised(texts)
    vocabulary = sorted(token for token, n in counts.items()
                        if n >= VECTOR_MIN_COUNT and f"w:{token}" in column
                        and token not in names_of_people)
    index = {token: i for i, token in enumerate(vocabulary)}
    rows, cols = [], []
    for tokens in sequences:
        ids = [index.get(token) for token in tokens]
        for i, a in enumerate(ids):
            if a is not None:
                for b in ids[max(0, i - VECTOR_WINDOW):i] + ids[i + 1:i + 1 + VECTOR_WINDOW]:
                    if b is not None:
                        rows.append(a)
                        cols.append(b)
    size = len(vocabulary)
    pairs = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(size, size)).tocsr()
    pairs.sum_duplicates()
    pairs = pairs.tocoo()
    total = pairs.data.sum()
    word = np.asarray(pairs.sum(1)).ravel()
    context = np.asarray(pairs.sum(0)).ravel() ** 0.75
    context *= total / context.sum()
    pmi = np.log(pairs.data * total / (word[pairs.row] * context[pairs.col]))
    positive = pmi > 0
    ppmi = sp.csr_matrix((pmi[positive], (pairs.row[positive], pairs.col[positive])),
                         shape=(size, size))
    vectors = TruncatedSVD(VECTOR_DIMENSIONS, random_state=0).fit_transform(ppmi)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    place = sp.csr_matrix((np.ones(size), ([column[f"w:{t}"] for t in vocabulary], range(size))),
                          shape=(len(names), size))
    return place @ vectors


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


def pruned(model, vectors) -> tuple:
    """The model's weights, the vector weights folded into the word weights, with all but
    the ``KEEP`` largest set to 0, and its bias."""
    binary = vectors.shape[0]
    coef = model.coef_[0][:binary] + vectors @ model.coef_[0][binary:]
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
        from scipy import sparse
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
    binary = vectorizer.fit_transform(rows).tocsr()
    names = vectorizer.get_feature_names_out()
    vectors = word_vectors(texts, [str(name) for name in names])
    X = sparse.hstack([binary, sparse.csr_matrix(binary @ vectors)]).tocsr()
    X.indices = X.indices.astype("int32")  # liblinear takes 32-bit sparse indices only
    X.indptr = X.indptr.astype("int32")
    folds = list(StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=0).split(X, y))
    results = []
    for c in C_GRID:
        oof = [0.0] * len(y)
        for train, test in folds:
            model = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
            model.fit(X[train], [y[i] for i in train])
            coef, bias = pruned(model, vectors)
            for i, logit in zip(test, binary[test] @ coef + bias, strict=True):
                oof[i] = 1 / (1 + math.exp(-logit))
        threshold, f1 = best_threshold(y, oof)
        results.append((f1, c, threshold))
        print(f"C={c}: cross-validated F1 {f1:.4f} at threshold {threshold:.3f}", flush=True)
    cv_f1, c, threshold = max(results)

    model = LogisticRegression(C=c, max_iter=2000, solver="liblinear").fit(X, y)
    coef, bias = pruned(model, vectors)
    weights = {str(name): round(float(w), 4) for name, w in zip(names, coef, strict=True)
               if w}
    bias -= math.log(threshold / (1 - threshold))
    document = {
        "description": "Check-worthiness: logistic regression over binary features "
                       "(workbench_plugins.scorers.model.features); score = "
                       "sigmoid(bias + sum of the weights of the features present).",
        "trained_by": "benchmarks/train_scorer.py",
        "data": "ClaimBuster crowdsourced.csv + groundtruth.csv (Verdict == 1 is "
                "check-worthy), de-duplicated",
        "attribution": "Arslan, Hassan, Li and Tremayne, 'A Benchmark Dataset of Check-worthy "
                       "Factual Claims', ICWSM 2020, doi:10.5281/zenodo.3609356, CC BY 4.0",
        "cross_validation": {"folds": args.folds, "f1": round(cv_f1, 4), "C": c,
                             "weights_kept": KEEP,
                             "word_vectors": {"dimensions": VECTOR_DIMENSIONS,
                                              "window": VECTOR_WINDOW,
                                              "min_count": VECTOR_MIN_COUNT},
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
