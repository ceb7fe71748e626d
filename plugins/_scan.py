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
        behind = f"(?<!\\w{re.escape(first)})" if _is_word_char(first) else \
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


class _SharedPasses:
    """The words of every scanner made so far, and the passes over the last document.

    The detectors run one after another on the same document, so one keyword pass looks
    for the words of all of them (True: also as a whole word), and a trigger two of them
    share is searched for once; the first detector to ask makes the pass and the others
    reuse it. Detectors make their scanners when their modules are imported, so the
    first pass already knows every detector's words.
    """

    def __init__(self) -> None:
        self.words: dict[str, bool] = {}
        self.key: tuple[tuple[str, ...], frozenset[str]] = ((), frozenset())
        self.document: tuple[str | None, list[tuple[int, int]]] = (None, [])
        self.found: tuple[Any, dict[int, set[str]]] = (None, {})  # key, words by sentence
        self.triggered: dict[re.Pattern[str], set[int]] = {}

    def add(self, words: Iterable[str], whole: bool) -> None:
        """Look for ``words`` too (as whole words as well, if ``whole``)."""
        before = len(self.words), sum(self.words.values())
        for word in words:
            self.words[word] = self.words.get(word, False) or whole
        if (len(self.words), sum(self.words.values())) != before:
            self.key = (tuple(sorted(self.words)),
                        frozenset(word for word, as_whole in self.words.items() if as_whole))

    def _on(self, lowered: str, sentences: Sequence[tuple[int, int]]) -> None:
        text, spans = self.document
        if text is not lowered or spans != sentences:  # a list can change: compare it
            self.document = (lowered, list(sentences))
            self.found, self.triggered = (None, {}), {}

    def words_by_sentence(self, lowered: str, sentences: Sequence[tuple[int, int]]
                          ) -> dict[int, set[str]]:
        """:func:`words_by_sentence` of every word, made once per document."""
        self._on(lowered, sentences)
        key, found = self.found
        if key is not self.key:
            found = words_by_sentence(lowered, sentences, *self.key)
            self.found = (self.key, found)
        return found

    def trigger_indexes(self, lowered: str, sentences: Sequence[tuple[int, int]],
                        trigger: re.Pattern[str]) -> set[int]:
        """:func:`trigger_indexes` of ``trigger``, searched for once per document."""
        self._on(lowered, sentences)
        if trigger not in self.triggered:
            self.triggered[trigger] = trigger_indexes(lowered, sentences, trigger)
        return self.triggered[trigger]


_PASSES = _SharedPasses()
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
        whole = set(whole_words)
        self.selecting = frozenset([*plain, *(WHOLE + word for word in whole)])
        self.triggers = list(triggers)
        _PASSES.add(gate_words | plain, whole=False)
        _PASSES.add(whole, whole=True)

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
        found = _PASSES.words_by_sentence(lowered, spans)
        selecting = self.selecting
        chosen = {index for index, present in found.items()
                  if not present.isdisjoint(selecting)}
        for trigger in self.triggers:
            chosen |= _PASSES.trigger_indexes(lowered, spans, trigger)
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


def found_in(text: str, match: re.Match[str]) -> dict[str, str | None]:
    """The named groups of ``match`` as they read in ``text``, which has the offsets of the
    string matched (the original of a lowercased copy, say); ``None`` for a group that
    took no part in the match."""
    return {name: None if start < 0 else text[start:match.end(name)]
            for name in match.re.groupindex for start in (match.start(name),)}


def first_fits(found: Iterable[tuple[int, Rule, re.Match[str]]]
               ) -> Iterator[tuple[Rule, re.Match[str]]]:
    """The matches of :meth:`Scanner.matches` that overlap no earlier match of their
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
