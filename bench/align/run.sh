#!/bin/sh
# The aligner's benchmark, one command: aligns every document of both align-dev sets, prints
# strict/lax F1 per set (../shared/tools/align-score.py), wall time and peak memory, the
# calibration table of the confidence, then aligns all six Bible documents concatenated
# (42,687 x 30,000 sentences) for time and memory, and scores that run too. Times are wall and
# CPU (user + system, all threads): on a shared machine the CPU time is the steadier figure.
# Usage: bench/align/run.sh [OUT_ROOT]   (default: /tmp/tmkit-align-dev)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-align"
shared="$root/../shared"
out=${1:-/tmp/tmkit-align-dev}

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTMKIT_WARNINGS_AS_ERRORS=ON >/dev/null
cmake --build "$build" --target tmkit_align_dev -j2 >/dev/null
driver="$build/bench/align/tmkit_align_dev"
dev="$shared/data/align-dev"
score="$shared/tools/align-score.py"
calibration="$root/bench/align/calibration.py"
rm -rf "$out"
mkdir -p "$out"

echo "== bible-zh-en"
"$driver" zh en "$dev/bible-zh-en" "$out/bible-zh-en" | grep -E "lexicon|total"
(cd "$dev" && python3 "$score" bible-zh-en "$out/bible-zh-en" --units-dir bible-zh-en | tail -n 1)
(cd "$dev" && python3 "$calibration" bible-zh-en "$out/bible-zh-en" --units-dir bible-zh-en)

echo "== textberg-de-fr"
"$driver" de fr "$dev/textberg-de-fr" "$out/textberg-de-fr" | grep -E "lexicon|total"
(cd "$dev" && python3 "$score" textberg-de-fr "$out/textberg-de-fr" | tail -n 1)
(cd "$dev" && python3 "$calibration" textberg-de-fr "$out/textberg-de-fr")

echo "== bible-zh-en, all six documents as one (42,687 x 30,000 sentences)"
cat_in="$out/concatenated-input"
mkdir -p "$cat_in"
python3 "$root/bench/align/concatenate.py" "$dev/bible-zh-en" "$cat_in"
"$driver" zh en "$cat_in" "$out/concatenated" | grep -E "^all|total"
(cd "$cat_in" && python3 "$score" . "$out/concatenated" --units-dir . | tail -n 1)
