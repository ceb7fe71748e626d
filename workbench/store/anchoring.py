"""Find a stored claim again in a revised text, the way annotation tools re-anchor quotes.

A claim keeps a W3C TextQuoteSelector (exact text, up to 32 characters of prefix and
suffix) and its old position. To anchor it in a new text:

1. the stored position, accepted when the text there is still the exact quote; or the
   place the quote is expected (``hint``: moved as far as the claim before it), accepted
   when the quote, its prefix and its suffix are all there;
2. every exact occurrence of the quote, scored by prefix, suffix and distance;
3. approximate occurrences (at most a quarter of the quote's characters edited) near
   where the quote is expected, found with Myers' bit-parallel edit-distance search and
   scored the same way, the quote's similarity weighing most.

Scores follow Hypothesis' text-quote anchoring: 50 parts quote, 20 prefix, 20 suffix and
2 position, divided by 92.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

Record = dict[str, Any]

MAX_ERROR_RATE = 0.25  # edits allowed in a fuzzy match, per character of the quote
MIN_SCORE = 0.5        # a fuzzy candidate scoring lower is not the claim
WINDOW = 2000          # characters either side of the expected place searched approximately
WEIGHTS = {"quote": 50, "prefix": 20, "suffix": 20, "position": 2}


@dataclass(frozen=True)
class Anchor:
    """Where a quote sits in a text, how sure we are, and how it was found."""

    start: int
    end: int
    score: float
    method: str  # "position", "exact" or "fuzzy"


def _similarity(a: str, b: str) -> float:
    from rapidfuzz.distance import Levenshtein

    if not a and not b:
        return 1.0
    return float(Levenshtein.normalized_similarity(a, b))


def _score(selector: Record, text: str, start: int, end: int, hint: int,
           quote_score: float) -> float:
    prefix, suffix = selector["prefix"], selector["suffix"]
    prefix_score = _similarity(prefix, text[max(0, start - len(prefix)):start])
    suffix_score = _similarity(suffix, text[end:end + len(suffix)])
    position_score = 1.0 - abs(start - hint) / max(len(text), 1)
    total = (WEIGHTS["quote"] * quote_score + WEIGHTS["prefix"] * prefix_score
             + WEIGHTS["suffix"] * suffix_score + WEIGHTS["position"] * position_score)
    return total / sum(WEIGHTS.values())


def _in_context(selector: Record, text: str, start: int) -> bool:
    """True when the quote at ``start`` has the selector's prefix and suffix around it."""
    prefix, suffix = selector["prefix"], selector["suffix"]
    end = start + len(selector["exact"])
    return text.startswith(suffix, end) and start >= len(prefix) and \
        text.startswith(prefix, start - len(prefix))


def approximate_ends(pattern: str, text: str, max_errors: int) -> list[tuple[int, int]]:
    """``(end, errors)`` of the best approximate matches of ``pattern`` in ``text``.

    Myers' (1999) bit-vector algorithm with Python integers as bit vectors, so the
    pattern may be of any length. For each run of end positions within ``max_errors``
    edits, the position with the fewest edits is returned.
    """
    m = len(pattern)
    if m == 0:
        return []
    full = (1 << m) - 1
    last = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, errors = full, 0, m
    found: list[tuple[int, int]] = []
    run: tuple[int, int] | None = None
    for j, char in enumerate(text):
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & last:
            errors += 1
        elif mh & last:
            errors -= 1
        ph = (ph << 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
        if errors <= max_errors:
            if run is None or errors < run[1]:
                run = (j + 1, errors)
        elif run is not None:
            found.append(run)
            run = None
    if run is not None:
        found.append(run)
    return found


def _best_start(pattern: str, text: str, end: int, errors: int) -> tuple[int, int]:
    """The start of the match ending at ``end``: the one with the fewest edits."""
    from rapidfuzz.distance import Levenshtein

    m = len(pattern)
    best = (max(0, end - m), Levenshtein.distance(pattern, text[max(0, end - m):end]))
    for start in range(max(0, end - m - errors), min(end, end - m + errors) + 1):
        distance = Levenshtein.distance(pattern, text[start:end], score_cutoff=best[1])
        if distance < best[1]:
            best = (start, distance)
    return best


def occurrences(quotes: Iterable[str], text: str) -> dict[str, list[int]]:
    """Where each of ``quotes`` occurs in ``text``, found in one pass (Aho-Corasick)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for quote in set(quotes):
        if quote:
            automaton.add_word(quote, quote)
    if not len(automaton):
        return {}
    automaton.make_automaton()
    found: dict[str, list[int]] = {}
    for last, quote in automaton.iter(text):
        found.setdefault(quote, []).append(last + 1 - len(quote))
    return found


def _places(quote: str, text: str) -> list[int]:
    """Every start of ``quote`` in ``text``."""
    places = []
    found = text.find(quote)
    while found != -1:
        places.append(found)
        found = text.find(quote, found + 1)
    return places


def anchor(selector: Record, span: Record, text: str, hint: int | None = None,
           places: Callable[[str], list[int]] | None = None) -> Anchor | None:
    """Anchor a quote (``selector``, old ``span``) in ``text``; ``None`` when it is gone.

    ``hint`` is where the quote is expected now (default: its old start); approximate
    matches are looked for within :data:`WINDOW` characters (or four quote lengths) of it,
    exact ones anywhere: ``places(quote)`` says where the quote occurs (default: a search
    of the whole text; give an index such as :func:`occurrences` when anchoring many
    quotes in one text).
    """
    exact = selector["exact"]
    start, end = span["start"], span["end"]
    if text[start:end] == exact:
        return Anchor(start, end, 1.0, "position")
    hint = start if hint is None else hint
    if hint >= 0 and text.startswith(exact, hint) and _in_context(selector, text, hint):
        return Anchor(hint, hint + len(exact), 1.0, "position")
    candidates: list[Anchor] = []
    for found in (places or (lambda quote: _places(quote, text)))(exact):
        score = _score(selector, text, found, found + len(exact), hint, 1.0)
        candidates.append(Anchor(found, found + len(exact), score, "exact"))
    if candidates:
        return max(candidates, key=lambda a: a.score)
    max_errors = int(len(exact) * MAX_ERROR_RATE)
    reach = max(WINDOW, 4 * len(exact))
    low = max(0, hint - reach)
    region = text[low:hint + len(exact) + reach]
    for region_end, errors in approximate_ends(exact, region, max_errors):
        match_end = low + region_end
        match_start, distance = _best_start(exact, text, match_end, errors)
        if match_start >= match_end:
            continue
        quote_score = 1.0 - distance / max(len(exact), match_end - match_start)
        score = _score(selector, text, match_start, match_end, hint, quote_score)
        if score >= MIN_SCORE:
            candidates.append(Anchor(match_start, match_end, score, "fuzzy"))
    return max(candidates, key=lambda a: a.score) if candidates else None
