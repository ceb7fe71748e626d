"""Turn a claim into the atomic assertions it makes, from the detectors' signals.

A sentence is read as a row of tokens: each entity, date and quantity a detector found
becomes one slot token (``«e2:country»``, ``«t3:year»``, ``«q4:percent»``); the other
words stay words. The patterns of ``data/relations.json`` (and of any fact pack's
``patterns.json``) are matched over that row; each match is an :class:`Assertion` with its
subject, relation, object, value and qualifiers. What no match consumed is the sentence's
*residue*: entities, dates, numbers, comparisons, hedges and content words that were not
checked. A verdict of ``true`` needs an empty residue.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, NamedTuple

from workbench_plugins import DATA

Record = dict[str, Any]

# Signal kinds whose values the patterns read as slots, by slot letter.
ENTITY_KINDS = frozenset({"place", "organization", "treaty", "person", "office", "prize",
                          "event", "doctrine"})
SLOT = {"temporal": "t", "quantity": "q", "statistic": "q", "comparison": "c",
        "opinion": "o"}
# Kinds that need no checking: who said it and where it is cited.
NEUTRAL_KINDS = frozenset({"attribution", "citation"})
NEGATION, ADVERB = "«not»", "«adv»"  # the tokens negations and neutral adverbs become
_WORD = re.compile(r"'s\b|s'(?=\s|$)|n't\b|[^\W_]+(?:[-'’][^\W_]+)*|[,.;:()]")
_PATTERN_TOKEN = re.compile(r"\{[^}]*\}|\[|\]|\(|\)|\||[^\s\[\]()|{}]+")


class Token(NamedTuple):
    """One token of a sentence: a word, a punctuation mark, or a signal's slot."""

    text: str  # the word (lowercased) or the slot (``«e2:country»``)
    start: int  # offsets in the claim's text
    end: int
    signal: Record | None = None

    @property
    def is_slot(self) -> bool:
        """True for a signal's slot."""
        return self.signal is not None


@dataclass
class Assertion:
    """One atomic part of a claim: ``subject relation object`` with its value and
    qualifiers (place, co-subjects, a peer, an office, a predecessor...), each a token."""

    relation: str
    slots: dict[str, Token]
    negated: bool
    start: int  # offsets in the claim's text
    end: int
    statistic: bool = False
    verb: str = ""  # for statistics: the verb before the number ("passed", "reached")

    def entity(self, name: str) -> str | None:
        """The entity id in slot ``name``, if it holds an entity."""
        token = self.slots.get(name)
        if token is None or token.signal is None:
            return None
        value = token.signal.get("value") or {}
        return value.get("id")

    def value(self, name: str) -> Record | None:
        """The parsed value of the signal in slot ``name``."""
        token = self.slots.get(name)
        return None if token is None or token.signal is None else token.signal.get("value")


@dataclass
class Reading:
    """What :func:`read` found in a claim: its assertions and its residue."""

    tokens: list[Token]
    assertions: list[Assertion] = field(default_factory=list)
    residue: list[Token] = field(default_factory=list)


def is_entity(signal: Record) -> bool:
    """Whether a signal names an entity of the packs (a slot every pattern needs one of)."""
    return signal["kind"] in ENTITY_KINDS and isinstance(
        (signal.get("value") or {}).get("id"), str)


def tokens_of(claim: Record) -> list[Token]:
    """The claim's tokens: its signals' slots (the longest at a place), and the words
    between them, lowercased."""
    base = claim["span"]["start"]
    text = claim["text"]
    slots: list[Token] = []
    numbering = 0
    for signal in sorted(claim["signals"],
                         key=lambda s: (s["span"]["start"], -s["span"]["end"])):
        kind = signal["kind"]
        letter = "e" if is_entity(signal) else SLOT.get(kind)
        start, end = signal["span"]["start"] - base, signal["span"]["end"] - base
        if letter is None or (slots and start < slots[-1].end):
            continue  # a neutral kind, or overlapping a longer slot found first
        value = signal.get("value") or {}
        previous = slots[-1] if slots else None
        if letter == "e" and previous is not None and previous.signal is not None and \
                (previous.signal.get("value") or {}).get("id") == value.get("id") and \
                text[previous.end:start].strip() in ("", ","):
            # "the UN refugee agency UNHCR": one entity named twice is one slot
            slots[-1] = Token(previous.text, previous.start, end, previous.signal)
            continue
        numbering += 1
        subtype = value.get("type", kind)
        slots.append(Token(f"«{letter}{numbering}:{subtype}»", start, end, signal))
    tokens: list[Token] = []
    position = 0
    for slot in [*slots, None]:
        stop = slot.start if slot is not None else len(text)
        words = [Token(match.group().lower().replace("’", "'"), match.start(), match.end())
                 for match in _WORD.finditer(text, position, stop)]
        # "the" carries nothing to check, and patterns may leave it out
        tokens.extend(_tagged([word for word in words if word.text != "the"]))
        if slot is not None:
            tokens.append(slot)
            position = slot.end
    return tokens


def _tagged(words: list[Token]) -> list[Token]:
    """Words with each negation ("did not", "never") made one ``«not»`` token and each
    neutral adverb an ``«adv»`` token, so that patterns name them in one slot."""
    negations, adverbs = _tags()
    tagged: list[Token] = []
    index = 0
    while index < len(words):
        phrase = None
        starting = negations.get(words[index].text)
        if starting:
            texts = tuple(word.text for word in words[index:index + 3])
            phrase = next((p for p in starting if texts[:len(p)] == p), None)
        if phrase is not None:
            last = words[index + len(phrase) - 1]
            tagged.append(Token(NEGATION, words[index].start, last.end))
            index += len(phrase)
            continue
        word = words[index]
        tagged.append(Token(ADVERB, word.start, word.end) if word.text in adverbs else word)
        index += 1
    return tagged


# --------------------------------------------------------------------------------------
# Patterns: a small language over the tokens, compiled to regular expressions
# --------------------------------------------------------------------------------------


@dataclass
class Pattern:
    """A pattern of one relation (or statistic indicator), compiled on first use.

    ``words`` are the words one of which every match holds (None: no such word); a
    sentence without any of them is not tried, and most patterns are never compiled in a
    run (compiling them all is a third of a cold check of one article).
    """

    relation: str
    source: str
    expression: str
    words: frozenset[str] | None
    statistic: bool

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The compiled expression."""
        return re.compile(self.expression)


def _slot(spec: str, lexicon: Record, seen: dict[str, int]) -> str:
    """A slot's regex; a name used again in one pattern (in another choice) gets a
    numbered group, ``when__2``, read back as ``when``."""
    name, _, types = spec.partition(":")
    if name == "adv":
        return ADVERB
    group = "neg" if name == "not" else name
    seen[group] = seen.get(group, 0) + 1
    if seen[group] > 1:
        group = f"{group}__{seen[group]}"
    if name == "not":
        return f"(?P<{group}>{NEGATION})"
    letter = {"when": "t", "until": "t", "number": "q"}.get(name.rstrip("0123456789"), "e")
    kinds = "|".join(re.escape(t) for t in types.split("|")) if types else "[a-z-]+"
    return f"(?P<{group}>«{letter}\\d+:(?:{kinds})»)"


def _compile(source: str, lexicon: Record) -> tuple[str, frozenset[str] | None]:
    """A pattern of ``relations.json`` as a regular expression over the token row (tokens
    joined by single spaces, a space after the last), and the words one of which every
    match holds (the words outside optional parts). Each piece matches its tokens with
    the space after each, so pieces concatenate."""
    pieces = _PATTERN_TOKEN.findall(source)
    position = 0
    seen: dict[str, int] = {}
    # The pattern's mandatory parts, each as the words one of which a match of it holds
    # (a word; or, for a choice, one word of each of its choices).
    mandatory: list[set[str]] = []

    def sequence(closers: tuple[str, ...], words: list[str] | None) -> str:
        """The regex of a sequence; ``words`` collects its mandatory words."""
        nonlocal position
        parts: list[str] = []
        while position < len(pieces) and pieces[position] not in closers:
            piece = pieces[position]
            position += 1
            if piece == "[":
                inner = sequence(("]",), None)
                position += 1
                parts.append(f"(?:{inner})?")
            elif piece == "(":
                found: list[list[str]] = [[]]
                choices = [sequence(("|", ")"), found[-1])]
                while pieces[position] == "|":
                    position += 1
                    found.append([])
                    choices.append(sequence(("|", ")"), found[-1]))
                position += 1
                parts.append("(?:" + "|".join(choices) + ")")
                if words is not None and all(found):
                    element = {_rarest(choice) for choice in found}
                    if words is top:
                        mandatory.append(element)
                    elif len(element) == 1:  # a choice within a choice: only a shared word
                        words.extend(element)
            elif piece.startswith("{"):
                parts.append(_slot(piece[1:-1], lexicon, seen) + " ")
            elif piece != "the":
                parts.append(re.escape(piece) + " ")
                if words is top:
                    mandatory.append({piece})
                elif words is not None:
                    words.append(piece)
        return "".join(parts)

    top: list[str] = []
    expression = "(?:(?<= )|^)" + sequence((), top)
    gates = sorted(mandatory, key=lambda words: (len(words & COMMON), len(words)))
    return expression, frozenset(gates[0]) if gates else None


# Words so common that a pattern is better tried for a rarer one it needs.
COMMON = frozenset({"in", "on", "of", "to", "by", "as", "and", ",", ".", "was", "were", "is",
                    "has", "had", "been", "which", "that", "who", "'s", "a", "an", "with",
                    "from", "for", "at"})


def _rarest(words: list[str]) -> str:
    """The word of a choice's alternative to look for: its first uncommon one."""
    return next((word for word in words if word not in COMMON), words[0])


@cache
def _tags() -> tuple[dict[str, list[tuple[str, ...]]], frozenset[str]]:
    """The negation phrases by first word (longest first), and the neutral adverbs."""
    data = lexicon()
    negations: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted((tuple(p.split()) for p in data["negations"]), key=len,
                         reverse=True):
        negations.setdefault(phrase[0], []).append(phrase)
    return negations, frozenset(data["adverbs"])


@cache
def lexicon(extra: tuple[Path, ...] = ()) -> Record:
    """The bundled relations lexicon, with the patterns of ``extra`` files added."""
    data = json.loads((DATA / "relations.json").read_text(encoding="utf-8"))
    for path in extra:
        added = json.loads(path.read_text(encoding="utf-8"))
        for section in ("relations", "statistics"):
            for name, patterns in added.get(section, {}).items():
                data[section].setdefault(name, []).extend(patterns)
        data["neutral"] = [*data["neutral"], *added.get("neutral", [])]
    return data


@cache
def patterns(extra: tuple[Path, ...] = ()) -> tuple[Pattern, ...]:
    """Every pattern (compiled when first tried); longer (more specific) ones first."""
    data = lexicon(extra)
    compiled = []
    for section, statistic in (("relations", False), ("statistics", True)):
        for relation, sources in data[section].items():
            for source in sources:
                expression, words = _compile(source, data)
                compiled.append(Pattern(relation, source, expression, words, statistic))
    return tuple(sorted(compiled, key=lambda p: -len(p.source)))


def read(claim: Record, extra: tuple[Path, ...] = ()) -> Reading:
    """The assertions a claim makes and what of it they leave unread.

    A relative clause ("X, which the United States never joined, entered into force...")
    is read on its own, with its antecedent, and the sentence without it.
    """
    tokens = tokens_of(claim)
    reading = Reading(tokens)
    consumed = [False] * len(tokens)
    for clause, shared in _clauses(tokens):
        _read_clause(clause, shared, tokens, consumed, reading, extra)
    neutral = {*lexicon(extra)["neutral"], ADVERB}
    base = claim["span"]["start"]
    cited = bytearray(claim["span"]["end"] - base)  # 1 where a citation or attribution is
    for signal in claim["signals"]:
        quotation = (signal.get("value") or {}).get("type") == "quote"
        if signal["kind"] in NEUTRAL_KINDS and not quotation:
            # who said it or where it is cited: a quotation's own words are the claim
            start, end = signal["span"]["start"] - base, signal["span"]["end"] - base
            cited[start:end] = b"\x01" * (end - start)
    reading.residue = [token for token, used in zip(tokens, consumed, strict=True)
                       if not used and (token.is_slot or token.text not in neutral)
                       and not all(cited[token.start:token.end])]
    return reading


RELATIVE = frozenset({"which", "who", "that"})


def _clauses(tokens: list[Token]) -> list[tuple[list[int], int | None]]:
    """Token indexes of the sentence without its relative clauses, then of each relative
    clause with its antecedent (an entity right before ", which ... ,"), which both may
    read."""
    main = list(range(len(tokens)))
    clauses: list[tuple[list[int], int | None]] = []
    index = 0
    while index + 2 < len(tokens):
        if tokens[index].is_slot and tokens[index + 1].text == "," and \
                tokens[index + 2].text in RELATIVE:
            end = next((j for j in range(index + 3, len(tokens)) if tokens[j].text == ","),
                       None)
            if end is not None and end > index + 3:
                clauses.append(([index, *range(index + 3, end)], index))
                main = [i for i in main if not index < i <= end]
                index = end
        index += 1
    return [(main, None), *clauses]


def _read_clause(indexes: list[int], shared: int | None, tokens: list[Token],
                 consumed: list[bool], reading: Reading, extra: tuple[Path, ...]) -> None:
    """Match every pattern over a clause; keep the matches that read the most tokens,
    none of them twice (but the ``shared`` antecedent of a relative clause)."""
    row_tokens = [tokens[i] for i in indexes]
    row = " ".join(token.text for token in row_tokens) + " "
    starts = []  # the row offset of each token
    offset = 0
    for token in row_tokens:
        starts.append(offset)
        offset += len(token.text) + 1
    found = []
    present = {token.text for token in row_tokens}
    for pattern in patterns(extra):
        if pattern.words is not None and pattern.words.isdisjoint(present):
            continue
        for match in pattern.regex.finditer(row):
            first, last = _index(starts, match.start()), _index(starts, match.end() - 1)
            found.append((last - first + 1, -first, pattern, match, first, last))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    for _, _, pattern, match, first, last in found:
        if any(consumed[indexes[i]] for i in range(first, last + 1)
               if indexes[i] != shared):
            continue  # a longer match read these tokens already
        reading.assertions.append(_assertion(pattern, match, row_tokens, starts, first, last,
                                             extra))
        for i in range(first, last + 1):
            consumed[indexes[i]] = True


def _assertion(pattern: Pattern, match: re.Match[str], tokens: list[Token],
               starts: list[int], first: int, last: int,
               extra: tuple[Path, ...]) -> Assertion:
    slots: dict[str, Token] = {}
    negated = False
    for group, text in match.groupdict().items():
        name = group.split("__")[0]
        if text is None:
            continue
        if name == "neg":
            negated = True
        elif name not in slots:
            slots[name] = tokens[_index(starts, match.start(group))]
    verb = ""
    if pattern.statistic and "number" in slots:
        number = tokens.index(slots["number"])
        verbs = lexicon(extra)["statistic_verbs"]
        verb = next((t.text for t in reversed(tokens[first:number]) if t.text in verbs), "")
    return Assertion(pattern.relation, slots, negated, tokens[first].start, tokens[last].end,
                     pattern.statistic, verb)


def _index(starts: list[int], offset: int) -> int:
    """The index of the token whose row offset range holds ``offset``."""
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low
