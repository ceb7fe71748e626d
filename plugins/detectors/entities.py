"""Detect named treaties, organisations, events, people, offices and prizes from a gazetteer.

The gazetteer ships with this plugin (``data/gazetteer.json``, a few hundred entries of
general knowledge) and is loaded on first use. Users extend it with their own JSON files
listed in the environment variable ``WORKBENCH_GAZETTEER`` (``path[:path...]``, separated
by ``os.pathsep``); each file is ``{"entries": [...]}`` or a bare list of entries::

    {"id": "nato", "kind": "organization", "name": "North Atlantic Treaty Organization",
     "aliases": ["NATO", "Atlantic Alliance"], "year": 1949}

``kind`` is the signal kind (treaty, organization, event, person, office, prize, ...);
``year``/``years``/``role`` are optional facts passed on in the signal's value. A user
entry with the same ``id`` as a bundled one replaces it.

Matching: all-capital aliases (acronyms such as "NATO") match exactly; other aliases match
regardless of case, except that an alias starting with a capital needs a capital in the
text ("Cold War", not "cold war", unless that is an alias too). An alias matches whole
words only, the longest alias at a place wins, and matches do not overlap. Words of an
alias are matched with single spaces between them. All aliases are found in one pass
over the text by an Aho-Corasick automaton (pyahocorasick).
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from typing import Any

import orjson
from workbench_plugins import DATA
from workbench_plugins.shared.scan import automaton_of, is_word_char, keyword_pass, lowercase

from workbench import hookimpl
from workbench.errors import InputError
from workbench.records import Record, make_signal

ENV_VAR = "WORKBENCH_GAZETTEER"
WEIGHTS = {"treaty": 0.55, "event": 0.5, "doctrine": 0.45, "prize": 0.45,
           "organization": 0.35, "person": 0.35, "office": 0.3}
DEFAULT_WEIGHT = 0.35
KIND = re.compile(r"^[a-z][a-z0-9-]*$")


def _entries_of(data: Any, origin: str) -> list[dict[str, Any]]:
    entries = data.get("entries") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise InputError(origin, "a gazetteer is a JSON list of entries or {\"entries\": [...]}")
    for number, entry in enumerate(entries, 1):
        if not (isinstance(entry, dict) and isinstance(entry.get("id"), str)
                and isinstance(entry.get("name"), str) and entry["name"].strip()
                and isinstance(entry.get("kind"), str) and KIND.match(entry["kind"])
                and all(isinstance(a, str) for a in entry.get("aliases", []))):
            raise InputError(origin, f"entry {number} needs a string id, a name, a lowercase "
                             "kind and a list of string aliases")
    return entries


def _read(path: str) -> list[dict[str, Any]]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise InputError(path, f"no such gazetteer file (from {ENV_VAR})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(path, f"not a JSON gazetteer: {error}") from None
    except OSError as error:
        raise InputError(path, error.strerror or str(error)) from None
    return _entries_of(data, path)


def load_entries(extra: str | None = None) -> list[dict[str, Any]]:
    """The bundled entries, then those of the files in ``extra`` (``path[:path]``)."""
    bundled = orjson.loads((DATA / "gazetteer.json").read_bytes())  # as json, faster
    by_id = {e["id"]: e for e in _entries_of(bundled, "bundled")}
    for path in (extra or "").split(os.pathsep):
        if path.strip():
            by_id.update((e["id"], e) for e in _read(path.strip()))
    return list(by_id.values())


_WORD = re.compile(r"\w+")
# An alias, its spellings as written with their entries, in the order they were given.
Choices = tuple[str, list[tuple[str, dict[str, Any]]]]


@cache
def _aliases(extra: str | None) -> dict[str, Choices]:
    """Every lowercase alias, with its spellings as written and their entries."""
    spellings: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for entry in load_entries(extra):
        for alias in [entry["name"], *entry.get("aliases", [])]:
            alias = " ".join(alias.split())
            if _WORD.match(alias.lower()):  # an alias starts with a letter or digit
                spellings.setdefault(alias.lower(), []).append((alias, entry))
    return {folded: (folded, written) for folded, written in spellings.items()}


@cache
def _alias_automaton(extra: str | None) -> Any:
    """An Aho-Corasick automaton of every alias (see :func:`_aliases`)."""
    return automaton_of((), _aliases(extra))


def _accepts(alias: str, found: str) -> bool:
    """Acronyms match exactly; a capitalised alias needs a capital in the text."""
    if alias.upper() == alias and any(c.isalpha() for c in alias):
        return found == alias
    return not alias[0].isupper() or found[0].isupper()


def _whole_words(text: str, lowered: str, hits: list[tuple[int, Choices]]
                 ) -> dict[int, list[Choices]]:
    """The aliases of ``hits`` (last offset, alias) found as whole words, by start offset."""
    by_start: dict[int, list[Choices]] = {}
    for last, found in hits:
        start, end = last + 1 - len(found[0]), last + 1
        if start and is_word_char(lowered[start - 1]):
            continue
        if end < len(text) and (lowered[end].isalnum() or lowered[end] in "_-"):
            continue
        by_start.setdefault(start, []).append(found)
    return by_start


def find_entities(text: str, sentences: list[tuple[int, int]] | None = None) -> list[Record]:
    """Gazetteer signals of ``text``: the longest alias at each place, no overlaps.

    The aliases are looked for inside ``sentences``: like the other detectors' matches, a
    name never crosses a sentence boundary.
    """
    extra = os.environ.get(ENV_VAR) or None
    lowered = lowercase(text)
    hits = keyword_pass(lowered, sentences or [(0, len(text))],
                        _alias_automaton(extra)).phrases
    signals = []
    last_end = -1
    by_start = _whole_words(text, lowered, hits)
    for start in sorted(by_start):
        if start < last_end:
            continue
        for folded, written in sorted(by_start[start], key=lambda found: -len(found[0])):
            end = start + len(folded)
            chosen = next((entry for alias, entry in written
                           if _accepts(alias, text[start:end])), None)
            if chosen is None:
                continue
            last_end = end
            value = {"id": chosen["id"], "name": chosen["name"]}
            value.update({key: chosen[key] for key in ("year", "years", "role")
                          if key in chosen})
            kind = chosen["kind"]
            signals.append(make_signal(text, kind, start, end,
                                       WEIGHTS.get(kind, DEFAULT_WEIGHT), value))
            break
    return signals


@hookimpl
def detect_signals(document: Record, sentences: list[tuple[int, int]]) -> list[Record]:
    """Flag named treaties, organisations, events, people, offices and prizes."""
    return find_entities(document["text"], sentences)
