"""Shared by the bundled plugins: run expensive patterns only where cheap tests pass.

Each full pattern of a detector is a :class:`Rule` with a *gate*: words one of which
every match of the pattern contains (or a cheap pattern every match contains a match of).
One Aho-Corasick pass over the lowercased text finds, for every sentence, which of those
words it contains (the words of all detectors at once: they run one after another on the
same document); a pattern then runs only in the sentences where its gate is met. Matches
never cross a sentence boundary, and overlap checks stay per sentence, so the cost grows
linearly with the text. Python's ``re`` tries a pattern that starts with ``\b`` at every
position, which costs about a hundred times what finding a word costs, so the gates are
what keeps the detectors fast.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
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


# Lowercase words, one of which every match contains; or a pattern searched for instead;
# or None when the pattern has no cheaper test than itself.
Gate = tuple[str, ...] | re.Pattern[str] | LazyPattern | None


class Rule(NamedTuple):
    """One full pattern of a detector: what it finds, where it may match, how much it weighs."""

    name: str
    gate: Gate
    pattern: LazyPattern
    weight: float


def _trigger_indexes(text: str, sentences: Sequence[tuple[int, int]], known: set[int],
                     trigger: re.Pattern[str]) -> set[int]:
    """Indexes of the sentences in which ``trigger`` matches, besides those ``known``.

    One search per sentence: after a match, or in a known sentence, the search goes on
    at the next sentence.
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
            if index not in known:
                chosen.add(index)
            position = sentences[index][1]
        elif index + 1 < len(starts):
            position = starts[index + 1]
        else:
            break
    return chosen


@cache
def _automaton(words: tuple[str, ...]) -> Any:
    """An Aho-Corasick automaton that finds every occurrence of ``words`` in one pass."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


WHOLE = "\x00"  # marks a word found as a whole word: "\x00ten" besides "ten"


def words_by_sentence(lowered: str, sentences: Sequence[tuple[int, int]],
                      words: tuple[str, ...], whole: frozenset[str] = frozenset()
                      ) -> dict[int, set[str]]:
    """For each sentence that contains some of ``words``, the words it contains.

    A word of ``whole`` found as a whole word, not inside a longer one, is also
    recorded with :data:`WHOLE` in front.
    """
    starts = [start for start, _ in sentences]
    found: dict[int, set[str]] = {}
    for last, word in _automaton(words).iter(lowered):
        start = last + 1 - len(word)
        index = bisect_right(starts, start) - 1
        if index < 0 or last >= sentences[index][1]:
            continue
        present = found.setdefault(index, set())
        present.add(word)
        if word in whole and not (start and _is_word_char(lowered[start - 1])) and not (
                last + 1 < len(lowered) and _is_word_char(lowered[last + 1])):
            present.add(WHOLE + word)
    return found


# The detectors run one after another on the same text and sentence list, so one pass
# looks for the words of all of them: every word asked for so far (True: also as a whole
# word), that vocabulary as the automaton takes it, and the last pass with the vocabulary
# it used.
_vocabulary: dict[str, bool] = {}
_vocabulary_key: tuple[tuple[str, ...], frozenset[str]] = ((), frozenset())
_last_pass: tuple[Any, ...] = (None, None, None, {})


def _shared_pass(lowered: str, spans: Sequence[tuple[int, int]], words: set[str],
                 whole: frozenset[str]) -> dict[int, set[str]]:
    """:func:`words_by_sentence` for ``words`` and every other detector's words, reusing
    the pass another detector made on the same text and sentences."""
    global _last_pass, _vocabulary_key
    if any(word not in _vocabulary or (word in whole and not _vocabulary[word])
           for word in words):
        for word in words:
            _vocabulary[word] = _vocabulary.get(word, False) or word in whole
        _vocabulary_key = (tuple(sorted(_vocabulary)), frozenset(
            word for word, as_whole in _vocabulary.items() if as_whole))
    key = _vocabulary_key
    text, sentences, used, found = _last_pass
    if text is lowered and used is key and sentences == spans:  # a list can change: compare
        return found
    found = words_by_sentence(lowered, spans, *key)
    _last_pass = (lowered, list(spans), key, found)
    return found


def gated_matches(text: str, lowered: str, sentences: Sequence[tuple[int, int]] | None,
                  rules: Sequence[Rule], words: tuple[str, ...] | None = None,
                  triggers: Sequence[re.Pattern[str]] = (), whole_words: bool = False
                  ) -> Iterator[tuple[int, Rule, re.Match[str]]]:
    """``(first, rule, match)`` for each match of each rule in each sentence ``(first, last)``.

    Only the sentences that contain one of ``words`` (by default, the words of the rules'
    gates; with ``whole_words``, as whole words) or a match of one of ``triggers`` are
    looked at: together these must be necessary for any rule to match. There each rule
    runs where its gate is met. Matches come sentence by sentence, and within one rule
    by rule, as if every pattern were run on every sentence. Words are looked for in
    ``lowered`` (see :func:`lowercase`), in one pass shared with the other detectors;
    patterns match ``text``, which may be ``lowered`` itself. Without ``sentences`` the
    text is one sentence.
    """
    spans = sentences or [(0, len(text))]
    gate_words = {word for rule in rules if isinstance(rule.gate, tuple) for word in rule.gate}
    if words is None:
        words = tuple(gate_words)
    found = _shared_pass(lowered, spans, gate_words.union(words),
                         frozenset(words) if whole_words else frozenset())
    if whole_words:
        words = tuple(WHOLE + word for word in words)
    chosen = {index for index, present in found.items() if not present.isdisjoint(words)}
    for trigger in triggers:
        chosen |= _trigger_indexes(lowered, spans, chosen, trigger)
    for index in sorted(chosen):
        first, last = spans[index]
        present = found.get(index, set())
        for rule in rules:
            gate = rule.gate
            if isinstance(gate, tuple):
                if present.isdisjoint(gate):
                    continue
            elif gate is not None and gate.search(lowered, first, last) is None:
                continue
            for match in rule.pattern.finditer(text, first, last):
                yield first, rule, match


def first_fits(found: Iterable[tuple[int, Rule, re.Match[str]]]
               ) -> Iterator[tuple[Rule, re.Match[str]]]:
    """The matches of :func:`gated_matches` that overlap no earlier match of their
    sentence: where two rules match the same words, the first (most specific) wins."""
    taken: list[tuple[int, int]] = []
    sentence = -1
    for first, rule, match in found:
        if first != sentence:
            sentence, taken = first, []  # overlaps are checked within one sentence
        start, end = match.span()
        if not any(start < b and a < end for a, b in taken):
            taken.append((start, end))
            yield rule, match


_last_lowercase: tuple[str, str] = ("", "")


def lowercase(text: str) -> str:
    """``text.lower()`` with the same offsets (characters that would grow are kept).

    Matching a lowercase copy is much faster in ``re`` than ``re.IGNORECASE``. The last
    text's copy is kept, for the next detector that asks for it.
    """
    global _last_lowercase
    if _last_lowercase[0] is text:
        return _last_lowercase[1]
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    _last_lowercase = (text, lowered)
    return lowered
