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
Words of an alias are matched with single spaces between them.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from typing import Any

from workbench_plugins._scan import lowercase

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
    from importlib import resources

    bundled = resources.files("workbench_plugins").joinpath("data/gazetteer.json")
    by_id = {e["id"]: e for e in _entries_of(json.loads(bundled.read_text("utf-8")), "bundled")}
    for path in (extra or "").split(os.pathsep):
        if path.strip():
            by_id.update((e["id"], e) for e in _read(path.strip()))
    return list(by_id.values())


_WORD = re.compile(r"\w+")


@cache
def _index(extra: str | None) -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
    """``(lowercase alias, alias, entry)`` by the alias's first word, longest alias first.

    A word index rather than one big regex: compiling a regex of a thousand aliases takes
    seconds, a dict takes milliseconds.
    """
    by_first: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for entry in load_entries(extra):
        for alias in [entry["name"], *entry.get("aliases", [])]:
            alias = " ".join(alias.split())
            first = _WORD.match(alias.lower())
            if first is None:
                continue
            by_first.setdefault(first.group(), []).append((alias.lower(), alias, entry))
    for candidates in by_first.values():
        candidates.sort(key=lambda item: -len(item[0]))
    return by_first


def _accepts(alias: str, found: str) -> bool:
    """Acronyms match exactly; a capitalised alias needs a capital in the text."""
    if alias.upper() == alias and any(c.isalpha() for c in alias):
        return found == alias
    return not alias[0].isupper() or found[0].isupper()


def find_entities(text: str) -> list[Record]:
    """Gazetteer signals of ``text``: the longest alias at each place, no overlaps."""
    by_first = _index(os.environ.get(ENV_VAR) or None)
    lowered = lowercase(text)
    signals = []
    last_end = -1
    for word in _WORD.finditer(lowered):
        start = word.start()
        candidates = by_first.get(word.group())
        if candidates is None or start < last_end:
            continue
        for folded, alias, entry in candidates:
            end = start + len(folded)
            if not lowered.startswith(folded, start) or (
                    end < len(text) and (lowered[end].isalnum() or lowered[end] in "_-")):
                continue
            if not _accepts(alias, text[start:end]):
                continue
            last_end = end
            value = {"id": entry["id"], "name": entry["name"]}
            value.update({key: entry[key] for key in ("year", "years", "role") if key in entry})
            kind = entry["kind"]
            signals.append(make_signal(text, kind, start, end,
                                       WEIGHTS.get(kind, DEFAULT_WEIGHT), value))
            break
    return signals


@hookimpl
def detect_signals(document: Record) -> list[Record]:
    """Flag named treaties, organisations, events, people, offices and prizes."""
    return find_entities(document["text"])
