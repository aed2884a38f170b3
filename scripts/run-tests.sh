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
# The slowest files start first (Node's runner starts files in the order given, two at a time): a
# slow file started last would leave the other slot idle at the end. Slowest first, from the CI
# runs' TAP logs (seconds on Node 20 with one core busy); the other files follow in name order.
slowest_first=(
  test/crash-safety.test.ts            # 65 s: 16 SIGKILLs of `serve`, each restarted and its data root checked
  test/browser/offline-report.test.ts  # Chromium on two reports, one of heap-large
  test/preflight-advice.test.ts        # 29 s: Go targets of 12,000 goroutines, the pod proxy, CPU seconds
  src/cli/regexp-flags.test.ts         # 24 s: go tool pprof beside each case, on heap-medium too
  test/proto-output.test.ts            # 23 s: go tool pprof -proto, then -raw of both outputs
  test/processor-http.test.ts          # 21 s
  test/processor-queries.test.ts       # 21 s: a Peek of every line of heap-large
  test/capture-cli.test.ts             # 20 s: CPU captures of real seconds, the kube API stand-in
  src/web/query-pool-idle.test.ts      # 20 s
  test/view-replicas-cli.test.ts       # 19 s
  test/browser/diff-and-export.test.ts # 17 s
  test/processor-bounds.test.ts        # 17 s
  test/cli-manners.test.ts             # 17 s
  test/freeze.test.ts                  # 17 s
  src/cli/report-golden.test.ts        # 15 s
  test/serve-cli.test.ts               # 14 s
  test/restart-sessions.test.ts        # 14 s
  test/browser/graph.test.ts           # 14 s
  src/web/query-pool.test.ts           # 14 s
  test/restart-limits.test.ts          # 12 s
)
files=$(
  for file in "${slowest_first[@]}"; do grep -Fx -- "$file" <<<"$files" || true; done
  grep -Fxv -f <(printf '%s\n' "${slowest_first[@]}") <<<"$files" || true
)
# go tool pprof's answers on unchanged files and flags (test/support/go-pprof.ts, keyed by the
# toolchain, the flags and the files' content): CI's second run and a developer's reruns skip pprof's
# minutes on the medium and large profiles. Answers on ../shared's fixtures are kept in the temp dir
# (a fresh clone finds them), answers on a test's own files with this checkout's test results.
export GO_PROFILER_PPROF_CACHE=${GO_PROFILER_PPROF_CACHE:-${TMPDIR:-/tmp}/go-profiler-pprof-cache}
export GO_PROFILER_PPROF_CHECKOUT_CACHE=${GO_PROFILER_PPROF_CHECKOUT_CACHE:-$PWD/test-results/pprof-cache}
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
