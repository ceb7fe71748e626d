"""Bind a reviewer's verdict to the exact text it rated, and mark it stale when that changes.

A reviewer's verdict records the claim's text when it was given (``quote``) and the
SHA-256 of it (``quote_sha256``). When a revision of the article changes the claim's words,
numbers, names or dates, the verdict is kept but marked ``stale`` (when, why, and the new
text), so no view shows a rating next to words nobody rated. Changes of white space alone
(a line re-wrapped) and of typographic quotes, apostrophes and dashes do not count.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

from workbench.review import STALE_REASON, is_reviewers

Record = dict[str, Any]

# Typographic characters that are the same word as their plain form.
_PLAIN = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"',
                        "„": '"', "″": '"', "‐": "-", "‑": "-", "‒": "-", "–": "-",
                        "—": "-", "−": "-", "\u00ad": None})


def text_digest(text: str) -> str:
    """SHA-256 of ``text`` (UTF-8), as a verdict's ``quote_sha256`` holds it."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def wording(text: str) -> str:
    """What a verdict rates of a text: its characters after Unicode compatibility
    normalisation, typographic quotes and dashes made plain and white space collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_PLAIN).split())


def same_words(rated: str, text: str) -> bool:
    """True when ``text`` says what ``rated`` said (see :func:`wording`)."""
    return rated == text or wording(rated) == wording(text)


def bind(verdict: Record, text: str) -> Record:
    """``verdict`` recording ``text`` as the text it rated."""
    return {**verdict, "quote": text, "quote_sha256": text_digest(text)}


def rated_text(verdict: Record, fallback: str) -> str:
    """The text a verdict rated: its quote, or ``fallback`` for a verdict recorded before
    verdicts kept their quote (the claim's text before the change being looked at)."""
    return verdict.get("quote") or fallback


def rebind(before: Record, after: Record, since: str) -> list[Record]:
    """Mark the reviewers' verdicts of ``after`` (a stored claim carried to a new text)
    stale when the text no longer says what they rated; return those newly marked.

    ``before`` is the claim as stored, ``after`` the same claim in the new revision; its
    ``verdicts`` list is replaced by one holding the marked copies.
    """
    marked: list[Record] = []
    verdicts = []
    for verdict in after["verdicts"]:
        if is_reviewers(verdict) and "stale" not in verdict:
            rated = rated_text(verdict, before["text"])
            if not same_words(rated, after["text"]):
                verdict = {**bind(verdict, rated),
                           "stale": {"since": since, "reason": STALE_REASON,
                                     "text": after["text"]}}
                marked.append(verdict)
        verdicts.append(verdict)
    after["verdicts"] = verdicts
    return marked


def reopened(status: str) -> str:
    """The status of a claim whose reviewer's verdict just went stale: back to review,
    unless it was dismissed (nobody needs to look again) or orphaned."""
    return status if status in ("dismissed", "orphaned") else "in-review"
