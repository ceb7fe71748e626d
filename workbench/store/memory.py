"""Newsroom memory: point a new claim at a claim the newsroom already checked.

Wording is compared after normalising case, punctuation and white space, with the better
of two rapidfuzz scores: ``ratio`` (edits) and ``token_sort_ratio`` (the same words in
another order). This catches repeated and lightly reworded claims; it does not understand
paraphrases that share few words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from workbench.review import best_verdict

Record = dict[str, Any]

MIN_SIMILARITY = 80.0  # out of 100
MAX_SUGGESTIONS = 3


def similarity(a: str, b: str) -> float:
    """How alike two claims' wordings are, 0-100."""
    from rapidfuzz import fuzz, utils

    return max(fuzz.ratio(a, b, processor=utils.default_process),
               fuzz.token_sort_ratio(a, b, processor=utils.default_process))


def suggestions(claim: Record, checked: Iterable[Record]) -> list[Record]:
    """Checked claims (other than ``claim`` and the orphan it rewords) worded like ``claim``,
    best first.

    Each suggestion holds the earlier claim's id (``earlier``), its text, how similar it
    is (0-1) and its best verdict with that verdict's sources.
    """
    found = []
    for earlier in checked:
        if earlier["id"] in (claim["id"], claim.get("succeeds")):
            continue
        score = similarity(claim["text"], earlier["text"])
        verdict = best_verdict(earlier)
        if score >= MIN_SIMILARITY and verdict is not None:
            found.append({"claim": claim["id"], "earlier": earlier["id"],
                          "text": earlier["text"], "similarity": round(score / 100, 3),
                          "verdict": verdict})
    found.sort(key=lambda s: -s["similarity"])
    return found[:MAX_SUGGESTIONS]
