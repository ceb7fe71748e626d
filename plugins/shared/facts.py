"""Facts as data: fact packs, read into one knowledge base the checkers and the entity
detector share.

A fact pack is a folder holding a Frictionless Data Package (``datapackage.json``) and its
CSV resources:

- ``entities.csv``: ``id, type, name, aliases`` (``|``-separated), and optionally
  ``iso3, wikidata, part_of, role, note``. Types: country, organisation, treaty, person,
  office, prize, event, city, region, role, doctrine.
- ``facts.csv``: ``id, subject, relation, object, date, end, place, source, quote, note``;
  relations in :data:`RELATIONS`; dates in ISO 8601 at the precision known.
- ``sources.csv``: ``id, publisher, title, url, retrieved, licence, note``: where each fact
  comes from, with a permanent link.
- ``series.csv`` (optional): ``entity, indicator, year, value, unit, source``.
- ``leads.csv`` (optional): ``subject, source, note``: where a reader could check facts
  about an entity that the pack does not hold (a lead, never evidence).

``datapackage.json`` names the pack, its version and licence, and may declare, under
``"workbench": {"complete": [...]}``, the relations it lists completely (``{"relation":
"won", "object": "nobel-peace-prize", "from": 1901, "to": 2024, "source": "nobel"}``,
the source being the list it is complete by): only there, and only with that source to
cite, may the absence of a fact contradict a claim.

The knowledge base of the packs in force, read and indexed, is kept in the cache folder
(``WORKBENCH_CACHE_DIR``, else the user cache folder) as a pickle, keyed by the packs'
files and this module, so that a cold check does not read every pack again; it is only
ever read back by the user who wrote it.

Packs come from plugins (the ``register_fact_packs`` hook: the bundled ``world`` pack and
any installed package), then from the configuration (``facts = ["newsroom-facts/"]`` in
``workbench.toml``) and ``WORKBENCH_FACTS`` (folders separated by ``os.pathsep``). A later
pack outranks an earlier one: a newsroom's fact on the same subject and relation replaces
the bundled ones, and the rationale says so.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import pickle
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from workbench.entrypoints import cache_dir
from workbench.errors import InputError

RELATIONS = {
    "founded": "was founded or established",
    "signed": "was signed",
    "opened_for_signature": "was opened for signature",
    "adopted": "was adopted",
    "entered_into_force": "entered into force",
    "joined": "joined",
    "left": "left",
    "held_office": "held the office of",
    "won": "won",
    "born": "was born",
    "died": "died",
    "headquartered_in": "is headquartered in",
}
# Relations a subject has once: a second date for them is a contradiction.
ONCE = frozenset({"founded", "signed", "opened_for_signature", "adopted",
                  "entered_into_force", "born", "died"})
ENTITY_TYPES = frozenset({"country", "organisation", "treaty", "person", "office", "prize",
                          "event", "city", "region", "role", "doctrine"})
ENTITY_COLUMNS = ("id", "type", "name", "aliases")
FACT_COLUMNS = ("id", "subject", "relation", "object", "date", "end", "place", "source",
                "quote", "note")
SOURCE_COLUMNS = ("id", "publisher", "title", "url", "retrieved", "licence", "note")
SERIES_COLUMNS = ("entity", "indicator", "year", "value", "unit", "source")
LEAD_COLUMNS = ("subject", "source")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
ENV_VAR = "WORKBENCH_FACTS"


class PackError(InputError):
    """A fact pack that cannot be read: the message names the pack and the problem."""


class Source(NamedTuple):
    """Where a fact comes from."""

    id: str
    publisher: str
    title: str
    url: str
    retrieved: str = ""
    licence: str = ""
    note: str = ""

    def record(self, quote: str = "") -> dict[str, Any]:
        """The source as a verdict's source record (``schemas/source.schema.json``)."""
        record: dict[str, Any] = {"url": self.url, "title": self.title,
                                  "publisher": self.publisher}
        if self.retrieved:
            record["accessed"] = self.retrieved
        if quote:
            record["quote"] = quote
        return record


class Entity(NamedTuple):
    """Something facts are about: a country, an organisation, a treaty, a person..."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    part_of: str = ""
    role: str = ""
    pack: str = ""


class Fact(NamedTuple):
    """One sourced statement: ``subject relation object`` on ``date`` (until ``end``)."""

    id: str
    subject: str
    relation: str
    object: str
    date: str
    end: str
    place: str
    source: Source
    quote: str
    note: str
    pack: str
    outranks: str = ""  # the pack whose facts on this subject and relation it replaced


class Completeness(NamedTuple):
    """A pack's declaration that it lists every ``relation`` fact about ``object`` from
    ``start`` to ``end`` (years)."""

    relation: str
    object: str
    start: int
    end: int
    note: str
    pack: str
    source: str = ""  # the id (in sources.csv) of the list it is complete by


@dataclass
class Pack:
    """One fact pack, read from its folder."""

    path: Path
    name: str
    title: str
    version: str
    licence: str
    origin: str  # "bundled", "installed" or "newsroom"
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    leads: list[tuple[str, Source]] = field(default_factory=list)  # (subject, source)
    sources: dict[str, Source] = field(default_factory=dict)
    complete: list[Completeness] = field(default_factory=list)
    facts_read: bool = False

    def read_facts(self) -> None:
        """Read the pack's sources and facts (once): the entity detector needs only the
        entities, so a run that checks nothing never reads the rest."""
        if self.facts_read:
            return
        folder, name = self.path, self.name
        for row in _rows(folder / "sources.csv", ("id", "publisher", "title", "url"), name):
            self.sources[row["id"]] = Source(**{k: row.get(k, "") for k in SOURCE_COLUMNS})
        facts_file = folder / "facts.csv"
        if facts_file.is_file():
            for row in _rows(facts_file, (*FACT_COLUMNS[:4], "date", "source"), name):
                self.facts.append(_fact(row, self, facts_file))
        for item in self.complete:
            if item.source and item.source not in self.sources:
                raise PackError(str(folder / "datapackage.json"), f"fact pack {name}: the "
                                f"completeness of {item.relation} {item.object}: source "
                                f"{item.source!r} is not in sources.csv")
        leads_file = folder / "leads.csv"
        if leads_file.is_file():
            for row in _rows(leads_file, LEAD_COLUMNS, name):
                source = self.sources.get(row["source"])
                if source is None:
                    raise PackError(str(leads_file), f"fact pack {name}: lead for "
                                    f"{row['subject']!r}: source {row['source']!r} is not "
                                    "in sources.csv")
                self.leads.append((row["subject"], source))
        self.facts_read = True

    @property
    def series_file(self) -> Path | None:
        """The pack's series table, if it has one."""
        path = self.path / "series.csv"
        return path if path.is_file() else None


def _rows(path: Path, required: Iterable[str], pack: str) -> Iterator[dict[str, str]]:
    """The rows of a pack's CSV table as dicts, every ``required`` column present."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            missing = [column for column in required if column not in header]
            if missing:
                raise PackError(str(path), f"fact pack {pack}: missing columns "
                                f"{', '.join(missing)}")
            for row in reader:
                if row:
                    yield dict(zip(header, row, strict=False))
    except UnicodeDecodeError:
        raise PackError(str(path), f"fact pack {pack}: not UTF-8 text") from None
    except csv.Error as error:
        raise PackError(str(path), f"fact pack {pack}: not CSV: {error}") from None
    except OSError as error:
        raise PackError(str(path), f"fact pack {pack}: {error.strerror}") from None


def _manifest(folder: Path) -> dict[str, Any]:
    path = folder / "datapackage.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError(str(folder), "not a fact pack: no datapackage.json") from None
    except (OSError, ValueError) as error:
        raise PackError(str(path), f"not a readable data package: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        raise PackError(str(path), "a data package needs a name")
    return data


def read_pack(folder: Path | str, origin: str = "newsroom", facts: bool = True) -> Pack:
    """Read a fact pack folder (its facts too, unless ``facts`` is false: then
    :meth:`Pack.read_facts` reads them); :class:`PackError` names the first problem found.

    Rows are checked for what the checkers rely on (known relations and entity types,
    dates in ISO 8601, sources that exist); ``workbench facts validate`` checks the rest.
    """
    folder = Path(folder)
    data = _manifest(folder)
    name = data["name"]
    licences = data.get("licenses") or []
    pack = Pack(path=folder, name=name, title=str(data.get("title", name)),
                version=str(data.get("version", "")), origin=origin,
                licence=str(licences[0].get("name", "")) if licences else "")
    if (folder / "entities.csv").is_file():
        for row in _rows(folder / "entities.csv", ENTITY_COLUMNS, name):
            if row["type"] not in ENTITY_TYPES or not SLUG.match(row["id"]):
                raise PackError(str(folder / "entities.csv"), f"fact pack {name}: entity "
                                f"{row['id']!r}: needs a lowercase id and a type of "
                                f"{', '.join(sorted(ENTITY_TYPES))}")
            aliases = tuple(alias for alias in row["aliases"].split("|") if alias.strip())
            pack.entities.append(Entity(row["id"], row["type"], row["name"], aliases,
                                        row.get("part_of", ""), row.get("role", ""), name))
    if facts:
        pack.read_facts()
    for item in (data.get("workbench") or {}).get("complete", []):
        try:
            pack.complete.append(Completeness(item["relation"], item["object"],
                                              int(item["from"]), int(item["to"]),
                                              str(item.get("note", "")), name,
                                              str(item.get("source", ""))))
        except (KeyError, TypeError, ValueError):
            raise PackError(str(folder / "datapackage.json"), f"fact pack {name}: a "
                            "completeness declaration needs relation, object, from and "
                            "to") from None
    return pack


def _fact(row: dict[str, str], pack: Pack, path: Path) -> Fact:
    where = f"fact pack {pack.name}: fact {row.get('id')!r}"
    if row["relation"] not in RELATIONS:
        raise PackError(str(path), f"{where}: unknown relation {row['relation']!r} "
                        f"(known: {', '.join(sorted(RELATIONS))})")
    for column in ("date", "end"):
        if row.get(column) and not DATE.match(row[column]):
            raise PackError(str(path), f"{where}: {column} {row[column]!r} is not "
                            "YYYY, YYYY-MM or YYYY-MM-DD")
    source = pack.sources.get(row["source"])
    if source is None:
        raise PackError(str(path), f"{where}: source {row['source']!r} is not in "
                        "sources.csv")
    return Fact(row["id"], row["subject"], row["relation"], row.get("object", ""),
                row.get("date", ""), row.get("end", ""), row.get("place", ""), source,
                row.get("quote", ""), row.get("note", ""), pack.name)


class Knowledge:
    """Every pack's entities, facts and completeness declarations, indexed."""

    def __init__(self, packs: list[Pack]) -> None:
        self.packs = packs
        self.entities: dict[str, Entity] = {}
        self._by_subject: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        self._by_object: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        self.complete: dict[tuple[str, str], list[Completeness]] = defaultdict(list)
        self._series: dict[tuple[str, str], dict[int, tuple[float, str, Source]]] | None = None
        self._facts_indexed = False
        self._sources_about: dict[str, dict[str, Source]] = defaultdict(dict)
        self._names: Any = None
        self.spellings: list[tuple[str, list[tuple[str, Entity]]]] = []  # see names()
        for pack in packs:
            self._add_entities(pack)
            for item in pack.complete:
                self.complete[(item.relation, item.object)].append(item)

    @property
    def by_subject(self) -> dict[tuple[str, str], list[Fact]]:
        """Facts by (subject, relation), read on first use."""
        self._index_facts()
        return self._by_subject

    @property
    def by_object(self) -> dict[tuple[str, str], list[Fact]]:
        """Facts by (object, relation), read on first use."""
        self._index_facts()
        return self._by_object

    def _index_facts(self) -> None:
        if not self._facts_indexed:
            self._facts_indexed = True
            for pack in self.packs:
                pack.read_facts()
                self._add_facts(pack)

    def _add_entities(self, pack: Pack) -> None:
        for entity in pack.entities:
            known = self.entities.get(entity.id)
            if known is not None:  # a later pack extends (and may rename) an entity
                aliases = tuple(dict.fromkeys((*known.aliases, known.name, *entity.aliases)))
                entity = Entity(entity.id, entity.type, entity.name, aliases,
                                entity.part_of or known.part_of, entity.role or known.role,
                                entity.pack)
            self.entities[entity.id] = entity

    def _add_facts(self, pack: Pack) -> None:
        replaced: dict[tuple[str, str, str], str] = {}
        for fact in pack.facts:
            key = (fact.subject, fact.relation, fact.object)
            earlier = self._by_subject.get((fact.subject, fact.relation), [])
            if key not in replaced:
                outranked = [old for old in earlier if old.object == fact.object]
                replaced[key] = outranked[0].pack if outranked else ""
                for old in outranked:
                    earlier.remove(old)
                    self._by_object[(old.object, old.relation)].remove(old)
            if replaced[key]:
                fact = fact._replace(outranks=replaced[key])
            self._by_subject[(fact.subject, fact.relation)].append(fact)
            if fact.object:
                self._by_object[(fact.object, fact.relation)].append(fact)
            self._sources_about[fact.subject].setdefault(fact.source.url, fact.source)
        for subject, source in pack.leads:
            self._sources_about[subject].setdefault(source.url, source)

    def facts(self, subject: str, relation: str, object_id: str | None = None) -> list[Fact]:
        """The facts ``subject relation [object]``."""
        found = self.by_subject.get((subject, relation), [])
        return [fact for fact in found if object_id is None or fact.object == object_id]

    def holders(self, relation: str, object_id: str) -> list[Fact]:
        """Every fact ``* relation object`` (the holders of an office, a prize's winners)."""
        return self.by_object.get((object_id, relation), [])

    def completeness(self, relation: str, object_id: str, year: int) -> Completeness | None:
        """The declaration that the facts ``* relation object`` are complete in ``year``."""
        return next((item for item in self.complete.get((relation, object_id), [])
                     if item.start <= year <= item.end), None)

    def list_source(self, item: Completeness) -> Source | None:
        """The source of the list a completeness declaration is complete by, if named."""
        pack = next(pack for pack in self.packs if pack.name == item.pack)
        pack.read_facts()
        return pack.sources.get(item.source)

    def series(self, entity: str, indicator: str) -> dict[int, tuple[float, str, Source]]:
        """A statistical series: year -> (value, unit, source), read on first use."""
        if self._series is None:
            self._index_facts()  # the series' sources
            self._series = defaultdict(dict)
            for pack in self.packs:
                if pack.series_file is not None:
                    self._read_series(pack)
        return self._series.get((entity, indicator), {})

    def indicators(self) -> set[str]:
        """Every indicator a series is given for."""
        self.series("", "")
        assert self._series is not None
        return {indicator for _, indicator in self._series}

    def _read_series(self, pack: Pack) -> None:
        assert self._series is not None and pack.series_file is not None
        for row in _rows(pack.series_file, SERIES_COLUMNS, pack.name):
            source = pack.sources.get(row["source"])
            try:
                year, value = int(row["year"]), float(row["value"])
            except ValueError:
                raise PackError(str(pack.series_file), f"fact pack {pack.name}: series "
                                f"{row['entity']} {row['indicator']} {row['year']!r}: not a "
                                "year and a number") from None
            if source is None:
                raise PackError(str(pack.series_file), f"fact pack {pack.name}: source "
                                f"{row['source']!r} is not in sources.csv")
            self._series[(row["entity"], row["indicator"])][year] = (value, row["unit"],
                                                                      source)

    def aliases(self) -> dict[str, list[tuple[str, Entity]]]:
        """Every lowercased name and alias (without a leading "the"), with its spellings
        and entities."""
        found: dict[str, list[tuple[str, Entity]]] = defaultdict(list)
        for entity in self.entities.values():
            for alias in dict.fromkeys((entity.name, *entity.aliases)):
                alias = " ".join(alias.split())
                if alias[:4].lower() == "the " and len(alias) > 4:
                    alias = alias[4:]  # "the UN": found as "UN", so longer names win
                if alias:
                    found[alias.lower()].append((alias, entity))
        return found

    def names(self) -> Any:
        """An Aho-Corasick automaton of every name and alias beginning with a letter or a
        digit: lowercased alias -> its number in :attr:`spellings` (numbers, not the
        entities themselves, keep the kept copy small and quick to read back)."""
        if self._names is None:
            from workbench_plugins.shared.scan import automaton_of, is_word_char

            self.spellings = [(folded, written) for folded, written in self.aliases().items()
                              if is_word_char(folded[0])]
            self._names = automaton_of((), {folded: number for number, (folded, _)
                                            in enumerate(self.spellings)})
        return self._names

    def sources_about(self, entity_id: str) -> list[Source]:
        """Where to check an entity: the sources of the facts about it, then its leads."""
        self._index_facts()
        return list(self._sources_about.get(entity_id, {}).values())


def configured_folders() -> list[Path]:
    """Newsroom pack folders: the configuration's ``facts``, then ``WORKBENCH_FACTS``."""
    from workbench.config import active

    folders = [Path(path) for path in active().facts]
    folders += [Path(path) for path in os.environ.get(ENV_VAR, "").split(os.pathsep)
                if path.strip()]
    return folders


def registered_folders() -> list[tuple[Path, str]]:
    """Pack folders plugins register (``register_fact_packs``), with their origin: the
    bundled ones first, then installed ones in the order they were registered."""
    from workbench.plugins import get_plugin_manager, plugin_info

    found: list[tuple[Path, str]] = []

    def register(folder: str | Path) -> None:
        from workbench.plugins import current_plugin

        bundled = plugin_info(current_plugin()).origin == "bundled"
        found.append((Path(folder), "bundled" if bundled else "installed"))

    get_plugin_manager().hook.register_fact_packs(register=register)
    found.reverse()  # pluggy calls the last registered plugin first
    return sorted(found, key=lambda item: item[1] != "bundled")


def pack_folders() -> list[tuple[Path, str]]:
    """Every pack folder in force, lowest precedence first (what plugins register is
    asked once while the same plugins are registered)."""
    from workbench.plugins import get_plugin_manager

    cache = get_plugin_manager().cache
    if "fact_packs" not in cache:
        cache["fact_packs"] = registered_folders()
    return [*cache["fact_packs"], *((folder, "newsroom") for folder in configured_folders())]


def knowledge() -> Knowledge:
    """The knowledge base of the packs in force (read once while they stay the same)."""
    return _knowledge(tuple((folder.resolve(), origin, _stamp(folder))
                            for folder, origin in pack_folders()))


_last: tuple[tuple[int, str], Knowledge] | None = None


def knowledge_for(document: dict[str, Any]) -> Knowledge:
    """:func:`knowledge` for a document: the packs are looked at once for all its claims."""
    global _last
    key = (id(document), str(document.get("id", "")))
    if _last is None or _last[0] != key:
        _last = (key, knowledge())
    return _last[1]


PACK_FILES = ("datapackage.json", "entities.csv", "facts.csv", "sources.csv", "leads.csv",
              "series.csv")
Stamp = tuple[tuple[int, int], ...]


def _stamp(folder: Path) -> Stamp:
    """The modification times and sizes of a pack's files, so an edited pack is read
    again."""
    stamps = []
    for name in PACK_FILES:
        try:
            status = os.stat(folder / name)
            stamps.append((status.st_mtime_ns, status.st_size))
        except OSError:
            stamps.append((0, 0))
    return tuple(stamps)


@cache
def _knowledge(folders: tuple[tuple[Path, str, Stamp], ...]) -> Knowledge:
    """The packs' knowledge base from the cache folder, else read, indexed and kept there."""
    key = repr((folders, _stamp_of_code(), sys.version)).encode()
    path = cache_dir() / f"knowledge-{hashlib.sha256(key).hexdigest()[:16]}.pickle"
    try:
        with open(path, "rb") as handle:
            kept = pickle.load(handle)
        if isinstance(kept, Knowledge):
            return kept
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
            TypeError, ValueError):
        pass  # not kept yet, or by another version: read the packs
    base = Knowledge([read_pack(folder, origin) for folder, origin, _ in folders])
    base.sources_about("")  # index the facts
    base.names()
    try:  # a read-only home only costs reading the packs next time
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            pickle.dump(base, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for older in path.parent.glob("knowledge-*.pickle"):  # of packs since edited
            if older != path:
                older.unlink(missing_ok=True)
    except OSError:
        pass
    return base


def _stamp_of_code() -> tuple[int, int]:
    """This module's file stamp: a kept knowledge base is of the code that wrote it."""
    status = os.stat(__file__)
    return status.st_mtime_ns, status.st_size


def describe_fact(fact: Fact, entity_name: Callable[[str], str]) -> str:
    """A fact as a sentence: ``Finland joined NATO on 4 April 2023``."""
    from workbench_plugins.shared.values import Day

    subject = entity_name(fact.subject)
    words = RELATIONS[fact.relation]
    text = f"{subject} {words}"
    if fact.object:
        text += f" {entity_name(fact.object)}"
    if fact.date:
        day = Day.parse(fact.date)
        if fact.end:
            text += f" from {day.human()} to {Day.parse(fact.end).human()}"
        elif fact.relation == "held_office":
            text += f" since {day.human()}"
        else:
            text += f" {'on' if day.day else 'in'} {day.human()}"
    elif fact.relation == "held_office":
        text += " (dates not in the facts)"
    if fact.place:
        text += f" in {entity_name(fact.place)}"
    return text
