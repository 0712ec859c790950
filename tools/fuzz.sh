#!/usr/bin/env bash
# Builds the libFuzzer targets (clang) and runs each for FUZZ_SECONDS (default 15) from the seed
# corpus in tests/fuzz/corpus. A crash leaves its input in build/fuzz/artifacts/ and fails;
# turn such an input into a unit test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-15}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
rm -rf build/fuzz/artifacts && mkdir -p build/fuzz/artifacts
for target in form report text config queue_log mail kb; do
  work="build/fuzz/corpus/$target"
  mkdir -p "$work"
  echo "== fuzzing $target for ${seconds}s"
  "build/fuzz/tests/fuzz/${target}_fuzz" -max_total_time="$seconds" -max_len=8192 \
    -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1 \
    "$work" "tests/fuzz/corpus/$target" 2>&1 | grep -E "^(stat::number_of_executed_units|==|SUMMARY|.*ERROR)" || true
  # grep may hide the exit status: check for a crash artifact instead.
  if ls build/fuzz/artifacts/ 2>/dev/null | grep -q .; then
    echo "fuzz target $target found a crash: build/fuzz/artifacts/"
    exit 1
  fi
done
