"""Assemble a run's documents and claims into one review record, and read it back."""

from __future__ import annotations

from collections import Counter
from typing import Any

from workbench import __version__
from workbench.records import now

Record = dict[str, Any]

RATINGS = ("true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "outdated",
           "unverified")


def best_verdict(claim: Record) -> Record | None:
    """The verdict to show first: a reviewer's over a plugin's, then the most confident."""
    if not claim["verdicts"]:
        return None
    return max(
        claim["verdicts"],
        key=lambda v: (v["origin"]["type"] == "reviewer", v["created"] if
                       v["origin"]["type"] == "reviewer" else "", v["confidence"]),
    )


def summarize(entries: list[Record]) -> Record:
    """Counts of documents, claims, check-worthy claims, best ratings and kinds."""
    claims = [claim for entry in entries for claim in entry["claims"]]
    ratings: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for claim in claims:
        verdict = best_verdict(claim)
        if verdict is not None:
            ratings[verdict["rating"]] += 1
        kinds.update(claim["kinds"])
    return {
        "documents": len(entries),
        "claims": len(claims),
        "checkworthy": sum(1 for claim in claims if claim["checkworthy"]),
        "by_rating": {rating: ratings[rating] for rating in RATINGS if ratings[rating]},
        "by_kind": dict(sorted(kinds.items())),
    }


def build_review(entries: list[Record], failures: list[Record]) -> Record:
    """A review record (``schemas/review.schema.json``) of the given document entries."""
    return {
        "tool": {"name": "workbench", "version": __version__},
        "generated": now(),
        "documents": entries,
        "summary": summarize(entries),
        "failures": failures,
    }


def ranked(claims: list[Record]) -> list[Record]:
    """Claims best first: highest check-worthiness, then document order."""
    return sorted(claims, key=lambda c: (-c["checkworthiness"], c["span"]["start"]))


def narrow(review: Record, min_score: float | None, top: int | None) -> Record:
    """A copy of ``review`` keeping claims scoring at least ``min_score``, ``top`` per document."""
    entries = []
    for entry in review["documents"]:
        claims = [c for c in ranked(entry["claims"])
                  if min_score is None or c["checkworthiness"] >= min_score]
        if top is not None:
            claims = claims[:top]
        claims.sort(key=lambda c: c["span"]["start"])
        entries.append({**entry, "claims": claims})
    return {**review, "documents": entries, "summary": summarize(entries)}


def matches_fail_on(review: Record, fail_on: str) -> bool:
    """True when a claim meets ``--fail-on``: a best-verdict rating, or ``checkworthy``."""
    for entry in review["documents"]:
        for claim in entry["claims"]:
            if fail_on == "checkworthy":
                if claim["checkworthy"]:
                    return True
                continue
            verdict = best_verdict(claim)
            if verdict is not None and verdict["rating"] == fail_on:
                return True
    return False


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def signal_summary(claim: Record) -> str:
    """The claim's signals as ``kind "text"`` pairs, for reading views."""
    return "; ".join(f'{s["kind"]} "{s["text"]}"' for s in claim["signals"])
