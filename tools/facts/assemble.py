#!/usr/bin/env python3
"""Assemble the `workbench-world` Data Package from the built parts.

Usage: assemble.py BUILD_DIR CURATED_DIR OUT_DIR

Merges entity parts (priority: curated/entities.csv, office holders, Nobel
laureates, countries; then the names-only catalogue.csv and the links of
entity_links.csv), fact parts, sources and leads; writes entities.csv, facts.csv,
sources.csv, leads.csv and datapackage.json into OUT_DIR (series.csv is written by
build_series.py) and checks referential integrity. A fact whose source was never
retrieved (empty `retrieved`) fails the build: such a source may only be a lead.
"""

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from common import (
    DATE_RE,
    ENTITY_FIELDS,
    ENTITY_TYPES,
    FACT_FIELDS,
    LEAD_FIELDS,
    RELATIONS,
    SLUG_RE,
    SOURCE_FIELDS,
    die,
    join_aliases,
    read_csv,
    write_csv,
)

VERSION = "2.0.0"  # 2.0.0: only facts read from retrieved files; compiled ones dropped


def merge_entities(parts):
    out = {}
    for part in parts:
        for e in read_csv(part):
            cur = out.get(e["id"])
            if cur is None:
                out[e["id"]] = dict(e)
                continue
            if cur["type"] != e["type"]:
                die(f"type clash for {e['id']}: {cur['type']} vs {e['type']} ({part})")
            extra = [e["name"]] + (e["aliases"].split("|") if e["aliases"] else [])
            cur["aliases"] = join_aliases(
                cur["name"], (cur["aliases"].split("|") if cur["aliases"] else []) + extra
            )
            cur["iso3"] = cur["iso3"] or e["iso3"]
            cur["wikidata"] = cur["wikidata"] or e["wikidata"]
            if e["note"] and e["note"] not in cur["note"]:
                cur["note"] = "; ".join(x for x in (cur["note"], e["note"]) if x)
    return out


def crosscheck_sources(curated):
    """Sources read only to cross-check the data files (curated/crosschecks.csv)."""
    return {row["source"] for row in read_csv(Path(curated) / "crosschecks.csv")}


def completeness(facts, curated, sources):
    """Completeness declarations; each is verified against the facts below and names the
    source of the list it is complete by (cited when the absence of a fact decides)."""
    decl = json.loads((Path(curated) / "completeness.json").read_text(encoding="utf-8"))
    by = defaultdict(list)
    for f in facts:
        by[(f["relation"], f["object"])].append(f)
    for d in decl:
        if not by[(d["relation"], d["object"])]:
            die(f"completeness declared but no facts: {d}")
        if d.get("source") not in sources:
            die(f"completeness declared without a known source: {d}")
    return decl


def main(build, curated, out):
    build, curated, out = Path(build), Path(curated), Path(out)
    ents = merge_entities(
        [
            curated / "entities.csv",
            build / "entities_offices.csv",
            build / "entities_nobel.csv",
            build / "entities_countries.csv",
        ]
    )
    for entry in read_csv(curated / "catalogue.csv"):  # names only, no facts about them
        if entry["id"] in ents:
            die(f"catalogue.csv: {entry['id']} is already an entity")
        ents[entry["id"]] = {
            **entry,
            "iso3": "",
            "wikidata": "",
            "part_of": "",
            "note": "name only: compiled from general knowledge",
        }
    for link in read_csv(curated / "entity_links.csv"):
        if link["id"] not in ents or (link["part_of"] and link["part_of"] not in ents):
            die(f"entity_links.csv: unknown entity in {link}")
        ents[link["id"]].update(part_of=link["part_of"], role=link["role"])
    facts = []
    for p in ("facts_nobel.csv", "facts_offices.csv", "facts_memberships.csv",
              "facts_treaties.csv"):
        facts += read_csv(build / p)
    sources = read_csv(curated / "data_sources.csv") + read_csv(curated / "sources.csv")
    src_ids = [s["id"] for s in sources]
    if len(src_ids) != len(set(src_ids)):
        die("duplicate source ids")
    src_ids = set(src_ids)
    retrieved = {s["id"] for s in sources if s["retrieved"]}
    leads = read_csv(curated / "leads.csv")
    # ---- integrity checks
    problems = []
    for e in ents.values():
        if not SLUG_RE.match(e["id"]):
            problems.append(f"bad entity id {e['id']}")
        if e["type"] not in ENTITY_TYPES:
            problems.append(f"bad type {e['type']} for {e['id']}")
    fids = Counter(f["id"] for f in facts)
    problems += [f"duplicate fact id {k}" for k, v in fids.items() if v > 1]
    for f in facts:
        if f["relation"] not in RELATIONS:
            problems.append(f"bad relation {f['relation']}")
        for k in ("subject", "object", "place"):
            if f[k] and f[k] not in ents:
                problems.append(f"fact {f['id']}: unknown {k} {f[k]}")
        if f["source"] not in src_ids:
            problems.append(f"fact {f['id']}: unknown source {f['source']}")
        elif f["source"] not in retrieved:
            problems.append(f"fact {f['id']}: source {f['source']} was never retrieved "
                            "(no `retrieved` date): it can be a lead, not evidence")
        for k in ("date", "end"):
            if f[k] and not DATE_RE.match(f[k]):
                problems.append(f"fact {f['id']}: bad {k} {f[k]}")
        if f["end"] and f["date"] and f["end"] < f["date"][: len(f["end"])]:
            problems.append(f"fact {f['id']}: end before date")
        if f["place"] and ents[f["place"]]["type"] not in ("city", "country"):
            problems.append(f"fact {f['id']}: place is not a city/country")
        if f["relation"] == "held_office" and ents[f["object"]]["type"] != "office":
            problems.append(f"fact {f['id']}: object is not an office")
        if f["relation"] == "won" and ents[f["object"]]["type"] != "prize":
            problems.append(f"fact {f['id']}: object is not a prize")
    for lead in leads:
        if lead["subject"] not in ents:
            problems.append(f"lead: unknown subject {lead['subject']}")
        if lead["source"] not in src_ids:
            problems.append(f"lead: unknown source {lead['source']}")
    series = read_csv(out / "series.csv")
    used = ({f["source"] for f in facts} | {lead["source"] for lead in leads}
            | {s["source"] for s in series} | crosscheck_sources(curated) | {"country-codes"})
    problems += [f"source {s} is used by no fact, series row, lead or cross-check"
                 for s in sorted(src_ids - used)]
    seen = set()
    for s in series:
        if s["entity"] not in ents:
            problems.append(f"series: unknown entity {s['entity']}")
        if s["source"] not in src_ids:
            problems.append(f"series: unknown source {s['source']}")
        key = (s["entity"], s["indicator"], s["year"])
        if key in seen:
            problems.append(f"series: duplicate {key}")
        seen.add(key)
    # aliases must not collide across entities (case-insensitive), except known/acceptable
    alias_owner = defaultdict(set)
    for e in ents.values():
        for a in [e["name"]] + (e["aliases"].split("|") if e["aliases"] else []):
            alias_owner[a.casefold()].add(e["id"])
    clashes = {a: ids for a, ids in alias_owner.items() if len(ids) > 1}
    if problems:
        die("\n".join(problems[:50]) + f"\n({len(problems)} problems)")
    ent_rows = sorted(ents.values(), key=lambda e: (e["type"], e["id"]))
    facts.sort(key=lambda f: (f["relation"], f["object"], f["date"], f["subject"]))
    write_csv(out / "entities.csv", ENTITY_FIELDS, ent_rows)
    write_csv(out / "facts.csv", FACT_FIELDS, facts)
    write_csv(out / "sources.csv", SOURCE_FIELDS, sources)
    write_csv(out / "leads.csv", LEAD_FIELDS, sorted(leads, key=lambda r: (r["subject"],
                                                                           r["source"])))
    decl = completeness(facts, curated, {row["id"] for row in sources})
    write_datapackage(out, sources, decl)
    print(
        f"entities {len(ent_rows)}, facts {len(facts)}, series {len(series)}, "
        f"sources {len(sources)}, leads {len(leads)}",
        file=sys.stderr,
    )
    if clashes:
        print(f"note: {len(clashes)} names/aliases shared by several entities:", file=sys.stderr)
        for a, ids in sorted(clashes.items()):
            print(f"  {a}: {sorted(ids)}", file=sys.stderr)


def field(name, type_, desc, **kw):
    d = {"name": name, "type": type_, "description": desc}
    d.update(kw)
    return d


def csv_resource(name, description, schema):
    """The data package's descriptor of the UTF-8 CSV resource ``name``.csv."""
    return {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "description": description, "schema": schema}


def write_datapackage(out, sources, decl):
    date_pattern = r"^\d{4}(-\d{2}(-\d{2})?)?$"
    res = [
        csv_resource(
            "entities",
            description="Countries, organisations, treaties, people, offices, prizes, cities "
            "and "
            "regions referred to by facts and series.",
            schema={
                "fields": [
                    field(
                        "id",
                        "string",
                        "lowercase kebab-case identifier",
                        constraints={
                            "required": True,
                            "unique": True,
                            "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
                        },
                    ),
                    field(
                        "type",
                        "string",
                        "entity type",
                        constraints={"required": True, "enum": sorted(ENTITY_TYPES)},
                    ),
                    field("name", "string", "display name", constraints={"required": True}),
                    field("aliases", "string", "alternative names separated by '|'"),
                    field(
                        "iso3",
                        "string",
                        "ISO 3166-1 alpha-3 code (countries and territories)",
                        constraints={"pattern": "^[A-Z]{3}$"},
                    ),
                    field(
                        "wikidata", "string", "Wikidata QID", constraints={"pattern": "^Q[0-9]+$"}
                    ),
                    field(
                        "part_of",
                        "string",
                        "entity id of what this is part of: a city's country, an office's "
                        "country or organisation",
                    ),
                    field(
                        "role",
                        "string",
                        "an office's generic role (president, vice-president, prime-minister, ...)",
                    ),
                    field("note", "string", "free-text note"),
                ],
                "primaryKey": ["id"],
            },
        ),
        csv_resource(
            "facts",
            description="Dated facts (subject-relation-object) with provenance.",
            schema={
                "fields": [
                    field(
                        "id",
                        "string",
                        "fact identifier",
                        constraints={"required": True, "unique": True},
                    ),
                    field("subject", "string", "entity id", constraints={"required": True}),
                    field(
                        "relation",
                        "string",
                        "relation",
                        constraints={"required": True, "enum": sorted(RELATIONS)},
                    ),
                    field("object", "string", "entity id (empty when the relation has no object)"),
                    field(
                        "date",
                        "string",
                        "ISO 8601 date at the precision known (YYYY, YYYY-MM or YYYY-MM-DD); "
                        "for held_office the start of the term",
                        constraints={"pattern": date_pattern},
                    ),
                    field(
                        "end",
                        "string",
                        "end of a term or membership, same format",
                        constraints={"pattern": date_pattern},
                    ),
                    field("place", "string", "entity id of the city/country where it happened"),
                    field("source", "string", "id in sources.csv", constraints={"required": True}),
                    field(
                        "quote", "string", "the source's own words, when taken from a fetched file"
                    ),
                    field("note", "string", "free-text note; compiled rows say so here"),
                ],
                "primaryKey": ["id"],
                "foreignKeys": [
                    {"fields": "subject", "reference": {"resource": "entities", "fields": "id"}},
                    {"fields": "object", "reference": {"resource": "entities", "fields": "id"}},
                    {"fields": "place", "reference": {"resource": "entities", "fields": "id"}},
                    {"fields": "source", "reference": {"resource": "sources", "fields": "id"}},
                ],
            },
        ),
        csv_resource(
            "series",
            description="Annual World Bank indicator values for countries, the World, the "
            "European Union and the euro area.",
            schema={
                "fields": [
                    field("entity", "string", "entity id", constraints={"required": True}),
                    field(
                        "indicator",
                        "string",
                        "indicator short name",
                        constraints={
                            "required": True,
                            "enum": [
                                "population",
                                "gdp_usd",
                                "gdp_per_capita_usd",
                                "gdp_growth_pct",
                                "inflation_cpi_pct",
                                "unemployment_pct",
                                "life_expectancy_years",
                                "co2_kt",
                            ],
                        },
                    ),
                    field("year", "integer", "calendar year", constraints={"required": True}),
                    field(
                        "value",
                        "number",
                        "value as published (not rounded)",
                        constraints={"required": True},
                    ),
                    field("unit", "string", "unit", constraints={"required": True}),
                    field("source", "string", "id in sources.csv", constraints={"required": True}),
                ],
                "primaryKey": ["entity", "indicator", "year"],
                "foreignKeys": [
                    {"fields": "entity", "reference": {"resource": "entities", "fields": "id"}},
                    {"fields": "source", "reference": {"resource": "sources", "fields": "id"}},
                ],
            },
        ),
        csv_resource(
            "sources",
            description="Provenance of every fact and series row.",
            schema={
                "fields": [
                    field(
                        "id",
                        "string",
                        "source identifier",
                        constraints={"required": True, "unique": True},
                    ),
                    field("publisher", "string", "publisher"),
                    field("title", "string", "title"),
                    field(
                        "url",
                        "string",
                        "permanent link (commit-pinned for GitHub files)",
                        format="uri",
                    ),
                    field(
                        "retrieved",
                        "date",
                        "date the file/page was actually read; empty for a source that is only a "
                        "lead",
                    ),
                    field("licence", "string", "SPDX-like licence identifier of the source data"),
                    field("note", "string", "note"),
                ],
                "primaryKey": ["id"],
            },
        ),
        csv_resource(
            "leads",
            description="Where a reader could check what the pack does not hold about an "
            "entity: shown as a lead, never used as evidence.",
            schema={
                "fields": [
                    field("subject", "string", "entity id", constraints={"required": True}),
                    field("source", "string", "id in sources.csv",
                          constraints={"required": True}),
                    field("note", "string", "what can be checked there"),
                ],
                "primaryKey": ["subject", "source"],
                "foreignKeys": [
                    {"fields": "subject", "reference": {"resource": "entities", "fields": "id"}},
                    {"fields": "source", "reference": {"resource": "sources", "fields": "id"}},
                ],
            },
        ),
    ]
    dp = {
        "profile": "tabular-data-package",
        "name": "workbench-world",
        "version": VERSION,
        "title": "Workbench world facts",
        "description": (
            "Reference facts read from retrieved data files, for the Workbench editorial "
            "fact-checking tool: countries and aliases, World Bank annual series (population, "
            "GDP, GDP per capita, GDP growth, CPI inflation, unemployment, life expectancy, "
            "CO2), the admission dates of the UN's Member States, EU accessions (except the "
            "founding six) and the UK's exit, WTO membership to 2016, Nobel Prize laureates "
            "1901-2024, US presidents and vice presidents, UK prime ministers since 1979 and "
            "the entry-into-force dates of major treaties. Every fact names a source with a "
            "permanent link and the date it was read; leads.csv points at official pages "
            "where a reader can check what the pack does not hold."
        ),
        "created": __import__("datetime")
        .datetime.now(__import__("datetime").timezone.utc)
        .strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": (
                    "Creative Commons Attribution 4.0 (attribution to the World Bank for "
                    "series.csv; see sources.csv for each source's licence)"
                ),
            }
        ],
        "sources": [{"title": s["title"], "path": s["url"]} for s in sources if s["retrieved"]],
        "resources": res,
        "workbench": {"complete": decl},
    }
    (out / "datapackage.json").write_text(
        json.dumps(dp, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    if len(sys.argv) != 4:
        die(__doc__)
    main(*sys.argv[1:])
