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
text ("Cold War", not "cold war", unless that is an alias too). The longest alias wins.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from importlib import resources
from typing import Any

from workbench_plugins._scan import lowercase, trie_regex

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
    bundled = resources.files("workbench_plugins").joinpath("data/gazetteer.json")
    by_id = {e["id"]: e for e in _entries_of(json.loads(bundled.read_text("utf-8")), "bundled")}
    for path in (extra or "").split(os.pathsep):
        if path.strip():
            by_id.update((e["id"], e) for e in _read(path.strip()))
    return list(by_id.values())


@cache
def _index(extra: str | None) -> tuple[dict[str, list[tuple[str, dict[str, Any]]]],
                                        re.Pattern[str] | None, re.Pattern[str] | None]:
    """Aliases by lowercase form, and the two matchers: exact, and for lowercase text."""
    by_alias: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    exact: set[str] = set()
    folded: set[str] = set()
    for entry in load_entries(extra):
        for alias in [entry["name"], *entry.get("aliases", [])]:
            alias = " ".join(alias.split())
            if not alias:
                continue
            acronym = alias.upper() == alias and any(c.isalpha() for c in alias)
            (exact if acronym else folded).add(alias if acronym else alias.lower())
            by_alias.setdefault(alias.lower(), []).append((alias, entry))

    def compile_(words: set[str], flags: int) -> re.Pattern[str] | None:
        if not words:
            return None
        body = trie_regex(sorted(words)).replace(r"\ ", r"\s+")
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)

    return by_alias, compile_(exact, 0), compile_(folded, 0)


def _pick(found: str, candidates: list[tuple[str, dict[str, Any]]]) -> dict[str, Any] | None:
    for alias, entry in candidates:
        if alias.upper() == alias and any(c.isalpha() for c in alias):
            if found == alias:
                return entry
        elif not alias[0].isupper() or found[0].isupper():
            return entry
    return None


def find_entities(text: str) -> list[Record]:
    """Gazetteer signals of ``text``: the longest alias at each place, no overlaps."""
    by_alias, exact, folded = _index(os.environ.get(ENV_VAR) or None)
    hits: list[tuple[int, int, dict[str, Any]]] = []
    lowered = lowercase(text)
    for pattern, haystack in ((exact, text), (folded, lowered)):
        if pattern is None:
            continue
        for match in pattern.finditer(haystack):
            found = " ".join(text[match.start():match.end()].split())
            entry = _pick(found, by_alias.get(found.lower(), []))
            if entry is not None:
                hits.append((match.start(), match.end(), entry))
    hits.sort(key=lambda hit: (hit[0], -(hit[1] - hit[0])))
    signals = []
    last_end = -1
    for start, end, entry in hits:
        if start < last_end:
            continue
        last_end = end
        value = {"id": entry["id"], "name": entry["name"]}
        value.update({key: entry[key] for key in ("year", "years", "role") if key in entry})
        kind = entry["kind"]
        signals.append(make_signal(text, kind, start, end, WEIGHTS.get(kind, DEFAULT_WEIGHT),
                                   value))
    return signals


@hookimpl
def detect_signals(document: Record) -> list[Record]:
    """Flag named treaties, organisations, events, people, offices and prizes."""
    return find_entities(document["text"])
