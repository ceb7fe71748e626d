"""Score check-worthiness with a linear model trained on ClaimBuster, applied without numpy.

The model (``data/checkworthiness.json``) is a logistic regression over binary features:
the sentence's lowercase words and word pairs (digits folded to ``0``), its length, and
the kinds and value types of the signals the detectors found (``kind:quantity``,
``type:opinion/recommendation``, ...). At run time the score is a dict look-up per
feature, a sum and a sigmoid: microseconds per sentence. The decision threshold chosen
by cross-validation is folded into the bias, so ``checkworthy`` is ``score >= 0.5``
(workbench.claims.CHECKWORTHY_THRESHOLD). Training also gave the words vectors learnt
from the training sentences, and folded what the regression learnt from those into the
word weights, so that rare words borrow weight from words used alike: the model stays
one weight per feature.

The signals that fired are on the claim already; :func:`explain` lists the features that
moved a score most (``workbench eval --show-errors`` prints them for each miss). The hook
itself only returns the score: the core forbids plugins to change the claims they get.

Trained by ``benchmarks/train_scorer.py`` on ClaimBuster (Arslan, Hassan, Li and
Tremayne, "A Benchmark Dataset of Check-worthy Factual Claims", ICWSM 2020,
doi:10.5281/zenodo.3609356, CC BY 4.0); see the model file for its figures.
"""

from __future__ import annotations

import math
import re
from functools import cache
from itertools import pairwise
from typing import Any

import orjson
from workbench_plugins import DATA

from workbench import hookimpl
from workbench.records import Record

MODEL_FILE = "checkworthiness.json"
TOP_FEATURES = 5
_DIGITS = re.compile(r"\d")
# Words, numbers and a few symbols of a lowercased text whose digits are all "0" already
# (``_DIGITS``): matching "0" rather than any digit is the same and a third faster.
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|0+(?:[.,]0+)*|[$%£€?]")
START = "<s>"  # the token before a sentence's first, in the names of word-pair features


def _fold(text: str) -> str:
    """``text`` lowercased, its digits replaced by "0": what tokens are found in."""
    return _DIGITS.sub("0", text.lower())


def _tokens(text: str) -> list[str]:
    """The tokens of ``text``: words, numbers and a few symbols of its :func:`_fold`."""
    return _TOKEN.findall(_fold(text))


def _length_feature(count: int) -> str:
    return "len:" + ("0-5" if count <= 5 else "6-10" if count <= 10 else
                     "11-20" if count <= 20 else "21-40" if count <= 40 else "41+")


def _signal_features(signals: list[Record]) -> set[str]:
    found = set()
    for signal in signals:
        found.add(f"kind:{signal['kind']}")
        value = signal.get("value")
        if isinstance(value, dict) and isinstance(value.get("type"), str):
            found.add(f"type:{signal['kind']}/{value['type']}")
    return found


def features(text: str, signals: list[Record]) -> set[str]:
    """The binary features of a sentence and its signals (training uses this too)."""
    tokens = _tokens(text)
    found = {f"w:{token}" for token in tokens}
    found.update(f"b:{a} {b}" for a, b in pairwise(tokens))
    if tokens:
        found.add(f"b:{START} {tokens[0]}")
    found.add(_length_feature(len(tokens)))
    found |= _signal_features(signals)
    return found


@cache
def load_model() -> dict[str, Any]:
    """The shipped model: ``{"bias", "weights", ...}`` (read once)."""
    return orjson.loads((DATA / MODEL_FILE).read_bytes())  # as json does, four times faster


def contributions(text: str, signals: list[Record]) -> tuple[float, list[tuple[str, float]]]:
    """The model's logit for a sentence and the weight of each feature that fired."""
    model = load_model()
    weights: dict[str, float] = model["weights"]
    fired = [(name, weights[name]) for name in features(text, signals) if name in weights]
    return model["bias"] + math.fsum(weight for _, weight in fired), fired


def probability(logit: float) -> float:
    """The logistic function, safe for large magnitudes."""
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    z = math.exp(logit)
    return z / (1.0 + z)


def explain(text: str, signals: list[Record], top: int = TOP_FEATURES) -> list[Record]:
    """The ``top`` features that moved the score of a sentence most, strongest first."""
    _, fired = contributions(text, signals)
    fired.sort(key=lambda item: (-abs(item[1]), item[0]))
    return [{"feature": name, "weight": round(weight, 3)} for name, weight in fired[:top]]


# Kinds that give a sentence something to check even when it also hedges or predicts.
CHECKABLE_KINDS = frozenset({"temporal", "quantity", "statistic", "citation", "comparison",
                             "trade-measure"})
UNCHECKABLE_CUES = frozenset({"recommendation", "prediction", "speculation", "hedge"})
OPINION_CAP = 0.4


def is_opinion_only(signals: list[Record]) -> bool:
    """True when the sentence recommends, predicts or speculates and states nothing checkable."""
    cued = any(s["kind"] == "opinion" and (s.get("value") or {}).get("type") in UNCHECKABLE_CUES
               for s in signals)
    return cued and not any(s["kind"] in CHECKABLE_KINDS for s in signals)


@hookimpl
def score_claim(claim: Record) -> float:
    """Score the claim with the shipped model: sigmoid of the summed feature weights.

    A sentence whose only cues are opinion, prediction or recommendation ("could enhance",
    "should", "will explore") with nothing checkable in it is capped below the threshold:
    it is not checkable on its own, whatever its words resemble in the training data.
    """
    signals = claim["signals"]
    score = probability(contributions(claim["text"], signals)[0])
    return min(score, OPINION_CAP) if signals and is_opinion_only(signals) else score
