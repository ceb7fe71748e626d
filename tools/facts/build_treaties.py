#!/usr/bin/env python3
"""Build `entered_into_force` facts for treaties from two retrieved treaty datasets.

Usage: build_treaties.py HUGGO_CSV IEADB_CSV TITLES_CSV OUT_FACTS

- HUGGO_CSV: `HUGGO_clean.csv` of globalgov/manytreaties (column `Force`; source
  `huggo-agreements`).
- IEADB_CSV: the IEADB treaty list `treaties.csv` in the same repository (column
  `Date IEA entered into force`; source `ieadb-treaties`, named first where both have the
  treaty, the other then cited in the note).
- TITLES_CSV (curated/treaty_titles.csv: entity,huggo_titles,ieadb_titles): which rows of
  the two files are the treaty an entity names (titles separated by "|"; an entity such as
  the four Geneva Conventions may name several rows, which must then agree).

A date is taken only when every named row that gives one gives the same; a disagreement
drops the fact and is printed. Signature dates are not taken: both files give the date a
treaty was concluded or opened for signature under that name, which is not the date a
sentence means by "signed".
"""

import sys

from common import DATE_RE, FACT_FIELDS, die, read_csv, write_csv


def dates(rows, titles, column):
    found = {}
    for title in filter(None, titles.split("|")):
        matching = [row for row in rows if row[title_column(row)] == title]
        if len(matching) != 1:
            die(f"{len(matching)} rows titled {title!r}")
        value = matching[0][column]
        if value and value != "NA":
            found[title] = value
    return found


def title_column(row):
    return "Title" if "Title" in row else "Treaty Name"


def main(huggo_csv, ieadb_csv, titles_csv, out):
    huggo, ieadb = read_csv(huggo_csv), read_csv(ieadb_csv)
    facts = []
    for entry in read_csv(titles_csv):
        given = {("ieadb-treaties", t): d for t, d in
                 dates(ieadb, entry["ieadb_titles"], "Date IEA entered into force").items()}
        given |= {("huggo-agreements", t): d for t, d in
                  dates(huggo, entry["huggo_titles"], "Force").items()}
        values = set(given.values())
        if len(values) != 1 or not DATE_RE.match(next(iter(values))):
            print(f"{entry['entity']}: entry into force {sorted(given.values())}: dropped",
                  file=sys.stderr)
            continue
        [day] = values
        (source, title), *others = given
        facts.append({
            "id": f"entered-into-force-{entry['entity']}-{day}", "subject": entry["entity"],
            "relation": "entered_into_force", "object": "", "date": day, "end": "",
            "place": "", "source": source, "quote": f"{title}: {day}",
            "note": "; ".join(f"{s} gives the same date ({t})" for s, t in others)})
    write_csv(out, FACT_FIELDS, facts)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        die(__doc__)
    main(*sys.argv[1:])
