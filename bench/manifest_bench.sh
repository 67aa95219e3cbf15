#!/usr/bin/env bash
# Issue 7's manifest benchmark (make bench-manifest): parse + screen + rules
# for a $PERSONS-person PAXLST against a $NAMES-name watchlist and $RULES
# active rules, through the manifest service's own functions
# (bench/manifest_bench.cpp).
#
# Builds the Release tools, creates (once, then reuses) a database with the
# demo data, the synthetic list and the rules in build-bench/manifest-bench/,
# and measures on a fresh copy of it (the optional whole-intake phase writes).
# Ends with "manifest bench: N manifests/s, p99 X ms (P persons, L names)".
#
# The kernel's DAMON (bench/damon.sh) stalls the process at each sampling
# interval on the development VM; the script says whether it runs, and
# PAUSE_DAMON=1 (root) turns it off for the run.
#
# Environment: NAMES RULES PERSONS LISTED RUNS DURATION CLIENTS THREADS INTAKE BUILD
#   PAUSE_DAMON
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/damon.sh
trap damon_restore EXIT

NAMES=${NAMES:-1000000}
RULES=${RULES:-300}
PERSONS=${PERSONS:-500}
LISTED=${LISTED:-0.03}
RUNS=${RUNS:-200}
DURATION=${DURATION:-20}
CLIENTS=${CLIENTS:-2}
THREADS=${THREADS:-0}
INTAKE=${INTAKE:-20}
BUILD=${BUILD:-build-bench}

cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGUOMEN_TESTS=OFF -DGUOMEN_BENCH=ON >/dev/null
cmake --build "$BUILD" -j"${JOBS:-2}" --target manifest_bench

DIR="$BUILD/manifest-bench/sqlite-$NAMES-$RULES"
mkdir -p "$DIR"
if [ ! -f "$DIR/pristine.db" ] || [ ! -f "$DIR/pristine.db.audit-key" ]; then
  rm -f "$DIR"/pristine.db*
  "$BUILD/bench/manifest_bench" --db "$DIR/pristine.db" --names "$NAMES" --rules "$RULES" --setup-only 1
fi
rm -f "$DIR"/run.db*
cp "$DIR/pristine.db" "$DIR/run.db"
cp "$DIR/pristine.db.audit-key" "$DIR/run.db.audit-key"
# The copy's dirty pages would otherwise be written back during the run, and
# each commit's fsync waits for the filesystem journal behind them.
sync
echo "machine: $(nproc) cores; $(uptime)"
damon_check
"$BUILD/bench/manifest_bench" --db "$DIR/run.db" --names "$NAMES" --rules "$RULES" \
  --persons "$PERSONS" --listed "$LISTED" --runs "$RUNS" --seconds "$DURATION" \
  --clients "$CLIENTS" --threads "$THREADS" --intake "$INTAKE"
echo "machine after: $(uptime)"
rm -f "$DIR"/run.db*
