"""Score check-worthiness with a linear model trained on ClaimBuster, applied without numpy.

The model (``data/checkworthiness.json``) is a logistic regression over binary features:
the sentence's lowercase words and word pairs (digits folded to ``0``), its length, and
the kinds and value types of the signals the detectors found (``kind:quantity``,
``type:opinion/recommendation``, ...). At run time the score is a dict look-up per
feature, a sum and a sigmoid: microseconds per sentence. The decision threshold chosen
by cross-validation is folded into the bias, so ``checkworthy`` is ``score >= 0.5``
(workbench.claims.CHECKWORTHY_THRESHOLD).

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


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_DIGITS.sub("0", text.lower()))


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
        found.add(f"b:<s> {tokens[0]}")
    found.add(_length_feature(len(tokens)))
    found |= _signal_features(signals)
    return found


@cache
def load_model() -> dict[str, Any]:
    """The shipped model: ``{"bias", "weights", ...}`` (read once)."""
    return orjson.loads((DATA / MODEL_FILE).read_bytes())  # as json does, four times faster


@cache
def _token_weights() -> dict[str, float]:
    """Weights of the word and word-pair features without their prefix: ``"treaty"`` for
    ``"w:treaty"``, ``"the treaty"`` for ``"b:the treaty"``. A pair holds a space and a
    token never does, so the two kinds cannot collide."""
    return {name[2:]: weight for name, weight in load_model()["weights"].items()
            if name[1:2] == ":" and name[0] in "wb"}


def logit(text: str, signals: list[Record]) -> float:
    """The model's logit for a sentence: what :func:`contributions` sums, faster.

    The same features as :func:`features`, looked up as tokens and token pairs without
    building their names; ``math.fsum`` makes the sum independent of the order of the
    look-ups.
    """
    model = load_model()
    by_token = _token_weights()
    tokens = _tokens(text)
    fired = [*map(by_token.__getitem__, by_token.keys() & tokens),
             *map(by_token.__getitem__, by_token.keys() & map(" ".join, pairwise(tokens)))]
    if tokens and f"<s> {tokens[0]}" in by_token:
        fired.append(by_token[f"<s> {tokens[0]}"])
    names = _signal_features(signals)
    names.add(_length_feature(len(tokens)))
    weights = model["weights"]
    fired.extend(weights[name] for name in names if name in weights)
    return model["bias"] + math.fsum(fired)


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
    score = probability(logit(claim["text"], claim["signals"]))
    return min(score, OPINION_CAP) if is_opinion_only(claim["signals"]) else score
