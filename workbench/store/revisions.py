"""Carry stored claims over to a new check of their article (same text or a revision).

How a revision is recognised: a document checked with ``--store`` is the same article as a
stored one when its **uri** is the same (the path or URL given to ``check``; text read
from stdin is never a revision of anything, see :data:`NO_IDENTITY`). Its
text may differ (document ids are content hashes, so a revision gets a new id); the stored
claims of the latest stored revision are then re-anchored in the new text
(:mod:`workbench.store.anchoring`) and matched to the freshly found claims by overlap.

A matched claim keeps its id, status, assignee, notes and reviewers' verdicts, and takes
the fresh text, span, selector, signals, score and plugin verdicts. A stored claim that
anchors where no fresh claim is found keeps its record at the new position. A stored
claim that does not anchor becomes ``orphaned`` and stays with its old document.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from workbench.claims import quote_selector
from workbench.store.anchoring import Anchor, anchor, occurrences

Record = dict[str, Any]

MIN_OVERLAP = 0.5  # share of the longer span two claims must cover to be the same claim
# Inputs whose name says nothing about which article they are: never a revision of another.
NO_IDENTITY = frozenset({"<stdin>"})


@dataclass
class Plan:
    """What saving a checked document does to the stored claims."""

    carried: list[tuple[Record, Record, Anchor]] = field(default_factory=list)  # old, new
    orphaned: list[Record] = field(default_factory=list)
    inserted: list[Record] = field(default_factory=list)


def _overlap(a: Record, b: Record) -> float:
    start = max(a["start"], b["start"])
    end = min(a["end"], b["end"])
    longest = max(a["end"] - a["start"], b["end"] - b["start"], 1)
    return max(0, end - start) / longest


def merge(stored: Record, fresh: Record) -> Record:
    """The fresh claim under the stored claim's identity and editorial state."""
    reviewed = [v for v in stored["verdicts"] if v["origin"]["type"] == "reviewer"]
    merged = {**fresh, "id": stored["id"], "status": stored["status"],
              "notes": stored["notes"],
              "verdicts": reviewed + [v for v in fresh["verdicts"]
                                      if v["origin"]["type"] != "reviewer"]}
    if stored.get("assignee") is not None:
        merged["assignee"] = stored["assignee"]
    return merged


def moved(stored: Record, document: Record, found: Anchor) -> Record:
    """The stored claim at its new place in ``document`` (signals that no longer fit drop)."""
    text = document["text"]
    shift = found.start - stored["span"]["start"]
    signals = []
    for signal in stored["signals"]:
        start, end = signal["span"]["start"] + shift, signal["span"]["end"] + shift
        if found.start <= start < end <= found.end and text[start:end] == signal["text"]:
            signals.append({**signal, "span": {"start": start, "end": end}})
    kinds = sorted({signal["kind"] for signal in signals})
    return {**stored, "document_id": document["id"], "text": text[found.start:found.end],
            "span": {"start": found.start, "end": found.end},
            "selector": quote_selector(text, found.start, found.end),
            "signals": signals, "kinds": kinds}


def plan(stored: list[Record], document: Record, fresh: list[Record]) -> Plan:
    """Decide, for a checked ``document``, which claims carry over, orphan or are new.

    :param stored: the stored claims of this document and of its latest revision.
    :param fresh: the claims the pipeline found in ``document``.
    """
    result = Plan()
    text = document["text"]
    anchored: list[tuple[Record, Anchor]] = []
    quotes: dict[str, list[int]] | None = None

    def places(quote: str) -> list[int]:
        """Where ``quote`` occurs, from one pass over the text for every stored quote
        (made when a first claim is not where it is expected)."""
        nonlocal quotes
        if quotes is None:
            quotes = occurrences((claim["selector"]["exact"] for claim in stored), text)
        return quotes.get(quote, [])

    shift, source = 0, None  # how far the last claim found moved; the next likely as far
    for claim in sorted(stored, key=lambda c: (c["document_id"], c["span"]["start"])):
        if claim["document_id"] != source:
            shift, source = 0, claim["document_id"]
        found = anchor(claim["selector"], claim["span"], text,
                       hint=claim["span"]["start"] + shift, places=places)
        if found is None:
            result.orphaned.append(claim)
        else:
            anchored.append((claim, found))
            shift = found.start - claim["span"]["start"]
    taken: set[int] = set()
    fresh = sorted(fresh, key=lambda claim: claim["span"]["start"])
    starts = [claim["span"]["start"] for claim in fresh]
    for claim, found in sorted(anchored, key=lambda pair: -pair[1].score):
        place = {"start": found.start, "end": found.end}
        best, best_overlap = None, MIN_OVERLAP
        index = bisect_left(starts, found.end)
        while index > 0 and fresh[index - 1]["span"]["end"] > found.start:
            index -= 1
            candidate = fresh[index]
            if index in taken:
                continue
            overlap = _overlap(place, candidate["span"])
            if overlap >= best_overlap:
                best, best_overlap = index, overlap
        if best is None:
            result.carried.append((claim, moved(claim, document, found), found))
        else:
            taken.add(best)
            result.carried.append((claim, merge(claim, fresh[best]), found))
    result.inserted = [claim for index, claim in enumerate(fresh) if index not in taken]
    return result
