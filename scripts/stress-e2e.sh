#!/usr/bin/env bash
# Runs the browser tests several times in a row, optionally beside CPU hogs, and reports how many
# runs passed: the check that the e2e suite depends on states the app exposes, not on the speed of
# the machine (a sleep or a race shows up as a run that fails only some of the time, or only loaded).
#
# Usage: scripts/stress-e2e.sh [-n RUNS] [-g HOGS] [--full] [-- PLAYWRIGHT_ARGS...]
#   -n RUNS   runs of the suite (default 5)
#   -g HOGS   busy-loop processes (node -e 'for(;;){}') kept running beside every run (default 0);
#             on a 2-core machine, -g 2 takes both cores while the tests run
#   --full    each run is README's `npm test` (types, lint, unit, e2e) instead of the e2e suite only
#   PLAYWRIGHT_ARGS go to `npx playwright test` (e.g. tests/e2e/training.spec.ts)
# Set KAIRO_E2E_PORT to a port of your own when others run tests on the same machine.
#
# The app is built once (vite build); then each run is `npx playwright test` (or `npm test`).
# Logs: $KAIRO_STRESS_DIR (default a new /tmp/kairo-stress-*/), run-N.log per run. Prints per run:
# pass or fail, Playwright's summary, wall time, and the 1-minute load average at the start, at the
# end and the highest seen (sampled every 5 s); the exit status is non-zero if any run failed.
set -uo pipefail
cd "$(dirname "$0")/.."

runs=5
hogs=0
full=0
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    -g) hogs="$2"; shift 2 ;;
    --full) full=1; shift ;;
    --) shift; break ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

logs="${KAIRO_STRESS_DIR:-$(mktemp -d /tmp/kairo-stress-XXXXXX)}"
mkdir -p "$logs"
hog_pids=()
sampler_pid=""
stop_background() {
  # Only the processes this script started, by their ids.
  for pid in "${hog_pids[@]}" $sampler_pid; do kill "$pid" 2>/dev/null || true; done
}
trap stop_background EXIT

load1() { cut -d' ' -f1 /proc/loadavg; }

if [ "$full" = 0 ]; then
  npx vite build --logLevel warn >"$logs/build.log" 2>&1 || { echo "vite build failed: $logs/build.log" >&2; exit 1; }
fi

for _ in $(seq 1 "$hogs"); do
  node -e 'for (;;) {}' &
  hog_pids+=("$!")
done

echo "e2e stress: $runs runs, $hogs CPU hogs, port ${KAIRO_E2E_PORT:-4173}, $(nproc) cores, logs in $logs"
passed=0
for run in $(seq 1 "$runs"); do
  samples="$logs/load-$run.txt"
  load1 >"$samples"
  ( while sleep 5; do load1 >>"$samples"; done ) &
  sampler_pid=$!
  started=$(date +%s)
  if [ "$full" = 1 ]; then
    npm test >"$logs/run-$run.log" 2>&1
  else
    npx playwright test "$@" >"$logs/run-$run.log" 2>&1
  fi
  status=$?
  kill "$sampler_pid" 2>/dev/null; wait "$sampler_pid" 2>/dev/null; sampler_pid=""
  load1 >>"$samples"
  seconds=$(( $(date +%s) - started ))
  summary=$(grep -E '^\s+[0-9]+ (passed|failed|flaky|skipped|did not run)' "$logs/run-$run.log" | tr -s ' ' | sed 's/^ //' | paste -sd ';' -)
  highest=$(sort -g "$samples" | tail -1)
  if [ "$status" = 0 ]; then verdict=PASS; passed=$((passed + 1)); else verdict=FAIL; fi
  echo "run $run: $verdict ($summary) ${seconds}s, load $(head -1 "$samples") → $(tail -1 "$samples"), highest $highest"
done
echo "passed $passed of $runs"
[ "$passed" = "$runs" ]
