#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: Debian's PostgreSQL 15 binaries,
# a temporary data directory, listening on 127.0.0.1 only on a free port,
# trust authentication for local TCP connections (it is reachable from this
# machine only, and it holds nothing but test databases).
#
#   scripts/pg-test-cluster.sh start   starts one (or reuses a running one), prints its URL
#   scripts/pg-test-cluster.sh url     prints the URL of the running one
#   scripts/pg-test-cluster.sh stop    stops it and removes its directory
#
# State lives in $GUOMEN_PG_STATE (default /tmp/guomen-pg-test-$UID.state), so
# that several checkouts can each have one. Run as root, the cluster runs as the
# `postgres` OS user (initdb refuses root); the data directory is chowned to it.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
STATE=${GUOMEN_PG_STATE:-/tmp/guomen-pg-test-$(id -u).state}

die() { echo "pg-test-cluster: $*" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    # runuser keeps root's environment out and works without a tty.
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

read_state() {
  [ -f "$STATE" ] || return 1
  # shellcheck disable=SC1090
  . "$STATE"
  [ -n "${PGDIR:-}" ] && [ -n "${PGPORT:-}" ] && [ -d "$PGDIR" ]
}

running() {
  read_state && as_owner "$PG_BIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1
}

url() { echo "postgresql://postgres@127.0.0.1:$PGPORT/postgres"; }

start() {
  if running; then url; return 0; fi
  [ -x "$PG_BIN/initdb" ] || die "no $PG_BIN/initdb; install the postgresql package (scripts/install-deps.sh)"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the postgres OS user"
  fi
  PGDIR=$(mktemp -d /tmp/guomen-pg-XXXXXX)
  chmod 755 "$PGDIR"
  [ "$(id -u)" = 0 ] && chown postgres: "$PGDIR"
  as_owner "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    >"$PGDIR/initdb.log" 2>&1 || { cat "$PGDIR/initdb.log" >&2; die "initdb failed"; }
  # Sockets in the cluster's own directory; TCP on loopback only. fsync stays
  # on: the tests check what an acknowledged commit means.
  local tries=0
  while :; do
    PGPORT=$(free_port)
    if as_owner "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
         -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c max_connections=300 \
             -c shared_buffers=64MB -c max_locks_per_transaction=256" \
         start >/dev/null 2>&1; then
      break
    fi
    tries=$((tries + 1))
    if [ "$tries" -ge 3 ]; then
      tail -n 20 "$PGDIR/server.log" >&2 || true
      rm -rf "$PGDIR"
      die "the server did not start"
    fi
  done
  printf 'PGDIR=%q\nPGPORT=%q\n' "$PGDIR" "$PGPORT" >"$STATE"
  url
}

stop() {
  if read_state; then
    as_owner "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PGDIR"
  fi
  rm -f "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) running || die "no cluster is running (scripts/pg-test-cluster.sh start)"; url ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
