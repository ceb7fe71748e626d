"""Shared by the bundled plugins: run expensive patterns only where cheap tests pass.

Each full pattern of a detector is a :class:`Rule` with a *gate*: words one of which
every match of the pattern contains (or a cheap pattern every match contains a match of).
A detector's rules make its :class:`Scanner`, built when the module is imported. One
Aho-Corasick pass over the lowercased text finds, for every sentence, which of those
words it contains; a pattern then runs only in the sentences where its gate is met.
Matches never cross a sentence boundary, and overlap checks stay per sentence. Python's
``re`` tries a pattern that starts with ``\b`` at every position, which costs about a
hundred times what finding a word costs, so the gates are what keeps the detectors fast
(``benchmarks/detector_gates.py``: without them a check costs 2.7 times the CPU); where a
pattern must start with a word boundary, :func:`at_word_start` writes it so that ``re``
can skip ahead.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any, NamedTuple


class LazyPattern:
    """A regular expression compiled on first use: importing a plugin compiles nothing.

    Compiling the bundled plugins' patterns took about a third of checking one article,
    and most detector patterns never pass their gate in a given article. The first
    look-up of an attribute (``search``, ``finditer``...) compiles the pattern and keeps
    the compiled pattern's attribute on the instance, so later look-ups are plain
    attribute hits that never reach ``__getattr__`` again.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)

    @property
    def pattern(self) -> str:
        """The source of the expression (without compiling it)."""
        return self._args[0]

    def __getattr__(self, name: str) -> Any:
        state = self.__dict__
        compiled = state.get("_compiled")
        if compiled is None:
            if "_args" not in state:  # a half-built copy (unpickling): nothing to compile
                raise AttributeError(name)
            compiled = state["_compiled"] = re.compile(*state["_args"])
        value = getattr(compiled, name)
        state[name] = value
        return value


def at_word_start(*alternatives: str) -> str:
    r"""``\b(?:a|b|...)`` written so that ``re`` can skip ahead to the alternatives.

    ``re`` tries a pattern that starts with ``\b`` at every position of the text, but one
    that starts with a choice of literal characters it looks for with a fast scan. So the
    boundary is tested after each alternative's first character, by a look-behind over
    that character and the one before it: ``\bword`` is ``w(?<!\ww)ord``. Each
    alternative is a regular expression that starts with a plain character.
    """
    written = []
    for alternative in alternatives:
        first, rest = alternative[:1], alternative[1:]
        if not first or first in "\\()[]{}|.^$*+?":
            raise ValueError(f"{alternative!r} does not start with a plain character")
        # Before a word character the boundary needs a non-word one; before another, a
        # word character.
        behind = f"(?<!\\w{re.escape(first)})" if is_word_char(first) else \
            f"(?<=\\w{re.escape(first)})"
        written.append(re.escape(first) + behind + rest)
    return "(?:" + "|".join(written) + ")"


# Lowercase words, one of which every match contains; or a pattern searched for instead;
# or None when the pattern has no cheaper test than itself.
Gate = tuple[str, ...] | frozenset[str] | re.Pattern[str] | LazyPattern | None


class Rule(NamedTuple):
    """One full pattern of a detector: what it finds, where it may match, how much it weighs.

    With ``lowered`` the pattern matches the lowercased text (see :func:`lowercase`):
    ``re`` is much faster without ``re.IGNORECASE``, and only a pattern without it can
    skip quickly to where its first letter occurs. Read what such a match found from the
    original text with :func:`found_in`.
    """

    name: str
    gate: Gate
    pattern: LazyPattern
    weight: float
    lowered: bool = False


def trigger_indexes(text: str, sentences: Sequence[tuple[int, int]],
                    trigger: re.Pattern[str]) -> set[int]:
    """Indexes of the sentences in which ``trigger`` matches (a match starts inside).

    One search per sentence at most: after a match the search goes on at the next
    sentence.
    """
    starts = [start for start, _ in sentences]
    chosen: set[int] = set()
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
    return chosen


def automaton_of(words: Iterable[str], phrases: Mapping[str, Any]) -> Any:
    """An Aho-Corasick automaton that finds every occurrence of ``words`` and ``phrases``
    in one pass; each key's value is ``(key, (word or None, phrase payload or None))``."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key in {*words, *phrases}:
        automaton.add_word(key, (key, (key if key in words else None, phrases.get(key))))
    automaton.make_automaton()
    return automaton


def is_word_char(char: str) -> bool:
    """True for a character ``\\w`` matches: a letter, a digit or an underscore."""
    return char.isalnum() or char == "_"


WHOLE = "\x00"  # marks a word found as a whole word: "\x00ten" besides "ten"


class KeywordPass(NamedTuple):
    """What one Aho-Corasick pass over a document found."""

    by_sentence: dict[int, set[str]]  # sentence index -> the words in it (see WHOLE)
    phrases: list[tuple[int, Any]]  # (offset of the last character, payload)


def keyword_pass(lowered: str, sentences: Sequence[tuple[int, int]], automaton: Any,
                 whole: frozenset[str] = frozenset()) -> KeywordPass:
    """For each sentence that contains some of the automaton's words, the words it
    contains; and every occurrence of its phrases inside a sentence.

    A word of ``whole`` found as a whole word, not inside a longer one, is also
    recorded with :data:`WHOLE` in front. Only the text from the first sentence to the
    last is read, so the cost follows the sentences, not the document.
    """
    starts = [start for start, _ in sentences]
    found: dict[int, set[str]] = {}
    phrases: list[tuple[int, Any]] = []
    if not sentences:
        return KeywordPass(found, phrases)
    for last, (key, (word, payload)) in automaton.iter(lowered, sentences[0][0],
                                                       sentences[-1][1]):
        start = last + 1 - len(key)
        index = bisect_right(starts, start) - 1
        if index < 0 or last >= sentences[index][1]:
            continue
        if payload is not None:
            phrases.append((last, payload))
            if word is None:
                continue
        present = found.setdefault(index, set())
        present.add(word)
        if word in whole and not (start and is_word_char(lowered[start - 1])) and not (
                last + 1 < len(lowered) and is_word_char(lowered[last + 1])):
            present.add(WHOLE + word)
    return KeywordPass(found, phrases)


# A trigger for rules that need a digit, shared so that it is searched for once.
DIGIT = re.compile(r"\d")


class Scanner:
    """A detector's rules, and what a sentence needs for any of them to match.

    ``words`` (by default, the words of the rules' gates), ``whole_words`` (found as whole
    words, not inside longer ones) and matches of ``triggers`` select the sentences:
    together they must be necessary for any rule to match. There each rule runs where
    its gate is met.
    """

    def __init__(self, rules: Sequence[Rule], words: Iterable[str] | None = None,
                 whole_words: Iterable[str] = (), triggers: Sequence[re.Pattern[str]] = ()
                 ) -> None:
        # Gates of words as sets: a test against a sentence's words walks the smaller.
        self.rules = [item._replace(gate=frozenset(item.gate)) if isinstance(item.gate, tuple)
                      else item for item in rules]
        gate_words = {word for item in self.rules if isinstance(item.gate, frozenset)
                      for word in item.gate}
        plain = gate_words if words is None else set(words)
        self.whole = frozenset(whole_words)
        self.words = frozenset(gate_words | plain | self.whole)
        self.selecting = frozenset([*plain, *(WHOLE + word for word in self.whole)])
        self.triggers = list(triggers)

    @cached_property
    def automaton(self) -> Any:
        """The Aho-Corasick automaton of the scanner's words, built on first use."""
        return automaton_of(self.words, {})

    def matches(self, text: str, lowered: str, sentences: Sequence[tuple[int, int]] | None
                ) -> Iterator[tuple[int, Rule, re.Match[str]]]:
        """``(first, rule, match)`` for each match of each rule in each sentence
        ``(first, last)``, as if every pattern ran on every sentence.

        Matches come sentence by sentence, and within one, rule by rule. Words are
        looked for in ``lowered`` (see :func:`lowercase`); patterns match ``text``, which
        may be ``lowered`` itself, or ``lowered`` if their rule says so. Without
        ``sentences`` the text is one sentence.
        """
        spans = sentences or [(0, len(text))]
        found = keyword_pass(lowered, spans, self.automaton, self.whole).by_sentence
        selecting = self.selecting
        chosen = {index for index, present in found.items()
                  if not present.isdisjoint(selecting)}
        for trigger in self.triggers:
            chosen |= trigger_indexes(lowered, spans, trigger)
        empty: set[str] = set()
        for index in sorted(chosen):
            first, last = spans[index]
            present = found.get(index, empty)
            for item in self.rules:
                gate = item.gate
                if isinstance(gate, frozenset):
                    if present.isdisjoint(gate):
                        continue
                elif gate is not None and gate.search(lowered, first, last) is None:
                    continue
                for match in item.pattern.finditer(lowered if item.lowered else text,
                                                   first, last):
                    yield first, item, match


def extent(text: str, sentences: Sequence[tuple[int, int]] | None) -> tuple[int, int]:
    """Where the first of ``sentences`` starts and the last ends; without any, the text's
    start and end (as :meth:`Scanner.matches` reads no sentences as one)."""
    spans = sentences or [(0, len(text))]
    return spans[0][0], spans[-1][1]


def found_in(text: str, match: re.Match[str]) -> dict[str, str | None]:
    """The named groups of ``match`` as they read in ``text``, which has the offsets of the
    string matched (the original of a lowercased copy, say); ``None`` for a group that
    took no part in the match."""
    return {name: None if start < 0 else text[start:match.end(name)]
            for name in match.re.groupindex for start in (match.start(name),)}


class Taken:
    """The characters of one sentence that matches kept so far cover.

    Testing a range against it costs the length of the range, not the number of matches
    kept: a sentence of 40,000 numbers is not quadratic.
    """

    def __init__(self, first: int) -> None:
        self.first = first  # where the sentence starts
        self.marks = bytearray()  # 1 for each covered character, from ``first``

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` covers a character already taken."""
        return self.marks.find(1, max(start - self.first, 0), max(end - self.first, 0)) != -1

    def take(self, start: int, end: int) -> None:
        """Mark ``[start, end)`` as covered."""
        low, high = max(start - self.first, 0), max(end - self.first, 0)
        if high > len(self.marks):
            self.marks.extend(bytes(high - len(self.marks)))
        self.marks[low:high] = b"\x01" * (high - low)


def first_fits(found: Iterable[tuple[int, Rule, re.Match[str]]]
               ) -> Iterator[tuple[Rule, re.Match[str]]]:
    """The matches of :meth:`Scanner.matches` that overlap no earlier match of their
    sentence: where two rules match the same words, the first (most specific) wins."""
    taken = Taken(-1)
    for first, rule, match in found:
        if first != taken.first:
            taken = Taken(first)  # overlaps are checked within one sentence
        start, end = match.span()
        if not taken.overlaps(start, end):
            taken.take(start, end)
            yield rule, match


def lowercase(text: str) -> str:
    """``text.lower()`` with the same offsets (characters that would grow are kept).

    Matching a lowercase copy is much faster in ``re`` than ``re.IGNORECASE``.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered
