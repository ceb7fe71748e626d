"""Assemble a run's documents and claims into one review record, and read it back."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from itertools import accumulate
from typing import Any

from workbench import __version__
from workbench.records import now

Record = dict[str, Any]

RATINGS = ("true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "outdated",
           "unverified")
STALE_REASON = "the text changed since it was checked"


def _rank(item: tuple[int, Record]) -> tuple[bool, str, int, float]:
    """How a verdict at a position of a claim's list ranks (higher first)."""
    position, verdict = item
    if verdict["origin"]["type"] == "reviewer":
        # ``created`` is in whole seconds: of two verdicts in one second, the one recorded
        # later (later in the list) wins.
        return True, verdict["created"], position, 0.0
    return False, "", 0, verdict["confidence"]


def best_verdict(claim: Record) -> Record | None:
    """The claim's one verdict, by the reconciliation policy:

    1. A reviewer's verdict outranks every checker's: the most recent one is the verdict.
    2. Else the checkers' rated verdicts (all but ``unverified``) are combined. When they
       agree, the rating stands and agreement raises the confidence (1 - the product of
       the chances each is wrong). When they disagree, the verdict is ``mixed``, with each
       checker's rating and rationale shown; the conflict is not settled by confidence.
    3. Else (only ``unverified`` verdicts) the first of them, with what it did check.
    """
    verdicts = claim["verdicts"]
    if not verdicts:
        return None
    reviewers = [item for item in enumerate(verdicts) if item[1]["origin"]["type"] ==
                 "reviewer"]
    if reviewers:
        return max(reviewers, key=_rank)[1]
    rated = [verdict for verdict in verdicts if verdict["rating"] != "unverified"]
    if not rated:
        return verdicts[0]
    if len(rated) == 1:
        return rated[0]
    return _combined(rated)


def _combined(rated: list[Record]) -> Record:
    """Several checkers' rated verdicts as one (see :func:`best_verdict`)."""
    names = "+".join(dict.fromkeys(verdict["origin"]["name"] for verdict in rated))
    sources = list({source.get("url") or source.get("citation"): source
                    for verdict in rated for source in verdict["sources"]}.values())
    computations = [verdict["computation"] for verdict in rated if verdict.get("computation")]
    ratings = {verdict["rating"] for verdict in rated}
    wrong = 1.0
    for verdict in rated:
        wrong *= 1.0 - verdict["confidence"]
    combined: Record = {
        "rating": rated[0]["rating"] if len(ratings) == 1 else "mixed",
        "confidence": round(min(0.99, 1.0 - wrong), 4) if len(ratings) == 1
        else min(verdict["confidence"] for verdict in rated),
        "rationale": ("" if len(ratings) == 1 else "Checkers disagree. ") + " ".join(
            f"{verdict['origin']['name']} says {verdict['rating']}: {verdict['rationale']}"
            for verdict in rated),
        "sources": sources,
        "origin": {"type": "plugin", "name": names},
        "created": max(verdict["created"] for verdict in rated),
    }
    if computations:
        combined["computation"] = "; ".join(computations)
    return combined


def ranked_verdicts(claim: Record) -> list[Record]:
    """The claim's verdicts best first: reviewers' (the most recent first), then plugins'
    (the most confident first); :func:`best_verdict` is the first."""
    return [verdict for _, verdict in sorted(enumerate(claim["verdicts"]), key=_rank,
                                              reverse=True)]


def is_reviewers(verdict: Record) -> bool:
    """True for a verdict a person gave (not a plugin)."""
    return bool(verdict["origin"]["type"] == "reviewer")


def stale_verdict(claim: Record) -> Record | None:
    """The claim's best verdict when it is a reviewer's that rated other words than the
    claim's text now (see :mod:`workbench.store.binding`), else ``None``."""
    verdict = best_verdict(claim)
    return verdict if verdict is not None and "stale" in verdict else None


def changed_words(before: str, after: str, context: int = 2) -> tuple[str, str]:
    """The part of two wordings that differs, with ``context`` words either side
    (``"paid $250 million for"``, ``"paid $350 million for"``); "…" marks a cut."""
    from difflib import SequenceMatcher

    old, new = before.split(), after.split()
    blocks = [b for b in SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
              if b[0] != "equal"]
    if not blocks:
        return " ".join(old), " ".join(new)
    first, last = blocks[0], blocks[-1]

    def excerpt(words: list[str], start: int, end: int) -> str:
        low, high = max(0, start - context), min(len(words), end + context)
        return (("… " if low else "") + " ".join(words[low:high])
                + (" …" if high < len(words) else ""))

    return excerpt(old, first[1], last[2]), excerpt(new, first[3], last[4])


class SummaryCounter:
    """Counts for a review's ``summary``, added to one document entry at a time."""

    def __init__(self) -> None:
        self.documents = self.claims = self.checkworthy = 0
        self.ratings: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()

    def add(self, entry: Record) -> None:
        """Count one ``{"document", "claims"}`` entry."""
        self.documents += 1
        for claim in entry["claims"]:
            self.claims += 1
            self.checkworthy += bool(claim["checkworthy"])
            verdict = best_verdict(claim)
            if verdict is not None:
                self.ratings[verdict["rating"]] += 1
            self.kinds.update(claim["kinds"])

    def merge(self, other: SummaryCounter) -> None:
        """Count what ``other`` counted (a worker's count of its entry), too."""
        self.documents += other.documents
        self.claims += other.claims
        self.checkworthy += other.checkworthy
        self.ratings.update(other.ratings)
        self.kinds.update(other.kinds)

    def summary(self) -> Record:
        """The ``summary`` record of everything added so far."""
        return {
            "documents": self.documents,
            "claims": self.claims,
            "checkworthy": self.checkworthy,
            "by_rating": {rating: self.ratings[rating] for rating in RATINGS
                          if self.ratings[rating]},
            "by_kind": dict(sorted(self.kinds.items())),
        }


def summarize(entries: list[Record]) -> Record:
    """Counts of documents, claims, check-worthy claims, best ratings and kinds."""
    counter = SummaryCounter()
    for entry in entries:
        counter.add(entry)
    return counter.summary()


def review_head(failures: list[Record]) -> Record:
    """A review without documents yet: ``tool``, ``generated``, an empty ``documents`` list,
    an empty ``summary`` and the (still growing) ``failures`` list."""
    return {
        "tool": {"name": "workbench", "version": __version__},
        "generated": now(),
        "documents": [],
        "summary": SummaryCounter().summary(),
        "failures": failures,
    }


def build_review(entries: list[Record], failures: list[Record]) -> Record:
    """A review record (``schemas/review.schema.json``) of the given document entries."""
    return {**review_head(failures), "documents": entries, "summary": summarize(entries)}


def ranked(claims: list[Record]) -> list[Record]:
    """Claims best first: highest check-worthiness, then document order."""
    return sorted(claims, key=lambda c: (-c["checkworthiness"], c["span"]["start"]))


def narrow_entry(entry: Record, min_score: float | None, top: int | None) -> Record:
    """A copy of one entry keeping claims scoring at least ``min_score``, the ``top`` best.

    When check-worthy claims are left out, the copy's document says how many in
    ``metadata.not_shown``, for reading views to tell the reader.
    """
    if min_score is None and top is None:
        return entry
    claims = [c for c in ranked(entry["claims"])
              if min_score is None or c["checkworthiness"] >= min_score]
    if top is not None:
        claims = claims[:top]
    claims.sort(key=lambda c: c["span"]["start"])
    narrowed = {**entry, "claims": claims}
    hidden = (sum(c["checkworthy"] for c in entry["claims"])
              - sum(c["checkworthy"] for c in claims))
    if hidden:
        document = entry["document"]
        narrowed["document"] = {**document, "metadata": {**document.get("metadata", {}),
                                                         "not_shown": hidden}}
    return narrowed


def entry_matches_fail_on(entry: Record, fail_on: str) -> bool:
    """True when a claim of one entry meets ``--fail-on``."""
    for claim in entry["claims"]:
        if fail_on == "checkworthy":
            if claim["checkworthy"]:
                return True
            continue
        verdict = best_verdict(claim)
        if verdict is not None and verdict["rating"] == fail_on:
            return True
    return False


_last_lines: tuple[str, list[int]] = ("", [0])  # the last text asked about, its line starts


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``.

    The line starts of the last text asked about are kept, so asking for every claim of a
    long document costs a binary search each, not a scan.
    """
    global _last_lines
    if _last_lines[0] is not text:
        _last_lines = (text, [0, *accumulate(len(line) + 1 for line in text.split("\n"))])
    starts = _last_lines[1]
    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def signal_summary(claim: Record) -> str:
    """The claim's signals as ``kind "text"`` pairs, for reading views."""
    return "; ".join(f'{s["kind"]} "{s["text"]}"' for s in claim["signals"])


def document_report(document: Record, show_dropped: bool) -> list[str]:
    """Lines for stderr: what the loader noted about a document and, with
    ``show_dropped``, what was dropped as page furniture and why."""
    metadata = document.get("metadata", {})
    lines = [f"note: {document['uri']}: {note}" for note in metadata.get("notes", [])]
    if not show_dropped:
        return lines
    text = document["text"]
    for item in metadata.get("dropped", []):
        if "start" in item:
            line, _ = line_and_column(text, item["start"])
            excerpt = text[item["start"]:item["end"]]
            where = f"line {line}"
        else:
            excerpt, where = item.get("text", ""), "removed by the loader"
        excerpt = " ".join(excerpt.split())
        if len(excerpt) > 80:
            excerpt = excerpt[:77] + "..."
        lines.append(f"dropped: {document['uri']}: {where}: {item['reason']}: {excerpt!r}")
    return lines
