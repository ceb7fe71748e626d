#!/usr/bin/env bash
# Rebuild the bundled `world` fact pack (plugins/data/packs/world) from the raw files that
# tools/facts/fetch_raw.sh extracts and the curated names, mappings, cross-checks and leads
# in tools/facts/curated/ (no fact is hand-written there).
# Offline; standard-library Python only.  Usage: tools/facts/build_all.sh RAW_DIR
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 RAW_DIR" >&2; exit 2; }
RAW="$(cd "$1" && pwd)"
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$(cd "$HERE/../.." && pwd)/plugins/data/packs/world"
C="$HERE/curated"
B="$(mktemp -d)"
trap 'rm -rf "$B"' EXIT
PY="${PYTHON:-python3}"
T="$HERE"
$PY $T/build_countries.py $RAW/country-codes.csv $C/country_overrides.csv $B/entities_countries.csv
RETRIEVED=2026-12-07  # the date the raw files were read (sources.csv `retrieved`)
$PY $T/build_nobel.py $RAW/nobel-prizes.json $C/nobel_laureate_overrides.csv \
    $B/entities_nobel.csv $B/facts_nobel.csv $B/nobel_no_award.csv
$PY $T/build_offices.py $RAW/us-executive.json $RAW/ifg $C/office_people.csv $RETRIEVED \
    $B/entities_offices.csv $B/facts_offices.csv
$PY $T/build_memberships.py $RAW $B/entities_countries.csv $C/crosschecks.csv \
    $B/facts_memberships.csv
$PY $T/build_treaties.py $RAW/huggo-agreements.csv $RAW/ieadb-treaties.csv \
    $C/treaty_titles.csv $B/facts_treaties.csv
mkdir -p "$OUT"
$PY $T/build_series.py $B/entities_countries.csv $OUT/series.csv \
    population=people=wb-pop=$RAW/wdi/sp.pop.totl.csv \
    gdp_usd=usd=wb-gdp=$RAW/wdi/ny.gdp.mktp.cd.csv \
    gdp_per_capita_usd=usd=wb-gdppc=$RAW/wdi/ny.gdp.pcap.cd.csv \
    gdp_growth_pct=percent=wb-gdpgrowth=$RAW/wdi/ny.gdp.mktp.kd.zg.csv \
    inflation_cpi_pct=percent=wb-cpi=$RAW/wdi/fp.cpi.totl.zg.csv \
    unemployment_pct=percent=wb-unemp=$RAW/wdi/sl.uem.totl.zs.csv \
    life_expectancy_years=years=wb-lifeexp=$RAW/wdi/sp.dyn.le00.in.csv \
    co2_kt=kt=wb-co2=$RAW/wdi/en.atm.co2e.kt.csv
$PY $T/assemble.py $B $C $OUT
