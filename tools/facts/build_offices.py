#!/usr/bin/env python3
"""Build person entities and `held_office` facts from retrieved data files.

Usage: build_offices.py US_EXECUTIVE_JSON IFG_DIR PEOPLE_CSV RETRIEVED OUT_ENTITIES OUT_FACTS

- US_EXECUTIVE_JSON: `executive.json` of unitedstates/congress-legislators (every US
  president and vice president with the dates of each term; source id `us-executive`).
- IFG_DIR: `person.csv`, `post.csv`, `appointment.csv` of the Institute for Government's
  Ministers Database (UK ministers since 1979; only the post "Prime Minister" is taken;
  source id `ifg-ministers`).
- PEOPLE_CSV (curated/office_people.csv): `key,id,name,aliases`: the entity id and the
  display name a person of the data files gets (names only, never dates); `key` is
  `govtrack:<id>` or `ifg:<person id>`. People not listed get an id made from their name.
- RETRIEVED: the date the files were read (YYYY-MM-DD). A term whose end in the file lies
  after it is still running there (the US file gives a current term's scheduled end).

Consecutive terms of one person in one office (one ending the day the next begins) are
joined into one fact; the source's own fields for every term go into `quote`.
"""

import json
import sys
from pathlib import Path

from common import (
    DATE_RE,
    ENTITY_FIELDS,
    FACT_FIELDS,
    die,
    join_aliases,
    read_csv,
    slugify,
    write_csv,
)

US_OFFICES = {"prez": "president-of-the-united-states",
              "viceprez": "vice-president-of-the-united-states"}
UK_PM = "prime-minister-of-the-united-kingdom"


def us_terms(path):
    """(key, data name, wikidata, office, [(start, end, how)]) for each US executive."""
    for person in json.loads(Path(path).read_text(encoding="utf-8")):
        name = person["name"]
        full = " ".join(x for x in (name.get("first"), name.get("middle"), name.get("last"),
                                    name.get("suffix")) if x)
        aliases = [" ".join(x for x in (name.get(k), name.get("last")) if x)
                   for k in ("first", "nickname") if name.get(k)]
        key = f"govtrack:{person['id']['govtrack']}"
        for office_code, office in US_OFFICES.items():
            terms = [(t["start"], t["end"], f"type: {t['type']}, start: {t['start']}, "
                      f"end: {t['end']}, how: {t.get('how', '')}")
                     for t in person["terms"] if t["type"] == office_code]
            if terms:
                yield key, full, aliases, person["id"].get("wikidata", ""), office, terms


def uk_terms(folder):
    """The same for the UK prime ministers of the IfG Ministers Database."""
    folder = Path(folder)
    posts = [p["id"] for p in read_csv(folder / "post.csv") if p["name"] == "Prime Minister"]
    if len(posts) != 1:
        die(f"{folder}/post.csv: expected one post named Prime Minister, found {len(posts)}")
    names = {}
    for p in read_csv(folder / "person.csv"):
        names.setdefault(p["id"], []).append(p)
    by_person = {}
    for a in read_csv(folder / "appointment.csv"):
        if a["post_id"] == posts[0]:
            by_person.setdefault(a["person_id"], []).append(
                (a["start_date"], a["end_date"], f"post: Prime Minister, start_date: "
                 f"{a['start_date']}, end_date: {a['end_date']}"))
    for pid, terms in by_person.items():
        spellings = [p["name"] for p in names[pid]]
        yield "ifg:" + pid, spellings[0], spellings[1:], "", UK_PM, sorted(terms)


def joined(terms):
    """Consecutive terms (one ends the day the next begins) as one."""
    out = []
    for start, end, quote in sorted(terms):
        if out and out[-1][1] == start:
            out[-1] = (out[-1][0], end, out[-1][2] + "; " + quote)
        else:
            out.append((start, end, quote))
    return out


def drop_shared_aliases(persons):
    """Remove an alias two people share ("George Bush", "John Adams"): it names neither."""
    owners = {}
    for person in persons:
        for alias in [person["name"], *filter(None, person["aliases"].split("|"))]:
            owners.setdefault(alias.casefold(), set()).add(person["id"])
    for person in persons:
        person["aliases"] = "|".join(a for a in filter(None, person["aliases"].split("|"))
                                     if len(owners[a.casefold()]) == 1)


def main(us_json, ifg_dir, people_csv, retrieved, out_ent, out_facts):
    people = {r["key"]: r for r in read_csv(people_csv)}
    persons, facts = {}, []
    sources = [(us_terms(us_json), "us-executive"), (uk_terms(ifg_dir), "ifg-ministers")]
    for rows, source in sources:
        for key, data_name, data_aliases, wikidata, office, terms in rows:
            chosen = people.get(key, {})
            pid = chosen.get("id") or slugify(data_name)
            name = chosen.get("name") or data_name
            person = persons.setdefault(pid, {"id": pid, "type": "person", "name": name,
                                              "aliases": "", "iso3": "", "wikidata": wikidata,
                                              "note": ""})
            person["aliases"] = join_aliases(name, [*person["aliases"].split("|"), data_name,
                                                    *data_aliases,
                                                    *chosen.get("aliases", "").split("|")])
            for start, end, quote in joined(terms):
                for day in (start, end):
                    if day and not DATE_RE.match(day):
                        die(f"{source}: bad date {day!r} for {data_name}")
                running = bool(end) and end > retrieved
                facts.append({
                    "id": f"held-office-{office}-{pid}-{start}", "subject": pid,
                    "relation": "held_office", "object": office, "date": start,
                    "end": "" if running else end, "place": "", "source": source,
                    "quote": quote,
                    "note": f"in office when the file was read (term to end {end})"
                    if running else ""})
    drop_shared_aliases(persons.values())
    unused = set(people) - {k for k in people if any(
        f["subject"] == people[k]["id"] for f in facts)}
    if unused:
        die(f"{people_csv}: keys matching no one in the data: {sorted(unused)}")
    write_csv(out_ent, ENTITY_FIELDS, sorted(persons.values(), key=lambda e: e["id"]))
    write_csv(out_facts, FACT_FIELDS, facts)


if __name__ == "__main__":
    if len(sys.argv) != 7:
        die(__doc__)
    main(*sys.argv[1:])
