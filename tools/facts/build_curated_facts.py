#!/usr/bin/env python3
"""Validate hand-compiled fact lists and give every row a stable id.

Usage: build_curated_facts.py SOURCES_CSV OUT_FACTS CURATED_FACTS_CSV [...]

Input columns: subject,relation,object,date,end,place,source,note (+ optional quote).
Rows whose source has an empty `retrieved` date get the note
"compiled from reference knowledge; not retrieved from the cited page".
"""

import sys

from common import DATE_RE, FACT_FIELDS, RELATIONS, die, read_csv, slugify, write_csv

COMPILED = "compiled from reference knowledge; not retrieved from the cited page"


def main(sources_csv, out, *inputs):
    sources = {r["id"]: r for r in read_csv(sources_csv)}
    facts, ids = [], set()
    for path in inputs:
        for r in read_csv(path):
            if r["relation"] not in RELATIONS:
                die(f"{path}: unknown relation {r['relation']}")
            for d in (r["date"], r["end"]):
                if d and not DATE_RE.match(d):
                    die(f"{path}: bad date {d!r}")
            s = sources.get(r["source"])
            if not s:
                die(f"{path}: unknown source {r['source']}")
            note = r.get("note", "")
            if not s["retrieved"]:
                note = "; ".join(x for x in (COMPILED, note) if x)
            fid = slugify(
                "-".join(x for x in (r["relation"], r["subject"], r["object"], r["date"]) if x)
            )
            if fid in ids:
                die(f"{path}: duplicate fact id {fid}")
            ids.add(fid)
            facts.append(
                {
                    "id": fid,
                    "subject": r["subject"],
                    "relation": r["relation"],
                    "object": r["object"],
                    "date": r["date"],
                    "end": r["end"],
                    "place": r["place"],
                    "source": r["source"],
                    "quote": r.get("quote", ""),
                    "note": note,
                }
            )
    write_csv(out, FACT_FIELDS, facts)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        die(__doc__)
    main(*sys.argv[1:])
