"""Detect named entities from the fact packs' catalogue: countries, organisations,
treaties, people, offices, prizes, events, cities.

There is one catalogue: the entities of the fact packs in force (the bundled ``world``
pack, installed packs, a newsroom's own; see ``workbench_plugins.shared.facts``), so a
newsroom that adds an entity to its pack is found in articles at once, and the checkers
read the entity ids these signals carry instead of looking for names again.

Matching: all-capital aliases (acronyms such as "NATO") match exactly; other aliases
match regardless of case, except that an alias starting with a capital needs a capital in
the text ("Cold War", not "cold war"). An alias matches whole words only, the longest
alias at a place wins, and matches do not overlap. All aliases are found in one pass over
the text by an Aho-Corasick automaton (pyahocorasick). A name several entities share
("Congress") carries every candidate id in ``value["candidates"]``.
"""

from __future__ import annotations

from typing import Any

from workbench_plugins.shared.facts import Entity, knowledge
from workbench_plugins.shared.scan import is_word_char, keyword_pass, lowercase

from workbench import hookimpl
from workbench.records import Record, make_signal

# The signal kind of each entity type.
KINDS = {"country": "place", "city": "place", "region": "place", "organisation": "organization",
         "role": "office"}
WEIGHTS = {"treaty": 0.55, "event": 0.5, "doctrine": 0.45, "prize": 0.45,
           "organization": 0.35, "person": 0.35, "office": 0.3, "place": 0.2}
DEFAULT_WEIGHT = 0.35
Spellings = tuple[str, list[tuple[str, Entity]]]  # a lowercase alias, spellings with entities


def _accepts(alias: str, found: str) -> bool:
    """Acronyms match exactly; a capitalised alias needs a capital in the text."""
    if alias.upper() == alias and any(c.isalpha() for c in alias):
        return found == alias
    return not alias[0].isupper() or found[0].isupper()


def _whole_words(text: str, lowered: str, hits: list[tuple[int, Spellings]]
                 ) -> dict[int, list[Spellings]]:
    """The aliases of ``hits`` (last offset, alias) found as whole words, by start offset."""
    by_start: dict[int, list[Spellings]] = {}
    for last, found in hits:
        start, end = last + 1 - len(found[0]), last + 1
        if start and is_word_char(lowered[start - 1]):
            continue
        if end < len(text) and (lowered[end].isalnum() or lowered[end] in "_-"):
            continue
        by_start.setdefault(start, []).append(found)
    return by_start


def _value(entities: list[Entity]) -> dict[str, Any]:
    first = entities[0]
    value: dict[str, Any] = {"id": first.id, "name": first.name, "type": first.type}
    if first.role:
        value["role"] = first.role
    if len(entities) > 1:
        value["candidates"] = [entity.id for entity in entities]
    return value


def find_entities(text: str, sentences: list[tuple[int, int]] | None = None) -> list[Record]:
    """Entity signals of ``text``: the longest alias at each place, no overlaps, never
    across a sentence boundary."""
    base = knowledge()
    lowered = lowercase(text)
    names = base.names()
    hits = [(last, base.spellings[number]) for last, number
            in keyword_pass(lowered, sentences or [(0, len(text))], names).phrases]
    signals = []
    last_end = -1
    by_start = _whole_words(text, lowered, hits)
    for start in sorted(by_start):
        if start < last_end:
            continue
        for folded, written in sorted(by_start[start], key=lambda found: -len(found[0])):
            end = start + len(folded)
            chosen = [entity for alias, entity in written if _accepts(alias, text[start:end])]
            if not chosen:
                continue
            last_end = end
            kind = KINDS.get(chosen[0].type, chosen[0].type)
            signals.append(make_signal(text, kind, start, end,
                                       WEIGHTS.get(kind, DEFAULT_WEIGHT),
                                       _value(list(dict.fromkeys(chosen)))))
            break
    return signals


@hookimpl
def detect_signals(document: Record, sentences: list[tuple[int, int]]) -> list[Record]:
    """Flag the named entities of the fact packs' catalogue."""
    return find_entities(document["text"], sentences)
