#!/usr/bin/env bash
# The inspection load benchmark (make bench-inspection; issue: port inspection).
#
# Builds the Release server and tools, creates (once, then reuses) a database
# with the demo data, a synthetic watchlist of $NAMES names and $RULES active
# risk rules, starts the real server on loopback, and drives it with the
# open-loop load generator (bench/inspection_load.cpp): $CLIENTS officers at
# their desks, $RATE full inspections per second offered in total, for
# $DURATION seconds after a warm-up. Each run starts from a fresh copy of the
# database. Ends with "inspection load: N/s, p99 X ms at C clients".
#
#   bench/inspection_load.sh            SQLite (the port post's store)
#   bench/inspection_load.sh --pg       PostgreSQL: a throwaway local cluster
#                                       (scripts/pg-test-cluster.sh), or the
#                                       server named by GUOMEN_BENCH_PG_URL
# On PostgreSQL the load database is created once per cluster as
# guomen_load_<names>_<rules>_<clients> and each run gets a copy of it
# (CREATE DATABASE ... TEMPLATE), dropped at the end. KEEP_PG=1 leaves the
# throwaway cluster running for the next run, which then skips the ~10 min
# of loading the list (stop it with GUOMEN_PG_STATE=<dir>/pg.state
# scripts/pg-test-cluster.sh stop).
#
# The kernel's DAMON (bench/damon.sh) stalls the server for 15-30 ms at each
# sampling interval on the 2-core development VM: most requests over 20 ms
# are due in those stalls. The script says whether it runs. PAUSE_DAMON=1
# (root) turns it off for the run and on again at the end, to measure the
# server without it.
# Environment: NAMES RULES CLIENTS RATE DURATION WARMUP THREADS BUILD KEEP_PG
#   PAUSE_DAMON TRACE (a file for inspection_load --trace)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/damon.sh

NAMES=${NAMES:-1000000}
RULES=${RULES:-300}
CLIENTS=${CLIENTS:-16}
RATE=${RATE:-500}
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-5}
THREADS=${THREADS:-64}
BUILD=${BUILD:-build-bench}
BACKEND=sqlite
[ "${1:-}" = "--pg" ] && BACKEND=postgres

cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGUOMEN_TESTS=OFF -DGUOMEN_BENCH=ON >/dev/null
cmake --build "$BUILD" -j"${JOBS:-2}" --target guomen inspection_setup inspection_load

DIR="$BUILD/inspection-load/$BACKEND-$NAMES-$RULES-$CLIENTS"
mkdir -p "$DIR"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LOG="$DIR/server.log"
SERVER_PID=
cleanup() {
  damon_restore
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ -n "${RUN_DB:-}" ]; then psql "$base_url" -qc "DROP DATABASE IF EXISTS $RUN_DB" >/dev/null 2>&1 || true; fi
  if [ -n "${STARTED_PG:-}" ] && [ "${KEEP_PG:-0}" != 1 ]; then
    GUOMEN_PG_STATE="$DIR/pg.state" bash scripts/pg-test-cluster.sh stop >/dev/null || true
  fi
}
trap cleanup EXIT

setup_args=(--names "$NAMES" --rules "$RULES" --clients "$CLIENTS" --out "$DIR/load.txt")
if [ "$BACKEND" = sqlite ]; then
  if [ ! -f "$DIR/pristine.db" ] || [ ! -f "$DIR/load.txt" ]; then
    rm -f "$DIR"/pristine.db*
    echo "creating the load database (once): $NAMES names, $RULES rules ..."
    "$BUILD/bench/inspection_setup" --db "$DIR/pristine.db" "${setup_args[@]}"
  fi
  rm -f "$DIR"/run.db*
  cp "$DIR/pristine.db" "$DIR/run.db"
  cp "$DIR/pristine.db.audit-key" "$DIR/run.db.audit-key"
  # The copy's dirty pages would otherwise be written back during the run, and
  # each commit's fsync waits for the filesystem journal behind them.
  sync
  store_args=(--db "$DIR/run.db")
else
  if [ -n "${GUOMEN_BENCH_PG_URL:-}" ]; then
    base_url=$GUOMEN_BENCH_PG_URL
  else
    base_url=$(GUOMEN_PG_STATE="$DIR/pg.state" bash scripts/pg-test-cluster.sh start)
    STARTED_PG=1
  fi
  pristine="guomen_load_${NAMES}_${RULES}_${CLIENTS}"
  have=$(psql "$base_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$pristine'")
  if [ "$have" != 1 ] || [ ! -f "$DIR/pg-load.txt" ] || [ ! -f "$DIR/pg-load.txt.audit-key" ]; then
    psql "$base_url" -qc "DROP DATABASE IF EXISTS $pristine" >/dev/null
    psql "$base_url" -qc "CREATE DATABASE $pristine" >/dev/null
    echo "creating the load database on PostgreSQL (once per cluster): $NAMES names, $RULES rules ..."
    setup_args[${#setup_args[@]}-1]="$DIR/pg-load.txt"
    if ! "$BUILD/bench/inspection_setup" --pg "${base_url%/*}/$pristine" "${setup_args[@]}"; then
      psql "$base_url" -qc "DROP DATABASE IF EXISTS $pristine" >/dev/null
      exit 1
    fi
  fi
  RUN_DB="guomen_load_run_$$"
  psql "$base_url" -qc "CREATE DATABASE $RUN_DB TEMPLATE $pristine" >/dev/null
  # Fresh statistics and a checkpoint, so that the run does not pay for the copy.
  psql "${base_url%/*}/$RUN_DB" -qc "ANALYZE" >/dev/null
  psql "$base_url" -qc "CHECKPOINT" >/dev/null
  sync
  url="${base_url%/*}/$RUN_DB"
  store_args=(--pg "$url" --audit-key "$DIR/pg-load.txt.audit-key")
  LOAD_DATA="$DIR/pg-load.txt"
fi

"$BUILD/guomen" serve "${store_args[@]}" --listen "127.0.0.1:$PORT" --web-root "" \
  --threads "$THREADS" >"$LOG" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
  if curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "the server stopped; see $LOG" >&2; exit 1; fi
  sleep 0.5
done
damon_check
echo "server ready on 127.0.0.1:$PORT ($BACKEND); offering $RATE inspections/s from $CLIENTS clients"
trace_args=()
[ -n "${TRACE:-}" ] && trace_args=(--trace "$TRACE")
"$BUILD/bench/inspection_load" --url "http://127.0.0.1:$PORT" --data "${LOAD_DATA:-$DIR/load.txt}" --clients "$CLIENTS" \
  --rate "$RATE" --seconds "$DURATION" --warmup "$WARMUP" "${trace_args[@]}"
