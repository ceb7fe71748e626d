"""The detectors' gates only save time: every rule run on every sentence finds the same.

Each detector skips a pattern in a sentence that lacks the words every match of the
pattern contains (``workbench_plugins._scan``). If a gate or a trigger word were not
really needed for a match, a detector would silently miss signals. These tests run each
detector twice on the same text, once as shipped and once with the gates and trigger
words ignored, and demand the same signals.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from workbench_plugins import (
    _scan,
    attribution,
    citations,
    comparisons,
    opinion,
    quantities,
    temporal,
    trade_measures,
)
from workbench_plugins.sentences import split_sentences

DETECTORS = [attribution, citations, comparisons, opinion, quantities, temporal, trade_measures]
SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))

# Words the rules look for, and the kind of text around them.
WORDS = [
    "said", "says", "told", "noted", "according to", "a recent", "Globe and Mail", "story",
    "report", "the minister", "Smith", "officials", "media reports", "(Smith, 2019)",
    "pp. 4-9", "[12]", "⁶⁸", "needed,68", "doi:10.1000/xyz", "ibid.", "Behind the Headlines",
    "54:3", "(Spring 1997)", "the longest", "most important", "the first", "second time",
    "more than", "fewer than", "twice as many", "compared with", "record high",
    "the only country", "should", "must be", "will explore", "could be", "perhaps",
    "in my view", "is important", "has to", "have to", "let us", "$16.6 billion",
    "25 per cent", "40%", "122 states", "three quarters of", "an increase of", "rose by",
    "doubled", "one in five", "3 out of 10", "dozens of", "ten", "often", "tariffs on steel",
    "duties", "sanctions against", "embargo", "from 1996 to 2000", "1990s", "in 1997",
    "three decades ago", "two years before", "April 25, 2025", "25 April 2025",
    "2025-04-25", "the second Obama term", "21st century", "for the past five years",
    "Winter 2019", "March of 2020", "between 1990 and 1995", "1914–1918", "?", ".", ",",
    "\n", "\n\n", "the", "a", "and", "of", "in", "Canada", "China", "NATO", "\u201c", "\u201d",
    '"', "It", "They", "three decades", "two years", "five months", "some 40", "a dozen",
    "two years prior", "five months later", "a decade earlier", "six weeks after",
    "a thousand", "a million", "a billion", "a hundred", "people",
]
# ... and every word of every gate, so that a gate missing a word shows.
GATE_WORDS = sorted({word for detector in DETECTORS for rule in detector.SCANNER.rules
                     if isinstance(rule.gate, frozenset) for word in rule.gate})
TEXT = st.lists(st.sampled_from(WORDS + GATE_WORDS), min_size=1, max_size=12).map(" ".join)


def everywhere(scanner: _scan.Scanner, text: str, lowered: str,
               sentences: Sequence[tuple[int, int]] | None
               ) -> Iterator[tuple[int, _scan.Rule, re.Match[str]]]:
    """What ``Scanner.matches`` would yield without gates or triggers: every rule, every
    sentence."""
    for first, last in sentences or [(0, len(text))]:
        for rule in scanner.rules:
            for match in rule.pattern.finditer(lowered if rule.lowered else text, first, last):
                yield first, rule, match


def signals(detector: Any, text: str) -> list[dict[str, Any]]:
    return detector.detect_signals(document={"text": text}, sentences=split_sentences(text))


def check_same(detector: Any, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    gated = signals(detector, text)
    with monkeypatch.context() as patch:
        patch.setattr(_scan.Scanner, "matches", everywhere)
        brute = signals(detector, text)
    assert gated == brute


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda module: module.__name__)
@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name[:3])
def test_gates_miss_nothing_on_the_seeds(detector, seed, monkeypatch):
    check_same(detector, seed.read_text(encoding="utf-8"), monkeypatch)


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda module: module.__name__)
@settings(max_examples=500, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=TEXT)
@example(text="a dozen says")  # numbers of several words: found by this test once
@example(text="a thousand people")
def test_gates_miss_nothing_on_any_mix_of_their_words(detector, text, monkeypatch):
    check_same(detector, text, monkeypatch)


def test_the_shared_keyword_pass_serves_every_detector_alike():
    """Detectors run one after another on one document share a keyword pass: each must
    find what it finds when it runs alone on a fresh copy of the text."""
    text = SEEDS[0].read_text(encoding="utf-8")
    sentences = split_sentences(text)
    together = [d.detect_signals(document={"text": text}, sentences=sentences)
                for d in DETECTORS]
    alone = [d.detect_signals(document={"text": text[:1] + text[1:]},  # a new object
                              sentences=list(sentences))
             for d in reversed(DETECTORS)]
    assert together == alone[::-1]
