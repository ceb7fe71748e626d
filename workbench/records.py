"""Constructors for the records plugins hand to the core: documents, signals, verdicts.

Records are plain dicts shaped by ``schemas/``; these helpers fill in the derived fields
(ids, digests, timestamps) the same way for every plugin.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from typing import Any

from workbench.types import RawInput, Record


def now() -> str:
    """The current UTC time as RFC 3339, or ``SOURCE_DATE_EPOCH`` when that is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def document_id(text: str) -> str:
    """A stable id for a document: the same text always gets the same id."""
    return "doc-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def identity_map(length: int) -> list[list[int]]:
    """Offset map of a text that is the original, character for character."""
    return [[0, 0, length]] if length else []


def make_document(
    raw: RawInput,
    text: str,
    *,
    title: str | None = None,
    author: str | None = None,
    published: str | None = None,
    offset_map: list[list[int]] | None = None,
    metadata: dict[str, Any] | None = None,
) -> Record:
    """Build a Document record for ``text`` extracted from ``raw``.

    ``offset_map`` defaults to the identity (the text is the original).
    """
    document: Record = {
        "id": document_id(text),
        "uri": raw.uri,
        "media_type": raw.media_type,
        "title": title,
        "author": author,
        "published": published,
        "retrieved": now(),
        "sha256": hashlib.sha256(raw.data).hexdigest(),
        "text": text,
        "offset_map": identity_map(len(text)) if offset_map is None else offset_map,
    }
    if metadata:
        document["metadata"] = metadata
    return document


def make_signal(
    text: str, kind: str, start: int, end: int, weight: float, value: Any = None
) -> Record:
    """Build a signal for ``text[start:end]`` (detectors call this)."""
    signal: Record = {
        "kind": kind,
        "span": {"start": start, "end": end},
        "text": text[start:end],
        "weight": weight,
    }
    if value is not None:
        signal["value"] = value
    return signal


def make_verdict(
    rating: str,
    confidence: float,
    rationale: str,
    sources: list[Record] | None = None,
    computation: str | None = None,
) -> Record:
    """Build a verdict (checkers call this; the core adds ``origin`` and ``created``)."""
    verdict: Record = {
        "rating": rating,
        "confidence": confidence,
        "rationale": rationale,
        "sources": sources or [],
    }
    if computation:
        verdict["computation"] = computation
    return verdict


def original_offset(document: Record, offset: int) -> int | None:
    """Map an offset in ``document["text"]`` back to the original input, if it came from it."""
    for text_start, original_start, length in document["offset_map"]:
        if text_start <= offset < text_start + length:
            return original_start + offset - text_start
    return None
