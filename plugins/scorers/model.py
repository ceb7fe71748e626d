"""Score check-worthiness with a linear model trained on ClaimBuster, applied without numpy.

The model (``data/checkworthiness.json``) is a logistic regression over two kinds of
binary features:

- *lexical*: the sentence's lowercase words and word pairs (digits folded to ``0``),
  their sum divided by the square root of the sentence's length in tokens, so a long
  sentence does not score high for its length alone;
- *context*: what does not depend on the words themselves: the kinds and value types of
  the signals the detectors found (``kind:quantity``, ``type:statistic/percent``), a few
  cues that hold in any speech or article (a digit, a year, a question, first- or
  second-person pronouns, a modal verb, a negation, a past participle, how many words
  are capitalised) and the sentence's length.

The words of the debaters' names were left out in training: a score should not depend
on who spoke. At run time the score is a dict look-up per feature, a sum and a sigmoid:
microseconds a sentence.

**What the score means.** The logit was calibrated (Platt scaling on out-of-fold
predictions of a cross-validation across debates) and then shifted from ClaimBuster's
share of check-worthy sentences (about one in four) to even odds. A score is the
probability that the sentence is check-worthy *in a text where check-worthy sentences
and the others are equally common*; 0.5 means the sentence is as typical of the
check-worthy sentences as of the others, whatever their share. ``checkworthy`` is
``score >= 0.5`` (workbench.claims.CHECKWORTHY_THRESHOLD). The model file records the
precision and recall this gave in cross-validation.

:func:`explain` lists the features that moved a score most (``workbench eval
--show-errors`` prints them for each miss). The hook itself only returns the score: the
core forbids plugins to change the claims they get.

Trained by ``benchmarks/train_scorer.py`` on ClaimBuster (Arslan, Hassan, Li and
Tremayne, "A Benchmark Dataset of Check-worthy Factual Claims", ICWSM 2020,
doi:10.5281/zenodo.3609356, CC BY 4.0); see the model file for its data and figures.
"""

from __future__ import annotations

import math
import re
from functools import cache
from itertools import pairwise, repeat
from typing import Any

import orjson
from workbench_plugins import DATA

from workbench import hookimpl
from workbench.records import Record

MODEL_FILE = "checkworthiness.json"
LANGUAGES = ("en",)  # trained on English sentences; elsewhere the core combines signals
TOP_FEATURES = 5
START = "<s>"  # the token before a sentence's first, in the names of word-pair features
_DIGITS = re.compile(r"\d")
# Words, numbers and a few symbols of a lowercased text whose digits are all "0" already
# (``_DIGITS``): matching "0" rather than any digit is the same and a third faster.
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|0+(?:[.,]0+)*|[$%£€?]")
_YEAR = re.compile(r"\b(?:1[6-9]|20)\d\d\b")
# Cues that say something of a sentence in any debate, speech or article.
_CUE_WORDS = {
    "cue:i": frozenset({"i", "i'm", "i've", "i'll", "i'd", "me", "my", "mine", "myself"}),
    "cue:we": frozenset({"we", "we're", "we've", "we'll", "we'd", "us", "our", "ours"}),
    "cue:you": frozenset({"you", "you're", "you've", "you'll", "you'd", "your", "yours"}),
    "cue:modal": frozenset({"will", "would", "should", "could", "can", "may", "might",
                            "must", "shall", "going"}),
    "cue:negation": frozenset({"not", "no", "never", "nobody", "nothing", "don't", "didn't",
                               "doesn't", "won't", "can't", "isn't", "wasn't", "aren't"}),
}


def fold(text: str) -> str:
    """``text`` lowercased, its digits replaced by "0" and its apostrophes made ASCII."""
    return _DIGITS.sub("0", text.lower().replace("’", "'"))


def tokens_of(text: str) -> list[str]:
    """The tokens of ``text``: words, numbers and a few symbols of its :func:`fold`."""
    return _TOKEN.findall(fold(text))


def lexical_features(tokens: list[str]) -> set[str]:
    """The words of a sentence and its word pairs (``"<s> first"`` for its start)."""
    found = set(tokens)
    found.update(map(" ".join, pairwise(tokens)))
    if tokens:
        found.add(f"{START} {tokens[0]}")
    return found


def _length(count: int) -> str:
    return "len:" + ("0-5" if count <= 5 else "6-10" if count <= 10 else
                     "11-20" if count <= 20 else "21-40" if count <= 40 else "41+")


def _capitals(text: str) -> str:
    """How many words after the first start with a capital, in four bins."""
    count = sum(1 for word in text.split()[1:] if word[0].isupper())
    return "caps:" + ("0" if count == 0 else "1" if count == 1 else "2-3" if count <= 3
                      else "4+")


def context_features(text: str, tokens: list[str], signals: list[Record]) -> set[str]:
    """The features that are not words: signal kinds and value types, cues, length."""
    found = {_length(len(tokens)), _capitals(text)}
    for signal in signals:
        kind = signal["kind"]
        found.add("kind:" + kind)
        value = signal.get("value")
        if isinstance(value, dict) and isinstance(value.get("type"), str):
            found.add(f"type:{kind}/{value['type']}")
    distinct = set(tokens)
    found.update(cue for cue, words in _CUE_WORDS.items() if not distinct.isdisjoint(words))
    if "?" in distinct and text.rstrip().endswith("?"):
        found.add("cue:question")
    if _DIGITS.search(text):
        found.add("cue:digit")
        if _YEAR.search(text):
            found.add("cue:year")
    if any(token.endswith("ed") for token in distinct if len(token) > 4):
        found.add("cue:past-ed")
    return found


@cache
def load_model() -> dict[str, Any]:
    """The shipped model: ``{"bias", "lexical", "context", ...}`` (read once)."""
    return orjson.loads((DATA / MODEL_FILE).read_bytes())  # as json does, four times faster


def contributions(text: str, signals: list[Record]) -> tuple[float, list[tuple[str, float]]]:
    """The model's logit for a sentence and what each feature that fired added to it."""
    model = load_model()
    tokens = tokens_of(text)
    scale = 1.0 / math.sqrt(max(len(tokens), 1))
    lexical: dict[str, float] = model["lexical"]
    context: dict[str, float] = model["context"]
    fired = [(name, lexical[name] * scale) for name in lexical_features(tokens)
             if name in lexical]
    fired += [(name, context[name]) for name in context_features(text, tokens, signals)
              if name in context]
    return model["bias"] + math.fsum(weight for _, weight in fired), fired


def logit(text: str, signals: list[Record], model: dict[str, Any] | None = None) -> float:
    """The logit of a sentence under ``model`` (default: the shipped one):
    :func:`contributions` without the list."""
    model = model or load_model()
    tokens = tokens_of(text)
    words = sum(map(model["lexical"].get, lexical_features(tokens), repeat(0.0)))
    rest = sum(map(model["context"].get, context_features(text, tokens, signals), repeat(0.0)))
    return model["bias"] + words / math.sqrt(max(len(tokens), 1)) + rest


def probability(value: float) -> float:
    """The logistic function, safe for large magnitudes."""
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    z = math.exp(value)
    return z / (1.0 + z)


def explain(text: str, signals: list[Record], top: int = TOP_FEATURES) -> list[Record]:
    """The ``top`` features that moved the score of a sentence most, strongest first."""
    _, fired = contributions(text, signals)
    fired.sort(key=lambda item: (-abs(item[1]), item[0]))
    return [{"feature": name, "weight": round(weight, 3)} for name, weight in fired[:top]]


@hookimpl
def score_claim(claim: Record) -> float:
    """Score the claim with the shipped model: the calibrated probability that it is
    check-worthy at even odds (see the module's docstring for what 0.5 means)."""
    return probability(logit(claim["text"], claim["signals"]))
