#!/usr/bin/env bash
# The test command (`npm test`): system packages, a fresh build, then every *.test.ts under src/
# and test/ with Node's runner through tsx. Fails when no test ran. Extra arguments are passed to
# `find -path` filters, e.g. `npm test -- src/pprof` runs only the tests below src/pprof. The TAP
# log goes to $TEST_LOG (default test-results/tap.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-system-deps.sh
npm run --silent build
if [ $# -gt 0 ]; then
  files=$(for dir in "$@"; do find "$dir" -name '*.test.ts'; done | sort)
else
  files=$(find src test -name '*.test.ts' | sort)
fi
if [ -z "$files" ]; then
  echo "no test files found" >&2
  exit 1
fi
log=${TEST_LOG:-test-results/tap.txt}
mkdir -p "$(dirname "$log")"
# Tests wait on states, never on durations; the only clock is this hang guard: a test still running
# after 10 minutes (ten times the slowest on a busy machine) has hung, and is failed by name.
hang_guard=--test-timeout=600000
set +e
# shellcheck disable=SC2086
node --import tsx --test --test-reporter=tap "$hang_guard" --test-concurrency="${TEST_CONCURRENCY:-2}" $files 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# The viewer's route tests once more with every session's queries in the shared query pool's
# worker threads, as the processor's sessions are (the route tests build their viewers from decoded
# profiles, queried in-process by default; the answers must not depend on where they run).
worker_files=$(echo "$files" | grep -E '^(src/web/([a-z-]+-routes|viewer-server|diff-bases)|test/[a-z-]+-routes)\.test\.ts$' || true)
worker_status=0
if [ -n "$worker_files" ]; then
  echo "# again with GO_PROFILER_QUERY_WORKER=worker:" $worker_files | tee -a "$log"
  # shellcheck disable=SC2086
  GO_PROFILER_QUERY_WORKER=worker node --import tsx --test --test-reporter=tap "$hang_guard" \
    --test-concurrency="${TEST_CONCURRENCY:-2}" $worker_files 2>&1 | tee -a "$log"
  worker_status=${PIPESTATUS[0]}
fi
set -e
passed=$(grep -E '^# pass [0-9]+' "$log" | awk '{sum += $3} END {print sum + 0}')
if [ "${passed:-0}" -eq 0 ]; then
  echo "no test passed (counted ${passed:-0}); treating the run as failed" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then exit "$status"; fi
exit "$worker_status"
