#!/usr/bin/env bash
# Extract the exact, commit-pinned raw input files of the bundled `world` fact pack from
# bare git clones of their public GitHub repositories (see SOURCES.md).
# Usage: tools/facts/fetch_raw.sh MIRRORS_DIR RAW_DIR
#   MIRRORS_DIR holds `git clone --bare https://github.com/OWNER/NAME` copies, each in a
#   folder named OWNER+NAME (or OWNER+NAME/repo, or a git directory OWNER+NAME/repo/.git);
#   RAW_DIR receives the files.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 MIRRORS_DIR RAW_DIR" >&2; exit 2; }
M="$1"
R="$2"
mkdir -p "$R/wdi" "$R/ifg"
get() { # repo commit path dest
  local gd
  gd="$M/${1/\//+}/repo"
  [ -d "$gd/.git" ] && gd="$gd/.git"
  [ -d "$gd" ] || gd="$M/${1/\//+}"
  git --git-dir="$gd" show "$2:$3" > "$4"
  echo "$1@$2:$3 -> $4  sha256=$(sha256sum "$4" | cut -c1-16)"
}
CC=caa72d1e0e5af8876c170bb36a9e4d64a01bba88
get datasets/country-codes $CC data/country-codes.csv "$R/country-codes.csv"
WDI=4ebec5a2273f531ba238a34dbe440394dc5a6c4b
for i in sp.pop.totl ny.gdp.mktp.cd ny.gdp.pcap.cd ny.gdp.mktp.kd.zg fp.cpi.totl.zg sl.uem.totl.zs sp.dyn.le00.in en.atm.co2e.kt; do
  get datasets/world-development-indicators $WDI indicators/$i/data.csv "$R/wdi/$i.csv"
  get datasets/world-development-indicators $WDI indicators/$i/datapackage.json "$R/wdi/$i.datapackage.json"
done
get FefeTroanes/nobel-prizes-api 8d53d8696a7313dcf26cdd52d3e2a1276c4b9014 prizes.json "$R/nobel-prizes.json"
US=61c9ce6a4b093e76e1244a53ada21d8d30981f42  # gh-pages, built from master dfa9622
get unitedstates/congress-legislators $US executive.json "$R/us-executive.json"
IFG=92e227025645607913912d9d8312b7421a437bd3
for f in person post appointment; do
  get instituteforgov/ifg-ministers-database-public $IFG data/$f.csv "$R/ifg/$f.csv"
done
get dcl-docs/dcldata 0a08cbbacabe0a7786b257917ba2e0ca9a38b779 data/gm_countries.rda "$R/gm_countries.rda"
get jfjelstul/eumem 03a70ff6b1b1d46ae9e5d1dfd2dad587562be64c data-raw/member-states.csv \
  "$R/eumem-member-states.csv"
MT=4bf79f94c78a9f9016bd55b99135b45208500631
get globalgov/manytreaties $MT data/parties.rda "$R/manytreaties-parties.rda"
get globalgov/manytreaties $MT data-raw/agreements/GGO/HUGGO_clean.csv "$R/huggo-agreements.csv"
get globalgov/manytreaties $MT data-raw/agreements/IEADB/treaties.csv "$R/ieadb-treaties.csv"
