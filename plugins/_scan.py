"""Shared by the bundled plugins: run expensive patterns only where cheap tests pass.

Each full pattern of a detector is a :class:`Rule` with a *gate*: words one of which
every match of the pattern contains (or a cheap pattern every match contains a match of).
A detector's rules make its :class:`Scanner`, built when the module is imported. One
Aho-Corasick pass over the lowercased text finds, for every sentence, which of those
words it contains: the words of all scanners at once, since the detectors run one after
another on the same document (:data:`PASSES`), and the gazetteer's names too. A pattern
then runs only in the sentences where its gate is met. Matches never cross a sentence
boundary, and overlap checks stay per sentence, so the cost grows linearly with the
sentences given: a large document's sentences may be shared out among processes.
Python's ``re`` tries a pattern that starts with ``\b`` at every position, which costs
about a hundred times what finding a word costs, so the gates are what keeps the
detectors fast; where a pattern must start with a word boundary, :func:`at_word_start`
writes it so that ``re`` can skip ahead.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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


def _automaton(words: Iterable[str], phrases: Mapping[str, Any]) -> Any:
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


_NO_PHRASES = object()


class _SharedPasses:
    """The words of every scanner made so far, and the passes over the last document.

    The detectors run one after another on the same document, so one keyword pass looks
    for the words of all of them (True: also as a whole word), and for the phrases of a
    detector that looks at the whole text (the gazetteer's names); a trigger two of them
    share is searched for once. The first detector to ask makes the pass and the others
    reuse it. Detectors make their scanners when their modules are imported, so the
    first pass already knows every detector's words.
    """

    def __init__(self) -> None:
        self.words: dict[str, bool] = {}
        self.phrases_key: Any = _NO_PHRASES
        self.phrases: Mapping[str, Any] = {}
        self.version = 0  # changes with the words or the phrases
        self.automaton: tuple[int, Any, frozenset[str]] = (-1, None, frozenset())
        self.document: tuple[str | None, list[tuple[int, int]]] = (None, [])
        self.found: tuple[int, KeywordPass | None] = (-1, None)  # version, pass
        self.triggered: dict[re.Pattern[str], set[int]] = {}

    def add(self, words: Iterable[str], whole: bool) -> None:
        """Look for ``words`` too (as whole words as well, if ``whole``)."""
        before = len(self.words), sum(self.words.values())
        for word in words:
            self.words[word] = self.words.get(word, False) or whole
        if (len(self.words), sum(self.words.values())) != before:
            self.version += 1

    def use_phrases(self, key: Any, phrases: Callable[[], Mapping[str, Any]]) -> None:
        """Look for the phrases ``phrases()`` gives (lowercase, with their payloads) in place
        of any before, unless they are those of ``key`` already."""
        if self.phrases_key != key:
            self.phrases_key, self.phrases = key, phrases()
            self.version += 1

    def _automaton(self) -> tuple[Any, frozenset[str]]:
        version, automaton, whole = self.automaton
        if version != self.version:
            whole = frozenset(word for word, as_whole in self.words.items() if as_whole)
            automaton = _automaton(self.words, self.phrases)
            self.automaton = (self.version, automaton, whole)
        return automaton, whole

    def _on(self, lowered: str, sentences: Sequence[tuple[int, int]]) -> None:
        text, spans = self.document
        if text is not lowered or spans != sentences:  # a list can change: compare it
            self.document = (lowered, list(sentences))
            self.found, self.triggered = (-1, None), {}

    def keyword_pass(self, lowered: str, sentences: Sequence[tuple[int, int]]
                     ) -> KeywordPass:
        """:func:`keyword_pass` of every word and phrase, made once per document."""
        self._on(lowered, sentences)
        version, found = self.found
        if found is None or version != self.version:
            found = keyword_pass(lowered, sentences, *self._automaton())
            self.found = (self.version, found)
        return found

    def trigger_indexes(self, lowered: str, sentences: Sequence[tuple[int, int]],
                        trigger: re.Pattern[str]) -> set[int]:
        """:func:`trigger_indexes` of ``trigger``, searched for once per document."""
        self._on(lowered, sentences)
        if trigger not in self.triggered:
            self.triggered[trigger] = trigger_indexes(lowered, sentences, trigger)
        return self.triggered[trigger]


PASSES = _SharedPasses()
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
        PASSES.add(gate_words | plain, whole=False)
        PASSES.add(whole, whole=True)

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
        found = PASSES.keyword_pass(lowered, spans).by_sentence
        selecting = self.selecting
        chosen = {index for index, present in found.items()
                  if not present.isdisjoint(selecting)}
        for trigger in self.triggers:
            chosen |= PASSES.trigger_indexes(lowered, spans, trigger)
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
