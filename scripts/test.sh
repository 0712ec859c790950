#!/usr/bin/env bash
# Installs what is needed, builds and runs the whole test suite:
#   1. formatting (clang-format) and include-direction checks,
#   2. the asan preset (AddressSanitizer + UndefinedBehaviorSanitizer): unit and integration tests,
#   3. the release build, whose binary the integration tests also run against.
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

echo "== release build and tests"
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release --output-on-failure -j2
