"""``workbench facts``: the fact packs in force, their facts, and a newsroom's own packs.

::

    workbench facts list                        # packs in force, lowest precedence first
    workbench facts show nato                   # an entity's facts, with their sources
    workbench facts add newsroom-facts/ --subject finland --relation joined --object nato \\
        --date 2023-04-04 --source-url https://www.nato.int/... --publisher NATO
    workbench facts import newsroom-facts/ rows.csv
    workbench facts validate newsroom-facts/    # Frictionless validation and references

A newsroom pack is named in ``workbench.toml`` (``facts = ["newsroom-facts/"]``) or in
``WORKBENCH_FACTS``; its facts outrank the bundled ones on the same subject and relation.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from workbench import hookimpl
from workbench.errors import InputError

ENTITY_FIELDS = ("id", "type", "name", "aliases", "iso3", "wikidata", "part_of", "role",
                 "note")
FACT_FIELDS = ("id", "subject", "relation", "object", "date", "end", "place", "source",
               "quote", "note")
SOURCE_FIELDS = ("id", "publisher", "title", "url", "retrieved", "licence", "note")
IMPORT_COLUMNS = ("subject", "relation", "object", "date", "end", "place", "source_url",
                  "publisher", "title", "retrieved", "licence", "quote", "subject_name",
                  "subject_type", "object_name", "object_type")


def _knowledge() -> Any:
    """The knowledge base of the packs in force, the configuration's packs included."""
    from workbench_plugins.shared.facts import knowledge

    from workbench.config import applied, load_settings

    with applied(load_settings()):
        return knowledge()


def _echo_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


@click.group(name="facts")
def facts_group() -> None:
    """Fact packs: list them, show an entity's facts, add a newsroom's own, validate."""


@facts_group.command(name="list")
@click.option("-f", "--format", "format_name", type=click.Choice(["text", "json"]),
              default="text", show_default=True,
              help="text: a line per pack; json: an array of pack records.")
def list_packs(format_name: str) -> None:
    """The fact packs in force, lowest precedence first (a later pack's facts outrank an
    earlier one's on the same subject and relation)."""
    base = _knowledge()
    for pack in base.packs:
        pack.read_facts()
    rows = [{"name": pack.name, "version": pack.version, "origin": pack.origin,
             "licence": pack.licence, "path": str(pack.path),
             "entities": len(pack.entities), "facts": len(pack.facts),
             "leads": len(pack.leads), "complete": len(pack.complete),
             "series": pack.series_file is not None} for pack in base.packs]
    if format_name == "json":
        _echo_json(rows)
        return
    for row in rows:
        licence = row["licence"] or "no licence given"
        click.echo(f"{row['name']} {row['version']} ({row['origin']}, {licence}): "
                   f"{row['entities']} entities, {row['facts']} facts, {row['leads']} leads, "
                   f"{row['complete']} completeness declarations"
                   f"{', series' if row['series'] else ''}")
        click.echo(f"    {row['path']}")


def _find(base: Any, query: str) -> Any:
    if query in base.entities:
        return base.entities[query]
    folded = " ".join(query.split()).lower()
    for alias, spellings in base.aliases().items():
        if alias == folded:
            return spellings[0][1]
    raise InputError(query, "no entity has this id or name (try `workbench facts list` and "
                     "a pack's entities.csv)")


@facts_group.command()
@click.argument("entity", metavar="ID|NAME")
@click.option("-f", "--format", "format_name", type=click.Choice(["text", "json"]),
              default="text", show_default=True,
              help="text: the entity and its facts; json: the same as a record.")
def show(entity: str, format_name: str) -> None:
    """An entity of the packs: its names, every fact about it (or naming it), each with
    its source, and the statistical series held for it."""
    from workbench_plugins.shared.facts import describe_fact

    base = _knowledge()
    found = _find(base, entity)
    facts = [fact for key, items in base.by_subject.items() if key[0] == found.id
             for fact in items]
    facts += [fact for key, items in base.by_object.items() if key[0] == found.id
              for fact in items][:50]

    def name(entity_id: str) -> str:
        known = base.entities.get(entity_id)
        return known.name if known else entity_id

    indicators = sorted(indicator for indicator in base.indicators()
                        if base.series(found.id, indicator))
    record = {"id": found.id, "type": found.type, "name": found.name,
              "aliases": list(found.aliases), "pack": found.pack,
              "facts": [{"id": fact.id, "statement": describe_fact(fact, name),
                         "pack": fact.pack, "source": fact.source.record(fact.quote),
                         "note": fact.note} for fact in facts],
              "series": indicators}
    if format_name == "json":
        _echo_json(record)
        return
    click.echo(f"{found.name} ({found.id}, {found.type}; pack {found.pack})")
    if found.aliases:
        click.echo(f"    also: {', '.join(found.aliases)}")
    for fact in record["facts"]:
        source = fact["source"]
        click.echo(f"- {fact['statement']} [{fact['pack']}]")
        click.echo(f"    source: {source.get('publisher', '')}, {source['url']}"
                   + (f" (retrieved {source['accessed']})" if source.get("accessed") else ""))
    if indicators:
        click.echo(f"series: {', '.join(indicators)}")


# ---- writing a newsroom pack -----------------------------------------------------------


def _read_table(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _write_table(path: Path, fields: Iterable[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class PackWriter:
    """Adds facts to a newsroom pack folder, written all at once or not at all."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.entities = _read_table(folder / "entities.csv")
        self.facts = _read_table(folder / "facts.csv")
        self.sources = _read_table(folder / "sources.csv")
        manifest = folder / "datapackage.json"
        self.manifest = (json.loads(manifest.read_text(encoding="utf-8"))
                         if manifest.is_file() else None)

    def entity(self, entity_id: str, name: str | None, kind: str | None,
               known: Any) -> None:
        """Make sure ``entity_id`` exists: in a pack in force, or new in this one."""
        if entity_id in known.entities or any(e["id"] == entity_id for e in self.entities):
            return
        if not name or not kind:
            raise InputError(entity_id, "unknown entity: give its name and type "
                             "(--subject-name/--subject-type, --object-name/--object-type)")
        self.entities.append({"id": entity_id, "type": kind, "name": name})

    def source(self, url: str, publisher: str, title: str, retrieved: str,
               licence: str) -> str:
        """The id of the source with this URL, added if new."""
        for row in self.sources:
            if row["url"] == url:
                return row["id"]
        source_id = _slug(publisher)[:30] + f"-{len(self.sources) + 1}"
        self.sources.append({"id": source_id, "publisher": publisher, "title": title or url,
                             "url": url, "retrieved": retrieved, "licence": licence})
        return source_id

    def fact(self, row: dict[str, str], source_id: str) -> None:
        """Add one fact; its id names subject, relation, object and date."""
        fact_id = _slug("-".join(filter(None, (row["relation"], row["subject"],
                                               row.get("object"), row.get("date")))))
        taken = {f["id"] for f in self.facts}
        base_id, number = fact_id, 2
        while fact_id in taken:
            fact_id, number = f"{base_id}-{number}", number + 1
        self.facts.append({**{k: row.get(k, "") for k in FACT_FIELDS}, "id": fact_id,
                           "source": source_id})

    def save(self) -> None:
        """Write the pack's files, each replaced atomically, after checking the result
        reads as a pack."""
        from workbench_plugins.shared.facts import read_pack

        self.folder.mkdir(parents=True, exist_ok=True)
        manifest = self.manifest or {
            "name": _slug(self.folder.resolve().name) or "newsroom-facts",
            "title": f"{self.folder.resolve().name} (newsroom facts)", "version": "1",
            "profile": "tabular-data-package", "licenses": [{"name": "proprietary"}],
            "resources": [{"name": name, "path": f"{name}.csv", "profile":
                           "tabular-data-resource", "format": "csv", "encoding": "utf-8",
                           "schema": {"fields": [{"name": field, "type": "string"}
                                                 for field in fields],
                                      "primaryKey": ["id"]}}
                          for name, fields in (("entities", ENTITY_FIELDS),
                                               ("facts", FACT_FIELDS),
                                               ("sources", SOURCE_FIELDS))]}
        files = {"datapackage.json": json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                 "entities.csv": _write_table(self.folder / "entities.csv", ENTITY_FIELDS,
                                              self.entities),
                 "facts.csv": _write_table(self.folder / "facts.csv", FACT_FIELDS,
                                           self.facts),
                 "sources.csv": _write_table(self.folder / "sources.csv", SOURCE_FIELDS,
                                             self.sources)}
        import tempfile  # here: every run imports this plugin, few write a pack

        with tempfile.TemporaryDirectory(dir=self.folder) as staging:
            for name, content in files.items():
                (Path(staging) / name).write_text(content, encoding="utf-8")
            read_pack(Path(staging))  # refuses what the checkers could not read
            for name in files:
                os.replace(Path(staging) / name, self.folder / name)


def _add_rows(folder: Path, rows: list[dict[str, str]]) -> int:
    from workbench_plugins.shared.facts import RELATIONS

    known = _knowledge()
    writer = PackWriter(folder)
    for number, row in enumerate(rows, 1):
        where = f"row {number}" if len(rows) > 1 else "--relation"
        if row.get("relation") not in RELATIONS:
            raise InputError(where, f"relation {row.get('relation')!r} is not one of "
                             f"{', '.join(sorted(RELATIONS))}")
        for column in ("source_url", "publisher"):
            if not row.get(column):
                raise InputError(where, f"every fact needs its source's {column.replace('_', ' ')}")
        writer.entity(row["subject"], row.get("subject_name"), row.get("subject_type"), known)
        for key in ("object", "place"):
            if row.get(key):
                writer.entity(row[key], row.get(f"{key}_name"), row.get(f"{key}_type"), known)
        source = writer.source(row["source_url"], row["publisher"], row.get("title", ""),
                               row.get("retrieved", ""), row.get("licence", ""))
        writer.fact(row, source)
    writer.save()
    return len(rows)


@facts_group.command()
@click.argument("pack", metavar="PACK_FOLDER", type=click.Path(file_okay=False))
@click.option("--subject", required=True, metavar="ID",
              help="The entity the fact is about (an id of a pack in force, or a new one).")
@click.option("--relation", required=True, metavar="RELATION",
              help="joined, left, founded, signed, adopted, opened_for_signature, "
                   "entered_into_force, held_office, won, born, died, headquartered_in.")
@click.option("--object", "object_", metavar="ID",
              help="The other entity (the organisation joined, the office held...).")
@click.option("--date", metavar="YYYY[-MM[-DD]]", help="When, at the precision known.")
@click.option("--end", metavar="YYYY[-MM[-DD]]", help="When it ended (a term of office).")
@click.option("--place", metavar="ID", help="Where (a city or country entity).")
@click.option("--source-url", required=True, metavar="URL",
              help="A permanent link to the source (a revision, an archived page).")
@click.option("--publisher", required=True, help="Who published the source.")
@click.option("--title", default="", help="The source's title.")
@click.option("--retrieved", default="", metavar="YYYY-MM-DD",
              help="When the source was read.")
@click.option("--licence", default="", help="The source's licence, if known.")
@click.option("--quote", default="", help="The source's own words for the fact.")
@click.option("--subject-name", help="The name of a new subject entity.")
@click.option("--subject-type", help="The type of a new subject entity (country, person...).")
@click.option("--object-name", help="The name of a new object entity.")
@click.option("--object-type", help="The type of a new object entity.")
def add(pack: str, **row: str | None) -> None:
    """Add one sourced fact to a newsroom pack (created if PACK_FOLDER is new)."""
    fact = {("object" if k == "object_" else k): v or "" for k, v in row.items()}
    _add_rows(Path(pack), [fact])
    click.echo(f"{pack}: added {fact['subject']} {fact['relation']} "
               f"{fact['object'] or ''} {fact['date'] or ''}".rstrip())


@facts_group.command(name="import")
@click.argument("pack", metavar="PACK_FOLDER", type=click.Path(file_okay=False))
@click.argument("rows", metavar="FILE.csv", type=click.Path(dir_okay=False))
def import_rows(pack: str, rows: str) -> None:
    """Add the facts of a CSV file to a newsroom pack: columns subject, relation, object,
    date, end, place, source_url, publisher, title, retrieved, licence, quote (and
    subject_name/subject_type, object_name/object_type for new entities). All rows or
    none are added."""
    table = _read_table(Path(rows))
    if not table:
        raise InputError(rows, "no rows (a header line and one fact per line)")
    unknown = sorted(set(table[0]) - set(IMPORT_COLUMNS))
    if unknown:
        raise InputError(rows, f"unknown columns {', '.join(unknown)} (known: "
                         f"{', '.join(IMPORT_COLUMNS)})")
    count = _add_rows(Path(pack), table)
    click.echo(f"{pack}: added {count} facts from {rows}")


@facts_group.command()
@click.argument("pack", metavar="PACK_FOLDER", type=click.Path(file_okay=False))
def validate(pack: str) -> None:
    """Validate a fact pack: the Frictionless Data Package standard (every table against
    its schema), then what the checkers need (known relations, dates, sources, and every
    entity a fact names known in the packs in force). Exit 1 on problems."""
    import frictionless
    from workbench_plugins.shared.facts import read_pack

    folder = Path(pack)
    problems = []
    report = frictionless.validate(str(folder / "datapackage.json"))
    for task in report.tasks:
        problems += [f"{task.name}: {error.message}" for error in task.errors[:20]]
    problems += [error.message for error in report.errors]
    try:
        parsed = read_pack(folder)
    except InputError as error:
        problems.append(str(error))
    else:
        known = set(_knowledge().entities) | {entity.id for entity in parsed.entities}
        for fact in parsed.facts:
            for key in ("subject", "object", "place"):
                value = getattr(fact, key)
                if value and value not in known:
                    problems.append(f"facts.csv: fact {fact.id}: unknown {key} {value!r}")
    for problem in problems:
        click.echo(f"{pack}: {problem}")
    if problems:
        raise click.exceptions.Exit(1)
    click.echo(f"{pack}: valid fact pack")


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``workbench facts``."""
    cli.add_command(facts_group)
