"""Turn sentences and detector signals into Claim records: ids, selectors, scores."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from typing import Any

Record = dict[str, Any]

CHECKWORTHY_THRESHOLD = 0.5
SELECTOR_CONTEXT = 32


def normalize(text: str) -> str:
    """Collapse white space and case, so trivial edits do not change a claim's id."""
    return " ".join(text.split()).casefold()


def claim_id(document_id: str, text: str, occurrence: int, normalized: str | None = None) -> str:
    """A stable claim id from its document, normalised text and occurrence number.

    Pass ``normalized`` (``normalize(text)``) when it is at hand, to save computing it again.
    """
    key = normalize(text) if normalized is None else normalized
    data = f"{document_id}\x1f{key}\x1f{occurrence}".encode("utf-8", "surrogatepass")
    return "clm-" + hashlib.sha256(data).hexdigest()[:16]


def quote_selector(text: str, start: int, end: int) -> Record:
    """A TextQuoteSelector for ``text[start:end]`` with up to 32 characters of context."""
    return {
        "exact": text[start:end],
        "prefix": text[max(0, start - SELECTOR_CONTEXT):start],
        "suffix": text[end:end + SELECTOR_CONTEXT],
    }


def noisy_or(weights: list[float]) -> float:
    """Combine independent pieces of evidence: 1 - prod(1 - w)."""
    remaining = 1.0
    for weight in weights:
        remaining *= 1.0 - weight
    return round(1.0 - remaining, 4)


def _signals_by_sentence(sentences: list[tuple[int, int]], signals: list[Record]
                         ) -> dict[int, list[Record]]:
    """The signals that start inside each sentence, by sentence index, in span order."""
    starts = [start for start, _ in sentences]
    by_sentence: dict[int, list[Record]] = {}
    for signal in sorted(signals, key=lambda s: (s["span"]["start"], s["span"]["end"])):
        start = signal["span"]["start"]
        index = bisect_right(starts, start) - 1
        if index >= 0 and start < sentences[index][1]:
            by_sentence.setdefault(index, []).append(signal)
    return by_sentence


def _strongest(found: list[Record]) -> dict[str, float]:
    """The weight of the strongest of ``found`` signals of each kind."""
    strongest: dict[str, float] = {}
    for signal in found:
        kind = signal["kind"]
        strongest[kind] = max(strongest.get(kind, 0.0), signal["weight"])
    return strongest


def build_claims(document: Record, sentences: list[tuple[int, int]],
                 signals: list[Record]) -> list[Record]:
    """One candidate claim per sentence, carrying the signals that start inside it.

    ``checkworthiness`` is the noisy-or of the strongest signal of each kind; a scorer
    plugin may replace it later. Signals that start outside ``sentences`` are left out.
    """
    text = document["text"]
    document_id = document["id"]
    by_sentence = _signals_by_sentence(sentences, signals)
    seen: dict[str, int] = {}
    claims = []
    for index, (start, end) in enumerate(sentences):
        sentence = text[start:end]
        key = normalize(sentence)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        found = by_sentence.get(index, [])
        strongest = _strongest(found)
        score = noisy_or(list(strongest.values()))
        kinds = sorted(strongest)
        claims.append({
            "id": claim_id(document_id, sentence, occurrence, key),
            "document_id": document_id,
            "text": sentence,
            "span": {"start": start, "end": end},
            "selector": quote_selector(text, start, end),
            "kinds": kinds,
            "signals": found,
            "checkworthiness": score,
            "checkworthy": score >= CHECKWORTHY_THRESHOLD,
            "status": "new",
            "verdicts": [],
            "notes": [],
        })
    return claims
