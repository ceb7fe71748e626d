"""The bundled knowledge base: loading the fact file, finding its entities in text, dates.

Not a plugin itself: the checker plugins (``kb_checker``, ``temporal_checker``) share it.
The fact file (``facts.json``, validated by ``schemas/fact.schema.json`` when built and in
the tests) is read and indexed on first use only, so importing this module costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import orjson
from workbench_plugins import DATA
from workbench_plugins.shared.scan import LazyPattern, is_word_char

Record = dict[str, Any]


# The only non-ASCII characters that re.IGNORECASE equates with ASCII letters: İ, ı, ſ and
# the Kelvin sign. İ is also the only character str.lower() turns into two.
_ASCII_CASE_TWINS = ("\u0130", "\u0131", "\u017f", "\u212a")


_last_lowered: tuple[str, str | None] = ("", "")


def ascii_lowered(text: str) -> str | None:
    """``text.lower()``, where a case-insensitive pattern of ASCII words can match only
    where the lowered text holds the word in lowercase; ``None`` when ``text`` has one of
    the four non-ASCII letters that would break this (then search the text itself).

    ``"from" not in lowered`` then proves that ``re.search(r"(?i)\\bfrom\\b", text)``
    fails, for a fraction of its cost. The checkers ask about the same claim text one
    after another, so the last text's answer is kept.
    """
    global _last_lowered
    last = _last_lowered
    if last[0] is text:
        return last[1]
    lowered = (text.lower() if text.isascii() or not any(map(text.__contains__,
                                                                _ASCII_CASE_TWINS))
               else None)
    _last_lowered = (text, lowered)
    return lowered


def lacks(text: str, words: tuple[str, ...]) -> bool:
    """True when ``text`` cannot hold any of ``words`` (ASCII, any case): a pattern that
    needs one of them need not be searched for."""
    lowered = ascii_lowered(text)
    return lowered is not None and not any(map(lowered.__contains__, words))


class KeywordPattern:
    """A case-insensitive pattern every match of which starts with one of ``keywords``
    (lowercase ASCII words, matched in any case), and never matches the empty string.

    It is tried only where the text's lowercase copy (:func:`ascii_lowered`) has one of
    the keywords: looking for a few words costs much less than ``re``'s search for a
    pattern that starts with ``\\b``, which tries it at every position. Without a
    lowercase copy the pattern is searched for as usual.
    """

    def __init__(self, pattern: str, keywords: tuple[str, ...]) -> None:
        if not all(keywords):
            raise ValueError(f"an empty keyword for {pattern!r}")
        self.regex = LazyPattern(pattern, re.I)
        self.keywords = keywords

    @property
    def pattern(self) -> str:
        """The source of the expression."""
        return self.regex.pattern

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """What ``finditer`` of the pattern gives."""
        lowered = ascii_lowered(text)
        if lowered is None:
            yield from self.regex.finditer(text)
            return
        if not any(map(lowered.__contains__, self.keywords)):  # the usual case
            return
        starts = set()
        for word in self.keywords:
            position = lowered.find(word)
            while position != -1:
                starts.add(position)
                position = lowered.find(word, position + 1)
        end = 0  # where the last match ended: the matches of finditer never overlap
        for start in sorted(starts):
            if start >= end and (match := self.regex.match(text, start)):
                end = match.end()
                yield match

    def search(self, text: str) -> re.Match[str] | None:
        """What ``search`` of the pattern gives."""
        return next(self.finditer(text), None)


PLAIN_TEXT = LazyPattern(r"[a-z '-]*")


def starting_text(expression: str) -> str:
    """The plain text (lowercase letters, spaces, hyphens, apostrophes) every match of a
    regular expression without a top-level ``|`` starts with: "recogni" for
    "recogni[sz]ed", "hono" for "honou?red" (a character a quantifier follows may be
    missing)."""
    text = PLAIN_TEXT.match(expression).group(0)
    return text[:-1] if expression[len(text):len(text) + 1] in ("?", "*", "{") else text


def word_starts(expressions: tuple[str, ...], end: str = "") -> KeywordPattern:
    """``\\b(?:one|two)`` and then ``end``, in any case, where each of the ``expressions``
    starts with plain text (see :func:`starting_text`)."""
    return KeywordPattern(r"\b(?:" + "|".join(expressions) + ")" + end,
                          tuple(map(starting_text, expressions)))


RECENT_TEXTS = 4096  # texts whose mentions are kept (a few documents' claims)
FACT_FILE = DATA / "facts.json"

# Generic office words: they name an office only together with a person who held one.
GENERIC_OFFICES: dict[str, frozenset[str]] = {
    r"foreign minister|minister of foreign affairs|foreign affairs minister|"
    r"secretary of state|top diplomat": frozenset({"fm-canada", "fm-china", "secstate-us"}),
    r"prime minister|premier": frozenset({"pm-canada", "premier-china"}),
    r"president": frozenset({"president-us", "president-china"}),
    r"secretary[- ]general": frozenset({"un-sg", "nato-sg"}),
    r"director[- ]general": frozenset({"wto-dg"}),
}


@dataclass(frozen=True)
class Mention:
    """An entity found in a text, with the span of the alias that named it."""

    entity: str
    start: int
    end: int


@dataclass
class KnowledgeBase:
    """Entities, facts by entity, and an alias index keyed by each alias's first word."""

    version: str
    entities: dict[str, Record]
    facts: list[Record]
    by_entity: dict[str, list[Record]] = field(default_factory=dict)
    # entity -> [(property, object, facts)]: its facts grouped, in the order of each
    # group's first fact
    groups: dict[str, list[tuple[str, str | None, list[Record]]]] = field(default_factory=dict)
    # first word (case-folded) -> [(alias, alias case-folded, case sensitive, entity)],
    # longest alias first
    by_first_word: dict[str, list[tuple[str, str, bool, str]]] = field(default_factory=dict)
    # alias case-folded -> [(rank among its first word's aliases, alias entry)], and an
    # Aho-Corasick automaton that finds them all (see _find_mentions)
    by_folded_alias: dict[str, list[tuple[int, tuple[str, str, bool, str]]]] = field(
        default_factory=dict)
    aliases: Any = field(default=None, repr=False)
    # text -> its mentions: the checkers ask about the same claim text several times
    _recent: dict[str, tuple[Mention, ...]] = field(default_factory=dict, repr=False)

    def mentions(self, text: str) -> list[Mention]:
        """Entities named in ``text``: longest aliases first, never overlapping."""
        known = self._recent.get(text)
        if known is None:
            if len(self._recent) >= RECENT_TEXTS:
                self._recent.clear()
            known = self._recent[text] = tuple(self._find_mentions(text))
        return list(known)

    def _find_mentions(self, text: str) -> list[Mention]:
        folded = text.casefold()
        if len(folded) == len(text) and FOLDS_INTO_WORD not in text:
            found = self._mentions_by_alias(text, folded)
        else:
            found = self._mentions_word_by_word(text, folded if len(folded) == len(text)
                                                else None)
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        kept: list[Mention] = []
        for mention in found:
            if all(mention.end <= k.start or mention.start >= k.end for k in kept):
                kept.append(mention)
        return sorted(kept, key=lambda m: m.start)

    def _mentions_word_by_word(self, text: str, folded: str | None) -> list[Mention]:
        """At each word's start, the first of the aliases it begins (longest first) that
        the text has there: ``folded`` is the text case-folded, if that kept its length."""
        found = []
        length = len(text)
        index = self.by_first_word
        for word in WORD.finditer(text):
            candidates = index.get(word.group(0).casefold())
            if not candidates:
                continue
            start = word.start()
            for alias, folded_alias, sensitive, entity in candidates:
                end = start + len(alias)
                if end < length and is_word_char(text[end]):
                    continue
                if sensitive:
                    hit = text.startswith(alias, start)
                elif folded is not None:
                    hit = folded.startswith(folded_alias, start)
                else:
                    hit = text[start:end].casefold() == folded_alias
                if hit:
                    found.append(Mention(entity, start, end))
                    break
        return found

    def _mentions_by_alias(self, text: str, folded: str) -> list[Mention]:
        """What :meth:`_mentions_word_by_word` finds, from one pass of the alias automaton
        over ``folded`` (the text case-folded, as long as the text, with the same word
        characters: then an alias that is there is there case-folded).

        An alias the text has at the start of a word begins with that word (its first
        word ends where the text's does), so the aliases found at a word's start are
        those of its first word, ranked as :meth:`_mentions_word_by_word` tries them.
        """
        best: dict[int, tuple[int, int, str]] = {}  # start -> (rank, end, entity)
        length = len(text)
        for last, folded_alias in self.aliases.iter(folded):
            start = last + 1 - len(folded_alias)
            if start and is_word_char(text[start - 1]):
                continue  # inside a word
            for rank, (alias, _, sensitive, entity) in self.by_folded_alias[folded_alias]:
                end = start + len(alias)
                if end < length and is_word_char(text[end]):
                    continue  # ends inside a word
                if sensitive and not text.startswith(alias, start):
                    continue
                if start not in best or rank < best[start][0]:
                    best[start] = (rank, end, entity)
        return [Mention(entity, start, end) for start, (_, end, entity) in best.items()]

    def name(self, entity: str) -> str:
        """The display name of an entity."""
        return self.entities[entity]["name"]


WORD = LazyPattern(r"\w+")
# The only character that is not a word character but case-folds into one (to "ι").
FOLDS_INTO_WORD = "\u0345"


def _case_sensitive(alias: str) -> bool:
    """Acronyms (NATO, the US, INF) only match as written; names and phrases in any case."""
    return any(len(token) >= 2 and token.isupper()
               for token in alias.replace("'", " ").replace("’", " ").split())


@cache
def knowledge_base() -> KnowledgeBase:
    """The bundled fact file, validated and indexed (loaded once per process)."""
    # The file is validated against schemas/fact.schema.json when it is built and by the
    # test suite; `workbench validate FILE --schema fact` checks an edited copy.
    data = orjson.loads(FACT_FILE.read_bytes())  # parses as json does, four times faster
    kb = KnowledgeBase(version=data["version"], entities=data["entities"], facts=data["facts"])
    by_key: dict[tuple[str, str, str | None], list[Record]] = {}
    for fact in kb.facts:
        kb.by_entity.setdefault(fact["entity"], []).append(fact)
        key = (fact["entity"], fact["property"], fact.get("qualifiers", {}).get("object"))
        if key not in by_key:
            by_key[key] = []
            kb.groups.setdefault(key[0], []).append((key[1], key[2], by_key[key]))
        by_key[key].append(fact)
    for entity_id, entity in kb.entities.items():
        for alias in entity["aliases"]:
            first = WORD.match(alias)
            if first is None:
                continue
            kb.by_first_word.setdefault(first.group(0).casefold(), []).append(
                (alias, alias.casefold(), _case_sensitive(alias), entity_id))
    for candidates in kb.by_first_word.values():
        candidates.sort(key=lambda candidate: -len(candidate[0]))
        for rank, candidate in enumerate(candidates):
            kb.by_folded_alias.setdefault(candidate[1], []).append((rank, candidate))
    import ahocorasick  # only when the knowledge base is used

    kb.aliases = ahocorasick.Automaton()
    for folded_alias in kb.by_folded_alias:
        kb.aliases.add_word(folded_alias, folded_alias)
    kb.aliases.make_automaton()
    return kb


# --------------------------------------------------------------------------------------
# Dates at year, month or day precision
# --------------------------------------------------------------------------------------


def parse_partial(text: str) -> tuple[int, int | None, int | None]:
    """``"1967-01-27"`` -> (1967, 1, 27); ``"1967"`` -> (1967, None, None)."""
    parts = [int(part) for part in text[:10].split("-")]
    return parts[0], (parts[1] if len(parts) > 1 else None), (parts[2] if len(parts) > 2
                                                                else None)


def first_day(text: str) -> date:
    """The earliest day a partial date can mean."""
    year, month, day = parse_partial(text)
    return date(year, month or 1, day or 1)


def last_day(text: str) -> date:
    """The latest day a partial date can mean."""
    year, month, day = parse_partial(text)
    if month is None:
        return date(year, 12, 31)
    if day is None:
        following = date(year + (month == 12), month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(year, month, day)


def same_date(claimed: str, fact: str) -> bool:
    """True when two partial dates agree at the coarser of their precisions."""
    a, b = parse_partial(claimed), parse_partial(fact)
    return all(x == y for x, y in zip(a, b, strict=True) if x is not None and y is not None)


def human_date(text: str) -> str:
    """``"1967-01-27"`` -> ``"27 January 1967"``."""
    year, month, day = parse_partial(text)
    if month is None:
        return str(year)
    name = date(2000, month, 1).strftime("%B")
    return f"{day} {name} {year}" if day else f"{name} {year}"


def reference_dates(document: Record, as_of: date | None) -> tuple[date | None, date | None]:
    """(publication date, check date): the check date is ``--as-of`` if given, else today."""
    published = None
    if document.get("published"):
        try:
            published = date.fromisoformat(str(document["published"])[:10])
        except ValueError:
            published = None
    return published, as_of or date.today()


def fact_source(fact: Record, kb: KnowledgeBase, statement: str) -> Record:
    """A verdict source (``schemas/source.schema.json``) for a fact, quoting the fact."""
    source = fact["source"]
    record: Record = {"url": source["url"], "title": source["title"],
                      "publisher": source["publisher"],
                      "quote": f"{statement} (knowledge base {kb.version}, fact {fact['id']})"}
    if source.get("date_kind") == "published" and len(source["date"]) == 10:
        record["published"] = source["date"]
    return record


# A year 1500-2099 not inside a number, a decade ("1990s") or a fraction. The check of the
# character before it comes after its first digit, so the search can skip to a 1 or a 2.
BARE_YEAR = LazyPattern(r"(1(?<![\d,.$£€/-]1)[5-9]\d\d|2(?<![\d,.$£€/-]2)0\d\d)"
                    r"(?![\d%/]|s\b|\.\d|,\d)")


def temporal_values(claim: Record) -> list[tuple[int, int, Record]]:
    """``(start, end, value)`` of the temporal signals of a claim, in text order.

    Years no detector flagged ("in 1970, ...") are added as ``{"type": "year"}`` values.
    """
    found = [(s["span"]["start"], s["span"]["end"], s["value"]) for s in claim["signals"]
             if s["kind"] == "temporal" and isinstance(s.get("value"), dict)]
    offset = claim["span"]["start"]
    text = claim["text"]
    # A year starts with "1" or "2": looking for them is much faster than re's scan.
    years = BARE_YEAR.finditer(text) if "1" in text or "2" in text else ()
    for match in years:
        start, end = offset + match.start(), offset + match.end()
        if not any(a <= start < b for a, b, _ in found):
            found.append((start, end, {"type": "year", "year": int(match.group(1))}))
    return sorted(found, key=lambda item: item[0])
