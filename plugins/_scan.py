"""Shared by the detector plugins: run expensive patterns only where a cheap one fires.

A detector scans the whole text once with a fast trigger pattern and applies its full
patterns only inside the sentences that contain a trigger. Matches never cross a sentence
boundary, and overlap checks stay per sentence, so the cost grows linearly with the text.

Inside a sentence each full pattern has a *gate*: words one of which every match of the
pattern contains (or a cheap pattern every match contains a match of). A pattern runs only
where its gate is met. Python's ``re`` tries a pattern that starts with ``\b`` at every
position of the text, which costs about a hundred times what looking for a word costs, so
the gates are what keeps the detectors fast.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

# Lowercase words, one of which every match contains; or a pattern searched for instead;
# or None when the pattern has no cheaper test than itself.
Gate = tuple[str, ...] | re.Pattern[str] | None


class Rule(NamedTuple):
    """One full pattern of a detector: what it finds, where it may match, how much it weighs."""

    name: str
    gate: Gate
    pattern: re.Pattern[str]
    weight: float


def candidate_spans(text: str, sentences: Sequence[tuple[int, int]] | None,
                    *triggers: re.Pattern[str]) -> list[tuple[int, int]]:
    """The sentences (or the whole text, without sentences) in which a trigger matches.

    Several simple triggers scan faster in ``re`` than one alternation of them all.
    """
    if not sentences:
        return [(0, len(text))] if any(t.search(text) for t in triggers) else []
    starts = [start for start, _ in sentences]
    chosen: set[int] = set()
    for trigger in triggers:
        position = 0
        while True:
            match = trigger.search(text, position)
            if match is None:
                break
            index = bisect_right(starts, match.start()) - 1
            if index >= 0 and match.start() < sentences[index][1]:
                chosen.add(index)
                position = sentences[index][1]
            elif index + 1 < len(starts):
                position = starts[index + 1]
            else:
                break
    return [sentences[index] for index in sorted(chosen)]


def gated_matches(text: str, lowered: str, spans: Sequence[tuple[int, int]],
                  rules: Sequence[Rule]) -> Iterator[tuple[int, Rule, re.Match[str]]]:
    """``(first, rule, match)`` for each match of each rule in each span ``(first, last)``.

    Matches come span by span, and within a span rule by rule, as if every pattern were
    run on every span; a rule is skipped in a span where its gate is not met. Gates look
    at ``lowered`` (see :func:`lowercase`); patterns match ``text``, which may be
    ``lowered`` itself.
    """
    for first, last in spans:
        piece = None
        for rule in rules:
            gate = rule.gate
            if isinstance(gate, tuple):
                if piece is None:
                    piece = lowered[first:last]
                if not any(word in piece for word in gate):
                    continue
            elif gate is not None and gate.search(lowered, first, last) is None:
                continue
            for match in rule.pattern.finditer(text, first, last):
                yield first, rule, match


def lowercase(text: str) -> str:
    """``text.lower()`` with the same offsets (characters that would grow are kept).

    Matching a lowercase copy is much faster in ``re`` than ``re.IGNORECASE``.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def trie_regex(words: list[str]) -> str:
    """An alternation of ``words`` factored by common prefixes (much faster in ``re``)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)
