#!/usr/bin/env bash
# Duplicate candidates with 1 M and 10 M stored cases (resampled real Stuttgart reports).
# Needs the release build (scripts/test.sh or cmake --preset release && cmake --build
# build/release) and the data in RATUSZ_TEST_DATA (default ../shared/data). Writes
# bench/results/dedup-<N>-*.txt and dedup-<N>-latest.json. The 10 M database takes about 2 GB
# and a few minutes to load; it is kept in $DEDUP_DIR for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${RATUSZ_TEST_DATA:-../shared/data}/stuttgart-gelbe-karten"
if ! ls "$data"/*.csv.gz >/dev/null 2>&1; then
  echo "no Stuttgart data in $data: set RATUSZ_TEST_DATA" >&2
  exit 1
fi
dir="${DEDUP_DIR:-/tmp/ratusz-dedup-bench}"
mkdir -p "$dir"
zcat "$data"/*.csv.gz >"$dir/stuttgart.csv"
cmake --build build/release --target dedup_bench >/dev/null
for n in ${SIZES:-1000000 10000000}; do
  build/release/bench/dedup_bench --data "$dir/stuttgart.csv" --cases "$n" --dir "$dir/$n" \
    --probes "${PROBES:-20000}"
done
