#!/usr/bin/env python3
"""Build country/territory entities from datasets/country-codes + curated overrides.

Usage: build_countries.py RAW_COUNTRY_CODES_CSV CURATED_OVERRIDES_CSV OUT_CSV
"""

import re
import sys

from common import ENTITY_FIELDS, SLUG_RE, die, join_aliases, read_csv, slugify, write_csv

BANNED = {"Congo", "Korea"}  # ambiguous short forms never used as aliases


def clean_unterm(s):
    s = s.replace("*", "").strip()
    s = re.sub(r"\s*\(the\)$", "", s)
    s = re.sub(r"^the ", "", s)
    return s.strip()


def main(src, overrides_path, out):
    over = {r["iso3"]: r for r in read_csv(overrides_path)}
    rows = []
    seen_ids = set()
    for r in read_csv(src):
        iso3 = r["ISO3166-1-Alpha-3"].strip()
        if not iso3:
            continue
        o = over.get(iso3, {})
        cldr = r["CLDR display name"].replace("&", "and").replace("St. ", "Saint ")
        name = o.get("name") or cldr or r["official_name_en"]
        eid = o.get("id") or slugify(name)
        if not SLUG_RE.match(eid):
            die(f"bad id {eid}")
        if eid in seen_ids:
            die(f"duplicate id {eid}")
        seen_ids.add(eid)
        cands = (o.get("aliases", "").split("|") if o.get("aliases") else []) + [
            r["official_name_en"],
            clean_unterm(r["UNTERM English Short"]),
            clean_unterm(r["UNTERM English Formal"]),
            cldr,
        ]
        qid = r["wikidata_id"].rstrip("/").rsplit("/", 1)[-1] if r["wikidata_id"] else ""
        notes = []
        indep = r["is_independent"].strip()
        if indep != "Yes":
            notes.append(f"not an independent state in source (is_independent: {indep})")
        if o.get("note"):
            notes.append(o["note"])
        if iso3 == "NLD" and qid:
            notes.append(f"source Wikidata id {qid} is the Kingdom of the Netherlands")
        rows.append(
            {
                "id": eid,
                "type": "country",
                "name": name,
                "aliases": join_aliases(name, cands, BANNED),
                "iso3": iso3,
                "wikidata": qid,
                "note": "; ".join(notes),
            }
        )
    # Economies that are in World Bank data but not in ISO 3166-1
    rows.append(
        {
            "id": "kosovo",
            "type": "country",
            "name": "Kosovo",
            "aliases": "Republic of Kosovo",
            "iso3": "",
            "wikidata": "",
            "note": "no ISO 3166-1 code; World Bank uses XKX; status disputed",
        }
    )
    write_csv(out, ENTITY_FIELDS, rows)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        die(__doc__)
    main(*sys.argv[1:])
