"""Detect opinion, prediction, question and recommendation cues.

These mark what is *not* checkable on its own: "could be mutually beneficial", "should",
"will explore", "must be sought", "perhaps", a question. Signals are of kind ``opinion``
with weight 0, so the default noisy-or score ignores them, while the check-worthiness
scorer (plugins/checkworthiness.py) counts them against the sentence. The value says
which cue fired: ``{"type": "recommendation", "cue": "must be sought"}``.
"""

from __future__ import annotations

import re

from workbench_plugins.shared.scan import (
    LazyPattern,
    Rule,
    Scanner,
    at_word_start,
    extent,
    lowercase,
)

from workbench import hookimpl
from workbench.records import Record, make_signal

LANGUAGES = ("en",)  # the words and patterns it reads are English

# Every recommendation cue holds one of these.
RECOMMENDING = ("should", "ought", "must", "need", "have", "has", "encourage", "recommend",
                "urge", "suggest", "propose", "call", "essential", "imperative", "crucial",
                "vital", "important", "necessary", "time", "let")
EVALUATIONS = ("crucial", "essential", "important", "significant", "compelling", "imperative",
               "worthy", "beneficial", "helpful", "useful", "bad", "good", "great", "terrible",
               "wonderful", "tough", "difficult", "wrong", "right", "unlikely", "likely",
               "interesting", "valuable", "critical")


# The cue patterns, compiled on first use (weights are 0: see the module docstring). A gate
# lists words one of which every match contains (see ``_scan``).
_RULES = [
    Rule("recommendation", RECOMMENDING, LazyPattern(
        r"\b(?:should|ought\s+to|must|need(?:s)?\s+to|have\s+to|has\s+to)"
        r"(?:\s+(?:not|also|now|still|first))?\s+(?:be\s+)?[a-z]+|"
        r"\b(?:we|i)\s+(?:encourage|recommend|urge|suggest|propose|call\s+on)\b|"
        r"\bit\s+is\s+(?:essential|imperative|crucial|vital|important|necessary|time)\b|"
        r"\blet(?:'s|\s+us)\b|\bis\s+(?:urgently\s+)?needed\b"), 0.0),
    Rule("prediction", ("will", "shall", "'ll", "going", "likely", "expected", "set"),
         LazyPattern(at_word_start(
             "will", "shall", "'ll", r"is\s+going\s+to", r"are\s+going\s+to",
             r"is\s+(?:likely|expected|set)\s+to", r"are\s+(?:likely|expected|set)\s+to")
            + r"\s+(?:not\s+)?(?:inevitably\s+|likely\s+|probably\s+|also\s+|further\s+)?"
            r"[a-z]+"), 0.0),
    Rule("speculation", ("could", "might", "may", "would"), LazyPattern(
        at_word_start("could", "might", "may", "would")
        + r"\s+(?:not\s+)?(?:also\s+|well\s+|even\s+)?"
        r"(?:be|have|help|create|offer|lead|involve|provide|strengthen|enhance|hinder|"
        r"drive|accelerate|reduce|limit|meet|prove|become|bring|see|make|allow|"
        r"[a-z]+)\b"), 0.0),
    Rule("hedge", ("perhaps", "maybe", "arguably", "presumably", "possibly", "probably",
                   "seemingly", "seems", "appears", "think", "believe", "feel", "hope",
                   "guess", "view", "opinion", "experience"), LazyPattern(
        at_word_start("perhaps", "maybe", "arguably", "presumably", "possibly", "probably",
                      "seemingly", r"it\s+seems", "seems", r"appears\s+to",
                      r"i\s+(?:think|believe|feel|hope|guess)",
                      r"in\s+my\s+(?:view|opinion|experience)", r"we\s+believe") + r"\b"),
         0.0),
    Rule("evaluation", EVALUATIONS, LazyPattern(
        at_word_start("is", "are", "was", "were", "be", "remains?")
        + r"\s+(?:not\s+)?(?:very\s+|so\s+|more\s+|"
        rf"particularly\s+|especially\s+|truly\s+)?(?:{'|'.join(EVALUATIONS)})\b"), 0.0),
]
SCANNER = Scanner(_RULES)


QUESTION = re.compile(r"\?(?=[\"'”’)\]]*\s*$|[\"'”’)\]]*\s+[A-Z])")


def find_opinions(text: str, sentences: list[tuple[int, int]] | None = None) -> list[Record]:
    """Opinion-cue signals of ``text`` (within ``sentences``, if given), each of weight 0.

    The cue patterns run on a lowercase copy (same offsets): faster than ``re.I``. Cues
    come rule by rule, each in text order, then the questions.
    """
    lowered = lowercase(text)
    by_rule: dict[str, list[Record]] = {rule.name: [] for rule in SCANNER.rules}
    for _first, rule, match in SCANNER.matches(lowered, lowered, sentences):
        cue = " ".join(match.group().split())
        by_rule[rule.name].append(make_signal(text, "opinion", match.start(), match.end(),
                                              rule.weight, {"type": rule.name, "cue": cue}))
    signals = [signal for found in by_rule.values() for signal in found]
    start, end = extent(text, sentences)
    for match in QUESTION.finditer(text, start):
        if match.start() >= end:
            break
        signals.append(make_signal(text, "opinion", match.start(), match.end(), 0.0,
                                   {"type": "question", "cue": "?"}))
    return signals


@hookimpl
def detect_signals(document: Record, sentences: list[tuple[int, int]]) -> list[Record]:
    """Flag recommendations, predictions, speculation, hedges, evaluations and questions."""
    return find_opinions(document["text"], sentences)
