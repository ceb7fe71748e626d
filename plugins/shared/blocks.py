"""Text made of blocks (a Word document's paragraphs, a PDF's pages) joined by blank lines,
with where each block sits in the joined text, so a review can point back into the file."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def joined(blocks: Iterable[tuple[dict[str, Any], str]]) -> tuple[str, list[dict[str, Any]]]:
    """The stripped, non-empty ``(where, text)`` blocks joined by blank lines, and for each
    kept block its ``where`` with its ``span`` in the joined text."""
    parts: list[str] = []
    placed: list[dict[str, Any]] = []
    position = 0
    for where, text in blocks:
        text = text.strip()
        if not text:
            continue
        if parts:
            parts.append("\n\n")
            position += 2
        parts.append(text)
        placed.append({**where, "span": {"start": position, "end": position + len(text)}})
        position += len(text)
    return "".join(parts), placed
