"""Detect opinion, prediction, question and recommendation cues.

These mark what is *not* checkable on its own: "could be mutually beneficial", "should",
"will explore", "must be sought", "perhaps", a question. Signals are of kind ``opinion``
with weight 0, so the default noisy-or score ignores them, while the check-worthiness
scorer (plugins/checkworthiness.py) counts them against the sentence. The value says
which cue fired: ``{"type": "recommendation", "cue": "must be sought"}``.
"""

from __future__ import annotations

import re
from functools import cache

from workbench_plugins._scan import lowercase

from workbench import hookimpl
from workbench.records import Record, make_signal


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(type, pattern), compiled on first use."""
    return [
        ("recommendation", re.compile(
            r"\b(?:should|ought\s+to|must|need(?:s)?\s+to|have\s+to|has\s+to)"
            r"(?:\s+(?:not|also|now|still|first))?\s+(?:be\s+)?[a-z]+|"
            r"\b(?:we|i)\s+(?:encourage|recommend|urge|suggest|propose|call\s+on)\b|"
            r"\bit\s+is\s+(?:essential|imperative|crucial|vital|important|necessary|time)\b|"
            r"\blet(?:'s|\s+us)\b|\bis\s+(?:urgently\s+)?needed\b")),
        ("prediction", re.compile(
            r"\b(?:will|shall|'ll|is\s+going\s+to|are\s+going\s+to|is\s+(?:likely|expected|"
            r"set)\s+to|are\s+(?:likely|expected|set)\s+to)\s+(?:not\s+)?"
            r"(?:inevitably\s+|likely\s+|probably\s+|also\s+|further\s+)?[a-z]+")),
        ("speculation", re.compile(
            r"\b(?:could|might|may|would)\s+(?:not\s+)?(?:also\s+|well\s+|even\s+)?"
            r"(?:be|have|help|create|offer|lead|involve|provide|strengthen|enhance|hinder|"
            r"drive|accelerate|reduce|limit|meet|prove|become|bring|see|make|allow|"
            r"[a-z]+)\b")),
        ("hedge", re.compile(
            r"\b(?:perhaps|maybe|arguably|presumably|possibly|probably|seemingly|"
            r"(?:it\s+)?seems|appears\s+to|i\s+(?:think|believe|feel|hope|guess)|"
            r"in\s+my\s+(?:view|opinion|experience)|we\s+believe)\b")),
        ("evaluation", re.compile(
            r"\b(?:is|are|was|were|be|remains?)\s+(?:not\s+)?(?:very\s+|so\s+|more\s+|"
            r"particularly\s+|especially\s+|truly\s+)?(?:crucial|essential|important|"
            r"significant|compelling|imperative|worthy|beneficial|helpful|useful|bad|good|"
            r"great|terrible|wonderful|tough|difficult|wrong|right|unlikely|likely|"
            r"interesting|valuable|critical)\b")),
    ]


QUESTION = re.compile(r"\?(?=[\"'”’)\]]*\s*$|[\"'”’)\]]*\s+[A-Z])")


def find_opinions(text: str) -> list[Record]:
    """Opinion-cue signals of ``text``, each of weight 0.

    The cue patterns run on a lowercase copy (same offsets): faster than ``re.I``.
    """
    lowered = lowercase(text)
    signals = []
    for name, pattern in _patterns():
        for match in pattern.finditer(lowered):
            cue = " ".join(match.group().split())
            signals.append(make_signal(text, "opinion", match.start(), match.end(), 0.0,
                                       {"type": name, "cue": cue}))
    for match in QUESTION.finditer(text):
        signals.append(make_signal(text, "opinion", match.start(), match.end(), 0.0,
                                   {"type": "question", "cue": "?"}))
    return signals


@hookimpl
def detect_signals(document: Record) -> list[Record]:
    """Flag recommendations, predictions, speculation, hedges, evaluations and questions."""
    return find_opinions(document["text"])
