#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and runs each for a
# while on a seed corpus copied from ../shared/data/formats, ../shared/data/align-dev,
# tests/data, data/srx and fuzz/seeds.
# Usage: fuzz/run.sh [seconds per target, default 300] [targets..., default all]
# New inputs go to build-fuzz/corpus/<target>/, crashers to build-fuzz/crashes/<target>/; copy
# a crasher to fuzz/regressions/<target>/ to replay it under ctest with every build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${TMKIT_FUZZ_BUILD:-$root/build-fuzz}"
seconds="${1:-300}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(tmx xliff srx segmenter align)
shared="$root/../shared/data/formats"

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DTMKIT_BUILD_FUZZERS=ON -DTMKIT_SANITIZE="address;undefined" -DTMKIT_BUILD_TESTS=OFF \
  -DTMKIT_BUILD_EXAMPLES=OFF -DTMKIT_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --parallel 2 --target "${targets[@]/#/fuzz_}"

seeds() {
  case "$1" in
    tmx) echo "$shared/tmx $root/tests/data/formats" ;;
    xliff) echo "$shared/xliff1 $shared/xliff2 $shared/xliff2-tc-suite $root/tests/data/formats" ;;
    srx) echo "$root/data/srx $root/tests/data/segment" ;;
    segmenter) echo "$root/tests/data/segment" ;;
    align) echo "$root/fuzz/seeds/align $root/tests/data/segment" ;;
  esac
}

# fuzz_align's input: a selector byte, the source text, NUL, the target text. The align-dev
# pairs are not ours to commit, so their seeds are made here, a few KB of each.
align_seeds() {
  local dev="$root/../shared/data/align-dev" corpus="$1" pair src n=0
  for src in "$dev"/textberg-de-fr/00[1-4].src "$dev"/bible-zh-en/00[1-4].src; do
    [ -f "$src" ] || continue
    case "$src" in *de-fr*) pair='\001' ;; *) pair='\000' ;; esac
    { printf "$pair"; head -n 40 "$src"; printf '\000'; head -n 40 "${src%.src}.tgt"; } \
      >"$corpus/align-dev-$((n++))"
  done
}

for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  crashes="$build/crashes/$target"
  mkdir -p "$corpus" "$crashes"
  [ "$target" != align ] || align_seeds "$corpus"
  for dir in $(seeds "$target") "$root/fuzz/regressions/$target"; do
    [ -d "$dir" ] && find "$dir" -type f -exec cp -n {} "$corpus/" \;
  done
  echo "== fuzz_$target for ${seconds}s"
  # -rss_limit_mb: a 100,000-level nesting must fail with an error, not eat the machine.
  "$build/fuzz/fuzz_$target" "$corpus" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$crashes/" -print_final_stats=1 \
    2>&1 | tail -n 20 || echo "== fuzz_$target stopped on a crasher, saved in $crashes/"
done
