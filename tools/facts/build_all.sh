#!/usr/bin/env bash
# Rebuild the bundled `world` fact pack (plugins/data/packs/world) from the raw files that
# tools/facts/fetch_raw.sh extracts and the hand-compiled lists in tools/facts/curated/.
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
$PY $T/build_nobel.py $RAW/nobel-prizes.json $C/nobel_laureate_overrides.csv $C/nobel_2025.csv \
    $B/entities_nobel.csv $B/facts_nobel.csv $B/nobel_no_award.csv
$PY $T/build_offices.py $C/office_terms.csv $C/office_sources.csv $B/entities_offices.csv $B/facts_offices.csv
cat $C/data_sources.csv > $B/all_sources.csv; tail -n +2 $C/sources.csv >> $B/all_sources.csv
$PY $T/build_curated_facts.py $B/all_sources.csv $B/facts_curated.csv \
    $C/facts_un_membership.csv $C/facts_memberships.csv $C/facts_treaties_orgs.csv
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
