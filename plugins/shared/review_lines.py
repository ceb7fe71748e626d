"""Helpers shared by the bundled exporters: ratings of claims, sources, safe links.

Not a plugin itself (it registers nothing); the exporter modules import it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from workbench.records import Record
from workbench.review import RATINGS, best_verdict, changed_words
from workbench.visible import json_escaped

NO_VERDICT = "none"  # the rating key of a claim that no checker or reviewer has rated
RATING_KEYS = (*RATINGS, NO_VERDICT)
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f]+\Z", re.IGNORECASE)


def counted(number: int, noun: str) -> str:
    """``1 document``, ``2 documents``: a count with its noun in the right number."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def counts_line(documents: int, claims: int, checkworthy: int, shown: bool = True) -> str:
    """``1 document, 3 claims shown, 2 check-worthy``: a review's counts for reading."""
    return (f"{counted(documents, 'document')}, {counted(claims, 'claim')}"
            f"{' shown' if shown else ''}, {checkworthy} check-worthy")


def not_shown_line(document: Record) -> str | None:
    """``12 more check-worthy claims not shown; ...``: what a narrowed review left out of
    a document (``metadata.not_shown``, set when ``--top`` or the default length cut it),
    or ``None``."""
    hidden = document.get("metadata", {}).get("not_shown", 0)
    if not hidden:
        return None
    return (f"{counted(hidden, 'more check-worthy claim')} not shown; --top N or "
            "--min-score S to see them")


def rating_of(claim: Record) -> str:
    """The best verdict's rating, or ``"none"`` for a claim without a verdict."""
    verdict = best_verdict(claim)
    return verdict["rating"] if verdict else NO_VERDICT


def rating_label(rating: str) -> str:
    """A rating for readers: ``mostly-true`` -> ``mostly true``, ``none`` -> ``no verdict``."""
    return "no verdict" if rating == NO_VERDICT else rating.replace("-", " ")


def stale_versions(claim: Record, verdict: Record) -> tuple[str, str] | None:
    """For a reviewer's verdict marked stale: the words it rated and the claim's words now
    (the part that changed, with a little context); ``None`` for a verdict that is not."""
    if "stale" not in verdict:
        return None
    return changed_words(verdict.get("quote", ""), claim["text"])


def stale_line(claim: Record, verdict: Record) -> str | None:
    """``Stale: the text changed since it was checked. Rated “…”; now “…”.`` as plain
    text, or ``None`` for a verdict that is not stale."""
    versions = stale_versions(claim, verdict)
    if versions is None:
        return None
    reason = verdict["stale"]["reason"]
    return f"Stale: {reason}. Rated “{versions[0]}”; now “{versions[1]}”."


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL safe to make clickable, else ``None``.

    Anything else (``javascript:``, ``data:``, relative paths, URLs with white space or
    control characters) is shown as text, never as a link.
    """
    if url and _WEB_URL.match(url):
        return url
    return None


def source_label(source: Record) -> str:
    """A short human name of a source: its title, else publisher, citation or URL."""
    return (source.get("title") or source.get("publisher") or source.get("citation")
            or source.get("url") or "")


def source_line(source: Record) -> str:
    """One line about a source: label, publisher, date and URL, as plain text."""
    parts = [source_label(source)]
    if source.get("publisher") and source.get("publisher") != parts[0]:
        parts.append(source["publisher"])
    if source.get("published"):
        parts.append(source["published"])
    if source.get("url") and source["url"] != parts[0]:
        parts.append(source["url"])
    return ", ".join(parts)


def document_url(document: Record) -> str | None:
    """An absolute URL for the document: its web URL, a ``file:`` URI for a local path.

    ``None`` for standard input and anything else that names no place.
    """
    uri = document["uri"]
    if web_url(uri):
        return uri
    if "://" in uri or uri.startswith("<"):
        return None
    return Path(uri).resolve().as_uri()


ITEMS = "__workbench_items__"  # where dumps_with_items puts the item list


def dumps_with_items(skeleton: Any, items: list[Any]) -> str:
    r"""JSON of ``skeleton`` indented, with its ``ITEMS`` placeholder replaced by ``items``.

    Each item is written compactly on a line of its own: readable and diff-friendly, and
    several times faster than indenting everything (the indenting encoder is pure Python),
    which keeps a 10,000-claim export well under two seconds. C1 and bidirectional
    controls are written as ``\u`` escapes (see :func:`workbench.visible.json_escaped`).
    """
    head = json.dumps(skeleton, indent=2, ensure_ascii=False)
    marker = json.dumps(ITEMS)
    at = head.index(marker)
    indent = " " * (at - head.rfind("\n", 0, at) - 1 + 2)
    body = "[]"
    if items:
        body = ("[\n" + ",\n".join(indent + json.dumps(item, ensure_ascii=False)
                                   for item in items) + "\n" + indent[:-2] + "]")
    return json_escaped(head[:at] + body + head[at + len(marker):] + "\n")
