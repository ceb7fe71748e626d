"""Train the check-worthiness model shipped in plugins/data/checkworthiness.json.

One command, rerun after any change to the detectors (their signal kinds are features)::

    python benchmarks/train_scorer.py EVAL_DIR [--output FILE]

EVAL_DIR holds the labelled data (see its README): ``claimbuster/`` and
``checkthat2020-debates/``. Needs scikit-learn (the ``dev`` extra); the plugin does not.

Data. Labels: ClaimBuster (Arslan, Hassan, Li and Tremayne, "A Benchmark Dataset of
Check-worthy Factual Claims", ICWSM 2020, doi:10.5281/zenodo.3609356, CC BY 4.0),
crowdsourced.csv and groundtruth.csv, check-worthy = ``Verdict == 1``, de-duplicated (the
expert label wins). Text without labels, for the word vectors only: the training
transcripts of CLEF 2020 CheckThat! Task 5 (github.com/sshaar/clef2020-factchecking-task5),
less the four debates that are also in ClaimBuster. Nothing else is read: the 2020 test
transcripts and the CheckThat! 2024 dev-test split stay held out for
benchmarks/eval_detection.py.

Protocol. Every choice is made by cross-validation across debates: ClaimBuster's
crowdsourced sentences in five folds grouped by debate (``File_id``), so no fold is
tested on a debate it was trained on. ClaimBuster's expert-labelled groundtruth.csv is
left out of every choice (eval_detection.py tests a model trained on the 2020 debates on
it) and joins the training data of the shipped model only.

Model. Each sentence goes through the same detectors as ``workbench check``, and the
model sees ``workbench_plugins.scorers.model``'s features: lexical (words, word pairs;
their sum divided by the square root of the sentence's length) and context (signal kinds
and value types, syntax-free cues, length). The words of the debaters' names are left
out: a score should not depend on who spoke. Besides these, the regression sees the sum of
the vectors of a sentence's distinct words (same scaling), from a truncated SVD of the
positive PMI of word co-occurrences in the unlabelled text; the vector weights are then
folded into the word weights (``word`` gains ``vector(word) · vector weights``), which
gives the same logit, so the shipped model stays one weight per feature; a word of the
unlabelled text that no labelled sentence has gets its vector's weight alone. In each
fold the vectors are made from that fold's training text only. All but the ``KEEP``
largest lexical weights are dropped; the cross-validation scores the pruned model each
fold would ship.

Calibration. The regularisation strength is the one with the best out-of-fold F1 at the
shipped threshold. A Platt scaling fitted on the out-of-fold logits, shifted from the
training data's share of check-worthy sentences to even odds, is folded into the weights
and bias: the score is the probability that a sentence is check-worthy where the two
classes are equally common, and 0.5 is its even odds (see the plugin's docstring).
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "plugins" / "data" / "checkworthiness.json"
C_GRID = (0.5, 1.0, 2.0)
FOLDS = 5
CONTEXT_SCALE = 0.5  # context columns enter the regression at half weight (less shrinkage)
KEEP = 30000  # the largest lexical weights kept: a file under 1 MB
VECTOR_DIMENSIONS = 50
VECTOR_WINDOW = 6  # words either side that count as co-occurring
VECTOR_MIN_COUNT = 3  # sentences a word must be in to get a vector
# CheckThat! 2020 transcripts that repeat ClaimBuster debates, left out of the unlabelled text.
DEBATES_IN_CLAIMBUSTER = frozenset({"20121023_third_presidential_debate", "20160926_1pres",
                                    "20161010_2pres", "20161019_3pres"})
CLAIMBUSTER = ("Arslan, Hassan, Li and Tremayne, 'A Benchmark Dataset of Check-worthy Factual "
               "Claims', ICWSM 2020, doi:10.5281/zenodo.3609356, CC BY 4.0")
CHECKTHAT_2020 = ("CLEF 2020 CheckThat! Task 5 training transcripts "
                  "(github.com/sshaar/clef2020-factchecking-task5), text only")


@dataclass
class Sentence:
    """A labelled sentence and the group (debate, transcript) it comes from."""

    text: str
    label: int
    group: str
    speaker: str = ""


@dataclass
class Row:
    """A sentence as the model sees it (see ``workbench_plugins.scorers.model``)."""

    tokens: list[str]
    lexical: set[str]
    context: set[str]


def load_claimbuster(eval_dir: Path, files: tuple[str, ...] = ("crowdsourced.csv",
                                                               "groundtruth.csv")
                     ) -> list[Sentence]:
    """ClaimBuster sentences, de-duplicated (a later file's label wins: the expert's)."""
    found: dict[str, Sentence] = {}
    for name in files:
        with open(eval_dir / "claimbuster" / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = row["Text"].strip()
                if text:
                    found[" ".join(text.lower().split())] = Sentence(
                        text, int(row["Verdict"] == "1"), row["File_id"], row["Speaker"])
    return list(found.values())


def load_debates_2020(eval_dir: Path, split: str,
                      leave_out: frozenset[str] = frozenset()) -> list[Sentence]:
    """The CheckThat! 2020 transcripts of ``split`` (train or test), by transcript."""
    sentences = []
    for path in sorted((eval_dir / "checkthat2020-debates" / split).glob("*.tsv")):
        if path.stem in leave_out:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) >= 4 and fields[2].strip():
                sentences.append(Sentence(fields[2], int(fields[3] == "1"), path.stem))
    return sentences


def featurize(texts: list[str]) -> list[Row]:
    """Each sentence's features, from the detectors' signals as ``workbench check`` finds
    them (one-sentence documents, as ``workbench eval`` runs them)."""
    from workbench_plugins.scorers.model import context_features, lexical_features, tokens_of

    rows = []
    for text, signals in zip(texts, signals_of(texts), strict=True):
        tokens = tokens_of(text)
        rows.append(Row(tokens, lexical_features(tokens),
                        context_features(text, tokens, signals)))
    return rows


def signals_of(texts: list[str]) -> list[list[dict[str, Any]]]:
    """The signals the detectors find in each text, checked as ``workbench eval`` checks
    a sentence (the scorer left out: its model may be the one being replaced)."""
    from workbench_plugins.commands.eval import score_sentences

    from workbench.plugins import without

    with without({"scorer"}):
        return [claim["signals"] if claim else [] for claim in score_sentences(texts)]


def speakers_names(sentences: list[Sentence]) -> set[str]:
    """The words of the speakers' names ("bush", "dukakis", "mitt") that are written with
    a capital in most of their places in the sentences, so not "bill": words whose weight
    would say who spoke, and when, rather than what was said."""
    words = {word.lower() for s in sentences for word in re.findall(r"[A-Za-z]+", s.speaker)}
    capitalised: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for sentence in sentences:
        for word in re.findall(r"[A-Za-z]+", sentence.text)[1:]:
            if word.lower() in words:
                seen[word.lower()] += 1
                capitalised[word.lower()] += word[0].isupper()
    return {word for word in words if capitalised[word] * 2 > seen[word]}


def word_vectors(token_lists: list[list[str]], leave_out: set[str]) -> dict[str, Any]:
    """A unit vector per word in at least ``VECTOR_MIN_COUNT`` of the sentences (names
    left out): truncated SVD of the positive PMI (context counts smoothed by the 0.75
    power) of the words within ``VECTOR_WINDOW`` tokens of each other."""
    import numpy as np
    import scipy.sparse as sp
    from sklearn.decomposition import TruncatedSVD

    counts = Counter(token for tokens in token_lists for token in set(tokens))
    vocabulary = sorted(token for token, n in counts.items()
                        if n >= VECTOR_MIN_COUNT and token not in leave_out)
    index = {token: i for i, token in enumerate(vocabulary)}
    rows, cols = [], []
    for tokens in token_lists:
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
    return dict(zip(vocabulary, vectors, strict=True))


class Recipe:
    """The features, regression and pruning of the model, for one training set.

    ``fit`` learns from labelled rows (and unlabelled token lists, for the word vectors);
    ``logits`` scores rows exactly as the plugin does from the weights it would ship.
    """

    def __init__(self, c: float, leave_out: set[str]) -> None:
        self.c = c
        self.leave_out = leave_out
        self.lexical: dict[str, float] = {}
        self.context: dict[str, float] = {}
        self.bias = 0.0

    def _lexical(self, row: Row) -> list[str]:
        return [name for name in row.lexical
                if not any(word in self.leave_out for word in name.split())]

    def fit(self, rows: list[Row], labels: list[int], unlabelled: list[list[str]]) -> Recipe:
        """Learn the weights from ``rows`` and their 0/1 ``labels``."""
        import numpy as np
        import scipy.sparse as sp
        from sklearn.linear_model import LogisticRegression

        vectors = word_vectors([row.tokens for row in rows] + unlabelled, self.leave_out)
        lexical_names = sorted({name for row in rows for name in self._lexical(row)})
        context_names = sorted({name for row in rows for name in row.context})
        column = {name: i for i, name in enumerate(lexical_names)}
        offset = len(lexical_names)
        column.update({name: offset + i for i, name in enumerate(context_names)})
        width = offset + len(context_names)
        data, indices, indptr = [], [], [0]
        dense = np.zeros((len(rows), VECTOR_DIMENSIONS))
        for r, row in enumerate(rows):
            scale = 1 / math.sqrt(max(len(row.tokens), 1))
            names = self._lexical(row)
            indices += [column[name] for name in names]
            data += [scale] * len(names)
            indices += [column[name] for name in row.context]
            data += [CONTEXT_SCALE] * len(row.context)
            indptr.append(len(indices))
            known = [vectors[w] for w in set(row.tokens) if w in vectors]
            if known:
                dense[r] = np.sum(known, axis=0) * scale
        binary = sp.csr_matrix((np.array(data), np.array(indices, dtype=np.int32),
                                np.array(indptr, dtype=np.int32)), shape=(len(rows), width))
        X = sp.hstack([binary, sp.csr_matrix(dense)]).tocsr()
        X.indices = X.indices.astype(np.int32)  # liblinear takes 32-bit sparse indices only
        X.indptr = X.indptr.astype(np.int32)
        model = LogisticRegression(C=self.c, max_iter=3000, solver="liblinear",
                                   random_state=0).fit(X, labels)
        coef = model.coef_[0]
        projection = coef[width:]
        lexical = coef[:offset].copy()
        # Words with a vector but no labelled sentence get their vector's weight alone.
        unseen = sorted(set(vectors) - set(lexical_names))
        names = lexical_names + unseen
        lexical = np.concatenate([lexical, np.zeros(len(unseen))])
        for i, name in enumerate(names):
            if name in vectors:
                lexical[i] += float(vectors[name] @ projection)
        if len(lexical) > KEEP:
            lexical[np.argsort(np.abs(lexical))[:-KEEP]] = 0.0
        self.lexical = {name: float(w) for name, w in zip(names, lexical, strict=True) if w}
        self.context = {name: float(w) * CONTEXT_SCALE
                        for name, w in zip(context_names, coef[offset:width], strict=True)}
        self.bias = float(model.intercept_[0])
        return self

    def logits(self, rows: list[Row]) -> list[float]:
        """The logit of each row from the kept weights, as the plugin computes it."""
        lexical, context = self.lexical.get, self.context.get
        return [self.bias + sum(lexical(n, 0.0) for n in row.lexical)
                / math.sqrt(max(len(row.tokens), 1))
                + sum(context(n, 0.0) for n in row.context) for row in rows]


def grouped_folds(groups: list[str], folds: int) -> list[tuple[list[int], list[int]]]:
    """``folds`` train/test index lists, each group (debate) in one test fold only."""
    from sklearn.model_selection import GroupKFold

    return [(list(train), list(test))
            for train, test in GroupKFold(folds).split(groups, groups=groups)]


def out_of_fold(rows: list[Row], labels: list[int], groups: list[str], c: float,
                leave_out: set[str], unlabelled: list[list[str]],
                folds: int = FOLDS) -> list[float]:
    """Each row's logit from the model trained on the other folds."""
    scores = [0.0] * len(rows)
    for train, test in grouped_folds(groups, folds):
        recipe = Recipe(c, leave_out).fit([rows[i] for i in train], [labels[i] for i in train],
                                          unlabelled)
        for i, value in zip(test, recipe.logits([rows[i] for i in test]), strict=True):
            scores[i] = value
    return scores


def platt(logits: list[float], labels: list[int]) -> tuple[float, float]:
    """Slope and intercept mapping logits to calibrated log-odds (Platt scaling)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    fit = LogisticRegression(C=1e6).fit(np.array(logits).reshape(-1, 1), labels)
    return float(fit.coef_[0][0]), float(fit.intercept_[0])


def even_odds(logits: list[float], slope: float, intercept: float, prior: float) -> list[float]:
    """Probabilities at even odds: calibrated, then shifted from ``prior`` to one half."""
    shift = intercept - math.log(prior / (1 - prior))
    return [1 / (1 + math.exp(-(slope * z + shift))) for z in logits]


def classification(labels: list[int], scores: list[float], threshold: float = 0.5
                   ) -> dict[str, float]:
    """Precision, recall and F1 of the positive class at ``threshold``, and the share
    of sentences flagged."""
    tp = sum(1 for y, s in zip(labels, scores, strict=True) if y and s >= threshold)
    flagged = sum(1 for s in scores if s >= threshold)
    positives = sum(labels)
    precision = tp / flagged if flagged else 0.0
    recall = tp / positives if positives else 0.0
    f1 = 2 * tp / (flagged + positives) if flagged + positives else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "flagged": round(flagged / len(scores), 4)}


def average_precision(labels: list[int], scores: list[float]) -> float:
    """Average precision of the ranking by ``scores`` (ties in input order)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, total = 0, 0.0
    for rank, i in enumerate(order, 1):
        if labels[i]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def r_precision(labels: list[int], scores: list[float]) -> float:
    """Precision among the R best-scored, R the number of positives."""
    positives = sum(labels)
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    return sum(labels[i] for i in order[:positives]) / positives if positives else 0.0


def train(eval_dir: Path, log: Any = print) -> dict[str, Any]:
    """Choose, calibrate and fit the model; return the model file's content."""
    started = time.perf_counter()
    crowd = load_claimbuster(eval_dir, ("crowdsourced.csv",))
    everything = load_claimbuster(eval_dir)
    extra = load_debates_2020(eval_dir, "train", DEBATES_IN_CLAIMBUSTER)
    from workbench_plugins.scorers.model import tokens_of

    texts = list(dict.fromkeys([s.text for s in everything + crowd]))
    rows_of = dict(zip(texts, featurize(texts), strict=True))
    unlabelled = [tokens_of(s.text) for s in extra]
    leave_out = speakers_names(everything)
    log(f"{len(everything)} ClaimBuster sentences ({sum(s.label for s in everything)} "
        f"check-worthy), {len(extra)} unlabelled, featurized in "
        f"{time.perf_counter() - started:.0f} s")

    rows = [rows_of[s.text] for s in crowd]
    labels = [s.label for s in crowd]
    groups = [s.group for s in crowd]
    prior = sum(labels) / len(labels)
    best: tuple[float, float, list[float], tuple[float, float]] | None = None
    for c in C_GRID:
        oof = out_of_fold(rows, labels, groups, c, leave_out, unlabelled)
        slope, intercept = platt(oof, labels)
        f1 = classification(labels, even_odds(oof, slope, intercept, prior))["f1"]
        log(f"C={c}: out-of-fold F1 {f1:.4f} at the shipped threshold", flush=True)
        if best is None or f1 > best[0]:
            best = (f1, c, oof, (slope, intercept))
    assert best is not None
    _, c, oof, (slope, intercept) = best
    scores = even_odds(oof, slope, intercept, prior)
    figures = {**classification(labels, scores),
               "average_precision": round(average_precision(labels, oof), 4)}

    all_rows = [rows_of[s.text] for s in everything]
    all_labels = [s.label for s in everything]
    recipe = Recipe(c, leave_out).fit(all_rows, all_labels, unlabelled)
    prior_all = sum(all_labels) / len(all_labels)
    shift = intercept - math.log(prior_all / (1 - prior_all))
    model = {
        "description": "Check-worthiness: logistic regression; score = sigmoid(bias + sum of "
                       "the lexical weights of the features present / sqrt(tokens) + sum of "
                       "the context weights present) (workbench_plugins.scorers.model). "
                       "Calibrated: the probability of check-worthiness at even odds.",
        "trained_by": "benchmarks/train_scorer.py",
        "data": {"labels": "ClaimBuster crowdsourced.csv + groundtruth.csv (Verdict == 1 is "
                           "check-worthy), de-duplicated",
                 "attribution": CLAIMBUSTER, "unlabelled_text": CHECKTHAT_2020},
        "cross_validation": {
            "folds": f"{FOLDS}, grouped by debate, ClaimBuster crowdsourced.csv",
            "sentences": len(rows), "C": c, "weights_kept": KEEP,
            "word_vectors": {"dimensions": VECTOR_DIMENSIONS, "window": VECTOR_WINDOW,
                             "min_count": VECTOR_MIN_COUNT},
            "at_0.5": figures},
        "calibration": {"platt": [round(slope, 4), round(intercept, 4)],
                        "training_prior": round(prior_all, 4), "shifted_to": 0.5},
        "sentences": len(all_rows),
        "bias": round(slope * recipe.bias + shift, 4),
        "lexical": {name: round(slope * w, 4) for name, w in sorted(recipe.lexical.items())
                    if round(slope * w, 4)},
        "context": {name: round(slope * w, 4) for name, w in sorted(recipe.context.items())},
    }
    _check_parity(model, everything[:300], rows_of)
    log(f"chose C={c}: out-of-fold at 0.5: P {figures['precision']:.3f} "
        f"R {figures['recall']:.3f} F1 {figures['f1']:.3f} "
        f"(AP {figures['average_precision']:.3f}); {len(model['lexical'])} lexical weights; "
        f"{time.perf_counter() - started:.0f} s")
    return model


def _check_parity(model: dict[str, Any], sample: list[Sentence], rows_of: dict[str, Row]
                  ) -> None:
    """The plugin's arithmetic on the written weights gives the trainer's logits."""
    from workbench_plugins.scorers.model import logit

    for sentence, signals in zip(sample, signals_of([s.text for s in sample]), strict=True):
        row = rows_of[sentence.text]
        expected = model["bias"] + sum(model["lexical"].get(n, 0.0) for n in row.lexical) \
            / math.sqrt(max(len(row.tokens), 1)) \
            + sum(model["context"].get(n, 0.0) for n in row.context)
        got = logit(sentence.text, signals, model)
        if abs(got - expected) > 1e-9:
            raise AssertionError(f"plugin and trainer disagree on {sentence.text!r}: "
                                 f"{got} != {expected}")


def main() -> int:
    """Train, cross-validate, write the model file and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", nargs="?", default="../shared/eval",
                        help="folder of the labelled data (default: ../shared/eval)")
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT))
    args = parser.parse_args()
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("error: training needs scikit-learn: pip install -e '.[dev]'", file=sys.stderr)
        return 2
    eval_dir = Path(args.eval_dir)
    for needed in ("claimbuster/crowdsourced.csv", "checkthat2020-debates/train"):
        if not (eval_dir / needed).exists():
            print(f"error: {eval_dir}: no {needed} here", file=sys.stderr)
            return 2
    model = train(eval_dir)
    Path(args.output).write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
