#!/usr/bin/env bash
# Runs every *.test.ts with Node's own test runner: once on embedded PGlite, and again on a Postgres server when
# TEST_DATABASE_URL is set (CI sets it to the machine's server) — there only the files that use a database
# (scripts/testsUsingDatabase.mjs), since the rest would only run a second time. `--db pglite|postgres` runs one pass.
# A test file that fails is run once more on its own and reported as FLAKY if it then passes: some end-to-end tests
# (chain clock, child processes, browser) are timing-sensitive on a loaded 2-core machine. A second failure fails.
set -euo pipefail
cd "$(dirname "$0")/.."
only="${1:-}"; [ "$only" = "--db" ] && only="${2:-}" || only=""
mapfile -t files < <(find src web -name '*.test.ts' -not -path '*/node_modules/*' | sort)
run() {
  local db=$1
  shift
  echo "== tests on $db ($# files)"
  local log
  log=$(mktemp)
  if node --import tsx --test --test-concurrency=2 --test-timeout=600000 "$@" 2>&1 | tee "$log"; then
    rm -f "$log"
    return 0
  fi
  # The files of the failed tests, from the `location:` line of each failure's report.
  mapfile -t failed < <(awk '/^ *not ok /{want=1} want && /location:/{ if (match($0, /\/[^:'"'"']*\.test\.ts/)) print substr($0, RSTART, RLENGTH); want=0 }' "$log" | sort -u)
  rm -f "$log"
  if [ ${#failed[@]} -eq 0 ]; then return 1; fi
  echo "== retrying ${#failed[@]} failed file(s) on $db: ${failed[*]}"
  node --import tsx --test --test-concurrency=1 --test-timeout=600000 "${failed[@]}"
  echo "FLAKY (passed on retry): ${failed[*]}"
}
if [ -z "$only" ] || [ "$only" = "pglite" ]; then
  (unset DATABASE_URL; run pglite "${files[@]}")
fi
if [ "$only" = "postgres" ] || { [ -z "$only" ] && [ -n "${TEST_DATABASE_URL:-}" ]; }; then
  mapfile -t databaseFiles < <(node scripts/testsUsingDatabase.mjs "${files[@]}")
  DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}" run postgres "${databaseFiles[@]}"
fi
