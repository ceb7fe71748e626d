#!/usr/bin/env python3
"""Build person entities and `held_office` facts from the curated office-term list.

Usage: build_offices.py OFFICE_TERMS_CSV OFFICE_SOURCES_CSV OUT_ENTITIES OUT_FACTS

OFFICE_TERMS_CSV columns: office,person,name,aliases,start,end,note (one row per
term; a person holding an office twice has two rows). These rows are compiled
from reference knowledge and are marked as such in the fact notes.
"""

import sys

from common import (
    DATE_RE,
    ENTITY_FIELDS,
    FACT_FIELDS,
    SLUG_RE,
    die,
    join_aliases,
    read_csv,
    write_csv,
)

COMPILED = "compiled from reference knowledge; not retrieved from the cited page"


def main(terms_csv, sources_csv, out_ent, out_facts):
    src = {r["office"]: r["source"] for r in read_csv(sources_csv)}
    persons, facts, ids = {}, [], set()
    for r in read_csv(terms_csv):
        pid, office = r["person"], r["office"]
        if not SLUG_RE.match(pid):
            die(f"bad person id {pid}")
        for d in (r["start"], r["end"]):
            if d and not DATE_RE.match(d):
                die(f"bad date {d!r} in {r}")
        if r["end"] and r["end"] < r["start"][: len(r["end"])]:
            die(f"end before start: {r}")
        if office not in src:
            die(f"no source for office {office}")
        p = persons.setdefault(
            pid,
            {
                "id": pid,
                "type": "person",
                "name": r["name"],
                "aliases": "",
                "iso3": "",
                "wikidata": "",
                "note": "",
            },
        )
        if p["name"] != r["name"]:
            die(f"inconsistent name for {pid}: {p['name']} vs {r['name']}")
        p["aliases"] = join_aliases(
            p["name"],
            (p["aliases"].split("|") if p["aliases"] else [])
            + (r["aliases"].split("|") if r["aliases"] else []),
        )
        fid = f"held-office-{office}-{pid}-{r['start']}"
        if fid in ids:
            die(f"duplicate {fid}")
        ids.add(fid)
        facts.append(
            {
                "id": fid,
                "subject": pid,
                "relation": "held_office",
                "object": office,
                "date": r["start"],
                "end": r["end"],
                "place": "",
                "source": src[office],
                "quote": "",
                "note": "; ".join(x for x in (COMPILED, r["note"]) if x),
            }
        )
    write_csv(out_ent, ENTITY_FIELDS, sorted(persons.values(), key=lambda e: e["id"]))
    write_csv(out_facts, FACT_FIELDS, facts)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        die(__doc__)
    main(*sys.argv[1:])
