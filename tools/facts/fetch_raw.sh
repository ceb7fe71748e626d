#!/usr/bin/env bash
# Extract the exact, commit-pinned raw input files of the bundled `world` fact pack from
# bare git clones of their public GitHub repositories (see SOURCES.md).
# Usage: tools/facts/fetch_raw.sh MIRRORS_DIR RAW_DIR
#   MIRRORS_DIR holds `git clone --bare https://github.com/OWNER/NAME` copies, each in a
#   folder named OWNER+NAME (or OWNER+NAME/repo); RAW_DIR receives the files.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 MIRRORS_DIR RAW_DIR" >&2; exit 2; }
M="$1"
R="$2"
mkdir -p "$R/wdi"
get() { # repo commit path dest
  local gd
  gd="$M/${1/\//+}/repo"
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
