#!/usr/bin/env bash
# Installs what is missing, builds tmkit with its tests, and runs the whole suite with ctest.
# Usage: scripts/test.sh [--sanitize] [ctest arguments...]
#   --sanitize  build in build-sanitize with AddressSanitizer and UndefinedBehaviorSanitizer
#               (TMKIT_SANITIZE="address;undefined"; any report fails the test that hit it)
set -euo pipefail
sanitize=0
if [ "${1:-}" = "--sanitize" ]; then
  sanitize=1
  shift
fi
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

tmkit_install_packages "${TMKIT_PACKAGES[@]}" "${TMKIT_TEST_PACKAGES[@]}"
if [ "$sanitize" = 1 ]; then
  TMKIT_BUILD="$TMKIT_ROOT/build-sanitize"
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
  # GCC 12 gives false -Wmaybe-uninitialized warnings inside <regex> and <functional> under
  # -fsanitize=address at -O3; warnings are checked by the default build, so not fatal here.
  tmkit_build -DTMKIT_SANITIZE="address;undefined" -DTMKIT_WARNINGS_AS_ERRORS=OFF
else
  tmkit_build
fi
echo "== running the test suite"
cd "$TMKIT_BUILD"
ctest --output-on-failure --parallel "$(nproc)" "$@"
