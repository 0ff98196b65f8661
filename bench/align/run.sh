#!/bin/sh
# Builds tmkit_align_dev in build-align and scores it on both align-dev sets.
# Usage: bench/align/run.sh [OUT_ROOT]   (default: /tmp/tmkit-align-dev)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-align"
shared="$root/../shared"
out=${1:-/tmp/tmkit-align-dev}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTMKIT_WARNINGS_AS_ERRORS=ON >/dev/null
cmake --build "$build" --target tmkit_align_dev

dev="$shared/data/align-dev"
score="$shared/tools/align-score.py"
"$build/bench/align/tmkit_align_dev" zh en "$dev/bible-zh-en" "$out/bible-zh-en"
"$build/bench/align/tmkit_align_dev" de fr "$dev/textberg-de-fr" "$out/textberg-de-fr"
cd "$dev"
echo "== bible-zh-en"
python3 "$score" bible-zh-en "$out/bible-zh-en" --units-dir bible-zh-en | tail -n 1
echo "== textberg-de-fr"
python3 "$score" textberg-de-fr "$out/textberg-de-fr" | tail -n 1
