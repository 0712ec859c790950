#!/usr/bin/env bash
# Installs what is needed, builds and runs the whole test suite:
#   1. formatting (clang-format) and include-direction checks,
#   2. the asan preset (AddressSanitizer + UndefinedBehaviorSanitizer): unit and integration tests,
#   3. libFuzzer targets for every parser of untrusted input, each for a bounded time,
#   4. the release build, whose binary the integration tests also run against, on SQLite and
#      then once more on a PostgreSQL server that the tests start themselves,
#   5. the web front end: type check, build (with its size budget), Vitest unit tests, and the
#      end-to-end tests in Debian's Chromium against the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

echo "== format and dependency-direction checks"
tools/format.sh --check
tools/check-deps.sh

echo "== asan build and tests"
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan --output-on-failure -j2

echo "== fuzzing the parsers of untrusted input (libFuzzer, bounded time)"
FUZZ_SECONDS="${FUZZ_SECONDS:-15}" tools/fuzz.sh

echo "== release build and tests"
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release --output-on-failure -j2

echo "== the store's tests and the integration suite again, on PostgreSQL"
tests/integration/with_postgres.sh ctest --preset release -L integration --output-on-failure -j2

echo "== web front end: build, unit tests, end-to-end tests in Chromium"
web/build.sh
(cd web && npm run --silent test)
(cd web && RATUSZ_BIN="$PWD/../build/release/ratusz" npm run --silent e2e)
