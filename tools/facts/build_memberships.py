#!/usr/bin/env python3
"""Build `joined`/`left` facts for the UN, the EU and the WTO from retrieved data files.

Usage: build_memberships.py RAW_DIR ENTITIES_COUNTRIES CROSSCHECKS_CSV OUT_FACTS

- UN (`gapminder-un`): Gapminder's "UN member since" column, as kept in
  `RAW_DIR/gm_countries.rda` (dcl-docs/dcldata; R dates, days since 1970-01-01). Dates in
  1945 (the founding Members) are kept at year precision; the day stays in the quote.
- EU (`eumem`): `RAW_DIR/eumem-member-states.csv` (accession_date, exit_date).
- WTO (`ieadb-wto`): the parties to the Agreement Establishing the WTO in
  `RAW_DIR/manytreaties-parties.rda`, kept only where its two codings, the IEADB's and
  the GGO's, give the same single date of entry into force for the state.

CROSSCHECKS_CSV (curated/crosschecks.csv: subject,relation,object,date,source,quote) holds
what another retrieved source states about the same facts. Where it disagrees with the
data file, the fact keeps only the part both state (the year, or the year and month), or
is dropped when they disagree on the year; every such case is printed.
"""

import sys
from datetime import date, timedelta
from pathlib import Path

from common import FACT_FIELDS, die, read_csv, write_csv
from rdata import data_frame, frames, read_rda

WTO_TITLE = "Agreement Establishing The World Trade Organization"
STATE_CODES = {"SWA - SWZ": "SWZ"}  # the IEADB's code for Eswatini (Swaziland)
ORIGINAL_MEMBER = ("admitted in 1945, the year the UN was founded: kept at year precision, "
                   "since for a founding Member 'joined' may mean signing the Charter, its "
                   "entry into force or the Member's ratification")


def fact(subject, relation, obj, day, source, quote, note="", end=""):
    return {"id": "", "subject": subject,
            "relation": relation, "object": obj, "date": day, "end": end, "place": "",
            "source": source, "quote": quote, "note": note}


def un_facts(raw, by_iso):
    rows = data_frame(read_rda(Path(raw) / "gm_countries.rda")["gm_countries"])
    for row in rows:
        if row["un_admission"] is None:
            continue
        day = (date(1970, 1, 1) + timedelta(days=int(row["un_admission"]))).isoformat()
        subject = by_iso.get(row["iso_a3"].upper())
        if subject is None:
            die(f"gm_countries: no country entity for {row['iso_a3']} ({row['name']})")
        quote = f"{row['name']}: un_status {row['un_status']}, un_admission {day}"
        if day[:4] == "1945":  # an original Member: see ORIGINAL_MEMBER
            yield fact(subject, "joined", "united-nations", "1945", "gapminder-un", quote,
                       note=ORIGINAL_MEMBER)
        else:
            yield fact(subject, "joined", "united-nations", day, "gapminder-un", quote)


def eu_facts(raw, by_iso):
    for row in read_csv(Path(raw) / "eumem-member-states.csv"):
        subject = by_iso.get(row["ISO_alpha_3_code"])
        if subject is None:
            die(f"eumem: no country entity for {row['ISO_alpha_3_code']}")
        quote = (f"{row['member_state']}: accession_date {row['accession_date']}, "
                 f"exit_date {row['exit_date']}")
        exit_date = "" if row["exit_date"] == "NA" else row["exit_date"]
        yield fact(subject, "joined", "european-union", row["accession_date"], "eumem", quote,
                   end=exit_date)
        if exit_date:
            yield fact(subject, "left", "european-union", exit_date, "eumem", quote)


def wto_facts(raw, by_iso):
    parties = frames(read_rda(Path(raw) / "manytreaties-parties.rda")["parties"])
    ieadb, ggo = {}, {}
    for row in parties["IEADB"]:
        if row["Title"] == WTO_TITLE:
            ieadb.setdefault(STATE_CODES.get(row["stateID"], row["stateID"]), set()).add(
                row["Force"])
    for row in parties["GGO"]:
        if row["Title"] == WTO_TITLE:
            ggo.setdefault(STATE_CODES.get(row["stateID"], row["stateID"]), set()).add(
                row["StateForce"])
    for code in sorted(set(ieadb) | set(ggo)):
        dates_a, dates_b = ieadb.get(code, set()), ggo.get(code, set())
        subject = by_iso.get(code)
        if len(dates_a) != 1 or dates_a != dates_b or subject is None:
            print(f"WTO {code}: IEADB {sorted(dates_a, key=str)}, GGO {sorted(dates_b, key=str)}"
                  f"{'' if subject else ', no entity'}: dropped", file=sys.stderr)
            continue
        [day] = dates_a
        yield fact(subject, "joined", "world-trade-organization", day, "ieadb-wto",
                   f"{code}: Force {day}", note="the GGO coding in the same file gives the "
                   "same date")


def what(item):
    return f"{item['subject']} {item['relation']} {item['object']}"


def crosschecked(facts, checks):
    """Facts reduced to what a second retrieved source also states."""
    by_key = {}
    for row in checks:
        by_key.setdefault((row["subject"], row["relation"], row["object"]), []).append(row)
    for item in facts:
        for check in by_key.pop((item["subject"], item["relation"], item["object"]), []):
            ours, theirs = item["date"], check["date"]
            common = next((n for n in (10, 7, 4) if ours[:n] == theirs[:n]), 0)
            if common == min(len(ours), len(theirs)):
                item["note"] = "; ".join(x for x in (item["note"], f"{check['source']} "
                                                     f"gives the same date ({check['quote']})")
                                         if x)
                continue
            if common < 4:
                print(f"{what(item)}: {item['source']} {ours}, {check['source']} {theirs}: "
                      "dropped", file=sys.stderr)
                item = None
                break
            print(f"{what(item)}: {item['source']} {ours}, {check['source']} {theirs}: kept as "
                  f"{ours[:common]}", file=sys.stderr)
            item["date"] = ours[:common]
            item["note"] = "; ".join(x for x in (item["note"], (
                f"{item['source']} gives {ours}, {check['source']} gives {theirs}; kept at "
                "the precision both state")) if x)
        if item is not None:
            yield item
    if by_key:
        die(f"cross-checks matching no fact: {sorted(by_key)}")


def main(raw, entities_csv, crosschecks_csv, out):
    by_iso = {e["iso3"]: e["id"] for e in read_csv(entities_csv) if e["iso3"]}
    facts = [*un_facts(raw, by_iso), *eu_facts(raw, by_iso), *wto_facts(raw, by_iso)]
    facts = list(crosschecked(facts, read_csv(crosschecks_csv)))
    for item in facts:
        item["id"] = f"{item['relation']}-{item['object']}-{item['subject']}-{item['date']}"
    write_csv(out, FACT_FIELDS, facts)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        die(__doc__)
    main(*sys.argv[1:])
