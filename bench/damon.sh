# Sourced by the load benchmarks (bench/inspection_load.sh,
# bench/manifest_bench.sh): says whether the kernel's DAMON runs, and with
# PAUSE_DAMON=1 (root) turns it off until damon_restore.
#
# DAMON is a kdamond kernel thread that samples the accessed bits of pages
# across physical memory; some virtual machines run it to reclaim memory. On
# the 2-core development VM it stalls a process with a large heap for 15-30
# ms at each sampling interval (500 ms there): docs/inspection.md,
# "What sets the p99".

DAMON_PAUSED=()

# Prints one line per running kdamond; pauses it when PAUSE_DAMON=1.
damon_check() {
  local kdamond ctx sample_us ops
  for kdamond in /sys/kernel/mm/damon/admin/kdamonds/[0-9]*; do
    [ -f "$kdamond/state" ] && [ "$(cat "$kdamond/state")" = on ] || continue
    ctx="$kdamond/contexts/0"
    sample_us=$(cat "$ctx/monitoring_attrs/intervals/sample_us" 2>/dev/null || echo "?")
    ops=$(cat "$ctx/operations" 2>/dev/null || echo "?")
    if [ "${PAUSE_DAMON:-0}" = 1 ] && { echo off >"$kdamond/state"; } 2>/dev/null; then
      DAMON_PAUSED+=("$kdamond/state")
      echo "DAMON: ${kdamond##*/} ($ops, sampling every $sample_us us) turned off for the run (PAUSE_DAMON=1)"
    else
      echo "DAMON: ${kdamond##*/} runs ($ops, sampling every $sample_us us); it stalls the process at each sample (PAUSE_DAMON=1 turns it off for the run)"
    fi
  done
}

# Turns on again what damon_check paused.
damon_restore() {
  local state
  for state in "${DAMON_PAUSED[@]}"; do { echo on >"$state"; } 2>/dev/null || true; done
  DAMON_PAUSED=()
}
