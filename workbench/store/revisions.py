"""Carry stored claims over to a new check of their article (same text or a revision).

How a revision is recognised: a document checked with ``--store`` is the same article as a
stored one when its **uri** is the same (the path or URL given to ``check``; text read
from stdin is never a revision of anything, see :data:`NO_IDENTITY`). Its
text may differ (document ids are content hashes, so a revision gets a new id); the stored
claims of the latest stored revision are then re-anchored in the new text
(:mod:`workbench.store.anchoring`) and matched to the freshly found claims by overlap.

A matched claim keeps its id, status, assignee, notes and reviewers' verdicts, and takes
the fresh text, span, selector, signals, score and plugin verdicts. A stored claim that
anchors where no fresh claim is found keeps its record at the new position. When the
carried claim's words changed, its reviewers' verdicts are marked stale and it goes back
to ``in-review`` (:mod:`workbench.store.binding`).

A stored claim that does not anchor becomes ``orphaned`` and stays with its old document.
When a fresh claim in the same place (between the claims anchored before and after it)
is worded like it (:data:`REWORDED` or more, see :func:`workbench.store.memory.similarity`),
that claim is its reworded successor: it links to the orphan (``succeeds``), takes its
assignee and its reviewers' verdicts, marked stale, and starts ``in-review`` when the
orphan was being reviewed or rated.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from workbench.claims import quote_selector
from workbench.records import now
from workbench.review import is_reviewers
from workbench.store.anchoring import Anchor, anchor, occurrences
from workbench.store.binding import bind, rated_text, rebind, reopened
from workbench.store.memory import similarity

Record = dict[str, Any]

MIN_OVERLAP = 0.5  # share of the longer span two claims must cover to be the same claim
# Inputs whose name says nothing about which article they are: never a revision of another.
NO_IDENTITY = frozenset({"<stdin>"})
REWORDED = 60.0  # similarity (0-100) of an orphan and a fresh claim in its place to link them
IN_HAND = ("in-review", "checked", "published")  # statuses of a claim someone is working on


@dataclass
class Plan:
    """What saving a checked document does to the stored claims."""

    carried: list[tuple[Record, Record, Anchor]] = field(default_factory=list)  # old, new
    orphaned: list[Record] = field(default_factory=list)
    inserted: list[Record] = field(default_factory=list)
    # Carried claims whose reviewers' verdicts just went stale: claim id -> those verdicts.
    stale: dict[str, list[Record]] = field(default_factory=dict)
    # Orphans with their reworded successor (one of ``inserted``), as (orphan, successor).
    succeeded: list[tuple[Record, Record]] = field(default_factory=list)


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


def plan(stored: list[Record], document: Record, fresh: list[Record],
         since: str | None = None) -> Plan:
    """Decide, for a checked ``document``, which claims carry over, orphan or are new.

    :param stored: the stored claims of this document and of its latest revision.
    :param fresh: the claims the pipeline found in ``document``.
    :param since: when verdicts found stale became so (default: now).
    """
    since = since or now()
    result = Plan()
    text = document["text"]
    anchored: list[tuple[Record, Anchor]] = []
    placed: list[tuple[Record, Anchor | None]] = []  # in stored order, found or not
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
        placed.append((claim, found))
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
            carried = moved(claim, document, found)
        else:
            taken.add(best)
            carried = merge(claim, fresh[best])
        marked = rebind(claim, carried, since)
        if marked:
            result.stale[claim["id"]] = marked
        result.carried.append((claim, carried, found))
    result.inserted = [claim for index, claim in enumerate(fresh) if index not in taken]
    if result.orphaned and result.inserted:
        result.succeeded = successors(placed, result.inserted, len(text), since)
    return result


def _gaps(placed: list[tuple[Record, Anchor | None]], length: int
          ) -> list[tuple[Record, int, int]]:
    """Each orphan with the stretch of the new text between the claims of its document
    anchored before and after it: where a reworded successor would be."""
    gaps = []
    for index, (claim, found) in enumerate(placed):
        if found is not None:
            continue
        low, high = 0, length
        for other, where in reversed(placed[:index]):
            if other["document_id"] != claim["document_id"]:
                break
            if where is not None:
                low = where.end
                break
        for other, where in placed[index + 1:]:
            if other["document_id"] != claim["document_id"]:
                break
            if where is not None:
                high = where.start
                break
        gaps.append((claim, low, high))
    return gaps


def successors(placed: list[tuple[Record, Anchor | None]], inserted: list[Record],
               length: int, since: str) -> list[tuple[Record, Record]]:
    """Pair orphans with the fresh claims rewording them, best pairs first; each successor
    in ``inserted`` is updated in place (link, assignee, stale verdicts, status)."""
    pairs = []
    for orphan, low, high in _gaps(placed, length):
        for index, claim in enumerate(inserted):
            if low <= claim["span"]["start"] and claim["span"]["end"] <= high:
                score = similarity(orphan["text"], claim["text"])
                if score >= REWORDED:
                    pairs.append((score, orphan, index))
    linked: list[tuple[Record, Record]] = []
    used_orphans: set[str] = set()
    used: set[int] = set()
    for _score, orphan, index in sorted(pairs, key=lambda p: -p[0]):
        if orphan["id"] in used_orphans or index in used:
            continue
        used_orphans.add(orphan["id"])
        used.add(index)
        linked.append((orphan, _succeed(orphan, inserted[index], since)))
    return linked


def _succeed(orphan: Record, claim: Record, since: str) -> Record:
    """Make ``claim`` the reworded successor of ``orphan`` (in place) and return it."""
    reviewed = [v for v in orphan["verdicts"] if is_reviewers(v)]
    claim["succeeds"] = orphan["id"]
    if orphan.get("assignee") is not None:
        claim["assignee"] = orphan["assignee"]
    if reviewed:
        carried = {**claim, "verdicts": [bind(v, rated_text(v, orphan["text"]))
                                         for v in reviewed]}
        rebind(orphan, carried, since)
        claim["verdicts"] = carried["verdicts"] + claim["verdicts"]
    if orphan["status"] != "dismissed" and (reviewed or orphan["status"] in IN_HAND):
        claim["status"] = reopened(claim["status"])
    return claim
