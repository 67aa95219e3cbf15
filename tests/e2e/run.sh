#!/usr/bin/env bash
# Browser tests of the guomen web UI against a real server.
#
# Usage: tests/e2e/run.sh            (from anywhere; `make test` calls it)
#        tests/e2e/run.sh rules.test.mjs ...   (only these files)
#   GUOMEN_BIN  the guomen binary (default build/guomen, relative to the repo)
#   CHROMIUM    the browser (default /usr/bin/chromium, Debian's package)
#
# It creates a demo database in a temp dir, serves web/dist on a free
# loopback port, runs tests/e2e/*.test.mjs with node's test runner and
# exits with their status. web/ is installed and built first if needed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

GUOMEN_BIN=${GUOMEN_BIN:-build/guomen}
case "$GUOMEN_BIN" in /*) ;; *) GUOMEN_BIN="$ROOT/$GUOMEN_BIN" ;; esac
if [[ ! -x "$GUOMEN_BIN" ]]; then
  echo "e2e: guomen binary not found at $GUOMEN_BIN (build it first or set GUOMEN_BIN)" >&2
  exit 1
fi
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x "$CHROMIUM" ]]; then
  echo "e2e: chromium not found at $CHROMIUM (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

if [[ ! -d web/node_modules/playwright-core ]]; then
  (cd web && npm ci --no-audit --no-fund)
fi
if [[ ! -f web/dist/index.html || -n "${GUOMEN_E2E_REBUILD:-}" ]]; then
  (cd web && npm run build)
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/guomen-e2e.XXXXXX")
SERVER_PID=""
cleanup() {
  local status=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    # Give it 10 s to stop cleanly (a sanitizer build reports at exit).
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ $status -ne 0 && -f "$TMP/server.log" ]]; then
    echo "---- server log (last 40 lines) ----"
    tail -n 40 "$TMP/server.log" || true
    # Repeat node's summary so that the output still ends with it.
    if [[ -f "$TMP/tests.log" ]]; then
      echo "---- summary ----"
      grep -E '^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ' "$TMP/tests.log" || true
    fi
  fi
  rm -rf "$TMP"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
export GUOMEN_URL="http://127.0.0.1:$PORT"

"$GUOMEN_BIN" init --db "$TMP/guomen.db" --demo >"$TMP/init.log" 2>&1 || {
  echo "e2e: guomen init failed:" >&2
  cat "$TMP/init.log" >&2
  exit 1
}
"$GUOMEN_BIN" serve --db "$TMP/guomen.db" --listen "127.0.0.1:$PORT" --web-root "$ROOT/web/dist" \
  >"$TMP/server.log" 2>&1 &
SERVER_PID=$!

# Wait up to 30 s for the health endpoint.
node -e '
const url = process.argv[1] + "/api/v1/health";
const deadline = Date.now() + 30000;
(async () => {
  for (;;) {
    try { const r = await fetch(url); if (r.status === 200) return; } catch {}
    if (Date.now() > deadline) { console.error("e2e: server did not answer " + url); process.exit(1); }
    await new Promise((r) => setTimeout(r, 200));
  }
})();
' "$GUOMEN_URL"

# One file at a time, in name order (zz-throttle.test.mjs last), or the
# files named on the command line.
FILES=()
for f in "$@"; do
  case "$f" in /*) FILES+=("$f") ;; */*) FILES+=("$ROOT/$f") ;; *) FILES+=("$ROOT/tests/e2e/$f") ;; esac
done
[[ ${#FILES[@]} -gt 0 ]] || FILES=("$ROOT"/tests/e2e/*.test.mjs)
set +e
node --test --test-concurrency=1 "${FILES[@]}" 2>&1 | tee "$TMP/tests.log"
status=${PIPESTATUS[0]}
set -e
exit $status
