"""Shared helpers for the Workbench fact-data build scripts (stdlib only, offline)."""

import csv
import re
import sys
import unicodedata
from pathlib import Path

ENTITY_FIELDS = ["id", "type", "name", "aliases", "iso3", "wikidata", "part_of", "role", "note"]
FACT_FIELDS = [
    "id",
    "subject",
    "relation",
    "object",
    "date",
    "end",
    "place",
    "source",
    "quote",
    "note",
]
SOURCE_FIELDS = ["id", "publisher", "title", "url", "retrieved", "licence", "note"]
LEAD_FIELDS = ["subject", "source", "note"]
SERIES_FIELDS = ["entity", "indicator", "year", "value", "unit", "source"]

RELATIONS = {
    "founded",
    "signed",
    "opened_for_signature",
    "adopted",
    "entered_into_force",
    "joined",
    "left",
    "held_office",
    "won",
    "born",
    "died",
    "headquartered_in",
}
ENTITY_TYPES = {
    "country",
    "organisation",
    "treaty",
    "person",
    "office",
    "prize",
    "event",
    "city",
    "region",
    "role",
    "doctrine",
}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def slugify(text):
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(path, fields, rows):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n", extrasaction="raise")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in fields})
    print(f"wrote {path} ({len(rows)} rows)", file=sys.stderr)


def join_aliases(name, candidates, banned=()):
    seen = {name.casefold()}
    out = []
    for a in candidates:
        a = (a or "").strip()
        if not a or a.casefold() in seen or a in banned:
            continue
        if "|" in a:
            raise ValueError(f"alias contains '|': {a}")
        seen.add(a.casefold())
        out.append(a)
    return "|".join(out)


def die(msg):
    print("ERROR: " + msg, file=sys.stderr)
    sys.exit(1)
