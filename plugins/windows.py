"""Run detector patterns only where they can match: near a cheap trigger.

A helper detectors share, not a plugin: it registers no hook. Python's ``re`` spends about
0.05-0.3 s per MB trying a complex pattern at every position of a text, so a detector
with a dozen patterns reads well under 1 MB/s. Most patterns need a word or a digit that
a single fast scan finds ("decades", "tariff", a digit); running the full patterns only
in the windows around those triggers gives the same matches many times faster.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator


def trigger_windows(text: str, triggers: tuple[str, ...], before: int, after: int,
                    lowered: str | None = None) -> list[tuple[int, int]]:
    """Merged ``(start, end)`` windows reaching ``before``/``after`` characters around each
    occurrence of a trigger, widened to white space so no word is cut at a window's edge.

    ``triggers`` are lower-case literals ("decade", "7"), found in ``text.lower()`` by
    plain substring search (far faster than a regular expression); pass ``lowered`` when
    you have it already. When lowering changes the text's length (rare Unicode), the whole
    text is one window.
    """
    lowered = text.lower() if lowered is None else lowered
    length = len(text)
    if len(lowered) != length:
        return [(0, length)] if text else []
    hits: list[int] = []
    for trigger in triggers:
        find, position = lowered.find, lowered.find(trigger)
        while position >= 0:
            hits.append(position)
            position = find(trigger, position + len(trigger))
    hits.sort()
    widened: list[tuple[int, int]] = []
    for hit in hits:
        start, end = max(0, hit - before), min(length, hit + after)
        if widened and start <= widened[-1][1]:
            if end > widened[-1][1]:
                space = text.find(" ", end)
                widened[-1] = (widened[-1][0], length if space < 0 else space)
            continue
        space = text.rfind(" ", 0, start)
        start = 0 if space < 0 else space
        space = text.find(" ", end)
        end = length if space < 0 else space
        if widened and start <= widened[-1][1]:
            widened[-1] = (widened[-1][0], max(widened[-1][1], end))
        else:
            widened.append((start, end))
    return widened


def finditer_in(pattern: re.Pattern[str], text: str,
                windows: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """``pattern.finditer`` restricted to ``windows`` (matches never cross a window edge)."""
    for start, end in windows:
        yield from pattern.finditer(text, start, end)


class Spans:
    """Non-overlapping ``[start, end)`` spans already claimed, with a fast overlap test."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps a span already added."""
        index = bisect_left(self.starts, end)  # spans starting before ``end``
        return index > 0 and self.ends[index - 1] > start

    def add(self, start: int, end: int) -> None:
        """Claim ``[start, end)`` (it must not overlap a claimed span)."""
        index = bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)

    def covers(self, position: int) -> bool:
        """True when ``position`` lies inside a claimed span."""
        index = bisect_left(self.starts, position + 1)
        return index > 0 and self.ends[index - 1] > position
