#!/usr/bin/env python3
"""Build series.csv from World Bank WDI indicator CSVs (datasets/world-development-indicators).

Usage:
  build_series.py COUNTRY_ENTITIES_CSV OUT_CSV INDICATOR=UNIT=SOURCE_ID=PATH [...]
e.g.
  build_series.py build/entities_countries.csv world/series.csv \
      population=people=wb-wdi-sp-pop-totl=raw/wdi/sp.pop.totl.csv ...

Each input CSV has the columns: Country Name, Country Code, Year, Value.
Rows are kept for ISO 3166-1 alpha-3 codes that match a country entity, for
XKX (Kosovo) and for the aggregates mapped in AGGREGATES; every other World Bank
aggregate (income groups, regions, lending groups) is skipped. Values are copied
verbatim (no rounding); empty values are dropped.
"""

import re
import sys

from common import SERIES_FIELDS, die, read_csv, write_csv

AGGREGATES = {"WLD": "world", "EUU": "european-union", "EMU": "euro-area", "XKX": "kosovo"}
NUM_RE = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def main(countries_csv, out, *specs):
    iso = {r["iso3"]: r["id"] for r in read_csv(countries_csv) if r["iso3"]}
    iso.update(AGGREGATES)
    rows = []
    for spec in specs:
        indicator, unit, source, path = spec.split("=", 3)
        n = 0
        seen = set()
        for r in read_csv(path):
            code, year, value = r["Country Code"].strip(), r["Year"].strip(), r["Value"].strip()
            ent = iso.get(code)
            if not ent or value == "":
                continue
            if not NUM_RE.match(value):
                die(f"{path}: non-numeric value {value!r}")
            if "e" in value.lower():
                value = format(float(value), "f")
            key = (ent, year)
            if key in seen:
                die(f"{path}: duplicate {key}")
            seen.add(key)
            rows.append(
                {
                    "entity": ent,
                    "indicator": indicator,
                    "year": int(year),
                    "value": value,
                    "unit": unit,
                    "source": source,
                }
            )
            n += 1
        print(f"{indicator}: {n} rows", file=sys.stderr)
    rows.sort(key=lambda r: (r["indicator"], r["entity"], r["year"]))
    write_csv(out, SERIES_FIELDS, rows)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        die(__doc__)
    main(*sys.argv[1:])
