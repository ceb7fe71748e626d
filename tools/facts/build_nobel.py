#!/usr/bin/env python3
"""Build Nobel Prize entities and `won` facts.

Usage: build_nobel.py PRIZES_JSON OVERRIDES_CSV OUT_ENTITIES OUT_FACTS OUT_NOAWARD

PRIZES_JSON is a copy of the Nobel Prize API v1 prize list (year, category,
laureates[id, firstname, surname, motivation, share], overallMotivation), as
mirrored in github.com/FefeTroanes/nobel-prizes-api (prizes.json). It covers
1901-2024 (later prizes are in no file read here). OUT_NOAWARD lists category/years
without an award.
"""

import json
import sys

from common import ENTITY_FIELDS, FACT_FIELDS, die, join_aliases, read_csv, slugify, write_csv

SOURCE = "nobel-api-v1-mirror"
PRIZES = {
    "peace": (
        "nobel-peace-prize",
        "Nobel Peace Prize",
        "Nobel Prize for Peace|Peace Prize",
        "Q35637",
    ),
    "physics": (
        "nobel-prize-in-physics",
        "Nobel Prize in Physics",
        "Nobel Physics Prize|physics Nobel",
        "Q38104",
    ),
    "chemistry": (
        "nobel-prize-in-chemistry",
        "Nobel Prize in Chemistry",
        "Nobel Chemistry Prize|chemistry Nobel",
        "Q44585",
    ),
    "medicine": (
        "nobel-prize-in-physiology-or-medicine",
        "Nobel Prize in Physiology or Medicine",
        "Nobel Prize in Medicine|Nobel Medicine Prize|medicine Nobel",
        "Q80061",
    ),
    "literature": (
        "nobel-prize-in-literature",
        "Nobel Prize in Literature",
        "Nobel Literature Prize|literature Nobel",
        "Q37922",
    ),
    "economics": (
        "nobel-memorial-prize-in-economic-sciences",
        "Sveriges Riksbank Prize in Economic Sciences in Memory of Alfred Nobel",
        "Nobel Memorial Prize in Economic Sciences|Nobel Prize in Economics|economics Nobel"
        "|Nobel Economics Prize",
        "Q47170",
    ),
}


def strip_quotes(s):
    s = (s or "").strip()
    if len(s) >= 2 and s[0] == '"' and s[-1] == '"':
        s = s[1:-1]
    return " ".join(s.split())  # collapse line breaks / double spaces present in the API text


def main(prizes_json, overrides_csv, out_ent, out_facts, out_noaward):
    with open(prizes_json, encoding="utf-8") as handle:
        prizes = json.load(handle)
    over = {r["nobel_id"]: r for r in read_csv(overrides_csv)}
    ents, facts, noaward = {}, [], []
    for cat, (pid, pname, palias, qid) in PRIZES.items():
        ents[pid] = {
            "id": pid,
            "type": "prize",
            "name": pname,
            "aliases": palias,
            "iso3": "",
            "wikidata": qid,
            "note": f"Nobel Prize category '{cat}'",
        }
    items = sorted(prizes.values(), key=lambda v: (int(v["year"]), v["category"]))
    for v in items:
        year, cat = v["year"], v["category"]
        pid = PRIZES[cat][0]
        laureates = v.get("laureates") or []
        if not laureates:
            noaward.append(
                {
                    "category": cat,
                    "prize": pid,
                    "year": year,
                    "source_text": strip_quotes(v.get("overallMotivation", "")),
                }
            )
            continue
        for laureate in laureates:
            nid = laureate["id"]
            first = laureate.get("firstname", "").strip()
            sur = laureate.get("surname", "").strip()
            raw_name = " ".join(x for x in (first, sur) if x)
            o = over.get(nid, {})
            eid = o.get("id") or slugify(raw_name)
            etype = o.get("type") or ("person" if sur else "organisation?")
            name = o.get("name") or raw_name
            if etype == "organisation?":
                die(f"laureate {nid} {raw_name!r} has no surname: add it to overrides with a type")
            aliases = join_aliases(
                name, (o.get("aliases", "").split("|") if o.get("aliases") else []) + [raw_name]
            )
            e = {
                "id": eid,
                "type": etype,
                "name": name,
                "aliases": aliases,
                "iso3": "",
                "wikidata": "",
                "note": "; ".join(x for x in (o.get("note", ""), f"Nobel laureate id {nid}") if x),
            }
            if eid in ents and ents[eid]["note"] != e["note"]:
                die(f"id collision {eid}: {ents[eid]['note']} vs {e['note']}")
            ents[eid] = e
            share = laureate.get("share", "").strip()
            facts.append(
                {
                    "id": f"won-{pid}-{year}-{eid}",
                    "subject": eid,
                    "relation": "won",
                    "object": pid,
                    "date": year,
                    "end": "",
                    "place": "",
                    "source": SOURCE,
                    "quote": strip_quotes(laureate.get("motivation", "")),
                    "note": f"prize share 1/{share}" if share else "",
                }
            )
    ids = [f["id"] for f in facts]
    if len(ids) != len(set(ids)):
        die("duplicate fact ids")
    write_csv(out_ent, ENTITY_FIELDS, sorted(ents.values(), key=lambda e: e["id"]))
    write_csv(out_facts, FACT_FIELDS, facts)
    write_csv(out_noaward, ["category", "prize", "year", "source_text"], noaward)


if __name__ == "__main__":
    if len(sys.argv) != 6:
        die(__doc__)
    main(*sys.argv[1:])
